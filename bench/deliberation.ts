/**
 * `npx tsx bench/deliberation.ts`: 四议两公开 through the local server (HTTP, the built `deliberation` function, the
 * real wx-server-sdk, an in-memory local cloud). A village of 2,000 adult villagers (700 households) of whom 66 are
 * Party members with a vote:
 *  1. a 66-member 党员大会 vote: 66 online votes at once, then the tally;
 *  2. a 2,000-villager 村民会议: opening it (roster frozen, notices), 500 villagers casting online within one
 *     minute (20 at a time), 1,500 entered in person by the recorder (200 per call), then the tally.
 * Prints client calls, database round trips and documents examined per call (the server's x-db-* headers), p50/p95.
 * Builds the functions first (dist/cloudfunctions) so the server runs the current code.
 */
import { execFileSync } from 'node:child_process'
import { startLocalServer } from '../local/server'

const DAY = 86_400_000
const VILLAGERS = 2000
const MEMBERS = 66
const HOUSEHOLDS = 700

interface Sample {
  ms: number
  rt: number
  ex: number
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!
const avg = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)

function report(name: string, samples: Sample[], clientCalls = 1) {
  const ms = samples.map((s) => s.ms)
  console.log(
    `${name.padEnd(40)} client calls ${clientCalls} | db round trips avg ${avg(samples.map((s) => s.rt))} max ${Math.max(...samples.map((s) => s.rt))} | docs examined avg ${avg(samples.map((s) => s.ex))} | p50 ${pct(ms, 50).toFixed(1)} ms p95 ${pct(ms, 95).toFixed(1)} ms (n=${samples.length})`,
  )
}

