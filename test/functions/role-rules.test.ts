/**
 * Issue 21, finding 2 (self-promotion and account takeover) and the invitation part of finding 7, through the real
 * roster, account and org functions: roles change by rule (common/rules/role-change.ts), 更换微信 needs the
 * township or the person, every binding change is in the village's audit log with the real actor and reaches the
 * person, and a burst of invitation requests leaves one open code.
 */
import type { Envelope } from '../../common/errors'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, personIdOf, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
type Any = any // eslint-disable-line @typescript-eslint/no-explicit-any

let cloud: LocalCloud
const mains: Record<string, Main> = {}

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  for (const name of ['roster', 'account', 'org', 'system'])
    mains[name] = (await import(`../../cloudfunctions/${name}`)).main as Main
})
afterAll(() => cloud.close())

const COMMITTEE = openidOf('branch_committee_member')
const SECRETARY = openidOf('branch_secretary')
const KEEPER = openidOf('village_committee_member')
const TOWNSHIP = openidOf('township_organiser')
const COUNTY = openidOf('county_organiser')
const SECRETARY_ID = personIdOf('v1', 'branch_secretary')
const COMMITTEE_ID = personIdOf('v1', 'branch_committee_member')

const call = (fn: string, action: string, data: unknown, openid: string) =>
  invokeAs(mains[fn]!, { action, data }, { openid }) as Promise<Envelope<Any>>
