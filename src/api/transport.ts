import Taro from '@tarojs/taro'
import { ERROR_MESSAGES, isEnvelope, type Envelope } from '@common/errors'
import type { CallEvent } from '@common/contract'

/** Sends one call to a cloud function and returns its envelope; never throws. */
export type Transport = (name: string, event: CallEvent) => Promise<Envelope<unknown>>

export const networkError = (): Envelope<never> => ({
  ok: false,
  error: { code: 'NETWORK', message: ERROR_MESSAGES.NETWORK, retryable: true },
})

const malformed = (): Envelope<never> => ({ ok: false, error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } })

/** Mini-program: `wx.cloud.callFunction`; a rejected call (no signal, timeout) is a retryable network error. */
export const cloudTransport: Transport = async (name, event) => {
  try {
    const { result } = await Taro.cloud.callFunction({ name, data: event as unknown as Record<string, unknown> })
    return isEnvelope(result) ? result : malformed()
  } catch {
    return networkError()
  }
}

export const DEMO_OPENID_KEY = 'xz.local.openid'

/**
 * H5 build: the local server's `/api/functions/<name>`, which runs the same function bundles with the same SDK.
 * The browser has no WeChat identity, so the local server takes a demo OPENID from a header; that header means
 * nothing in the cloud, where identity comes from WeChat alone.
 */
export function httpTransport(baseUrl = '', timeoutMs = 15000): Transport {
  return async (name, event) => {
    const controller = typeof AbortController === 'undefined' ? undefined : new AbortController()
    const timer = controller ? setTimeout(() => controller.abort(), timeoutMs) : undefined
    try {
      const openid = readDemoOpenid()
      const response = await fetch(`${baseUrl}/api/functions/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(openid ? { 'x-demo-openid': openid } : {}) },
        body: JSON.stringify(event),
        signal: controller?.signal,
      })
      const body: unknown = await response.json().catch(() => undefined)
      if (isEnvelope(body)) return body
      return response.status >= 500 ? networkError() : malformed()
    } catch {
      return networkError()
    } finally {
      if (timer) clearTimeout(timer)
    }
  }
}

function readDemoOpenid(): string {
  try {
    return String(Taro.getStorageSync(DEMO_OPENID_KEY) || '')
  } catch {
    return ''
  }
}
