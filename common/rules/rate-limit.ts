/**
 * Fixed-window rate limits for actions that can be abused (raising requests, guessing sign-in codes). Pure: the
 * state is kept by the caller (cloudfunctions/_lib/rate-limit.ts keeps one document per key).
 */
export interface RateLimit {
  /** How many hits a window allows. */
  max: number
  windowMs: number
}

export interface RateState {
  windowStart: number
  hits: number
}

/** Whether one more hit is allowed now; when not, the instant the window ends. */
export function rateAllowed(
  state: RateState | null,
  nowMs: number,
  limit: RateLimit,
): { allowed: true } | { allowed: false; retryAt: number } {
  if (!state || nowMs - state.windowStart >= limit.windowMs || nowMs < state.windowStart) return { allowed: true }
  if (state.hits < limit.max) return { allowed: true }
  return { allowed: false, retryAt: state.windowStart + limit.windowMs }
}

/** The state after one more hit. */
export function afterHit(state: RateState | null, nowMs: number, limit: RateLimit): RateState {
  if (!state || nowMs - state.windowStart >= limit.windowMs || nowMs < state.windowStart)
    return { windowStart: nowMs, hits: 1 }
  return { windowStart: state.windowStart, hits: state.hits + 1 }
}

/** Requests a person may raise in a day: generous for real use, a wall for a script. */
export const REQUEST_RAISE_LIMIT: RateLimit = { max: 20, windowMs: 24 * 3600_000 }
/** Wrong meeting sign-in codes before a pause, as for duty check-in codes. */
export const MEETING_CODE_LIMIT: RateLimit = { max: 10, windowMs: 15 * 60_000 }
