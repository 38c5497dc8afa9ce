/**
 * fast-check arbitraries generated from an action's zod input schema (zod 4), for the property tests of
 * test/functions/fuzz.test.ts:
 *
 * - `validInput(schema, hints)`: values that (mostly) pass the schema, so the handler itself runs — ids are drawn
 *   from the fixture's records of the caller's own village, of other villages and of nothing at all;
 * - `adversarialInput(schema, hints)`: a valid value with one place (a field, an array item, the root) replaced
 *   by something hostile, or an extra hostile key: wrong types, huge strings, deep objects, NoSQL operators,
 *   prototype-pollution keys, invalid dates, negative money, other villages' ids.
 *
 * The walk reads zod's own definition (`schema._zod.def`, and `_zod.bag` for lengths, bounds and patterns), so a
 * new action or a changed schema is covered without touching this file.
 */
import fc from 'fast-check'
import type { z } from 'zod'
import { C } from '../../cloudfunctions/_lib/collections'

type Schema = z.ZodType
type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export interface Hints {
  /** Values for a field named exactly so (`villageId`, `townshipId`, …), tried first. */
  byKey: Record<string, readonly string[]>
  /** Every document id of the fixture (own and other villages'), for any other `…Id` field. */
  ids: readonly string[]
  /** Strings tried for any string field before random ones (dates, months, codes the app uses). */
  strings: readonly string[]
}

interface Def {
  type: string
  [k: string]: unknown
}
const defOf = (s: Schema) => (s as unknown as { _zod: { def: Def; bag: Record<string, unknown> } })._zod.def
const bagOf = (s: Schema) => (s as unknown as { _zod: { bag: Record<string, unknown> } })._zod.bag ?? {}

const passes = (s: Schema, v: unknown) => s.safeParse(v).success

function stringArb(schema: Schema, key: string, hints: Hints): fc.Arbitrary<string> {
  const bag = bagOf(schema)
  const min = typeof bag.minimum === 'number' ? bag.minimum : 0
  const max = typeof bag.maximum === 'number' ? Math.min(bag.maximum, 400) : 60
  const patterns = bag.patterns instanceof Set ? [...(bag.patterns as Set<RegExp>)] : []
  const keyed = (hints.byKey[key] ?? (/Id$/.test(key) ? hints.ids : [])).filter((v) => passes(schema, v))
  const known = hints.strings.filter((v) => passes(schema, v))
  const options: fc.Arbitrary<string>[] = []
  if (keyed.length) options.push(fc.constantFrom(...keyed), fc.constantFrom(...keyed))
  if (known.length) options.push(fc.constantFrom(...known))
  if (patterns.length === 1) {
    options.push(fc.stringMatching(patterns[0]!, { size: 'xsmall' }).map((s) => s.slice(0, Math.max(max, min))))
  } else if (patterns.length === 0) {
    const unit = fc.constantFrom(...'村民党员网格报备事项abcXYZ 0123456789-_.，。')
    options.push(fc.string({ unit, minLength: min, maxLength: Math.max(min, Math.min(max, 40)) }))
  }
  if (options.length === 0) options.push(fc.constant('x'.repeat(Math.max(min, 1))))
  return fc.oneof(...options)
}

function numberArb(schema: Schema): fc.Arbitrary<number> {
  const bag = bagOf(schema)
  const isInt = bag.format === 'safeint' || bag.format === 'int32' || bag.format === 'uint32'
  let min = typeof bag.minimum === 'number' ? bag.minimum : -1e6
  let max = typeof bag.maximum === 'number' ? bag.maximum : 1e6
  if (typeof bag.exclusiveMinimum === 'number') min = Math.max(min, bag.exclusiveMinimum + (isInt ? 1 : 1e-6))
  if (typeof bag.exclusiveMaximum === 'number') max = Math.min(max, bag.exclusiveMaximum - (isInt ? 1 : 1e-6))
  min = Math.max(min, -1e9)
  max = Math.min(max, 1e9)
  if (min > max) return fc.constant(min)
  const step = typeof bag.multipleOf === 'number' ? bag.multipleOf : undefined
  if (step) return fc.integer({ min: Math.ceil(min / step), max: Math.floor(max / step) }).map((n) => n * step)
  const edges = fc.constantFrom(min, max, Math.max(min, Math.min(max, 0)), Math.max(min, Math.min(max, 1)))
  if (isInt) return fc.oneof(edges, fc.integer({ min: Math.ceil(min), max: Math.floor(max) }))
  return fc.oneof(edges, fc.double({ min, max, noNaN: true, noDefaultInfinity: true }))
}

