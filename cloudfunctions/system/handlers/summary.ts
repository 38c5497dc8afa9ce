/**
 * 首页's badges in one call: a few counting queries run side by side (at most two one after another), each bounded
 * by an index and by the caller — never a list of the village's records. What each count means is what the card it
 * sits on opens: the requests queue's 待办 (open requests; a grid leader's own grids), the votes the caller may cast
 * and has not, the caller's unread 消息.
 */
import type { z } from 'zod'
import type { systemContract } from '../../../common/contracts/system'
import { REQUEST_HANDLERS } from '../../../common/contracts/requests'
import { voteId, windowPhase } from '../../../common/rules/deliberation'
import { VILLAGE_CADRES } from '../../../common/roles'
import { callerIn, holdsIn } from '../../_lib/caller'
import { getDocs, type Database } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { unreadCount } from '../../_lib/inbox'
import type { HandlerContext } from '../../_lib/runtime'

type Summary = z.input<typeof systemContract.actions.summary.output>

async function count(query: { count(): unknown }): Promise<number> {
  return ((await query.count()) as { total: number }).total
}

/** Open requests the caller handles: the village's for a cadre, their grids' for a grid leader. */
async function openRequests(db: Database, villageId: string, personId: string | null, cadre: boolean) {
  const _ = db.command
  if (cadre) return count(db.collection(C.requests).where({ villageId, open: true }))
  if (!personId) return 0
  const grids = await getDocs<{ _id: string }>(
    db.collection(C.grids).where({ villageId, leaderPersonId: personId }).field({ _id: true }).limit(100),
  )
  if (!grids.length) return 0
  return count(db.collection(C.requests).where({ villageId, open: true, gridId: _.in(grids.map((g) => g._id)) }))
}

/** Open voting windows the caller is a voter of, less those they have voted in. */
async function ballotsToVote(db: Database, villageId: string, personId: string | null, now: Date) {
  if (!personId) return 0
  const windows = await getDocs<{ _id: string; openedAt: Date; closesAt: Date; closedAt?: Date | null }>(
    db
      .collection(C.deliberation_windows)
      .where({ villageId, closed: false, voterIds: personId })
      .field({ openedAt: true, closesAt: true, closedAt: true })
      .limit(50),
  )
  const open = windows.filter(
    (w) =>
      windowPhase(
        { openedAt: new Date(w.openedAt), closesAt: new Date(w.closesAt), closedAt: w.closedAt ?? null },
        now,
      ) === 'open',
  )
  if (!open.length) return 0
  const voted = await count(
    db.collection(C.deliberation_votes).where({ _id: db.command.in(open.map((w) => voteId(w._id, personId))) }),
  )
  return open.length - voted
}

export async function summary({ villageId }: { villageId: string }, ctx: HandlerContext): Promise<Summary> {
  const { db, now, identity } = ctx
  const me = callerIn(ctx, villageId)
  const handler = holdsIn(ctx, villageId, REQUEST_HANDLERS)
  const [requestsOpen, ballots, unread] = await Promise.all([
    handler ? openRequests(db, villageId, me.personId, holdsIn(ctx, villageId, VILLAGE_CADRES)) : undefined,
    ballotsToVote(db, villageId, me.personId, now),
    identity.openid ? unreadCount(db, identity.openid, now) : 0,
  ])
  return { requestsOpen, ballotsToVote: ballots, unreadNotices: unread }
}
