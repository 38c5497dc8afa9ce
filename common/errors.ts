/**
 * The error codes every cloud function may answer with, and the Chinese message a user sees when the handler
 * gives none more specific. `NETWORK` is produced only by the client, when no answer arrived.
 */
export const ERROR_MESSAGES = {
  INVALID_ARGUMENT: '提交的内容有误，请检查后重试',
  UNAUTHENTICATED: '请先绑定身份后再使用此功能',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '要找的内容不存在或已被删除',
  CONFLICT: '内容已被他人修改，请刷新后重试',
  FAILED_PRECONDITION: '当前状态下不能进行此操作',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  INTERNAL: '系统繁忙，请稍后重试',
  NETWORK: '网络不稳定，请检查网络后重试',
} as const

export type ErrorCode = keyof typeof ERROR_MESSAGES

export interface ErrorBody {
  code: ErrorCode
  message: string
  /** Field paths and their problems, for INVALID_ARGUMENT. */
  fields?: { path: string; message: string }[]
  /** True when the same call may succeed if simply sent again (network drop, timeout). */
  retryable?: boolean
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody }

export function ok<T>(data: T): Envelope<T> {
  return { ok: true, data }
}

export function fail(
  code: ErrorCode,
  message: string = ERROR_MESSAGES[code],
  extra: Partial<ErrorBody> = {},
): Envelope<never> {
  return { ok: false, error: { ...extra, code, message } }
}

/** Thrown by handlers to answer with a specific error; anything else thrown becomes INTERNAL. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly fields?: ErrorBody['fields']
  constructor(code: ErrorCode, message: string = ERROR_MESSAGES[code], fields?: ErrorBody['fields']) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.fields = fields
  }
}

export function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null) return false
  const v = value as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } }
  if (v.ok === true) return 'data' in v
  return v.ok === false && typeof v.error?.code === 'string' && typeof v.error?.message === 'string'
}
