/**
 * Transactions as CloudBase runs them on MongoDB: snapshot isolation with first-writer-wins.
 *
 * - Snapshot: a transaction reads the database as it was at its first operation (MongoDB takes the snapshot at the
 *   first command, not at startTransaction — Tencent's own "mongodb 原生事务操作支持" case relies on it), plus its
 *   own writes. Documents changed by others afterwards are read as they were: the engine reports every change to the
 *   registry, which keeps the pre-image for each open transaction that has not seen the change.
 * - Write-write conflicts are detected at the write, first writer wins: writing a document that another open
 *   transaction has written, or that was changed by anyone since the snapshot, fails at once with
 *   DATABASE_TRANSACTION_CONFLICT and aborts the transaction (MongoDB aborts on a WriteConflict; the SDK's
 *   runTransaction then retries from scratch). Documents only read never conflict (no read-set validation: write
 *   skew is possible, as in the cloud).
 * - A write outside any transaction to a document an open transaction has written waits until that transaction
 *   commits, aborts or expires (MongoDB blocks it the same way), then runs against the new state.
 * - Commit applies the writes as one journal record; it cannot conflict any more. A transaction lives 30 s; after
 *   that, or once committed/aborted/failed, it answers DATABASE_TRANSACTION_FAIL with the cloud's message.
 */
import { randomBytes } from 'node:crypto'
import type { Doc } from './codec'
import { CloudError } from './errors'
import type { CollectionStore, DocId } from './store/collection'
import type { Engine, Op } from './store/engine'

export const TRANSACTION_LIFETIME_MS = 30_000

/** The cloud's texts, as Tencent's tests compare them. */
export const TRANSACTION_CONFLICT_MESSAGE =
  '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.'
export const TRANSACTION_NOT_EXIST_MESSAGE =
  '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.'

const conflict = (): CloudError => new CloudError('DATABASE_TRANSACTION_CONFLICT', TRANSACTION_CONFLICT_MESSAGE)
const notExist = (): CloudError => new CloudError('DATABASE_TRANSACTION_FAIL', TRANSACTION_NOT_EXIST_MESSAGE)

const lockKey = (coll: string, id: DocId): string => `${coll}\u0000${typeof id}\u0000${String(id)}`

type PerCollection = Map<string, Map<DocId, Doc | undefined>>

function entry(map: PerCollection, coll: string): Map<DocId, Doc | undefined> {
  let byId = map.get(coll)
  if (!byId) {
    byId = new Map()
    map.set(coll, byId)
  }
  return byId
}

export class Transaction {
  readonly expiresAt: number
  private snapshotTaken = false
  /** Pre-images of documents others changed after the snapshot (undefined = absent at the snapshot). */
  private readonly preserved: PerCollection = new Map()
  /** This transaction's own writes (undefined = deleted). */
  private readonly writes: PerCollection = new Map()

  constructor(
    readonly id: string,
    private readonly engine: Engine,
    now: number,
  ) {
    this.expiresAt = now + TRANSACTION_LIFETIME_MS
  }

  /** Called at each operation: the first one fixes the snapshot. */
  touch(): void {
    this.snapshotTaken = true
  }

  /** The engine is changing a committed document: keep what this transaction's snapshot saw. */
  notePreImage(coll: string, id: DocId, previous: Doc | undefined): void {
    if (!this.snapshotTaken) return
    const byId = entry(this.preserved, coll)
    if (!byId.has(id)) byId.set(id, previous)
  }

  changedSinceSnapshot(coll: string, id: DocId): boolean {
    return this.preserved.get(coll)?.has(id) ?? false
  }

  read(coll: string, id: DocId): Doc | undefined {
    const own = this.writes.get(coll)
    if (own?.has(id)) return own.get(id)
    const kept = this.preserved.get(coll)
    if (kept?.has(id)) return kept.get(id)
    return this.engine.collection(coll).get(id)
  }

  recordWrite(coll: string, id: DocId, doc: Doc | undefined): void {
    entry(this.writes, coll).set(id, doc)
  }

  /** The collection as this transaction sees it: the snapshot with its own writes applied. */
  *view(coll: string): Generator<Doc> {
    const store: CollectionStore = this.engine.collection(coll)
    const own = this.writes.get(coll)
    const kept = this.preserved.get(coll)
    for (const [id, doc] of store.docs) {
      if (own?.has(id)) {
        const mine = own.get(id)
        if (mine) yield mine
      } else if (kept?.has(id)) {
        const old = kept.get(id)
        if (old) yield old
      } else yield doc
    }
    if (kept) for (const [id, old] of kept) if (old && !store.docs.has(id) && !own?.has(id)) yield old
    if (own) for (const [id, mine] of own) if (mine && !store.docs.has(id)) yield mine
  }

