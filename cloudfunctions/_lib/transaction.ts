/**
 * Transactions with the real SDK: `db.startTransaction()` → `tx.collection(c).doc(id).get/set/update`, `add` →
 * `tx.commit()` / `tx.rollback()` (wx-server-sdk → @cloudbase/database). Every one of those is an HTTP request of
 * its own to the database endpoint — `database.startTransaction`, one per read or write inside, and
 * `database.commitTransaction` — so a transaction written as "read, write, read, write" costs start + 4 + commit
 * round trips one after another. `inTransaction` sends them as few steps as it can (docs/performance.md):
 * - the start may be sent early (`Opened`, by the runtime together with the caller's binding read), and reads
 *   named ahead then go out with the handler's first reads;
 * - writes inside are held and sent together just before the commit (or before a later read, which must see them);
 *   writes to the same document keep their order;
 * - reads named in advance (`prefetch`) go out together on the first step of the transaction;
 * - a transaction can do without reads at all (start ‖ the reads outside it → writes → commit: 3 steps): the
 *   writes themselves guard it — an `add` with a deterministic `_id` fails on the duplicate, a counter is a relative
 *   `_.inc` of a document read outside as existing (`txUpdateExisting`, `txAddAbsent`: a wrong guess runs the
 *   transaction again, reading inside), and a condition decided outside commits with it (`guard`).
 * The SDK types the transaction as any; `Tx` is the part of it functions use.
 */
import type { Database } from './cloud'
import { isDuplicateKey, updatedCount } from './writes'

type TxResult = { data: unknown } | { code: string; message?: string }

export interface Tx {
  collection(name: string): {
    doc(id: string): {
      get(): Promise<TxResult>
      set(args: { data: Record<string, unknown> }): Promise<unknown>
      update(args: { data: Record<string, unknown> }): Promise<unknown>
    }
    add(args: { data: Record<string, unknown> }): Promise<unknown>
  }
}

/** The SDK's transaction object: `Tx` plus the end of it. */
export interface SdkTx extends Tx {
  commit(): Promise<unknown>
  rollback(reason?: unknown): Promise<unknown>
}

/** Starts a transaction (one round trip); the promise can be handed to `inTransaction` as `started`. */
export function startTransaction(db: Database): Promise<SdkTx> {
  return (db as unknown as { startTransaction(): Promise<SdkTx> }).startTransaction()
}

const keyOf = (collection: string, id: string) => `${collection}\u0000${id}`

/**
 * A transaction whose writes wait to be sent together (`flush`), and whose reads named in advance are already in
 * flight. A write's promise resolves at once (nothing inside reads what `set`/`update`/`add` answer); its error
 * surfaces at `flush`, which the commit awaits — a conflict or a duplicate key fails the transaction either way.
 * An `add` without an `_id` is sent at once (its answer carries the new id).
 */
class Batched implements Tx {
  private readonly held: { key: string; send: () => Promise<unknown> }[] = []
  private readonly early: Map<string, Promise<TxResult>> = new Map()

  constructor(
    private readonly inner: Tx,
    early?: Map<string, Promise<TxResult>>,
    /** 1 for the first run of the work, 2… for its retries (`firstAttempt`). */
    readonly attempt = 1,
  ) {
    if (early) this.early = early
  }

  prefetch(reads: readonly (readonly [string, string])[]): void {
    for (const [collection, id] of reads) {
      const key = keyOf(collection, id)
      if (this.early.has(key)) continue
      const read = this.inner.collection(collection).doc(id).get()
      read.catch(() => undefined) // awaited when read, or dropped
      this.early.set(key, read)
    }
  }

  collection(name: string): ReturnType<Tx['collection']> {
    const inner = () => this.inner.collection(name)
    return {
      doc: (id: string) => {
        const key = keyOf(name, id)
        return {
          get: async () => {
            const early = this.early.get(key)
            if (early) {
              this.early.delete(key)
              return early
            }
            // Only this document's own held writes must reach the server first (a read sees the transaction's
            // writes; other documents' writes do not change what it reads).
            await this.flush(key)
            return inner().doc(id).get()
          },
          set: (args) => this.hold(key, () => inner().doc(id).set(args)),
          update: (args) => this.hold(key, () => inner().doc(id).update(args)),
        }
      },
      add: (args) => {
        const id = args.data._id
        if (typeof id !== 'string') return this.flush().then(() => inner().add(args))
        return this.hold(keyOf(name, id), () => inner().add(args))
      },
    }
  }

  updateExisting(collection: string, id: string, data: Record<string, unknown>): Promise<unknown> {
    return this.hold(keyOf(collection, id), () => updateOrStale(this.inner, collection, id, data))
  }

  addAbsent(collection: string, data: { _id: string } & Record<string, unknown>): Promise<unknown> {
    return this.hold(keyOf(collection, data._id), () => addOrStale(this.inner, collection, data))
  }

