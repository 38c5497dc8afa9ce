/**
 * 三会一课, the rules the meetings function applies when a meeting is called, run and recorded: the times a call
 * may name, who may manage a meeting, the live quorum and who votes, each attendee's state, the six-month rule's
 * months per member, and what a study declaration or a study material needs. Pure; no I/O. The calendar, the
 * attendance window and the tally live in ./meetings.ts; quorum arithmetic in ./quorum.ts.
 */
import type { ErrorCode } from '../errors'
import { BRANCH_ORGANISERS } from '../roles'
import { beijingDate, type Instant } from './beijing-time'
import {
  meetingMonth,
  type AttendanceMode,
  type ExpectedAttendee,
  type MeetingKind,
  type MemberMonth,
} from './meetings'
import { evaluateMeeting, type QuorumSettings } from './quorum'

/** What a handler throws when a rule refuses: the error code and the message the user reads. */
export interface Refusal {
  code: Extract<ErrorCode, 'INVALID_ARGUMENT' | 'FAILED_PRECONDITION'>
  message: string
}

export const MAX_MEETING_MS = 12 * 3600_000
/** A meeting may be called for a start a few minutes past (the form was filled in slowly). */
export const CALL_GRACE_MS = 5 * 60_000

/** The times and group of a meeting being called, before the roster is read. */
export function callProblem(
  call: { startsAt: Date; endsAt: Date; kind: MeetingKind; gridId?: string | null },
  now: Date,
): Refusal | undefined {
  const { startsAt, endsAt } = call
  if (!(endsAt.getTime() > startsAt.getTime())) return { code: 'INVALID_ARGUMENT', message: '结束时间应晚于开始时间' }
  if (endsAt.getTime() - startsAt.getTime() > MAX_MEETING_MS)
    return { code: 'INVALID_ARGUMENT', message: '一次会议不超过 12 小时' }
  if (startsAt.getTime() < now.getTime() - CALL_GRACE_MS)
    return { code: 'FAILED_PRECONDITION', message: '开始时间已过，不能再召开' }
  if (call.kind === 'party_group' && !call.gridId)
    return { code: 'INVALID_ARGUMENT', message: '党小组会请选择党小组（网格）' }
  return undefined
}

/** Members are notified `noticeDays` ahead; a shorter notice needs a stated reason. */
export function shortNoticeProblem(
  startsAt: Date,
  now: Date,
  noticeDays: number,
  shortNoticeReason?: string | null,
): Refusal | undefined {
  if (startsAt.getTime() - now.getTime() < noticeDays * 24 * 3600_000 && !shortNoticeReason)
    return {
      code: 'FAILED_PRECONDITION',
      message: `应至少提前 ${noticeDays} 天通知；如确需临时召开，请填写原因`,
    }
  return undefined
}

/** Roles that manage any meeting of their branch (besides the meeting's own chair and recorder). */
export const MEETING_MANAGER_ROLES: readonly string[] = BRANCH_ORGANISERS

/** Chair, recorder, or a secretary / committee member / first secretary of this village. */
export function canManageMeeting(
  meeting: { chairPersonId: string; recorderPersonId: string },
  caller: { personId?: string | null; roles: readonly string[] },
): boolean {
  return (
    caller.roles.some((r) => MEETING_MANAGER_ROLES.includes(r)) ||
    (!!caller.personId && (caller.personId === meeting.chairPersonId || caller.personId === meeting.recorderPersonId))
  )
}

/** The kinds of meeting that have a quorum and vote: the 支部党员大会 and the 支部委员会. */
export const QUORUM_KINDS: Partial<Record<MeetingKind, 'party_assembly' | 'branch_committee'>> = {
  branch_assembly: 'party_assembly',
  branch_committee: 'branch_committee',
}

/**
 * Who votes at a meeting, or undefined for kinds that do not vote. At the 支部党员大会 only members with a vote
 * (not 流动党员 or 预备党员) count, for both quorum and base; at the committee every expected member.
 */
export function meetingVoters(
  kind: MeetingKind,
  expected: readonly ExpectedAttendee[],
): { quorumKind: 'party_assembly' | 'branch_committee'; voters: ExpectedAttendee[] } | undefined {
  const quorumKind = QUORUM_KINDS[kind]
  if (!quorumKind) return undefined
  return { quorumKind, voters: quorumKind === 'party_assembly' ? expected.filter((e) => e.votes) : [...expected] }
}

/** The live quorum shown on a meeting: whether it applies, the base, who is present and what is needed. */
export function meetingQuorum(
  meeting: { kind: MeetingKind; expected: readonly unknown[]; quorumSettings: QuorumSettings },
  presentVoters: number,
  expectedVoters: number,
) {
  const q = QUORUM_KINDS[meeting.kind]
  if (!q)
    return {
      applies: false,
      met: true,
      needed: 0,
      base: expectedVoters,
      present: presentVoters,
      text: '本类会议没有法定到会人数要求',
    }
  const base = q === 'party_assembly' ? expectedVoters : meeting.expected.length
  const present = q === 'party_assembly' ? presentVoters : Math.min(presentVoters, base)
  const result = evaluateMeeting(
    { kind: q, shouldAttend: base, present: Math.min(present, base) },
    meeting.quorumSettings,
  )
  const t = result.quorum[0]!
  return { applies: true, met: result.quorumMet, needed: t.needed, base, present, text: t.text }
}

export type AttendeeState = AttendanceMode | 'leave' | 'leave_pending' | 'absent'
export type LeaveStatus = 'pending' | 'approved' | 'refused'

