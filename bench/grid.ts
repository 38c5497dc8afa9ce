/**
 * `npx tsx bench/grid.ts`: 党员联户 and 群众诉求 at seed scale — the demo county (~79,000 households) with a year
 * of activity (~200,000 visits, ~20,000 requests, local/seed/grid.ts) in an in-memory local cloud, each action
 * called through its real `main` with the real wx-server-sdk, as a demo login. Prints per action: database round
 * trips and documents examined per call, and latency p50/p95. BENCH_N calls per action (default 40).
 */
import { applyCloudEnv, startLocalCloud } from '../local/cloud'
import { seedDemoData } from '../local/seed'
import { invokeAs } from '../local/wx-context'
import type { Envelope } from '../common/errors'

type Main = (event: unknown) => Promise<Envelope<unknown>>
const N = Number(process.env.BENCH_N ?? 40)
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

async function main(): Promise<void> {
  const cloud = await startLocalCloud()
  applyCloudEnv(cloud.env)
  const t0 = Date.now()
  const report = await seedDemoData(cloud)
  console.log(
    `seeded in ${Date.now() - t0} ms: households ${report.counts.households}, linkages ${report.counts.linkages}, visits ${report.counts.visits}, requests ${report.counts.requests}, request_stats ${report.counts.request_stats}`,
  )
  const grid = (await import('../cloudfunctions/grid')).main as Main
  const requests = (await import('../cloudfunctions/requests')).main as Main
  // Demo logins (local/seed/demo-data.ts): the first demo village of township t03, its township, the county.
  const { db } = await import('../cloudfunctions/_lib/cloud')
  const logins = ((await db.collection('demo_logins').limit(100).get()) as unknown as { data: { _id: string }[] }).data.map((d) => d._id)
  const secretary = logins.find((id) => id.endsWith('-branch-secretary'))!
  const v = secretary.replace(/^demo-/, '').replace(/-branch-secretary$/, '')
  const village = ((await db.collection('villages').where({ _id: v }).get()) as unknown as { data: { townshipId: string }[] }).data[0]!
  const member = `demo-${v}-party-member`
  const resident = `demo-${v}-resident`
  const township = `demo-${village.townshipId}-township-organiser`
  const county = 'demo-county-organiser'
  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7)
  const seedMonth = '2025-06'

  const call = async (fn: Main, action: string, data: unknown, openid: string, requestId?: string) => {
    const r = await invokeAs(fn, { action, data, ...(requestId ? { requestId } : {}) }, { openid })
    if (!(r as Envelope<unknown>).ok) throw new Error(`${action}: ${JSON.stringify((r as { error: unknown }).error)}`)
    return (r as { data: Record<string, unknown> }).data
  }
  const mine = (await call(grid, 'myHouseholds', { villageId: v }, member)) as { households: { householdId: string }[] }
  const household = mine.households[0]!.householdId
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
  const fresh: string[] = []

  const cases: [string, (i: number) => Promise<unknown>][] = [
    ['requests.raise (resident, idempotent write)', async (i) => fresh.push(((await call(requests, 'raise', { villageId: v, category: 'enquiry', description: `咨询事项第${i}件，请村里答复` }, resident, `bench-raise-${String(i).padStart(12, '0')}`)) as { requestId: string }).requestId)],
    ['requests.act accept (secretary)', (i) => call(requests, 'act', { villageId: v, requestId: fresh[i], action: 'accept' }, secretary)],
    ['requests.act escalate (secretary)', (i) => call(requests, 'act', { villageId: v, requestId: fresh[i], action: 'escalate', note: '需要乡镇协调' }, secretary)],
    ['requests.act accept (township)', (i) => call(requests, 'act', { villageId: v, requestId: fresh[i], action: 'accept' }, township)],
    ['requests.act reply (township)', (i) => call(requests, 'act', { villageId: v, requestId: fresh[i], action: 'reply', reply: '已协调解决' }, township)],
    ['requests.rate (resident)', (i) => call(requests, 'rate', { villageId: v, requestId: fresh[i], rating: 'satisfied' }, resident)],
    ['requests.act close (township)', (i) => call(requests, 'act', { villageId: v, requestId: fresh[i], action: 'close' }, township)],
    ['requests.get (secretary)', (i) => call(requests, 'get', { villageId: v, requestId: fresh[i] }, secretary)],
    ['requests.mine (resident)', () => call(requests, 'mine', { villageId: v }, resident)],
    ['requests.villageQueue open (secretary)', () => call(requests, 'villageQueue', { villageId: v, filter: 'open' }, secretary)],
    ['requests.townshipQueue overdue', () => call(requests, 'townshipQueue', { townshipId: village.townshipId, filter: 'overdue' }, township)],
    ['requests.countyQueue overdue', () => call(requests, 'countyQueue', { filter: 'overdue' }, county)],
    ['requests.villageFigures (12 months)', () => call(requests, 'villageFigures', { villageId: v, month }, secretary)],
    [`requests.townshipFigures ${seedMonth}`, () => call(requests, 'townshipFigures', { townshipId: village.townshipId, month: seedMonth }, township)],
    [`requests.townshipFigures ${month} (live overdue)`, () => call(requests, 'townshipFigures', { townshipId: village.townshipId, month }, township)],
    [`requests.countyFigures ${seedMonth}`, () => call(requests, 'countyFigures', { month: seedMonth }, county)],
    ['grid.myHouseholds (member)', () => call(grid, 'myHouseholds', { villageId: v }, member)],
    ['grid.recordVisit (member, idempotent write)', (i) => call(grid, 'recordVisit', { villageId: v, householdId: household, date: today, met: '户主', situation: `第${i}次测试走访` }, member, `bench-visit-${String(i).padStart(12, '0')}`)],
    ['grid.household (history)', () => call(grid, 'household', { villageId: v, householdId: household }, member)],
    ['grid.overview (secretary, whole village)', () => call(grid, 'overview', { villageId: v }, secretary)],
  ]

  console.log(`\n${N} calls each, village ${v} (${village.townshipId}); round trips and documents examined per call\n`)
  console.log('action'.padEnd(48), 'RT/call'.padStart(8), 'examined'.padStart(10), 'p50 ms'.padStart(9), 'p95 ms'.padStart(9))
  for (const [name, run] of cases) {
    const times: number[] = []
    const before = cloud.metrics()
    for (let i = 0; i < N; i++) {
      const t = process.hrtime.bigint()
      await run(i)
      times.push(Number(process.hrtime.bigint() - t) / 1e6)
    }
    const after = cloud.metrics()
    times.sort((a, b) => a - b)
    console.log(
      name.padEnd(48),
      ((after.roundTrips - before.roundTrips) / N).toFixed(1).padStart(8),
      Math.round((after.examined - before.examined) / N).toString().padStart(10),
      pct(times, 50).toFixed(1).padStart(9),
      pct(times, 95).toFixed(1).padStart(9),
    )
  }
  await cloud.close()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
