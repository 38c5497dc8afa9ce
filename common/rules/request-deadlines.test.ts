import { DEFAULT_SETTINGS } from './settings'
import { officialCalendar } from './official-calendar'
import { requestDeadlines as deadlinesOn, resolveWorkingDays } from './request-deadlines'
import { isWorkingDay as isWorkingDayOn, workingDaysFrom, type LocalDays } from './working-days'

const addWorkingDays = (from: Date, days: number, local: LocalDays = {}) =>
  workingDaysFrom(from, days, officialCalendar, local).by
const isWorkingDay = (date: string, local: LocalDays = {}) => isWorkingDayOn(date, officialCalendar, local)
const requestDeadlines = (...args: Parameters<typeof deadlinesOn> extends [...infer A, unknown] ? A : never) =>
  deadlinesOn(...args, officialCalendar)

// 2026-03-02 is a Monday; 2026-03-06 a Friday; 2026-03-31 a Tuesday.
const at = (iso: string) => new Date(iso)

describe('working days on Beijing dates', () => {
  it('knows weekends, holidays and adjusted working weekends', () => {
    expect(isWorkingDay('2026-03-06')).toBe(true)
    expect(isWorkingDay('2026-03-07')).toBe(false)
    expect(isWorkingDay('2026-03-08')).toBe(false)
    expect(isWorkingDay('2026-04-06')).toBe(false) // 清明 (official)
    expect(isWorkingDay('2026-04-08', { holidays: ['2026-04-08'] })).toBe(false)
    expect(isWorkingDay('2026-03-07', { workdays: ['2026-03-07'] })).toBe(true)
  })

  it('does not count the day of receipt and skips the weekend (Friday + 3 → end of Wednesday)', () => {
    // Friday 17:00 Beijing
    expect(addWorkingDays(at('2026-03-06T09:00:00Z'), 3).toISOString()).toBe('2026-03-11T16:00:00.000Z')
  })

  it('uses the Beijing date around midnight, not the UTC date', () => {
    // Thursday 23:30 Beijing (15:30Z): Friday, Monday, Tuesday → end of Tuesday.
    expect(addWorkingDays(at('2026-03-05T15:30:00Z'), 3).toISOString()).toBe('2026-03-10T16:00:00.000Z')
    // Friday 00:30 Beijing (Thursday 16:30Z): Monday, Tuesday, Wednesday.
    expect(addWorkingDays(at('2026-03-05T16:30:00Z'), 3).toISOString()).toBe('2026-03-11T16:00:00.000Z')
    // Friday 23:59 and Saturday 00:00 Beijing give the same deadline.
    expect(addWorkingDays(at('2026-03-06T15:59:00Z'), 3).toISOString()).toBe('2026-03-11T16:00:00.000Z')
    expect(addWorkingDays(at('2026-03-06T16:00:00Z'), 3).toISOString()).toBe('2026-03-11T16:00:00.000Z')
  })

  it('crosses a month end; the official holiday (清明, Monday 6 April 2026) and a county holiday push it on', () => {
    expect(addWorkingDays(at('2026-03-31T02:00:00Z'), 13).toISOString()).toBe('2026-04-20T16:00:00.000Z')
    expect(addWorkingDays(at('2026-03-31T02:00:00Z'), 13, { holidays: ['2026-04-08'] }).toISOString()).toBe(
      '2026-04-21T16:00:00.000Z',
    )
    // Year end: Thursday 2026-12-31 + 1 → Friday 2027-01-01 (2027 not yet on the official calendar: weekends only)
    // unless the county lists it as a holiday.
    expect(addWorkingDays(at('2026-12-31T03:00:00Z'), 1).toISOString()).toBe('2027-01-01T16:00:00.000Z')
    expect(addWorkingDays(at('2026-12-31T03:00:00Z'), 1, { holidays: ['2027-01-01'] }).toISOString()).toBe(
      '2027-01-04T16:00:00.000Z',
    )
  })

  it('gives emergencies (0 days) the rest of the Beijing day of receipt, even at a weekend', () => {
    expect(addWorkingDays(at('2026-03-07T10:00:00Z'), 0).toISOString()).toBe('2026-03-07T16:00:00.000Z')
    // 23:30 Beijing: half an hour left, not the next day.
    expect(addWorkingDays(at('2026-03-02T15:30:00Z'), 0).toISOString()).toBe('2026-03-02T16:00:00.000Z')
  })

  it('counts an adjusted working Saturday', () => {
    expect(addWorkingDays(at('2026-03-06T02:00:00Z'), 1, { workdays: ['2026-03-07'] }).toISOString()).toBe(
      '2026-03-07T16:00:00.000Z',
    )
  })

  it('refuses negative or fractional days', () => {
    expect(() => addWorkingDays(at('2026-03-06T02:00:00Z'), -1)).toThrow(RangeError)
    expect(() => addWorkingDays(at('2026-03-06T02:00:00Z'), 1.5)).toThrow(RangeError)
  })
})