async function ok<T = Any>(p: Promise<Envelope<Any>>): Promise<T> {
  const r = await p
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`)
  return r.data as T
}
const code = (r: Envelope<unknown>) => (r.ok ? 'ok' : r.error.code)
const docs = (collection: string) => [...(cloud.engine.collections.get(collection)?.docs.values() ?? [])] as Any[]
const person = (id: string) => docs(C.people).find((p) => p._id === id)
const save = (personId: string | undefined, name: string, roles: string[], openid: string, extra = {}) =>
  call('roster', 'savePerson', { villageId: 'v1', ...(personId ? { personId } : {}), name, roles, ...extra }, openid)

describe('roles follow a rule, not trust', () => {
  it('refuses a committee member who makes themselves secretary, and changes nothing', async () => {
    const r = await save(COMMITTEE_ID, '支委甲', ['branch_committee_member', 'branch_secretary'], COMMITTEE)
    expect(code(r)).toBe('FORBIDDEN')
    expect(r.ok ? '' : r.error.message).toMatch(/不能修改自己的角色/)
    expect(person(COMMITTEE_ID).roles).toEqual(['branch_committee_member'])
    // Nor any other change of their own roles, whoever they are.
    const member = { party: { standing: 'full', presence: 'home' } }
    expect(
      code(await save(SECRETARY_ID, 'v1branch_secretary', ['branch_secretary', 'party_member'], SECRETARY, member)),
    ).toBe('FORBIDDEN')
  })

  it("refuses a committee member who strips the secretary's roles or names another secretary", async () => {
    expect(code(await save(SECRETARY_ID, 'v1branch_secretary', ['resident'], COMMITTEE))).toBe('FORBIDDEN')
    expect(person(SECRETARY_ID).roles).toEqual(['branch_secretary'])
    const resident = personIdOf('v1', 'resident')
    expect(code(await save(resident, 'v1resident', ['resident', 'first_secretary'], COMMITTEE))).toBe('FORBIDDEN')
    expect(code(await save(undefined, '新书记', ['branch_secretary'], SECRETARY))).toBe('FORBIDDEN')
    expect(docs(C.people).filter((p) => p.name === '新书记')).toHaveLength(0)
  })

  it('lets cadres change other roles of others, and the township grant or revoke 支部书记', async () => {
    const resident = personIdOf('v1', 'resident')
    await ok(
      save(resident, 'v1resident', ['resident', 'party_member'], COMMITTEE, {
        party: { standing: 'full', presence: 'home' },
      }),
    )
    expect(person(resident).roles).toEqual(['resident', 'party_member'])
    const { personId } = await ok(save(undefined, '新书记', ['branch_secretary'], TOWNSHIP))
    expect(person(personId).roles).toEqual(['branch_secretary'])
    await ok(save(personId, '新书记', ['resident'], COUNTY))
    expect(person(personId).roles).toEqual(['resident'])
    // A township organiser of another township does not reach v1 at all.
    expect(code(await save(SECRETARY_ID, 'v1branch_secretary', ['resident'], 'm-nobody'))).toBe('UNAUTHENTICATED')
  })

  it("follows the county's list of township-granted roles", async () => {
    expect(
      code(
        await call('org', 'updateCountySettings', { settings: { townshipGrantedRoles: ['first_secretary'] } }, COUNTY),
      ),
    ).toBe('INVALID_ARGUMENT')
    await ok(
      call(
        'org',
        'updateCountySettings',
        { settings: { townshipGrantedRoles: ['branch_secretary', 'first_secretary', 'branch_committee_member'] } },
        COUNTY,
      ),
    )
    const rep = personIdOf('v1', 'villager_representative')
    expect(code(await save(rep, '代表甲', ['branch_committee_member'], SECRETARY))).toBe('FORBIDDEN')
    await ok(save(rep, '代表甲', ['branch_committee_member'], TOWNSHIP))
    await ok(
      call(
        'org',
        'updateCountySettings',
        { settings: { townshipGrantedRoles: ['branch_secretary', 'first_secretary'] } },
        COUNTY,
      ),
    )
  })
})

describe('更换微信: only the township or the person; every binding change logged and told', () => {
  it("refuses a committee member's re-bind code for the secretary, and writes nothing", async () => {
    const before = docs(C.invitations).length
    const r = await call(
      'roster',
      'createInvitation',
      { villageId: 'v1', personId: SECRETARY_ID, rebind: true },
      COMMITTEE,
    )
    expect(code(r)).toBe('FORBIDDEN')
    expect(docs(C.invitations).length).toBe(before)
    expect(person(SECRETARY_ID).openid).toBe(SECRETARY)
  })

  it('lets the township re-bind the secretary: logged with the real actor, the old and new WeChat told', async () => {
    const { code: invitation } = await ok(
      call('roster', 'createInvitation', { villageId: 'v1', personId: SECRETARY_ID, rebind: true }, TOWNSHIP),
    )
    await ok(call('account', 'redeemInvitation', { code: invitation }, 'o-secretary-new-phone'))
    expect(person(SECRETARY_ID).openid).toBe('o-secretary-new-phone')
    expect((await ok(call('system', 'whoami', {}, SECRETARY))).bound).toBe(false)

    const log = await ok(call('roster', 'listAudit', { villageId: 'v1', limit: 20 }, TOWNSHIP))
    const bindings = log.entries.filter((e: Any) => e.detail)
    expect(bindings.map((e: Any) => e.action)).toEqual(['account.redeemInvitation', 'roster.createInvitation'])
    expect(bindings[0].detail).toMatch(/微信已更换.*乡镇组织委员甲生成.*原微信已解绑/)
    // The actor is the WeChat that redeemed the code — not shown as the secretary it became.
    expect(bindings[0].actorName).not.toBe('v1branch_secretary')
    expect(bindings[1].actorName).toBe('乡镇组织委员甲')
    const stored = docs(C.audit).find((e) => e.action === 'account.redeemInvitation' && e.villageId === 'v1')
    expect(stored.actor.openid).toBe('o-secretary-new-phone')

    const told = docs(C.notices).filter((n) => n.personId === SECRETARY_ID && n.template === 'binding_changed')
    expect(new Set(told.map((n) => n.openid))).toEqual(new Set([SECRETARY, 'o-secretary-new-phone']))
  })

  it('lets the person issue a 更换微信 code for themselves', async () => {
    const committee = await ok(
      call('roster', 'createInvitation', { villageId: 'v1', personId: COMMITTEE_ID, rebind: true }, COMMITTEE),
    )
    await ok(call('account', 'redeemInvitation', { code: committee.code }, 'o-committee-new-phone'))
    expect(person(COMMITTEE_ID).openid).toBe('o-committee-new-phone')
  })

  it('needs the township to invite an unbound person who holds a township-granted role', async () => {
    const { personId } = await ok(save(undefined, '待绑定书记', ['first_secretary'], TOWNSHIP))
    expect(code(await call('roster', 'createInvitation', { villageId: 'v1', personId }, KEEPER))).toBe('FORBIDDEN')
    await ok(call('roster', 'createInvitation', { villageId: 'v1', personId }, TOWNSHIP))
  })
})

describe('bursts (issue 21, finding 7)', () => {
  it('adds one person for 10 concurrent savePerson calls carrying one request id (the roster page sends one)', async () => {
    const answers = await Promise.all(
      Array.from(
        { length: 10 },
        () =>
          invokeAs(
            mains.roster!,
            {
              action: 'savePerson',
              data: { villageId: 'v1', name: '连点新增', roles: ['resident'] },
              requestId: 'save-person-double-tap-1',
            },
            { openid: KEEPER },
          ) as Promise<Envelope<Any>>,
      ),
    )
    expect(answers.some((a) => a.ok)).toBe(true)
    expect(docs(C.people).filter((p) => p.name === '连点新增')).toHaveLength(1)
  })

  it('leaves exactly one open code per person after 12 concurrent invitation creations', async () => {
    const { personId } = await ok(save(undefined, '连点邀请', ['resident'], KEEPER))
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => call('roster', 'createInvitation', { villageId: 'v1', personId }, KEEPER)),
    )
    const issued = answers.filter((a) => a.ok).map((a) => (a as Any).data.invitationId)
    expect(issued).toHaveLength(12)
    const open = docs(C.invitations).filter((i) => i.personId === personId && i.status === 'open')
    expect(open).toHaveLength(1)
    expect(issued).toContain(open[0]._id)
    expect(person(personId).openInvitationId).toBe(open[0]._id)
  })
})
