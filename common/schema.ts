import { z } from 'zod'
import { zhCN } from 'zod/locales'
import { ERROR_MESSAGES, type ErrorBody } from './errors'
import { FIELD_LABELS } from './field-labels'

// Validation messages in Simplified Chinese, for every schema on client and server alike.
z.config(zhCN())

export { z }

/**
 * Characters that change how text looks without being text: zero-width space/joiners, word joiner, BOM, soft
 * hyphen, and the bidirectional controls (LRM/RLM/ALM, embeddings, overrides, isolates). Stored as given they hide
 * or reorder what a cadre reads in a name, a request or a minute ("‮" turns "张三" around).
 */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g
/** A high surrogate not followed by a low one, or a low one not preceded by a high one (no lookbehind: old JS). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/
/**
 * Longest text any field takes before it is even looked at; each field's own `.max()` is checked after
 * normalising. A 4.8 MB string costs one comparison, not a normalisation.
 */
export const TEXT_HARD_MAX = 20_000

/** NFC, without zero-width and bidi control characters. */
export function normalizeText(value: string): string {
  return value.normalize('NFC').replace(INVISIBLE, '')
}

export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value)
}

/** The one check every text field of an action's input carries (see `text`); tests look for it by identity. */
function normaliseCheck(payload: z.core.ParsePayload<string>): void {
  const value = payload.value
  if (value.length > TEXT_HARD_MAX) {
    payload.issues.push({ code: 'too_big', origin: 'string', maximum: TEXT_HARD_MAX, inclusive: true, input: value })
    return
  }
  if (hasLoneSurrogate(value)) {
    payload.issues.push({ code: 'custom', message: '含有无法识别的字符，请重新输入', input: value })
    return
  }
  payload.value = normalizeText(value)
}

/**
 * A text field of an action's input: NFC-normalised, zero-width and bidi controls removed, lone surrogates
 * refused — before the field's own checks (`.min()`, `.max()`, `.regex()`, `.trim()`) run on the result. Use it
 * for every string an action takes (test/unit/contract-bounds.test.ts walks the contracts for it).
 */
export function text(): z.ZodString {
  return z.string().check(normaliseCheck)
}

/** True when a string schema carries `text()`'s normalisation. */
export function isNormalisedText(schema: z.ZodType): boolean {
  const checks = (schema._zod.def as { checks?: Array<{ _zod: { check?: unknown } }> }).checks ?? []
  return checks.some((c) => c._zod.check === normaliseCheck)
}

export interface ValidationFailure {
  message: string
  fields: NonNullable<ErrorBody['fields']>
}

/** True for zod's own wording (locale messages), false for a message a schema wrote itself. */
const GENERIC = /期望|无效|数值过|实际接收|expected|invalid/i

/** The field an issue is about, in Chinese ("姓名"); '' when unknown. */
function fieldLabel(path: readonly PropertyKey[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i]
    if (typeof key === 'string') return FIELD_LABELS[key] ?? ''
  }
  return ''
}

/** One issue as a person reads it: "请填写姓名", "标题最多 50 个字", "手机号格式不对". */
export function humanIssue(issue: z.core.$ZodIssue): string {
  if (issue.message && !GENERIC.test(issue.message)) return issue.message
  const label = fieldLabel(issue.path)
  const what = label || '这一项'
  const i = issue as z.core.$ZodIssue & {
    origin?: string
    minimum?: number | bigint
    maximum?: number | bigint
    input?: unknown
    expected?: string
  }
  switch (i.code) {
    case 'invalid_type':
      return i.input === undefined || i.input === null || i.input === '' ? `请填写${what}` : `${what}填写有误`
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? `请填写${what}` : `${what}至少 ${i.minimum} 个字`
      if (i.origin === 'array' || i.origin === 'set')
        return Number(i.minimum) <= 1 ? `请选择${what}` : `${what}至少选 ${i.minimum} 项`
      return `${what}不能小于 ${i.minimum}`
    case 'too_big':
      if (i.origin === 'string') return `${what}最多 ${i.maximum} 个字`
      if (i.origin === 'array' || i.origin === 'set') return `${what}最多 ${i.maximum} 项`
      return `${what}不能大于 ${i.maximum}`
    case 'invalid_format':
      return `${what}格式不对`
    case 'invalid_value':
    case 'invalid_union':
      return `请选择${what}`
    case 'not_multiple_of':
      return `${what}须为整数`
    default:
      return `${what}填写有误`
  }
}

/** At most this many field problems go back in one reply (a 100,000-element array gave 100,000 before). */
export const MAX_REPORTED_ISSUES = 10
const MAX_MESSAGE_CHARS = 120

