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
  docs.get('townships')!.push({ _id: 'tc', countyId: 'xinye', name: '三号镇', kind: '镇', order: 3 }, { _id: 'td', countyId: 'xinye', name: '四号镇', kind: '镇', order: 4 })
  for (let i = 0; i < SMALL; i++) docs.get('villages')!.push(village(`c${String(i).padStart(4, '0')}`, 'tc', i))
  for (let i = 0; i < LARGE; i++) docs.get('villages')!.push(village(`d${String(i).padStart(4, '0')}`, 'td', i))
  const stats: Any[] = []
  for (let i = 0; i < SMALL; i++) {
    for (let m = 1; m <= 12; m++) {
      const villageId = `c${String(i).padStart(4, '0')}`
      const month = `${YEAR}-${String(m).padStart(2, '0')}`
      stats.push({ _id: `${villageId}:${month}`, villageId, townshipId: 'tc', year: YEAR, month, ...Object.fromEntries(COUNTER_KEYS.map((k) => [k, 1])), updatedAt: new Date() })
    }
  }
  docs.set('council_stats', stats)
  await writeDocs(cloud, docs)
})
afterAll(() => cloud.close())

async function measured(fn: string, action: string, data: unknown) {
  const main = (await import(`../../cloudfunctions/${fn}`)).main as Main
  const metrics = newMetrics()
  const caller = { openid: COUNTY, source: 'wx_client' }
  const result = (await runInScope({ caller, metrics }, () => invokeAs(main, { action, data }, caller))) as Envelope<Any>
  if (!result.ok) throw new Error(`${fn}.${action}: ${result.error.code} ${result.error.message}`)
  return { data: result.data, examined: metrics.examined, requests: metrics.roundTrips }
}

describe('org.listTownships', () => {
  it('sums every village of the county, each examined once', async () => {
    const { data, examined } = await measured('org', 'listTownships', {})
    const villages = 3 + SMALL + LARGE
    expect(data.townships.map((t: Any) => [t.id, t.villageCount])).toEqual([['t1', 2], ['t2', 1], ['tc', SMALL], ['td', LARGE]])
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
    const { data, examined } = await measured('council', 'townshipSummary', { townshipId: 'tc', year: YEAR, month: `${YEAR}-03` })
    expect(data.totals[COUNTER_KEYS[0]!]).toBe(SMALL)
    expect(examined).toBeLessThanOrEqual(2 * SMALL + 10)
  })
})