/** An attendee's state on the meeting page: signed in (how), on leave, leave asked, or absent. */
export function attendeeState(attended: AttendanceMode | undefined, leave: LeaveStatus | undefined): AttendeeState {
  if (attended) return attended
  if (leave === 'approved') return 'leave'
  if (leave === 'pending') return 'leave_pending'
  return 'absent'
}

/** A past meeting in the member's own history: attended (how), excused, or absent (a pending leave is absent). */
export function historyState(
  attended: AttendanceMode | undefined,
  leave: LeaveStatus | undefined,
): AttendanceMode | 'leave' | 'absent' {
  return attended ?? (leave === 'approved' ? 'leave' : 'absent')
}

/**
 * Each expected member's Party life per Beijing month over the given meetings, for the six-month rule: members in
 * order of their first expected meeting, months in time order, `who` as the latest meeting froze them.
 */
export function memberMonths(
  meetings: readonly { _id: string; startsAt: Instant; expected: readonly ExpectedAttendee[] }[],
  attended: (meetingId: string, personId: string) => boolean,
  excused: (meetingId: string, personId: string) => boolean,
): { who: ExpectedAttendee; months: MemberMonth[] }[] {
  const byPerson = new Map<string, { who: ExpectedAttendee; months: Map<string, MemberMonth> }>()
  const inOrder = [...meetings].sort((a, b) => new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime())
  for (const m of inOrder) {
    const month = meetingMonth(m.startsAt).month
    for (const e of m.expected) {
      const entry = byPerson.get(e.personId) ?? { who: e, months: new Map<string, MemberMonth>() }
      entry.who = e
      const mm = entry.months.get(month) ?? { month, expected: 0, attended: 0, excused: 0 }
      mm.expected++
      if (attended(m._id, e.personId)) mm.attended++
      else if (excused(m._id, e.personId)) mm.excused++
      entry.months.set(month, mm)
      byPerson.set(e.personId, entry)
    }
  }
  return [...byPerson.values()].map(({ who, months }) => ({ who, months: [...months.values()] }))
}

/** A declared study session: on a Beijing date not after today, in the current year. */
export function studyDateProblem(date: string, now: Date): Refusal | undefined {
  const today = beijingDate(now)
  if (date > today) return { code: 'FAILED_PRECONDITION', message: '不能申报今天以后的学习' }
  if (date.slice(0, 4) !== today.slice(0, 4)) return { code: 'FAILED_PRECONDITION', message: '只能申报今年的学习' }
  return undefined
}

/** A study material carries what its kind needs: text a body, a link a URL, a cloud file its file id. */
export function materialProblem(m: {
  kind: 'text' | 'link' | 'file'
  body?: string
  url?: string
  fileId?: string
}): Refusal | undefined {
  if (m.kind === 'text' && !m.body) return { code: 'FAILED_PRECONDITION', message: '文字资料请填写内容' }
  if (m.kind === 'link' && !m.url) return { code: 'FAILED_PRECONDITION', message: '链接资料请填写网址' }
  if (m.kind === 'file' && !m.fileId) return { code: 'FAILED_PRECONDITION', message: '云文件资料请先上传文件' }
  return undefined
}

/**
 * Whether a meeting's minutes may be confirmed, which makes it count as held (calendar, 五星 evidence, study
 * hours): only after it ended, with somebody present, and for the 党员大会 and 支委会 with their statutory
 * attendance met. `presentVoters`/`expectedVoters` as in `tallyAttendance`.
 */
export function confirmProblem(
  meeting: { kind: MeetingKind; endsAt: Instant; expected: readonly unknown[]; quorumSettings: QuorumSettings },
  attendance: { present: number; presentVoters: number; expectedVoters: number },
  now: Instant,
): Refusal | undefined {
  if (new Date(now).getTime() <= new Date(meeting.endsAt).getTime())
    return { code: 'FAILED_PRECONDITION', message: '会议还没结束，结束后才能确认会议记录' }
  if (attendance.present === 0) return { code: 'FAILED_PRECONDITION', message: '没有人签到参加，不能确认为已召开' }
  const quorum = meetingQuorum(meeting, attendance.presentVoters, attendance.expectedVoters)
  if (quorum.applies && !quorum.met)
    return {
      code: 'FAILED_PRECONDITION',
      message: `到会 ${quorum.present} 人，未达到法定人数（须至少 ${quorum.needed} 人），不能确认为已召开`,
    }
  return undefined
}

/** A secretary's recorded permission for one member at home to take part online in one meeting. */
export interface RemoteException {
  personId: string
  reason: string
  at: Instant
  byName: string
}

/**
 * Online participation (我已线上参加) is for members the roster marks as away (在外党员), or a member the secretary
 * has allowed for this meeting, with a reason on record. Members at home sign in at the meeting with its code.
 */
export function remoteProblem(
  meeting: {
    remoteOpen: boolean
    expected: readonly ExpectedAttendee[]
    remoteExceptions?: readonly RemoteException[] | null
  },
  personId: string,
): Refusal | undefined {
  if (!meeting.remoteOpen) return { code: 'FAILED_PRECONDITION', message: '这次会议不设线上参加，请到会场签到' }
  const who = meeting.expected.find((e) => e.personId === personId)
  if (who?.presence === 'away') return undefined
  if (meeting.remoteExceptions?.some((x) => x.personId === personId)) return undefined
  return {
    code: 'FAILED_PRECONDITION',
    message: '线上参加仅限花名册登记为在外的党员；如确有特殊情况，请支部书记登记同意后再线上参加',
  }
}
