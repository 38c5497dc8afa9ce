/**
 * Deadlines of residents' requests (群众诉求, domain rules §6): verify within `requestVerifyHours`, first contact
 * within `requestContactHours`, and resolve within a number of **working days** by category and urgency —
 * emergencies the same day (`emergencyWorkingDays`, 0 = the Beijing day of receipt), enquiries and suggestions
 * `enquiryWorkingDays`, everything else (help, complaints, disputes) `complaintWorkingDays`.
 *
 * Working days follow the official calendar (common/rules/working-days.ts: Monday to Friday minus the State
 * Council's public holidays, plus its 调休 working weekends) and the county's own days (settings `localHolidays`,
 * `localWorkdays`). The day of receipt is not counted: a matter received on a Friday with 3 working days is due at
 * the end of the following Wednesday (Beijing time) when no holiday intervenes. Pure; no clock.
 */
import type { Instant } from './beijing-time'
import type { Settings } from './settings'
import { workingDaysFrom, type HolidayCalendar } from './working-days'

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

const HOUR_MS = 3600_000

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

/** How the resolution deadline was counted, for the API answer and the app ("13 个工作日"). */
export interface ResolveTerm {
  workingDays: number
  /** 'official': every day counted was on the State Council's calendar; 'weekends': some year was not (yet). */
  calendar: 'official' | 'weekends'
  /** Why the count fell back to weekends, in words for the app; absent when official. */
  note?: string
}

export interface RequestDeadlines {
  /** Verified (accepted) by the holder. */
  verifyBy: Date
  /** The resident contacted (the request accepted or answered). */
  contactBy: Date
  /** Replied to the resident. */
  resolveBy: Date
  resolveTerm: ResolveTerm
}

type DeadlineSettings = Pick<
  Settings,
  | 'requestVerifyHours'
  | 'requestContactHours'
  | 'emergencyWorkingDays'
  | 'enquiryWorkingDays'
  | 'complaintWorkingDays'
  | 'localHolidays'
  | 'localWorkdays'
>

export function requestDeadlines(
  receivedAt: Instant,
  settings: DeadlineSettings,
  category: RequestCategory,
  urgency: RequestUrgency,
  /** The State Council's calendar (official-calendar.ts in the functions; tests may pass their own). */
  calendar: HolidayCalendar,
): RequestDeadlines {
  const t = new Date(receivedAt).getTime()
  const workingDays = resolveWorkingDays(settings, category, urgency)
  const due = workingDaysFrom(receivedAt, workingDays, calendar, {
    holidays: settings.localHolidays,
    workdays: settings.localWorkdays,
  })
  const resolveTerm: ResolveTerm = due.uncoveredYears.length
    ? {
        workingDays,
        calendar: 'weekends',
        note: `${due.uncoveredYears.join('、')}年的国家法定节假日安排尚未收录，此期限暂按周一至周五计算`,
      }
    : { workingDays, calendar: 'official' }
  return {
    verifyBy: new Date(t + settings.requestVerifyHours * HOUR_MS),
    contactBy: new Date(t + settings.requestContactHours * HOUR_MS),
    resolveBy: due.by,
    resolveTerm,
  }
}

/** After escalation the new holder has the verify time again from the hop; the resolution deadline stays. */
export function verifyByAfterHop(at: Instant, settings: Pick<Settings, 'requestVerifyHours'>): Date {
  return new Date(new Date(at).getTime() + settings.requestVerifyHours * HOUR_MS)
}
