/* eslint-disable @typescript-eslint/no-explicit-any -- stored documents are read loosely here */
/**
 * Issues 23 and 24: moving a household from one linked member to another (with who, when, from, to), moving a
 * household to another grid (the village secretary), visit findings as a list the cadres act on, and the household
 * page a visiting member needs — through the real grid main against the local cloud. Bad input and the wrong role
 * change nothing.
 */
import type { Envelope } from '../../common/errors'
import type { Role } from '../../common/roles'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { C } from '../../cloudfunctions/_lib/collections'
import { beijingDate } from '../../common/rules/beijing-time'
import { startTestCloud } from '../support/local-cloud'
import { notInLastMinutesOfDay, startTestClockAt, TEST_NOW } from '../support/test-now'
import { openidOf, orgDocs, personIdOf, writeDocs } from './org-fixture'

startTestClockAt(notInLastMinutesOfDay(TEST_NOW, 5))

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
let grid: Main
let db: any

const OTHER_MEMBER = 'v1-member-b'

beforeAll(async () => {
  cloud = await startTestCloud()
  const docs = orgDocs()
  docs.get(C.people)!.push({
    _id: OTHER_MEMBER,
    villageId: 'v1',
    townshipId: 't1',
    name: '李党员',
    phone: '13900005678',
    roles: ['party_member'],
    householdId: 'v1-h2',
    gridId: 'v1-g1',
    party: { standing: 'full', presence: 'away' },
    openid: null,
    createdAt: TEST_NOW,
    updatedAt: TEST_NOW,
  })
  await writeDocs(cloud, docs)
  grid = (await import('../../cloudfunctions/grid')).main as Main
  db = (await import('../../cloudfunctions/_lib/cloud')).db
})
afterAll(() => cloud.close())

const raw = async (action: string, data: Record<string, unknown>, role: Role, requestId?: string) =>
  (await invokeAs(
    grid,
    { action, data, ...(requestId ? { requestId } : {}) },
    { openid: openidOf(role) },
  )) as Envelope<any>
const call = async (action: string, data: Record<string, unknown>, role: Role, requestId?: string) => {
  const r = await raw(action, data, role, requestId)
  if (!r.ok) throw new Error(`${action}: ${r.error.code} ${r.error.message}`)
  return r.data
}
const code = (r: Envelope<unknown>) => (r.ok ? 'ok' : r.error.code)
const one = async (collection: string, id: string) =>
  ((await db.collection(collection).where({ _id: id }).limit(1).get()) as any).data[0] as Record<string, any>
const all = async (collection: string, where: Record<string, unknown>) =>
  ((await db.collection(collection).where(where).limit(100).get()) as any).data as Record<string, any>[]
const MEMBER_A = personIdOf('v1', 'party_member')

describe('联户: moving a household from one member to another', () => {
  it('moves a linked household, shows it under the new member, keeps who/when/from/to', async () => {
    await call(
      'assign',
      { villageId: 'v1', memberPersonId: MEMBER_A, householdIds: ['v1-h1', 'v1-h2'] },
      'branch_secretary',
    )
    const moved = await call(
      'assign',
      { villageId: 'v1', memberPersonId: OTHER_MEMBER, householdIds: ['v1-h2'], note: '就近联系' },
      'branch_secretary',
    )
    expect(moved).toMatchObject({ linked: 1, moved: 1, householdCount: 1 })
    const view = await call('overview', { villageId: 'v1' }, 'branch_secretary')
    const members = view.grids.find((g: any) => g.id === 'v1-g1').members
    const byId = Object.fromEntries(members.map((m: any) => [m.personId, m]))
    expect(byId[MEMBER_A].households.map((h: any) => h.id)).toEqual(['v1-h1'])
    expect(byId[OTHER_MEMBER].households).toEqual([{ id: 'v1-h2', number: '0002', headName: '户主2' }])
    const h = await call('household', { villageId: 'v1', householdId: 'v1-h2' }, 'branch_secretary')
    expect(h.memberName).toBe('李党员')
    expect(h.links[0]).toMatchObject({ memberName: '李党员', note: '就近联系', by: 'v1branch_secretary' })
    expect(h.links[0].to).toBeUndefined()
    expect(h.links[1]).toMatchObject({ memberName: `v1party_member`, by: 'v1branch_secretary' })
    expect(h.links[1].to).toBe(h.links[0].from)
  })
})

