import type { Envelope } from '@common/errors'
import type { ActionName, Contracts, FunctionName } from '@common/contracts'
import type { InputOf, OutputOf } from '@common/contract'
import { cloudTransport, httpTransport, type Transport } from './transport'

export type CallInput<F extends FunctionName, A extends ActionName<F>> = InputOf<Contracts[F], A>
export type CallOutput<F extends FunctionName, A extends ActionName<F>> = OutputOf<Contracts[F], A>

let transport: Transport = process.env.TARO_ENV === 'weapp' ? cloudTransport : httpTransport()

const transportListeners: (() => void)[] = []

/** Called whenever the transport is replaced: caches of who the caller is must be dropped. */
export function onTransportChange(listener: () => void): void {
  transportListeners.push(listener)
}

/** For tests and the local demo: replace how calls travel. Returns the previous transport. */
export function setTransport(next: Transport): Transport {
  const previous = transport
  transport = next
  for (const l of transportListeners) l()
  return previous
}

/**
 * Calls one action of one cloud function, typed from its contract. Pages never know whether the call went
 * through `wx.cloud` or the local server; failures come back as `{ ok: false, error }` in Chinese, never thrown.
 */
export function callFunction<F extends FunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  data: CallInput<F, A>,
  options: CallOptions = {},
): Promise<Envelope<CallOutput<F, A>>> {
  const event = options.requestId ? { action, data, requestId: options.requestId } : { action, data }
  return transport(name, event) as Promise<Envelope<CallOutput<F, A>>>
}

export interface CallOptions {
  /**
   * Identifies one submission across resends: a write sent again with the same id (after a dropped answer) is
   * done once on the server, and the resend gets the first answer.
   */
  requestId?: string
}
