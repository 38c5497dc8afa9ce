/**
 * Personal data follows need-to-know, field by field (issue 21, finding 1). Generated from the table in
 * common/rules/personal-data.ts: every action it lists as returning personal data is called as every role on a
 * village holding one request, one visit diary entry and one duty log about the same resident, and what each
 * answer shows of each field — in full, masked, or nothing — must not exceed that role's cell (or the `self`
 * column, for the caller's own data). A refused call shows nothing. Also: raising a request for someone needs a
 * real link to their household, and a refused raise writes nothing.
 */
import type { Envelope } from '../../common/errors'
import { ALL_ROLES, type Role } from '../../common/roles'
import { beijingDate } from '../../common/rules/beijing-time'
import {
  PERSONAL_FIELDS,
  PERSONAL_OUTPUTS,
  atMost,
  lesser,
  type PersonalFieldKey,
  type Visibility,
} from '../../common/rules/personal-data'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, personIdOf, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'
import { notInLastMinutesOfDay, startTestClockAt, TEST_NOW } from '../support/test-now'

startTestClockAt(notInLastMinutesOfDay(TEST_NOW, 5))

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
type Any = any // eslint-disable-line @typescript-eslint/no-explicit-any

let cloud: LocalCloud
const mains: Record<string, Main> = {}

const RESIDENT_ID = personIdOf('v1', 'resident')
const STRANGER_ID = 'v1-stranger'
const PHONE = '13800001234'
const ID_TAIL = '**************002X'
const SITUATION = '老人独居，腿脚不便'
const VISITOR = '王小五'

const call = (fn: string, action: string, data: unknown, openid: string) =>
  invokeAs(mains[fn]!, { action, data }, { openid }) as Promise<Envelope<Any>>
