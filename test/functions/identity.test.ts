/**
 * Binding by invitation, roster writes, settings and the audit log, through the real functions and the real SDK.
 */
import type { Envelope } from '../../common/errors'
import { CODE_ALPHABET, CODE_BITS, MAX_WRONG_ATTEMPTS } from '../../common/rules/invitation-code'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, personIdOf, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
let account: Main
let roster: Main
let org: Main
let system: Main
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  account = (await import('../../cloudfunctions/account')).main as Main
  roster = (await import('../../cloudfunctions/roster')).main as Main
  org = (await import('../../cloudfunctions/org')).main as Main
  system = (await import('../../cloudfunctions/system')).main as Main
  db = (await import('../../cloudfunctions/_lib/cloud')).db
})
afterAll(() => cloud.close())

const SECRETARY = openidOf('branch_secretary')
async function call<T = Record<string, unknown>>(
  main: Main,
  action: string,
  data: unknown,
  openid: string,
): Promise<Envelope<T>> {
  return (await invokeAs(main, { action, data }, { openid })) as Envelope<T>
}
async function ok<T = Record<string, unknown>>(promise: Promise<Envelope<T>>): Promise<T> {
  const result = await promise
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.data
}
const code = (r: Envelope<unknown>) => (r.ok ? 'ok' : r.error.code)

async function newPerson(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { personId } = await ok<{ personId: string }>(
    call(roster, 'savePerson', { villageId: 'v1', name, roles: ['resident'], ...extra }, SECRETARY),
  )
  return personId
}
async function invite(personId: string, rebind = false, by = SECRETARY) {
  return ok<{ code: string; display: string; invitationId: string; expiresAt: string; qrImage?: string }>(
    call(roster, 'createInvitation', { villageId: 'v1', personId, rebind }, by),
  )
}
async function docById(collection: string, id: string) {
  const { data } = await db.collection(collection).where({ _id: id }).get()
  return data[0]
}

