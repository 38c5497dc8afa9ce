/**
 * Working days at the boundaries of the 2026 Spring Festival and National Day holidays. The expected dates are the
 * State Council's notice, as reprinted from Xinhua by Guangming Online on 4 November 2025
 * (https://politics.gmw.cn/2025-11/04/content_38391083.htm): 春节 2月15日（周日）至23日（周一）放假调休，
 * 2月14日（周六）、2月28日（周六）上班；国庆节 10月1日（周四）至7日（周三）放假调休，9月20日（周日）、10月10日（周六）上班;
 * 中秋节 9月25日至27日放假. The package's data (chinese-days) must agree with them.
 */
import { officialCalendar } from './official-calendar'
import { dayKind as dayKindOn, weekdayOf, workingDaysFrom, type LocalDays } from './working-days'

const dayKind = (date: string, local: LocalDays = {}) => dayKindOn(date, officialCalendar, local)
const isWorkingDay = (date: string) => dayKind(date).working
const officialCalendarCovers = (year: number) => officialCalendar.covers(year)

const at = (iso: string) => new Date(iso)
const due = (from: string, days: number, local: LocalDays = {}) => {
  const r = workingDaysFrom(at(from), days, officialCalendar, local)
  return { by: r.by.toISOString(), uncoveredYears: r.uncoveredYears }
}

describe('the official calendar (chinese-days) against the State Council notice for 2026', () => {
  it('Spring Festival: 15–23 February off, Saturdays 14 and 28 February working', () => {
    for (let d = 15; d <= 23; d++) expect(isWorkingDay(`2026-02-${d}`)).toBe(false)
    expect(isWorkingDay('2026-02-14')).toBe(true)
    expect(isWorkingDay('2026-02-28')).toBe(true)
    expect(weekdayOf('2026-02-14')).toBe(6)
    expect(weekdayOf('2026-02-28')).toBe(6)
    expect(isWorkingDay('2026-02-13')).toBe(true)
    expect(isWorkingDay('2026-02-24')).toBe(true)
  })

  it('National Day: 1–7 October off, Sunday 20 September and Saturday 10 October working; 中秋 25–27 September off', () => {
    for (let d = 1; d <= 7; d++) expect(isWorkingDay(`2026-10-0${d}`)).toBe(false)
    expect(isWorkingDay('2026-09-20')).toBe(true)
    expect(isWorkingDay('2026-10-10')).toBe(true)
    expect(isWorkingDay('2026-09-25')).toBe(false)
    expect(isWorkingDay('2026-10-08')).toBe(true)
    expect(isWorkingDay('2026-10-11')).toBe(false)
    expect(dayKind('2026-10-10')).toEqual({ working: true, source: 'official' })
  })

  it('knows which years it holds', () => {
    expect(officialCalendarCovers(2026)).toBe(true)
    expect(officialCalendarCovers(2004)).toBe(true)
    expect(officialCalendarCovers(2003)).toBe(false)
    expect(officialCalendarCovers(2027)).toBe(false)
  })
})

describe('deadlines in working days across the 2026 holidays', () => {
  it('3 working days from the Friday before the Spring Festival: the 调休 Saturday, then after the holiday', () => {
    // Friday 13 Feb → Sat 14 (1), 15–23 off, Tue 24 (2), Wed 25 (3): due at the end of 25 Feb, Beijing.
    expect(due('2026-02-13T02:00:00Z', 3)).toEqual({ by: '2026-02-25T16:00:00.000Z', uncoveredYears: [] })
  })

  it('13 working days across the whole Spring Festival and the second 调休 Saturday', () => {
    // Thu 12 Feb → 13, 14, 24, 25, 26, 27, 28 (Sat), 2, 3, 4, 5, 6, 9 March.
    expect(due('2026-02-12T02:00:00Z', 13).by).toBe('2026-03-09T16:00:00.000Z')
  })

  it('received during the holiday: the count starts after it', () => {
    expect(due('2026-02-18T02:00:00Z', 3).by).toBe('2026-02-26T16:00:00.000Z')
    expect(due('2026-10-03T02:00:00Z', 1).by).toBe('2026-10-08T16:00:00.000Z')
  })

  it('3 working days from the eve of National Day end on the 调休 Saturday 10 October', () => {
    expect(due('2026-09-30T02:00:00Z', 3).by).toBe('2026-10-10T16:00:00.000Z')
  })

  it('the 调休 Sunday 20 September counts', () => {
    // Fri 18 Sep → Sun 20 (1), Mon 21 (2), Tue 22 (3).
    expect(due('2026-09-18T02:00:00Z', 3).by).toBe('2026-09-22T16:00:00.000Z')
  })

  it('13 working days across 中秋 and National Day', () => {
    // Thu 24 Sep → 28, 29, 30 Sep, 8, 9, 10 (Sat), 12, 13, 14, 15, 16, 19, 20 Oct.
    expect(due('2026-09-24T02:00:00Z', 13).by).toBe('2026-10-20T16:00:00.000Z')
  })

  it('0 working days is the rest of the Beijing day of receipt, even on a holiday', () => {
    expect(due('2026-10-01T10:00:00Z', 0).by).toBe('2026-10-01T16:00:00.000Z')
  })
})

describe("a year the calendar does not hold, and the county's own days", () => {
  it('counts 2027 on weekends only and says which year', () => {
    // Wed 30 Dec 2026 → Thu 31 (official), Fri 1 Jan 2027 (weekends only: a working day), Mon 4 Jan.
    expect(due('2026-12-30T02:00:00Z', 3)).toEqual({ by: '2027-01-04T16:00:00.000Z', uncoveredYears: [2027] })
    expect(dayKind('2027-01-01')).toEqual({ working: true, source: 'weekends' })
  })

  it("the county's holidays and working days win over the official calendar", () => {
    const local = { holidays: ['2027-01-01', '2026-10-09'], workdays: ['2026-10-03'] }
    expect(dayKind('2027-01-01', local)).toEqual({ working: false, source: 'local' })
    expect(dayKind('2026-10-03', local)).toEqual({ working: true, source: 'local' })
    expect(due('2026-12-30T02:00:00Z', 3, local)).toEqual({
      by: '2027-01-05T16:00:00.000Z',
      uncoveredYears: [2027],
    })
    // Wed 30 Sep → Sat 3 Oct (county working day), Thu 8, Sat 10 (9 Oct is a county holiday).
    expect(due('2026-09-30T02:00:00Z', 3, local).by).toBe('2026-10-10T16:00:00.000Z')
  })

  it('refuses what is not a date or a whole number of days', () => {
    expect(() => dayKind('2026-2-1')).toThrow(RangeError)
    expect(() => workingDaysFrom(at('2026-03-06T02:00:00Z'), -1, officialCalendar)).toThrow(RangeError)
  })
})
