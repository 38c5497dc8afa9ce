/**
 * A merge (合村并居) larger than one transaction: at MERGE_MAX_RECORDS records it is done in one call; one record
 * more and it takes two calls, each its own transaction — between them the village shows 正在并入 with what has
 * moved, takes no new work, cannot be merged elsewhere or retired, and is not shown as merged; the call that moves
 * the rest marks it merged. Counters stay whole at every step.
 */
import type { Envelope } from '../../common/errors'
import { VILLAGE_ROLES } from '../../common/roles'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'
import { MERGE_MAX_RECORDS } from '../../cloudfunctions/org/handlers/lifecycle'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
type Any = any // eslint-disable-line @typescript-eslint/no-explicit-any

let cloud: LocalCloud
const mains: Record<string, Main> = {}
const COUNTY = openidOf('county_organiser')
const REASON = '县委〔2026〕3号文件'
/** Records of a fixture village before households are added: its people, 3 households, 2 grids. */
const BASE = VILLAGE_ROLES.length + 3 + 2

/** Adds households to a village so that it holds `total` households, people and grids in all. */
async function growTo(villageId: string, townshipId: string, total: number) {
  const extra = total - BASE
  const households = Array.from({ length: extra }, (_, i) => ({
    _id: `${villageId}-x${String(i).padStart(5, '0')}`,
    villageId,
    townshipId,
    gridId: `${villageId}-g1`,
    number: `9${String(i).padStart(5, '0')}`,
    headName: `户主x${i}`,
    memberCount: 2,
    adultCount: 2,
  }))
  const village = docs(C.villages).find((v) => v._id === villageId)
  await writeDocs(
    cloud,
    new Map<string, Any[]>([
      [C.households, households],
      [C.villages, [{ ...village, householdCount: village.householdCount + extra }]],
    ]),
  )
}

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  for (const name of ['roster', 'org']) mains[name] = (await import(`../../cloudfunctions/${name}`)).main as Main
  await growTo('v2', 't1', MERGE_MAX_RECORDS)
  await growTo('v3', 't2', MERGE_MAX_RECORDS + 1)
  // Another open village, for a second merge target.
  const v3 = village('v3')
  await writeDocs(
    cloud,
    new Map<string, Any[]>([
      [
        C.villages,
        [{ ...v3, _id: 'v4', name: 'v4村', householdCount: 0, peopleCount: 0, gridCount: 0, registeredAdults: 0 }],
      ],
    ]),
  )
}, 60_000)
afterAll(() => cloud.close())

const call = (fn: string, action: string, data: unknown, requestId?: string) =>
  invokeAs(mains[fn]!, { action, data, ...(requestId ? { requestId } : {}) }, { openid: COUNTY }) as Promise<
    Envelope<Any>
  >
const docs = (collection: string) => [...(cloud.engine.collections.get(collection)?.docs.values() ?? [])] as Any[]
const village = (id: string) => docs(C.villages).find((v) => v._id === id)
const records = (villageId: string) =>
  [C.households, C.people, C.grids].reduce((n, c) => n + docs(c).filter((d) => d.villageId === villageId).length, 0)
const counted = (id: string) => {
  const v = village(id)
  return v.householdCount + v.peopleCount + v.gridCount
}
const merge = (villageId: string, targetVillageId: string, requestId: string) =>
  call('org', 'mergeVillage', { villageId, targetVillageId, reason: REASON, confirmName: `${villageId}村` }, requestId)

describe(`a merge of up to ${MERGE_MAX_RECORDS} records`, () => {
  it('is done in one call', async () => {
    expect(records('v2')).toBe(MERGE_MAX_RECORDS)
    const before = counted('v1')
    const r = await merge('v2', 'v1', 'merge-chunks-one-0001')
    expect(r.ok && r.data).toMatchObject({ done: true, left: 0 })
    expect(records('v2')).toBe(0)
    expect(village('v2').retired).toMatchObject({ mergedInto: { id: 'v1' } })
    expect(village('v2').merging ?? null).toBeNull()
    expect(counted('v1')).toBe(before + MERGE_MAX_RECORDS)
  }, 60_000)
})

describe(`a merge of ${MERGE_MAX_RECORDS + 1} records`, () => {
  let first: Envelope<Any>
  it('moves one chunk and is shown as under way, not as merged', async () => {
    const total = counted('v1') + counted('v3')
    first = await merge('v3', 'v1', 'merge-chunks-two-0001')
    expect(first.ok && first.data).toMatchObject({ done: false, left: 1 })
    expect(records('v3')).toBe(1)
    expect(counted('v3')).toBe(1)
    expect(counted('v1') + counted('v3')).toBe(total)
    const read = await call('org', 'getVillage', { villageId: 'v3' })
    expect(read.ok && read.data.retired).toBeUndefined()
    expect(read.ok && read.data.merging).toMatchObject({
      into: { id: 'v1', name: 'v1村' },
      moved: { households: MERGE_MAX_RECORDS + 1 - BASE + 3 },
    })
  }, 60_000)

  it('meanwhile it takes no new work, cannot be merged elsewhere or retired', async () => {
    const add = await call('roster', 'savePerson', { villageId: 'v3', name: '新村民', roles: ['resident'] })
    expect(add.ok ? '' : add.error.message).toBe('v3村正在并入v1村，不能再修改花名册；请到v1村办理')
    const elsewhere = await merge('v3', 'v4', 'merge-chunks-else-001')
    expect(elsewhere.ok ? '' : elsewhere.error.message).toBe('v3村正在并入v1村，请继续并入v1村')
    const into = await call('org', 'mergeVillage', {
      villageId: 'v4',
      targetVillageId: 'v3',
      reason: REASON,
      confirmName: 'v4村',
    })
    expect(into.ok ? '' : into.error.message).toBe('v3村正在并入v1村，不能再并入它')
    const retire = await call('org', 'retireVillage', { villageId: 'v3', reason: REASON, confirmName: 'v3村' })
    expect(retire.ok ? '' : retire.error.message).toBe('v3村正在并入v1村，请继续并入v1村')
    expect(records('v3')).toBe(1)
  })

  it('the next call moves the rest and marks it merged; a resend of the first is answered as before', async () => {
    const total = counted('v1') + counted('v3')
    const second = await merge('v3', 'v1', 'merge-chunks-two-0002')
    expect(second.ok && second.data).toMatchObject({ done: true, left: 0 })
    expect(records('v3')).toBe(0)
    expect(village('v3')).toMatchObject({
      householdCount: 0,
      peopleCount: 0,
      gridCount: 0,
      merging: null,
      retired: { mergedInto: { id: 'v1', name: 'v1村' } },
    })
    expect(counted('v1')).toBe(total)
    expect(await merge('v3', 'v1', 'merge-chunks-two-0001')).toEqual(first)
  }, 60_000)
})