  private hold(key: string, send: () => Promise<unknown>): Promise<unknown> {
    this.early.delete(key) // a read after this write must see it
    // A write that fails names its document on the error (`failedWrite`): a handler can tell "this record exists"
    // (its deterministic `_id` taken) from the idempotency marker's duplicate.
    const [collection, id] = key.split('\u0000') as [string, string]
    this.held.push({
      key,
      send: () =>
        send().catch((error: unknown) => {
          if (typeof error === 'object' && error !== null && !('failedWrite' in error))
            Object.assign(error, { failedWrite: { collection, id } })
          throw error
        }),
    })
    return Promise.resolve({})
  }

  /** Sends the held writes (only those of one document when `only` names it): documents in parallel, the writes of one document in order. */
  async flush(only?: string): Promise<void> {
    const sending = only === undefined ? this.held.splice(0) : this.held.filter((h) => h.key === only)
    if (only !== undefined) for (const h of sending) this.held.splice(this.held.indexOf(h), 1)
    if (!sending.length) return
    const byKey = new Map<string, (() => Promise<unknown>)[]>()
    for (const { key, send } of sending) byKey.set(key, [...(byKey.get(key) ?? []), send])
    const chains = [...byKey.values()].map(async (sends) => {
      for (const send of sends) await send()
    })
    const settled = await Promise.allSettled(chains)
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
    if (failed) throw failed.reason
  }
}

/**
 * A write inside the transaction that guessed the database's state from a read made outside it (e.g. "the month's
 * counters exist"): when the guess proves wrong at the write, the transaction is rolled back and run again, and
 * the work, seeing `firstAttempt(tx)` false, reads inside the transaction instead of guessing.
 */
export class StaleGuess extends Error {
  constructor(collection: string, id: string) {
    super(`${collection}/${id}: not as read before the transaction`)
    this.name = 'StaleGuess'
  }
}

/** Whether a transaction failed because its write of this document found it existing (`add` with a taken `_id`). */
export function isDuplicateOf(error: unknown, collection: string, id: string): boolean {
  if (!isDuplicateKey(error)) return false
  const failed = (error as { failedWrite?: { collection?: unknown; id?: unknown } }).failedWrite
  return failed?.collection === collection && failed.id === id
}

/** Whether this is the work's first run in `inTransaction` (not a retry after a conflict or a `StaleGuess`). */
export function firstAttempt(tx: Tx): boolean {
  return !(tx instanceof Batched) || tx.attempt === 1
}

/**
 * `update` of a document that must exist (its existence read outside the transaction): no read inside. Held and
 * sent with the other writes like any write; when it updated nothing (the document is gone, or never was), the
 * transaction fails with `StaleGuess` and is run again. `data` must change the document (e.g. non-zero `_.inc`).
 */
export async function txUpdateExisting(
  tx: Tx,
  collection: string,
  id: string,
  data: Record<string, unknown>,
): Promise<void> {
  if (tx instanceof Batched) return void tx.updateExisting(collection, id, data)
  await updateOrStale(tx, collection, id, data)
}

/**
 * `add` of a document read as absent outside the transaction: when it exists after all (a concurrent first writer),
 * the transaction fails with `StaleGuess` and is run again. Held and sent with the other writes.
 */
export async function txAddAbsent(
  tx: Tx,
  collection: string,
  data: { _id: string } & Record<string, unknown>,
): Promise<void> {
  if (tx instanceof Batched) return void tx.addAbsent(collection, data)
  await addOrStale(tx, collection, data)
}

async function addOrStale(tx: Tx, collection: string, data: { _id: string } & Record<string, unknown>) {
  try {
    await tx.collection(collection).add({ data })
  } catch (error) {
    if (isDuplicateKey(error)) throw new StaleGuess(collection, data._id)
    throw error
  }
}

async function updateOrStale(tx: Tx, collection: string, id: string, data: Record<string, unknown>): Promise<void> {
  // wx-server-sdk answers `{ stats: { updated } }`; @cloudbase/database alone `{ updated }`.
  const res = await tx.collection(collection).doc(id).update({ data })
  const bare = (res as { updated?: unknown } | undefined)?.updated
  if (Math.max(updatedCount(res), typeof bare === 'number' ? bare : 0) < 1) throw new StaleGuess(collection, id)
}

/**
 * A transaction opened ahead of its work (by the runtime, with the caller's binding read): started at once, and the
 * documents named with `read` are read as soon as it has started — together with the handler's own first reads —
 * instead of after them. `inTransaction` takes it as `opened` for its first attempt.
 */
export class Opened {
  readonly sdk: Promise<SdkTx>
  private readonly early = new Map<string, Promise<TxResult>>()

  constructor(db: Database) {
    this.sdk = startTransaction(db)
    this.sdk.catch(() => undefined) // seen (and retried) by the commit
  }

  read(docs: readonly (readonly [string, string])[]): void {
    for (const [collection, id] of docs) {
      const key = keyOf(collection, id)
      if (this.early.has(key)) continue
      const read = this.sdk.then((tx) => tx.collection(collection).doc(id).get())
      read.catch(() => undefined)
      this.early.set(key, read)
    }
  }

