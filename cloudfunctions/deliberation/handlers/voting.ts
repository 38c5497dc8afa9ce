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
      votedCount: 0,
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

  async listVoters({ villageId, windowId, onlyNotVoted, offset, limit, after }, ctx) {
    const { db } = ctx
    const w = await loadWindow(db, villageId, windowId)
    // The maintained count; a window opened before it was kept is counted.
    const counted =
      typeof w.votedCount === 'number'
        ? Promise.resolve(w.votedCount)
        : (db.collection(VOTES).where({ windowId }).count() as Promise<{ total: number }>).then((r) => r.total)
    counted.catch(() => undefined)
    // Keyset over the frozen roll: the rows after `after` (the last person of the previous page), else `offset`.
    const cursor = after === undefined ? -1 : w.voters.findIndex((v) => v.personId === after)
    if (after !== undefined && cursor < 0) throw new AppError('INVALID_ARGUMENT', '名单已变化，请从头查看')
    const from = after === undefined ? offset : cursor + 1
    let pageList: Voter[]
    let voted: Map<string, VoteChannel>
    let total: number
    let votedCount: number
    let more: boolean
    if (onlyNotVoted) {
      votedCount = await counted
      total = w.voters.length - votedCount
      if (total <= 0) {
        // Everyone on the roll has voted: nothing to look up.
        pageList = []
        voted = new Map()
        more = false
      } else {
        // Who of the rest of the roll has voted: their votes by id, 1,000 ids a request, all at once.
        const rest = w.voters.slice(after === undefined ? 0 : from)
        const chunks: string[][] = []
        for (let i = 0; i < rest.length; i += 1000)
          chunks.push(rest.slice(i, i + 1000).map((v) => voteId(windowId, v.personId)))
        const found = (
          await Promise.all(chunks.map((ids) => votesByIds<Pick<VoteDoc, 'personId'>>(db, ids, { personId: true })))
        ).flat()
        const done = new Set(found.map((v) => v.personId))
        const waiting = rest.filter((v) => !done.has(v.personId))
        const start = after === undefined ? offset : 0
        pageList = waiting.slice(start, start + limit)
        voted = new Map()
        more = start + limit < waiting.length
      }
      ctx.touch(...pageList.map((v) => ({ collection: C.people, id: v.personId, personId: v.personId })))
    } else {
      pageList = w.voters.slice(from, from + limit)
      // The page's votes go out together with the audit entry (which names the page's people).
      ctx.touch(...pageList.map((v) => ({ collection: C.people, id: v.personId, personId: v.personId })))
      const pageIds = pageList.map((v) => voteId(windowId, v.personId))
      const [found, count] = await Promise.all([
        ctx.lastWrite(() =>
          votesByIds<Pick<VoteDoc, 'personId' | 'channel'>>(db, pageIds, { personId: true, channel: true }),
        ),
        counted,
      ])
      voted = new Map(found.map((v) => [v.personId, v.channel]))
      total = w.voters.length
      votedCount = count
      more = from + limit < total
    }
    return {
      voters: pageList.map((v) => ({
        personId: v.personId,
        name: v.name,
        voted: voted.has(v.personId),
        channel: voted.get(v.personId),
      })),
      total,
      votedCount,
      nextOffset: after === undefined && more ? offset + limit : undefined,
      nextAfter: more ? pageList[pageList.length - 1]?.personId : undefined,
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
