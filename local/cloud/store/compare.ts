/**
 * Total order over values as MongoDB sorts them: by type bracket first (null < numbers < strings < objects <
 * arrays < binary < ObjectId < booleans < dates < regexes), then by value. Used by indexes and orderBy.
 */
export class TypeEdge {
  /** A bound just below (`high = false`) or just above every value of one type bracket. */
  constructor(
    readonly rank: number,
    readonly high: boolean,
  ) {}
}

export const MIN_KEY = new TypeEdge(-1, false)
export const MAX_KEY = new TypeEdge(100, true)

export const RANK = {
  null: 1,
  number: 2,
  string: 3,
  object: 4,
  array: 5,
  binary: 6,
  objectId: 7,
  boolean: 8,
  date: 9,
  regex: 11,
  other: 12,
} as const

export function typeRank(value: unknown): number {
  if (value === null || value === undefined) return RANK.null
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return RANK.number
    case 'string':
      return RANK.string
    case 'boolean':
      return RANK.boolean
    case 'object':
      break
    default:
      return RANK.other
  }
  if (value instanceof Date) return RANK.date
  if (Array.isArray(value)) return RANK.array
  if (value instanceof RegExp) return RANK.regex
  const bsontype = (value as { _bsontype?: string })._bsontype
  if (bsontype === undefined) return RANK.object
  if (bsontype === 'ObjectId') return RANK.objectId
  if (bsontype === 'Binary') return RANK.binary
  if (bsontype === 'BSONRegExp') return RANK.regex
  if (bsontype === 'Long' || bsontype === 'Int32' || bsontype === 'Double' || bsontype === 'Decimal128')
    return RANK.number
  return RANK.other
}

function numeric(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  const maybe = value as { toNumber?: () => number; valueOf: () => unknown }
  if (typeof maybe.toNumber === 'function') return maybe.toNumber()
  return Number(maybe.valueOf())
}

export function compareValues(a: unknown, b: unknown): number {
  // Fast paths for the common index components.
  const ta = typeof a
  if (ta === typeof b) {
    if (ta === 'string') return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0
    if (ta === 'number' && a === a && b === b)
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0
  }
  if (a instanceof TypeEdge || b instanceof TypeEdge) return compareWithEdge(a, b)
  const ra = typeRank(a)
  const rb = typeRank(b)
  if (ra !== rb) return ra < rb ? -1 : 1
  switch (ra) {
    case RANK.null:
      return 0
    case RANK.number: {
      const x = numeric(a)
      const y = numeric(b)
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1
      return x < y ? -1 : x > y ? 1 : 0
    }
    case RANK.string:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0
    case RANK.boolean:
      return a === b ? 0 : a ? 1 : -1
    case RANK.date: {
      const x = (a as Date).getTime()
      const y = (b as Date).getTime()
      return x < y ? -1 : x > y ? 1 : 0
    }
    case RANK.array:
      return compareArrays(a as unknown[], b as unknown[])
    case RANK.object:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>)
    default: {
      const x = String(a)
      const y = String(b)
      return x < y ? -1 : x > y ? 1 : 0
    }
  }
}

function compareWithEdge(a: unknown, b: unknown): number {
  const ea = a instanceof TypeEdge ? a : undefined
  const eb = b instanceof TypeEdge ? b : undefined
  const ra = ea ? ea.rank : typeRank(a)
  const rb = eb ? eb.rank : typeRank(b)
  if (ra !== rb) return ra < rb ? -1 : 1
  const sa = ea ? (ea.high ? 1 : -1) : 0
  const sb = eb ? (eb.high ? 1 : -1) : 0
  return sa === sb ? 0 : sa < sb ? -1 : 1
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i])
    if (c !== 0) return c
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  const n = Math.min(ka.length, kb.length)
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[ka[i]!], b[kb[i]!])
    if (c !== 0) return c
    if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1
  }
  return ka.length === kb.length ? 0 : ka.length < kb.length ? -1 : 1
}

/** Compares two keys (arrays of components) over the first `length` components, each with its direction. */
export function compareKeys(
  a: readonly unknown[],
  b: readonly unknown[],
  directions: readonly number[],
  length = Math.min(a.length, b.length),
): number {
  for (let i = 0; i < length; i++) {
    const c = compareValues(a[i], b[i])
    if (c !== 0) return (directions[i] ?? 1) < 0 ? -c : c
  }
  return 0
}

/** Reads a dotted path; arrays along the way are traversed (multikey), returning every value reached. */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const out: unknown[] = []
  collect(doc, path.split('.'), 0, out)
  return out
}

function collect(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(undefined)
      else for (const item of value) out.push(item)
    } else out.push(value)
    return
  }
  if (value === null || value === undefined || typeof value !== 'object' || value instanceof Date) {
    out.push(undefined)
    return
  }
  if (Array.isArray(value)) {
    const key = parts[i]!
    if (/^\d+$/.test(key)) {
      collect(value[Number(key)], parts, i + 1, out)
      return
    }
    if (value.length === 0) out.push(undefined)
    for (const item of value) collect(item, parts, i, out)
    return
  }
  collect((value as Record<string, unknown>)[parts[i]!], parts, i + 1, out)
}

/** Value used to sort a document by a path (first value reached; arrays sort by their smallest element ascending). */
export function sortValue(doc: unknown, path: string, direction: number): unknown {
  const values = valuesAtPath(doc, path)
  if (values.length <= 1) return values[0]
  let best = values[0]
  for (const v of values) {
    const c = compareValues(v, best)
    if (direction >= 0 ? c < 0 : c > 0) best = v
  }
  return best
}
