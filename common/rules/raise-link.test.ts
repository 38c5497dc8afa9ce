import { NO_LINK_MESSAGE, NOT_IN_HOUSEHOLD_MESSAGE, raiseLinkRefusal, type RaiseLinkFacts } from './raise-link'

const base: RaiseLinkFacts = {
  cadre: false,
  ownHouseholdId: 'h-own',
  linkedHouseholdIds: ['h-linked'],
  ledGridIds: ['g-led'],
  householdId: 'h-other',
  householdGridId: 'g-other',
}

describe('raising a request for someone', () => {
  it('allows the own household, a linked household, a household of a led grid', () => {
    expect(raiseLinkRefusal({ ...base, householdId: 'h-own' })).toBeNull()
    expect(raiseLinkRefusal({ ...base, householdId: 'h-linked' })).toBeNull()
    expect(raiseLinkRefusal({ ...base, householdGridId: 'g-led' })).toBeNull()
  })

  it('refuses any other household, and a person with no household, unless a cadre', () => {
    expect(raiseLinkRefusal(base)).toBe(NO_LINK_MESSAGE)
    expect(raiseLinkRefusal({ ...base, householdId: null, householdGridId: null })).toBe(NO_LINK_MESSAGE)
    expect(raiseLinkRefusal({ ...base, ownHouseholdId: null, householdId: null })).toBe(NO_LINK_MESSAGE)
    expect(raiseLinkRefusal({ ...base, cadre: true })).toBeNull()
  })

  it('refuses a person who does not live in the named household, even for a cadre', () => {
    const f = { ...base, householdId: 'h-linked', personHouseholdId: 'h-other' }
    expect(raiseLinkRefusal(f)).toBe(NOT_IN_HOUSEHOLD_MESSAGE)
    expect(raiseLinkRefusal({ ...f, cadre: true })).toBe(NOT_IN_HOUSEHOLD_MESSAGE)
    expect(raiseLinkRefusal({ ...f, personHouseholdId: 'h-linked' })).toBeNull()
  })
})
