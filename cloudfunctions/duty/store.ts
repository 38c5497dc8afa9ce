/**
 * duty's collections, their documents, and the reads and writes its handlers share.
 *
 * Collections (cloudbase/indexes.json):
 * - duty_shifts   one planned shift: `_id` = sh-<yyyymmdd>-<personId> (one per person per day)
 * - duty_swaps    a cadre's request to hand a shift to another cadre, decided by the secretary
 * - duty_checkins one per person per duty day: `_id` = ci-<yyyymmdd>-<personId>, so a second check-in the same
 *                 day (double tap, two phones, 20 concurrent resends) can never create a second record
 * - duty_logs     值班服务日志 entries; the cadre who logs a matter owns it (首问负责) until handed over
 * - duty_months   per village per Beijing month, maintained incrementally on every check-in, check-out and log
 *                 entry: `_id` = <villageId>:<YYYY-MM>; summaries read these, never the raw check-ins
 * - duty_screens  devices paired as the centre's duty screen (token stored as sha256 only)
 * - duty_code_attempts  wrong rotating codes per WeChat user, to stop guessing the 6 digits
 * The rotating code itself: _lib/rotating-code.ts (purpose `duty`, subject = villageId).
 */
import { AppError } from '../../common/errors'
import { VILLAGE_CADRES } from '../../common/roles'
import { startOfBeijingDate } from '../../common/rules/beijing-time'
import { compactDate, dutyRulesFor, type DutyRules, type MonthAggregate } from '../../common/rules/duty'
import { type AttemptState } from '../../common/rules/invitation-code'
import { type Settings } from '../../common/rules/settings'
import { rosterCallerIn } from '../_lib/caller'
import { getDocs, type Database } from '../_lib/cloud'
import { C } from '../_lib/collections'
import { incrementsOf, nestFromPaths, txIncrementKnown, txIncrementOrCreate } from '../_lib/counters'
import type { Tx } from '../_lib/transaction'
import { getInVillage, type PersonDoc, type VillageDoc } from '../_lib/records'
import { type HandlerContext } from '../_lib/runtime'
import { villageSettings } from '../_lib/settings'

export const SHIFTS = C.duty_shifts
export const SWAPS = C.duty_swaps
export const CHECKINS = C.duty_checkins
export const LOGS = C.duty_logs
export const MONTHS = C.duty_months
export const SCREENS = C.duty_screens
export const ATTEMPTS = C.duty_code_attempts
export const PURPOSE = 'duty'
/** Wrong rotating codes allowed per WeChat user per 15 minutes (typos happen; guessing 10^6 codes must not). */
export const MAX_WRONG_CODES = 10

export interface ShiftDoc {
  _id: string
  villageId: string
  townshipId: string
  date: string
  personId: string
  name: string
  start: string
  end: string
  createdAt: Date
}

export interface SwapDoc {
  _id: string
  villageId: string
  townshipId: string
  shiftId: string
  date: string
  start: string
  end: string
  fromPersonId: string
  fromName: string
  toPersonId: string
  toName: string
  reason: string
  status: 'pending' | 'approved' | 'rejected'
  createdAt: Date
  decidedAt?: Date
  decidedBy?: string
}

export interface CheckInDoc {
  _id: string
  villageId: string
  townshipId: string
  date: string
  month: string
  personId: string
  name: string
  kind: 'duty' | 'residence'
  shiftId: string | null
  /** The shift's hours as they were at check-in (late/early are judged against them); absent on older records. */
  shiftStart?: string | null
  shiftEnd?: string | null
  /** Minutes late against the shift's start beyond the grace (0 = on time; null = no shift). */
  lateMinutes?: number | null
  /** Minutes left before the shift's end at check-out beyond the grace (null until checked out, or no shift). */
  earlyMinutes?: number | null
  checkedInAt: Date
  distanceMetres: number | null
  codeWindow: number | null
  exception: boolean
  exceptionMissing: 'location' | 'code' | null
  exceptionReason: string | null
  checkedOutAt: Date | null
  minutes: number | null
  checkOutException: { missing: 'location' | 'code'; reason: string } | null
  checkOutDistanceMetres?: number | null
}

