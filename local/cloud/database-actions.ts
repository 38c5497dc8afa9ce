/**
 * The `database.*` actions of the wire protocol, as the pinned SDK (wx-server-sdk 4.0.2 → @cloudbase/node-sdk
 * 3.17.2 → @cloudbase/database 1.4.3) sends them, answered with the response shapes it reads.
 */
import { decodeWire, encodeWire, sameValue, type Doc } from './codec'
import { CloudError, invalidParam } from './errors'
import { runAggregate } from './aggregate'
import { countDocs, findDocs, type FindOptions } from './query/find'
import { parseSort } from './query/matcher'
import type { DocId } from './store/collection'
import type { Engine, Op } from './store/engine'
import type { Transaction, TransactionRegistry } from './transactions'
import { applyUpdate, checkDocId, parseUpdate, prepareInsert, replaceDoc, upsertSeed } from './update'

export const DEFAULT_GET_LIMIT = 100
export const MAX_GET_LIMIT = 1000

export interface RequestWork {
  examined: number
  returned: number
}

export type Params = Record<string, unknown>
type Handler = (params: Params, work: RequestWork) => unknown

/** Reads and writes either straight against the store or inside a transaction's overlay. */
interface View {
  get(coll: string, id: DocId): Doc | undefined
  find(coll: string, filter: Record<string, unknown>, options: FindOptions, work: RequestWork): Doc[]
  write(ops: Op[]): Promise<void> | void
}

export class DatabaseActions {
  constructor(
    private readonly engine: Engine,
    private readonly transactions: TransactionRegistry,
  ) {}

  readonly handlers: Record<string, Handler> = {
    'database.getDocument': (p, w) => this.getDocument(p, w),
    'database.insertDocument': (p, w) => this.waitingForLocks(() => this.insertDocument(p, w)),
    'database.modifyDocument': (p, w) => this.waitingForLocks(() => this.modifyDocument(p, w, false)),
    'database.modifyAndReturnDoc': (p, w) => this.waitingForLocks(() => this.modifyDocument(p, w, true)),
    'database.removeDocument': (p, w) => this.waitingForLocks(() => this.removeDocument(p, w)),
    'database.calculateDocument': (p, w) => this.calculateDocument(p, w),
    'database.aggregateDocuments': (p, w) => this.aggregateDocuments(p, w),
    'database.addCollection': (p) => this.addCollection(p),
    'database.startTransaction': () => ({ transactionId: this.transactions.start().id }),
    'database.commitTransaction': (p) => this.commitTransaction(p),
    'database.abortTransaction': (p) => this.abortTransaction(p),
  }

  /**
   * A write outside transactions to a document an open transaction has written waits for that transaction to
   * finish, then runs again from the start against the new state (nothing was applied before the wait).
   */
  private async waitingForLocks(run: () => Promise<unknown>): Promise<unknown> {
    for (;;) {
      try {
        return await run()
      } catch (error) {
        if (!(error instanceof LockedByTransaction)) throw error
        await this.transactions.whenFinished(error.holder)
      }
    }
  }

  private committed: View = {
    get: (coll, id) => this.engine.collection(coll).get(id),
    find: (coll, filter, options, work) => findDocs(this.engine.collection(coll), filter, options, work),
    write: (ops) => {
      const holder = this.transactions.holderOf(ops)
      if (holder) throw new LockedByTransaction(holder)
      return this.engine.apply(ops)
    },
  }

  private inTransaction(tx: Transaction): View {
    return {
      get: (coll, id) => tx.read(coll, id),
      find: (coll, filter, options, work) =>
        findDocs(this.engine.collection(coll), filter, options, work, tx.view(coll)),
      write: (ops) => {
        for (const op of ops) {
          if (op.k === 'put') this.transactions.write(tx, op.c, op.d._id as DocId, op.d)
          else if (op.k === 'del') this.transactions.write(tx, op.c, op.id, undefined)
          else throw invalidParam('collections cannot be created inside a transaction')
        }
      },
    }
  }

