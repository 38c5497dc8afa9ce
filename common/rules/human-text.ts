/**
 * What people read: dates, times, months and quarters in the words used in a village (12月24日（周四）, 第四季度),
 * never ISO timestamps, "2026-Q4" or internal ids. Pure; every instant is read on the Beijing clock.
 */
import { inBeijing, type Instant } from './beijing-time'

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']
const QUARTERS = ['一', '二', '三', '四']
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/

/** A calendar date as people say it: "12月24日（周四）"; with `year`, "2026年12月24日（周四）". */
export function dateLabel(date: Instant, options: { year?: boolean } = {}): string {
  const d = typeof date === 'string' && DATE_ONLY.test(date) ? inBeijing(`${date}T00:00:00+08:00`) : inBeijing(date)
  if (!d.isValid()) return String(date)
  const prefix = options.year ? `${d.year()}年` : ''
  return `${prefix}${d.month() + 1}月${d.date()}日（周${WEEKDAYS[d.day()]}）`
}

/** "14:30" on the Beijing clock. */
export function timeLabel(instant: Instant): string {
  return inBeijing(instant).format('HH:mm')
}

/** "12月24日（周四）14:30". */
export function dateTimeLabel(instant: Instant, options: { year?: boolean } = {}): string {
  return `${dateLabel(instant, options)}${timeLabel(instant)}`
}

/** "2026-12" → "2026年12月"; without the year, "12月". */
export function monthLabel(month: string, options: { year?: boolean } = { year: true }): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month)
  if (!m) return month
  return `${options.year === false ? '' : `${m[1]}年`}${Number(m[2])}月`
}

/** "2026-Q4" → "2026年第四季度"; without the year, "第四季度". */
export function quarterLabel(quarter: string, options: { year?: boolean } = { year: true }): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter)
  if (!m) return quarter
  return `${options.year === false ? '' : `${m[1]}年`}第${QUARTERS[Number(m[2]) - 1]}季度`
}

/**
 * A title with a kind in front ("主题党日：…"), without saying the kind twice when the title already starts with it
 * ("主题党日：主题党日：十二月" → "主题党日：十二月").
 */
export function titled(kind: string, title: string): string {
  const t = title.trim()
  if (!kind) return t
  if (t === kind || t.startsWith(`${kind}：`) || t.startsWith(`${kind}:`) || t.startsWith(kind)) return t
  return `${kind}：${t}`
}

/** Text that looks like a machine wrote it: ISO timestamps, quarter codes, internal ids. Used by tests. */
export const MACHINE_TEXT = [/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, /\b\d{4}-Q[1-4]\b/, /\b[a-z]{1,3}-[A-Za-z0-9_-]{8,}\b/]

/**
 * A meeting period (common/rules/meetings.ts) in words: "2026-03" → "3月", "2026-Q1" → "第一季度", "2026" → "全年",
 * "2026-M01-02" → "1—2月".
 */
export function periodLabel(period: string): string {
  if (/^\d{4}-Q[1-4]$/.test(period)) return quarterLabel(period, { year: false })
  if (/^\d{4}-\d{2}$/.test(period)) return monthLabel(period, { year: false })
  if (/^\d{4}$/.test(period)) return '全年'
  const m = /^\d{4}-M(\d{2})-(\d{2})$/.exec(period)
  if (m) return `${Number(m[1])}—${Number(m[2])}月`
  return period
}
