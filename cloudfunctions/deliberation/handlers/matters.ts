/** Matters: the list and the page, proposing, deciding a step, re-proposing, withdrawing, and sending the matter. */
import { deliberationContract } from '../../../common/contracts/deliberation'
import { AppError } from '../../../common/errors'
import { countsDelta } from '../../../common/rules/deliberation-counts'
import {
  ORIGIN_LABELS,
  STATUS_LABELS,
  STEP_LABELS,
  voteId,
  type MatterStatus,
  type Step,
} from '../../../common/rules/deliberation'
import { MEETING_KIND_LABELS } from '../../../common/rules/quorum'
import { villageSettings } from '../../_lib/settings'
import { updatedCount, addOnce } from '../../_lib/writes'
import { getDocs } from '../../_lib/cloud'
import { getVillage, iso } from '../../_lib/records'
import { refuseRetired, refuseRetiredVillage } from '../../_lib/open-village'
import { matterNotices, notify } from '../notices'
import {
  actorOf,
  apply,
  commit,
  count,
  loadMatter,
  MATTERS,
  myPersonId,
  PUBLICATIONS,
  rosterFor,
  WINDOWS,
  type DeliberationHandlers,
  type MatterDoc,
  type PublicationDoc,
  type WindowDoc,
  votesByIds,
} from '../store'
import { historyRow, publicationRow, seesMatterInFull, summaryOf, windowRow } from '../views'
import { textFor } from '../../../common/rules/disclosure'

export const matterHandlers: DeliberationHandlers<
  'listMatters' | 'getMatter' | 'createMatter' | 'recordStep' | 'repropose' | 'withdraw' | 'sendNotice'
