import { afterHit, rateAllowed, type RateLimit } from './rate-limit'

const limit: RateLimit = { max: 3, windowMs: 60_000 }

describe('fixed-window rate limits', () => {
  it('allows the first hit and counts hits within the window', () => {
    expect(rateAllowed(null, 0, limit)).toEqual({ allowed: true })
    let state = afterHit(null, 1000, limit)
    expect(state).toEqual({ windowStart: 1000, hits: 1 })
    state = afterHit(afterHit(state, 2000, limit), 3000, limit)
    expect(state).toEqual({ windowStart: 1000, hits: 3 })
  })

  it('refuses the hit after max until the window ends, and says when', () => {
    const full = { windowStart: 1000, hits: 3 }
    expect(rateAllowed({ windowStart: 1000, hits: 2 }, 5000, limit)).toEqual({ allowed: true })
    expect(rateAllowed(full, 5000, limit)).toEqual({ allowed: false, retryAt: 61_000 })
    expect(rateAllowed(full, 60_999, limit)).toEqual({ allowed: false, retryAt: 61_000 })
    expect(rateAllowed(full, 61_000, limit)).toEqual({ allowed: true })
  })

  it('starts a new window after the old one ends', () => {
    expect(afterHit({ windowStart: 1000, hits: 3 }, 61_000, limit)).toEqual({ windowStart: 61_000, hits: 1 })
  })

  it('does not lock anyone out for a window that starts in the future (a clock moved back)', () => {
    expect(rateAllowed({ windowStart: 100_000, hits: 9 }, 50_000, limit)).toEqual({ allowed: true })
    expect(afterHit({ windowStart: 100_000, hits: 9 }, 50_000, limit)).toEqual({ windowStart: 50_000, hits: 1 })
  })
})
