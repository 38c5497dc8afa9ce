import { useDidHide, useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ErrorBody } from '@common/errors'
import type { ActionName, FunctionName } from '@common/contracts'
import { callFunction, type CallInput, type CallOutput } from './client'

export interface CallState<T> {
  loading: boolean
  data?: T
  error?: ErrorBody
  reload: () => void
}

/**
 * Runs a call when the page mounts (and on `reload`), keeping the last good data while a retry is pending. When the
 * page shows again after another page was on top (a visit recorded, a village chosen, a form sent), it asks again,
 * so no screen stays stale.
 */
export function useCall<F extends FunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  data: CallInput<F, A>,
): CallState<CallOutput<F, A>> {
  const [state, setState] = useState<{ loading: boolean; data?: CallOutput<F, A>; error?: ErrorBody }>({
    loading: true,
  })
  const [attempt, setAttempt] = useState(0)
  const payload = JSON.stringify(data)
  const latest = useRef(0)

  useEffect(() => {
    const id = ++latest.current
    setState((s) => ({ ...s, loading: true }))
    callFunction(name, action, JSON.parse(payload)).then((envelope) => {
      if (id !== latest.current) return
      setState((s) =>
        envelope.ok ? { loading: false, data: envelope.data } : { loading: false, data: s.data, error: envelope.error },
      )
    })
  }, [name, action, payload, attempt])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  const hidden = useRef(false)
  useDidHide(() => {
    hidden.current = true
  })
  useDidShow(() => {
    if (!hidden.current) return
    hidden.current = false
    reload()
  })
  return { ...state, reload }
}
