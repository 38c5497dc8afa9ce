/** 三会一课 documents as the contract's outputs (common/contracts/meetings.ts). */
import { attendeeState, historyState, meetingQuorum } from '../../common/rules/meeting-conduct'
import {
  MEETING_KIND_LABELS,
  signInWindow,
  type AttendanceMode,
  type AttendanceTally,
} from '../../common/rules/meetings'
import { iso } from '../_lib/records'
import type { AttendanceDoc, LeaveDoc, MaterialDoc, MeetingDoc } from './store'

export interface Mine {
  expected: boolean
  attended?: AttendanceMode
  leave?: LeaveDoc['status']
  /** May take part online (away on the roster, or the secretary's exception); on the meeting page only. */
  remoteAllowed?: boolean
}

/** A meeting in a list; `mine` is the caller's own standing when they are on the roster. */
export function meetingRow(m: MeetingDoc, mine?: Mine) {
  return {
    id: m._id,
    kind: m.kind,
    kindLabel: MEETING_KIND_LABELS[m.kind],
    topic: m.topic,
    startsAt: iso(m.startsAt)!,
    endsAt: iso(m.endsAt)!,
    place: m.place,
    remoteOpen: m.remoteOpen,
    status: m.status,
    minutesLocked: Boolean(m.locked),
    expectedCount: m.expectedIds?.length ?? m.expected.length,
    mine,
  }
}

export function attendeeRows(
  visible: MeetingDoc['expected'],
  attendance: ReadonlyMap<string, AttendanceDoc>,
  leaves: ReadonlyMap<string, LeaveDoc>,
) {
  return visible.map((e) => {
    const a = attendance.get(e.personId)
    const l = leaves.get(e.personId)
    return {
      personId: e.personId,
      name: e.name,
      votes: e.votes,
      presence: e.presence,
      state: attendeeState(a?.mode, l?.status),
      at: iso(a?.at),
      remark: a?.remark,
      leaveReason: l?.reason,
    } as const
  })
}

/** The meeting page: the row, the sign-in windows, the live tally and quorum, attendees, votes and minutes. */
export function meetingDetail(
  meeting: MeetingDoc,
  view: {
    mine?: Mine
    tally: AttendanceTally
    attendees: ReturnType<typeof attendeeRows>
    canManage: boolean
    now: Date
  },
) {
  const { now, tally } = view
  const minutes = meeting.minutes
  return {
    ...meetingRow(meeting, view.mine),
    agenda: meeting.agenda,
    chairName: meeting.chairName,
    recorderName: meeting.recorderName,
    studyHours: meeting.studyHours,
    gridId: meeting.gridId ?? undefined,
    shortNoticeReason: meeting.shortNoticeReason ?? undefined,
    cancelReason: meeting.cancelReason,
    window: {
      inPerson: signInWindow(meeting, 'in_person', now),
      remote: meeting.remoteOpen ? signInWindow(meeting, 'remote', now) : 'closed',
    },
    tally,
    quorum: meetingQuorum(meeting, tally.presentVoters, tally.expectedVoters),
    attendees: view.attendees,
    canManage: view.canManage,
    votes: meeting.votes.map((v) => ({ ...v, at: iso(v.at)! })),
    minutes: minutes
      ? {
          agenda: minutes.agenda,
          remarks: minutes.remarks,
          resolutions: minutes.resolutions,
          absenteeReasons: minutes.absenteeReasons,
          photoFileIds: minutes.photoFileIds,
          savedAt: iso(minutes.savedAt),
          lockedAt: iso(meeting.lockedAt),
          lockedByName: meeting.lockedByName,
          corrections: meeting.corrections.map((c) => ({ ...c, at: iso(c.at)! })),
        }
      : undefined,
  }
}

/** A past meeting in the member's own history. */
export function historyRow(m: MeetingDoc, attended: AttendanceMode | undefined, leave: LeaveDoc['status'] | undefined) {
  return {
    meetingId: m._id,
    kindLabel: MEETING_KIND_LABELS[m.kind],
    topic: m.topic,
    startsAt: iso(m.startsAt)!,
    state: historyState(attended, leave),
  }
}

export function materialView(d: MaterialDoc) {
  return {
    id: d._id,
    title: d.title,
    kind: d.kind,
    body: d.body,
    url: d.url,
    fileId: d.fileId,
    suggestedHours: d.suggestedHours,
    publishedAt: iso(d.publishedAt)!,
  }
}
