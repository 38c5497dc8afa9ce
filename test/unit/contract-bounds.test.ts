/**
 * Bounded cost and clean text for every action input (issue 21, findings 4 and 7): every string and array an action
 * takes is capped and every text field goes through the one `text()` helper of common/schema.ts; an oversized array
 * is refused before any of its elements is looked at, and a validation reply stays small.
 */
import { contracts } from '../../common/contracts'
import {
  boundedRecord,
  describeIssues,
  isNormalisedText,
  MAX_REPORTED_ISSUES,
  maxEntries,
  maxItems,
  parseInput,
  TEXT_HARD_MAX,
  z,
} from '../../common/schema'

type Segment = string | number | '[]'
interface Leaf {
  action: string
  kind: 'string' | 'array' | 'other'
  type: string
  schema: z.ZodType
  path: Segment[]
}

const WRAPPERS = ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']

/** Every string, array and value of an unbounded type in a schema, with the path to it. */
function leaves(action: string, schema: z.ZodType, path: Segment[] = [], out: Leaf[] = []): Leaf[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string }
  const inner = (key: string) => def[key] as z.ZodType
  if (WRAPPERS.includes(def.type)) return leaves(action, inner('innerType'), path, out)
  switch (def.type) {
    case 'object':
      for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>))
        leaves(action, value, [...path, key], out)
      if (def.catchall && (def.catchall as z.ZodType)._zod.def.type !== 'never')
        out.push({ action, kind: 'other', type: 'catchall', schema, path })
      return out
    case 'array':
      out.push({ action, kind: 'array', type: 'array', schema, path })
      return leaves(action, inner('element'), [...path, '[]'], out)
    case 'string':
      out.push({ action, kind: 'string', type: 'string', schema, path })
      return out
    case 'union':
      for (const option of def.options as z.ZodType[]) leaves(action, option, path, out)
      return out
    case 'pipe':
      return leaves(action, inner('in'), path, out)
    case 'record':
      if (maxEntries(schema) === Infinity) {
        out.push({ action, kind: 'other', type: def.type, schema, path })
        return out
      }
      leaves(action, inner('keyType'), [...path, '{key}'], out)
      return leaves(action, inner('valueType'), [...path, '{}'], out)
    case 'number':
    case 'enum':
    case 'literal':
    case 'boolean':
    case 'null':
    case 'transform':
      return out
    default:
      out.push({ action, kind: 'other', type: def.type, schema, path })
      return out
  }
}

const everyLeaf = Object.values(contracts).flatMap((fn) =>
  Object.entries(fn.actions).flatMap(([name, action]) => leaves(`${fn.name}.${name}`, action.input)),
)
const show = (leaf: Leaf) => `${leaf.action} ${leaf.path.join('.')}`
const stringChecks = (schema: z.ZodType) =>
  ((schema._zod.def as { checks?: Array<{ _zod: { def: { check: string; maximum?: number } } }> }).checks ?? []).map(
    (c) => c._zod.def,
  )

describe('every action input is bounded', () => {
  it('finds the inputs it walks', () => {
    expect(everyLeaf.filter((l) => l.kind === 'string').length).toBeGreaterThan(200)
    expect(everyLeaf.filter((l) => l.kind === 'array').length).toBeGreaterThan(20)
  })

  it('caps every array', () => {
    const uncapped = everyLeaf.filter((l) => l.kind === 'array' && !Number.isFinite(maxItems(l.schema)))
    expect(uncapped.map(show)).toEqual([])
  })

  it('caps every string (text fields at most at TEXT_HARD_MAX, which text() checks before normalising)', () => {
    const cap = (l: Leaf) =>
      Math.min(
        ...stringChecks(l.schema)
          .filter((c) => c.check === 'max_length')
          .map((c) => c.maximum ?? Infinity),
      )
    const strings = everyLeaf.filter((l) => l.kind === 'string')
    expect(strings.filter((l) => !Number.isFinite(cap(l))).map(show)).toEqual([])
    expect(strings.filter((l) => isNormalisedText(l.schema) && cap(l) > TEXT_HARD_MAX).map(show)).toEqual([])
  })

  it('takes no value of an unbounded type (records, any, unknown, open objects)', () => {
    expect(everyLeaf.filter((l) => l.kind === 'other').map((l) => `${show(l)} (${l.type})`)).toEqual([])
  })

  it('normalises every free-text string with text() (strings with a fixed format are checked by their pattern)', () => {
    const formatted = (schema: z.ZodType) =>
      Boolean((schema._zod.def as { format?: string }).format) ||
      stringChecks(schema).some((c) => c.check === 'string_format')
    const plain = everyLeaf.filter((l) => l.kind === 'string' && !isNormalisedText(l.schema) && !formatted(l.schema))
    expect(plain.map(show)).toEqual([])
  })
})

