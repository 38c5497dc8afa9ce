/** Filter matching, projection and sorting with MongoDB semantics (mingo), plus the checks mingo cannot do. */
import path from 'node:path'
import { Query } from 'mingo/query'
import type { Options } from 'mingo/types'
import type { Doc } from '../codec'
import { CloudError, invalidParam, unsupportedLocally } from '../errors'
import { compareValues, sortValue } from '../store/compare'
import { CLOUD_CONTEXT, jsonSchemaValidator } from './operators'
import type { SortSpec } from './plan'

const GEO_OPERATORS = new Set([
  '$near',
  '$nearSphere',
  '$geoWithin',
  '$geoIntersects',
  '$geoNear',
  '$within',
  '$box',
  '$center',
  '$centerSphere',
  '$polygon',
])
const SCRIPT_OPERATORS = new Set(['$where', '$function', '$accumulator'])

export const MINGO_OPTIONS = {
  scriptEnabled: false,
  useStrictMode: true,
  context: CLOUD_CONTEXT,
  jsonSchemaValidator,
} as const

/**
 * MINGO_OPTIONS as one mingo ComputeOptions, for the Queries the local cloud builds per request. Built from plain
 * options, every `new Query` copies the whole operator table (several hundred entries) into a context of its own —
 * the largest single cost of a filter on one document (measured, docs/performance.md); built from one
 * ComputeOptions they share it (mingo copies only the per-query locals). mingo does not export the class from its
 * package map, hence the file path; should it move, the plain options are used: the same answers, only slower.
 * Not for mingo's updater, which spreads its options into a fresh object (a ComputeOptions would lose its context).
 */
export const QUERY_OPTIONS: Partial<Options> = sharedComputeOptions()

function sharedComputeOptions(): Partial<Options> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- not in mingo's exports map (see above)
    const internal = require(path.join(path.dirname(require.resolve('mingo')), 'core', '_internal.js')) as {
      ComputeOptions?: { init(options: object): Partial<Options> }
    }
    if (typeof internal.ComputeOptions?.init === 'function') return internal.ComputeOptions.init(MINGO_OPTIONS)
  } catch {
    // fall through
  }
  return MINGO_OPTIONS
}

/** Throws the explicit "unsupported locally" error for geo operators, anywhere in a filter or pipeline. */
export function rejectUnsupported(value: unknown, where: string): void {
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof RegExp) return
  if (Array.isArray(value)) {
    for (const item of value) rejectUnsupported(item, where)
    return
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (GEO_OPERATORS.has(key)) throw unsupportedLocally(`Geo query operator ${key} (in ${where})`)
    if (SCRIPT_OPERATORS.has(key))
      throw new CloudError('DATABASE_INVALID_OPERRATOR', `[InvalidParameter] operator ${key} is not allowed`)
    rejectUnsupported(item, where)
  }
}

export type Matcher = (doc: Doc) => boolean

export function compileFilter(filter: Record<string, unknown>): Matcher {
  if (Object.keys(filter).length === 0) return () => true
  rejectUnsupported(filter, 'query')
  let query: Query
  try {
    query = new Query(filter, QUERY_OPTIONS)
  } catch (error) {
    throw new CloudError('DATABASE_INVALID_OPERRATOR', `[InvalidParameter] invalid query: ${(error as Error).message}`)
  }
  return (doc) => query.test(doc)
}

export function parseSort(order: unknown): SortSpec {
  if (order === undefined || order === null) return []
  if (typeof order !== 'object' || Array.isArray(order)) throw invalidParam('order must be an object')
  return Object.entries(order as Record<string, unknown>).map(([path, dir]) => {
    if (dir !== 1 && dir !== -1) throw invalidParam(`order direction for ${path} must be 1 or -1`)
    return [path, dir] as [string, 1 | -1]
  })
}

export function sortDocs(docs: Doc[], sort: SortSpec): Doc[] {
  if (sort.length === 0) return docs
  const keyed = docs.map((doc) => ({ doc, keys: sort.map(([path, dir]) => sortValue(doc, path, dir)) }))
  keyed.sort((a, b) => {
    for (let i = 0; i < sort.length; i++) {
      const c = compareValues(a.keys[i], b.keys[i])
      if (c !== 0) return sort[i]![1] < 0 ? -c : c
    }
    return 0
  })
  return keyed.map((k) => k.doc)
}

export function projectDocs(docs: Doc[], projection: Record<string, unknown> | undefined): Doc[] {
  if (!projection || Object.keys(projection).length === 0 || docs.length === 0) return docs
  try {
    return new Query({}, QUERY_OPTIONS).find(docs, projection).all() as Doc[]
  } catch (error) {
    throw new CloudError(
      'DATABASE_INVALID_OPERRATOR',
      `[InvalidParameter] invalid projection: ${(error as Error).message}`,
    )
  }
}
