/**
 * The operator set the local cloud evaluates with: mingo's (7.2.7, the newest release — none of the fixes below is
 * upstream yet), with the operators where mingo answers differently from MongoDB replaced, and the ones it lacks
 * added. Each replacement is covered by test/localcloud/operators.test.ts.
 *
 * - `$elemMatch` with field criteria (`{ tags: { $elemMatch: { value: … } } }`) only considers elements that are
 *   documents; mingo also tested scalar elements against it.
 * - `$week`: weeks start on Sunday, days before the year's first Sunday are week 0 (mingo was one too high).
 * - `$substr` / `$substrBytes`: a negative length means "to the end of the string" (mingo refused it).
 * - `$indexOfCP`: added (code-point index).
 * - `$indexOfBytes`: a UTF-8 byte index (mingo answered the UTF-16 index: 2 instead of 6 for '会' in '村委会议').
 * - `$jsonSchema`: evaluated by ./json-schema.ts (mingo needs a validator plugged in).
 * - `$bucket`: a value equal to a boundary belongs to the bucket that boundary opens (mingo put it in the one below).
 */
import { Context, evalExpr } from 'mingo/core'
import * as accumulatorOperators from 'mingo/operators/accumulator'
import * as expressionOperators from 'mingo/operators/expression'
import * as pipelineOperators from 'mingo/operators/pipeline'
import * as projectionOperators from 'mingo/operators/projection'
import * as queryOperators from 'mingo/operators/query'
import * as windowOperators from 'mingo/operators/window'
import { Lazy, type Iterator } from 'mingo/lazy'
import { compare, findInsertIndex, isArray, isNil, isObject, isOperator, resolve, typeOf } from 'mingo/util'
import { Query } from 'mingo/query'
import type { Options } from 'mingo/types'
import { compileJsonSchema } from './json-schema'

type AnyObject = Record<string, unknown>
type QueryOperator = (selector: string, value: unknown, options: Options) => (obj: AnyObject) => boolean
type ExpressionOperator = (obj: AnyObject, expr: unknown, options: Options) => unknown

const fail = (message: string): never => {
  throw new Error(message)
}

const $elemMatch: QueryOperator = (selector, criteria, options) => {
  if (!isObject(criteria)) fail('$elemMatch needs an object')
  const keys = Object.keys(criteria as AnyObject)
  // Only operators ({ $gt: 2 }): each element itself is tested. Field criteria: only documents can match.
  const onValue = keys.length > 0 && keys.every((k) => isOperator(k) && !['$and', '$or', '$nor'].includes(k))
  const query = new Query(onValue ? { field: criteria } : (criteria as AnyObject), options)
  const test = onValue
    ? (v: unknown) => query.test({ field: v })
    : keys.length === 0
      ? (v: unknown) => isObject(v)
      : (v: unknown) => isObject(v) && query.test(v as AnyObject)
  return (obj) => {
    const values = resolve(obj, selector, { unwrapArray: true })
    return isArray(values) && values.some(test)
  }
}

const dayOfWeek = (expressionOperators as unknown as Record<string, ExpressionOperator>).$dayOfWeek!
const dayOfYear = (expressionOperators as unknown as Record<string, ExpressionOperator>).$dayOfYear!
const substrBytes = (expressionOperators as unknown as Record<string, ExpressionOperator>).$substrBytes!

/** MongoDB's %U week: Sunday-based, week 0 before the year's first Sunday. Timezone handling is mingo's. */
const $week: ExpressionOperator = (obj, expr, options) => {
  const weekday = dayOfWeek(obj, expr, options) as number | null // 1 = Sunday
  const yearDay = dayOfYear(obj, expr, options) as number | null // 1 = 1 January
  if (isNil(weekday) || isNil(yearDay)) return null
  const firstWeekday = ((((weekday as number) - 1 - ((yearDay as number) - 1)) % 7) + 7) % 7 // of 1 January, 0 = Sunday
  const firstSunday = 1 + ((7 - firstWeekday) % 7)
  return (yearDay as number) < firstSunday ? 0 : Math.floor(((yearDay as number) - firstSunday) / 7) + 1
}

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8')

const substrToEnd =
  (name: string): ExpressionOperator =>
  (obj, expr, options) => {
    if (!isArray(expr) || expr.length !== 3) fail(`${name} expects an array of 3: [string, start, length]`)
    const [s, index, count] = evalExpr(obj, expr, options) as [unknown, unknown, unknown]
    const rest = typeof s === 'string' && typeof index === 'number' ? Math.max(0, utf8Length(s) - index) : count
    const length = typeof count === 'number' && count < 0 ? rest : count
    return substrBytes(obj, [{ $literal: s }, index, length], options)
  }

