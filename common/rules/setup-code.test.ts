import {
  formatSetupCode,
  normaliseSetupCode,
  SETUP_CODE_ALPHABET,
  SETUP_CODE_LENGTH,
  setupCodeFrom,
  setupCodeMatches,
} from './setup-code'

describe('setup code', () => {
  it('is made of unambiguous characters in groups of four', () => {
    const code = setupCodeFrom(Uint8Array.from({ length: SETUP_CODE_LENGTH }, (_, i) => i * 17))
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{3}$/)
    expect(normaliseSetupCode(code)).toHaveLength(SETUP_CODE_LENGTH)
    for (const c of '01ILO') expect(SETUP_CODE_ALPHABET).not.toContain(c)
  })
  it('needs enough random bytes', () => {
    expect(() => setupCodeFrom(new Uint8Array(SETUP_CODE_LENGTH - 1))).toThrow()
  })
  it('matches as typed: lower case, spaces, dashes, full-width', () => {
    const code = 'ABCD-EFGH-JKMN-PQR'
    expect(setupCodeMatches('abcd efgh jkmn pqr', code)).toBe(true)
    expect(setupCodeMatches('ＡＢＣＤ－ＥＦＧＨ－ＪＫＭＮ－ＰＱＲ', code)).toBe(true)
    expect(setupCodeMatches('ABCDEFGHJKMNPQ', code)).toBe(false)
    expect(setupCodeMatches('ABCDEFGHJKMNPQS', code)).toBe(false)
    expect(setupCodeMatches('', '')).toBe(false)
    expect(formatSetupCode('abcdefgh')).toBe('ABCD-EFGH')
  })
})
