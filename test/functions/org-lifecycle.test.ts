/**
 * Retiring and merging villages (村改居, 合村并居) through the real org and roster functions: only the county, or the
 * township for its own villages; bad input changes nothing; of two concurrent merges of one village exactly one
 * happens and nothing is counted twice; a retired village stays readable and takes no new work.
 */
import type { Envelope } from '../../common/errors'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
type Any = any // eslint-disable-line @typescript-eslint/no-explicit-any

let cloud: LocalCloud
const mains: Record<string, Main> = {}

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  for (const name of ['roster', 'org']) mains[name] = (await import(`../../cloudfunctions/${name}`)).main as Main
})
afterAll(() => cloud.close())

const SECRETARY = openidOf('branch_secretary')
const TOWNSHIP = openidOf('township_organiser') // of t1: v1, v2
const COUNTY = openidOf('county_organiser')
const REASON = '乡党委〔2026〕12号文件'

const call = (fn: string, action: string, data: unknown, openid: string, requestId?: string) =>
  invokeAs(mains[fn]!, { action, data, ...(requestId ? { requestId } : {}) }, { openid }) as Promise<Envelope<Any>>
const code = (r: Envelope<unknown>) => (r.ok ? 'ok' : r.error.code)
const message = (r: Envelope<unknown>) => (r.ok ? '' : r.error.message)
const docs = (collection: string) => [...(cloud.engine.collections.get(collection)?.docs.values() ?? [])] as Any[]
const village = (id: string) => docs(C.villages).find((v) => v._id === id)
const inVillage = (collection: string, villageId: string) => docs(collection).filter((d) => d.villageId === villageId)
/** Everything a merge or retirement could change. */
const state = () => JSON.stringify([C.villages, C.people, C.households, C.grids, C.bindings].map((c) => docs(c)))

describe('who may retire or merge, and bad input', () => {
  it('a village secretary may not; a township organiser not in another township; nothing changes', async () => {
    const before = state()
    expect(
      code(await call('org', 'retireVillage', { villageId: 'v1', reason: REASON, confirmName: 'v1村' }, SECRETARY)),
    ).toBe('FORBIDDEN')
    expect(
      code(await call('org', 'retireVillage', { villageId: 'v3', reason: REASON, confirmName: 'v3村' }, TOWNSHIP)),
    ).toBe('FORBIDDEN')
    const across = await call(
      'org',
      'mergeVillage',
      { villageId: 'v2', targetVillageId: 'v3', reason: REASON, confirmName: 'v2村' },
      TOWNSHIP,
    )
    expect(code(across)).toBe('FORBIDDEN')
    expect(message(across)).toBe('v3村不在本乡镇，跨乡镇合并须由县委组织部办理')
    expect(
      code(
        await call(
          'org',
          'mergeVillage',
          { villageId: 'v3', targetVillageId: 'v1', reason: REASON, confirmName: 'v3村' },
          TOWNSHIP,
        ),
      ),
    ).toBe('FORBIDDEN')
    expect(state()).toBe(before)
  })

  it('without a reason, into itself, or into a village that does not exist: refused, nothing changes', async () => {
    const before = state()
    const noReason = await call('org', 'retireVillage', { villageId: 'v2', reason: ' ', confirmName: 'v2村' }, COUNTY)
    expect(code(noReason)).toBe('INVALID_ARGUMENT')
    expect(message(noReason)).toMatch(/请写明撤销或合并的依据/)
    const itself = await call(
      'org',
      'mergeVillage',
      { villageId: 'v2', targetVillageId: 'v2', reason: REASON, confirmName: 'v2村' },
      COUNTY,
    )
    expect([code(itself), message(itself)]).toEqual(['FAILED_PRECONDITION', '不能把一个村并入它自己'])
    const wrongName = await call(
      'org',
      'retireVillage',
      { villageId: 'v2', reason: REASON, confirmName: 'v1村' },
      COUNTY,
    )
    expect([code(wrongName), message(wrongName)]).toEqual([
      'FAILED_PRECONDITION',
      '确认的村名与v2村不符，请重新打开这个村再办理',
    ])
    expect(
      code(
        await call(
          'org',
          'mergeVillage',
          { villageId: 'v2', targetVillageId: 'v9', reason: REASON, confirmName: 'v2村' },
          COUNTY,
        ),
      ),
    ).toBe('NOT_FOUND')
    expect(state()).toBe(before)
  })
})

