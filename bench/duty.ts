/**
 * `npx tsx bench/duty.ts`: duty at the seed's scale — the demo county (262 villages) with a year of daily duty
 * (local/seed/duty.ts, days: 365: ~95,000 check-ins, ~290,000 log entries) in an in-memory local cloud — then
 * through the duty function's real main and the real wx-server-sdk:
 * - check-in (one per village, by the cadre on today's shift, with the centre's current code and position):
 *   database requests per call, documents examined, p50/p95;
 * - township summary of all its villages for a month (county organiser, each township in turn): same figures.
 * BENCH_DUTY_DAYS changes the history length.
 */
import { applyCloudEnv, startLocalCloud } from '../local/cloud'
import { generateDemoData } from '../local/seed/demo-data'
import { addDutyDemo } from '../local/seed/duty'
import { invokeAs } from '../local/wx-context'

const DAYS = Number(process.env.BENCH_DUTY_DAYS ?? 365)
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

async function main() {
  const cloud = await startLocalCloud()
  applyCloudEnv(cloud.env)
  const now = new Date()
  const t0 = Date.now()
  const data = generateDemoData({ now: new Date('2026-01-01T00:00:00+08:00') })
  addDutyDemo(data, { days: DAYS, now })
  const counts: Record<string, number> = {}
  for (const [collection, docs] of data) {
    counts[collection] = docs.length
    if (!cloud.engine.has(collection)) await cloud.engine.apply([{ k: 'create', c: collection }])
    for (let i = 0; i < docs.length; i += 20000) await cloud.engine.apply(docs.slice(i, i + 20000).map((d) => ({ k: 'put' as const, c: collection, d })))
  }
  console.log(`duty benchmark — seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${counts.villages} villages, ${counts.duty_checkins} check-ins, ${counts.duty_logs} log entries, ${counts.duty_months} month aggregates, ${counts.duty_shifts} shifts\n`)

  const duty = (await import('../cloudfunctions/duty')).main as (e: unknown, c?: unknown) => Promise<{ ok: boolean; error?: { code: string; message: string } }>
  const { currentCode } = await import('../cloudfunctions/_lib/rotating-code')
  const { db } = await import('../cloudfunctions/_lib/cloud')

  // Bind today's cadre of every village (as the roster's invitation would have).
  const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  const shifts = (data.get('duty_shifts') ?? []).filter((s) => s.date === today)
  const villages = new Map((data.get('villages') ?? []).map((v) => [v._id, v]))
  const people = new Map((data.get('people') ?? []).map((p) => [p._id, p]))
  await cloud.engine.apply(
    shifts.map((s) => {
      const p = people.get(s.personId as string)!
      return { k: 'put' as const, c: 'bindings', d: { _id: `bench-${s.personId}`, memberships: [{ villageId: s.villageId, townshipId: s.townshipId, personId: s.personId, name: p.name, roles: p.roles }] } }
    }),
  )
  // Warm the secret cache (a cold instance reads it once, in the first round trip, in parallel).
  await currentCode(db, { purpose: 'duty', subjectId: shifts[0]!.villageId as string }, new Date())

  const times: number[] = []
  let failures = 0
  const m0 = cloud.metrics()
  for (const s of shifts) {
    const village = villages.get(s.villageId as string)!
    const centre = village.serviceCentre as { latitude: number; longitude: number }
    const code = await currentCode(db, { purpose: 'duty', subjectId: village._id }, new Date())
    const t = process.hrtime.bigint()
    const r = await invokeAs(duty, { action: 'checkIn', data: { villageId: village._id, location: { latitude: centre.latitude, longitude: centre.longitude, accuracy: 15 }, code: code.digits } }, { openid: `bench-${s.personId}` }) as { ok: boolean; error?: { message: string } }
    times.push(Number(process.hrtime.bigint() - t) / 1e6)
    if (!r.ok) {
      failures++
      if (failures < 3) console.log('check-in refused:', r.error?.message)
    }
  }
  const m1 = cloud.metrics()
  times.sort((a, b) => a - b)
  const n = shifts.length
  console.log(`check-in (${n} villages, ${failures} refused): ${((m1.roundTrips - m0.roundTrips) / n).toFixed(1)} database requests per call (binding read + 3 sequential in the handler: [village ‖ shift ‖ wrong-code state], add, month aggregate), ${((m1.examined - m0.examined) / n).toFixed(1)} documents examined, p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms`)

  const month = today.slice(0, 7)
  const previous = new Date(Date.parse(`${month}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 7)
  const townships = data.get('townships') ?? []
  const sums: number[] = []
  const s0 = cloud.metrics()
  let calls = 0
  for (let round = 0; round < 4; round++) {
    for (const t of townships) {
      const start = process.hrtime.bigint()
      const r = await invokeAs(duty, { action: 'townshipSummary', data: { townshipId: t._id, month: round % 2 ? month : previous } }, { openid: 'demo-county-organiser' }) as { ok: boolean; error?: { message: string } }
      sums.push(Number(process.hrtime.bigint() - start) / 1e6)
      calls++
      if (!r.ok) console.log('township summary failed:', r.error?.message)
    }
  }
  const s1 = cloud.metrics()
  sums.sort((a, b) => a - b)
  const perTownship = (counts.villages ?? 0) / townships.length
  console.log(`township summary (${calls} calls, ~${perTownship.toFixed(0)} villages each, months ${previous} and ${month}): ${((s1.roundTrips - s0.roundTrips) / calls).toFixed(1)} database requests per call, ${((s1.examined - s0.examined) / calls).toFixed(1)} documents examined (O(villages), independent of the ${counts.duty_checkins} check-ins), p50 ${pct(sums, 50).toFixed(1)} ms, p95 ${pct(sums, 95).toFixed(1)} ms`)
  await cloud.close()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
