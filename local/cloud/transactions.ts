/**
 * Transactions with optimistic concurrency control. A transaction keeps a private overlay of every document it
 * read or wrote, stamped with the committed version it started from (the document object itself: stored
 * documents are immutable, so identity is the version). Reads are repeatable and see the transaction's own
 * writes; nothing is visible to others before commit. Commit checks that no touched document changed since —
 * otherwise DATABASE_TRANSACTION_CONFLICT, which `runTransaction` retries — then applies all writes as one
 * journal record. Abort, failure or expiry simply drops the overlay: no trace is left.
 */
import { randomBytes } from 'node:crypto'
import type { Doc } from './codec'
import { CloudError, requestFailed } from './errors'
import type { DocId } from './store/collection'
import type { Engine, Op } from './store/engine'

interface Touched {
  /** The committed document when first touched (undefined = absent). */
  base: Doc | undefined
  /** The transaction's current view (undefined = absent / deleted). */
  current: Doc | undefined
  written: boolean
}

export const TRANSACTION_LIFETIME_MS = 60_000

export class Transaction {
  private readonly touched = new Map<string, Map<DocId, Touched>>()
  readonly expiresAt = Date.now() + TRANSACTION_LIFETIME_MS

  constructor(
    readonly id: string,
    private readonly engine: Engine,
  ) {}

  private slot(coll: string, id: DocId): Touched {
    let byId = this.touched.get(coll)
    if (!byId) {
      byId = new Map()
      this.touched.set(coll, byId)
    }
    let entry = byId.get(id)
    if (!entry) {
      const base = this.engine.collection(coll).get(id)
      entry = { base, current: base, written: false }
      byId.set(id, entry)
    }
    return entry
  }

  read(coll: string, id: DocId): Doc | undefined {
    return this.slot(coll, id).current
  }

  write(coll: string, id: DocId, doc: Doc | undefined): void {
    const entry = this.slot(coll, id)
    entry.current = doc
    entry.written = true
  }

  /** The collection as this transaction sees it (committed documents, with the overlay applied). */
  *view(coll: string): Generator<Doc> {
    const overlay = this.touched.get(coll)
    for (const [id, doc] of this.engine.collection(coll).docs) {
      const own = overlay?.get(id)
      if (!own) yield doc
      else if (own.current) yield own.current
    }
    if (overlay)
      for (const [id, own] of overlay)
        if (own.current && own.base === undefined && !this.engine.collection(coll).docs.has(id)) yield own.current
  }

  /** Marks every document of a view as read, so a concurrent change to any of them is a conflict. */
  noteRead(coll: string, docs: Doc[]): void {
    for (const doc of docs) this.slot(coll, doc._id as DocId)
  }

  /** Throws DATABASE_TRANSACTION_CONFLICT when a touched document changed since; returns the writes. */
  prepareCommit(): Op[] {
    const ops: Op[] = []
    for (const [coll, byId] of this.touched) {
      const store = this.engine.collection(coll)
      for (const [id, entry] of byId) {
        if (store.get(id) !== entry.base) {
          throw new CloudError(
            'DATABASE_TRANSACTION_CONFLICT',
            `[TransactionConflict] document ${JSON.stringify(id)} in collection ${coll} was changed by another operation after this transaction read or wrote it`,
          )
        }
        if (!entry.written || entry.current === entry.base) continue
        ops.push(entry.current ? { k: 'put', c: coll, d: entry.current } : { k: 'del', c: coll, id })
      }
    }
    return ops
  }
}

export class TransactionRegistry {
  private readonly open = new Map<string, Transaction>()
  private sweeper: NodeJS.Timeout | null = null

  constructor(private readonly engine: Engine) {}

  start(): Transaction {
    const tx = new Transaction(randomBytes(12).toString('hex'), this.engine)
    this.open.set(tx.id, tx)
    if (!this.sweeper) {
      this.sweeper = setInterval(() => this.sweep(), 5_000)
      this.sweeper.unref()
    }
    return tx
  }

  get(id: unknown): Transaction {
    const tx = typeof id === 'string' ? this.open.get(id) : undefined
    if (!tx || tx.expiresAt < Date.now()) {
      if (tx) this.open.delete(tx.id)
      throw requestFailed(
        `[TransactionNotExist] transaction ${String(id)} does not exist: it was committed, aborted, failed or expired (lifetime ${TRANSACTION_LIFETIME_MS / 1000} s)`,
      )
    }
    return tx
  }

  /** Ends a transaction (commit path included): whatever happens next, it is gone. */
  finish(id: string): void {
    this.open.delete(id)
  }

  get size(): number {
    return this.open.size
  }

  private sweep(): void {
    const now = Date.now()
    for (const [id, tx] of this.open) if (tx.expiresAt < now) this.open.delete(id)
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper)
    this.sweeper = null
    this.open.clear()
  }
}
