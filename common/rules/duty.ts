/**
 * Duty at the village Party–mass service centre (值班坐班), pure rules: distances to the centre, duty dates and
 * months in Beijing time, shift hours, gaps in a planned week, a month's coverage from its aggregate, check-out
 * limits, resident cadres' days in the village. No I/O; `now` is always an argument.
 *
 * Coverage serves residents ("was someone at the centre?") and the branch's own record; nothing here ranks or
 * scores individuals (domain rules §8).
 */
import { beijingDate, beijingMonth, startOfBeijingDate } from './beijing-time'

export const EARTH_RADIUS_METRES = 6_371_000
/**
 * A check-out is accepted up to this long after the check-in (a duty that runs past midnight checks out on the
 * next Beijing date and still counts for the check-in's date). Later, the check-in stays open (未签退).
 */
export const MAX_DUTY_HOURS = 18
/** Location accuracy (metres) that is added to the radius at most: a phone indoors reports ±30–60 m. */
export const MAX_ACCURACY_ALLOWANCE_METRES = 50

export interface LatLng {
  latitude: number
  longitude: number
}

/** Great-circle distance in metres (GCJ-02 offsets are locally constant, so distances between GCJ-02 points hold). */
export function distanceMetres(a: LatLng, b: LatLng): number {
  const rad = (d: number) => (d * Math.PI) / 180
  const dLat = rad(b.latitude - a.latitude)
  const dLng = rad(b.longitude - a.longitude)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)))
}

export interface LocationJudgement {
  within: boolean
  distanceMetres: number
  message?: string
}

/** Whether a reported position is within the centre's radius (plus the phone's accuracy, at most 50 m). */
export function judgeLocation(
  centre: LatLng & { radiusMetres: number },
  at: LatLng & { accuracy?: number },
): LocationJudgement {
  const distance = Math.round(distanceMetres(centre, at))
  const allowance = Math.min(Math.max(0, at.accuracy ?? 0), MAX_ACCURACY_ALLOWANCE_METRES)
  if (distance <= centre.radiusMetres + allowance) return { within: true, distanceMetres: distance }
  return {
    within: false,
    distanceMetres: distance,
    message: `您现在离党群服务中心约 ${formatDistance(distance)}，超出签到范围（${centre.radiusMetres} 米）。如定位不准，可选择“定位不准”并说明原因`,
  }
}

export function formatDistance(metres: number): string {
  return metres >= 1000 ? `${(metres / 1000).toFixed(1)} 公里` : `${metres} 米`
}

// ---- dates -----------------------------------------------------------------------------------------------

/** The duty date of an instant: its Beijing calendar date. */
export const dutyDate = (now: Date | number) => beijingDate(now)
export const dutyMonth = (now: Date | number) => beijingMonth(now)

/** A Beijing date n days after `date` (negative: before). */
export function addDays(date: string, n: number): string {
  return beijingDate(startOfBeijingDate(date).getTime() + n * 86_400_000)
}

