/** Document writes as the cloud validates them: ids, field names, the 512 KB limit, update operators. */
import { randomBytes } from 'node:crypto'
import { Context } from 'mingo/core'
import { update as mingoUpdate } from 'mingo/updater'
import { bsonSize, cloneValue, encodeWire, type Doc } from './codec'
import { CloudError, invalidParam, requestFailed } from './errors'
import { MINGO_OPTIONS, rejectUnsupported } from './query/matcher'
import type { DocId } from './store/collection'

export const MAX_DOC_BYTES = 512 * 1024

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$pop',
  '$currentDate',
])

/**
 * Operators that only set, remove or compute values at their paths: applied with them, mingo's updater evaluates no
 * query and no expression, so it is given an empty operator context (it adds the few it uses itself) instead of the
 * cloud's whole table, which it would copy on every update (measured: most of an update's cost). `$push`,
 * `$addToSet`, `$pull`, `$pullAll`, `$pop` (conditions, `$each`/`$sort`) and the positional `$` (the filter) keep
 * the full set.
 */
const PLAIN_OPERATORS = new Set(['$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$currentDate'])
const PLAIN_UPDATE_OPTIONS = { ...MINGO_OPTIONS, context: Context.init() }

let counter = randomBytes(3).readUIntBE(0, 3)

/** A new 32-hex-digit id, shaped like the ones CloudBase generates. */
export function newDocId(): string {
  counter = (counter + 1) % 0xffffff
  const time = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0')
  return `${time}${randomBytes(9).toString('hex')}${counter.toString(16).padStart(6, '0')}`
}

export function checkDocId(id: unknown): DocId {
  if (typeof id === 'string') {
    if (id.length === 0 || id.length > 256)
      throw invalidParam('_id must be a non-empty string of at most 256 characters')
    return id
  }
  if (typeof id === 'number' && Number.isFinite(id)) return id
  if ((id as { _bsontype?: unknown } | null)?._bsontype === 'ObjectId') return id as DocId
  throw invalidParam(`_id must be a string, a number or an ObjectId, got ${id === null ? 'null' : typeof id}`)
}

/**
 * Field names as MongoDB (5.0+, which CloudBase runs) stores them: a name may contain "." (Tencent's own tests insert
 * `'key.'`), but none may start with "$" — that insert fails in the cloud with DATABASE_REQUEST_FAILED.
 */
function checkFieldNames(value: unknown, path: string): void {
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof RegExp) return
  if ((value as { _bsontype?: unknown })._bsontype !== undefined) return
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkFieldNames(item, `${path}[${i}]`))
    return
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (key.startsWith('$'))
      throw requestFailed(`[FailedOperation] Document can't have $ prefixed field names: "${path}${key}"`)
    checkFieldNames(item, `${path}${key}.`)
  }
}

/** Operators that create the path they name; through an array or a scalar MongoDB refuses them. */
const CREATING_OPERATORS = ['$set', '$inc', '$mul', '$min', '$max', '$currentDate', '$push', '$addToSet']

/**
 * MongoDB fails `{ $set: { 'tags.x': 1 } }` on `{ tags: [1, 2] }` ("Cannot create field 'x' in element …") where
 * mingo silently changes nothing; the same for a path continuing below a scalar or null.
 */
function checkCreatablePaths(doc: Doc, modifier: Record<string, unknown>): void {
  for (const op of CREATING_OPERATORS) {
    const fields = modifier[op] as Record<string, unknown> | undefined
    if (!fields) continue
    for (const path of Object.keys(fields)) {
      const parts = path.split('.')
      let container: unknown = doc
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i]!
        if (part.startsWith('$')) break // positional: the updater resolves the element the query matched
        const at = parts.slice(0, i).join('.')
        if (Array.isArray(container)) {
          if (!/^\d+$/.test(part)) cannotCreate(part, at, container)
          container = container[Number(part)]
        } else if (
          container === null ||
          typeof container !== 'object' ||
          container instanceof Date ||
          (container as { _bsontype?: unknown })._bsontype !== undefined
        ) {
          cannotCreate(part, at, container)
        } else container = (container as Record<string, unknown>)[part]
        if (container === undefined) break // the rest of the path is created
      }
    }
  }
}

function cannotCreate(field: string, at: string, element: unknown): never {
  throw requestFailed(`[FailedOperation] Cannot create field '${field}' in element {${at}: ${encodeWire(element)}}`)
}

