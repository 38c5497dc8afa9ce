import { createHash } from 'node:crypto'
import { fail, type Envelope } from '../../common/errors'
import { getDocs, type Database } from './cloud'
import { isDuplicateKey, updatedCount } from './writes'
import { C } from './collections'
import { inTransaction, txGet, type Opened, type Tx } from './transaction'

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
 * A transactional write's idempotency key when no claim is taken first (the runtime's way for the actions in
 * `_lib/exactly-once.ts`): the marker is ADDED, done, with the answer, in the effect's own transaction. `_id` is
 * unique, so of two runs of one request only one transaction can commit: the other fails on the duplicate key (or
 * on the write conflict, and on its retry on the duplicate key) and is answered from the marker the first wrote. A
 * run killed before its commit left nothing at all; its resend simply runs.
 */
export interface OnceKey {
  markerId: string
  inputHash: string
  at: Date
}

export function onceKey(
  key: { openid: string; action: string; requestId: string; input?: unknown },
  at: Date,
): OnceKey {
  return { markerId: markerId(key.openid, key.action, key.requestId), inputHash: inputHash(key.input), at }
}

/**
 * The answer a keyed request already has (read outside any transaction): the committed answer, the changed-content
 * refusal, "in progress" for a claim left by a claiming run, or null when the request has not committed.
 */
export async function answeredBefore(db: Database, key: OnceKey): Promise<Envelope<unknown> | null> {
  const [marker] = await getDocs<IdempotencyMarker>(
    db.collection(IDEMPOTENCY_COLLECTION).where({ _id: key.markerId }).limit(1),
  )
  if (!marker) return null
  if (marker.inputHash !== undefined && marker.inputHash !== key.inputHash) return changedContent()
  if (marker.status === 'done' && marker.answer) return marker.answer
  return inProgress()
}

export interface CommitOptions {
  /** A transaction opened early (`Opened`), for the first attempt. */
  opened?: Opened
  /** Documents `work` reads: read together on the transaction's first step. */
  prefetch?: readonly (readonly [string, string])[]
  /**
   * Written in the same transaction after `work` (the runtime's audit entry); null writes nothing. With an `_id`
   * it is sent together with the other writes; without one, after them (the SDK answers the new id).
   */
  alongside?: () => Promise<{ collection: string; data: Record<string, unknown> } | null>
  /** Decided outside the transaction while its writes are sent; the commit waits for it (`inTransaction`). */
  guard?: Promise<unknown>
}

/**
 * Runs `work` in a transaction (only `doc(id)` reads and writes and `add` — CloudBase allows nothing else inside
 * one) and records the call's answer `answerOf(result)` in the same transaction: the effect and the idempotency
 * record commit together or not at all. With a `Claim` (taken by `runOnce`), the claim must still be this run's
 * (not taken over by a resend); when another run already committed, its answer is the answer. With an `OnceKey`,
 * the marker is added done (see `OnceKey`).
 */
export async function commitOnce<T>(
  db: Database,
  once: Claim | OnceKey | undefined,
  work: (tx: Tx) => Promise<T>,
  answerOf: (result: T) => Envelope<unknown>,
  options: CommitOptions = {},
): Promise<T> {
  const claim = once && !('inputHash' in once) ? once : undefined
  const key = once && 'inputHash' in once ? once : undefined
  let answer: Envelope<unknown> | undefined
  const prefetch = [...(options.prefetch ?? []), ...(claim ? [[IDEMPOTENCY_COLLECTION, claim.markerId] as const] : [])]
  let result: T
  try {
    result = await inTransaction(
      db,
      async (tx) => {
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
        const markers = tx.collection(IDEMPOTENCY_COLLECTION)
        if (claim) {
          answer = answerOf(value)
          await markers.doc(claim.markerId).update({ data: { status: 'done', answer } })
        } else if (key) {
          answer = answerOf(value)
          const marker = { _id: key.markerId, status: 'done', at: key.at, inputHash: key.inputHash, answer }
          await markers.add({ data: marker })
        }
        const extra = await options.alongside?.()
        if (extra) await tx.collection(extra.collection).add({ data: extra.data })
        return value
      },
      { opened: options.opened, prefetch, guard: options.guard },
    )
  } catch (error) {
    if (!key || !isDuplicateKey(error)) throw error
    // Another run of this request committed first: its answer is the answer.
    const before = await answeredBefore(db, key)
    if (!before) throw error
    throw new Answered(before)
  }
  if (claim && answer) claim.committed = answer
  return result
}