  private viewFor(params: Params): View {
    return params.transactionId === undefined
      ? this.committed
      : this.inTransaction(this.transactions.get(params.transactionId))
  }

  private collectionName(params: Params): string {
    const name = params.collectionName
    if (typeof name !== 'string' || name === '') throw invalidParam('collectionName is required')
    this.engine.collection(name)
    return name
  }

  private filter(params: Params, now: number): Record<string, unknown> {
    if (params.query === undefined || params.query === '') return {}
    const value = decodeWire(params.query, 'query', now)
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw invalidParam('query must be an object')
    return value as Record<string, unknown>
  }

  private docId(filter: Record<string, unknown>): DocId {
    return checkDocId(filter._id)
  }

  private getDocument(params: Params, work: RequestWork): unknown {
    const now = Date.now()
    const coll = this.collectionName(params)
    const view = this.viewFor(params)
    const filter = this.filter(params, now)
    const projection =
      params.projection === undefined
        ? undefined
        : (decodeWire(params.projection, 'projection', now) as Record<string, unknown>)
    let docs: Doc[]
    if (params.queryType === 'DOC') {
      const doc = view.get(coll, this.docId(filter))
      work.examined += doc ? 1 : 0
      docs = findDocs(this.engine.collection(coll), {}, { projection }, { examined: 0 }, doc ? [doc] : [])
    } else {
      const limit = readLimit(params.limit)
      const skip = params.offset === undefined ? 0 : readCount(params.offset, 'offset')
      const sort = params.order === undefined ? [] : parseSort(decodeWire(params.order, 'order', now))
      docs = view.find(coll, filter, { sort, skip, limit, projection }, work)
    }
    work.returned += docs.length
    return { data: { list: docs.map(encodeWire) } }
  }

  private async insertDocument(params: Params, work: RequestWork): Promise<unknown> {
    const now = Date.now()
    const coll = this.collectionName(params)
    const view = this.viewFor(params)
    if (!Array.isArray(params.data) || params.data.length === 0)
      throw invalidParam('data must be a non-empty array of documents')
    const docs = params.data.map((item, i) => prepareInsert(decodeWire(item, `data[${i}]`, now)))
    const ids = new Set<DocId>()
    for (const doc of docs) {
      const id = doc._id as DocId
      if (ids.has(id) || view.get(coll, id)) throw duplicateId(coll, id)
      ids.add(id)
    }
    work.examined += docs.length
    await view.write(docs.map((d) => ({ k: 'put', c: coll, d })))
    return { data: { insertedIds: docs.map((d) => d._id) } }
  }

  private async modifyDocument(params: Params, work: RequestWork, returnDoc: boolean): Promise<unknown> {
    const now = Date.now()
    const coll = this.collectionName(params)
    const view = this.viewFor(params)
    const filter = this.filter(params, now)
    const data = decodeWire(params.data, 'data', now)
    const replace = params.merge === false
    const upsert = params.upsert === true
    const multi = !returnDoc && params.multi !== false && params.queryType !== 'DOC'
    const targets: Doc[] =
      params.queryType === 'DOC'
        ? [view.get(coll, this.docId(filter))].filter((d): d is Doc => d !== undefined)
        : view.find(coll, filter, { limit: multi ? null : 1 }, work)
    if (params.queryType === 'DOC') work.examined += targets.length
    const spec = replace ? null : parseUpdate(data)
    const ops: Op[] = []
    let upsertId: DocId | undefined
    for (const doc of targets) {
      const next = spec ? applyUpdate(doc, spec, filter) : replaceDoc(doc._id as DocId, data)
      if (next && !sameValue(next, doc)) ops.push({ k: 'put', c: coll, d: next })
    }
    if (targets.length === 0 && upsert) {
      const seed = prepareInsert(params.queryType === 'DOC' ? { _id: this.docId(filter) } : upsertSeed(filter))
      const created = spec ? (applyUpdate(seed, spec) ?? seed) : replaceDoc(seed._id as DocId, data)
      upsertId = created._id as DocId
      ops.push({ k: 'put', c: coll, d: created })
    }
    await view.write(ops)
    // What the cloud reports (Tencent's tests): findAndModify and doc().set() count the document they matched even
    // when the new content equals the old; other updates count the documents actually changed (MongoDB's nModified).
    const countsMatched = returnDoc || (replace && params.queryType === 'DOC')
    const updated = upsertId !== undefined ? 0 : countsMatched ? targets.length : ops.length
    if (returnDoc) {
      const doc = ops[0] && ops[0].k === 'put' ? ops[0].d : targets[0]
      if (doc) work.returned++
      return { data: { updated, doc: doc ? encodeWire(doc) : null } }
    }
    return { data: { updated, matched: targets.length, ...(upsertId !== undefined ? { upsert_id: upsertId } : {}) } }
  }

