/**
 * Reads a filter for what an index can use: per top-level field path, equality / $in / range bounds over
 * scalar values. Anything else (regex, $ne, $elemMatch, sub-document equality…) is left to the full matcher,
 * which always re-checks every candidate — the index only narrows the candidates.
 */
import { RANK, TypeEdge, compareValues, typeRank } from '../store/compare'

export interface FieldPredicate {
  eq?: unknown
  in?: unknown[]
  lower?: { value: unknown; inclusive: boolean }
  upper?: { value: unknown; inclusive: boolean }
}

export interface FilterShape {
  /** Usable predicates by field path (from the top level and nested $and). */
  predicates: Map<string, FieldPredicate>
  /** Every field path the filter mentions, for the "no index covers" warning. */
  fields: string[]
  /** Branches of a top-level $or, when present. */
  or: Record<string, unknown>[] | null
}

const INDEXABLE_RANKS = new Set<number>([RANK.null, RANK.number, RANK.string, RANK.boolean, RANK.date])

export function isIndexableScalar(value: unknown): boolean {
  if (typeof value === 'number' && Number.isNaN(value)) return false
  return (
    INDEXABLE_RANKS.has(typeRank(value)) && !(typeof value === 'object' && value !== null && !(value instanceof Date))
  )
}

/** ObjectIds are interned (codec.ts), so an `_id` equality can be answered by a direct lookup. */
const isObjectId = (value: unknown): boolean => (value as { _bsontype?: unknown } | null)?._bsontype === 'ObjectId'

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    value instanceof Date ||
    value instanceof RegExp
  )
    return false
  if ((value as { _bsontype?: unknown })._bsontype !== undefined) return false
  const keys = Object.keys(value)
  return keys.length > 0 && keys.every((k) => k.startsWith('$'))
}

export function analyseFilter(filter: Record<string, unknown>): FilterShape {
  const predicates = new Map<string, FieldPredicate>()
  const fields = new Set<string>()
  let or: Record<string, unknown>[] | null = null
  const visit = (node: Record<string, unknown>, top: boolean): void => {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$and' && Array.isArray(value)) {
        for (const part of value) if (part && typeof part === 'object') visit(part as Record<string, unknown>, top)
        continue
      }
      if (key === '$or' || key === '$nor') {
        if (Array.isArray(value)) {
          for (const part of value)
            if (part && typeof part === 'object')
              for (const f of analyseFilter(part as Record<string, unknown>).fields) fields.add(f)
          if (key === '$or' && top && or === null) or = value as Record<string, unknown>[]
        }
        continue
      }
      if (key.startsWith('$')) continue
      fields.add(key)
      const pred = predicates.get(key) ?? {}
      if (isOperatorObject(value)) {
        for (const [op, operand] of Object.entries(value)) addOperator(pred, op, operand)
      } else if (isIndexableScalar(value) || (key === '_id' && isObjectId(value))) {
        pred.eq = value
      }
      if (Object.keys(pred).length) predicates.set(key, pred)
    }
  }
  visit(filter, true)
  return { predicates, fields: [...fields], or }
}

function addOperator(pred: FieldPredicate, op: string, operand: unknown): void {
  switch (op) {
    case '$eq':
      if (isIndexableScalar(operand)) pred.eq = operand
      return
    case '$in':
      if (Array.isArray(operand) && operand.length > 0 && operand.every(isIndexableScalar)) pred.in = operand
      return
    case '$gt':
    case '$gte':
      if (isIndexableScalar(operand) && operand !== null) {
        const candidate = { value: operand, inclusive: op === '$gte' }
        if (!pred.lower || compareValues(operand, pred.lower.value) > 0) pred.lower = candidate
      }
      return
    case '$lt':
    case '$lte':
      if (isIndexableScalar(operand) && operand !== null) {
        const candidate = { value: operand, inclusive: op === '$lte' }
        if (!pred.upper || compareValues(operand, pred.upper.value) < 0) pred.upper = candidate
      }
      return
    default:
      return
  }
}

/** Range bounds of one field within its type bracket ($gt: 5 spans numbers above 5, never strings). */
export function rangeBounds(
  pred: FieldPredicate,
): { lower: { value: unknown; inclusive: boolean }; upper: { value: unknown; inclusive: boolean } } | null {
  const lowerRank = pred.lower ? typeRank(pred.lower.value) : undefined
  const upperRank = pred.upper ? typeRank(pred.upper.value) : undefined
  if (lowerRank !== undefined && upperRank !== undefined && lowerRank !== upperRank) return null
  const rank = (lowerRank ?? upperRank)!
  return {
    lower: pred.lower ?? { value: new TypeEdge(rank, false), inclusive: true },
    upper: pred.upper ?? { value: new TypeEdge(rank, true), inclusive: true },
  }
}
