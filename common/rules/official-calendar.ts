/**
 * The State Council's holiday arrangements (放假调休) from the `chinese-days` package: every year since 2004 it
 * holds, updated by the package when the next year's notice is published (usually November). Only the cloud
 * functions import this (through cloudfunctions/_lib/requests.ts); the rules take it as a HolidayCalendar.
 * Why this package and not `chinese-workday`: docs/time.md.
 */
import { getDayDetail, getHolidaysInRange } from 'chinese-days'
import type { HolidayCalendar } from './working-days'

const covered = new Map<number, boolean>()

export const officialCalendar: HolidayCalendar = {
  /**
   * Every year's notice gives at least the Spring Festival and National Day weeks (more than 15 weekdays and
   * weekend days off); a year with fewer is taken as not announced yet.
   */
  covers(year) {
    let answer = covered.get(year)
    if (answer === undefined) {
      answer = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 15
      covered.set(year, answer)
    }
    return answer
  },
  isWorkday: (date) => getDayDetail(date).work,
}
