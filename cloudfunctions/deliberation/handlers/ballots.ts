/** Ballots: a villager's online vote, in-person votes entered by a cadre, and the caller's open ballots. */
import type { z } from 'zod'
import { deliberationContract } from '../../../common/contracts/deliberation'
import { AppError } from '../../../common/errors'
import { screenInPersonVotes } from '../../../common/rules/deliberation-conduct'
import { voteId, windowPhase } from '../../../common/rules/deliberation'
import { MEETING_KIND_LABELS } from '../../../common/rules/quorum'
import { isDuplicateKey } from '../../_lib/writes'
import { getDocs, type Database } from '../../_lib/cloud'
import { withEarly } from '../../_lib/runtime'
import { cancelNotices } from '../../_lib/notify'
import { iso } from '../../_lib/records'
import { textFor } from '../../../common/rules/disclosure'
import { reminderSubject } from '../notices'
import { seesMatterInFull } from '../views'
import {
  actorOf,
  addVotedCount,
  loadWindow,
  MATTERS,
  myPersonId,
  requireOpen,
  VOTES,
  WINDOWS,
  type DeliberationHandlers,
  type MatterDoc,
  type VoteDoc,
  type WindowDoc,
  votesByIds,
} from '../store'

/** The votes are in; a count that failed to move must not fail the call (it would invite a resend). */
const countVote = (db: Database, windowId: string, n: number) =>
  addVotedCount(db, windowId, n).catch((error: unknown) =>
    console.error('[deliberation] the count of votes on the window was not updated', error),
  )

type CastVoteInput = z.output<(typeof deliberationContract)['actions']['castVote']['input']>

