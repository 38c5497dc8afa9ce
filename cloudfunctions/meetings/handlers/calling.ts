/** Calling a meeting (who should attend frozen from the roster, notice and reminder), cancelling it, lists and the page. */
import { AppError } from '../../../common/errors'
import { BRANCH_PARTY_MEMBERS } from '../../../common/roles'
import { callProblem, canManageMeeting, remoteProblem, shortNoticeProblem } from '../../../common/rules/meeting-conduct'
import { expectedAttendees, STUDY_KINDS, tallyAttendance, type AttendanceMode } from '../../../common/rules/meetings'
import type { RosterPerson } from '../../../common/rules/meetings'
import { callerIn, rosterCallerIn } from '../../_lib/caller'
import { C } from '../../_lib/collections'
import { villageSettings } from '../../_lib/settings'
import { getDocs } from '../../_lib/cloud'
import { cancelNotices, scheduleNotices } from '../../_lib/notify'
import { getAll, type PersonDoc } from '../../_lib/records'
import { refuseRetired } from '../../_lib/open-village'
import { addOnce } from '../../_lib/writes'
import { callNotices, cancelledNotices } from '../notices'
import {
  ATTENDANCE,
  LEAVES,
  loadMeeting,
  MEETINGS,
  pairId,
  SLIM_MEETING,
  type AttendanceDoc,
  type LeaveDoc,
  type MeetingDoc,
  type MeetingHandlers,
  NOT_ON_BRANCH_ROSTER,
} from '../store'
import { attendeeRows, meetingDetail, meetingRow } from '../views'