describe('moving a household to another grid', () => {
  it('refuses everyone but the village secretary and the first secretary, changing nothing', async () => {
    for (const role of ['party_member', 'grid_leader', 'branch_committee_member', 'resident'] as Role[]) {
      const r = await raw('moveHousehold', { villageId: 'v1', householdId: 'v1-h2', toGridId: 'v1-g2' }, role)
      expect([role, code(r)]).toEqual([role, 'FORBIDDEN'])
    }
    expect((await one(C.households, 'v1-h2')).gridId).toBe('v1-g1')
  })

  it('refuses an unknown grid, the same grid, and another village’s grid, changing nothing', async () => {
    const bad = [
      [{ toGridId: 'v1-g9' }, 'NOT_FOUND'],
      [{ toGridId: 'v2-g2' }, 'NOT_FOUND'],
      [{ toGridId: 'v1-g1' }, 'FAILED_PRECONDITION'],
      [{ householdId: 'v2-h1', toGridId: 'v1-g2' }, 'NOT_FOUND'],
      [{ toGridId: '' }, 'INVALID_ARGUMENT'],
    ] as const
    for (const [input, expected] of bad) {
      const r = await raw('moveHousehold', { villageId: 'v1', householdId: 'v1-h2', ...input }, 'branch_secretary')
      expect(code(r)).toBe(expected)
    }
    expect((await one(C.households, 'v1-h2')).gridId).toBe('v1-g1')
    expect((await one(C.grids, 'v1-g1')).householdCount).toBe(2)
    expect(await all(C.linkages, { householdId: 'v1-h2', active: true })).toHaveLength(1)
  })

  it('moves the household and its people, ends its link, recounts both grids, keeps the move; once on resend', async () => {
    const input = { villageId: 'v1', householdId: 'v1-h2', toGridId: 'v1-g2', note: '搬到村东' }
    const first = await call('moveHousehold', input, 'branch_secretary', 'move-household-000001')
    const again = await call('moveHousehold', input, 'branch_secretary', 'move-household-000001')
    expect(first).toEqual({ fromGridName: '第1网格', toGridName: '第2网格', linkEnded: true })
    expect(again).toEqual(first)
    expect((await one(C.households, 'v1-h2')).gridId).toBe('v1-g2')
    expect((await one(C.grids, 'v1-g1')).householdCount).toBe(1)
    expect((await one(C.grids, 'v1-g2')).householdCount).toBe(2)
    expect((await all(C.people, { householdId: 'v1-h2' })).every((p) => p.gridId === 'v1-g2')).toBe(true)
    expect(await all(C.linkages, { householdId: 'v1-h2', active: true })).toEqual([])
    const h = await call('household', { villageId: 'v1', householdId: 'v1-h2' }, 'branch_secretary')
    expect(h.gridName).toBe('第2网格')
    expect(h.memberName).toBeUndefined()
    expect(h.moves).toEqual([
      { at: expect.any(String), fromGridName: '第1网格', toGridName: '第2网格', by: 'v1branch_secretary' },
    ])
    expect(h.links[0].note).toContain('调整到第2网格')
    const audit = await all(C.audit, { action: 'grid.moveHousehold' })
    expect(audit).toHaveLength(1)
  })
})

describe('the household page for a visiting member', () => {
  it('shows its people and situation; phones to cadres, not to the linked member', async () => {
    const bySecretary = await call('household', { villageId: 'v1', householdId: 'v1-h1' }, 'branch_secretary')
    expect(bySecretary.memberCount).toBe(3)
    expect(bySecretary.tags).toEqual(['有未成年人'])
    expect(bySecretary.members.map((m: any) => m.name).sort()).toEqual(['v1household_head', 'v1resident'])
    expect(bySecretary.members.every((m: any) => m.phone === '13800001234')).toBe(true)
    expect(bySecretary.members.find((m: any) => m.name === 'v1household_head').roles).toEqual(['户主'])
    const byMember = await call('household', { villageId: 'v1', householdId: 'v1-h1' }, 'party_member')
    expect(byMember.members).toHaveLength(2)
    expect(byMember.members.every((m: any) => m.phone === undefined)).toBe(true)
    // A household with a member away and others at home is 留守.
    const h2 = await call('household', { villageId: 'v1', householdId: 'v1-h2' }, 'branch_secretary')
    expect(h2.tags).toContain('留守')
    expect(h2.members.find((m: any) => m.name === '李党员').away).toBe(true)
  })
})

