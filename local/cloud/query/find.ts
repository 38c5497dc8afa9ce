/** Runs a find: plan → candidates → full filter check → sort → skip/limit → projection, counting the work. */
import type { Doc } from '../codec'
import type { CollectionStore } from '../store/collection'
import { warnUnindexed } from '../metrics'
import { compileFilter, projectDocs, sortDocs } from './matcher'
import { planQuery, type SortSpec } from './plan'

export interface FindOptions {
  sort?: SortSpec
  skip?: number
  /** null = no limit (count, update, remove). */
  limit?: number | null
  projection?: Record<string, unknown>
}

export interface WorkCounter {
  examined: number
}

/** `source` replaces the planner (transactions pass their own view of the collection). */
export function findDocs(
  coll: CollectionStore,
  filter: Record<string, unknown>,
  options: FindOptions,
  work: WorkCounter,
  source?: Iterable<Doc>,
): Doc[] {
  const sort = options.sort ?? []
  const skip = options.skip ?? 0
  const limit = options.limit ?? null
  const matches = compileFilter(filter)
  const plan = source ? null : planQuery(coll, filter, sort)
  const candidates = source ?? plan!.candidates()
  const inOrder = source ? sort.length === 0 : plan!.sorted
  const stopAt = inOrder && limit !== null ? skip + limit : Infinity
  let matched: Doc[] = []
  let examined = 0
  if (stopAt > 0) {
    for (const doc of candidates) {
      examined++
      if (matches(doc)) {
        matched.push(doc)
        if (matched.length >= stopAt) break
      }
    }
  }
  work.examined += examined
  if (plan && plan.uncovered.length > 0) warnUnindexed(coll.name, plan.uncovered, examined)
  if (!inOrder) matched = sortDocs(matched, sort)
  if (skip > 0 || limit !== null) matched = matched.slice(skip, limit === null ? undefined : skip + limit)
  return projectDocs(matched, options.projection)
}

export function countDocs(coll: CollectionStore, filter: Record<string, unknown>, work: WorkCounter): number {
  return findDocs(coll, filter, {}, work).length
}
