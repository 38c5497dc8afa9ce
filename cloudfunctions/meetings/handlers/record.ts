/** Votes at the 支部党员大会 and 支部委员会, the minutes (saved, confirmed and locked) and corrections appended after. */
import { AppError } from '../../../common/errors'
import { canManageMeeting, confirmProblem, meetingVoters } from '../../../common/rules/meeting-conduct'
import { tallyAttendance } from '../../../common/rules/meetings'
import { evaluateMeeting, minimumCount } from '../../../common/rules/quorum'
import { callerIn } from '../../_lib/caller'
import { C } from '../../_lib/collections'
import { villageSettings } from '../../_lib/settings'
import { getDocs } from '../../_lib/cloud'
import { scheduleNotices } from '../../_lib/notify'
import { txGet } from '../../_lib/transaction'
import { getAll, iso, type PersonDoc } from '../../_lib/records'
import { absenceNotices, absenceSubject } from '../notices'
import {
  absenceRuns,
  ATTENDANCE,
  countHeld,
  loadMeeting,
  MEETINGS,
  updateUnlocked,
  type AttendanceDoc,
  type MeetingDoc,
  type MeetingHandlers,
  type Minutes,
  type Vote,
} from '../store'

export const recordHandlers: MeetingHandlers<'recordVote' | 'saveMinutes' | 'confirmMinutes' | 'appendCorrection'> = {
  async recordVote({ villageId, meetingId, motion, yes, no, abstain }, ctx) {
    const { db, now } = ctx
    // With the runtime's binding read; who the caller is comes after.
    const [meeting, attendance] = await Promise.all([
      loadMeeting(db, villageId, meetingId),
      getAll<AttendanceDoc>(
        db.collection(ATTENDANCE).where({ meetingId }).field({ personId: true, mode: true, villageId: true }),
        5000,
      ),
    ])
    const caller = callerIn(ctx, villageId)
    if (!canManageMeeting(meeting, caller)) throw new AppError('FORBIDDEN', '只有主持人、记录人或支部委员可以记录表决')
    // The vote's id comes from the request id: a resend whose first run pushed the vote (and died before its marker
    // was done) finds it and answers with it instead of pushing it again.
    const voteId = ctx.newId('vt')
    const recorded = (meeting.votes ?? []).find((v) => v.id === voteId)
    if (recorded) return { ...recorded, at: iso(recorded.at)! }
    const voting = meetingVoters(meeting.kind, meeting.expected)
    if (!voting) throw new AppError('FAILED_PRECONDITION', '只有支部党员大会和支部委员会进行表决')
    if (meeting.status !== 'called') throw new AppError('FAILED_PRECONDITION', '会议已取消')
    if (meeting.locked) throw new AppError('FAILED_PRECONDITION', '会议记录已确认锁定，不能再记录表决')
    if (new Date(meeting.startsAt).getTime() > now.getTime()) throw new AppError('FAILED_PRECONDITION', '会议还没开始')
    const present = new Set(attendance.filter((a) => a.villageId === villageId).map((a) => a.personId))
    const { quorumKind: q, voters } = voting
    const presentVoters = voters.filter((e) => present.has(e.personId)).length
    if (yes + no + abstain > presentVoters) {
      throw new AppError(
        'INVALID_ARGUMENT',
        `票数合计 ${yes + no + abstain} 超过到会有表决权人数 ${presentVoters}（流动党员、预备党员不参加表决）`,
      )
    }
    const result = evaluateMeeting(
      { kind: q, shouldAttend: voters.length, present: presentVoters, votes: { yes, no, abstain } },
      meeting.quorumSettings,
    )
    if (!result.quorumMet) {
      throw new AppError(
        'FAILED_PRECONDITION',
        `到会有表决权人数 ${presentVoters}，须至少 ${minimumCount(voters.length, result.quorum[0]!.share)} 人，不能表决`,
      )
    }
    const vote: Vote = {
      id: voteId,
      motion,
      yes,
      no,
      abstain,
      shouldAttend: voters.length,
      passed: result.passed,
      outcomeLabel: result.outcomeLabel,
      lines: result.lines,
      at: now,
      byPersonId: caller.personId ?? '',
    }
    ctx.touch({ collection: MEETINGS, id: meetingId })
    await ctx.lastWrite(() =>
      updateUnlocked(
        db,
        villageId,
        meetingId,
        { votes: db.command.push([vote]) },
        '会议记录已确认锁定，不能再记录表决',
      ),
    )
    return { ...vote, at: iso(now)! }
  },

  async saveMinutes({ villageId, meetingId, minutes }, ctx) {
    const { db, now } = ctx
    const caller = callerIn(ctx, villageId)
    const meeting = await loadMeeting(db, villageId, meetingId)
    if (!canManageMeeting(meeting, caller))
      throw new AppError('FORBIDDEN', '只有记录人、主持人或支部委员可以填写会议记录')
    if (meeting.status !== 'called') throw new AppError('FAILED_PRECONDITION', '会议已取消')
    if (meeting.locked) throw new AppError('FAILED_PRECONDITION', '会议记录已确认锁定，只能追加更正')
    const known = new Set(meeting.expectedIds)
    const data: Minutes = {
      ...minutes,
      absenteeReasons: minutes.absenteeReasons.filter((r) => known.has(r.personId)),
      savedAt: now,
      savedBy: caller.personId ?? '',
    }
    await updateUnlocked(
      db,
      villageId,
      meetingId,
      { minutes: db.command.set(data) },
      '会议记录已确认锁定，只能追加更正',
    )
    ctx.touch({ collection: MEETINGS, id: meetingId })
    return { savedAt: iso(now)! }
  },

  async confirmMinutes({ villageId, meetingId }, ctx) {
    const { db, now } = ctx
    const caller = callerIn(ctx, villageId)
    const [meeting, attendance] = await Promise.all([
      loadMeeting(db, villageId, meetingId),
      getAll<Pick<AttendanceDoc, 'personId' | 'mode' | 'villageId'>>(
        db.collection(ATTENDANCE).where({ meetingId }).field({ personId: true, mode: true, villageId: true }),
        5000,
      ),
    ])
    if (meeting.status !== 'called') throw new AppError('FAILED_PRECONDITION', '会议已取消')
    if (meeting.locked) throw new AppError('FAILED_PRECONDITION', '会议记录已经确认过了')
    if (!meeting.minutes) throw new AppError('FAILED_PRECONDITION', '记录人还没有填写会议记录')
    const attended = new Map(attendance.filter((a) => a.villageId === villageId).map((a) => [a.personId, a.mode]))
    const tally = tallyAttendance(meeting.expected, attended, new Set())
    const refused = confirmProblem(meeting, tally, now)
    if (refused) throw new AppError(refused.code, refused.message)
    // Confirming freezes attendance: the meeting keeps who was there, and sign-in is refused from now on.
    await updateUnlocked(
      db,
      villageId,
      meetingId,
      {
        locked: true,
        lockedAt: now,
        lockedByName: caller.name,
        held: { present: tally.present, presentVoters: tally.presentVoters, attendedIds: [...attended.keys()] },
      },
      '会议记录已经确认过了',
    )
    // Only attendance at a held meeting counts for study hours.
    await db
      .collection(ATTENDANCE)
      .where({ meetingId, villageId })
      .update({ data: { held: true } })
    await countHeld(db, meeting, 1)
    ctx.touch({ collection: MEETINGS, id: meetingId })

    // The six-month rule: prompt the secretary about members who have just reached a warning threshold.
    let warningsRaised = 0
    const { settings } = await villageSettings(db, villageId)
    const runs = await absenceRuns(db, villageId, now)
    const reached = runs.filter(
      (r) => meeting.expectedIds.includes(r.who.personId) && settings.absenceWarningMonths.includes(r.count),
    )
    if (reached.length) {
      const _ = db.command
      const subjects = reached.map(absenceSubject)
      const [already, secretaries] = await Promise.all([
        getDocs<{ subject: string }>(
          db
            .collection(C.notices)
            .where({ subject: _.in(subjects) })
            .field({ subject: true })
            .limit(1000),
        ),
        getDocs<PersonDoc>(
          db
            .collection(C.people)
            .where({ villageId, roles: 'branch_secretary' })
            .field({ name: true, openid: true })
            .limit(5),
        ),
      ])
      const sent = new Set(already.map((a) => a.subject))
      const fresh = reached.filter((_r, i) => !sent.has(subjects[i]!))
      const inputs = absenceNotices(fresh, secretaries, villageId, meeting.townshipId)
      await scheduleNotices(db, inputs, now)
      warningsRaised = fresh.length
    }
    return { lockedAt: iso(now)!, warningsRaised }
  },

  async appendCorrection({ villageId, meetingId, text }, ctx) {
    const { db, now } = ctx
    const caller = callerIn(ctx, villageId)
    const meeting = await loadMeeting(db, villageId, meetingId)
    if (!meeting.locked) throw new AppError('FAILED_PRECONDITION', '记录尚未确认，请直接修改会议记录')
    ctx.touch({ collection: MEETINGS, id: meetingId })
    // With the idempotency record in one transaction: a late resend cannot append the correction twice.
    return ctx.commit(async (tx) => {
      const current = await txGet<MeetingDoc>(tx, MEETINGS, meetingId)
      if (current?.villageId !== villageId) throw new AppError('NOT_FOUND', '会议不存在')
      await tx
        .collection(MEETINGS)
        .doc(meetingId)
        .update({ data: { corrections: db.command.push([{ text, at: now, byName: caller.name }]) } })
      return { count: (current.corrections ?? []).length + 1 }
    })
  },
}
