/**
 * Reminders that arrive too late: a notice about a window (a voting window, a meeting) carries the instant the
 * window closes, and from that instant on it is no longer sent (a "表决即将截止" after the close only misleads).
 * Pure; no I/O. Used by cloudfunctions/_lib/notify.ts when it delivers.
 */
import type { Instant } from './beijing-time'

/** What a notice that came due after its window closed is recorded as (status `skipped`). */
export const CLOSED_WINDOW_REASON = '已截止，不再提醒'

/** True when the notice's window has closed at `now` (a window is closed from its closing instant on). */
export function reminderTooLate(expiresAt: Instant | null | undefined, now: Instant): boolean {
  if (expiresAt === null || expiresAt === undefined) return false
  return new Date(now).getTime() >= new Date(expiresAt).getTime()
}
