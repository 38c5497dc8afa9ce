import type { ErrorBody } from '@common/errors'

export interface ErrorNoticeProps {
  error: ErrorBody
  /** Shown as a 重试 button when the error is retryable (a dropped network, a timeout). */
  onRetry?: () => void
}
