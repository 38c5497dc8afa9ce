import { createHash } from 'node:crypto'
import { fail, type Envelope } from '../../common/errors'
import { getDocs, type Database } from './cloud'
import { isDuplicateKey, updatedCount } from './writes'
import { C } from './collections'

/**
 * Idempotent writes. A client that resends a submission after a dropped answer sends the same `requestId`;
 * the first call claims a marker document whose `_id` is derived from (caller, action, requestId) — `_id` is
 * unique, so of two concurrent resends exactly one claims it — and stores its answer there. Later resends get
 * that answer instead of doing the write again — but only when the resend carries the same content (a hash of the
 * input is kept with the marker). A failed call removes its marker, so a corrected form can be sent again with
 * the same id.
 */
export const IDEMPOTENCY_COLLECTION = C.idempotency
/** A claim older than this whose call never finished (the instance died) may be taken over. */
export const PENDING_CLAIM_TTL_MS = 60_000

/** One write call, by (openid, action, requestId) hashed into `_id`, with a hash of what was sent. */
export interface IdempotencyMarker {
  _id: string
  status: 'pending' | 'done'
  at: Date
  /** `inputHash` of the input the request id was first used with. */
  inputHash?: string
  answer?: Envelope<unknown>
}

/** What a resend with the same request id but other content is answered: never the old content's success. */
export const CHANGED_CONTENT_MESSAGE = '内容已修改，请重新提交'

/** JSON with object keys in order, so that the same input always gives the same text. */
function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

/** A hash of a call's input, the same for the same content whatever the order of its fields. */
export function inputHash(input: unknown): string {
  return createHash('sha256').update(canonical(input)).digest('hex').slice(0, 40)
}

export function markerId(openid: string, action: string, requestId: string): string {
  return createHash('sha256').update(`${openid}\n${action}\n${requestId}`).digest('hex').slice(0, 40)
}

const inProgress = () => fail('CONFLICT', '上次提交正在处理，请稍后刷新查看', { retryable: true })
const changedContent = () => fail('CONFLICT', CHANGED_CONTENT_MESSAGE, { retryable: false })

/**
 * Runs a write once per (caller, action, requestId). `key.input` is what the call sent: a resend whose content
 * differs from the first (the form was edited after a lost reply) is refused with CHANGED_CONTENT_MESSAGE instead
 * of being answered with the first content's success.
 */
export async function runOnce(
  db: Database,
  key: { openid: string; action: string; requestId: string; input?: unknown },
  now: Date,
  run: () => Promise<Envelope<unknown>>,
): Promise<Envelope<unknown>> {
  const markers = db.collection(IDEMPOTENCY_COLLECTION)
  const _id = markerId(key.openid, key.action, key.requestId)
  const hash = inputHash(key.input)
  try {
    await markers.add({ data: { _id, status: 'pending', at: now, inputHash: hash } })
  } catch (error) {
    if (!isDuplicateKey(error)) throw error
    const [marker] = await getDocs<IdempotencyMarker>(markers.where({ _id }).limit(1))
    if (!marker) return inProgress()
    if (marker.inputHash !== undefined && marker.inputHash !== hash) return changedContent()
    if (marker.status === 'done' && marker.answer) return marker.answer
    const stale = now.getTime() - new Date(marker.at).getTime() > PENDING_CLAIM_TTL_MS
    if (!stale) return inProgress()
    const taken = updatedCount(
      await markers.where({ _id, status: 'pending', at: marker.at }).update({ data: { at: now, inputHash: hash } }),
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
