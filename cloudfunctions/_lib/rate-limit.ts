import { formatBeijing } from '../../common/rules/beijing-time'
import type { RateLimit, RateState } from '../../common/rules/rate-limit'
import { AppError } from '../../common/errors'
import { getDocs, type Database } from './cloud'
import { C, type CollectionName } from './collections'
import { isDuplicateKey, updatedCount } from './writes'

/**
 * Fixed-window limits that hold under concurrency. A call takes a slot BEFORE the work it limits, with one
 * conditional update (`where({ _id, windowStart in window, hits < max }).update({ hits: _.inc(1) })`): the database
 * applies it atomically, so of 50 simultaneous calls exactly `max` get a slot. A call whose outcome must not count
 * (the code was right, the request failed validation) gives its slot back with `giveBack`.
 *
 * One document per (purpose, caller): `rate_limits/<purpose>:<openid>` `{ windowStart, hits }`; the wrong-code
 * counters of invitations and duty codes keep their own collections and field (`failures`).
 */
const RATE_LIMITS = C.rate_limits

export type RateLimitDoc = RateState & { _id: string }

/** Rounds of take-or-open-the-window before giving up (each round loses only to a concurrent opener). */
const ATTEMPTS = 6

export interface SlotStore {
  collection: CollectionName
  id: string
  /** The counted field: `hits` in rate_limits, `failures` in the wrong-code collections. */
  field: 'hits' | 'failures'
}

export type Slot = { taken: true } | { taken: false; retryAt: number }

/**
 * Takes one of `limit.max` slots of the current window, atomically. `{ taken: false, retryAt }` when none is left.
 * A window that has ended (or lies in the future — a clock put back) is replaced by one starting now.
 */
export async function takeSlot(
  db: Database,
  store: SlotStore,
  now: Date,
  limit: RateLimit,
  /**
   * The slot document as the caller read it moments ago (null: there was none), when it did: the first try is
   * then the write that fits it — the add of a first window, the opening of a new window — instead of the
   * conditional update that would find nothing (one round trip instead of three). Only a hint: whatever changed
   * since is handled by the rounds below.
   */
  seen?: { windowStart: number } | null,
): Promise<Slot> {
  const _ = db.command
  const nowMs = now.getTime()
  const docs = db.collection(store.collection)
  if (seen === null) {
    try {
      await docs.add({ data: { _id: store.id, windowStart: nowMs, [store.field]: 1 } })
      return { taken: true }
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
    }
  } else if (seen && (nowMs - seen.windowStart >= limit.windowMs || nowMs < seen.windowStart)) {
    const opened = await docs
      .where({ _id: store.id, windowStart: seen.windowStart })
      .update({ data: { windowStart: nowMs, [store.field]: 1 } })
    if (updatedCount(opened) === 1) return { taken: true }
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const counted = await docs
      .where({
        _id: store.id,
        windowStart: _.gt(nowMs - limit.windowMs).and(_.lte(nowMs)),
        [store.field]: _.lt(limit.max),
      })
      .update({ data: { [store.field]: _.inc(1) } })
    if (updatedCount(counted) === 1) return { taken: true }
    const [doc] = await getDocs<{ windowStart: number } & Record<string, number>>(
      docs.where({ _id: store.id }).limit(1),
    )
    if (!doc) {
      try {
        await docs.add({ data: { _id: store.id, windowStart: nowMs, [store.field]: 1 } })
        return { taken: true }
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
        continue
      }
    }
    const inWindow = nowMs - doc.windowStart < limit.windowMs && nowMs >= doc.windowStart
    if (inWindow) {
      if ((doc[store.field] ?? 0) >= limit.max) return { taken: false, retryAt: doc.windowStart + limit.windowMs }
      continue // a slot was given back since the update: try again
    }
    // The window is over: open a new one, unless a concurrent call just did (then count in theirs next round).
    const opened = await docs
      .where({ _id: store.id, windowStart: doc.windowStart })
      .update({ data: { windowStart: nowMs, [store.field]: 1 } })
    if (updatedCount(opened) === 1) return { taken: true }
  }
  throw new Error(`${store.collection}/${store.id}: no slot could be taken after ${ATTEMPTS} attempts`)
}

/** Returns a slot taken by `takeSlot` whose call turned out not to count. */
export async function giveBack(db: Database, store: SlotStore): Promise<void> {
  const _ = db.command
  await db
    .collection(store.collection)
    .where({ _id: store.id, [store.field]: _.gt(0) })
    .update({ data: { [store.field]: _.inc(-1) } })
}

/** The slots left in the current window (for messages such as "还可再试 3 次"); not part of the decision. */
export async function slotsLeft(db: Database, store: SlotStore, now: Date, limit: RateLimit): Promise<number> {
  const [doc] = await getDocs<{ windowStart: number } & Record<string, number>>(
    db.collection(store.collection).where({ _id: store.id }).limit(1),
  )
  const nowMs = now.getTime()
  if (!doc || nowMs - doc.windowStart >= limit.windowMs || nowMs < doc.windowStart) return limit.max
  return Math.max(0, limit.max - (doc[store.field] ?? 0))
}

/** The `rate_limits` slot of one purpose and caller. */
export const rateSlot = (purpose: string, subject: string): SlotStore => ({
  collection: RATE_LIMITS,
  id: `${purpose}:${subject}`,
  field: 'hits',
})

/** Takes a slot, or throws RATE_LIMITED with `message` and the time to try again. */
export async function takeOrRefuse(
  db: Database,
  store: SlotStore,
  now: Date,
  limit: RateLimit,
  message: string,
): Promise<void> {
  const slot = await takeSlot(db, store, now, limit)
  if (!slot.taken)
    throw new AppError(
      'RATE_LIMITED',
      `${message}，请于 ${formatBeijing(new Date(slot.retryAt), 'MM-DD HH:mm')} 后再试`,
    )
}
