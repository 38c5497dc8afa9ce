/**
 * `npx tsx bench/council.ts`: 红白理事会 through the local server (HTTP, the built `council` function, the real
 * wx-server-sdk, an in-memory local cloud) at seed scale: the whole demo county (262 villages) with its demo
 * activity, including ~2,100 council filings and their month counters.
 *  1. filing: 60 weddings filed in one demo village by its grid leader (one over a cap, with a reason), 10 at a time;
 *  2. review: the chair approves each (with advice); then records the actual figures of each;
 *  3. reads: the public board, the village ledger, a township summary (18 villages), the county summary (262 villages).
 * Prints client calls, database round trips and documents examined per call (the server's x-db-* headers), p50/p95.
 * Builds the functions first (dist/cloudfunctions) so the server runs the current code.
 */
import { execFileSync } from 'node:child_process'
import { beijingDate } from '../common/rules/beijing-time'
import { startLocalServer } from '../local/server'
import { seedDemoData } from '../local/seed/demo'

interface Sample {
  ms: number
  rt: number
  ex: number
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!
const avg = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)

function report(name: string, samples: Sample[]) {
  const ms = samples.map((s) => s.ms)
  console.log(
    `${name.padEnd(44)} db round trips avg ${avg(samples.map((s) => s.rt))} max ${Math.max(...samples.map((s) => s.rt))} | docs examined avg ${avg(samples.map((s) => s.ex))} max ${Math.max(...samples.map((s) => s.ex))} | p50 ${pct(ms, 50).toFixed(1)} ms p95 ${pct(ms, 95).toFixed(1)} ms (n=${samples.length})`,
  )
}

async function inBatches<T>(items: T[], size: number, run: (item: T, i: number) => Promise<Sample>): Promise<Sample[]> {
  const out: Sample[] = []
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => run(item, i + j)))))
  return out
}

async function main() {
  execFileSync('npx', ['tsx', 'scripts/build-functions.ts'], { stdio: 'ignore' })
  const server = await startLocalServer({ port: 0 })
  const t0 = Date.now()
  const seeded = await seedDemoData(server.cloud)
  console.log(
    `seeded the demo county in ${Date.now() - t0} ms: ${seeded.counts.villages} villages, ${seeded.counts.households} households, ${seeded.counts.council_filings} council filings, ${seeded.counts.council_stats} month counters`,
  )

  async function call(openid: string, action: string, data: unknown, requestId?: string): Promise<Sample & { data: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const t = process.hrtime.bigint()
    const res = await fetch(`${server.url}/api/functions/council`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-demo-openid': openid },
      body: JSON.stringify(requestId ? { action, data, requestId } : { action, data }),
    })
    const body = (await res.json()) as { ok: boolean; data?: unknown; error?: { code: string; message: string } }
    if (!body.ok) throw new Error(`${action}: ${body.error?.code} ${body.error?.message}`)
    return { ms: Number(process.hrtime.bigint() - t) / 1e6, rt: Number(res.headers.get('x-db-round-trips')), ex: Number(res.headers.get('x-db-docs-examined')), data: body.data }
  }

  const v = 'v025'
  const leader = `demo-${v}-grid-leader`
  const chair = `demo-${v}-branch-secretary`
  const homes = (await call(leader, 'households', { villageId: v })).data.households as { id: string }[]
  const today = beijingDate(Date.now())
  const wedding = { betrothalGiftFen: 3_800_000, engagementGuests: 12, cars: 6, tables: 15, tableCostFen: 20_000, giftMoneyFen: 10_000 }

  const filed: string[] = []
  const fileOne = async (i: number) => {
    const r = await call(
      leader,
      'file',
      { villageId: v, householdId: homes[i % homes.length]!.id, kind: 'wedding', eventDate: today, planned: wedding, reasons: { betrothalGiftFen: '女方家里坚持，已劝减' } },
      `bench-file-${String(i).padStart(12, '0')}`,
    )
    filed.push(r.data.filingId)
    return r
  }
  const review = (filingId: string) => call(chair, 'review', { villageId: v, filingId, decision: 'approve', advice: '彩礼再降一些' })
  const record = (filingId: string) =>
    call(chair, 'recordActual', { villageId: v, filingId, actual: { ...wedding, betrothalGiftFen: 2_800_000 }, familyConfirmed: true, confirmedBy: '户主' })
  // One at a time (a village's normal pace), then 10 at once in the same village and month (all on one counter document).
  const ids = Array.from({ length: 60 }, (_, i) => i)
  report('file, one at a time', await inBatches(ids.slice(0, 20), 1, fileOne))
  report('file, 10 at once (same month counters)', await inBatches(ids.slice(20), 10, fileOne))
  report('review, one at a time', await inBatches(filed.slice(0, 20), 1, review))
  report('review, 10 at once', await inBatches(filed.slice(20), 10, review))
  report('recordActual, one at a time', await inBatches(filed.slice(0, 20), 1, record))
  report('recordActual, 10 at once', await inBatches(filed.slice(20), 10, record))

  const year = Number(today.slice(0, 4))
  const repeat = (n: number, f: () => Promise<Sample>) => inBatches(Array.from({ length: n }, (_, i) => i), 1, f)
  report('board (public)', await repeat(30, () => call('anyone', 'board', { villageId: v })))
  report('listFilings (council, 20)', await repeat(30, () => call(chair, 'listFilings', { villageId: v })))
  report('ledger (village, year)', await repeat(30, () => call(chair, 'ledger', { villageId: v, year })))
  report('townshipSummary (t03, year)', await repeat(30, () => call('demo-t03-township-organiser', 'townshipSummary', { townshipId: 't03', year })))
  report('townshipSummary (t03, one month)', await repeat(30, () => call('demo-t03-township-organiser', 'townshipSummary', { townshipId: 't03', year, month: today.slice(0, 7) })))
  report('countySummary (262 villages, year)', await repeat(30, () => call('demo-county-organiser', 'countySummary', { year })))
  const county = await call('demo-county-organiser', 'countySummary', { year })
  console.log(`county totals ${year}: filed ${county.data.totals.filed}, completed ${county.data.totals.completed}, estimated savings ¥${Math.round(county.data.totals.savedFen / 100)}`)
  await server.close()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
