import Taro from '@tarojs/taro'
import { useCallback, useState } from 'react'
import type { ErrorBody } from '@common/errors'

/**
 * A form kept on the phone until it is sent: every change is saved to storage, so a dropped network, a closed
 * mini-program or a phone call loses nothing. A request id names one content: however often the same content is
 * resent, the server does the write once (see the runtime's idempotent writes). Once a content has been sent,
 * editing the form gives it a new request id, so the edit is sent as an edit — the server refuses a known id with
 * other content (内容已修改，请重新提交) rather than answering with the old content's success.
 */
export interface Draft<T> {
  value: T
  requestId: string
  savedAt: number
  /** True once this content has been sent with `requestId` (the reply may have been lost). */
  sent?: boolean
}

const PREFIX = 'xz.draft.'

export function newRequestId(): string {
  const bytes = new Uint8Array(16)
  const random = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto
  if (random?.getRandomValues) random.getRandomValues(bytes)
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

export function loadDraft<T>(key: string): Draft<T> | undefined {
  try {
    const stored = Taro.getStorageSync(PREFIX + key) as Draft<T> | '' | undefined
    return stored && typeof stored === 'object' && typeof stored.requestId === 'string' ? stored : undefined
  } catch {
    return undefined
  }
}

export function saveDraft<T>(key: string, draft: Draft<T>): void {
  try {
    Taro.setStorageSync(PREFIX + key, draft)
  } catch {
    // Storage full: the form still works, it just will not survive the mini-program being closed.
  }
}

export function clearDraft(key: string): void {
  try {
    Taro.removeStorageSync(PREFIX + key)
  } catch {
    // nothing to clear
  }
}

/** What the user reads when a submission did not reach the server but is kept. */
export const SAVED_OFFLINE_MESSAGE = '网络不稳定，已保存，可稍后重试'

export interface DraftForm<T> {
  value: T
  /** Changes fields and saves the draft at once. */
  update(patch: Partial<T>): void
  /** True when the form was restored from an earlier, unsent draft. */
  restored: boolean
  submitting: boolean
  error?: ErrorBody
  /**
   * Sends the form with its request id. Success clears the draft (and starts a fresh one); a network failure keeps
   * it and shows SAVED_OFFLINE_MESSAGE; any other error is shown as the server said it.
   */
  submit<R>(
    send: (value: T, requestId: string) => Promise<{ ok: true; data: R } | { ok: false; error: ErrorBody }>,
  ): Promise<R | undefined>
}

export function useDraftForm<T extends object>(key: string, initial: T): DraftForm<T> {
  const [draft, setDraft] = useState<Draft<T>>(
    () => loadDraft<T>(key) ?? { value: initial, requestId: newRequestId(), savedAt: 0 },
  )
  const [restored] = useState(() => draft.savedAt > 0)
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<ErrorBody | undefined>()

  const update = useCallback(
    (patch: Partial<T>) =>
      setDraft((current) => {
        const value = { ...current.value, ...patch }
        const changed = (Object.keys(patch) as (keyof T)[]).some((k) => !Object.is(current.value[k], value[k]))
        // Content already sent with this id and now edited: the edit is another write, with its own id.
        const fresh = current.sent && changed ? { requestId: newRequestId(), sent: false } : {}
        const next = { ...current, ...fresh, value, savedAt: Date.now() }
        saveDraft(key, next)
        return next
      }),
    [key],
  )

  async function submit<R>(
    send: (value: T, requestId: string) => Promise<{ ok: true; data: R } | { ok: false; error: ErrorBody }>,
  ) {
    setSubmitting(true)
    setError(undefined)
    const sending = { ...draft, sent: true, savedAt: Date.now() }
    saveDraft(key, sending)
    setDraft(sending)
    const result = await send(sending.value, sending.requestId)
    setSubmitting(false)
    if (result.ok) {
      clearDraft(key)
      setDraft({ value: initial, requestId: newRequestId(), savedAt: 0 })
      return result.data
    }
    setError(result.error.code === 'NETWORK' ? { ...result.error, message: SAVED_OFFLINE_MESSAGE } : result.error)
    return undefined
  }

  return { value: draft.value, update, restored, submitting, error, submit }
}
