/**
 * 红白理事会: which event dates a filing may carry. A filing is made before the event (or soon after, late); events
 * more than a year past are not filed any more, and events more than two years ahead are too far to plan.
 * The window is measured in Beijing calendar dates. Pure; no I/O.
 */
import { beijingDate } from './beijing-time'
import { isBeijingDate, type EventKind, type FieldError } from './council-standards'

const DAY_MS = 86400_000
/** Days back an event may still be filed (a year, leap years included). */
export const MAX_LATE_FILING_DAYS = 366
/** Days ahead an event may already be filed (two years). */
export const MAX_EARLY_FILING_DAYS = 2 * 366

/** The event date as entered: shown first, before the figures' errors. */
export function eventDateErrors(eventDate: string): FieldError[] {
  return isBeijingDate(eventDate) ? [] : [{ path: 'eventDate', message: '办事日期不是有效日期' }]
}

/** A funeral's date of death: given, not after today, not after the funeral. Shown after the figures' errors. */
export function deathDateErrors(
  kind: EventKind,
  eventDate: string,
  deathDate: string | undefined,
  today: string,
): FieldError[] {
  if (kind !== 'funeral') return []
  if (!deathDate || !isBeijingDate(deathDate)) return [{ path: 'deathDate', message: '丧事请填写去世日期' }]
  if (deathDate > today) return [{ path: 'deathDate', message: '去世日期不能晚于今天' }]
  if (isBeijingDate(eventDate) && eventDate < deathDate)
    return [{ path: 'eventDate', message: '出殡日期不能早于去世日期' }]
  return []
}

/** Why an event date (already a valid date) is outside the filing window at `now`, or null when inside it. */
export function outsideFilingWindow(eventDate: string, now: Date): string | null {
  if (eventDate < beijingDate(now.getTime() - MAX_LATE_FILING_DAYS * DAY_MS)) return '一年以前的事不再补报'
  if (eventDate > beijingDate(now.getTime() + MAX_EARLY_FILING_DAYS * DAY_MS)) return '办事日期太远，请临近时再报备'
  return null
}