describe('invitation codes and binding', () => {
  it('binds the WeChat account that redeems a fresh code, once', async () => {
    const personId = await newPerson('李新')
    const inv = await invite(personId)
    expect(inv.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{10}$`))
    expect(CODE_BITS).toBeGreaterThanOrEqual(40)
    expect(inv.display).toBe(`${inv.code.slice(0, 5)}-${inv.code.slice(5)}`)
    expect(inv.qrImage).toBeUndefined() // offline: the local stub makes no mini-program code
    expect(await docById(C.invitations, inv.invitationId)).not.toHaveProperty('code')

    const redeemed = await ok(call(account, 'redeemInvitation', { code: inv.display.toLowerCase() }, 'o-li-xin'))
    expect(redeemed).toEqual({ villageId: 'v1', villageName: 'v1村', personName: '李新', roles: ['resident'] })
    expect(await ok(call(system, 'whoami', {}, 'o-li-xin'))).toEqual({
      bound: true,
      memberships: [{ villageId: 'v1', townshipId: 't1', personId, roles: ['resident'] }],
    })
    expect((await docById(C.people, personId)).openid).toBe('o-li-xin')

    const again = await call(account, 'redeemInvitation', { code: inv.code }, 'o-someone-else')
    expect(code(again)).toBe('FAILED_PRECONDITION')
    expect(!again.ok && again.error.message).toMatch(/已经用过/)
  })

  it('binds exactly one of 20 accounts redeeming the same code at once', async () => {
    const personId = await newPerson('王同时')
    const inv = await invite(personId)
    const openids = Array.from({ length: 20 }, (_, i) => `o-race-${i}`)
    const results = await Promise.all(openids.map((o) => call(account, 'redeemInvitation', { code: inv.code }, o)))
    const winners = openids.filter((_, i) => results[i]!.ok)
    expect(winners).toHaveLength(1)
    for (const r of results.filter((x) => !x.ok))
      expect(['FAILED_PRECONDITION', 'CONFLICT', 'INTERNAL']).toContain(code(r))
    expect(results.filter((r) => code(r) === 'INTERNAL')).toHaveLength(0)
    expect((await docById(C.people, personId)).openid).toBe(winners[0])
    const { data: bound } = await db
      .collection(C.bindings)
      .where({ _id: db.command.in(openids) })
      .get()
    expect(
      bound.filter((b: { memberships: { personId: string }[] }) => b.memberships.some((m) => m.personId === personId)),
    ).toHaveLength(1)
  })

  it('refuses an expired or revoked code', async () => {
    const personId = await newPerson('赵过期')
    const inv = await invite(personId)
    await db
      .collection(C.invitations)
      .doc(inv.invitationId)
      .update({ data: { expiresAt: new Date(Date.now() - 1000) } })
    const expired = await call(account, 'redeemInvitation', { code: inv.code }, 'o-late')
    expect(code(expired)).toBe('FAILED_PRECONDITION')
    expect(!expired.ok && expired.error.message).toMatch(/过期/)

    const second = await invite(personId)
    // A new code for the same person makes the earlier one stop working (one valid code per person).
    expect((await docById(C.invitations, inv.invitationId)).status).toBe('revoked')
    await ok(call(roster, 'revokeInvitation', { villageId: 'v1', invitationId: second.invitationId }, SECRETARY))
    const revoked = await call(account, 'redeemInvitation', { code: second.code }, 'o-late')
    expect(!revoked.ok && revoked.error.message).toMatch(/作废/)
  })

  it(`locks an account out after ${MAX_WRONG_ATTEMPTS} wrong codes, even for a right one`, async () => {
    const personId = await newPerson('钱猜码')
    const inv = await invite(personId)
    for (let i = 0; i < MAX_WRONG_ATTEMPTS; i++) {
      const wrong = await call(account, 'redeemInvitation', { code: 'ZZZZZ-ZZZZ' + 'ABCDE'[i] }, 'o-guesser')
      expect(code(wrong)).toBe('NOT_FOUND')
      if (i === 0) expect(!wrong.ok && wrong.error.message).toContain(`还可再试 ${MAX_WRONG_ATTEMPTS - 1} 次`)
    }
    const locked = await call(account, 'redeemInvitation', { code: inv.code }, 'o-guesser')
    expect(code(locked)).toBe('RATE_LIMITED')
    // Another account is not affected.
    expect(code(await call(account, 'redeemInvitation', { code: inv.code }, 'o-honest'))).toBe('ok')
  })

  it("re-binds a bound person only with the township's “更换微信” code; the old account loses the membership", async () => {
    const personId = await newPerson('孙换机')
    await ok(call(account, 'redeemInvitation', { code: (await invite(personId)).code }, 'o-old-phone'))
    const refused = await call(roster, 'createInvitation', { villageId: 'v1', personId, rebind: false }, SECRETARY)
    expect(code(refused)).toBe('FAILED_PRECONDITION')
    const township = openidOf('township_organiser')
    await ok(call(account, 'redeemInvitation', { code: (await invite(personId, true, township)).code }, 'o-new-phone'))
    expect(await ok(call(system, 'whoami', {}, 'o-old-phone'))).toEqual({ bound: false, memberships: [] })
    expect(((await ok(call(system, 'whoami', {}, 'o-new-phone'))) as { bound: boolean }).bound).toBe(true)
  })

  it('does not let one WeChat account bind two people of the same village', async () => {
    await ok(call(account, 'redeemInvitation', { code: (await invite(await newPerson('周一'))).code }, 'o-greedy'))
    const second = await call(
      account,
      'redeemInvitation',
      { code: (await invite(await newPerson('周二'))).code },
      'o-greedy',
    )
    expect(code(second)).toBe('CONFLICT')
  })
})

describe('village picker (org.publicVillages, public)', () => {
  it("lists the townships only, and a township's villages when it is asked for", async () => {
    const all = (await ok(call(org, 'publicVillages', {}, 'o-stranger'))) as {
      townships: { id: string; villages: { id: string }[] }[]
    }
    expect(all.townships.map((t) => t.id)).toEqual(['t1', 't2'])
    expect(all.townships.every((t) => t.villages.length === 0)).toBe(true)
    const t1 = (await ok(call(org, 'publicVillages', { townshipId: 't1' }, 'o-stranger'))) as typeof all
    expect(t1.townships.find((t) => t.id === 't1')!.villages.map((v) => v.id)).toEqual(['v1', 'v2'])
    expect(t1.townships.find((t) => t.id === 't2')!.villages).toEqual([])
  })
})

describe('roster', () => {
  it('stores an ID number masked beyond its last 4 characters, and rejects a wrong one', async () => {
    const personId = await newPerson('吴身份', { idNumber: '11010519491231002X', phone: '13912345678' })
    const stored = await docById(C.people, personId)
    expect(stored.idNumberMasked).toBe('**************002X')
    expect(JSON.stringify(stored)).not.toContain('110105')
    const person = await ok(call(roster, 'getPerson', { villageId: 'v1', personId }, SECRETARY))
    expect(person).toMatchObject({
      idNumberMasked: '**************002X',
      phone: '13912345678',
      phoneMasked: '139****5678',
    })
    const bad = await call(
      roster,
      'savePerson',
      { villageId: 'v1', name: '错号', roles: ['resident'], idNumber: '110105194912310021' },
      SECRETARY,
    )
    expect(code(bad)).toBe('INVALID_ARGUMENT')
  })

  it('finds people by name fragment or phone tail; a grid leader sees only their grid', async () => {
    const byName = await ok<{ people: { name: string }[] }>(
      call(roster, 'listPeople', { villageId: 'v1', query: '吴身' }, SECRETARY),
    )
    expect(byName.people.map((p) => p.name)).toEqual(['吴身份'])
    const byPhone = await ok<{ people: { name: string }[] }>(
      call(roster, 'listPeople', { villageId: 'v1', query: '5678' }, SECRETARY),
    )
    expect(byPhone.people.map((p) => p.name)).toContain('吴身份')

    const leader = openidOf('grid_leader')
    const seen = await ok<{ people: { gridId?: string }[]; total: number }>(
      call(roster, 'listPeople', { villageId: 'v1', limit: 50 }, leader),
    )
    expect(seen.total).toBeGreaterThan(0)
    expect(new Set(seen.people.map((p) => p.gridId))).toEqual(new Set(['v1-g1']))
    const otherGrid = await call(
      roster,
      'getPerson',
      { villageId: 'v1', personId: personIdOf('v1', 'villager_representative') },
      leader,
    )
    expect(code(otherGrid)).toBe('FORBIDDEN')
    const households = await ok<{ households: { gridId?: string }[] }>(
      call(roster, 'listHouseholds', { villageId: 'v1' }, leader),
    )
    expect(new Set(households.households.map((h) => h.gridId))).toEqual(new Set(['v1-g1']))
  })

  it('never returns a record of another village, even by its id', async () => {
    const r = await call(roster, 'getPerson', { villageId: 'v1', personId: personIdOf('v2', 'resident') }, SECRETARY)
    expect(code(r)).toBe('NOT_FOUND')
  })

  it('keeps household numbers consistent: adults cannot exceed members', async () => {
    const r = await call(
      roster,
      'saveHousehold',
      { villageId: 'v1', number: '0099', headName: '郑', memberCount: 2, adultCount: 3 },
      SECRETARY,
    )
    expect(!r.ok && r.error.fields?.[0]?.path).toBe('adultCount')
  })
})

describe('settings', () => {
  const county = openidOf('county_organiser')
  it('refuse a county quorum below the statutory floor, with the reason', async () => {
    const r = await call(org, 'updateCountySettings', { settings: { assemblyAttendance: { num: 2, den: 5 } } }, county)
    expect(code(r)).toBe('INVALID_ARGUMENT')
    expect(!r.ok && r.error.message).toMatch(/不能低于法定标准“过半数”/)
    expect(!r.ok && r.error.fields).toEqual([
      { path: 'assemblyAttendance', message: expect.stringContaining('支部党员大会到会比例') },
    ])
  })

  it('layer county values and village overrides of local rules', async () => {
    await ok(call(org, 'updateCountySettings', { settings: { councilCarsCap: 8, memberStudyHours: 40 } }, county))
    const refused = await call(
      org,
      'updateVillageSettings',
      { villageId: 'v1', overrides: { memberStudyHours: 60 } },
      SECRETARY,
    )
    expect(code(refused)).toBe('INVALID_ARGUMENT') // strict schema: not a village-level setting
    await ok(call(org, 'updateVillageSettings', { villageId: 'v1', overrides: { councilCarsCap: 6 } }, SECRETARY))
    const v1 = await ok<{ effective: Record<string, unknown> }>(
      call(org, 'getSettings', { villageId: 'v1' }, openidOf('resident')),
    )
    const v2 = await ok<{ effective: Record<string, unknown> }>(
      call(org, 'getSettings', { villageId: 'v2' }, openidOf('township_organiser')),
    )
    expect([v1.effective.councilCarsCap, v2.effective.councilCarsCap]).toEqual([6, 8])
    expect(v1.effective.memberStudyHours).toBe(40)
    await ok(call(org, 'updateVillageSettings', { villageId: 'v1', overrides: { councilCarsCap: null } }, SECRETARY))
    const back = await ok<{ effective: Record<string, unknown>; overrides: Record<string, unknown> }>(
      call(org, 'getSettings', { villageId: 'v1' }, SECRETARY),
    )
    expect(back.effective.councilCarsCap).toBe(8)
    expect(back.overrides).toEqual({})
  })
})

describe('audit log', () => {
  it("records writes and reads of other people's data, not a person reading their own", async () => {
    const before = (await db.collection(C.audit).count()).total
    const personId = await newPerson('冯审计')
    await ok(call(roster, 'getPerson', { villageId: 'v1', personId }, SECRETARY))
    await ok(call(account, 'myProfile', {}, openidOf('resident')))
    const { data } = await db.collection(C.audit).orderBy('at', 'desc').limit(2).get()
    expect((await db.collection(C.audit).count()).total).toBe(before + 2)
    const [read, write] = data as {
      action: string
      kind: string
      actor: { openid: string; name: string }
      villageId: string
      subjects: { id: string }[]
    }[]
    expect(write).toMatchObject({
      action: 'roster.savePerson',
      kind: 'write',
      villageId: 'v1',
      actor: { openid: SECRETARY, name: 'v1branch_secretary' },
      subjects: [{ collection: C.people, id: personId }],
    })
    expect(read).toMatchObject({
      action: 'roster.getPerson',
      kind: 'personal-read',
      subjects: [{ collection: C.people, id: personId }],
    })
  })

  it('is readable by the secretary and offers no action that changes it', async () => {
    const log = await ok<{ entries: { action: string }[] }>(
      call(roster, 'listAudit', { villageId: 'v1', limit: 5 }, SECRETARY),
    )
    expect(log.entries[0]!.action).toBe('roster.getPerson')
    const { contracts } = await import('../../common/contracts')
    // Actions about the audit log only read it (the runtime alone appends to it): none is declared a write.
    const auditActions = Object.values(contracts).flatMap((fn) =>
      Object.entries(fn.actions as Record<string, { audit?: string }>)
        .filter(([n]) => /audit/i.test(n))
        .map(([n, a]) => ({ n, write: a.audit === 'write' })),
    )
    expect(auditActions).toEqual([
      { n: 'listAudit', write: false },
      { n: 'matterAudit', write: false },
    ])
  })
})

describe('my profile', () => {
  it('shows a resident their roles and their own household', async () => {
    const me = await ok<{ memberships: Record<string, unknown>[] }>(
      call(account, 'myProfile', {}, openidOf('resident')),
    )
    expect(me.memberships).toEqual([
      expect.objectContaining({
        level: 'village',
        unitId: 'v1',
        unitName: 'v1村',
        townshipName: '一号镇',
        roles: ['resident'],
        household: { number: '0001', headName: '户主1', memberCount: 3, adultCount: 2 },
        gridName: '第1网格',
      }),
    ])
    const organiser = await ok<{ memberships: Record<string, unknown>[] }>(
      call(account, 'myProfile', {}, openidOf('township_organiser')),
    )
    expect(organiser.memberships).toEqual([
      expect.objectContaining({ level: 'township', unitId: 't1', unitName: '一号镇' }),
    ])
  })
})
