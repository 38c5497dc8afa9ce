import { mayRebind, OWN_ROLES_MESSAGE, roleChangeRefusal, type RoleChangeFacts } from './role-change'

const base: RoleChangeFacts = {
  personId: 'p-other',
  callerPersonIds: ['p-me'],
  supervisor: false,
  before: ['resident'],
  after: ['resident'],
  townshipGrantedRoles: ['branch_secretary', 'first_secretary'],
}

describe('role changes', () => {
  it('lets anything but roles change freely, even on oneself', () => {
    expect(roleChangeRefusal({ ...base, personId: 'p-me' })).toBeNull()
  })

  it('refuses any change of one’s own roles, even by a supervisor', () => {
    const f = { ...base, personId: 'p-me', before: ['village_committee_member'], after: ['branch_secretary'] } as const
    expect(roleChangeRefusal(f)).toBe(OWN_ROLES_MESSAGE)
    expect(roleChangeRefusal({ ...f, supervisor: true })).toBe(OWN_ROLES_MESSAGE)
    expect(roleChangeRefusal({ ...base, personId: 'p-me', after: ['resident', 'party_member'] })).toBe(
      OWN_ROLES_MESSAGE,
    )
  })

  it('needs the township to grant or revoke a listed role', () => {
    const grant = { ...base, after: ['resident', 'branch_secretary'] } as RoleChangeFacts
    expect(roleChangeRefusal(grant)).toContain('支部书记的任免须由乡镇')
    expect(roleChangeRefusal({ ...grant, supervisor: true })).toBeNull()
    const revoke = { ...base, before: ['first_secretary'], after: ['resident'] } as RoleChangeFacts
    expect(roleChangeRefusal(revoke)).toContain('驻村第一书记')
    const created = { ...base, personId: undefined, before: [], after: ['branch_secretary'] } as RoleChangeFacts
    expect(roleChangeRefusal(created)).not.toBeNull()
  })

  it('follows the county list', () => {
    const f = { ...base, after: ['resident', 'branch_committee_member'] } as RoleChangeFacts
    expect(roleChangeRefusal(f)).toBeNull()
    expect(
      roleChangeRefusal({ ...f, townshipGrantedRoles: [...base.townshipGrantedRoles, 'branch_committee_member'] }),
    ).toContain('支委委员')
  })

  it('lets only the person or a supervisor re-bind a WeChat', () => {
    expect(mayRebind({ personId: 'p-me', callerPersonIds: ['p-me'], supervisor: false })).toBe(true)
    expect(mayRebind({ personId: 'p-other', callerPersonIds: ['p-me'], supervisor: true })).toBe(true)
    expect(mayRebind({ personId: 'p-other', callerPersonIds: ['p-me'], supervisor: false })).toBe(false)
  })
})
