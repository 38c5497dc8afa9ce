/**
 * `npx tsx bench/meetings.ts`: 三会一课 at seed scale (262 branches, a year of meetings: ~11,000 meetings, ~340,000
 * attendance records), through the real `meetings` function and the real wx-server-sdk against an in-memory local
 * cloud. For each action: client calls per user action, database round trips and documents examined per call, and
 * p50/p95 latency. Calling a meeting and signing in are measured on a branch of about 60 members; the township's
 * compliance view reads per-branch-per-year aggregates (O(branches)).
 */
import { applyCloudEnv, runInScope, startLocalCloud } from '../local/cloud'
import { newMetrics, type Metrics } from '../local/cloud/metrics'
import { seedDemoData } from '../local/seed'
import { invokeAs } from '../local/wx-context'

type Main = (event: unknown) => Promise<{ ok: boolean; data?: unknown; error?: { code: string; message: string } }>

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

interface Sample {
  ms: number
  m: Metrics
}

async function measure(main: Main, openid: string, action: string, data: unknown): Promise<Sample & { result: Awaited<ReturnType<Main>> }> {
  const m = newMetrics()
  const t = process.hrtime.bigint()
  const result = (await runInScope({ caller: { openid }, metrics: m }, () => invokeAs(main as never, { action, data }, { openid }))) as Awaited<ReturnType<Main>>
  if (!result.ok) throw new Error(`${action}: ${result.error?.code} ${result.error?.message}`)
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, m, result }
}

function report(name: string, samples: Sample[], clientCalls = 1) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b)
  const rt = samples.map((s) => s.m.roundTrips)
  const ex = samples.map((s) => s.m.examined)
  const avg = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)
  console.log(
    `${name.padEnd(34)} client calls ${clientCalls} | db round trips avg ${avg(rt)} max ${Math.max(...rt)} | docs examined avg ${avg(ex)} | p50 ${pct(ms, 50).toFixed(1)} ms p95 ${pct(ms, 95).toFixed(1)} ms (n=${samples.length})`,
  )
}

async function main() {
  const cloud = await startLocalCloud()
  applyCloudEnv(cloud.env)
  const t0 = Date.now()
  const seeded = await seedDemoData(cloud)
  console.log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s: meetings ${seeded.counts.meetings}, attendance ${seeded.counts.meeting_attendance}, leaves ${seeded.counts.meeting_leaves}, periods ${seeded.counts.meeting_periods}`)
  const meetings = (await import('../cloudfunctions/meetings')).main as unknown as Main
  const db = (await import('../cloudfunctions/_lib/cloud')).db as any // eslint-disable-line @typescript-eslint/no-explicit-any

  // A branch of about 60 members, with bindings for its secretary and members.
  const villages = (await db.collection('villages').where({ townshipId: 't03' }).field({ partyMemberCount: true, townshipId: true }).limit(100).get()).data as { _id: string; partyMemberCount: number; townshipId: string }[]
  const village = villages.sort((a, b) => Math.abs(a.partyMemberCount - 60) - Math.abs(b.partyMemberCount - 60))[0]!
  const people = (await db.collection('people').where({ villageId: village._id, roles: db.command.in(['party_member', 'branch_secretary', 'branch_committee_member']) }).limit(1000).get()).data as { _id: string; name: string; roles: string[] }[]
  const bindings = people.map((p) => ({ _id: `bench-${p._id}`, memberships: [{ villageId: village._id, townshipId: village.townshipId, personId: p._id, name: p.name, roles: p.roles }] }))
  await cloud.engine.apply(bindings.map((d) => ({ k: 'put' as const, c: 'bindings', d })))
  const secretary = people.find((p) => p.roles.includes('branch_secretary'))!
  const recorder = people.find((p) => p.roles.includes('branch_committee_member')) ?? secretary
  const sec = `bench-${secretary._id}`
  console.log(`branch ${village._id}: ${people.length} members`)

  const calls: Sample[] = []
  let meetingId = ''
  for (let i = 0; i < 20; i++) {
    const start = Date.now() + 2 * 86400_000 + i * 3600_000
    const s = await measure(meetings, sec, 'callMeeting', {
      villageId: village._id,
      kind: 'branch_assembly',
      topic: `基准测试 ${i}`,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 2 * 3600_000).toISOString(),
      place: '村部',
      chairPersonId: secretary._id,
      recorderPersonId: recorder._id,
    })
    meetingId = (s.result.data as { meetingId: string }).meetingId
    calls.push(s)
  }
  report(`callMeeting (${people.length} members)`, calls)

  // Put the last meeting in progress and sign everyone in at once with the rotating code.
  await db.collection('meetings').doc(meetingId).update({ data: { startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 3600_000) } })
  const code = (await measure(meetings, sec, 'signInCode', { villageId: village._id, meetingId })).result.data as { digits: string }
  const signIns = await Promise.all(people.map((p) => measure(meetings, `bench-${p._id}`, 'signIn', { villageId: village._id, meetingId, mode: 'in_person', code: code.digits })))
  report(`signIn × ${people.length} concurrent`, signIns)
  const records = ((await db.collection('meeting_attendance').where({ meetingId }).count()) as { total: number }).total
  console.log(`  → ${records} attendance records for ${people.length} sign-ins`)

  const gets: Sample[] = []
  for (let i = 0; i < 20; i++) gets.push(await measure(meetings, sec, 'getMeeting', { villageId: village._id, meetingId }))
  report('getMeeting (live quorum)', gets)
  const votes: Sample[] = []
  for (let i = 0; i < 10; i++) votes.push(await measure(meetings, sec, 'recordVote', { villageId: village._id, meetingId, motion: `事项${i}`, yes: 1, no: 0, abstain: 0 }))
  report('recordVote', votes)

  const township: Sample[] = []
  for (let i = 0; i < 20; i++) township.push(await measure(meetings, 'demo-t03-township-organiser', 'townshipCompliance', { townshipId: 't03', year: 2025 }))
  report(`townshipCompliance (${villages.length} branches)`, township)
  const county: Sample[] = []
  for (let i = 0; i < 20; i++) county.push(await measure(meetings, sec, 'branchCalendar', { villageId: village._id, year: 2025 }))
  report('branchCalendar', county)
  const mine: Sample[] = []
  for (const p of people.slice(0, 20)) mine.push(await measure(meetings, `bench-${p._id}`, 'myMeetings', { villageId: village._id }))
  report('myMeetings', mine)
  const warn: Sample[] = []
  for (let i = 0; i < 10; i++) warn.push(await measure(meetings, sec, 'absenceWarnings', { villageId: village._id }))
  report('absenceWarnings (6 months)', warn)
  await cloud.close()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
