import type { CallEvent } from '@common/contract'
import type { Envelope } from '@common/errors'
import type { Transport } from '../../src/api/transport'

/** What the scripted server answers for one `function.action`: a fixed envelope, or one computed from the call. */
export type Answer = Envelope<unknown> | ((event: CallEvent) => Envelope<unknown>)

export interface SentCall {
  key: string
  event: CallEvent
  data: any // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A transport for page tests (`setTransport`): answers each `function.action` from `answers`, records every call in
 * `sent` (and tells `onCall`, e.g. to interleave calls with other events), and answers an unscripted call with an
 * INTERNAL error naming it, so a page calling something unexpected shows up in the test.
 */
export function scriptedBackend(answers: Record<string, Answer>, onCall?: (key: string) => void) {
  const sent: SentCall[] = []
  const transport: Transport = async (name, event) => {
    const key = `${name}.${event.action}`
    sent.push({ key, event, data: event.data })
    onCall?.(key)
    const answer = answers[key]
    if (!answer) return { ok: false, error: { code: 'INTERNAL', message: `no answer for ${key}` } }
    return typeof answer === 'function' ? answer(event) : answer
  }
  return { transport, sent }
}
