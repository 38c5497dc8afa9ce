import Taro from '@tarojs/taro'
import { useCallback, useState } from 'react'
import type { ErrorBody } from '@common/errors'

/**
 * A form kept on the phone until it is sent: every change is saved to storage, so a dropped network, a closed
 * mini-program or a phone call loses nothing. Each draft carries one request id for its whole life, so however
 * often it is resent, the server does the write once (see the runtime's idempotent writes).
 */
export interface Draft<T> {
  value: T
  requestId: string
  savedAt: number
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
        const next = { ...current, value: { ...current.value, ...patch }, savedAt: Date.now() }
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
    saveDraft(key, { ...draft, savedAt: Date.now() })
    const result = await send(draft.value, draft.requestId)
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
