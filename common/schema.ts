import { z } from 'zod'
import { zhCN } from 'zod/locales'
import { ERROR_MESSAGES, type ErrorBody } from './errors'

// Validation messages in Simplified Chinese, for every schema on client and server alike.
z.config(zhCN())

export { z }

export interface ValidationFailure {
  message: string
  fields: NonNullable<ErrorBody['fields']>
}

/** Turns zod issues into the user-facing INVALID_ARGUMENT body: the first problem leads the message. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): ValidationFailure {
  const fields = issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(根)',
    message: issue.message,
  }))
  const first = fields[0]
  const message = first
    ? `${ERROR_MESSAGES.INVALID_ARGUMENT}：${first.path === '(根)' ? '' : `「${first.path}」`}${first.message}`
    : ERROR_MESSAGES.INVALID_ARGUMENT
  return { message, fields }
}
