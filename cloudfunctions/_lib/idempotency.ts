import { createHash } from 'node:crypto'
import { fail, type Envelope } from '../../common/errors'
import { getDocs, type Database } from './cloud'
import { isDuplicateKey, updatedCount } from './writes'
import { C } from './collections'

/**
 * Idempotent writes. A client that resends a submission after a dropped answer sends the same `requestId`;
 * the first call claims a marker document whose `_id` is derived from (caller, action, requestId) — `_id` is
 * unique, so of two concurrent resends exactly one claims it — and stores its answer there. Later resends get
 * that answer instead of doing the write again. A failed call removes its marker, so a corrected form can be
 * sent again with the same id.
 */
export const IDEMPOTENCY_COLLECTION = C.idempotency
/** A claim older than this whose call never finished (the instance died) may be taken over. */
export const PENDING_CLAIM_TTL_MS = 60_000

/** One write call, by (openid, action, requestId) hashed into `_id`. */
export interface IdempotencyMarker {
  _id: string
  status: 'pending' | 'done'
  at: Date
  answer?: Envelope<unknown>
}

export function markerId(openid: string, action: string, requestId: string): string {
  return createHash('sha256').update(`${openid}\n${action}\n${requestId}`).digest('hex').slice(0, 40)
}

const inProgress = () => fail('CONFLICT', '上次提交正在处理，请稍后刷新查看', { retryable: true })

export async function runOnce(
  db: Database,
  key: { openid: string; action: string; requestId: string },
  now: Date,
  run: () => Promise<Envelope<unknown>>,
): Promise<Envelope<unknown>> {
  const markers = db.collection(IDEMPOTENCY_COLLECTION)
  const _id = markerId(key.openid, key.action, key.requestId)
  try {
    await markers.add({ data: { _id, status: 'pending', at: now } })
  } catch (error) {
    if (!isDuplicateKey(error)) throw error
    const [marker] = await getDocs<IdempotencyMarker>(markers.where({ _id }).limit(1))
    if (!marker) return inProgress()
    if (marker.status === 'done' && marker.answer) return marker.answer
    const stale = now.getTime() - new Date(marker.at).getTime() > PENDING_CLAIM_TTL_MS
    if (!stale) return inProgress()
    const taken = updatedCount(
      await markers.where({ _id, status: 'pending', at: marker.at }).update({ data: { at: now } }),
    )
    if (taken !== 1) return inProgress()
  }
  let answer: Envelope<unknown>
  try {
    answer = await run()
  } catch (error) {
    await (markers.doc(_id).remove() as Promise<unknown>).catch(() => undefined)
    throw error
  }
  if (answer.ok) await markers.doc(_id).update({ data: { status: 'done', answer } })
  else await markers.doc(_id).remove()
  return answer
}