export interface LogDoc {
  _id: string
  villageId: string
  townshipId: string
  date: string
  month: string
  at: Date
  visitorName: string
  visitorPhone: string
  matter: string
  action: string
  outcome: 'resolved' | 'follow-up' | 'handed-off'
  dispute: boolean
  emergencyReported: boolean
  loggedByPersonId: string
  loggedByName: string
  ownerPersonId: string
  ownerName: string
  requestLinkId: string | null
  status: 'open' | 'closed'
  history: { at: Date; what: 'handover' | 'close'; byName: string; toName?: string; note?: string }[]
}

export interface ScreenDoc {
  _id: string
  villageId: string
  label: string
  tokenHash: string
  revoked: boolean
  createdAt: Date
  createdByName: string
}

export type DutyMonthDoc = MonthAggregate & { _id: string; villageId: string; townshipId: string; month: string }

export type DutyCodeAttemptDoc = AttemptState & { _id: string }

/** The caller as a roster person of this village (a cadre acting for themselves). */
export const me = (ctx: HandlerContext, villageId: string) =>
  rosterCallerIn(ctx, villageId, '只有本村花名册中的干部本人可以操作')

export const shiftIdOf = (date: string, personId: string) => `sh-${compactDate(date)}-${personId}`

export const checkInIdOf = (date: string, personId: string) => `ci-${compactDate(date)}-${personId}`

export const monthIdOf = (villageId: string, month: string) => `${villageId}:${month}`

export async function settingsOf(db: Database, village: VillageDoc): Promise<Settings> {
  return (await villageSettings(db, village._id, village)).settings
}

/**
 * Adds to a village's month aggregate inside the transaction that writes what it counts (creating the document
 * once). `inc` keys are dot paths such as `days.07.cadres`. With `exists` (read outside the transaction), nothing
 * is read inside it (`txIncrementKnown`).
 */
export async function txBumpMonth(
  tx: Tx,
  db: Database,
  village: Pick<VillageDoc, '_id' | 'townshipId'>,
  month: string,
  inc: Record<string, number>,
  exists?: boolean,
): Promise<void> {
  const nonZero = Object.fromEntries(Object.entries(inc).filter(([, v]) => v !== 0))
  const id = monthIdOf(village._id, month)
  const created = () =>
    nestFromPaths(nonZero, { villageId: village._id, townshipId: village.townshipId, month, days: {} })
  if (exists === undefined) await txIncrementOrCreate(tx, MONTHS, id, incrementsOf(db, nonZero), created)
  else await txIncrementKnown(tx, MONTHS, id, incrementsOf(db, nonZero), created, exists)
}

export async function readAttempts(db: Database, openid: string): Promise<AttemptState | null> {
  if (!openid) return null
  const [doc] = await getDocs<AttemptState & { _id: string }>(db.collection(ATTEMPTS).where({ _id: openid }).limit(1))
  return doc ? { failures: doc.failures, windowStart: doc.windowStart } : null
}

/** A YYYY-MM-DD that is a real calendar date, or INVALID_ARGUMENT. */
export function calendarDate(date: string, path: string): string {
  try {
    startOfBeijingDate(date)
    return date
  } catch {
    throw new AppError('INVALID_ARGUMENT', '日期不存在', [{ path, message: '日期不存在' }])
  }
}

export async function villageRules(
  db: Database,
  village: VillageDoc,
): Promise<{ rules: DutyRules; settings: Settings }> {
  const settings = await settingsOf(db, village)
  return { rules: dutyRulesFor(village.kind, settings), settings }
}

export async function cadreOfVillage(db: Database, villageId: string, personId: string): Promise<PersonDoc> {
  const person = await getInVillage<PersonDoc>(db, C.people, villageId, personId, '人员')
  if (!person.roles.some((r) => (VILLAGE_CADRES as readonly string[]).includes(r))) {
    throw new AppError('FAILED_PRECONDITION', `${person.name} 不是本村干部，不能排班`)
  }
  return person
}