async function main() {
  execFileSync('npx', ['tsx', 'scripts/build-functions.ts'], { stdio: 'ignore' })
  const server = await startLocalServer({ port: 0 })
  const now = new Date()
  const put = (c: string, d: Record<string, unknown>) => ({ k: 'put' as const, c, d: d as { _id: string } })
  const ops = [
    put('counties', { _id: 'xinye', name: '新野县', settings: {} }),
    put('townships', { _id: 'bt', countyId: 'xinye', name: '测试镇', kind: '镇', order: 1 }),
    put('villages', {
      _id: 'bv', countyId: 'xinye', townshipId: 'bt', name: '测试村', kind: 'village', order: 1, starLevel: 3,
      serviceCentre: { name: '测试村党群服务中心', address: '村委会', phone: '0377-6600000', latitude: 32.5, longitude: 112.3, radiusMetres: 200 },
      registeredAdults: VILLAGERS, householdCount: HOUSEHOLDS, partyMemberCount: MEMBERS, partyMembersAway: 20, gridCount: 10, peopleCount: VILLAGERS, boundCount: VILLAGERS, settingsOverrides: {},
    }),
  ]
  const ids: string[] = []
  for (let i = 0; i < VILLAGERS; i++) {
    const id = `bp${String(i).padStart(4, '0')}`
    ids.push(id)
    const roles = i === 0 ? ['branch_secretary', 'village_committee_member'] : i < MEMBERS ? ['party_member', 'resident'] : i < MEMBERS + 30 ? ['villager_representative', 'resident'] : ['resident']
    const party = i < MEMBERS ? { standing: 'full', presence: i % 3 === 0 ? 'away' : 'home' } : null
    ops.push(put('people', { _id: id, villageId: 'bv', townshipId: 'bt', name: `村民${i}`, phone: '13800000000', roles, party, householdId: `bh${i % HOUSEHOLDS}`, openid: `bench-${id}`, createdAt: now, updatedAt: now }))
    ops.push(put('bindings', { _id: `bench-${id}`, memberships: [{ villageId: 'bv', townshipId: 'bt', personId: id, name: `村民${i}`, roles }] }))
  }
  await server.cloud.engine.apply(ops)
  const { db } = await import('../cloudfunctions/_lib/cloud')

  async function call(openid: string, action: string, data: unknown): Promise<Sample & { data: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const t = process.hrtime.bigint()
    const res = await fetch(`${server.url}/api/functions/deliberation`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-demo-openid': openid }, body: JSON.stringify({ action, data }) })
    const body = (await res.json()) as { ok: boolean; data?: unknown; error?: { code: string; message: string } }
    if (!body.ok) throw new Error(`${action}: ${body.error?.code} ${body.error?.message}`)
    return { ms: Number(process.hrtime.bigint() - t) / 1e6, rt: Number(res.headers.get('x-db-round-trips')), ex: Number(res.headers.get('x-db-docs-examined')), data: body.data }
  }
  const sec = 'bench-bp0000'
  const v = 'bv'

  // ---- 1. the 66-member assembly ----
  const created = await call(sec, 'createMatter', { villageId: v, title: '村集体收益分配方案', content: '集体收益38万元的分配方案。', category: 'collective_income', origin: 'cadres' })
  const matterId = created.data.matterId as string
  await call(sec, 'recordStep', { villageId: v, matterId, step: 2, outcome: 'passed' })
  await call(sec, 'sendNotice', { villageId: v, matterId, step: 3 })
  await db.collection('deliberation_matters').doc(matterId).update({ data: { notice3At: new Date(Date.now() - 3 * DAY) } })
  const open3 = await call(sec, 'openVoting', { villageId: v, matterId, step: 3, closesAt: new Date(Date.now() + DAY).toISOString() })
  report(`open voting (roster ${open3.data.rosterSize})`, [open3])
  const memberIds = ids.slice(1, MEMBERS)
  const w3 = open3.data.windowId as string
  const casts3 = await Promise.all(memberIds.map((id, i) => call(`bench-${id}`, 'castVote', { villageId: v, windowId: w3, choice: i % 5 === 0 ? 'disagree' : 'agree' })))
  report('cast vote, 65 members at once', casts3)
  await call(sec, 'castVote', { villageId: v, windowId: w3, choice: 'agree' })
  const close3 = await call(sec, 'closeVoting', { villageId: v, windowId: w3 })
  report(`tally ${close3.data.result.present}-member vote (aggregation)`, [close3])
  console.log(`  ${close3.data.result.lines.join(' / ')}`)

  // ---- 2. the 2,000-villager meeting ----
  await call(sec, 'sendNotice', { villageId: v, matterId, step: 4, meetingKind: 'villagers' })
  await db.collection('deliberation_matters').doc(matterId).update({ data: { notice4At: new Date(Date.now() - 10 * DAY) } })
  const open4 = await call(sec, 'openVoting', { villageId: v, matterId, step: 4, meetingKind: 'villagers', closesAt: new Date(Date.now() + DAY).toISOString() })
  report(`open 村民会议 (roster ${open4.data.rosterSize}, ${open4.data.rosterSize * 2} notices)`, [open4])
  const w4 = open4.data.windowId as string
  const online = ids.slice(0, 500)
  const samples: Sample[] = []
  const t0 = Date.now()
  for (let i = 0; i < online.length; i += 20) {
    samples.push(...(await Promise.all(online.slice(i, i + 20).map((id, j) => call(`bench-${id}`, 'castVote', { villageId: v, windowId: w4, choice: (i + j) % 4 === 3 ? 'disagree' : 'agree' })))))
  }
  const took = (Date.now() - t0) / 1000
  report('cast vote, 500 villagers (20 at a time)', samples)
  console.log(`  500 online votes in ${took.toFixed(1)} s (${(500 / took).toFixed(0)} votes/s) — target: within 60 s`)
  const inPerson: Sample[] = []
  const rest = ids.slice(500)
  for (let i = 0; i < rest.length; i += 200) {
    inPerson.push(await call(sec, 'recordInPersonVotes', { villageId: v, windowId: w4, votes: rest.slice(i, i + 200).map((personId, j) => ({ personId, choice: (i + j) % 10 === 0 ? 'abstain' : 'agree' })) }))
  }
  report('in-person entry, 200 per call', inPerson)
  const votes = ((await db.collection('deliberation_votes').where({ windowId: w4 }).count()) as { total: number }).total
  const close4 = await call(sec, 'closeVoting', { villageId: v, windowId: w4 })
  report(`tally ${votes}-villager vote (aggregation)`, [close4])
  console.log(`  ${close4.data.result.lines.join(' / ')}`)
  if (votes !== VILLAGERS || close4.data.result.present !== VILLAGERS) throw new Error(`expected ${VILLAGERS} votes, got ${votes} / ${close4.data.result.present}`)
  await server.close()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