const $indexOfCP: ExpressionOperator = (obj, expr, options) => {
  if (!isArray(expr) || expr.length < 2 || expr.length > 4) fail('$indexOfCP expects [string, substring, start?, end?]')
  const [s, sub, start, end] = evalExpr(obj, expr, options) as [unknown, unknown, unknown, unknown]
  if (isNil(s)) return null
  if (typeof s !== 'string') fail('$indexOfCP requires a string as its first argument')
  if (typeof sub !== 'string') fail('$indexOfCP requires a string as its second argument')
  for (const bound of [start, end])
    if (bound !== undefined && (typeof bound !== 'number' || !Number.isInteger(bound) || bound < 0))
      fail('$indexOfCP start and end must be non-negative integers')
  const points = Array.from(s as string)
  const needle = Array.from(sub as string)
  const from = (start as number | undefined) ?? 0
  const to = Math.min((end as number | undefined) ?? points.length, points.length)
  for (let i = from; i + needle.length <= to; i++) {
    let found = true
    for (let j = 0; j < needle.length && found; j++) found = points[i + j] === needle[j]
    if (found) return i
  }
  return -1
}

/** mingo's $bucket with the boundary fix: [b_i, b_i+1) — a value equal to b_i goes to bucket b_i. */
const $bucket = (coll: Iterator, expr: AnyObject, options: Options): Iterator => {
  const bounds = isArray(expr.boundaries) ? [...(expr.boundaries as unknown[])] : fail('$bucket needs boundaries')
  const defaultKey = expr.default
  const lower = bounds[0]
  const upper = bounds[bounds.length - 1]
  const outputExpr = expr.output ?? { count: { $sum: 1 } }
  if (bounds.length < 2) fail('$bucket: must specify at least two boundaries')
  if (!bounds.every((v, i) => i === 0 || (typeOf(v) === typeOf(bounds[i - 1]) && compare(v, bounds[i - 1]) > 0)))
    fail('$bucket: boundaries must be of the same type and in ascending order')
  if (
    !isNil(defaultKey) &&
    typeOf(defaultKey) === typeOf(lower) &&
    compare(defaultKey, lower) >= 0 &&
    compare(defaultKey, upper) < 0
  )
    fail("$bucket: the 'default' value must be less than the lowest boundary or at least the highest one")
  const createBuckets = (): Iterator => {
    const buckets = new Map<unknown, AnyObject[]>()
    for (let i = 0; i < bounds.length - 1; i++) buckets.set(bounds[i], [])
    if (!isNil(defaultKey)) buckets.set(defaultKey, [])
    coll.each((obj) => {
      const key = evalExpr(obj as AnyObject, expr.groupBy, options)
      if (isNil(key) || typeOf(key) !== typeOf(lower) || compare(key, lower) < 0 || compare(key, upper) >= 0) {
        if (isNil(defaultKey))
          fail('$bucket: a groupBy value falls outside the boundaries and no default was specified')
        buckets.get(defaultKey)!.push(obj as AnyObject)
      } else {
        const index = findInsertIndex(bounds, key)
        const bound = compare(bounds[index], key) === 0 ? bounds[index] : bounds[index - 1]
        buckets.get(bound)!.push(obj as AnyObject)
      }
    })
    const keys = bounds.slice(0, -1)
    if (!isNil(defaultKey) && buckets.get(defaultKey)!.length) keys.push(defaultKey)
    return Lazy(keys).map((key) => ({
      ...(evalExpr(buckets.get(key) as never, outputExpr, options) as AnyObject),
      _id: key,
    }))
  }
  let iterator: Iterator | undefined
  return Lazy(() => {
    if (!iterator) iterator = createBuckets()
    return iterator.next()
  })
}

const $indexOfBytes: ExpressionOperator = (obj, expr, options) => {
  if (!isArray(expr) || expr.length < 2 || expr.length > 4)
    fail('$indexOfBytes expects [string, substring, start?, end?]')
  const [s, sub, start, end] = evalExpr(obj, expr, options) as [unknown, unknown, unknown, unknown]
  if (isNil(s)) return null
  if (typeof s !== 'string') fail('$indexOfBytes requires a string as its first argument')
  if (typeof sub !== 'string') fail('$indexOfBytes requires a string as its second argument')
  for (const bound of [start, end])
    if (bound !== undefined && (typeof bound !== 'number' || !Number.isInteger(bound) || bound < 0))
      fail('$indexOfBytes start and end must be non-negative integers')
  const bytes = Buffer.from(s as string, 'utf8')
  const needle = Buffer.from(sub as string, 'utf8')
  const from = (start as number | undefined) ?? 0
  const to = Math.min((end as number | undefined) ?? bytes.length, bytes.length)
  if (from > to) return -1
  const found = bytes.subarray(0, to).indexOf(needle, from)
  return found === -1 || found + needle.length > to ? -1 : found
}

export const CLOUD_CONTEXT = Context.init({
  accumulator: accumulatorOperators as never,
  expression: {
    ...(expressionOperators as AnyObject),
    $week,
    $substr: substrToEnd('$substr'),
    $substrBytes: substrToEnd('$substrBytes'),
    $indexOfCP,
    $indexOfBytes,
  } as never,
  pipeline: { ...(pipelineOperators as AnyObject), $bucket } as never,
  projection: projectionOperators as never,
  query: { ...(queryOperators as AnyObject), $elemMatch } as never,
  window: windowOperators as never,
})

export const jsonSchemaValidator = (schema: AnyObject): ((obj: AnyObject) => boolean) => compileJsonSchema(schema)
