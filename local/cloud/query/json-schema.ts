/**
 * MongoDB's `$jsonSchema` query operator: JSON Schema draft 4 with `bsonType`, without `integer` for `type`, and
 * without `$ref`, `$schema`, `default`, `definitions`, `format`, `id` (MongoDB refuses those). Keywords this
 * evaluator does not implement fail loudly by name instead of being ignored.
 */
import { isDeepStrictEqual } from 'node:util'

type Schema = Record<string, unknown>
type Check = (value: unknown) => boolean

const REFUSED_BY_MONGODB = new Set(['$ref', '$schema', 'default', 'definitions', 'format', 'id'])
const ANNOTATIONS = new Set(['title', 'description'])

const fail = (message: string): never => {
  throw new Error(`$jsonSchema: ${message}`)
}

const isDoc = (v: unknown): v is Record<string, unknown> =>
  v !== null &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  !(v instanceof Date) &&
  !(v instanceof RegExp) &&
  (v as { _bsontype?: unknown })._bsontype === undefined

const bsonTypeName = (v: unknown): string => (v as { _bsontype?: string })._bsontype ?? ''

const BSON_TYPES: Record<string, Check> = {
  double: (v) => typeof v === 'number' && !Number.isInteger(v),
  string: (v) => typeof v === 'string',
  object: isDoc,
  array: Array.isArray,
  binData: (v) => bsonTypeName(v) === 'Binary',
  objectId: (v) => bsonTypeName(v) === 'ObjectId',
  bool: (v) => typeof v === 'boolean',
  date: (v) => v instanceof Date,
  null: (v) => v === null,
  regex: (v) => v instanceof RegExp || bsonTypeName(v) === 'BSONRegExp',
  int: (v) => typeof v === 'number' && Number.isInteger(v),
  long: (v) => (typeof v === 'number' && Number.isInteger(v)) || bsonTypeName(v) === 'Long',
  decimal: (v) => bsonTypeName(v) === 'Decimal128',
  timestamp: (v) => bsonTypeName(v) === 'Timestamp',
  minKey: (v) => bsonTypeName(v) === 'MinKey',
  maxKey: (v) => bsonTypeName(v) === 'MaxKey',
  number: (v) => typeof v === 'number' || ['Long', 'Decimal128', 'Double', 'Int32'].includes(bsonTypeName(v)),
}

const JSON_TYPES: Record<string, Check> = {
  object: isDoc,
  array: Array.isArray,
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  string: (v) => typeof v === 'string',
  null: (v) => v === null,
}

const names = (value: unknown, keyword: string): string[] => {
  const list = Array.isArray(value) ? value : [value]
  if (!list.every((n) => typeof n === 'string')) fail(`${keyword} must be a string or an array of strings`)
  return list as string[]
}

const typeCheck = (value: unknown, table: Record<string, Check>, keyword: string): Check => {
  const checks = names(value, keyword).map((n) => table[n] ?? fail(`unknown ${keyword} "${n}"`))
  return (v) => checks.some((c) => c(v))
}

const num = (schema: Schema, keyword: string): number => {
  const n = schema[keyword]
  if (typeof n !== 'number') fail(`${keyword} must be a number`)
  return n as number
}

const schemaList = (value: unknown, keyword: string): Check[] => {
  if (!Array.isArray(value) || value.length === 0) fail(`${keyword} must be a non-empty array of schemas`)
  return (value as unknown[]).map((s) => compile(s))
}

