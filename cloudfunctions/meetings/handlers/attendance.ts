/** Leave (asked before the start, decided by the branch), the rotating sign-in code, in-person and remote sign-in. */
import type { z } from 'zod'
import { meetingsContract } from '../../../common/contracts/meetings'
import { AppError } from '../../../common/errors'
import { formatBeijing } from '../../../common/rules/beijing-time'
import { canManageMeeting, remoteProblem, type RemoteException } from '../../../common/rules/meeting-conduct'
import { canAskLeave, meetingMonth, signInWindow } from '../../../common/rules/meetings'
import { MEETING_CODE_LIMIT } from '../../../common/rules/rate-limit'
import { callerIn, rosterCallerIn } from '../../_lib/caller'
import { isDuplicateKey, updatedCount } from '../../_lib/writes'
import { getDocs } from '../../_lib/cloud'
import { withEarly } from '../../_lib/runtime'
import { refuseRetiredVillage } from '../../_lib/open-village'
import { isDuplicateOf } from '../../_lib/transaction'
import { giveBack, rateSlot, takeSlot } from '../../_lib/rate-limit'
import { findById, iso, type PersonDoc } from '../../_lib/records'
import { C } from '../../_lib/collections'
import { scheduleNotices } from '../../_lib/notify'
import { leaveDecisionNotice, leaveRequestNotices } from '../notices'
import { currentCode, rotatingCodeSecret, verifyCode } from '../../_lib/rotating-code'
import {
  ATTENDANCE,
  LEAVES,
  loadMeeting,
  MEETINGS,
  updateUnlocked,
  pairId,
  type AttendanceDoc,
  type LeaveDoc,
  type MeetingHandlers,
  NOT_ON_BRANCH_ROSTER,
} from '../store'

type SignInInput = z.output<(typeof meetingsContract)['actions']['signIn']['input']>
const WRONG_CODE = 'meetings.wrongCode'

export const attendanceHandlers: MeetingHandlers<
  'requestLeave' | 'decideLeave' | 'signInCode' | 'signIn' | 'allowRemote'