export function checkSize(doc: Doc): void {
  const size = bsonSize(doc)
  if (size > MAX_DOC_BYTES) {
    throw requestFailed(
      `[LimitExceeded] document ${JSON.stringify(doc._id)} is ${size} bytes; the limit of a CloudBase document is 512 KB (${MAX_DOC_BYTES} bytes)`,
    )
  }
}

/** A document to insert: validated, with an `_id` (generated when absent) as its first field. */
export function prepareInsert(data: unknown): Doc {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || data instanceof Date)
    throw invalidParam('a document must be an object')
  const doc = data as Doc
  checkFieldNames(doc, '')
  const id = doc._id === undefined ? newDocId() : checkDocId(doc._id)
  const withId: Doc = { _id: id, ...doc }
  withId._id = id
  checkSize(withId)
  return withId
}

/** `set()`: the whole document replaced, `_id` kept. */
export function replaceDoc(id: DocId, data: unknown): Doc {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw invalidParam('data must be an object')
  const record = data as Doc
  if (record._id !== undefined && record._id !== id)
    throw invalidParam('不能更新_id的值 (the _id of a document cannot change)')
  checkFieldNames(record, '')
  const { _id: _ignored, ...rest } = record
  const doc: Doc = { _id: id, ...rest }
  checkSize(doc)
  return doc
}

export interface UpdateSpec {
  modifier: Record<string, unknown>
  /** A path uses the positional `$` (`'a.$'`, `'objs.$.x'`): the query decides which element. */
  positional: boolean
  /** Only PLAIN_OPERATORS and no positional path: no query or expression is evaluated. */
  plain: boolean
}

/** Validates an update expression (operators only; plain fields are treated as `$set`, as the SDK does). */
export function parseUpdate(data: unknown): UpdateSpec {
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw invalidParam('update data must be an object')
  const record = data as Record<string, unknown>
  const modifier: Record<string, unknown> = {}
  const plain: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(record)) {
    if (key.startsWith('$')) {
      if (!UPDATE_OPERATORS.has(key))
        throw new CloudError('DATABASE_INVALID_OPERRATOR', `[InvalidParameter] unknown update operator ${key}`)
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw invalidParam(`${key} needs an object of field paths`)
      modifier[key] = value
    } else plain[key] = value
  }
  if (Object.keys(plain).length) modifier.$set = { ...(modifier.$set as object | undefined), ...plain }
  for (const [op, fields] of Object.entries(modifier)) {
    for (const path of Object.keys(fields as object)) {
      if (path === '_id' || path.startsWith('_id.'))
        throw invalidParam('不能更新_id的值 (the _id of a document cannot change)')
      if (op === '$rename' && (fields as Record<string, unknown>)[path] === '_id')
        throw invalidParam('cannot rename a field to _id')
    }
  }
  rejectUnsupported(modifier, 'update')
  const positional = Object.values(modifier).some((fields) =>
    Object.keys(fields as object).some((path) => path.split('.').includes('$')),
  )
  return {
    modifier,
    positional,
    plain: !positional && Object.keys(modifier).every((op) => PLAIN_OPERATORS.has(op)),
  }
}

/**
 * Applies an update to a copy of the document. Returns the new document, or null when nothing changed. `filter` is
 * the query that selected the document (for the positional `$`).
 */
export function applyUpdate(doc: Doc, spec: UpdateSpec, filter: Record<string, unknown> = {}): Doc | null {
  checkCreatablePaths(doc, spec.modifier)
  const copy = cloneValue(doc)
  let changed: string[]
  try {
    changed = mingoUpdate(copy, spec.modifier as never, undefined, spec.positional ? (filter as never) : undefined, {
      cloneMode: 'deep',
      queryOptions: spec.plain ? PLAIN_UPDATE_OPTIONS : MINGO_OPTIONS,
    })
  } catch (error) {
    throw requestFailed(
      `[FailedOperation] cannot apply update to document ${JSON.stringify(doc._id)}: ${(error as Error).message}`,
    )
  }
  if (changed.length === 0) return null
  checkFieldNames(copy, '')
  checkSize(copy)
  return copy
}

/** The document an upsert creates: equality fields of the filter, then the update applied. */
export function upsertSeed(filter: Record<string, unknown>): Doc {
  const seed: Doc = {}
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$') || key.includes('.')) continue
    if (
      value !== null &&
      typeof value === 'object' &&
      !(value instanceof Date) &&
      Object.keys(value).some((k) => k.startsWith('$'))
    )
      continue
    seed[key] = value
  }
  return seed
}