describe('走访发现的需求', () => {
  let visitId = ''
  it('lists a need written on a visit to the cadres until it is acted on', async () => {
    const visit = await call(
      'recordVisit',
      {
        villageId: 'v1',
        householdId: 'v1-h1',
        date: beijingDate(new Date()),
        met: '户主',
        situation: '老人一人在家',
        needs: '想申请居家养老服务',
      },
      'party_member',
    )
    visitId = visit.visitId
    await call(
      'recordVisit',
      { villageId: 'v1', householdId: 'v1-h1', date: beijingDate(new Date()), met: '户主', situation: '一切正常' },
      'party_member',
    )
    const open = await call('findings', { villageId: 'v1' }, 'branch_secretary')
    expect(open.findings).toEqual([
      expect.objectContaining({
        visitId,
        headName: '户主1',
        needs: '想申请居家养老服务',
        memberName: 'v1party_member',
      }),
    ])
    expect(code(await raw('findings', { villageId: 'v1' }, 'party_member'))).toBe('FORBIDDEN')
    expect(code(await raw('findings', { villageId: 'v1' }, 'resident'))).toBe('FORBIDDEN')
  })

  it('refuses the wrong role and incomplete answers, changing nothing', async () => {
    const base = { villageId: 'v1', visitId }
    expect(code(await raw('resolveFinding', { ...base, outcome: 'handled', note: '已办' }, 'party_member'))).toBe(
      'FORBIDDEN',
    )
    expect(code(await raw('resolveFinding', { ...base, outcome: 'handled', note: '已办' }, 'grid_leader'))).toBe(
      'FORBIDDEN',
    )
    expect(code(await raw('resolveFinding', { ...base, outcome: 'handled' }, 'branch_secretary'))).toBe(
      'INVALID_ARGUMENT',
    )
    expect(code(await raw('resolveFinding', { ...base, outcome: 'request' }, 'branch_secretary'))).toBe(
      'INVALID_ARGUMENT',
    )
    expect(
      code(
        await raw('resolveFinding', { ...base, visitId: 'nope', outcome: 'handled', note: '已办' }, 'branch_secretary'),
      ),
    ).toBe('NOT_FOUND')
    expect((await one(C.visits, visitId)).needsOutcome ?? null).toBeNull()
    expect(await all(C.requests, { source: 'visit' })).toEqual([])
  })

  it('turns it into a request of the household, once, and moves it to the handled list', async () => {
    const input = { villageId: 'v1', visitId, outcome: 'request', category: 'help' }
    const first = await call('resolveFinding', input, 'branch_secretary', 'finding-request-000001')
    expect(await call('resolveFinding', input, 'branch_secretary', 'finding-request-000001')).toEqual(first)
    expect(first.outcome).toBe('request')
    const [req] = await all(C.requests, { source: 'visit' })
    expect(req).toMatchObject({
      _id: first.requestId,
      householdId: 'v1-h1',
      description: '想申请居家养老服务',
      category: 'help',
      status: 'received',
      raisedBy: { personId: MEMBER_A, name: 'v1party_member' },
    })
    expect((await call('findings', { villageId: 'v1' }, 'branch_secretary')).findings).toEqual([])
    const done = await call('findings', { villageId: 'v1', filter: 'done' }, 'branch_secretary')
    expect(done.findings[0]).toMatchObject({ visitId, outcome: 'request', requestId: first.requestId })
    const again = await raw(
      'resolveFinding',
      { villageId: 'v1', visitId, outcome: 'handled', note: '已办' },
      'branch_secretary',
    )
    expect(code(again)).toBe('FAILED_PRECONDITION')
    expect(await all(C.requests, { source: 'visit' })).toHaveLength(1)
  })
})

describe('the visit state of a link under concurrent visits', () => {
  it('counts every one of 10 visits recorded at once, and a late record never moves the last visit back', async () => {
    const [link] = await all(C.linkages, { villageId: 'v1', householdId: 'v1-h1', active: true })
    const member = link!.memberPersonId === MEMBER_A ? 'party_member' : null
    expect(member).toBe('party_member')
    const today = beijingDate(new Date())
    const visit = (date: string, i: number) =>
      call(
        'recordVisit',
        { villageId: 'v1', householdId: 'v1-h1', date, met: '户主', situation: `第${i}次` },
        'party_member',
        `visit-state-${String(i).padStart(12, '0')}`,
      )
    // A first visit of this year, so that the link's state is this year's (the relative update's case).
    await visit(today, 0)
    const before = await one(C.linkages, link!._id)
    await Promise.all(Array.from({ length: 10 }, (_, i) => visit(today, i + 1)))
    const earlier = `${today.slice(0, 8)}${String(Math.max(1, Number(today.slice(8)) - 2)).padStart(2, '0')}`
    await visit(earlier, 11)
    const after = await one(C.linkages, link!._id)
    expect(after.visitsInYear).toBe(before.visitsInYear + 11)
    expect(after.lastVisitDate).toBe(today)
  })
})
