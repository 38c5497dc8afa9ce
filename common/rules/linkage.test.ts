import { ratioMessage, ratioWarning, sameGridOk, summariseLinkage } from './linkage'

const range = { linkageMinHouseholds: 5, linkageMaxHouseholds: 10 }

describe('linkage ratio against the village range', () => {
  it('warns outside the range, inclusive bounds are fine', () => {
    expect(ratioWarning(0, range)).toBe('none')
    expect(ratioWarning(4, range)).toBe('below')
    expect(ratioWarning(5, range)).toBeNull()
    expect(ratioWarning(10, range)).toBeNull()
    expect(ratioWarning(11, range)).toBe('above')
    expect(ratioWarning(20, { linkageMinHouseholds: 10, linkageMaxHouseholds: 20 })).toBeNull()
  })
  it('says it in words', () => {
    expect(ratioMessage('王五', 11, range)).toBe('王五联系 11 户，多于本村要求的 5–10 户')
    expect(ratioMessage('王五', 3, range)).toContain('少于')
    expect(ratioMessage('王五', 0, range)).toContain('还没有联系户')
    expect(ratioMessage('王五', 7, range)).toBeNull()
  })
  it('finds unlinked households and members with none', () => {
    const s = summariseLinkage({
      members: [{ personId: 'a' }, { personId: 'b' }],
      households: [{ id: 'h1' }, { id: 'h2' }, { id: 'h3' }],
      links: [
        { householdId: 'h1', memberPersonId: 'a' },
        { householdId: 'h2', memberPersonId: 'a' },
      ],
    })
    expect(s.countByMember.get('a')).toBe(2)
    expect(s.unlinkedHouseholds).toEqual(['h3'])
    expect(s.membersWithNone).toEqual(['b'])
  })
  it('keeps links within a grid when both have one', () => {
    expect(sameGridOk('g1', 'g1')).toBe(true)
    expect(sameGridOk('g1', 'g2')).toBe(false)
    expect(sameGridOk(null, 'g2')).toBe(true)
    expect(sameGridOk('g1', undefined)).toBe(true)
  })
})