export const callingHandlers: MeetingHandlers<'callMeeting' | 'cancelMeeting' | 'listMeetings' | 'getMeeting'> = {
  async callMeeting(input, ctx) {
    const { db, now } = ctx
    const caller = rosterCallerIn(ctx, input.villageId, NOT_ON_BRANCH_ROSTER)
    const startsAt = new Date(input.startsAt)
    const endsAt = new Date(input.endsAt)
    const refused = callProblem({ startsAt, endsAt, kind: input.kind, gridId: input.gridId }, now)
    if (refused) throw new AppError(refused.code, refused.message)
    const _ = db.command
    const [{ village, settings }, people] = await Promise.all([
      villageSettings(db, input.villageId),
      getAll<PersonDoc>(
        db
          .collection(C.people)
          .where({ villageId: input.villageId, roles: _.in([...BRANCH_PARTY_MEMBERS]) })
          .field({ name: true, roles: true, gridId: true, party: true, openid: true }),
        5000,
      ),
    ])
    refuseRetired(village, '召开会议')
    const late = shortNoticeProblem(startsAt, now, settings.meetingNoticeDays, input.shortNoticeReason)
    if (late) throw new AppError(late.code, late.message)
    const roster: RosterPerson[] = people.map((p) => ({
      id: p._id,
      name: p.name,
      roles: p.roles,
      gridId: p.gridId,
      party: p.party,
    }))
    const expected = expectedAttendees(input.kind, roster, input.gridId)
    if (expected.length === 0) throw new AppError('FAILED_PRECONDITION', '按花名册，这次会议没有应到人员')
    const named = new Map(people.map((p) => [p._id, p.name]))
    const missing = [input.chairPersonId, input.recorderPersonId].filter((id) => !named.has(id))
    if (missing.length) {
      const others = await getDocs<PersonDoc>(
        db
          .collection(C.people)
          .where({ villageId: input.villageId, _id: _.in(missing) })
          .field({ name: true })
          .limit(2),
      )
      for (const o of others) named.set(o._id, o.name)
      if (others.length < new Set(missing).size) throw new AppError('NOT_FOUND', '主持人或记录人不在本村花名册中')
    }
    const meeting: MeetingDoc = {
      _id: ctx.newId('mt'),
      villageId: input.villageId,
      townshipId: village.townshipId,
      kind: input.kind,
      topic: input.topic,
      agenda: input.agenda,
      startsAt,
      endsAt,
      place: input.place,
      chairPersonId: input.chairPersonId,
      chairName: named.get(input.chairPersonId)!,
      recorderPersonId: input.recorderPersonId,
      recorderName: named.get(input.recorderPersonId)!,
      remoteOpen: input.remoteOpen,
      gridId: input.gridId ?? null,
      studyHours: input.studyHours ?? (STUDY_KINDS.includes(input.kind) ? 2 : 0),
      shortNoticeReason: input.shortNoticeReason ?? null,
      status: 'called',
      expected,
      expectedIds: expected.map((e) => e.personId),
      quorumSettings: {
        assemblyAttendance: settings.assemblyAttendance,
        assemblyPassShare: settings.assemblyPassShare,
      },
      votes: [],
      minutes: null,
      locked: false,
      lockedAt: null,
      corrections: [],
      calledAt: now,
      calledBy: caller.personId,
    }
    // A resend whose first run wrote the meeting (and died before its marker) does not notify everyone again.
    const written = await addOnce(db.collection(MEETINGS), meeting as unknown as MeetingDoc & Record<string, unknown>)
    ctx.touch({ collection: MEETINGS, id: meeting._id })

    const openids = new Map(people.map((p) => [p._id, p.openid ?? null]))
    const sent = written
      ? await scheduleNotices(db, callNotices(meeting, openids, settings.meetingReminderHours, now), now)
      : { delivered: 0, queued: 0 }
    return {
      meetingId: meeting._id,
      expectedCount: expected.length,
      noticesSent: sent.delivered,
      remindersQueued: sent.queued,
    }
  },

  async cancelMeeting({ villageId, meetingId, reason }, ctx) {
    const { db, now } = ctx
    const meeting = await loadMeeting(db, villageId, meetingId)
    if (meeting.status === 'cancelled') return { cancelled: false }
    if (new Date(meeting.startsAt).getTime() <= now.getTime())
      throw new AppError('FAILED_PRECONDITION', '会议已开始，不能取消')
    await db
      .collection(MEETINGS)
      .where({ _id: meetingId, villageId, status: 'called' })
      .update({ data: { status: 'cancelled', cancelReason: reason } })
    await cancelNotices(db, `meeting:${meetingId}`, now)
    const people = await getDocs<PersonDoc>(
      db
        .collection(C.people)
        .where({ villageId, _id: db.command.in(meeting.expectedIds) })
        .field({ openid: true })
        .limit(1000),
    )
    const openids = new Map(people.map((p) => [p._id, p.openid ?? null]))
    await scheduleNotices(db, cancelledNotices(meeting, openids, reason), now)
    ctx.touch({ collection: MEETINGS, id: meetingId })
    return { cancelled: true }
  },

  async listMeetings({ villageId, limit }, ctx) {
    const { db } = ctx
    const caller = callerIn(ctx, villageId)
    const meetings = await getDocs<MeetingDoc>(
      db.collection(MEETINGS).where({ villageId }).orderBy('startsAt', 'desc').limit(limit).field(SLIM_MEETING),
    )
    let attended = new Map<string, AttendanceMode>()
    let leaves = new Map<string, LeaveDoc['status']>()
    if (caller.personId && meetings.length) {
      const pairs = meetings.map((m) => pairId(m._id, caller.personId!))
      const _ = db.command
      const [a, l] = await Promise.all([
        getDocs<AttendanceDoc>(
          db
            .collection(ATTENDANCE)
            .where({ _id: _.in(pairs) })
            .limit(50),
        ),
        getDocs<LeaveDoc>(
          db
            .collection(LEAVES)
            .where({ _id: _.in(pairs) })
            .limit(50),
        ),
      ])
      attended = new Map(a.map((x) => [x.meetingId, x.mode]))
      leaves = new Map(l.map((x) => [x.meetingId, x.status]))
    }
    return {
      meetings: meetings.map((m) =>
        meetingRow(
          m,
          caller.personId
            ? {
                expected: (m.expectedIds ?? []).includes(caller.personId),
                attended: attended.get(m._id),
                leave: leaves.get(m._id),
              }
            : undefined,
        ),
      ),
    }
  },

  async getMeeting({ villageId, meetingId }, ctx) {
    const { db, now } = ctx
    const caller = callerIn(ctx, villageId)
    const [meeting, attendance, leaves] = await Promise.all([
      loadMeeting(db, villageId, meetingId),
      getAll<AttendanceDoc>(db.collection(ATTENDANCE).where({ meetingId }), 5000),
      getAll<LeaveDoc>(db.collection(LEAVES).where({ meetingId }), 5000),
    ])
    const mode = new Map(attendance.filter((a) => a.villageId === villageId).map((a) => [a.personId, a]))
    const leave = new Map(leaves.filter((l) => l.villageId === villageId).map((l) => [l.personId, l]))
    const approved = new Set([...leave.values()].filter((l) => l.status === 'approved').map((l) => l.personId))
    const tally = tallyAttendance(meeting.expected, new Map([...mode].map(([k, v]) => [k, v.mode])), approved)
    const manage = canManageMeeting(meeting, caller)
    const supervisor = ctx.granted.some((g) => !g.villageId)
    const visible =
      manage || supervisor ? meeting.expected : meeting.expected.filter((e) => e.personId === caller.personId)
    const attendees = attendeeRows(visible, mode, leave)
    ctx.touch(...attendees.map((a) => ({ collection: C.people, id: a.personId, personId: a.personId })))
    return meetingDetail(meeting, {
      mine: caller.personId
        ? {
            expected: meeting.expectedIds.includes(caller.personId),
            attended: mode.get(caller.personId)?.mode,
            leave: leave.get(caller.personId)?.status,
            remoteAllowed: !remoteProblem(meeting, caller.personId),
          }
        : undefined,
      tally,
      attendees,
      canManage: manage,
      now,
    })
  },
}
