import { grantingMemberships, isAllowed, needsVillageTownship, roleReaches } from './access'

const secretaryV1 = { villageId: 'v1', townshipId: 't1', roles: ['branch_secretary', 'party_member'] as const }
const organiserT1 = { townshipId: 't1', roles: ['township_organiser'] as const }
const county = { roles: ['county_organiser'] as const }

describe('role × scope', () => {
  it('village roles reach their own village only', () => {
    expect(roleReaches('branch_secretary', secretaryV1, 'village', { villageId: 'v1' })).toBe(true)
    expect(roleReaches('branch_secretary', secretaryV1, 'village', { villageId: 'v2', villageTownshipId: 't1' })).toBe(
      false,
    )
    expect(roleReaches('branch_secretary', secretaryV1, 'township', { townshipId: 't1' })).toBe(false)
    expect(roleReaches('branch_secretary', secretaryV1, 'county', {})).toBe(false)
  })

  it('a township organiser reaches the villages of its township and the township, nothing else', () => {
    expect(
      roleReaches('township_organiser', organiserT1, 'village', { villageId: 'v2', villageTownshipId: 't1' }),
    ).toBe(true)
    expect(
      roleReaches('township_organiser', organiserT1, 'village', { villageId: 'v9', villageTownshipId: 't2' }),
    ).toBe(false)
    expect(roleReaches('township_organiser', organiserT1, 'village', { villageId: 'v9' })).toBe(false)
    expect(roleReaches('township_organiser', organiserT1, 'township', { townshipId: 't1' })).toBe(true)
    expect(roleReaches('township_organiser', organiserT1, 'township', { townshipId: 't2' })).toBe(false)
    expect(roleReaches('township_organiser', organiserT1, 'county', {})).toBe(false)
  })

  it('a county organiser reaches everything in the county', () => {
    expect(roleReaches('county_organiser', county, 'village', { villageId: 'v9' })).toBe(true)
    expect(roleReaches('county_organiser', county, 'township', { townshipId: 't2' })).toBe(true)
    expect(roleReaches('county_organiser', county, 'county', {})).toBe(true)
  })

  it('a scope without its target denies', () => {
    expect(roleReaches('county_organiser', county, 'village', {})).toBe(false)
    expect(roleReaches('county_organiser', county, 'township', {})).toBe(false)
  })

  it('grants through the membership that holds the role in the target village, not another one', () => {
    const firstSecretaryElsewhere = [
      { villageId: 'v1', townshipId: 't1', roles: ['first_secretary'] as const },
      { villageId: 'v2', townshipId: 't1', roles: ['party_member'] as const },
    ]
    expect(isAllowed(['first_secretary'], 'village', firstSecretaryElsewhere, { villageId: 'v2' })).toBe(false)
    expect(isAllowed(['first_secretary'], 'village', firstSecretaryElsewhere, { villageId: 'v1' })).toBe(true)
    expect(grantingMemberships(['party_member'], 'village', firstSecretaryElsewhere, { villageId: 'v2' })).toEqual([
      firstSecretaryElsewhere[1],
    ])
    expect(isAllowed(['party_member'], 'self', firstSecretaryElsewhere, {})).toBe(true)
    expect(isAllowed(['branch_secretary'], 'self', firstSecretaryElsewhere, {})).toBe(false)
  })

  it('asks for the township of a village only when a township organiser role could decide it', () => {
    expect(needsVillageTownship(['township_organiser'], 'village', [organiserT1])).toBe(true)
    expect(needsVillageTownship(['branch_secretary'], 'village', [organiserT1])).toBe(false)
    expect(needsVillageTownship(['township_organiser'], 'township', [organiserT1])).toBe(false)
  })
})
