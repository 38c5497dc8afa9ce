/**
 * The one-time setup code (初始化码) a deployer reads from the function environment (XZ_SETUP_CODE) and the first
 * county organiser types in. Letters and digits people do not confuse when reading it aloud or off a screen (no
 * 0/O, 1/I/L); shown in groups of four. 15 characters of 31 ≈ 74 bits: not guessable, so no lockout is needed.
 */
export const SETUP_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const SETUP_CODE_LENGTH = 15

/** A new code from random bytes (one byte per character; the caller supplies them, from crypto). */
export function setupCodeFrom(bytes: Uint8Array): string {
  if (bytes.length < SETUP_CODE_LENGTH) throw new Error(`need ${SETUP_CODE_LENGTH} random bytes`)
  let code = ''
  // 256 is not a multiple of 31: rejecting bytes ≥ 248 would be uniform, but the bias of the modulo (8 of 256) on
  // a 74-bit code is immaterial; kept simple and deterministic in length.
  for (let i = 0; i < SETUP_CODE_LENGTH; i++) code += SETUP_CODE_ALPHABET[bytes[i]! % SETUP_CODE_ALPHABET.length]
  return formatSetupCode(code)
}

/** As typed: spaces and dashes dropped, lower case raised, full-width letters and digits made half-width. */
export function normaliseSetupCode(typed: string): string {
  return typed
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-—_－]/g, '')
    .toUpperCase()
}

export const formatSetupCode = (code: string): string => normaliseSetupCode(code).replace(/(.{4})(?=.)/g, '$1-')

/** Whether what was typed is the configured code (both normalised; compared in constant time over the length). */
export function setupCodeMatches(typed: string, configured: string): boolean {
  const a = normaliseSetupCode(typed)
  const b = normaliseSetupCode(configured)
  if (!b || a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
