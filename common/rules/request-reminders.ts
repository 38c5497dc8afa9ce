/**
 * Which deadline notices a request is due at `now` (domain rules §6: verify, reply within the term; "村报告、乡处理、
 * 县办结"): the holder is told when the reply deadline approaches and when a deadline has passed, and a passed
 * deadline also goes to the level above (the township's organisers for a village, the county's for a township).
 * Each notice is sent once per level: its key is `<kind>@<level>`, kept on the request, so a request escalated to
 * the township starts afresh there. Pure; the sweep (cloudfunctions/requests/handlers/sweep.ts) applies it.
 *
 * Boundaries, the same as `overdue` and the reminder rule (reminders.ts): a deadline has passed from its instant
 * on; "approaching" is the lead time before it, up to (not including) the instant itself.
 */
import type { Instant } from './beijing-time'
import { isOpen, type HandlingLevel, type RequestStatus } from './request-flow'

export type DeadlineNoticeKind = 'resolve_soon' | 'resolve_passed' | 'verify_passed'

/** How long before the reply deadline the holder is reminded — at most half the request's term. */
export const RESOLVE_SOON_LEAD_HOURS = 24
const HOUR_MS = 3_600_000

export interface DeadlineNoticeDue {
  kind: DeadlineNoticeKind
  key: string
  /** Whether the level above is told too (a passed deadline). */
  escalate: boolean
}

export interface RequestForReminders {
  status: RequestStatus
  level: HandlingLevel
  raisedAt: Instant
  verifyBy: Instant
  resolveBy: Instant
  /** Keys of notices already sent. */
  deadlineNotices?: readonly string[] | null
}

export const noticeKey = (kind: DeadlineNoticeKind, level: HandlingLevel) => `${kind}@${level}`

/** The instant from which the reply deadline counts as approaching. */
export function resolveSoonFrom(req: Pick<RequestForReminders, 'raisedAt' | 'resolveBy'>): Date {
  const resolveBy = new Date(req.resolveBy).getTime()
  const term = resolveBy - new Date(req.raisedAt).getTime()
  const lead = Math.min(RESOLVE_SOON_LEAD_HOURS * HOUR_MS, Math.max(0, term / 2))
  return new Date(resolveBy - lead)
}

/** The notices due now and not yet sent, in the order they matter. */
export function deadlineNoticesDue(req: RequestForReminders, now: Instant): DeadlineNoticeDue[] {
  if (!isOpen(req.status)) return []
  const t = new Date(now).getTime()
  const sent = new Set(req.deadlineNotices ?? [])
  const due: DeadlineNoticeDue[] = []
  const add = (kind: DeadlineNoticeKind, escalate: boolean) => {
    const key = noticeKey(kind, req.level)
    if (!sent.has(key)) due.push({ kind, key, escalate })
  }
  const resolveBy = new Date(req.resolveBy).getTime()
  if (t >= resolveBy) add('resolve_passed', true)
  else if (t >= resolveSoonFrom(req).getTime()) add('resolve_soon', false)
  if (req.status === 'received' && t >= new Date(req.verifyBy).getTime()) add('verify_passed', true)
  return due
}

/** The level told about a passed deadline besides the holder; none above the county. */
export function levelAbove(level: HandlingLevel): HandlingLevel | null {
  return level === 'village' ? 'township' : level === 'township' ? 'county' : null
}

export const DEADLINE_NOTICE_TITLES: Record<DeadlineNoticeKind, string> = {
  resolve_soon: '诉求答复期限快到了',
  resolve_passed: '诉求已超过答复期限',
  verify_passed: '诉求已超过核实期限',
}
