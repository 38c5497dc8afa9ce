/**
 * `npx tsx bench/stars.ts`: 五星支部 at the seed's scale (the demo county, 262 villages) and at 10× villages (2,620:
 * each village copied nine times with all its module aggregates and star documents, in the same 15 townships, so a
 * township dashboard covers ~180 villages), in an in-memory local cloud, through the stars function's real main and
 * the real wx-server-sdk:
 * - refresh: the monthly recomputation (every source's per-village aggregates → star_months, ranks, behind flags);
 * - the county dashboard (levels vs targets, stars, trend, the month's comparison of every village);
 * - the township dashboard (each township in turn);
 * - the monthly comparison export (.xlsx of the comparison and the evidence summary).
 * Prints database round trips and documents examined per call (the local cloud's counters), p50/p95, and the
 * xlsx size. Every module's demo activity is generated with one `now` (the real clock), so every source has a
 * year of data. Each scale runs in its own process (BENCH_STARS_SCALE=1 or 10 runs one).
 */
import { spawnSync } from 'node:child_process'
import { beijingMonth } from '../common/rules/beijing-time'
import { applyCloudEnv, startLocalCloud } from '../local/cloud'
import { addCouncilDemo } from '../local/seed/council'
import { addDeliberationDemo } from '../local/seed/deliberation'
import { generateDemoData, type DemoData, type Doc } from '../local/seed/demo-data'
import { addDutyDemo } from '../local/seed/duty'
import { addGridActivity } from '../local/seed/grid'
import { addMeetingDemo } from '../local/seed/meetings'
import { addStarsDemo } from '../local/seed/stars'
import { invokeAs } from '../local/wx-context'

type Main = (e: unknown, c?: unknown) => Promise<{ ok: boolean; data?: any; error?: { code: string; message: string } }> // eslint-disable-line @typescript-eslint/no-explicit-any
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!

/** Collections copied per village for the 10× county (everything the stars function reads per village). */
const PER_VILLAGE = ['villages', 'duty_months', 'meeting_periods', 'request_stats', 'council_stats', 'deliberation_matters', 'star_reports', 'star_assessments', 'star_months']

function multiply(data: DemoData, factor: number): void {
  for (const c of PER_VILLAGE) {
    const docs = data.get(c) ?? []
    const copies: Doc[] = []
    for (let k = 1; k < factor; k++) {
      for (const d of docs) {
        const vid = (c === 'villages' ? d._id : d.villageId) as string
        const nvid = `${vid}x${k}`
        const _id = d._id.includes(vid) ? d._id.replace(vid, nvid) : `${d._id}x${k}`
        const copy: Doc = { ...d, _id, ...(c === 'villages' ? { name: `${d.name}${k + 1}`, order: (d.order as number) + k * 10_000 } : { villageId: nvid }) }
        if (c === 'star_months' || c === 'star_assessments') Object.assign(copy, c === 'star_months' ? { name: `${d.name}${k + 1}`, order: (d.order as number) + k * 10_000 } : { villageName: `${d.villageName}${k + 1}` })
        copies.push(copy)
      }
    }
    docs.push(...copies)
  }
}

async function runScale(factor: number) {
  const cloud = await startLocalCloud()
  applyCloudEnv(cloud.env)
  const now = new Date()
  const t0 = Date.now()
  const data = generateDemoData({ now })
  addMeetingDemo(data, { now })
  addDutyDemo(data, { now })
  addGridActivity(data, { now })
  addDeliberationDemo(data, { now })
  addCouncilDemo(data, { now })
  const s0 = Date.now()
  addStarsDemo(data, { now })
  const starsMs = Date.now() - s0
  if (factor > 1) multiply(data, factor)
  for (const [collection, docs] of data) {
    if (!cloud.engine.has(collection)) await cloud.engine.apply([{ k: 'create', c: collection }])
    for (let i = 0; i < docs.length; i += 20000) await cloud.engine.apply(docs.slice(i, i + 20000).map((d) => ({ k: 'put' as const, c: collection, d })))
  }
  const n = (c: string) => data.get(c)?.length ?? 0
  console.log(
    `\n五星支部 ×${factor}: ${n('villages')} villages, ${n('star_months')} star_months, ${n('request_stats')} request_stats, ${n('duty_months')} duty_months, ${n('meeting_periods')} meeting_periods, ${n('council_stats')} council_stats, ${n('star_reports')} reports — generated and loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s (stars demo: ${starsMs} ms)`,
  )
  const stars = (await import('../cloudfunctions/stars')).main as Main
  const month = beijingMonth(now)
  const COUNTY = 'demo-county-organiser'
  const townships = (data.get('townships') ?? []).map((t) => t._id)
  async function measure(label: string, runs: { openid: string; action: string; data: unknown }[], after?: (d: any) => string) { // eslint-disable-line @typescript-eslint/no-explicit-any
    const times: number[] = []
    const m0 = cloud.metrics()
    let last: unknown
    for (const r of runs) {
      const t = process.hrtime.bigint()
      const res = await invokeAs(stars, { action: r.action, data: r.data }, { openid: r.openid }) as Awaited<ReturnType<Main>>
      times.push(Number(process.hrtime.bigint() - t) / 1e6)
      if (!res.ok) {
        console.log(`  ${label.padEnd(38)} FAILED after ${times[times.length - 1]!.toFixed(0)} ms: ${res.error?.code} ${res.error?.message} (see the function's log above)`)
        return
      }
      last = res.data
    }
    const m1 = cloud.metrics()
    const k = runs.length
    console.log(
      `  ${label.padEnd(38)} db round trips ${((m1.roundTrips - m0.roundTrips) / k).toFixed(1)} | docs examined ${((m1.examined - m0.examined) / k).toFixed(0)} | p50 ${pct(times, 50).toFixed(0)} ms p95 ${pct(times, 95).toFixed(0)} ms (n=${k})${after ? ` | ${after(last)}` : ''}`,
    )
  }
  const times = (k: number, r: { openid: string; action: string; data: unknown }) => Array.from({ length: k }, () => r)
  await measure('refresh (monthly comparison, all)', times(3, { openid: COUNTY, action: 'refresh', data: { month } }), (d) => `${d.villages} villages`)
  await measure('countyDashboard', times(20, { openid: COUNTY, action: 'countyDashboard', data: { month } }), (d) => `levels ${d.levels.map((l: { level: number; count: number }) => `${l.level}★${l.count}`).join(' ')}, unrated ${d.unrated}, ${d.comparison.length} rows, ${d.behindTwoMonths.length} behind twice`)
  await measure(
    'townshipDashboard (each township ×2)',
    [...townships, ...townships].map((townshipId) => ({ openid: COUNTY, action: 'townshipDashboard', data: { townshipId, month } })),
    (d) => `last: ${d.townshipName}, ${d.comparison.length} villages, ${d.pending.length} pending`,
  )
  await measure('exportMonth (.xlsx)', times(5, { openid: COUNTY, action: 'exportMonth', data: { month } }), (d) => `${d.name}, ${(d.size / 1024).toFixed(0)} KB`)
  await cloud.close()
}

async function main() {
  const one = process.env.BENCH_STARS_SCALE
  if (one) return runScale(Number(one))
  for (const factor of [1, 10]) {
    const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), __filename], { stdio: 'inherit', env: { ...process.env, BENCH_STARS_SCALE: String(factor) } })
    if (run.status !== 0) throw new Error(`scale ${factor} exited with ${run.status ?? run.signal}`)
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