/** Every date of a YYYY-MM month. */
export function datesOfMonth(month: string): string[] {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`not a YYYY-MM month: ${month}`)
  // Plain calendar arithmetic (a calendar month has no time zone): called per village per month by 五星支部's refresh.
  const [y, m] = month.split('-').map(Number) as [number, number]
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return Array.from({ length: days }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`)
}

/** Compact date for ids: 20260302. */
export const compactDate = (date: string) => date.replace(/-/g, '')

/** "08:30" → 510. */
export function minuteOfDay(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm)
  if (!m) throw new RangeError(`not HH:mm: ${hhmm}`)
  return Number(m[1]) * 60 + Number(m[2])
}

export const HHMM_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/

export interface ShiftTime {
  start: string
  /** "24:00" is not allowed; a shift ends the same day (an end before the start means it runs past midnight). */
  end: string
}

/** Minutes a shift lasts; an end at or before the start runs past midnight. */
export function shiftMinutes(s: ShiftTime): number {
  const start = minuteOfDay(s.start)
  const end = minuteOfDay(s.end)
  return end > start ? end - start : end + 1440 - start
}

/** Minutes of the day covered by at least one shift (overlaps counted once). */
export function coveredMinutes(shifts: readonly ShiftTime[]): number {
  const intervals = shifts
    .map((s) => {
      const start = minuteOfDay(s.start)
      return [start, start + shiftMinutes(s)] as [number, number]
    })
    .sort((a, b) => a[0] - b[0])
  let total = 0
  let [curStart, curEnd] = [-1, -1]
  for (const [s, e] of intervals) {
    if (s > curEnd) {
      total += curEnd - curStart
      ;[curStart, curEnd] = [s, e]
    } else curEnd = Math.max(curEnd, e)
  }
  return total + (curEnd - curStart)
}

export interface DutyRules {
  minCadresPerDay: number
  minHours: number
}

/** The floors for a village or a community, from its effective settings. */
export function dutyRulesFor(
  kind: 'village' | 'community',
  settings: { dutyMinCadresPerDay: number; dutyMinHoursVillage: number; dutyMinHoursCommunity: number },
): DutyRules {
  return {
    minCadresPerDay: settings.dutyMinCadresPerDay,
    minHours: kind === 'community' ? settings.dutyMinHoursCommunity : settings.dutyMinHoursVillage,
  }
}

export interface PlannedDay {
  date: string
  cadres: number
  plannedMinutes: number
  gap: boolean
  /** Why it is a gap, in Chinese. */
  reasons: string[]
}

/** A day's plan against the floors: enough different cadres, enough hours at the centre (holidays included). */
export function judgePlannedDay(
  date: string,
  shifts: readonly (ShiftTime & { personId: string })[],
  rules: DutyRules,
): PlannedDay {
  const cadres = new Set(shifts.map((s) => s.personId)).size
  const plannedMinutes = shifts.length ? coveredMinutes(shifts) : 0
  const reasons: string[] = []
  if (cadres === 0) reasons.push('无人值班')
  else if (cadres < rules.minCadresPerDay) reasons.push(`值班干部少于 ${rules.minCadresPerDay} 人`)
  if (cadres > 0 && plannedMinutes < rules.minHours * 60) reasons.push(`值班时长不足 ${rules.minHours} 小时`)
  return { date, cadres, plannedMinutes, gap: reasons.length > 0, reasons }
}

/** The dates of the coming week from `now` (today and the six days after), in Beijing time. */
export function comingWeek(now: Date | number): string[] {
  const today = dutyDate(now)
  return Array.from({ length: 7 }, (_, i) => addDays(today, i))
}

// ---- check-out -------------------------------------------------------------------------------------------

export type CheckOutJudgement =
  { ok: true; minutes: number } | { ok: false; reason: 'too-late' | 'before-check-in'; message: string }

/** Whether a check-out at `now` closes a check-in made at `checkedInAt`, and the minutes on duty. */
export function judgeCheckOut(checkedInAt: Date | number, now: Date | number): CheckOutJudgement {
  const ms = new Date(now).getTime() - new Date(checkedInAt).getTime()
  if (ms < 0) return { ok: false, reason: 'before-check-in', message: '签退时间早于签到时间' }
  if (ms > MAX_DUTY_HOURS * 3_600_000) {
    return {
      ok: false,
      reason: 'too-late',
      message: `签到已超过 ${MAX_DUTY_HOURS} 小时，不能再签退；这次值班记为“未签退”`,
    }
  }
  return { ok: true, minutes: Math.round(ms / 60_000) }
}

// ---- month aggregate -------------------------------------------------------------------------------------

/** Per day in a village's month aggregate (keys are the day of month, "01".."31"). */
export interface DayCounts {
  /** Cadres who checked in for duty that day (one check-in per person per day). */
  cadres?: number
  /** Minutes between check-in and check-out, summed over the day's check-ins (counted at check-out). */
  minutes?: number
  /** Check-ins made by the exception path. */
  exceptions?: number
}

export interface MonthAggregate {
  days?: Record<string, DayCounts>
  checkins?: number
  exceptions?: number
  minutes?: number
  matters?: number
  resolvedOnSpot?: number
  handedOff?: number
  disputes?: number
  emergencies?: number
}

export interface MonthCoverage {
  month: string
  /** Days of the month so far (the whole month once it is over; 0 for a month not yet begun). */
  requiredDays: number
  /** Days on which at least the minimum number of cadres checked in. */
  coveredDays: number
  /** Covered days whose summed duty time also reached the minimum hours. */
  fullHoursDays: number
  hours: number
  checkins: number
  exceptions: number
  matters: number
  resolvedOnSpot: number
  handedOff: number
  disputes: number
  emergencies: number
  days: { date: string; cadres: number; hours: number; covered: boolean; exceptions: number }[]
}

/** The month key of a day of the month inside the aggregate ("07"). */
export const dayKey = (date: string) => date.slice(8, 10)

const hours1 = (minutes: number) => Math.round((minutes / 60) * 10) / 10

/** A village's month from its aggregate: days covered against days required so far, hours, matters. */
export function monthCoverage(
  month: string,
  aggregate: MonthAggregate | undefined,
  rules: DutyRules,
  now: Date | number,
): MonthCoverage {
  const today = dutyDate(now)
  const dates = datesOfMonth(month).filter((d) => d <= today)
  const a = aggregate ?? {}
  const days = dates.map((date) => {
    const c = a.days?.[dayKey(date)] ?? {}
    const cadres = c.cadres ?? 0
    return {
      date,
      cadres,
      hours: hours1(c.minutes ?? 0),
      covered: cadres >= rules.minCadresPerDay,
      exceptions: c.exceptions ?? 0,
      minutes: c.minutes ?? 0,
    }
  })
  return {
    month,
    requiredDays: dates.length,
    coveredDays: days.filter((d) => d.covered).length,
    fullHoursDays: days.filter((d) => d.covered && d.minutes >= rules.minHours * 60).length,
    hours: hours1(a.minutes ?? 0),
    checkins: a.checkins ?? 0,
    exceptions: a.exceptions ?? 0,
    matters: a.matters ?? 0,
    resolvedOnSpot: a.resolvedOnSpot ?? 0,
    handedOff: a.handedOff ?? 0,
    disputes: a.disputes ?? 0,
    emergencies: a.emergencies ?? 0,
    days: days.map(({ minutes: _m, ...d }) => d),
  }
}

// ---- resident cadres -------------------------------------------------------------------------------------

/** Roles who live in the village on assignment and count days in the village (驻村第一书记, 驻村干部). */
export const RESIDENT_ROLES = ['first_secretary', 'resident_cadre'] as const

/**
 * Days in the village in a month against the county's expectation, counted from the person's own check-ins.
 * `expected` is pro-rated while the month runs (20 days of a 31-day month, on day 10: 7 expected so far).
 */
export function residentDays(
  month: string,
  checkedInDates: readonly string[],
  expectedPerMonth: number,
  now: Date | number,
) {
  const all = datesOfMonth(month)
  const today = dutyDate(now)
  const elapsed = all.filter((d) => d <= today).length
  const days = new Set(checkedInDates.filter((d) => d.startsWith(month))).size
  const expectedSoFar = Math.min(expectedPerMonth, Math.ceil((expectedPerMonth * elapsed) / all.length))
  return { month, days, expected: expectedPerMonth, expectedSoFar, met: days >= expectedPerMonth }
}

// ---- duty log --------------------------------------------------------------------------------------------

export const LOG_OUTCOMES = {
  resolved: '当场办结',
  'follow-up': '需后续办理（本人负责）',
  'handed-off': '转入群众诉求办理',
} as const
export type LogOutcome = keyof typeof LOG_OUTCOMES

export const EXCEPTION_MISSING = { location: '定位不可用或不准', code: '无法扫码（屏幕坏了、停电等）' } as const
export type ExceptionMissing = keyof typeof EXCEPTION_MISSING

// ---- exceptions: the cap, and a position that no inaccuracy explains ------------------------------------

/**
 * With "定位不可用或不准" declared, a position the phone still reports may be off, but not by more than this: a
 * position farther from the centre is refused at check-in and check-out alike (a check-out 2.2 km away is not a
 * GPS error).
 */
export const MAX_DECLARED_INACCURACY_METRES = 1000

/** A position sent along with a declared location exception: refused when no GPS error explains the distance. */
export function judgeDeclaredLocation(
  centre: LatLng & { radiusMetres: number },
  at: LatLng,
  stage: 'in' | 'out',
): LocationJudgement {
  const distance = Math.round(distanceMetres(centre, at))
  if (distance <= centre.radiusMetres + MAX_DECLARED_INACCURACY_METRES)
    return { within: true, distanceMetres: distance }
  return {
    within: false,
    distanceMetres: distance,
    message: `您现在离党群服务中心约 ${formatDistance(distance)}，定位误差不会这么大，不能${stage === 'in' ? '签到' : '签退'}。请在服务中心${stage === 'in' ? '签到' : '签退'}`,
  }
}

/** One use of the exception path: a check-in and its check-out are counted separately. */
export function exceptionUses(r: { exception?: boolean | null; checkOutException?: unknown }): number {
  return (r.exception ? 1 : 0) + (r.checkOutException ? 1 : 0)
}

/**
 * Whether one more exception is allowed to a cadre who has used `used` this month, under the county's cap
 * (setting dutyExceptionsPerCadreMonth); the refusal says why and what to do instead.
 */
export function exceptionCapProblem(used: number, cap: number): string | undefined {
  if (used < cap) return undefined
  return `本月您已经用了 ${used} 次例外签到（县里规定每人每月最多 ${cap} 次），这次不能再用。请到服务中心定位并扫码；确有困难请告诉书记`
}

// ---- punctuality against the shift ----------------------------------------------------------------------

/** Minutes within which an arrival after the start, or a departure before the end, is not marked. */
export const PUNCTUALITY_GRACE_MINUTES = 5

/** The instants a shift on a Beijing date starts and ends (an end at or before the start is the next day). */
export function shiftInstants(date: string, s: ShiftTime): { start: Date; end: Date } {
  const start = startOfBeijingDate(date).getTime() + minuteOfDay(s.start) * 60_000
  return { start: new Date(start), end: new Date(start + shiftMinutes(s) * 60_000) }
}

/** Minutes late at check-in, when beyond the grace; 0 otherwise. */
export function lateMinutes(date: string, s: ShiftTime, checkedInAt: Date | number): number {
  const late = Math.floor((new Date(checkedInAt).getTime() - shiftInstants(date, s).start.getTime()) / 60_000)
  return late > PUNCTUALITY_GRACE_MINUTES ? late : 0
}

/** Minutes left before the shift's end at check-out, when beyond the grace; 0 otherwise. */
export function earlyMinutes(date: string, s: ShiftTime, checkedOutAt: Date | number): number {
  const early = Math.floor((shiftInstants(date, s).end.getTime() - new Date(checkedOutAt).getTime()) / 60_000)
  return early > PUNCTUALITY_GRACE_MINUTES ? early : 0
}

/** "迟到 12 分钟" / "早退 1 小时 5 分钟". */
export function punctualityLabel(kind: 'late' | 'early', minutes: number): string {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  const span = h ? `${h} 小时${m ? ` ${m} 分钟` : ''}` : `${m} 分钟`
  return `${kind === 'late' ? '迟到' : '早退'} ${span}`
}