  /** Its writes as engine operations. */
  ops(): Op[] {
    const ops: Op[] = []
    for (const [coll, byId] of this.writes)
      for (const [id, doc] of byId) ops.push(doc ? { k: 'put', c: coll, d: doc } : { k: 'del', c: coll, id })
    return ops
  }

  *writtenKeys(): Generator<string> {
    for (const [coll, byId] of this.writes) for (const id of byId.keys()) yield lockKey(coll, id)
  }
}

export class TransactionRegistry {
  private readonly open = new Map<string, Transaction>()
  /** Document → the open transaction that has written it. */
  private readonly locks = new Map<string, Transaction>()
  private readonly released = new Map<Transaction, Array<() => void>>()
  private sweeper: NodeJS.Timeout | null = null

  constructor(
    private readonly engine: Engine,
    private readonly now: () => number = Date.now,
  ) {
    engine.onChange((coll, id, previous) => {
      if (this.open.size === 0) return
      for (const tx of this.open.values()) tx.notePreImage(coll, id, previous)
    })
  }

  start(): Transaction {
    const tx = new Transaction(randomBytes(12).toString('hex'), this.engine, this.now())
    this.open.set(tx.id, tx)
    if (!this.sweeper) {
      this.sweeper = setInterval(() => this.sweep(), 5_000)
      this.sweeper.unref()
    }
    return tx
  }

  /** An open transaction, its snapshot fixed; DATABASE_TRANSACTION_FAIL when it is finished or expired. */
  get(id: unknown): Transaction {
    const tx = typeof id === 'string' ? this.open.get(id) : undefined
    if (!tx) throw notExist()
    if (tx.expiresAt <= this.now()) {
      this.end(tx)
      throw notExist()
    }
    tx.touch()
    return tx
  }

  /** A write inside `tx`: first writer wins, and a document changed since the snapshot cannot be written. */
  write(tx: Transaction, coll: string, id: DocId, doc: Doc | undefined): void {
    const key = lockKey(coll, id)
    const holder = this.liveHolder(key)
    if ((holder && holder !== tx) || tx.changedSinceSnapshot(coll, id)) {
      this.end(tx)
      throw conflict()
    }
    this.locks.set(key, tx)
    tx.recordWrite(coll, id, doc)
  }

  /** The open transaction holding one of these documents, if any (a write outside transactions must wait). */
  holderOf(ops: Op[]): Transaction | undefined {
    if (this.locks.size === 0) return undefined
    for (const op of ops) {
      if (op.k !== 'put' && op.k !== 'del') continue
      const holder = this.liveHolder(lockKey(op.c, op.k === 'put' ? (op.d._id as DocId) : op.id))
      if (holder) return holder
    }
    return undefined
  }

  /** Resolves when `tx` has committed, aborted or expired. */
  whenFinished(tx: Transaction): Promise<void> {
    if (!this.open.has(tx.id)) return Promise.resolve()
    return new Promise((resolve) => {
      let list = this.released.get(tx)
      if (!list) {
        list = []
        this.released.set(tx, list)
        const timer = setTimeout(() => this.end(tx), Math.max(0, tx.expiresAt - this.now()) + 1)
        timer.unref()
        list.push(() => clearTimeout(timer))
      }
      list.push(resolve)
    })
  }

  /** Commits: the writes reach memory synchronously (then the journal), and the locks are released. */
  commit(tx: Transaction): Promise<void> {
    this.open.delete(tx.id)
    try {
      return this.engine.apply(tx.ops())
    } finally {
      this.end(tx)
    }
  }

  /** Ends a transaction without applying anything (abort, failure, expiry). */
  end(tx: Transaction): void {
    this.open.delete(tx.id)
    for (const key of tx.writtenKeys()) if (this.locks.get(key) === tx) this.locks.delete(key)
    const waiting = this.released.get(tx)
    this.released.delete(tx)
    if (waiting) for (const wake of waiting) wake()
  }

  get size(): number {
    return this.open.size
  }

  private liveHolder(key: string): Transaction | undefined {
    const holder = this.locks.get(key)
    if (holder && holder.expiresAt <= this.now()) {
      this.end(holder)
      return undefined
    }
    return holder
  }

  private sweep(): void {
    const now = this.now()
    for (const tx of this.open.values()) if (tx.expiresAt <= now) this.end(tx)
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper)
    this.sweeper = null
    for (const tx of [...this.open.values()]) this.end(tx)
  }
}