/** An array of `length` elements that counts how many of its elements anyone reads. */
function countingArray(length: number): { array: unknown[]; reads: () => number } {
  let reads = 0
  const array = new Proxy([] as unknown[], {
    get(target, key, receiver) {
      if (key === 'length') return length
      if (typeof key === 'string' && /^\d+$/.test(key)) {
        reads++
        return 'x'
      }
      return Reflect.get(target, key, receiver)
    },
  })
  return { array, reads: () => reads }
}

/** Input with `value` at `path`, one element deep for each array on the way (only that path is filled). */
function inputAt(path: Segment[], value: unknown): unknown {
  if (path.length === 0) return value
  const [head, ...rest] = path
  return head === '[]' ? [inputAt(rest, value)] : { [head as string]: inputAt(rest, value) }
}

describe('an oversized array is refused before any of its elements is parsed', () => {
  const arrays = everyLeaf.filter((l) => l.kind === 'array')
  const byAction = new Map(
    Object.values(contracts).flatMap((fn) =>
      Object.entries(fn.actions).map(([name, action]) => [`${fn.name}.${name}`, action.input as z.ZodType]),
    ),
  )

  it.each(arrays.map((l) => [show(l), l] as const))('%s', (_name, leaf) => {
    const { array, reads } = countingArray(1_000_000)
    const result = parseInput(byAction.get(leaf.action)!, inputAt(leaf.path, array))
    expect(result.success).toBe(false)
    if (result.success) return
    expect(reads()).toBe(0)
    expect(result.failure.fields).toHaveLength(1)
    expect(result.failure.message).toMatch(/最多 \d+ 项/)
  })

  it('replies with at most MAX_REPORTED_ISSUES fields, however many elements are wrong', () => {
    const schema = z.object({ tags: z.array(z.string().max(5)).max(200_000) })
    const result = parseInput(schema, { tags: Array.from({ length: 100_000 }, (_, i) => i) })
    expect(result.success).toBe(false)
    if (result.success) return
    expect(result.failure.fields.length).toBe(MAX_REPORTED_ISSUES)
    expect(JSON.stringify(result.failure).length).toBeLessThan(2000)
  })

  it('refuses a bounded record with more keys than its cap before parsing a value', () => {
    const schema = z.object({ targets: boundedRecord(z.string().max(8), z.number(), 3) })
    let reads = 0
    const value = { get: () => (reads++, 1), enumerable: true }
    const targets = Object.defineProperties({}, Object.fromEntries(['a', 'b', 'c', 'd'].map((k) => [k, value])))
    const result = parseInput(schema, { targets })
    expect(result.success).toBe(false)
    if (!result.success) expect(result.failure.message).toMatch(/最多 3 项/)
    expect(reads).toBe(0)
    expect(parseInput(schema, { targets: { a: 1, b: 2 } }).success).toBe(true)
  })

  it('cuts a strict object’s list of a million unknown keys to one short message', () => {
    const schema = z.strictObject({ a: z.string().max(5) })
    const input = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, 1]))
    const result = parseInput(schema, input)
    expect(result.success).toBe(false)
    if (!result.success) expect(JSON.stringify(result.failure).length).toBeLessThan(500)
    expect(describeIssues([]).fields).toEqual([])
  })
})

describe('text fields are normalised at the schema layer', () => {
  const raise = contracts.requests.actions.raise.input
  const base = { villageId: 'v001', category: 'help', householdId: 'h001' }
  const description = (text: string) => {
    const r = raise.safeParse({ ...base, description: text })
    return r.success ? r.data.description : null
  }

  it('composes to NFC', () => {
    const decomposed = '村口路灯不亮了，e\u0301 请修'
    expect(description(decomposed)).toBe('村口路灯不亮了，\u00e9 请修')
  })

  it('drops zero-width and bidi control characters', () => {
    expect(description('村口\u200b路灯\u200d不亮\u202e了\u2066请修\u2069\ufeff')).toBe('村口路灯不亮了请修')
  })

  it('refuses lone surrogates with a Chinese message', () => {
    for (const bad of ['村口路灯\ud800不亮了', '村口路灯\udc00不亮了', '村口路灯不亮了\ud83d']) {
      const r = raise.safeParse({ ...base, description: bad })
      expect(r.success).toBe(false)
      if (!r.success) expect(describeIssues(r.error.issues).message).toMatch(/无法识别的字符/)
    }
    expect(description('村口路灯不亮了😀')).toBe('村口路灯不亮了😀')
  })

  it('checks the length after normalising: invisible characters do not count, nor push a name over its cap', () => {
    const name = contracts.roster.actions.savePerson.input.shape.name
    expect(name.safeParse('\u200b'.repeat(30) + '张三').success).toBe(true)
    expect(name.safeParse('\u200b'.repeat(30)).success).toBe(false)
  })
})
