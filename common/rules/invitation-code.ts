/**
 * Invitation codes: 10 characters from a 32-letter alphabet without look-alikes (no 0/O, 1/I) = 50 bits, shown
 * as ABCDE-FGHJK. Typed codes are normalised (case, spaces, dashes).
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
export const CODE_LENGTH = 10
/** log2(32) × 10. */
export const CODE_BITS = Math.log2(CODE_ALPHABET.length) * CODE_LENGTH

/** Wrong codes allowed per WeChat account per window before redemption is refused for the rest of it. */
export const MAX_WRONG_ATTEMPTS = 5
export const WRONG_ATTEMPT_WINDOW_MS = 15 * 60 * 1000

/** Turns random bytes (one per character) into a code; 256 is a multiple of 32, so no bias. */
export function codeFromBytes(bytes: ArrayLike<number>): string {
  if (bytes.length < CODE_LENGTH) throw new Error(`need ${CODE_LENGTH} random bytes`)
  let out = ''
  for (let i = 0; i < CODE_LENGTH; i++) out += CODE_ALPHABET[bytes[i]! & 31]
  return out
}

/** What a person typed → the canonical code, or null when it cannot be one. */
export function normalizeCode(typed: string): string | null {
  const cleaned = typed.toUpperCase().replace(/[\s\-_－—·]/g, '')
  if (cleaned.length !== CODE_LENGTH) return null
  for (const c of cleaned) if (!CODE_ALPHABET.includes(c)) return null
  return cleaned
}

export function formatCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`
}

export interface AttemptState {
  failures: number
  windowStart: number
}

/** Whether another attempt may be made now, and until when it is refused. */
export function attemptAllowed(state: AttemptState | null, nowMs: number): { allowed: boolean; retryAt?: number } {
  if (!state || nowMs - state.windowStart >= WRONG_ATTEMPT_WINDOW_MS) return { allowed: true }
  if (state.failures < MAX_WRONG_ATTEMPTS) return { allowed: true }
  return { allowed: false, retryAt: state.windowStart + WRONG_ATTEMPT_WINDOW_MS }
}

/** The attempt state after one more wrong code. */
export function afterFailure(state: AttemptState | null, nowMs: number): AttemptState {
  if (!state || nowMs - state.windowStart >= WRONG_ATTEMPT_WINDOW_MS) return { failures: 1, windowStart: nowMs }
  return { failures: state.failures + 1, windowStart: state.windowStart }
}
