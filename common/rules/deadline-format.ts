/**
 * Deadlines as a person reads them. A deadline counted in days ends at a Beijing midnight (request-deadlines.ts:
 * the end of the last working day); "12月25日 00:00" would read as the wrong day, so it is shown as the day it
 * closes: "12月24日（周四）内", with the length of the rule — "13 个工作日" — beside it. Pure; no clock; no calendar
 * data (the client imports it).
 */
import { inBeijing, type Instant } from './beijing-time'

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'] as const

/** The last Beijing day before a deadline that ends at midnight (or the day it falls in otherwise): "12月24日（周四）内". */
export function dueDayLabel(deadline: Instant): string {
  const day = inBeijing(new Date(new Date(deadline).getTime() - 1))
  return `${day.month() + 1}月${day.date()}日（周${WEEKDAYS[day.day()]}）内`
}

/** The length of a rule in working days: "13 个工作日"; 0 is the day itself, "当天". */
export function workingDaysLabel(term: { workingDays: number; calendar?: 'official' | 'weekends' }): string {
  const length = term.workingDays === 0 ? '当天' : `${term.workingDays} 个工作日`
  return term.calendar === 'weekends' ? `${length}（暂按周一至周五计）` : length
}