/** Values the schema (mostly) accepts. `key` is the field name the schema sits under (for id hints). */
export function validInput(schema: Schema, hints: Hints, key = '', depth = 0): fc.Arbitrary<Json | undefined> {
  const def = defOf(schema)
  if (depth > 12) return fc.constant(null)
  switch (def.type) {
    case 'string':
      return stringArb(schema, key, hints)
    case 'number':
      return numberArb(schema)
    case 'bigint':
      return fc.integer({ min: 0, max: 1000 })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'undefined':
    case 'void':
    case 'never':
      return fc.constant(undefined)
    case 'any':
    case 'unknown':
      return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>
    case 'enum':
      return fc.constantFrom(...(Object.values(def.entries as Record<string, string>) as Json[]))
    case 'literal':
      return fc.constantFrom(...(def.values as Json[]))
    case 'date':
      return fc.constant(new Date().toISOString())
    case 'optional':
      return fc.option(validInput(def.innerType as Schema, hints, key, depth + 1), { nil: undefined, freq: 3 })
    case 'nullable':
      return fc.option(validInput(def.innerType as Schema, hints, key, depth + 1), { nil: null, freq: 4 })
    case 'default':
    case 'prefault':
      return fc.option(validInput(def.innerType as Schema, hints, key, depth + 1), { nil: undefined, freq: 2 })
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return validInput(def.innerType as Schema, hints, key, depth + 1)
    case 'pipe':
      return validInput(def.in as Schema, hints, key, depth + 1)
    case 'lazy':
      return validInput((def.getter as () => Schema)(), hints, key, depth + 1)
    case 'union':
      return fc.oneof(...(def.options as Schema[]).map((o) => validInput(o, hints, key, depth + 1)))
    case 'array': {
      const bag = bagOf(schema)
      const minLength = typeof bag.minimum === 'number' ? bag.minimum : typeof bag.length === 'number' ? bag.length : 0
      const maxLength = Math.max(
        minLength,
        Math.min(typeof bag.maximum === 'number' ? bag.maximum : 4, typeof bag.length === 'number' ? bag.length : 4),
      )
      return fc.array(validInput(def.element as Schema, hints, key.replace(/s$/, ''), depth + 1), {
        minLength,
        maxLength,
      }) as fc.Arbitrary<Json>
    }
    case 'tuple':
      return fc.tuple(...(def.items as Schema[]).map((o) => validInput(o, hints, key, depth + 1))) as fc.Arbitrary<Json>
    case 'record':
      return fc.dictionary(
        validInput(def.keyType as Schema, hints, '', depth + 1).map((k) => String(k)),
        validInput(def.valueType as Schema, hints, '', depth + 1),
        { maxKeys: 3 },
      ) as fc.Arbitrary<Json>
    case 'object': {
      const shape = def.shape as Record<string, Schema>
      const fields: Record<string, fc.Arbitrary<Json | undefined>> = {}
      for (const [k, v] of Object.entries(shape)) fields[k] = validInput(v, hints, k, depth + 1)
      return fc.record(fields).map((o) => {
        const out: Record<string, Json> = {}
        for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v
        return out
      })
    }
    default:
      // A zod type this walk does not know yet: anything JSON (the adversarial half covers it anyway).
      return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>
  }
}

/** Builds an object whose own key is `__proto__` (as JSON.parse does for an incoming event). */
const protoKey = (value: Json): Json => JSON.parse(`{"__proto__": ${JSON.stringify(value)}}`) as Json

function deep(levels: number, array: boolean): Json {
  let value: Json = 'bottom'
  for (let i = 0; i < levels; i++) value = array ? [value] : { a: value }
  return value
}