> = {
  async listMatters({ villageId, offset, limit }, ctx) {
    const [{ settings }, full] = await Promise.all([
      villageSettings(ctx.db, villageId),
      seesMatterInFull(ctx, villageId),
    ])
    const matters = await getDocs<MatterDoc>(
      ctx.db
        .collection(MATTERS)
        .where({ villageId })
        .field({ history: false, content: false })
        .orderBy('createdAt', 'desc')
        .skip(offset)
        .limit(limit + 1),
    )
    return {
      matters: matters
        .slice(0, limit)
        .map((m) => summaryOf(m, ctx.now, settings.deliberationStuckDays, undefined, full)),
      nextOffset: matters.length > limit ? offset + limit : undefined,
    }
  },

  async getMatter({ villageId, matterId }, ctx) {
    const { db, now } = ctx
    const [m, { settings }, windows, publications] = await Promise.all([
      loadMatter(db, villageId, matterId),
      villageSettings(db, villageId),
      getDocs<WindowDoc>(
        db
          .collection(WINDOWS)
          .where({ matterId, villageId })
          .field({ voters: false })
          .orderBy('openedAt', 'asc')
          .limit(20),
      ),
      getDocs<PublicationDoc>(
        db.collection(PUBLICATIONS).where({ matterId, villageId }).orderBy('publishedAt', 'asc').limit(20),
      ),
    ])
    const me = myPersonId(ctx, villageId)
    const mine = me
      ? await votesByIds(
          db,
          windows.map((w) => voteId(w._id, me)),
        )
      : []
    const principal = await ctx.principal()
    const canRun = principal.memberships.some(
      (g) =>
        g.villageId === villageId &&
        g.roles.some((r) => (deliberationContract.actions.createMatter.roles as readonly string[]).includes(r)),
    )
    // The runners see the text whole; members, representatives and residents see it de-identified (§8).
    const full = await seesMatterInFull(ctx, villageId)
    return {
      ...summaryOf(m, now, settings.deliberationStuckDays, undefined, full),
      content: textFor(m.content, full),
      attachments: (m.attachments ?? []).map((a) => (full ? a : { ...a, name: textFor(a.name, false) })),
      history: (m.history ?? []).map((h) => historyRow(h, full)),
      noticeAt: Object.fromEntries(
        [
          ['3', m.notice3At],
          ['4', m.notice4At],
        ]
          .filter(([, v]) => v)
          .map(([k, v]) => [k as string, iso(v as Date)!]),
      ),
      windows: windows.map((w) => windowRow(w, now)),
      publications: publications.map(publicationRow),
      myBallots: windows.map((w) => {
        const v = mine.find((x) => x.windowId === w._id)
        return {
          windowId: w._id,
          onRoster: Boolean(me && w.voterIds?.includes(me)),
          voted: Boolean(v),
          choice: v?.choice,
          channel: v?.channel,
          at: iso(v?.at),
        }
      }),
      canRun,
    }
  },

  async createMatter({ villageId, title, content, attachments, category, origin, meeting }, ctx) {
    const village = await getVillage(ctx.db, villageId)
    refuseRetired(village, '提出新的议题')
    const by = actorOf(ctx, villageId)
    const _id = ctx.newId('dm')
    const doc: MatterDoc = {
      _id,
      villageId,
      townshipId: village.townshipId,
      title,
      content,
      attachments,
      category,
      origin,
      // Step 1 (the branch's proposal) is made by creating the matter: it now waits for step 2.
      step: 2,
      status: 'working',
      stepSince: ctx.now,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      revision: 1,
      passedSteps: [1],
      history: [{ at: ctx.now, step: 1, action: 'proposed', by, meeting, note: `来源：${ORIGIN_LABELS[origin]}` }],
    }
    // Counted only by the run that wrote it (a crash between the two leaves drift for db:check-counters).
    if (await addOnce(ctx.db.collection(MATTERS), doc as MatterDoc & Record<string, unknown>))
      await count(ctx.db, doc, countsDelta(category, null, { step: doc.step, status: doc.status }))
    ctx.touch({ collection: MATTERS, id: _id })
    return { matterId: _id }
  },

  async recordStep({ villageId, matterId, step, outcome, meeting, note }, ctx) {
    const m = await loadMatter(ctx.db, villageId, matterId)
    const next = apply(m, { type: 'decide', step: step as Step, outcome })
    await commit(
      ctx.db,
      m,
      next,
      { at: ctx.now, step: step as Step, action: outcome, by: actorOf(ctx, villageId), meeting, note },
      ctx.now,
    )
    ctx.touch({ collection: MATTERS, id: matterId })
    return next
  },

  async repropose({ villageId, matterId, title, content, note }, ctx) {
    const [m] = await Promise.all([
      loadMatter(ctx.db, villageId, matterId),
      refuseRetiredVillage(ctx.db, villageId, '重新提出议题'),
    ])
    apply(m, { type: 'repropose' })
    // Re-proposing is step 1 again: the branch's new proposal, then on to step 2.
    const next = { step: 2 as Step, status: 'working' as MatterStatus }
    const extra: Record<string, unknown> = {
      revision: (m.revision ?? 1) + 1,
      passedSteps: [1],
      notice3At: null,
      notice4At: null,
      notice4Kind: null,
      currentWindowId: null,
    }
    if (title) extra.title = title
    if (content) extra.content = content
    await commit(
      ctx.db,
      m,
      next,
      { at: ctx.now, step: 1, action: 'reproposed', by: actorOf(ctx, villageId), note },
      ctx.now,
      extra,
    )
    ctx.touch({ collection: MATTERS, id: matterId })
    return next
  },

  async withdraw({ villageId, matterId, note }, ctx) {
    const m = await loadMatter(ctx.db, villageId, matterId)
    const next = apply(m, { type: 'withdraw' })
    await commit(
      ctx.db,
      m,
      next,
      { at: ctx.now, step: m.step, action: 'withdrawn', by: actorOf(ctx, villageId), note },
      ctx.now,
    )
    ctx.touch({ collection: MATTERS, id: matterId })
    return { status: next.status }
  },

  async sendNotice({ villageId, matterId, step, meetingKind }, ctx) {
    const { db, now } = ctx
    const m = await loadMatter(db, villageId, matterId)
    if (m.step !== step || m.status !== 'working')
      throw new AppError(
        'FAILED_PRECONDITION',
        `议题现在处于第${m.step}步「${STEP_LABELS[m.step]}」（${STATUS_LABELS[m.status]}），不能送达第${step}步的议题`,
      )
    const kind = step === 4 ? (meetingKind ?? 'representatives') : null
    const roster = await rosterFor(db, villageId, step, kind)
    const _ = db.command
    const data: Record<string, unknown> = step === 3 ? { notice3At: now } : { notice4At: now, notice4Kind: kind }
    data.history = _.push([
      {
        at: now,
        step,
        action: 'notice_sent',
        by: actorOf(ctx, villageId),
        note: `送达 ${roster.length} 人${kind ? `（${MEETING_KIND_LABELS[kind]}）` : ''}`,
      },
    ])
    const r = updatedCount(
      await db.collection(MATTERS).where({ _id: matterId, villageId, step, status: 'working' }).update({ data }),
    )
    if (r !== 1) throw new AppError('CONFLICT', '议题刚被他人办理过，请刷新后再试')
    await notify(
      db,
      matterNotices(
        m,
        step,
        roster.map((p) => ({ personId: p.id, openid: p.openid })),
      ),
      now,
    )
    ctx.touch({ collection: MATTERS, id: matterId })
    return { noticeAt: now.toISOString(), recipients: roster.length }
  },
}
