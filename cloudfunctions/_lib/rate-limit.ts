import { formatBeijing } from '../../common/rules/beijing-time'
import { afterHit, rateAllowed, type RateLimit, type RateState } from '../../common/rules/rate-limit'
import { AppError } from '../../common/errors'
import { getDocs, type Database } from './cloud'
import { C } from './collections'

/**
 * One document per (purpose, caller) in `rate_limits`. `assertWithinLimit` is the read before the action,
 * `recordHit` the write after what counts as a hit. Concurrent hits may each pass the read: these limits stop
 * scripts and guessing, not the second of two simultaneous taps.
 */
const RATE_LIMITS = C.rate_limits

export type RateLimitDoc = RateState & { _id: string }

const keyOf = (purpose: string, subject: string) => `${purpose}:${subject}`

async function read(db: Database, key: string): Promise<RateState | null> {
  const [doc] = await getDocs<RateState & { _id: string }>(db.collection(RATE_LIMITS).where({ _id: key }).limit(1))
  return doc ? { windowStart: doc.windowStart, hits: doc.hits } : null
}

export async function assertWithinLimit(
  db: Database,
  purpose: string,
  subject: string,
  now: Date,
  limit: RateLimit,
  message: string,
): Promise<void> {
  const verdict = rateAllowed(await read(db, keyOf(purpose, subject)), now.getTime(), limit)
  if (!verdict.allowed)
    throw new AppError('RATE_LIMITED', `${message}，请于 ${formatBeijing(verdict.retryAt, 'MM-DD HH:mm')} 后再试`)
}

export async function recordHit(
  db: Database,
  purpose: string,
  subject: string,
  now: Date,
  limit: RateLimit,
): Promise<void> {
  const key = keyOf(purpose, subject)
  const next = afterHit(await read(db, key), now.getTime(), limit)
  await db.collection(RATE_LIMITS).doc(key).set({ data: next })
}
