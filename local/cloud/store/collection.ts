/**
 * One collection in memory: documents by `_id` plus the declared secondary indexes, kept in step on every write.
 * Documents are treated as immutable: a write replaces the object, so a reference read earlier stays a valid
 * snapshot of that version (transactions keep such references as their snapshot's pre-images).
 */
import type { ObjectId } from 'bson'
import type { Doc } from '../codec'
import { requestFailed } from '../errors'
import type { IndexSpec } from '../index-config'
import { valuesAtPath } from './compare'
import { SortedIndex, sortEntries, type Entry } from './sorted-index'

/** A document id: a string or number, or an ObjectId (interned by codec.ts, so identity is equality). */
export type DocId = string | number | ObjectId

export class SecondaryIndex {
  readonly tree = new SortedIndex()
  /** Set once any document contributed several entries (an array field): index order then no longer equals sort order. */
  multikey = false
  private readonly parts: string[][]

  constructor(readonly spec: IndexSpec) {
    this.parts = spec.fields.map((f) => f.path.split('.'))
  }

  get paths(): string[] {
    return this.spec.fields.map((f) => f.path)
  }

  /** Every entry the document contributes (several when a field holds an array). */
  entriesOf(doc: Doc): Entry[] {
    const simple = this.simpleEntry(doc)
    if (simple) return [simple]
    const id = doc._id
    let combos: unknown[][] = [[]]
    for (const field of this.spec.fields) {
      const values = dedupe(valuesAtPath(doc, field.path).map((v) => (v === undefined ? null : v)))
      if (values.length === 1) for (const c of combos) c.push(values[0])
      else combos = combos.flatMap((c) => values.map((v) => [...c, v]))
    }
    for (const c of combos) c.push(id)
    if (combos.length > 1) this.multikey = true
    return combos
  }

  /** The common case without arrays on any indexed path: one entry, built without intermediate lists. */
  private simpleEntry(doc: Doc): Entry | null {
    const entry: Entry = new Array(this.parts.length + 1)
    for (let f = 0; f < this.parts.length; f++) {
      let value: unknown = doc
      for (const part of this.parts[f]!) {
        if (Array.isArray(value)) return null
        if (value === null || typeof value !== 'object' || value instanceof Date) {
          value = undefined
          break
        }
        value = (value as Record<string, unknown>)[part]
      }
      if (Array.isArray(value)) return null
      entry[f] = value === undefined ? null : value
    }
    entry[this.parts.length] = doc._id
    return entry
  }

  add(doc: Doc): void {
    for (const e of this.entriesOf(doc)) this.tree.insert(e)
  }

  delete(doc: Doc): void {
    for (const e of this.entriesOf(doc)) this.tree.remove(e)
  }

  /** Id of another document holding the same unique key, if any. */
  conflictFor(doc: Doc): DocId | undefined {
    for (const e of this.entriesOf(doc)) {
      const key = e.slice(0, -1)
      for (const other of this.tree.range({ key, inclusive: true }, { key, inclusive: true })) {
        const otherId = other[other.length - 1] as DocId
        if (otherId !== doc._id) return otherId
      }
    }
    return undefined
  }
}

function dedupe(values: unknown[]): unknown[] {
  if (values.length <= 1) return values
  const seen = new Set<unknown>()
  const out: unknown[] = []
  for (const v of values) {
    const k = v instanceof Date ? `d${v.getTime()}` : typeof v === 'object' && v !== null ? JSON.stringify(v) : v
    if (!seen.has(k)) {
      seen.add(k)
      out.push(v)
    }
  }
  return out
}

export class CollectionStore {
  private docs_ = new Map<DocId, Doc>()
  readonly indexes: SecondaryIndex[]

  constructor(
    readonly name: string,
    specs: IndexSpec[],
  ) {
    this.indexes = specs.map((s) => new SecondaryIndex(s))
  }

  get docs(): ReadonlyMap<DocId, Doc> {
    return this.docs_
  }

  get size(): number {
    return this.docs_.size
  }

  get(id: DocId): Doc | undefined {
    return this.docs_.get(id)
  }

  /** Inserts or replaces; throws (changing nothing) on a unique-index violation. */
  put(doc: Doc): Doc | undefined {
    const id = doc._id as DocId
    const previous = this.docs_.get(id)
    for (const index of this.indexes) {
      if (!index.spec.unique) continue
      const other = index.conflictFor(doc)
      if (other !== undefined) {
        throw requestFailed(
          `[FailedOperation] E11000 duplicate key error collection: ${this.name} index: ${index.spec.name} dup key: ${JSON.stringify(index.entriesOf(doc)[0]?.slice(0, -1))}`,
        )
      }
    }
    if (previous) for (const index of this.indexes) index.delete(previous)
    this.docs_.set(id, doc)
    for (const index of this.indexes) index.add(doc)
    return previous
  }

  delete(id: DocId): Doc | undefined {
    const previous = this.docs_.get(id)
    if (!previous) return undefined
    this.docs_.delete(id)
    for (const index of this.indexes) index.delete(previous)
    return previous
  }

  /** Start-up path: takes over a map of documents (no copy) and builds each index in one sort. */
  adopt(docs: Map<DocId, Doc>): void {
    this.docs_ = docs
    this.rebuildIndexes()
  }

  rebuildIndexes(): void {
    for (const index of this.indexes) {
      const entries: Entry[] = []
      for (const doc of this.docs_.values()) for (const e of index.entriesOf(doc)) entries.push(e)
      index.tree.load(sortEntries(entries))
    }
  }

  clear(): void {
    this.docs_.clear()
    for (const index of this.indexes) index.tree.load([])
  }
}