  /** The reads sent so far (each handed over once). */
  takeReads(): Map<string, Promise<TxResult>> {
    return new Map(this.early)
  }

  /** Ends it unused (the call was refused, or had nothing to write). */
  async abandon(): Promise<void> {
    await this.sdk.then((tx) => tx.rollback()).catch(() => undefined)
  }
}

/** Reads to send on the transaction's first step (see `inTransaction`); a no-op on a transaction not from it. */
export function prefetch(tx: Tx, reads: readonly (readonly [string, string])[]): void {
  if (tx instanceof Batched) tx.prefetch(reads)
}

/**
 * A document read inside a transaction, or null when absent (the SDK rejects the read of an absent document
 * inside transactions too). Other errors — a conflict — propagate, so that `inTransaction` retries.
 */
export async function txGet<T>(tx: Tx, collection: string, id: string): Promise<T | null> {
  let res: TxResult
  try {
    res = await tx.collection(collection).doc(id).get()
  } catch (error) {
    if (/does not exist/.test(String((error as { errMsg?: string }).errMsg ?? (error as Error).message))) return null
    throw error
  }
  if ('code' in res && res.code) throw new Error(`${collection}/${id}: ${res.code} ${res.message ?? ''}`)
  return ((res as { data: unknown }).data ?? null) as T | null
}

/** Several documents read inside a transaction at once (one round trip), each null when absent. */
export function txGetAll<T extends unknown[]>(
  tx: Tx,
  reads: { [K in keyof T]: readonly [string, string] },
): Promise<{ [K in keyof T]: T[K] | null }> {
  return Promise.all(reads.map(([c, id]) => txGet(tx, c, id))) as Promise<{ [K in keyof T]: T[K] | null }>
}

/**
 * wx-server-sdk reports a write conflict as `{ errCode: -501001, errMsg: '…TransactionConflict…' }`, no `code`. A
 * transaction that outlived its 30 s (a call slowed down by a loaded instance) answers `TransactionNotExist`: it
 * committed nothing, so it is retried the same way.
 */
const isConflict = (error: unknown) => {
  const e = error as { code?: unknown; message?: unknown; errMsg?: unknown } | undefined
  return /TRANSACTION_CONFLICT|TransactionConflict|TransactionNotExist/.test(
    `${e?.code ?? ''} ${e?.message ?? ''} ${e?.errMsg ?? ''}`,
  )
}

export interface TransactionOptions {
  attempts?: number
  /** A transaction opened early (with its early reads); used by the first attempt only. */
  opened?: Opened
  /** Documents `work` reads: sent together on the transaction's first step. */
  prefetch?: readonly (readonly [string, string])[]
  /**
   * A condition decided outside the transaction at the same time as its writes (e.g. a rate-limit slot taken): the
   * commit waits for it, and when it rejects, the transaction is rolled back and its error is the answer.
   */
  guard?: Promise<unknown>
}

/**
 * Runs `work` in a transaction and returns its result. A write-write conflict fails the transaction at once
 * (first writer wins, as in CloudBase) and the SDK's own retry does not recognise it, so conflicts are retried
 * here, after a short random pause, up to `attempts` times; `work` must therefore write only through `tx`.
 * Business errors thrown by `work` are never retried; the transaction is rolled back.
 */
export async function inTransaction<T>(
  db: Database,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions | number = {},
): Promise<T> {
  const {
    attempts = 24,
    opened,
    prefetch: reads,
    guard,
  } = typeof options === 'number' ? ({ attempts: options } as TransactionOptions) : options
  guard?.catch(() => undefined) // awaited before the commit
  for (let attempt = 1; ; attempt++) {
    const first = attempt === 1 && opened
    const sdkTx = await (first ? opened.sdk : startTransaction(db))
    const tx = new Batched(sdkTx, first ? opened.takeReads() : undefined, attempt)
    if (reads) tx.prefetch(reads)
    try {
      const value = await work(tx)
      // Both settle before the answer (no write left in flight); the guard's refusal comes first.
      const [flushed, guarded] = await Promise.allSettled([tx.flush(), guard])
      if (guarded.status === 'rejected') throw guarded.reason
      if (flushed.status === 'rejected') throw flushed.reason
      await sdkTx.commit()
      return value
    } catch (error) {
      await sdkTx.rollback().catch(() => undefined)
      if (!(isConflict(error) || error instanceof StaleGuess) || attempt >= attempts) throw error
      // Each round one of the contenders for a hot document (a village's month counters) wins; the pauses spread
      // the others out (random, growing, at most ~250 ms).
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * Math.min(250, 15 * attempt)))
    }
  }
}

/** A document without its _id, for `set` (the id is the doc's, not a field). */
export function withoutId<T extends { _id?: string }>(doc: T): Omit<T, '_id'> {
  const { _id: _ignored, ...rest } = doc
  return rest
}
