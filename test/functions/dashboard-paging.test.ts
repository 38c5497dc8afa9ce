/**
 * Township and county dashboards read each document they need once, however many there are: no skip paging that
 * re-reads earlier pages past 1,000 documents (issue 12). Documents examined are measured with the local cloud's
 * per-call counters, with more than 1,000 matching documents so that skip paging would show.
 */
import type { Envelope } from '../../common/errors'
import { COUNTER_KEYS } from '../../common/rules/council-standards'
import type { LocalCloud } from '../../local/cloud'
import { runInScope } from '../../local/cloud'
import { newMetrics } from '../../local/cloud/metrics'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any
let cloud: LocalCloud
const COUNTY = openidOf('county_organiser')
const SMALL = 150 // villages of township tc, each with 12 council month counters (1,800)
const LARGE = 1100 // villages of township td
const YEAR = 2026

const village = (id: string, townshipId: string, order: number) => ({
  _id: id,
  countyId: 'xinye',
  townshipId,
  name: `${id}村`,
  kind: 'village',
  order,
  householdCount: 10,
  partyMemberCount: 2,
  partyMembersAway: 1,
})

beforeAll(async () => {
  cloud = await startTestCloud()
  const docs = orgDocs()
  docs
    .get(C.townships)!
    .push(
      { _id: 'tc', countyId: 'xinye', name: '三号镇', kind: '镇', order: 3 },
      { _id: 'td', countyId: 'xinye', name: '四号镇', kind: '镇', order: 4 },
    )
  for (let i = 0; i < SMALL; i++) docs.get(C.villages)!.push(village(`c${String(i).padStart(4, '0')}`, 'tc', i))
  for (let i = 0; i < LARGE; i++) docs.get(C.villages)!.push(village(`d${String(i).padStart(4, '0')}`, 'td', i))
  const stats: Any[] = []
  for (let i = 0; i < SMALL; i++) {
    for (let m = 1; m <= 12; m++) {
      const villageId = `c${String(i).padStart(4, '0')}`
      const month = `${YEAR}-${String(m).padStart(2, '0')}`
      stats.push({
        _id: `${villageId}:${month}`,
        villageId,
        townshipId: 'tc',
        year: YEAR,
        month,
        ...Object.fromEntries(COUNTER_KEYS.map((k) => [k, 1])),
        updatedAt: new Date(),
      })
    }
  }
  docs.set(C.council_stats, stats)
  await writeDocs(cloud, docs)
})
afterAll(() => cloud.close())

async function measured(fn: string, action: string, data: unknown) {
  const main = (await import(`../../cloudfunctions/${fn}`)).main as Main
  const metrics = newMetrics()
  const caller = { openid: COUNTY, source: 'wx_client' }
  const result = (await runInScope({ caller, metrics }, () =>
    invokeAs(main, { action, data }, caller),
  )) as Envelope<Any>
  if (!result.ok) throw new Error(`${fn}.${action}: ${result.error.code} ${result.error.message}`)
  return { data: result.data, examined: metrics.examined, requests: metrics.roundTrips }
}

describe('org.listTownships', () => {
  it('sums every village of the county, each examined once', async () => {
    const { data, examined } = await measured('org', 'listTownships', {})
    const villages = 3 + SMALL + LARGE
    expect(data.townships.map((t: Any) => [t.id, t.villageCount])).toEqual([
      ['t1', 2],
      ['t2', 1],
      ['tc', SMALL],
      ['td', LARGE],
    ])
    expect(data.townships.find((t: Any) => t.id === 'td').householdCount).toBe(10 * LARGE)
    expect(data.townships.find((t: Any) => t.id === 'tc').partyMembersAway).toBe(SMALL)
    // binding + county + 4 townships + every village once (skip paging: 1,000 + 1,253 village reads).
    expect(examined).toBeLessThanOrEqual(villages + 10)
  })
})

describe('council.townshipSummary', () => {
  it('sums the year per village, each month counter examined once', async () => {
    const { data, examined } = await measured('council', 'townshipSummary', { townshipId: 'tc', year: YEAR })
    expect(data.villages).toHaveLength(SMALL)
    expect(data.villages[0].id).toBe('c0000')
    expect(data.villages.every((v: Any) => v[COUNTER_KEYS[0]!] === 12)).toBe(true)
    expect(data.totals[COUNTER_KEYS[0]!]).toBe(12 * SMALL)
    // binding + township + villages + 1,800 counters (skip paging: 1,000 + 1,800 counter reads).
    expect(examined).toBeLessThanOrEqual(SMALL + 12 * SMALL + 10)
  })

  it('one month examines only that month', async () => {
    const { data, examined } = await measured('council', 'townshipSummary', {
      townshipId: 'tc',
      year: YEAR,
      month: `${YEAR}-03`,
    })
    expect(data.totals[COUNTER_KEYS[0]!]).toBe(SMALL)
    expect(examined).toBeLessThanOrEqual(2 * SMALL + 10)
  })
})

