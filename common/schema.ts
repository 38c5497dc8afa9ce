import { z } from 'zod'
import { zhCN } from 'zod/locales'
import { ERROR_MESSAGES, type ErrorBody } from './errors'
import { FIELD_LABELS } from './field-labels'

// Validation messages in Simplified Chinese, for every schema on client and server alike.
z.config(zhCN())

export { z }

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
  if (!GENERIC.test(issue.message)) return issue.message
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

/**
 * Turns zod issues into the user-facing INVALID_ARGUMENT body: the first problem, in words that name the field in
 * Chinese, is the message ("请填写姓名"); `fields` keeps each path for forms that mark the field.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): ValidationFailure {
  const fields = issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(根)',
    message: issue.path.length ? humanIssue(issue) : issue.message,
  }))
  const first = fields[0]
  const message = first && first.path !== '(根)' ? first.message : ERROR_MESSAGES.INVALID_ARGUMENT
  return { message, fields }
}
