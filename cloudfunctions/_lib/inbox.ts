/**
 * The in-app 消息 list: every notice addressed to one WeChat user (`notices.openid`), whatever sent it (meetings,
 * deliberation, requests, council, binding changes) and whether WeChat delivered it or not (a subscribe message the
 * user never accepted is `skipped`, yet the notice still belongs in their list). Shown once it is due; never when it
 * was cancelled (a meeting moved) or held back because its window had closed. Read by `openid` with the index
 * `{ openid, dueAt }`: bounded by the person's own notices, never by the village's.
 */
import { CLOSED_WINDOW_REASON } from '../../common/rules/reminders'
import { getDocs, type Database } from './cloud'
import { C } from './collections'
import type { NoticeDoc } from './notify'
import { updatedCount } from './writes'

export interface InboxDoc extends NoticeDoc {
  /** Set when the person opened it (or marked all read). */
  read?: boolean
  readAt?: Date
}

/** What the person's list shows: due, not cancelled, not held back. */
function shown(db: Database, openid: string, now: Date): Record<string, unknown> {
  const _ = db.command
  return {
    openid,
    dueAt: _.lte(now),
    status: _.in(['queued', 'sending', 'sent', 'failed', 'skipped']),
    reason: _.neq(CLOSED_WINDOW_REASON),
  }
}

export async function listInbox(db: Database, openid: string, now: Date, limit: number): Promise<InboxDoc[]> {
  return getDocs<InboxDoc>(
    db
      .collection(C.notices)
      .where(shown(db, openid, now))
      .orderBy('dueAt', 'desc')
      .limit(Math.min(limit, 50))
      .field({ title: true, lines: true, page: true, dueAt: true, read: true }),
  )
}

export async function unreadCount(db: Database, openid: string, now: Date): Promise<number> {
  const result = (await db
    .collection(C.notices)
    .where({ ...shown(db, openid, now), read: db.command.neq(true) })
    .count()) as { total: number }
  return result.total
}

/**
 * One conditional update: the given notices of this person (or all of theirs) that are not read yet. A resend
 * finds them read and changes nothing.
 */
export async function markRead(
  db: Database,
  openid: string,
  now: Date,
  ids: readonly string[] | undefined,
): Promise<number> {
  const _ = db.command
  const where: Record<string, unknown> = { ...shown(db, openid, now), read: _.neq(true) }
  if (ids) where._id = _.in([...ids])
  return updatedCount(
    await db
      .collection(C.notices)
      .where(where)
      .update({ data: { read: true, readAt: now } }),
  )
}