async function ok<T = Any>(p: Promise<Envelope<Any>>): Promise<T> {
  const r = await p
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`)
  return r.data as T
}
const docs = (collection: string) => [...(cloud.engine.collections.get(collection)?.docs.values() ?? [])] as Any[]

/** The household each fixture person lives in (org-fixture.ts). */
const householdOf = (role: Role) =>
  role === 'township_organiser' || role === 'county_organiser'
    ? null
    : role === 'resident' || role === 'household_head'
      ? 'v1-h1'
      : 'v1-h2'
/** Whose data an element of an answer is, to tell the caller's own from others'. */
type SelfTest = (role: Role, element: Any) => boolean
const aboutResident: SelfTest = (role) => role === 'resident'
const personRow: SelfTest = (role, e) => e?.id === personIdOf('v1', role)
const householdRow: SelfTest = (role, e) => [e?.id, e?.householdId].includes(householdOf(role))
const own: SelfTest = () => true

let requestId = ''
let logId = ''
/** A valid input for each listed action, and how to tell the caller's own data in its answer. */
const WALK: Record<string, { fn: string; input: () => Record<string, unknown>; self: SelfTest }> = {
  'roster.getPerson': { fn: 'roster', input: () => ({ villageId: 'v1', personId: RESIDENT_ID }), self: aboutResident },
  'roster.listPeople': { fn: 'roster', input: () => ({ villageId: 'v1' }), self: personRow },
  'roster.listHouseholds': { fn: 'roster', input: () => ({ villageId: 'v1' }), self: householdRow },
  'account.myProfile': { fn: 'account', input: () => ({}), self: own },
  'requests.get': { fn: 'requests', input: () => ({ villageId: 'v1', requestId }), self: aboutResident },
  'requests.mine': { fn: 'requests', input: () => ({ villageId: 'v1' }), self: aboutResident },
  'requests.villageQueue': { fn: 'requests', input: () => ({ villageId: 'v1', filter: 'all' }), self: aboutResident },
  'requests.townshipQueue': {
    fn: 'requests',
    input: () => ({ townshipId: 't1', filter: 'holding' }),
    self: aboutResident,
  },
  'requests.countyQueue': { fn: 'requests', input: () => ({ filter: 'overdue' }), self: aboutResident },
  'grid.household': { fn: 'grid', input: () => ({ villageId: 'v1', householdId: 'v1-h1' }), self: householdRow },
  'grid.myHouseholds': { fn: 'grid', input: () => ({ villageId: 'v1' }), self: householdRow },
  'grid.overview': { fn: 'grid', input: () => ({ villageId: 'v1' }), self: householdRow },
  'council.households': { fn: 'council', input: () => ({ villageId: 'v1' }), self: householdRow },
  'duty.listLogs': { fn: 'duty', input: () => ({ villageId: 'v1' }), self: () => false },
  'duty.closeLog': { fn: 'duty', input: () => ({ villageId: 'v1', logId, result: '已办好' }), self: () => false },
}
/** Listed actions walked elsewhere, and where. */
const WALKED_ELSEWHERE: Record<string, string> = {
  'duty.addLog': 'the fixture below adds the log through it; its answer is checked there',
  'duty.handOverLog': 'same view as duty.closeLog (cloudfunctions/duty/views.ts), masked for every caller',
  'deliberation.listVoters': 'needs a matter in voting: test/functions/deliberation.test.ts; only runners reach it',
}

beforeAll(async () => {
  cloud = await startTestCloud()
  const fixture = orgDocs()
  const resident = fixture.get(C.people)!.find((p) => p._id === RESIDENT_ID)!
  resident.idNumberMasked = ID_TAIL
  // Someone in grid 2's household v1-h3, linked to nobody: no fixture member has a link to them.
  fixture.get(C.people)!.push({
    ...resident,
    _id: STRANGER_ID,
    name: '陌生人',
    phone: '13900009999',
    householdId: 'v1-h3',
    gridId: 'v1-g2',
    roles: ['resident'],
    openid: null,
    idNumberMasked: null,
  })
  await writeDocs(cloud, fixture)
  for (const name of ['roster', 'account', 'requests', 'grid', 'council', 'duty'])
    mains[name] = (await import(`../../cloudfunctions/${name}`)).main as Main
  const secretary = openidOf('branch_secretary')
  // The member is linked to the resident's household, visits it and raises a request there; the resident raises
  // one for themself; a cadre logs the resident's visit to the service centre.
  await ok(
    call(
      'grid',
      'assign',
      { villageId: 'v1', memberPersonId: personIdOf('v1', 'party_member'), householdIds: ['v1-h1'] },
      secretary,
    ),
  )
  await ok(
    call(
      'grid',
      'recordVisit',
      {
        villageId: 'v1',
        householdId: 'v1-h1',
        date: beijingDate(new Date()),
        met: '本人',
        situation: SITUATION,
        requests: [{ category: 'help', description: '想办残疾证，不知道去哪办', residentPersonId: RESIDENT_ID }],
      },
      openidOf('party_member'),
    ),
  )
  ;({ requestId } = await ok(
    call(
      'requests',
      'raise',
      { villageId: 'v1', category: 'help', description: '路灯坏了好几天' },
      openidOf('resident'),
    ),
  ))
  const added = await ok(
    call(
      'duty',
      'addLog',
      { villageId: 'v1', visitorName: VISITOR, visitorPhone: PHONE, matter: '咨询低保政策', outcome: 'follow-up' },
      secretary,
    ),
  )
  logId = added.entry.id
  expect(added.entry.visitorName).not.toBe(VISITOR)
})
afterAll(() => cloud.close())

/** The values at `path` ('a[].b'), each with the array element it sits in (or the whole answer). */
function pick(data: Any, path: string): { value: unknown; element: Any }[] {
  let items: { value: Any; element: Any }[] = [{ value: data, element: data }]
  for (const part of path.split('.')) {
    const array = part.endsWith('[]')
    const key = array ? part.slice(0, -2) : part
    items = items.flatMap(({ value, element }) => {
      const next = value?.[key]
      if (!array) return [{ value: next, element }]
      return Array.isArray(next) ? next.map((v: Any) => ({ value: v, element: v })) : []
    })
  }
  return items
}

/** What a returned value shows of the field: the full value, a masked one, or nothing. */
function shown(field: PersonalFieldKey, value: unknown): Visibility {
  if (value === undefined || value === null || value === '') return 'none'
  if (typeof value === 'number') return 'full'
  const full = [PHONE, ID_TAIL, SITUATION, VISITOR, 'v1resident', '0001', '0002', '0003', '户主1', '户主2', '户主3']
  if (full.includes(String(value))) return 'full'
  void field
  return 'masked'
}

const walked = PERSONAL_OUTPUTS.filter((o) => WALK[o.action])

describe('personal data, field by field, as every role', () => {
  it('walks every listed action (or says where it is walked)', () => {
    const missing = PERSONAL_OUTPUTS.map((o) => o.action).filter((a) => !WALK[a] && !WALKED_ELSEWHERE[a])
    expect([...new Set(missing)]).toEqual([])
  })

  it('lets the contract of each action walked elsewhere reach only roles the table lets see its fields', async () => {
    const { contracts } = await import('../../common/contracts')
    const byKey = Object.fromEntries(
      Object.values(contracts).flatMap((fn) =>
        Object.entries(fn.actions as Record<string, { roles: readonly string[] }>).map(([n, a]) => [
          `${fn.name}.${n}`,
          a.roles,
        ]),
      ),
    )
    const wrong = PERSONAL_OUTPUTS.filter((o) => WALKED_ELSEWHERE[o.action]).flatMap((o) =>
      (byKey[o.action] ?? [])
        .filter((r) => PERSONAL_FIELDS[o.field].byRole[r as Role] === 'none')
        .map((r) => `${o.action} ${o.path}: ${r}`),
    )
    expect(wrong).toEqual([])
  })

  const actions = [...new Set(walked.map((o) => o.action))]
  let compared = 0
  let full = 0

  it.each(actions)('%s shows no role more than the table allows', async (action) => {
    const { fn, input, self } = WALK[action]!
    const outputs = walked.filter((o) => o.action === action)
    const excess: string[] = []
    for (const role of ALL_ROLES) {
      const answer = await call(fn, action.split('.')[1]!, input(), openidOf(role))
      if (!answer.ok) continue
      for (const o of outputs) {
        const f = PERSONAL_FIELDS[o.field]
        for (const { value, element } of pick(answer.data, o.path)) {
          const cell = self(role, element) && atMost(f.byRole[role], f.self) ? f.self : f.byRole[role]
          const allowed = o.cap ? lesser(cell, o.cap) : cell
          const got = shown(o.field, value)
          compared++
          if (got === 'full') full++
          if (!atMost(got, allowed)) excess.push(`${role} ${o.path}: shows ${got}, table allows ${allowed}`)
        }
      }
    }
    expect(excess).toEqual([])
  })

  it('compared real values, some of them in full (the walk is not vacuous)', () => {
    expect(compared).toBeGreaterThan(100)
    expect(full).toBeGreaterThan(20)
  })
})

describe('requests.get and the phone', () => {
  it('gives the full mobile to the resident and the handlers, masked to the linked member and the household', async () => {
    const phone = async (role: Role) =>
      (await ok(call('requests', 'get', { villageId: 'v1', requestId }, openidOf(role)))).residentPhone
    expect(await phone('resident')).toBe(PHONE)
    expect(await phone('branch_secretary')).toBe(PHONE)
    expect(await phone('grid_leader')).toBe(PHONE)
    expect(await phone('household_head')).toBe('138****1234')
    expect(await phone('township_organiser')).toBe('138****1234')
    const visitRequest = docs(C.requests).find((r) => r.source === 'visit')
    const member = await ok(
      call('requests', 'get', { villageId: 'v1', requestId: visitRequest._id }, openidOf('party_member')),
    )
    expect(member.residentPhone).toBe('138****1234')
  })
})

describe('raising a request for someone needs a real link (issue 21, finding 1)', () => {
  const raise = (openid: string, data: Record<string, unknown>) =>
    call('requests', 'raise', { villageId: 'v1', category: 'help', description: '替人提的诉求内容', ...data }, openid)

  it('refuses a plain member naming an arbitrary person, and writes nothing', async () => {
    const before = docs(C.requests).length
    const member = openidOf('party_member')
    // The member lives in v1-h2 and is linked to v1-h1; the stranger lives in v1-h3.
    const stranger = STRANGER_ID
    for (const data of [
      { residentPersonId: stranger },
      { householdId: 'v1-h1', residentPersonId: stranger },
      { householdId: 'v1-h3' },
      { residentPersonId: personIdOf('v2', 'resident') },
    ]) {
      const r = await raise(member, data)
      expect(r.ok ? 'ok' : r.error.code).toMatch(/FORBIDDEN|NOT_FOUND/)
      if (!r.ok && r.error.code === 'FORBIDDEN') expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    expect(docs(C.requests).length).toBe(before)
    expect(docs(C.rate_limits).filter((d) => JSON.stringify(d).includes(member)).length).toBe(0)
  })

  it('refuses a grid leader naming someone outside their grid, and a visit naming someone of another household', async () => {
    const before = docs(C.requests).length
    expect((await raise(openidOf('grid_leader'), { householdId: 'v1-h3' })).ok).toBe(false)
    expect((await raise(openidOf('grid_leader'), { residentPersonId: STRANGER_ID })).ok).toBe(false)
    const visit = await call(
      'grid',
      'recordVisit',
      {
        villageId: 'v1',
        householdId: 'v1-h1',
        date: beijingDate(new Date()),
        met: '本人',
        situation: '一切正常',
        requests: [
          { category: 'help', description: '替别人提的诉求', residentPersonId: personIdOf('v1', 'first_secretary') },
        ],
      },
      openidOf('party_member'),
    )
    expect(visit.ok ? 'ok' : visit.error.code).toBe('FORBIDDEN')
    expect(docs(C.requests).length).toBe(before)
    expect(docs(C.visits).filter((v) => v.situation === '一切正常')).toHaveLength(0)
  })

  it('lets a member raise for a linked household, a grid leader for their grid, anyone for their own household', async () => {
    await ok(raise(openidOf('party_member'), { householdId: 'v1-h1', residentPersonId: RESIDENT_ID }))
    await ok(raise(openidOf('grid_leader'), { residentPersonId: RESIDENT_ID }))
    await ok(raise(openidOf('household_head'), { residentPersonId: RESIDENT_ID }))
    await ok(raise(openidOf('branch_secretary'), { householdId: 'v1-h3' }))
  })
})
