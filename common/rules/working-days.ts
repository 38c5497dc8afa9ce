/**
 * Working days on the official calendar: Monday to Friday, minus the public holidays the State Council announces
 * each year (国务院办公厅关于部分节假日安排的通知), plus the weekends it makes working days (调休上班), plus or minus
 * the county's own days (settings `localHolidays` / `localWorkdays`). Dates are Beijing dates (YYYY-MM-DD).
 *
 * The official days come from a HolidayCalendar (official-calendar.ts: the `chinese-days` package, data from 2004; a
 * year appears once the State Council has announced it, usually in November of the year before). For a year the
 * calendar does not hold yet, only weekends
 * and the county's own days count, and every answer that used such a year says so (`uncoveredYears`), so that a
 * deadline is never silently computed on an incomplete calendar. The 2026 dates are cross-checked against the State
 * Council's notice of 4 November 2025 in working-days.test.ts. Pure; no clock, no data.
 */
import { BEIJING_UTC_OFFSET_MINUTES, beijingDate, startOfBeijingDate, type Instant } from './beijing-time'

/** A county's own days off on working days, and its own working weekends, as Beijing YYYY-MM-DD. */
export interface LocalDays {
  holidays?: readonly string[]
  workdays?: readonly string[]
}

const DAY_MS = 24 * 3600_000
const DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * The State Council's calendar: which years it holds, and whether a date of such a year is a working day. The data
 * sits behind this interface (common/rules/official-calendar.ts, from the `chinese-days` package) so that the
 * client, which imports the request rules for their labels, does not carry the holiday tables.
 */
export interface HolidayCalendar {
  covers(year: number): boolean
  isWorkday(date: string): boolean
}

function nextDate(date: string): string {
  return beijingDate(startOfBeijingDate(date).getTime() + DAY_MS)
}

/** Day of week of a Beijing date: 0 Sunday … 6 Saturday. */
export function weekdayOf(date: string): number {
  return new Date(startOfBeijingDate(date).getTime() + BEIJING_UTC_OFFSET_MINUTES * 60_000).getUTCDay()
}

export interface DayKind {
  working: boolean
  /** Where the answer came from: the county's own list, the official calendar, or weekends only (year not covered). */
  source: 'local' | 'official' | 'weekends'
}

export function dayKind(date: string, calendar: HolidayCalendar, local: LocalDays = {}): DayKind {
  if (!DATE.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`)
  if (local.workdays?.includes(date)) return { working: true, source: 'local' }
  if (local.holidays?.includes(date)) return { working: false, source: 'local' }
  if (calendar.covers(Number(date.slice(0, 4)))) return { working: calendar.isWorkday(date), source: 'official' }
  const d = weekdayOf(date)
  return { working: d !== 0 && d !== 6, source: 'weekends' }
}

export function isWorkingDay(date: string, calendar: HolidayCalendar, local: LocalDays = {}): boolean {
  return dayKind(date, calendar, local).working
}

export interface WorkingDaysDue {
  /** The end (Beijing midnight) of the last working day. */
  by: Date
  /** Years counted on weekends only because the official calendar does not hold them yet (empty: all official). */
  uncoveredYears: number[]
}

/**
 * The instant by which something received at `from` must be done within `days` working days: the end (Beijing
 * midnight) of the `days`-th working day after the day of receipt; 0 = the end of the day of receipt. The day of
 * receipt is not counted: a matter received on a Friday with 3 working days is due at the end of the following
 * Wednesday (when no holiday intervenes).
 */
export function workingDaysFrom(
  from: Instant,
  days: number,
  calendar: HolidayCalendar,
  local: LocalDays = {},
): WorkingDaysDue {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${days}`)
  let date = beijingDate(from)
  let left = days
  const uncovered = new Set<number>()
  while (left > 0) {
    date = nextDate(date)
    const kind = dayKind(date, calendar, local)
    if (kind.source === 'weekends') uncovered.add(Number(date.slice(0, 4)))
    if (kind.working) left--
  }
  return { by: startOfBeijingDate(nextDate(date)), uncoveredYears: [...uncovered].sort() }
}
