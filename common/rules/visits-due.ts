/**
 * Which linked households are due a visit (走访, domain rules §6), pure: at least every `visitIntervalDays` days
 * (default 31, "monthly") and `visitsPerHouseholdPerYear` times a calendar year (default 6), counted on Beijing
 * dates. A list for the member to plan with; never a score of the member.
 */
import { beijingDate, startOfBeijingDate, type Instant } from './beijing-time'
import type { Settings } from './settings'

export type VisitDue = 'never' | 'overdue' | 'due' | 'ok'
export const VISIT_DUE_LABELS: Record<VisitDue, string> = {
  never: '还没走访过',
  overdue: '已超过走访间隔',
  due: '近期该走访了',
  ok: '按时走访',
}
/** "Due soon" starts this many days before the interval runs out. */
export const DUE_SOON_DAYS = 7
const DAY_MS = 24 * 3600_000

export function daysBetween(fromDate: string, toDate: string): number {
  return Math.round((startOfBeijingDate(toDate).getTime() - startOfBeijingDate(fromDate).getTime()) / DAY_MS)
}

export function addDays(date: string, days: number): string {
  return beijingDate(startOfBeijingDate(date).getTime() + days * DAY_MS)
}

export interface VisitState {
  /** Beijing date (YYYY-MM-DD) of the latest visit. */
  lastVisitDate?: string | null
  /** Visits counted in `visitYear`. */
  visitsInYear?: number
  visitYear?: number
}

export interface DueResult {
  due: VisitDue
  /** The date by which the next visit should happen (absent when never visited: now). */
  nextBy: string | null
  visitsThisYear: number
  yearTarget: number
}

export function visitDue(
  state: VisitState,
  now: Instant,
  settings: Pick<Settings, 'visitIntervalDays' | 'visitsPerHouseholdPerYear'>,
): DueResult {
  const today = beijingDate(now)
  const year = Number(today.slice(0, 4))
  const visitsThisYear = state.visitYear === year ? (state.visitsInYear ?? 0) : 0
  const base = { visitsThisYear, yearTarget: settings.visitsPerHouseholdPerYear }
  if (!state.lastVisitDate) return { ...base, due: 'never', nextBy: null }
  const nextBy = addDays(state.lastVisitDate, settings.visitIntervalDays)
  const left = daysBetween(today, nextBy)
  return { ...base, nextBy, due: left < 0 ? 'overdue' : left <= DUE_SOON_DAYS ? 'due' : 'ok' }
}

/** Visit state after recording a visit on `date` (a later record of an earlier visit does not move the last date back). */
export function afterVisit(state: VisitState, date: string): Required<VisitState> {
  const year = Number(date.slice(0, 4))
  const last = state.lastVisitDate && state.lastVisitDate > date ? state.lastVisitDate : date
  const lastYear = Number(last.slice(0, 4))
  const sameYear = state.visitYear === year
  // Counts follow the year of the latest visit; a late record of last year's visit does not count this year.
  if (year !== lastYear)
    return { lastVisitDate: last, visitYear: state.visitYear ?? lastYear, visitsInYear: state.visitsInYear ?? 0 }
  return { lastVisitDate: last, visitYear: year, visitsInYear: (sameYear ? (state.visitsInYear ?? 0) : 0) + 1 }
}