describe('request deadlines from the settings', () => {
  it('picks the days by urgency first, then category', () => {
    const s = { ...DEFAULT_SETTINGS, emergencyWorkingDays: 0, enquiryWorkingDays: 3, complaintWorkingDays: 13 }
    expect(resolveWorkingDays(s, 'complaint', 'emergency')).toBe(0)
    expect(resolveWorkingDays(s, 'enquiry', 'normal')).toBe(3)
    expect(resolveWorkingDays(s, 'suggestion', 'normal')).toBe(3)
    expect(resolveWorkingDays(s, 'complaint', 'normal')).toBe(13)
    expect(resolveWorkingDays(s, 'help', 'normal')).toBe(13)
    expect(resolveWorkingDays(s, 'dispute', 'normal')).toBe(13)
  })

  it('verifies within hours and contacts within hours of receipt, across midnight', () => {
    const d = requestDeadlines(
      at('2026-03-06T15:30:00Z'),
      { ...DEFAULT_SETTINGS, requestVerifyHours: 1, requestContactHours: 2 },
      'enquiry',
      'normal',
    )
    expect(d.verifyBy.toISOString()).toBe('2026-03-06T16:30:00.000Z')
    expect(d.contactBy.toISOString()).toBe('2026-03-06T17:30:00.000Z')
    expect(d.resolveBy.toISOString()).toBe('2026-03-11T16:00:00.000Z')
  })

  it('follows a county that changes the limits', () => {
    const d = requestDeadlines(
      at('2026-03-02T02:00:00Z'),
      { ...DEFAULT_SETTINGS, complaintWorkingDays: 5, requestVerifyHours: 4 },
      'complaint',
      'normal',
    )
    expect(d.resolveBy.toISOString()).toBe('2026-03-09T16:00:00.000Z')
    expect(d.verifyBy.toISOString()).toBe('2026-03-02T06:00:00.000Z')
  })
})

describe('how the resolution deadline was counted (resolveTerm)', () => {
  it('says official when every day counted is on the State Council calendar', () => {
    const d = requestDeadlines(at('2026-09-30T02:00:00Z'), DEFAULT_SETTINGS, 'enquiry', 'normal')
    // National Day 1–7 October off; Thursday 8, Friday 9 and the 调休 Saturday 10 October count.
    expect(d.resolveBy.toISOString()).toBe('2026-10-10T16:00:00.000Z')
    expect(d.resolveTerm).toEqual({ workingDays: 3, calendar: 'official' })
  })

  it('falls back to weekends for a year the calendar does not hold, and says so', () => {
    const d = requestDeadlines(at('2026-12-30T02:00:00Z'), DEFAULT_SETTINGS, 'complaint', 'normal')
    expect(d.resolveTerm.calendar).toBe('weekends')
    expect(d.resolveTerm.workingDays).toBe(13)
    expect(d.resolveTerm.note).toContain('2027年')
  })

  it("counts the county's own days from its settings", () => {
    const plain = requestDeadlines(at('2026-03-02T02:00:00Z'), DEFAULT_SETTINGS, 'enquiry', 'normal')
    expect(plain.resolveBy.toISOString()).toBe('2026-03-05T16:00:00.000Z')
    const local = requestDeadlines(
      at('2026-03-02T02:00:00Z'),
      { ...DEFAULT_SETTINGS, localHolidays: ['2026-03-04'] },
      'enquiry',
      'normal',
    )
    expect(local.resolveBy.toISOString()).toBe('2026-03-06T16:00:00.000Z')
  })
})