> = {
  async requestLeave({ villageId, meetingId, reason }, ctx) {
    const { db, now } = ctx
    const caller = rosterCallerIn(ctx, villageId, NOT_ON_BRANCH_ROSTER)
    const meeting = await loadMeeting(db, villageId, meetingId)
    if (meeting.status !== 'called') throw new AppError('FAILED_PRECONDITION', '会议已取消')
    if (!meeting.expectedIds.includes(caller.personId))
      throw new AppError('FAILED_PRECONDITION', '您不在这次会议的应到人员中，无需请假')
    if (!canAskLeave(meeting, now))
      throw new AppError('FAILED_PRECONDITION', '会议已开始，不能再请假；请会后向支部书记说明')
    const _id = pairId(meetingId, caller.personId)
    const doc: LeaveDoc = { _id, meetingId, villageId, personId: caller.personId, reason, status: 'pending', at: now }
    try {
      await db.collection(LEAVES).add({ data: doc })
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      // Asked again: a still-pending request takes the new reason; a decided one stays decided.
      const res = updatedCount(
        await db
          .collection(LEAVES)
          .where({ _id, status: 'pending' })
          .update({ data: { reason, at: now } }),
      )
      if (!res) {
        const [existing] = await getDocs<LeaveDoc>(db.collection(LEAVES).where({ _id }).limit(1))
        return { status: existing?.status ?? 'pending' }
      }
    }
    ctx.touch({ collection: LEAVES, id: _id, personId: caller.personId })
    const secretaries = await getDocs<PersonDoc>(
      db
        .collection(C.people)
        .where({ villageId, roles: 'branch_secretary' })
        .field({ name: true, openid: true })
        .limit(5),
    )
    await scheduleNotices(
      db,
      leaveRequestNotices(meeting, { personId: caller.personId, name: caller.name }, reason, secretaries),
      now,
    )
    return { status: 'pending' as const }
  },

  async decideLeave({ villageId, meetingId, personId, approve, note }, ctx) {
    const { db, now } = ctx
    const caller = callerIn(ctx, villageId)
    const _id = pairId(meetingId, personId)
    const [[existing], meeting, member] = await Promise.all([
      getDocs<LeaveDoc>(db.collection(LEAVES).where({ _id, villageId }).limit(1)),
      loadMeeting(db, villageId, meetingId),
      findById<PersonDoc>(db, C.people, personId),
    ])
    if (!existing) throw new AppError('NOT_FOUND', '没有这条请假')
    if (meeting.locked)
      throw new AppError('FAILED_PRECONDITION', '会议记录已确认锁定，不能再审批请假；如有出入请追加更正说明')
    const status = approve ? 'approved' : 'refused'
    await db
      .collection(LEAVES)
      .doc(_id)
      .update({ data: { status, decidedAt: now, decidedByName: caller.name, note: note ?? '' } })
    ctx.touch({ collection: LEAVES, id: _id, personId })
    if (member) await scheduleNotices(db, [leaveDecisionNotice(meeting, member, approve, caller.name, note)], now)
    return { status } as const
  },

  async allowRemote({ villageId, meetingId, personId, reason }, ctx) {
    const { db, now } = ctx
    const caller = callerIn(ctx, villageId)
    const meeting = await loadMeeting(db, villageId, meetingId)
    if (meeting.status !== 'called') throw new AppError('FAILED_PRECONDITION', '会议已取消')
    if (!meeting.expectedIds.includes(personId))
      throw new AppError('FAILED_PRECONDITION', '此人不在这次会议的应到人员中')
    if (signInWindow(meeting, 'remote', now) === 'closed')
      throw new AppError('FAILED_PRECONDITION', '会议已结束，不能再同意线上参加')
    const exception: RemoteException = { personId, reason, at: now, byName: caller.name }
    await updateUnlocked(
      db,
      villageId,
      meetingId,
      { remoteExceptions: db.command.push([exception]) },
      '会议记录已确认锁定',
    )
    ctx.touch({ collection: MEETINGS, id: meetingId, personId })
    return { allowed: new Set([...(meeting.remoteExceptions ?? []).map((x) => x.personId), personId]).size }
  },

  async signInCode({ villageId, meetingId }, ctx) {
    const { db, now } = ctx
    const caller = callerIn(ctx, villageId)
    const meeting = await loadMeeting(db, villageId, meetingId)
    if (!canManageMeeting(meeting, caller))
      throw new AppError('FORBIDDEN', '只有主持人、记录人或支部委员可以展示签到码')
    if (meeting.status !== 'called') throw new AppError('FAILED_PRECONDITION', '会议已取消')
    if (signInWindow(meeting, 'in_person', now) !== 'open')
      throw new AppError('FAILED_PRECONDITION', '不在签到时间内（会前 30 分钟至会议结束）')
    const code = await currentCode(db, { purpose: 'meeting', subjectId: meetingId }, now)
    return {
      display: code.display,
      digits: code.digits,
      payload: code.payload,
      expiresAt: iso(code.expiresAt)!,
      secondsLeft: code.secondsLeft,
    }
  },

  // The binding read ‖ the transaction's start ‖ the meeting, the wrong-code slot's state → the writes (the
  // attendance, whose `_id` is one per meeting and person: a second sign-in fails on the duplicate; the idempotency
  // record, the audit entry) ‖ the slot taken → the commit ‖ the slot given back. Nothing is read inside.
  signIn: withEarly(
    ({ villageId, meetingId }: SignInInput, { db, now, identity }) =>
      Promise.all([
        loadMeeting(db, villageId, meetingId),
        getDocs<{ windowStart: number }>(
          db
            .collection(C.rate_limits)
            .where({ _id: rateSlot(WRONG_CODE, identity.openid).id })
            .limit(1),
        ),
        rotatingCodeSecret(db, now),
        refuseRetiredVillage(db, villageId, '签到'),
      ]),
    async ({ villageId, meetingId, mode, code, followed, remark }: SignInInput, ctx, early) => {
      const { db, now } = ctx
      const caller = rosterCallerIn(ctx, villageId, NOT_ON_BRANCH_ROSTER)
      const [meeting, [seen]] = await early
      if (meeting.status !== 'called') throw new AppError('FAILED_PRECONDITION', '会议已取消')
      if (!meeting.expectedIds.includes(caller.personId))
        throw new AppError('FAILED_PRECONDITION', '您不在这次会议的应到人员中')
      if (meeting.locked)
        throw new AppError('FAILED_PRECONDITION', '会议记录已确认锁定，不能再签到；如有出入请支部书记追加更正说明')
      const window = signInWindow(meeting, mode, now)
      if (window === 'closed')
        throw new AppError('FAILED_PRECONDITION', '会议已结束，补签不计入出勤；如有特殊情况请向支部书记说明')
      if (window === 'not_open')
        throw new AppError('FAILED_PRECONDITION', mode === 'remote' ? '会议开始后才能线上参加' : '会前 30 分钟开始签到')
      let guard: Promise<void> | undefined
      if (mode === 'remote') {
        const refused = remoteProblem(meeting, caller.personId)
        if (refused) throw new AppError(refused.code, refused.message)
        if (followed !== true) throw new AppError('INVALID_ARGUMENT', '请确认已参加会议')
      } else {
        // A slot is taken before the code's judgement is answered (atomic: parallel guesses cannot overshoot) and
        // given back unless the code was wrong; a right code's sign-in commits only once the slot is taken.
        const slot = rateSlot(WRONG_CODE, ctx.identity.openid)
        const taking = takeSlot(db, slot, now, MEETING_CODE_LIMIT, seen ?? null).then((taken) => {
          if (!taken.taken)
            throw new AppError(
              'RATE_LIMITED',
              `签到码输错次数太多，请于 ${formatBeijing(new Date(taken.retryAt), 'MM-DD HH:mm')} 后再试`,
            )
        })
        taking.catch(() => undefined)
        const judged = await verifyCode(db, { purpose: 'meeting', subjectId: meetingId }, code ?? '', now).catch(
          async (error: unknown) => {
            await taking.then(() => giveBack(db, slot)).catch(() => undefined)
            throw error
          },
        )
        if (!judged.ok) {
          await taking
          if (judged.reason !== 'bad-signature' && judged.reason !== 'malformed') await giveBack(db, slot)
          throw new AppError('FAILED_PRECONDITION', judged.message)
        }
        guard = taking
        ctx.alongside(() => taking.then(() => giveBack(db, slot)).catch(() => undefined))
      }
      const doc: AttendanceDoc = {
        _id: pairId(meetingId, caller.personId),
        meetingId,
        villageId,
        townshipId: meeting.townshipId,
        personId: caller.personId,
        mode,
        at: now,
        studyHours: meeting.studyHours,
        month: meetingMonth(meeting.startsAt).month,
        ...(mode === 'remote' && remark ? { remark } : {}),
      }
      ctx.touch({ collection: ATTENDANCE, id: doc._id, personId: caller.personId })
      return ctx
        .commit(
          async (tx) => {
            await tx.collection(ATTENDANCE).add({ data: doc as unknown as Record<string, unknown> })
            return { mode, at: iso(now)!, already: false }
          },
          { guard },
        )
        .catch(async (error: unknown) => {
          if (!isDuplicateOf(error, ATTENDANCE, doc._id)) throw error
          const [existing] = await getDocs<AttendanceDoc>(db.collection(ATTENDANCE).where({ _id: doc._id }).limit(1))
          return { mode: existing?.mode ?? mode, at: iso(existing?.at ?? now)!, already: true }
        })
    },
  ),
}