describe('merging (合村并居)', () => {
  it('two concurrent merges of one village: exactly one happens, every record moved once', async () => {
    const people = inVillage(C.people, 'v1').length
    const households = inVillage(C.households, 'v1').length
    const v2Before = { ...village('v2') }
    const v3Before = { ...village('v3') }
    const [a, b] = await Promise.all([
      call(
        'org',
        'mergeVillage',
        { villageId: 'v1', targetVillageId: 'v2', reason: REASON, confirmName: 'v1村' },
        TOWNSHIP,
        'merge-request-a1',
      ),
      call(
        'org',
        'mergeVillage',
        { villageId: 'v1', targetVillageId: 'v3', reason: REASON, confirmName: 'v1村' },
        COUNTY,
        'merge-request-b1',
      ),
    ])
    expect([code(a), code(b)].sort()).toEqual(['FAILED_PRECONDITION', 'ok'])
    const won = a.ok ? a : b
    const target = a.ok ? 'v2' : 'v3'
    const before = a.ok ? v2Before : v3Before
    expect(won.ok && won.data).toEqual({
      households,
      people,
      grids: 2,
      targetName: `${target}村`,
      done: true,
      left: 0,
    })
    expect(message(a.ok ? b : a)).toBe(`v1村已并入${target}村，不能再撤销`)
    expect(inVillage(C.people, 'v1')).toEqual([])
    expect(inVillage(C.households, 'v1')).toEqual([])
    expect(inVillage(C.people, target)).toHaveLength(before.peopleCount + people)
    expect(village(target)).toMatchObject({
      householdCount: before.householdCount + households,
      peopleCount: before.peopleCount + people,
      gridCount: before.gridCount + 2,
      partyMemberCount: before.partyMemberCount + 1,
    })
    expect(village('v1')).toMatchObject({
      householdCount: 0,
      peopleCount: 0,
      retired: { mergedInto: { id: target, name: `${target}村` }, reason: REASON },
    })
    // The moved grids keep their old village's name in front.
    expect(inVillage(C.grids, target).map((g) => g.name)).toContain('v1村第1网格')
    ;(globalThis as Any).mergedInto = target
  })

  it('the moved people’s WeChat now acts in the target village, no longer in the retired one', async () => {
    const target = (globalThis as Any).mergedInto as string
    const binding = docs(C.bindings).find((b) => b._id === SECRETARY)
    expect(binding.memberships).toEqual([expect.objectContaining({ villageId: target, roles: ['branch_secretary'] })])
    const list = await call('roster', 'listPeople', { villageId: target, limit: 50 }, SECRETARY)
    expect(code(list)).toBe('ok')
    expect(code(await call('roster', 'listPeople', { villageId: 'v1', limit: 50 }, SECRETARY))).toBe('FORBIDDEN')
  })

  it('the retired village stays readable and takes no new work; the target’s audit log says what came in', async () => {
    const target = (globalThis as Any).mergedInto as string
    const read = await call('org', 'getVillage', { villageId: 'v1' }, COUNTY)
    expect(read.ok && read.data.retired).toMatchObject({ reason: REASON, mergedInto: { name: `${target}村` } })
    const before = state()
    const add = await call('roster', 'savePerson', { villageId: 'v1', name: '新村民', roles: ['resident'] }, COUNTY)
    expect([code(add), message(add)]).toEqual([
      'FAILED_PRECONDITION',
      `v1村已并入${target}村，不能再修改花名册；请到${target}村办理，本村的记录仍可查看`,
    ])
    const settings = await call(
      'org',
      'updateVillageSettings',
      { villageId: 'v1', overrides: { deliberationNoticeDays: 0 } },
      COUNTY,
    )
    expect(code(settings)).toBe('FAILED_PRECONDITION')
    expect(state()).toBe(before)
    const audit = await call('roster', 'listAudit', { villageId: target, limit: 20 }, COUNTY)
    expect(audit.ok && audit.data.entries.find((e: Any) => e.action === 'org.mergeVillage')).toMatchObject({
      action: 'org.mergeVillage',
      detail: expect.stringMatching(new RegExp(`^v1村并入${target}村：3 户、\\d+ 人、2 个网格`)),
    })
    const picker = await call('org', 'publicVillages', { townshipId: 't1' }, '')
    expect(picker.ok && picker.data.townships[0].villages.map((v: Any) => v.id)).not.toContain('v1')
  })
})

describe('retiring (村改居)', () => {
  it('the county retires a village: its people’s bindings drop it, a second retirement is refused', async () => {
    const target = (globalThis as Any).mergedInto as string
    const res = await call(
      'org',
      'retireVillage',
      { villageId: target, reason: REASON, confirmName: `${target}村` },
      COUNTY,
      'retire-request-1',
    )
    expect(res).toEqual({ ok: true, data: { retired: true } })
    // A resend of the same request answers as the first did.
    expect(
      await call(
        'org',
        'retireVillage',
        { villageId: target, reason: REASON, confirmName: `${target}村` },
        COUNTY,
        'retire-request-1',
      ),
    ).toEqual(res)
    expect(docs(C.bindings).find((b) => b._id === SECRETARY).memberships).toEqual([])
    expect(
      code(
        await call('org', 'retireVillage', { villageId: target, reason: REASON, confirmName: `${target}村` }, COUNTY),
      ),
    ).toBe('FAILED_PRECONDITION')
    expect(inVillage(C.people, target).length).toBeGreaterThan(0)
    const read = await call('roster', 'listPeople', { villageId: target, limit: 50 }, COUNTY)
    expect(code(read)).toBe('ok')
  })
})
