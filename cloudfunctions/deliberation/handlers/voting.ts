/** Voting windows: opening one (roster frozen, notices), who has voted, reminding those who have not, counting. */
import { AppError } from '../../../common/errors'
import { formatBeijing } from '../../../common/rules/beijing-time'
import { closingOf, shouldAttendOf, votingCloseProblem, windowResult } from '../../../common/rules/deliberation-conduct'
import {
  checkNotice,
  meetingKindOf,
  noticeDaysRequired,
  reminderAt,
  voteId,
  type Step4Kind,
  type VoteChannel,
} from '../../../common/rules/deliberation'
import { MEETING_KIND_LABELS } from '../../../common/rules/quorum'
import { C } from '../../_lib/collections'
import { villageSettings } from '../../_lib/settings'
import { txGet } from '../../_lib/transaction'
import { getAll, newId, type PersonDoc } from '../../_lib/records'
import { nonVoterReminders, notify, votingNotices } from '../notices'
import {
  actorOf,
  apply,
  loadMatter,
  loadWindow,
  MATTERS,
  moveMatter,
  requireOpen,
  rosterFor,
  tally,
  VOTES,
  WINDOWS,
  type DeliberationHandlers,
  type Voter,
  type VoteDoc,
  type WindowDoc,
  votesByIds,
  votesOfWindow,
} from '../store'

