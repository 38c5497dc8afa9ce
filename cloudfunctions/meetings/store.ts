/**
 * 三会一课 collections, their documents, and the reads and writes shared by the handlers (./handlers/*).
 * Attendance and leave are one document per (meeting, person) with a derived `_id` (`pairId`), so a repeated
 * sign-in or leave request makes exactly one record.
 */
import { meetingsContract } from '../../common/contracts/meetings'
import { AppError } from '../../common/errors'
import { inBeijing, startOfBeijingDate } from '../../common/rules/beijing-time'
import { memberMonths, type RemoteException } from '../../common/rules/meeting-conduct'
import {
  consecutiveMissedMonths,
  MEETING_KINDS,
  meetingMonth,
  type AttendanceMode,
  type ExpectedAttendee,
  type HeldByMonth,
  type MeetingKind,
} from '../../common/rules/meetings'
import type { QuorumSettings } from '../../common/rules/quorum'
import { getDocs, type Database } from '../_lib/cloud'
import { C } from '../_lib/collections'
import { incrementOrCreate } from '../_lib/counters'
import { getAll } from '../_lib/records'
import { updatedCount } from '../_lib/writes'
import type { Handlers } from '../_lib/runtime'

export const MEETINGS = C.meetings
export const ATTENDANCE = C.meeting_attendance
export const LEAVES = C.meeting_leaves
export const PERIODS = C.meeting_periods
export const STUDY = C.study_records
export const MATERIALS = C.study_materials

/** Handlers of some of the contract's actions: one area's file under ./handlers. */
export type MeetingHandlers<A extends keyof (typeof meetingsContract)['actions']> = Pick<
  Handlers<typeof meetingsContract>,
  A
>

export interface Vote {
  id: string
  motion: string
  yes: number
  no: number
  abstain: number
  shouldAttend: number
  passed: boolean
  outcomeLabel: string
  lines: string[]
  at: Date
  byPersonId: string
}

export interface Minutes {
  agenda: string
  remarks: string
  resolutions: string
  absenteeReasons: { personId: string; reason: string }[]
  photoFileIds: string[]
  savedAt: Date
  savedBy: string
}

export interface MeetingDoc {
  _id: string
  villageId: string
  townshipId: string
  kind: MeetingKind
  topic: string
  agenda: string
  startsAt: Date
  endsAt: Date
  place: string
  chairPersonId: string
  chairName: string
  recorderPersonId: string
  recorderName: string
  remoteOpen: boolean
  gridId?: string | null
  studyHours: number
  shortNoticeReason?: string | null
  status: 'called' | 'cancelled'
  cancelReason?: string
  /** Frozen at call time from the roster. */
  expected: ExpectedAttendee[]
  expectedIds: string[]
  /** Quorum settings frozen at call time. */
  quorumSettings: QuorumSettings
  votes: Vote[]
  minutes?: Minutes | null
  locked: boolean
  lockedAt?: Date | null
  lockedByName?: string
  corrections: { text: string; at: Date; byName: string }[]
  /** Members at home the secretary allowed to take part online, with the reason (see remoteProblem). */
  remoteExceptions?: RemoteException[]
  /** Attendance frozen when the minutes were confirmed (the meeting then counts as held). */
  held?: { present: number; presentVoters: number; attendedIds: string[] } | null
  calledAt: Date
  calledBy: string
}

export interface AttendanceDoc {
  _id: string
  meetingId: string
  villageId: string
  townshipId: string
  personId: string
  mode: AttendanceMode
  at: Date
  remark?: string
  studyHours: number
  month: string
  /** Set when the meeting's minutes are confirmed: only then do its study hours count. */
  held?: boolean
}

export interface LeaveDoc {
  _id: string
  meetingId: string
  villageId: string
  personId: string
  reason: string
  status: 'pending' | 'approved' | 'refused'
  at: Date
  decidedAt?: Date
  decidedByName?: string
  note?: string
}

/** One per branch per year: meetings held, by kind and month (`m01`–`m12`). Read by the township and 五星支部. */
export interface PeriodDoc {
  _id: string
  villageId: string
  townshipId: string
  year: number
  held: Partial<Record<MeetingKind, Record<string, number>>>
}

export interface StudyRecordDoc {
  _id: string
  villageId: string
  personId: string
  year: number
  date: string
  title: string
  hours: number
  materialId: string | null
  at: Date
}

export interface MaterialDoc {
  _id: string
  villageId: string
  townshipId: string
  title: string
  kind: 'text' | 'link' | 'file'
  body?: string
  url?: string
  fileId?: string
  suggestedHours: number
  publishedAt: Date
  publishedByName: string
}

