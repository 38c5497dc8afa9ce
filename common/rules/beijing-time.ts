import dayjs, { type Dayjs } from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

/**
 * Every date a user sees or a rule counts (duty days, meeting months, deadlines) is a Beijing date.
 * Cloud functions run in UTC, so "today" must never come from the host's local time.
 *
 * China has used a fixed UTC+8 without daylight saving since 1991, so the offset is applied directly instead of
 * through IANA zone data: mini-program JS engines on older phones ship incomplete Intl time-zone support.
 */
export const BEIJING_TIME_ZONE = 'Asia/Shanghai'
export const BEIJING_UTC_OFFSET_MINUTES = 8 * 60

export type Instant = Date | string | number

/** The instant seen on a Beijing wall clock. */
export function inBeijing(instant: Instant): Dayjs {
  return dayjs(instant).utcOffset(BEIJING_UTC_OFFSET_MINUTES)
}

/** The Beijing calendar date (YYYY-MM-DD) an instant belongs to. */
export function beijingDate(instant: Instant): string {
  return inBeijing(instant).format('YYYY-MM-DD')
}

/** The Beijing calendar month (YYYY-MM) an instant belongs to. */
export function beijingMonth(instant: Instant): string {
  return inBeijing(instant).format('YYYY-MM')
}

/** ISO 8601 with the +08:00 offset, for display and logs. */
export function formatBeijing(instant: Instant, pattern = 'YYYY-MM-DD HH:mm'): string {
  return inBeijing(instant).format(pattern)
}

/** The UTC instant at which a Beijing calendar date (YYYY-MM-DD) starts. */
export function startOfBeijingDate(date: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`)
  const start = dayjs.utc(`${date}T00:00:00`).subtract(BEIJING_UTC_OFFSET_MINUTES, 'minute')
  if (!start.isValid() || beijingDate(start.toDate()) !== date) throw new RangeError(`not a calendar date: ${date}`)
  return start.toDate()
}
