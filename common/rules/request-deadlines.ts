/**
 * Deadlines of residents' requests (群众诉求, domain rules §6): verify within `requestVerifyHours`, first contact
 * within `requestContactHours`, and resolve within a number of **working days** by category and urgency —
 * emergencies the same day (`emergencyWorkingDays`, 0 = the Beijing day of receipt), enquiries and suggestions
 * `enquiryWorkingDays`, everything else (help, complaints, disputes) `complaintWorkingDays`.
 *
 * Working days are Beijing dates, Monday to Friday, minus the public holidays of a calendar (and plus its
 * adjusted working weekends, 调休) when one is given. The day of receipt is not counted: a matter received on a
 * Friday with 3 working days is due at the end of the following Wednesday (Beijing time). Pure; no clock.
 */
import { BEIJING_UTC_OFFSET_MINUTES, beijingDate, startOfBeijingDate, type Instant } from './beijing-time'
import type { Settings } from './settings'

export const REQUEST_CATEGORIES = ['enquiry', 'help', 'complaint', 'dispute', 'suggestion'] as const
export type RequestCategory = (typeof REQUEST_CATEGORIES)[number]
export const REQUEST_CATEGORY_LABELS: Record<RequestCategory, string> = {
  enquiry: '咨询',
  help: '求助办事',
  complaint: '投诉',
  dispute: '矛盾纠纷',
  suggestion: '意见建议',
}

export const REQUEST_URGENCIES = ['normal', 'emergency'] as const
export type RequestUrgency = (typeof REQUEST_URGENCIES)[number]
export const REQUEST_URGENCY_LABELS: Record<RequestUrgency, string> = { normal: '一般', emergency: '紧急' }

/** Public holidays (days off on weekdays) and adjusted working weekends (调休上班), as Beijing YYYY-MM-DD. */
export interface WorkCalendar {
  holidays?: readonly string[]
  workdays?: readonly string[]
}

const DAY_MS = 24 * 3600_000
const HOUR_MS = 3600_000

function nextDate(date: string): string {
  return beijingDate(startOfBeijingDate(date).getTime() + DAY_MS)
}

/** Day of week of a Beijing date: 0 Sunday … 6 Saturday. */
function weekday(date: string): number {
  return new Date(startOfBeijingDate(date).getTime() + BEIJING_UTC_OFFSET_MINUTES * 60_000).getUTCDay()
}

export function isWorkingDay(date: string, calendar: WorkCalendar = {}): boolean {
  if (calendar.workdays?.includes(date)) return true
  if (calendar.holidays?.includes(date)) return false
  const d = weekday(date)
  return d !== 0 && d !== 6
}

/**
 * The instant by which something received at `from` must be done within `days` working days: the end (Beijing
 * midnight) of the `days`-th working day after the day of receipt; 0 = the end of the day of receipt.
 */
export function addWorkingDays(from: Instant, days: number, calendar: WorkCalendar = {}): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${days}`)
  let date = beijingDate(from)
  let left = days
  while (left > 0) {
    date = nextDate(date)
    if (isWorkingDay(date, calendar)) left--
  }
  return startOfBeijingDate(nextDate(date))
}

/** How many working days the resolution of a request of this category and urgency has. */
export function resolveWorkingDays(
  settings: Pick<Settings, 'emergencyWorkingDays' | 'enquiryWorkingDays' | 'complaintWorkingDays'>,
  category: RequestCategory,
  urgency: RequestUrgency,
): number {
  if (urgency === 'emergency') return settings.emergencyWorkingDays
  if (category === 'enquiry' || category === 'suggestion') return settings.enquiryWorkingDays
  return settings.complaintWorkingDays
}

export interface RequestDeadlines {
  /** Verified (accepted) by the holder. */
  verifyBy: Date
  /** The resident contacted (the request accepted or answered). */
  contactBy: Date
  /** Replied to the resident. */
  resolveBy: Date
}

type DeadlineSettings = Pick<
  Settings,
  'requestVerifyHours' | 'requestContactHours' | 'emergencyWorkingDays' | 'enquiryWorkingDays' | 'complaintWorkingDays'
>

export function requestDeadlines(
  receivedAt: Instant,
  settings: DeadlineSettings,
  category: RequestCategory,
  urgency: RequestUrgency,
  calendar: WorkCalendar = {},
): RequestDeadlines {
  const t = new Date(receivedAt).getTime()
  return {
    verifyBy: new Date(t + settings.requestVerifyHours * HOUR_MS),
    contactBy: new Date(t + settings.requestContactHours * HOUR_MS),
    resolveBy: addWorkingDays(receivedAt, resolveWorkingDays(settings, category, urgency), calendar),
  }
}

/** After escalation the new holder has the verify time again from the hop; the resolution deadline stays. */
export function verifyByAfterHop(at: Instant, settings: Pick<Settings, 'requestVerifyHours'>): Date {
  return new Date(new Date(at).getTime() + settings.requestVerifyHours * HOUR_MS)
}
