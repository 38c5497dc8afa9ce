import { createHash } from 'node:crypto'
import { fail, type Envelope } from '../../common/errors'
import { getDocs, type Database } from './cloud'
import { isDuplicateKey, updatedCount } from './writes'
import { C } from './collections'
import { inTransaction, txGet, type Tx } from './transaction'

/**
 * Idempotent writes. A client that resends a submission after a dropped answer sends the same `requestId`;
 * the first call claims a marker document whose `_id` is derived from (caller, action, requestId) — `_id` is
 * unique, so of two concurrent resends exactly one claims it — and stores its answer there. Later resends get
 * that answer instead of doing the write again — but only when the resend carries the same content (a hash of the
 * input is kept with the marker). A failed call removes its marker, so a corrected form can be sent again with
 * the same id.
 *
 * Exactly-once across crashes and timeouts (docs/exactly-once.md): a handler that writes through `ctx.commit`
 * (`commitOnce` here) writes its effect AND marks the marker done with its answer in ONE transaction. A call killed
 * before that commit left nothing but a pending marker; one killed after it left the effect and the answer. So a
 * resend either gets the answer or, once the claim is stale, takes it over and runs again from scratch — and a
 * slow original that wakes up after a takeover finds the claim no longer its own and commits nothing.
 */
export const IDEMPOTENCY_COLLECTION = C.idempotency
/** A claim older than this whose call never finished (the instance died) may be taken over. */
export const PENDING_CLAIM_TTL_MS = 60_000
/**
 * The same for actions that commit through `commitOnce`: a takeover can never double their effect (the slow original
 * loses its claim inside its own transaction), so a resend need only wait out a call that may still be running —
 * CloudBase's default function timeout is 3 s.
 */
export const TRANSACTIONAL_CLAIM_TTL_MS = 5_000

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

/** What a run holds while it runs: its marker and the claim's instant; what `commitOnce` did with it. */
export interface Claim {
  markerId: string
  at: Date
  /** Set by `commitOnce`: the answer committed with the effect (or found committed by another run). */
  committed?: Envelope<unknown>
  /** Set by `commitOnce` when the claim was taken over: the marker is no longer this run's to remove. */
  lost?: boolean
}

/** Thrown out of a handler by `commitOnce` when the call's answer is already decided; the runtime answers with it. */
export class Answered extends Error {
  constructor(readonly answer: Envelope<unknown>) {
    super('answered')
    this.name = 'Answered'
  }
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
  run: (claim: Claim) => Promise<Envelope<unknown>>,
  options: { claimTtlMs?: number } = {},
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
    const stale = now.getTime() - new Date(marker.at).getTime() > (options.claimTtlMs ?? PENDING_CLAIM_TTL_MS)
    if (!stale) return inProgress()
    const taken = updatedCount(
      await markers.where({ _id, status: 'pending', at: marker.at }).update({ data: { at: now, inputHash: hash } }),
    )
    if (taken !== 1) return inProgress()
  }
  const claim: Claim = { markerId: _id, at: now }
  let answer: Envelope<unknown>
  try {
    answer = await run(claim)
  } catch (error) {
    if (!claim.committed && !claim.lost) await (markers.doc(_id).remove() as Promise<unknown>).catch(() => undefined)
    throw error
  }
  // Committed with the effect: the marker already holds the answer (a later failure cannot undo the effect).
  if (claim.committed) return claim.committed
  if (claim.lost) return answer
  if (answer.ok) await markers.doc(_id).update({ data: { status: 'done', answer } })
  else await markers.doc(_id).remove()
  return answer
}

/**
 * Runs `work` in a transaction (only `doc(id)` reads and writes and `add` — CloudBase allows nothing else inside
 * one) and, when the call carries a claim, marks the claim done with `answerOf(result)` in the same transaction:
 * the effect and the idempotency record commit together or not at all. The claim must still be this run's (not
 * taken over by a resend); when another run already committed, its answer is the answer.
 */
export async function commitOnce<T>(
  db: Database,
  claim: Claim | undefined,
  work: (tx: Tx) => Promise<T>,
  answerOf: (result: T) => Envelope<unknown>,
): Promise<T> {
  let answer: Envelope<unknown> | undefined
  const result = await inTransaction(db, async (tx) => {
    if (claim) {
      const marker = await txGet<IdempotencyMarker>(tx, IDEMPOTENCY_COLLECTION, claim.markerId)
      if (marker?.status === 'done' && marker.answer) {
        claim.committed = marker.answer
        throw new Answered(marker.answer)
      }
      if (!marker || new Date(marker.at).getTime() !== claim.at.getTime()) {
        claim.lost = true
        throw new Answered(inProgress())
      }
    }
    const value = await work(tx)
    if (claim) {
      answer = answerOf(value)
      await tx
        .collection(IDEMPOTENCY_COLLECTION)
        .doc(claim.markerId)
        .update({ data: { status: 'done', answer } })
    }
    return value
  })
  if (claim && answer) claim.committed = answer
  return result
}
