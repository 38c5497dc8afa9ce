/**
 * Chooses how to find candidate documents for a filter: `_id` lookup, a range scan over a declared index, a
 * union of such plans for a top-level $or, or a full collection scan. A plan may also deliver documents already
 * in the requested sort order, so `orderBy(...).limit(n)` stops after n matches.
 */
import type { Doc } from '../codec'
import type { CollectionStore, DocId, SecondaryIndex } from '../store/collection'
import { compareValues } from '../store/compare'
import type { Bound } from '../store/sorted-index'
import { analyseFilter, rangeBounds, type FilterShape } from './predicates'

export type SortSpec = Array<[path: string, direction: 1 | -1]>

export interface Plan {
  kind: 'id' | 'index' | 'union' | 'scan'
  /** Name of the index used, for diagnostics. */
  index?: string
  /** Field paths of a filter no index covers (the scan warning); empty when covered or unfiltered. */
  uncovered: string[]
  /** True when candidates come out in the requested sort order. */
  sorted: boolean
  candidates(): Iterable<Doc>
}

const MAX_RANGES = 256

export function planQuery(coll: CollectionStore, filter: Record<string, unknown>, sort: SortSpec = []): Plan {
  const shape = analyseFilter(filter)
  const direct = planShape(coll, shape, sort)
  if (direct) return direct
  if (shape.or && shape.predicates.size === 0) {
    const branches = shape.or.map((branch) => planShape(coll, analyseFilter(branch), []))
    if (branches.every((b): b is Plan => b !== null)) {
      return {
        kind: 'union',
        index: branches.map((b) => b.index).join('|'),
        uncovered: [],
        sorted: false,
        *candidates() {
          const seen = new Set<DocId>()
          for (const b of branches)
            for (const doc of b.candidates()) {
              const id = doc._id as DocId
              if (!seen.has(id)) {
                seen.add(id)
                yield doc
              }
            }
        },
      }
    }
  }
  const sortedScan = sort.length ? indexForSortOnly(coll, sort) : null
  // `_id` is always indexed in the cloud: a scan for an `_id` condition the planner cannot use (a regex, $exists…)
  // is not a missing index.
  const uncovered = shape.fields.filter((f) => f !== '_id')
  if (sortedScan) return { ...sortedScan, uncovered }
  return { kind: 'scan', uncovered, sorted: sort.length === 0, candidates: () => coll.docs.values() }
}

function planShape(coll: CollectionStore, shape: FilterShape, sort: SortSpec): Plan | null {
  const idPred = shape.predicates.get('_id')
  if (idPred && (idPred.eq !== undefined || idPred.in)) {
    const ids = idPred.eq !== undefined ? [idPred.eq] : idPred.in!
    return {
      kind: 'id',
      index: '_id_',
      uncovered: [],
      sorted: sort.length === 0 || ids.length <= 1,
      *candidates() {
        const seen = new Set<unknown>()
        for (const id of ids) {
          if (seen.has(id)) continue
          seen.add(id)
          const doc = id !== null && id !== undefined ? coll.get(id as DocId) : undefined
          if (doc) yield doc
        }
      },
    }
  }
  let best: {
    index: SecondaryIndex
    score: number
    prefixes: unknown[][]
    range: ReturnType<typeof rangeBounds>
    eqCount: number
  } | null = null
  for (const index of coll.indexes) {
    let prefixes: unknown[][] = [[]]
    let eqCount = 0
    let range: ReturnType<typeof rangeBounds> = null
    for (const field of index.spec.fields) {
      const pred = shape.predicates.get(field.path)
      if (!pred) break
      if (pred.eq !== undefined) {
        for (const p of prefixes) p.push(pred.eq)
        eqCount++
        continue
      }
      if (pred.in) {
        const values = uniqueSorted(pred.in)
        if (prefixes.length * values.length > MAX_RANGES) break
        prefixes = prefixes.flatMap((p) => values.map((v) => [...p, v]))
        eqCount++
        continue
      }
      if (pred.lower || pred.upper) {
        // On an array field, $gte and $lt may each be met by a different element, so a multikey index can
        // only apply one side of the range (as MongoDB does); the matcher checks the other.
        range = rangeBounds(index.multikey && pred.lower && pred.upper ? { lower: pred.lower } : pred)
      }
      break
    }
    // Equality fields count most, then a range, then delivering the requested order (so a limit stops early).
    const servesSort =
      sort.length > 0 &&
      !index.multikey &&
      sortDirectionServed(
        sort,
        index.spec.fields.slice(eqCount).map((f) => f.path),
        prefixes.length,
      ) !== 0
    const score = eqCount * 4 + (range ? 2 : 0) + (servesSort ? 1 : 0)
    if ((eqCount > 0 || range) && (!best || score > best.score)) best = { index, score, prefixes, range, eqCount }
  }
  if (!best) return null
  const { index, prefixes, range, eqCount } = best
  const orderFields = index.spec.fields.slice(eqCount).map((f) => f.path)
  const direction = index.multikey
    ? sort.length === 0
      ? 1
      : 0
    : sortDirectionServed(sort, orderFields, prefixes.length)
  return {
    kind: 'index',
    index: index.spec.name,
    uncovered: [],
    sorted: sort.length === 0 || direction !== 0,
    candidates: () => scanIndex(coll, index, prefixes, range, direction < 0),
  }
}

/** 1 / -1 when scanning the index forward / backward yields the sort order, 0 when it cannot. */
function sortDirectionServed(sort: SortSpec, orderFields: string[], rangeCount: number): number {
  if (sort.length === 0) return 1
  if (rangeCount !== 1 || sort.length > orderFields.length) return 0
  const dir = sort[0]![1]
  for (let i = 0; i < sort.length; i++) {
    if (sort[i]![0] !== orderFields[i] || sort[i]![1] !== dir) return 0
  }
  return dir
}

function indexForSortOnly(coll: CollectionStore, sort: SortSpec): Plan | null {
  for (const index of coll.indexes) {
    if (index.multikey) continue
    const direction = sortDirectionServed(sort, index.paths, 1)
    if (direction !== 0) {
      return {
        kind: 'index',
        index: index.spec.name,
        uncovered: [],
        sorted: true,
        candidates: () => scanIndex(coll, index, [[]], null, direction < 0),
      }
    }
  }
  return null
}

function* scanIndex(
  coll: CollectionStore,
  index: SecondaryIndex,
  prefixes: unknown[][],
  range: ReturnType<typeof rangeBounds>,
  reverse: boolean,
): Generator<Doc> {
  const seen = new Set<DocId>()
  const ordered = reverse ? [...prefixes].reverse() : prefixes
  for (const prefix of ordered) {
    let lower: Bound | null = prefix.length ? { key: prefix, inclusive: true } : null
    let upper: Bound | null = prefix.length ? { key: prefix, inclusive: true } : null
    if (range) {
      lower = { key: [...prefix, range.lower.value], inclusive: range.lower.inclusive }
      upper = { key: [...prefix, range.upper.value], inclusive: range.upper.inclusive }
    }
    for (const entry of index.tree.range(lower, upper, reverse)) {
      const id = entry[entry.length - 1] as DocId
      if (seen.has(id)) continue
      seen.add(id)
      const doc = coll.get(id)
      if (doc) yield doc
    }
  }
}

function uniqueSorted(values: unknown[]): unknown[] {
  const sorted = [...values].sort(compareValues)
  return sorted.filter((v, i) => i === 0 || compareValues(v, sorted[i - 1]) !== 0)
}