  private async removeDocument(params: Params, work: RequestWork): Promise<unknown> {
    const now = Date.now()
    const coll = this.collectionName(params)
    const view = this.viewFor(params)
    const filter = this.filter(params, now)
    let targets: Doc[]
    if (params.queryType === 'DOC') {
      targets = [view.get(coll, this.docId(filter))].filter((d): d is Doc => d !== undefined)
      work.examined += targets.length
    } else {
      targets = view.find(coll, filter, { limit: params.multi === false ? 1 : null }, work)
    }
    await view.write(targets.map((d) => ({ k: 'del', c: coll, id: d._id as DocId })))
    return { data: { deleted: targets.length } }
  }

  private calculateDocument(params: Params, work: RequestWork): unknown {
    const coll = this.collectionName(params)
    const filter = this.filter(params, Date.now())
    if (params.transactionId !== undefined) {
      const total = this.viewFor(params).find(coll, filter, {}, work).length
      return { data: { total } }
    }
    return { data: { total: countDocs(this.engine.collection(coll), filter, work) } }
  }

  private aggregateDocuments(params: Params, work: RequestWork): unknown {
    const now = Date.now()
    const coll = this.collectionName(params)
    if (!Array.isArray(params.stages)) throw invalidParam('stages must be an array')
    const pipeline = params.stages.map((stage, i) => {
      const { stageKey, stageValue } = (stage ?? {}) as { stageKey?: unknown; stageValue?: unknown }
      if (typeof stageKey !== 'string' || !stageKey.startsWith('$'))
        throw invalidParam(`stages[${i}].stageKey must be a stage name such as "$match"`)
      return { [stageKey]: decodeWire(stageValue, `stages[${i}] (${stageKey})`, now) }
    })
    const list = runAggregate(this.engine, coll, pipeline, work)
    work.returned += list.length
    return { data: { list: list.map(encodeWire) } }
  }

  private async addCollection(params: Params): Promise<unknown> {
    const name = params.collectionName
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(name))
      throw invalidParam('collectionName is invalid')
    if (this.engine.has(name))
      throw new CloudError('DATABASE_REQUEST_FAILED', `[ResourceInUse] collection ${name} already exists`)
    await this.engine.apply([{ k: 'create', c: name }])
    return {}
  }

  private async commitTransaction(params: Params): Promise<unknown> {
    await this.transactions.commit(this.transactions.get(params.transactionId))
    return {}
  }

  private abortTransaction(params: Params): unknown {
    this.transactions.end(this.transactions.get(params.transactionId))
    return {}
  }
}

class LockedByTransaction extends Error {
  constructor(readonly holder: Transaction) {
    super('document locked by an open transaction')
  }
}

function readLimit(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_GET_LIMIT
  const n = readCount(value, 'limit')
  return n === 0 ? DEFAULT_GET_LIMIT : Math.min(n, MAX_GET_LIMIT)
}

function readCount(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw invalidParam(`${name} must be a non-negative integer`)
  return value
}

function duplicateId(coll: string, id: DocId): CloudError {
  return new CloudError(
    'DATABASE_REQUEST_FAILED',
    `[FailedOperation] E11000 duplicate key error collection: ${coll} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`,
  )
}
