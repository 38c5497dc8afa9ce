import { isAway, situationTags } from './household-situation'

const home = { away: false }
const away = { away: true }

describe('situation tags from the records', () => {
  it('marks one person living alone, also when the others are away', () => {
    expect(situationTags({ memberCount: 1, adultCount: 1 }, [home])).toEqual(['独居'])
    expect(situationTags({ memberCount: 2, adultCount: 2 }, [home, away])).toEqual(['独居', '留守'])
    expect(situationTags({ memberCount: 2, adultCount: 2 }, [home, home])).toEqual([])
  })

  it('marks 留守 only when someone is away and someone is at home', () => {
    expect(situationTags({ memberCount: 4, adultCount: 2 }, [home, away])).toEqual(['留守', '有未成年人'])
    expect(situationTags({ memberCount: 1, adultCount: 1 }, [away])).toEqual([])
  })

  it('marks minors when fewer adults than members', () => {
    expect(situationTags({ memberCount: 3, adultCount: 3 }, [])).toEqual([])
    expect(situationTags({ memberCount: 3, adultCount: 2 }, [])).toEqual(['有未成年人'])
  })

  it('adds known stored tags once, ignores unknown ones', () => {
    expect(situationTags({ memberCount: 1, adultCount: 1, tags: ['低保', '随便写的', '低保'] }, [home])).toEqual([
      '独居',
      '低保',
    ])
  })

  it('reads presence from the Party record', () => {
    expect(isAway({ presence: 'away' })).toBe(true)
    expect(isAway({ presence: 'mobile' })).toBe(true)
    expect(isAway({ presence: 'home' })).toBe(false)
    expect(isAway(null)).toBe(false)
  })
})