export const ballotHandlers: DeliberationHandlers<'castVote' | 'recordInPersonVotes' | 'myBallots'> = {
  // The binding read ‖ the window's kind → the window, found only with the caller on its frozen roster (‖ the
  // roster's households, for a villagers' vote) → the vote (its `_id` one per person and window) ‖ its audit entry
  // ‖ the reminders cancelled: three one after another.
  castVote: withEarly(
    ({ villageId, windowId }: CastVoteInput, { db }) =>
      getDocs<Pick<WindowDoc, 'meetingKind'>>(
        db.collection(WINDOWS).where({ _id: windowId, villageId }).field({ meetingKind: true }).limit(1),
      ),
    async ({ villageId, windowId, choice, remark }: CastVoteInput, ctx, early) => {
      const { db, now } = ctx
      const me = myPersonId(ctx, villageId)
      if (!me) throw new AppError('FAILED_PRECONDITION', '您不在本村花名册上，不能表决')
      const [kind] = await early
      // One read answers both "does the window exist" and "is this person on its frozen roster".
      const [[w], full] = await Promise.all([
        getDocs<WindowDoc>(
          db
            .collection(WINDOWS)
            .where({ _id: windowId, villageId, voterIds: me })
            .field({ voters: false, voterIds: false })
            .limit(1),
        ),
        kind?.meetingKind === 'villagers'
          ? getDocs<WindowDoc>(db.collection(WINDOWS).where({ _id: windowId }).field({ voters: true }).limit(1))
          : Promise.resolve([]),
      ])
      if (!w) {
        await loadWindow(db, villageId, windowId, false)
        throw new AppError('FAILED_PRECONDITION', '您不在这次表决的名单上（名单在表决开始时确定）')
      }
      requireOpen(w, now)
      const vote: VoteDoc = {
        _id: voteId(windowId, me),
        windowId,
        matterId: w.matterId,
        villageId,
        townshipId: w.townshipId,
        step: w.step,
        personId: me,
        householdId: null,
        choice,
        channel: 'online',
        at: now,
      }
      if (remark) vote.remark = remark
      if (w.meetingKind === 'villagers') {
        const [voters] = full.length
          ? full
          : await getDocs<WindowDoc>(db.collection(WINDOWS).where({ _id: windowId }).field({ voters: true }).limit(1))
        vote.householdId = voters?.voters.find((v) => v.personId === me)?.householdId ?? null
      }
      ctx.touch({ collection: VOTES, id: vote._id })
      try {
        // The audit entry goes with the vote (a refused second vote leaves its line too: the attempt is recorded),
        // and so does the window's count of votes (read by the voters' list): counted at once, taken back below
        // when the vote turns out to be a second one, so the vote costs no round trip more.
        await ctx.lastWrite(() =>
          Promise.all([
            db.collection(VOTES).add({ data: vote }),
            cancelNotices(db, reminderSubject(windowId, me), now).catch(() => 0),
            countVote(db, windowId, 1),
          ]),
        )
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
        await countVote(db, windowId, -1)
        const [existing] = await getDocs<VoteDoc>(db.collection(VOTES).where({ _id: vote._id }).limit(1))
        // The same online vote sent again (answer lost on a weak network): answer as before.
        if (existing && existing.channel === 'online' && existing.choice === choice) {
          return { windowId, choice, channel: 'online' as const, at: iso(existing.at)!, already: true }
        }
        throw new AppError(
          'CONFLICT',
          existing?.channel === 'in_person' ? '您已在现场会议表决，不能再线上表决' : '您已经表决过，表决不能更改',
        )
      }
      return { windowId, choice, channel: 'online' as const, at: now.toISOString(), already: false }
    },
  ),

  async recordInPersonVotes({ villageId, windowId, votes }, ctx) {
    const { db, now } = ctx
    const w = await loadWindow(db, villageId, windowId)
    requireOpen(w, now)
    const byId = new Map(w.voters.map((v) => [v.personId, v]))
    const { candidates, refused } = screenInPersonVotes(votes, (personId) => byId.has(personId))
    const existing = await votesByIds<Pick<VoteDoc, '_id' | 'personId' | 'channel'>>(
      db,
      candidates.map((v) => voteId(windowId, v.personId)),
      { personId: true, channel: true },
    )
    const done = new Map(existing.map((e) => [e.personId, e.channel]))
    const by = actorOf(ctx, villageId)
    const docs: VoteDoc[] = []
    for (const v of candidates) {
      const channel = done.get(v.personId)
      if (channel) {
        refused.push({
          personId: v.personId,
          reason:
            channel === 'online'
              ? `${byId.get(v.personId)!.name}已在线上表决`
              : `${byId.get(v.personId)!.name}的现场表决已录入`,
        })
        continue
      }
      const doc: VoteDoc = {
        _id: voteId(windowId, v.personId),
        windowId,
        matterId: w.matterId,
        villageId,
        townshipId: w.townshipId,
        step: w.step,
        personId: v.personId,
        householdId: byId.get(v.personId)!.householdId ?? null,
        choice: v.choice,
        channel: 'in_person',
        at: now,
        recordedBy: by,
      }
      if (v.remark) doc.remark = v.remark
      docs.push(doc)
    }
    let recorded = 0
    if (docs.length) {
      try {
        await db.collection(VOTES).add({ data: docs as unknown as Record<string, unknown>[] } as never)
        recorded = docs.length
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
        // Someone voted online meanwhile: insert one by one, refusing the ones already taken.
        for (const d of docs) {
          try {
            await db.collection(VOTES).add({ data: d })
            recorded++
          } catch (e) {
            if (!isDuplicateKey(e)) throw e
            refused.push({ personId: d.personId, reason: `${byId.get(d.personId)!.name}已经表决过` })
          }
        }
      }
    }
    ctx.touch(...docs.map((d) => ({ collection: VOTES, id: d._id, personId: d.personId })))
    await ctx.lastWrite(() => countVote(db, windowId, recorded))
    return { recorded, refused }
  },

  async myBallots({ villageId }, ctx) {
    const { db, now } = ctx
    const me = myPersonId(ctx, villageId)
    if (!me) return { ballots: [] }
    const windows = await getDocs<WindowDoc>(
      db
        .collection(WINDOWS)
        .where({ villageId, closed: false, voterIds: me })
        .field({ voters: false, voterIds: false })
        .limit(50),
    )
    const open = windows.filter(
      (w) => windowPhase({ openedAt: new Date(w.openedAt), closesAt: new Date(w.closesAt) }, now) === 'open',
    )
    if (!open.length) return { ballots: [] }
    const _ = db.command
    const [votes, matters, full] = await Promise.all([
      votesByIds(
        db,
        open.map((w) => voteId(w._id, me)),
        { windowId: true, choice: true },
      ),
      getDocs<MatterDoc>(
        db
          .collection(MATTERS)
          .where({ _id: _.in(open.map((w) => w.matterId)), villageId })
          .field({ title: true })
          .limit(50),
      ),
      seesMatterInFull(ctx, villageId),
    ])
    return {
      ballots: open.map((w) => {
        const v = votes.find((x) => x.windowId === w._id)
        return {
          windowId: w._id,
          matterId: w.matterId,
          title: textFor(matters.find((x) => x._id === w.matterId)?.title ?? '', full),
          step: w.step,
          meetingLabel: MEETING_KIND_LABELS[w.meetingKind],
          closesAt: iso(w.closesAt)!,
          voted: Boolean(v),
          choice: v?.choice,
        }
      }),
    }
  },
}
