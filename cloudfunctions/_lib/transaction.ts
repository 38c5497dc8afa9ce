/**
 * Transactions with the real SDK: `db.runTransaction(async (tx) => …)`. The SDK types the transaction as any;
 * `Tx` is the part of it functions use.
 */
import type { Database } from './cloud'

export interface Tx {
  collection(name: string): {
    doc(id: string): {
      get(): Promise<{ data: unknown } | { code: string; message?: string }>
      set(args: { data: Record<string, unknown> }): Promise<unknown>
      update(args: { data: Record<string, unknown> }): Promise<unknown>
    }
    add(args: { data: Record<string, unknown> }): Promise<unknown>
  }
}

/**
 * A document read inside a transaction, or null when absent (the SDK rejects the read of an absent document
 * inside transactions too). Other errors — a conflict — propagate, so that `inTransaction` retries.
 */
export async function txGet<T>(tx: Tx, collection: string, id: string): Promise<T | null> {
  let res: { data: unknown } | { code: string; message?: string }
  try {
    res = await tx.collection(collection).doc(id).get()
  } catch (error) {
    if (/does not exist/.test(String((error as { errMsg?: string }).errMsg ?? (error as Error).message))) return null
    throw error
  }
  if ('code' in res && res.code) throw new Error(`${collection}/${id}: ${res.code} ${res.message ?? ''}`)
  return ((res as { data: unknown }).data ?? null) as T | null
}

/** wx-server-sdk reports a write conflict as `{ errCode: -501001, errMsg: '…TransactionConflict…' }`, no `code`. */
const isConflict = (error: unknown) => {
  const e = error as { code?: unknown; message?: unknown; errMsg?: unknown } | undefined
  return /TRANSACTION_CONFLICT|TransactionConflict/.test(`${e?.code ?? ''} ${e?.message ?? ''} ${e?.errMsg ?? ''}`)
}

/**
 * Runs `work` in a transaction and returns its result. A write-write conflict fails the transaction at once
 * (first writer wins, as in CloudBase) and the SDK's own retry does not recognise it, so conflicts are retried
 * here, after a short random pause, up to `attempts` times; `work` must therefore write only through `tx`.
 * Business errors thrown by `work` are never retried.
 */
export async function inTransaction<T>(db: Database, work: (tx: Tx) => Promise<T>, attempts = 24): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await db.runTransaction(async (tx: Tx) => work(tx))) as T
    } catch (error) {
      if (!isConflict(error) || attempt >= attempts) throw error
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
