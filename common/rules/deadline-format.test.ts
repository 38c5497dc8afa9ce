import { dueDayLabel, workingDaysLabel } from './deadline-format'
import { officialCalendar } from './official-calendar'
import { requestDeadlines } from './request-deadlines'
import { DEFAULT_SETTINGS } from './settings'

describe('deadlines as a person reads them', () => {
  it('shows a deadline at Beijing midnight as the day it closes, with its weekday', () => {
    // The end of Thursday 24 December 2026, Beijing = 2026-12-24T16:00Z.
    expect(dueDayLabel('2026-12-24T16:00:00.000Z')).toBe('12月24日（周四）内')
    expect(dueDayLabel(new Date('2026-10-10T16:00:00.000Z'))).toBe('10月10日（周六）内')
    // Not a midnight: the day it falls in.
    expect(dueDayLabel('2026-03-02T06:00:00.000Z')).toBe('3月2日（周一）内')
    expect(dueDayLabel('2028-03-01T16:00:00.000Z')).toBe('3月1日（周三）内')
    expect(dueDayLabel('2028-02-29T16:00:00.000Z')).toBe('2月29日（周二）内')
  })

  it('names the length of the rule in working days, and a fallback to weekends', () => {
    expect(workingDaysLabel({ workingDays: 13, calendar: 'official' })).toBe('13 个工作日')
    expect(workingDaysLabel({ workingDays: 3 })).toBe('3 个工作日')
    expect(workingDaysLabel({ workingDays: 0, calendar: 'official' })).toBe('当天')
    expect(workingDaysLabel({ workingDays: 13, calendar: 'weekends' })).toBe('13 个工作日（暂按周一至周五计）')
  })

  it('reads a computed request deadline across National Day 2026', () => {
    const d = requestDeadlines(
      new Date('2026-09-30T02:00:00Z'),
      DEFAULT_SETTINGS,
      'enquiry',
      'normal',
      officialCalendar,
    )
    expect(`${dueDayLabel(d.resolveBy)} · ${workingDaysLabel(d.resolveTerm)}`).toBe('10月10日（周六）内 · 3 个工作日')
  })
})