function compile(schema: unknown): Check {
  if (!isDoc(schema)) return fail('a schema must be an object')
  const checks: Check[] = []
  let properties: Record<string, Check> = {}
  let patterns: Array<[RegExp, Check]> = []
  let additional: Check | boolean | undefined
  for (const [keyword, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue
    if (REFUSED_BY_MONGODB.has(keyword)) fail(`keyword ${keyword} is not supported (MongoDB refuses it)`)
    switch (keyword) {
      case 'bsonType':
        checks.push(typeCheck(value, BSON_TYPES, 'bsonType'))
        break
      case 'type':
        checks.push(typeCheck(value, JSON_TYPES, 'type'))
        break
      case 'enum': {
        if (!Array.isArray(value) || value.length === 0) fail('enum must be a non-empty array')
        checks.push((v) => (value as unknown[]).some((e) => isDeepStrictEqual(e, v)))
        break
      }
      case 'allOf': {
        const all = schemaList(value, keyword)
        checks.push((v) => all.every((c) => c(v)))
        break
      }
      case 'anyOf': {
        const any = schemaList(value, keyword)
        checks.push((v) => any.some((c) => c(v)))
        break
      }
      case 'oneOf': {
        const one = schemaList(value, keyword)
        checks.push((v) => one.filter((c) => c(v)).length === 1)
        break
      }
      case 'not': {
        const inner = compile(value)
        checks.push((v) => !inner(v))
        break
      }
      case 'multipleOf': {
        const m = num(schema, keyword)
        checks.push((v) => typeof v !== 'number' || Number.isInteger(v / m))
        break
      }
      case 'maximum': {
        const max = num(schema, keyword)
        const exclusive = schema.exclusiveMaximum === true
        checks.push((v) => typeof v !== 'number' || (exclusive ? v < max : v <= max))
        break
      }
      case 'minimum': {
        const min = num(schema, keyword)
        const exclusive = schema.exclusiveMinimum === true
        checks.push((v) => typeof v !== 'number' || (exclusive ? v > min : v >= min))
        break
      }
      case 'exclusiveMaximum':
      case 'exclusiveMinimum':
        if (typeof value !== 'boolean') fail(`${keyword} must be a boolean (draft 4)`)
        break
      case 'maxLength':
      case 'minLength': {
        const n = num(schema, keyword)
        const max = keyword === 'maxLength'
        checks.push((v) => typeof v !== 'string' || (max ? [...v].length <= n : [...v].length >= n))
        break
      }
      case 'pattern': {
        if (typeof value !== 'string') fail('pattern must be a string')
        const re = new RegExp(value as string, 'u')
        checks.push((v) => typeof v !== 'string' || re.test(v))
        break
      }
      case 'maxProperties':
      case 'minProperties': {
        const n = num(schema, keyword)
        const max = keyword === 'maxProperties'
        checks.push((v) => !isDoc(v) || (max ? Object.keys(v).length <= n : Object.keys(v).length >= n))
        break
      }
      case 'required': {
        const fields = names(value, keyword)
        checks.push((v) => !isDoc(v) || fields.every((f) => Object.prototype.hasOwnProperty.call(v, f)))
        break
      }
      case 'properties':
        if (!isDoc(value)) fail('properties must be an object')
        properties = Object.fromEntries(Object.entries(value as Schema).map(([k, s]) => [k, compile(s)]))
        break
      case 'patternProperties':
        if (!isDoc(value)) fail('patternProperties must be an object')
        patterns = Object.entries(value as Schema).map(([p, s]) => [new RegExp(p, 'u'), compile(s)])
        break
      case 'additionalProperties':
        additional = typeof value === 'boolean' ? value : compile(value)
        break
      case 'items': {
        if (Array.isArray(value)) {
          const tuple = value.map((s) => compile(s))
          checks.push((v) => !Array.isArray(v) || tuple.every((c, i) => i >= v.length || c(v[i])))
        } else {
          const each = compile(value)
          checks.push((v) => !Array.isArray(v) || v.every(each))
        }
        break
      }
      case 'maxItems':
      case 'minItems': {
        const n = num(schema, keyword)
        const max = keyword === 'maxItems'
        checks.push((v) => !Array.isArray(v) || (max ? v.length <= n : v.length >= n))
        break
      }
      case 'uniqueItems':
        if (value === true)
          checks.push((v) => !Array.isArray(v) || v.every((a, i) => v.findIndex((b) => isDeepStrictEqual(a, b)) === i))
        break
      default:
        fail(`keyword ${keyword} is not supported by the local CloudBase emulator`)
    }
  }
  if (Object.keys(properties).length || patterns.length || additional !== undefined) {
    checks.push((v) => {
      if (!isDoc(v)) return true
      for (const [key, item] of Object.entries(v)) {
        let covered = false
        const own = properties[key]
        if (own) {
          covered = true
          if (!own(item)) return false
        }
        for (const [re, check] of patterns)
          if (re.test(key)) {
            covered = true
            if (!check(item)) return false
          }
        if (!covered && additional !== undefined) {
          if (additional === false) return false
          if (typeof additional === 'function' && !additional(item)) return false
        }
      }
      return true
    })
  }
  return (v) => checks.every((c) => c(v))
}

export function compileJsonSchema(schema: Schema): (doc: Record<string, unknown>) => boolean {
  return compile(schema)
}