/**
 * Turns zod issues into the user-facing INVALID_ARGUMENT body: the first problem, in words that name the field in
 * Chinese, is the message ("请填写姓名"); `fields` keeps each path for forms that mark the field — the first
 * MAX_REPORTED_ISSUES of them, each message and path cut short, so a reply stays small whatever was sent.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): ValidationFailure {
  const fields = issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => ({
    path: (issue.path.map(String).join('.') || '(根)').slice(0, MAX_MESSAGE_CHARS),
    message: (issue.path.length ? humanIssue(issue) : issue.message).slice(0, MAX_MESSAGE_CHARS),
  }))
  const first = fields[0]
  const message = first && first.path !== '(根)' ? first.message : ERROR_MESSAGES.INVALID_ARGUMENT
  return { message, fields }
}

type Def = {
  type: string
  shape?: Record<string, z.ZodType>
  catchall?: z.ZodType
  innerType?: z.ZodType
  in?: z.ZodType
  element?: z.ZodType
  options?: z.ZodType[]
  checks?: Array<{ _zod: { def: { check?: string; maximum?: number; length?: number } } }>
}
const defOf = (schema: z.ZodType): Def => schema._zod.def as unknown as Def

const RECORD_CAPS = new WeakMap<z.ZodType, number>()

/**
 * A record keyed by a capped string with at most `maxEntries` keys: counted before parsing (`oversize`), like an
 * array's length. A plain `z.record` takes any number of keys, so the contracts use this instead.
 */
export function boundedRecord<K extends z.ZodType<string>, V extends z.ZodType>(key: K, value: V, maxEntries: number) {
  const schema = z
    .record(key as unknown as z.ZodString, value)
    .refine((r) => Object.keys(r).length <= maxEntries, `最多 ${maxEntries} 项`)
  RECORD_CAPS.set(schema, maxEntries)
  return schema
}

/** The most keys a record schema takes (boundedRecord); Infinity for any other schema. */
export function maxEntries(schema: z.ZodType): number {
  return RECORD_CAPS.get(schema) ?? Infinity
}

/** The most elements an array schema takes (`.max()` or `.length()`); Infinity when it sets none. */
export function maxItems(schema: z.ZodType): number {
  let max = Infinity
  for (const c of defOf(schema).checks ?? []) {
    const d = c._zod.def
    if (d.check === 'max_length' && typeof d.maximum === 'number') max = Math.min(max, d.maximum)
    if (d.check === 'length_equals' && typeof d.length === 'number') max = Math.min(max, d.length)
  }
  return max
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'])

/**
 * The first size a request exceeds, found without parsing: an array longer than its schema's cap, or an object
 * with far more keys than its strict schema names (a string's cap costs zod one comparison already). zod checks an array's
 * `.max()` only after parsing every element (and reports every bad one); this walk looks at lengths only, so a
 * 4.8 MB array is refused after one comparison instead of a million element checks.
 */
export function oversize(schema: z.ZodType, data: unknown, path: PropertyKey[] = []): z.core.$ZodIssue | null {
  const def = defOf(schema)
  if (WRAPPERS.has(def.type) && def.innerType) return oversize(def.innerType, data, path)
  if (def.type === 'pipe' && def.in) return oversize(def.in, data, path)
  const tooBig = (maximum: number): z.core.$ZodIssue =>
    ({
      code: 'too_big',
      origin: 'array',
      maximum,
      inclusive: true,
      path,
      message: '',
      input: undefined,
    }) as z.core.$ZodIssue
  if (Array.isArray(data)) {
    let max = 0
    if (def.type === 'array') max = maxItems(schema)
    else if (def.type === 'union')
      for (const option of def.options ?? []) if (defOf(option).type === 'array') max = Math.max(max, maxItems(option))
    if (data.length > max && max > 0) return tooBig(max)
    if (def.type !== 'array' || !def.element) return null
    for (let i = 0; i < data.length; i++) {
      const found = oversize(def.element, data[i], [...path, i])
      if (found) return found
    }
    return null
  }
  if (def.type === 'record' && typeof data === 'object' && data !== null) {
    const cap = maxEntries(schema)
    const keys = Object.keys(data)
    if (keys.length > cap) return tooBig(cap)
    const valueType = (schema._zod.def as unknown as { valueType?: z.ZodType }).valueType
    if (!valueType || cap === Infinity) return null
    for (const key of keys) {
      const found = oversize(valueType, (data as Record<string, unknown>)[key], [...path, key])
      if (found) return found
    }
    return null
  }
  if (def.type === 'object' && def.shape && typeof data === 'object' && data !== null) {
    const shape = def.shape
    const record = data as Record<string, unknown>
    // A strict object refuses unknown keys in one issue that lists them all: cut that list short here.
    if (
      def.catchall &&
      defOf(def.catchall).type === 'never' &&
      Object.keys(record).length > Object.keys(shape).length + 16
    )
      return { code: 'custom', path, message: ERROR_MESSAGES.INVALID_ARGUMENT, input: undefined } as z.core.$ZodIssue
    for (const key of Object.keys(shape)) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue
      const found = oversize(shape[key]!, record[key], [...path, key])
      if (found) return found
    }
  }
  return null
}

/**
 * An action's input checked as the runtime does: sizes first (`oversize`, no element is parsed), then the schema.
 * Either the parsed data or the reply body for INVALID_ARGUMENT.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  data: unknown,
): { success: true; data: z.output<S> } | { success: false; failure: ValidationFailure } {
  const big = oversize(schema, data)
  if (big) return { success: false, failure: describeIssues([big]) }
  const parsed = schema.safeParse(data)
  if (parsed.success) return { success: true, data: parsed.data }
  return { success: false, failure: describeIssues(parsed.error.issues) }
}