/** One hostile value, of any kind. */
export function hostileValue(hints: Hints): fc.Arbitrary<Json> {
  const foreign = hints.ids.filter((id) => !/^v1\b|^v1-/.test(id))
  return fc.oneof(
    // NoSQL operator injection
    fc.constantFrom<Json>(
      { $ne: null },
      { $gt: '' },
      { $regex: '.*' },
      { $where: 'function () { return true }' },
      { $exists: true },
      { $in: ['v1', 'v2', 'v3'] },
      { $nin: [] },
      { _id: { $ne: null } },
      ['$ne', null],
      { $expr: { $eq: [1, 1] } },
    ),
    // prototype pollution
    fc.constantFrom<Json>(
      protoKey({ polluted: 'yes', roles: ['county_organiser'] }),
      { constructor: { prototype: { polluted: 'yes' } } },
      protoKey({ villageId: 'v3' }),
    ),
    // wrong types and edge numbers
    fc.constantFrom<Json>(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      -0.01,
      1e308,
      -1e308,
      9007199254740992 + 1, // beyond Number.MAX_SAFE_INTEGER
      '',
      ' ',
      '0',
      'null',
      'undefined',
      [],
      {},
      [null],
      [[]],
    ),
    // negative money and absurd counts
    fc.constantFrom<Json>(-1, -100, -3000000, -9007199254740991, 2 ** 53, 1e21),
    // invalid dates and months
    fc.constantFrom<Json>(
      '2026-02-30',
      '2026-13-01',
      '2026-00-10',
      '0000-00-00',
      '9999-99-99T99:99:99Z',
      'not a date',
      '2026-3-2',
      '2026-03',
      '1970-01-01T00:00:00.000Z',
      '2026-03-02T02:00:00+99:00',
      '2026-13',
    ),
    // other villages' ids and ids that are not ids
    fc.constantFrom<Json>(...(foreign.length ? foreign : ['v3'])),
    fc.constantFrom<Json>(
      '../../secrets',
      C.secrets,
      'rotating-code',
      '$where',
      '.',
      '\u0000',
      'a\u0000b',
      '<script>alert(1)</script>',
      "'; db.dropDatabase(); '",
      '\u202e反转',
      '🙂'.repeat(30),
    ),
    // huge strings, deep and wide structures
    fc.constantFrom<Json>('x'.repeat(100_000), '数'.repeat(30_000), deep(200, false), deep(200, true)),
    fc.constant<Json>(Array.from({ length: 2000 }, (_, i) => i)),
    fc.constant<Json>(Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]))),
    // random JSON
    fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  )
}

type Path = (string | number)[]

function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix)
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out))
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out)
  return out
}

function objectPathsOf(value: Json): Path[] {
  return pathsOf(value).filter((p) => {
    const v = p.reduce<Json>((acc, k) => (acc as Record<string, Json>)[k as string] as Json, value)
    return v !== null && typeof v === 'object' && !Array.isArray(v)
  })
}

function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value
  const copy = JSON.parse(JSON.stringify(root)) as Json
  let cur = copy as Record<string | number, Json>
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, Json>
  cur[path[path.length - 1]!] = value
  return copy
}

/** The place schema keys of an object: fields a handler might spread, filter on or copy into a record. */
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '$where',
  '$ne',
  '_id',
  '_openid',
  'villageId',
  'townshipId',
  'roles',
  'openid',
  'createdAt',
]

export interface Mutation {
  kind: 'replace' | 'extra-key' | 'root'
  path: string
  value: Json
}

/** A valid input with one hostile change, and a description of the change (for the failure report). */
export function adversarialInput(schema: Schema, hints: Hints): fc.Arbitrary<{ input: Json; mutation: Mutation }> {
  const base = validInput(schema, hints).map((v) => (v === undefined ? {} : v) as Json)
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.tuple(base, fc.nat(), hostileValue(hints)).map(([input, pick, value]) => {
        const paths = pathsOf(input)
        const path = paths[pick % paths.length]!
        return {
          input: setAt(input, path, value),
          mutation: { kind: 'replace' as const, path: path.join('.') || '(root)', value },
        }
      }),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(base, fc.nat(), fc.constantFrom(...HOSTILE_KEYS), hostileValue(hints))
        .map(([input, pick, key, value]) => {
          const paths = objectPathsOf(input)
          if (paths.length === 0) return { input: value, mutation: { kind: 'root' as const, path: '(root)', value } }
          const path = paths[pick % paths.length]!
          const target = path.reduce<Json>(
            (acc, k) => (acc as Record<string, Json>)[k as string] as Json,
            input,
          ) as Record<string, Json>
          const extended = JSON.parse(
            `{${Object.entries(target)
              .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
              .concat(`${JSON.stringify(key)}:${JSON.stringify(value)}`)
              .join(',')}}`,
          ) as Json
          return {
            input: setAt(input, path, extended),
            mutation: { kind: 'extra-key' as const, path: [...path, key].join('.'), value },
          }
        }),
    },
    {
      weight: 1,
      arbitrary: hostileValue(hints).map((value) => ({
        input: value,
        mutation: { kind: 'root' as const, path: '(root)', value },
      })),
    },
  )
}
