import {
  afterFailure,
  attemptAllowed,
  CODE_ALPHABET,
  CODE_BITS,
  codeFromBytes,
  formatCode,
  MAX_WRONG_ATTEMPTS,
  normalizeCode,
  WRONG_ATTEMPT_WINDOW_MS,
} from './invitation-code'

describe('invitation codes', () => {
  it('carry at least 40 bits and avoid look-alike characters', () => {
    expect(CODE_BITS).toBeGreaterThanOrEqual(40)
    expect(CODE_ALPHABET).toHaveLength(32)
    for (const c of '01IO') expect(CODE_ALPHABET).not.toContain(c)
  })

  it('map every byte value onto the alphabet without bias', () => {
    const counts = new Map<string, number>()
    for (let b = 0; b < 256; b++) {
      const c = codeFromBytes(new Array(10).fill(b))[0]!
      counts.set(c, (counts.get(c) ?? 0) + 1)
    }
    expect(counts.size).toBe(32)
    expect(new Set(counts.values())).toEqual(new Set([8]))
  })

  it('normalise what a person types', () => {
    expect(normalizeCode(' abcde-fghjk ')).toBe('ABCDEFGHJK')
    expect(normalizeCode('ABCDE FGHJK')).toBe('ABCDEFGHJK')
    expect(normalizeCode('ABCDEFGHJ')).toBeNull()
    expect(normalizeCode('ABCDEFGHJ0')).toBeNull()
    expect(formatCode('ABCDEFGHJK')).toBe('ABCDE-FGHJK')
  })

  it(`lock an account after ${MAX_WRONG_ATTEMPTS} wrong codes for the rest of the window`, () => {
    let state = null as ReturnType<typeof afterFailure> | null
    const t0 = 1_000_000
    for (let i = 0; i < MAX_WRONG_ATTEMPTS; i++) {
      expect(attemptAllowed(state, t0 + i).allowed).toBe(true)
      state = afterFailure(state, t0 + i)
    }
    expect(attemptAllowed(state, t0 + 10)).toEqual({ allowed: false, retryAt: t0 + WRONG_ATTEMPT_WINDOW_MS })
    expect(attemptAllowed(state, t0 + WRONG_ATTEMPT_WINDOW_MS).allowed).toBe(true)
    expect(afterFailure(state, t0 + WRONG_ATTEMPT_WINDOW_MS)).toEqual({
      failures: 1,
      windowStart: t0 + WRONG_ATTEMPT_WINDOW_MS,
    })
  })
})