describe('deliberation.townshipOverview', () => {
  const DAY = 86400_000
  const VILLAGES_E = ['e1', 'e2']
  let seq = 0
  const matter = (
    villageId: string,
    status: string,
    daysAgo: number,
    passedSteps: number[],
    category = 'homestead',
  ) => ({
    _id: `m${++seq}`,
    villageId,
    townshipId: 'te',
    title: `议题${seq}`,
    category,
    origin: 'members_residents',
    step: status === 'completed' ? 6 : 2,
    status,
    passedSteps,
    stepSince: new Date(Date.now() - daysAgo * DAY),
    createdAt: new Date(Date.now() - (daysAgo + 10) * DAY),
  })
  // Years of closed history in every village; the counters say what the matters say.
  let years = 0
  async function addHistory(more: number) {
    const docs = []
    for (const v of VILLAGES_E)
      for (let y = years; y < years + more; y++)
        for (let i = 0; i < 50; i++) docs.push(matter(v, 'completed', 200 + y * 365 + i, [1, 2, 3, 4, 5, 6]))
    await cloud.engine.apply(docs.map((d) => ({ k: 'put' as const, c: C.deliberation_matters, d })))
    years += more
    const counts = VILLAGES_E.map((v) => ({
      _id: v,
      villageId: v,
      townshipId: 'te',
      category: {},
      stage: { step2: 2, returned: 1, completed: 50 * years + 1 + (v === 'e1' ? 1 : 0), withdrawn: v === 'e1' ? 2 : 1 },
      attention: { leftMethod: v === 'e1' ? 2 : 0 },
    }))
    await cloud.engine.apply(counts.map((d) => ({ k: 'put' as const, c: C.deliberation_counts, d })))
  }

  beforeAll(async () => {
    const docs = [
      { _id: 'te', countyId: 'xinye', name: '五号镇', kind: '镇', order: 5 },
      ...VILLAGES_E.map((v, i) => village(v, 'te', i)),
    ]
    await cloud.engine.apply(docs.map((d) => ({ k: 'put' as const, c: d._id === 'te' ? C.townships : C.villages, d })))
    const live = []
    for (const v of VILLAGES_E) {
      live.push(matter(v, 'working', 2, [1]), matter(v, 'voting', 40, [1]), matter(v, 'returned', 1, [1]))
      live.push(matter(v, 'completed', 10, [1, 2, 3, 4, 5, 6]), matter(v, 'withdrawn', 20, [1], 'other'))
    }
    live.push(matter('e1', 'completed', 30, [1, 2, 4, 5, 6])) // left the method, recently
    live.push(matter('e1', 'withdrawn', 400, [1])) // left the method, long ago: counted, not listed
    await cloud.engine.apply(live.map((d) => ({ k: 'put' as const, c: C.deliberation_matters, d })))
  })

  it('shows the counters and the open and recent matters, attention first; years of history cost nothing', async () => {
    await addHistory(1)
    const one = await measured('deliberation', 'townshipOverview', { townshipId: 'te', limit: 50 })
    expect(one.data.counts).toEqual({
      total: 2 * (3 + 50 + 1 + 1) + 2,
      open: 6,
      completed: 2 * 51 + 1,
      leftMethod: 2,
      stuck: 2,
    })
    const listed = one.data.matters
    expect(listed).toHaveLength(2 * 5 + 1)
    expect(listed[0]).toMatchObject({ villageId: 'e1', leftMethod: true, status: 'completed' })
    expect(listed.slice(1, 3).map((m: Any) => [m.status, m.stuck])).toEqual([
      ['voting', true],
      ['voting', true],
    ])
    expect(listed.some((m: Any) => m.ageDays >= 200)).toBe(false)
    const attention = await measured('deliberation', 'townshipOverview', { townshipId: 'te', onlyAttention: true })
    expect(attention.data.matters).toHaveLength(3)

    await addHistory(5) // 500 more closed matters, 5 more years
    const six = await measured('deliberation', 'townshipOverview', { townshipId: 'te', limit: 50 })
    expect(six.data.counts.total).toBe(2 * (3 + 300 + 1 + 1) + 2)
    expect(six.data.matters).toHaveLength(2 * 5 + 1)
    expect(six.examined).toBe(one.examined)
    expect(six.examined).toBeLessThan(40)
  })
})