/** Meeting fields a list needs (the frozen roster, votes, minutes and corrections left out). */
export const SLIM_MEETING = { expected: false, votes: false, minutes: false, corrections: false }

export const pairId = (meetingId: string, personId: string) => `${meetingId}_${personId}`
const monthKey = (index: number) => `m${String(index + 1).padStart(2, '0')}`

export async function loadMeeting(db: Database, villageId: string, meetingId: string): Promise<MeetingDoc> {
  const [doc] = await getDocs<MeetingDoc>(db.collection(MEETINGS).where({ _id: meetingId, villageId }).limit(1))
  if (!doc) throw new AppError('NOT_FOUND', '本村没有这次会议')
  return doc
}

/** The message when an action needs the caller's own roster entry here (see _lib/caller.ts). */
export const NOT_ON_BRANCH_ROSTER = '您不是本支部花名册中的人员'

/** Changes a meeting whose minutes are not confirmed yet; once they are, FAILED_PRECONDITION with `lockedMessage`. */
export async function updateUnlocked(
  db: Database,
  villageId: string,
  meetingId: string,
  data: Record<string, unknown>,
  lockedMessage: string,
): Promise<void> {
  const changed = updatedCount(
    await db.collection(MEETINGS).where({ _id: meetingId, villageId, locked: false }).update({ data }),
  )
  if (!changed) throw new AppError('FAILED_PRECONDITION', lockedMessage)
}

/** Adds one held meeting to the branch's year aggregate (created on first use). */
export async function countHeld(db: Database, m: MeetingDoc, delta: number): Promise<void> {
  const { year, monthIndex } = meetingMonth(m.startsAt)
  const month = monthKey(monthIndex)
  await incrementOrCreate(
    db,
    PERIODS,
    `${m.villageId}_${year}`,
    { [`held.${m.kind}.${month}`]: db.command.inc(delta) },
    () => ({ villageId: m.villageId, townshipId: m.townshipId, year, held: { [m.kind]: { [month]: delta } } }),
  )
}

/** A year aggregate as 12 monthly counts per kind, the shape the calendar rules take. */
export function heldArrays(doc: PeriodDoc | undefined): HeldByMonth {
  const out: HeldByMonth = {}
  for (const kind of MEETING_KINDS) {
    const months = doc?.held?.[kind]
    if (months) out[kind] = Array.from({ length: 12 }, (_, i) => months[monthKey(i)] ?? 0)
  }
  return out
}

/** The six-month rule over the last six Beijing months of held meetings: each member's run of missed months. */
export async function absenceRuns(db: Database, villageId: string, now: Date) {
  const _ = db.command
  const b = inBeijing(now)
  const since = startOfBeijingDate(b.subtract(6, 'month').startOf('month').format('YYYY-MM-DD'))
  const meetings = await getAll<Pick<MeetingDoc, '_id' | 'startsAt' | 'endsAt' | 'expected' | 'status'>>(
    db
      .collection(MEETINGS)
      .where({ villageId, startsAt: _.gte(since), endsAt: _.lt(now), status: 'called' })
      .field({ startsAt: true, endsAt: true, expected: true, status: true }),
    2000,
  )
  if (meetings.length === 0) return []
  const ids = meetings.map((m) => m._id)
  const [attendance, leaves] = await Promise.all([
    getAll<Pick<AttendanceDoc, 'meetingId' | 'personId'>>(
      db
        .collection(ATTENDANCE)
        .where({ meetingId: _.in(ids) })
        .field({ meetingId: true, personId: true }),
      50000,
    ),
    getAll<Pick<LeaveDoc, 'meetingId' | 'personId'>>(
      db
        .collection(LEAVES)
        .where({ meetingId: _.in(ids), status: 'approved' })
        .field({ meetingId: true, personId: true }),
      50000,
    ),
  ])
  const attended = new Set(attendance.map((a) => pairId(a.meetingId, a.personId)))
  const excused = new Set(leaves.map((l) => pairId(l.meetingId, l.personId)))
  return memberMonths(
    meetings,
    (meetingId, personId) => attended.has(pairId(meetingId, personId)),
    (meetingId, personId) => excused.has(pairId(meetingId, personId)),
  ).map(({ who, months }) => ({
    who,
    ...consecutiveMissedMonths(months),
  }))
}

/** Study hours a member declared this year. */
export async function declaredHours(db: Database, villageId: string, personId: string, year: number) {
  const records = await getDocs<Pick<StudyRecordDoc, 'hours'>>(
    db.collection(STUDY).where({ villageId, personId, year }).field({ hours: true }).limit(1000),
  )
  return records.reduce((n, r) => n + r.hours, 0)
}
