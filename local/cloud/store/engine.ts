/**
 * The database state: named collections and the one way to change them, `apply(ops)`, which changes memory
 * atomically (all ops or none) and resolves once the change is durable (when a journal is attached).
 */
import type { Doc } from '../codec'
import { collectionNotExist } from '../errors'
import type { CollectionSpec } from '../index-config'
import { CollectionStore, type DocId } from './collection'

export type Op =
  | { k: 'put'; c: string; d: Doc }
  | { k: 'del'; c: string; id: DocId }
  | { k: 'create'; c: string }
  | { k: 'drop'; c: string }

export interface Journal {
  /** Queues a record; resolves when it is on stable storage. Called synchronously right after memory changed. */
  append(ops: Op[]): Promise<void>
}

/** Told of every change to a committed document, with the document as it was (undefined = absent). */
export type ChangeListener = (coll: string, id: DocId, previous: Doc | undefined) => void

export class Engine {
  readonly collections = new Map<string, CollectionStore>()
  journal: Journal | null = null
  private readonly listeners: ChangeListener[] = []

  constructor(readonly specs: Map<string, CollectionSpec>) {
    for (const name of specs.keys()) this.ensure(name)
  }

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener)
  }

  private changed(coll: string, id: DocId, previous: Doc | undefined): void {
    for (const listener of this.listeners) listener(coll, id, previous)
  }

  has(name: string): boolean {
    return this.collections.has(name)
  }

  collection(name: string): CollectionStore {
    const found = this.collections.get(name)
    if (!found) throw collectionNotExist(name)
    return found
  }

  private ensure(name: string): CollectionStore {
    let found = this.collections.get(name)
    if (!found) {
      found = new CollectionStore(name, this.specs.get(name)?.indexes ?? [])
      this.collections.set(name, found)
    }
    return found
  }

  /** Applies ops in memory (rolled back entirely if one fails), then journals them. */
  apply(ops: Op[]): Promise<void> {
    if (ops.length === 0) return Promise.resolve()
    this.applyInMemory(ops)
    return this.journal ? this.journal.append(ops) : Promise.resolve()
  }

  /** Replay path (recovery, import): memory only. */
  applyInMemory(ops: Op[]): void {
    const undo: Array<() => void> = []
    try {
      for (const op of ops) undo.push(this.applyOne(op))
    } catch (error) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]!()
      throw error
    }
  }

  private applyOne(op: Op): () => void {
    switch (op.k) {
      case 'put': {
        const coll = this.collection(op.c)
        const previous = coll.put(op.d)
        if (this.listeners.length) this.changed(op.c, op.d._id as DocId, previous)
        return () => {
          if (previous) coll.put(previous)
          else coll.delete(op.d._id as DocId)
        }
      }
      case 'del': {
        const coll = this.collection(op.c)
        const previous = coll.delete(op.id)
        if (previous && this.listeners.length) this.changed(op.c, op.id, previous)
        return () => {
          if (previous) coll.put(previous)
        }
      }
      case 'create': {
        if (this.collections.has(op.c)) return () => {}
        this.ensure(op.c)
        return () => this.collections.delete(op.c)
      }
      case 'drop': {
        const previous = this.collections.get(op.c)
        this.collections.delete(op.c)
        return () => {
          if (previous) this.collections.set(op.c, previous)
        }
      }
    }
  }
}
