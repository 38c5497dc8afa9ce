/** duty's collections, their documents, and the reads and writes its handlers share. */
import type { AttemptState } from '../../common/rules/invitation-code'
import type { MonthAggregate } from '../../common/rules/duty'
import { C } from '../_lib/collections'

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
  checkedInAt: Date
  distanceMetres: number | null
  codeWindow: number | null
  exception: boolean
  exceptionMissing: 'location' | 'code' | null
  exceptionReason: string | null
  checkedOutAt: Date | null
  minutes: number | null
  checkOutException: { missing: 'location' | 'code'; reason: string } | null
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