export const votingHandlers: DeliberationHandlers<'openVoting' | 'listVoters' | 'remindNonVoters' | 'closeVoting'> = {
  async openVoting({ villageId, matterId, step, meetingKind, closesAt }, ctx) {
    const { db, now } = ctx
    const m = await loadMatter(db, villageId, matterId)
    const next = apply(m, { type: 'open_voting', step })
    const close = new Date(closesAt)
    const tooShortOrLong = votingCloseProblem(close, now)
    if (tooShortOrLong) throw new AppError('FAILED_PRECONDITION', tooShortOrLong)
    const kind: Step4Kind | null = step === 4 ? (meetingKind ?? m.notice4Kind ?? 'representatives') : null
    if (step === 4 && m.notice4Kind && m.notice4Kind !== kind)
      throw new AppError(
        'FAILED_PRECONDITION',
        `送达时确定的是${MEETING_KIND_LABELS[m.notice4Kind]}，不能改为${MEETING_KIND_LABELS[kind!]}`,
      )
    const { settings, village } = await villageSettings(db, villageId)
    const days = noticeDaysRequired(step, kind, settings)
    const notice = checkNotice(
      step === 3 ? (m.notice3At ? new Date(m.notice3At) : null) : m.notice4At ? new Date(m.notice4At) : null,
      days,
      now,
    )
    if (!notice.ok) {
      const when = notice.earliest ? `，最早可在北京时间 ${formatBeijing(notice.earliest)} 以后开始` : ''
      throw new AppError('FAILED_PRECONDITION', `${notice.reason}${when}`)
    }
    const roster = await rosterFor(db, villageId, step, kind)
    if (roster.length === 0) throw new AppError('FAILED_PRECONDITION', '名单上没有有表决权的人，请先完善花名册')
    const mk = meetingKindOf(step, kind)
    const shouldAttend = shouldAttendOf(mk, roster.length, village.registeredAdults)
    const windowId = newId('dw')
    const w: WindowDoc = {
      _id: windowId,
      matterId,
      villageId,
      townshipId: m.townshipId,
      step,
      meetingKind: mk,
      openedAt: now,
      closesAt: close,
      closed: false,
      closedAt: null,
      shouldAttend,
      householdTotal: village.householdCount ?? 0,
      voterIds: roster.map((p) => p.id),
      voters: roster.map((p) => ({ personId: p.id, name: p.name, householdId: p.householdId ?? null })),
      openedBy: actorOf(ctx, villageId),
    }
    // The step claimed (re-checked on the matter in the transaction, so two cadres cannot open two windows), its
    // counts and the window commit together with the idempotency record (docs/exactly-once.md).
    const answer = await ctx.commit(async (tx) => {
      await moveMatter(
        tx,
        db,
        m,
        next,
        {
          at: now,
          step,
          action: 'voting_opened',
          by: actorOf(ctx, villageId),
          note: `${MEETING_KIND_LABELS[mk]}，名单 ${roster.length} 人，截止 ${formatBeijing(close)}`,
        },
        now,
        { currentWindowId: windowId },
      )
      await tx.collection(WINDOWS).add({ data: w as unknown as Record<string, unknown> })
      return { windowId, rosterSize: roster.length, shouldAttend, closesAt: close.toISOString() }
    })
    const recipients = roster.map((p) => ({ personId: p.id, openid: p.openid }))
    await notify(db, votingNotices(m, w, recipients, reminderAt(now, close)), now)
    ctx.touch({ collection: MATTERS, id: matterId }, { collection: WINDOWS, id: windowId })
    return answer
  },

  async listVoters({ villageId, windowId, onlyNotVoted, offset, limit }, ctx) {
    const { db } = ctx
    const w = await loadWindow(db, villageId, windowId)
    const votedCount = ((await db.collection(VOTES).where({ windowId }).count()) as { total: number }).total
    let list: Voter[]
    let voted: Map<string, VoteChannel>
    if (onlyNotVoted) {
      const all = await votesOfWindow(db, windowId)
      voted = new Map(all.map((v) => [v.personId, v.channel]))
      list = w.voters.filter((v) => !voted.has(v.personId))
    } else {
      list = w.voters
      const pageIds = list.slice(offset, offset + limit).map((v) => voteId(windowId, v.personId))
      const found = await votesByIds<Pick<VoteDoc, 'personId' | 'channel'>>(db, pageIds, {
        personId: true,
        channel: true,
      })
      voted = new Map(found.map((v) => [v.personId, v.channel]))
    }
    const pageList = list.slice(offset, offset + limit)
    ctx.touch(...pageList.map((v) => ({ collection: C.people, id: v.personId, personId: v.personId })))
    return {
      voters: pageList.map((v) => ({
        personId: v.personId,
        name: v.name,
        voted: voted.has(v.personId),
        channel: voted.get(v.personId),
      })),
      total: list.length,
      votedCount,
      nextOffset: offset + limit < list.length ? offset + limit : undefined,
    }
  },

  async remindNonVoters({ villageId, windowId }, ctx) {
    const { db, now } = ctx
    const w = await loadWindow(db, villageId, windowId)
    requireOpen(w, now)
    const all = await votesOfWindow(db, windowId)
    const voted = new Set(all.map((v) => v.personId))
    const waiting = w.voters.filter((v) => !voted.has(v.personId))
    const m = await loadMatter(db, villageId, w.matterId)
    const openids = waiting.length
      ? await getAll<Pick<PersonDoc, '_id' | 'openid'>>(
          db
            .collection(C.people)
            .where({ villageId, _id: db.command.in(waiting.map((v) => v.personId)) })
            .field({ openid: true })
            .orderBy('_id', 'asc'),
          20000,
        )
      : []
    const openidOf = new Map(openids.map((p) => [p._id, p.openid ?? null]))
    const recipients = waiting.map((v) => ({ personId: v.personId, openid: openidOf.get(v.personId) ?? null }))
    await notify(db, nonVoterReminders(m, w, recipients), now)
    ctx.touch({ collection: WINDOWS, id: windowId })
    return { reminded: waiting.length }
  },

  async closeVoting({ villageId, windowId, ifRejected }, ctx) {
    const { db, now } = ctx
    const w = await loadWindow(db, villageId, windowId)
    if (w.closed) throw new AppError('FAILED_PRECONDITION', '这次表决已经计票')
    const m = await loadMatter(db, villageId, w.matterId)
    if (m.currentWindowId !== windowId) throw new AppError('FAILED_PRECONDITION', '这次表决不是议题当前的表决')
    const { settings } = await villageSettings(db, villageId)
    const counts = await tally(db, w)
    const cast = counts.yes + counts.no + counts.abstain
    const rosterSize = w.voterIds.length
    const closing = closingOf(w.closesAt, cast, rosterSize, now)
    if (!closing.ok) throw new AppError('FAILED_PRECONDITION', closing.reason)
    // Nothing after this instant counts; early close (everyone has voted) ends the window now.
    const closedAt = closing.closedAt
    const result = windowResult(w, counts, settings)
    const outcome = result.passed ? 'passed' : ifRejected
    const next = apply(m, { type: 'close_voting', step: w.step, outcome })
    // No reminder cancel here: a closing-soon reminder expires at the close (expiresAt), and a window closes early
    // only once everyone has voted, each vote having cancelled its voter's reminder. Cancelling all voters' reminders
    // here cost one query over every voter's subject (6,184 documents examined for 2,000 villagers).
    ctx.touch({ collection: WINDOWS, id: windowId }, { collection: MATTERS, id: m._id })
    // The window's close, the matter's move (with the step passed) and its counts commit together with the
    // idempotency record (docs/exactly-once.md): never a closed window with its matter left behind.
    return ctx.commit(async (tx) => {
      const current = await txGet<WindowDoc>(tx, WINDOWS, windowId)
      if (!current || current.closed) throw new AppError('CONFLICT', '这次表决刚被他人计票，请刷新')
      await tx
        .collection(WINDOWS)
        .doc(windowId)
        .update({ data: { closed: true, closedAt, closesAt: closedAt, result } })
      await moveMatter(
        tx,
        db,
        m,
        next,
        {
          at: now,
          step: w.step,
          action: 'voting_closed',
          by: actorOf(ctx, villageId),
          note: `${result.meetingLabel}：${result.outcomeLabel}（赞成 ${result.yes}，反对 ${result.no}，弃权 ${result.abstain}）`,
        },
        now,
        { currentWindowId: null, ...(result.passed ? { passedSteps: db.command.push([w.step]) } : {}) },
      )
      return { result, step: next.step, status: next.status }
    })
  },
}
