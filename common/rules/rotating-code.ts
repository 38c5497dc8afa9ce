/**
 * Rotating codes: a short-lived code shown at a place (the village service centre's duty screen, a meeting's
 * sign-in screen) that proves the person presenting it is there now. Pure: no I/O, no clock, no crypto — the
 * server's signing (HMAC-SHA256 with a secret kept server-side) is passed in as `mac`; see
 * cloudfunctions/_lib/rotating-code.ts for the server half (`currentCode`, `verifyCode`).
 *
 * - Time is cut into windows of ROTATING_CODE_WINDOW_SECONDS (30 s); window n covers [n·30 s, (n+1)·30 s) since
 *   the Unix epoch, so windows do not depend on any time zone.
 * - A code is the MAC of (purpose, subjectId, window). It is shown two ways: 6 digits (typed in the H5 build, read
 *   out over the phone is pointless because it expires) and a QR payload `xzrc1.<purpose>.<subjectId>.<window>.<sig>`
 *   (scanned with Taro.scanCode) whose signature is 128 bits of the same MAC.
 * - Accepted: the current window and the one immediately before it (scan delay, clock skew, a slow network), so
 *   a code lives between 30 and 60 seconds. Anything older is `expired`.
 * - Refusals carry a reason and a Chinese message the user can act on.
 */

export const ROTATING_CODE_WINDOW_SECONDS = 30
export const ROTATING_CODE_DIGITS = 6
export const ROTATING_CODE_PAYLOAD_PREFIX = 'xzrc1'
/** Bytes of the MAC carried in a QR payload (128 bits). */
export const ROTATING_CODE_SIGNATURE_BYTES = 16
/** How far back typed digits are recognised as a real but expired code (instead of a wrong one): 10 minutes. */
export const RECENTLY_EXPIRED_WINDOWS = 20

/** What a code is for (e.g. `duty`, `meeting`): lower-case letters, digits, '-'. */
export const PURPOSE_PATTERN = /^[a-z][a-z0-9-]{0,31}$/
/** The subject a code belongs to (a villageId, a meetingId): the app's document id alphabet. */
export const SUBJECT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export interface CodeSubject {
  purpose: string
  subjectId: string
}

/** The server's MAC over `signedMessage(subject, window)`; at least 20 bytes (HMAC-SHA256 gives 32). */
export type MacFunction = (subject: CodeSubject, window: number) => ArrayLike<number>

export type CodeRefusal = 'malformed' | 'other-purpose' | 'other-subject' | 'expired' | 'bad-signature'

export const CODE_REFUSAL_MESSAGES: Record<CodeRefusal, string> = {
  malformed: '这不是有效的签到码，请扫描屏幕上的二维码或输入 6 位数字',
  'other-purpose': '这个码不是用来在这里签到的，请扫描本处屏幕上的码',
  'other-subject': '这个码不是本处的（可能是别的村或别的会议），请扫描本处屏幕上的码',
  expired: '这个码已过期，请看屏幕上最新的码再试',
  'bad-signature': '码不对，请核对屏幕上最新的码再试',
}

export type CodeJudgement =
  { ok: true; window: number; form: 'digits' | 'payload' } | { ok: false; reason: CodeRefusal; message: string }

export type PresentedCode =
  | { form: 'digits'; digits: string }
  | { form: 'payload'; purpose: string; subjectId: string; window: number; signature: string }
  | { form: 'malformed' }

const toMs = (now: Date | number) => (typeof now === 'number' ? now : now.getTime())

function checkWindowSeconds(windowSeconds: number): number {
  if (!Number.isInteger(windowSeconds) || windowSeconds < 5 || windowSeconds > 600)
    throw new RangeError(`window must be 5–600 s: ${windowSeconds}`)
  return windowSeconds
}

/** The window an instant is in. */
export function windowOf(now: Date | number, windowSeconds = ROTATING_CODE_WINDOW_SECONDS): number {
  return Math.floor(toMs(now) / (checkWindowSeconds(windowSeconds) * 1000))
}

export function windowStartsAt(window: number, windowSeconds = ROTATING_CODE_WINDOW_SECONDS): Date {
  return new Date(window * checkWindowSeconds(windowSeconds) * 1000)
}

/** The instant the window ends (the next one starts): when a screen should fetch a new code. */
export function windowEndsAt(window: number, windowSeconds = ROTATING_CODE_WINDOW_SECONDS): Date {
  return windowStartsAt(window + 1, windowSeconds)
}

/** Whole seconds (rounded up, at least 1) until the current window ends. */
export function secondsLeft(now: Date | number, windowSeconds = ROTATING_CODE_WINDOW_SECONDS): number {
  const end = windowEndsAt(windowOf(now, windowSeconds), windowSeconds).getTime()
  return Math.max(1, Math.ceil((end - toMs(now)) / 1000))
}

/** The windows whose codes are accepted at `now`: the current one and the one immediately before. */
export function acceptedWindows(now: Date | number, windowSeconds = ROTATING_CODE_WINDOW_SECONDS): [number, number] {
  const current = windowOf(now, windowSeconds)
  return [current, current - 1]
}

export function assertSubject(subject: CodeSubject): void {
  if (!PURPOSE_PATTERN.test(subject.purpose)) throw new RangeError(`bad purpose: ${subject.purpose}`)
  if (!SUBJECT_ID_PATTERN.test(subject.subjectId)) throw new RangeError(`bad subject id: ${subject.subjectId}`)
}

/** The text the server signs for one subject and window (neither part may contain a newline). */
export function signedMessage(subject: CodeSubject, window: number): string {
  assertSubject(subject)
  if (!Number.isSafeInteger(window) || window < 0) throw new RangeError(`bad window: ${window}`)
  return `xiangzhi-rotating-code\n${subject.purpose}\n${subject.subjectId}\n${window}`
}

/** 6 digits from a MAC by RFC 4226 dynamic truncation (the way authenticator apps do it). */
export function digitsFromMac(mac: ArrayLike<number>): string {
  if (mac.length < 20) throw new RangeError('MAC too short')
  const offset = mac[mac.length - 1]! & 0x0f
  const binary =
    ((mac[offset]! & 0x7f) << 24) |
    ((mac[offset + 1]! & 0xff) << 16) |
    ((mac[offset + 2]! & 0xff) << 8) |
    (mac[offset + 3]! & 0xff)
  return String(binary % 10 ** ROTATING_CODE_DIGITS).padStart(ROTATING_CODE_DIGITS, '0')
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** base64url (no padding) of bytes. */
export function base64url(bytes: ArrayLike<number>): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0
    const n = (a << 16) | (b << 8) | c
    out += B64URL[(n >> 18) & 63]! + B64URL[(n >> 12) & 63]!
    if (i + 1 < bytes.length) out += B64URL[(n >> 6) & 63]!
    if (i + 2 < bytes.length) out += B64URL[n & 63]!
  }
  return out
}

/** The QR signature: base64url of the first 16 bytes of the MAC (22 characters). */
export function signatureFromMac(mac: ArrayLike<number>): string {
  if (mac.length < ROTATING_CODE_SIGNATURE_BYTES) throw new RangeError('MAC too short')
  return base64url(Array.from({ length: ROTATING_CODE_SIGNATURE_BYTES }, (_, i) => mac[i]!))
}

export function formatPayload(subject: CodeSubject, window: number, signature: string): string {
  assertSubject(subject)
  return [ROTATING_CODE_PAYLOAD_PREFIX, subject.purpose, subject.subjectId, String(window), signature].join('.')
}

/** Digits as shown on a screen: "123 456". */
export function formatDigits(digits: string): string {
  return `${digits.slice(0, 3)} ${digits.slice(3)}`
}

/** The code a screen shows for one subject and window. */
export function codeFor(subject: CodeSubject, window: number, mac: MacFunction): { digits: string; payload: string } {
  const bytes = mac(subject, window)
  return { digits: digitsFromMac(bytes), payload: formatPayload(subject, window, signatureFromMac(bytes)) }
}

const FULL_WIDTH_DIGITS = /[０-９]/g

/** Reads what a user typed or scanned: 6 digits (spaces and dashes allowed), or a QR payload. */
export function parsePresented(text: unknown): PresentedCode {
  if (typeof text !== 'string' || text.length > 200) return { form: 'malformed' }
  const trimmed = text.trim()
  const digits = trimmed
    .replace(FULL_WIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\s-]/g, '')
  if (/^\d+$/.test(digits))
    return digits.length === ROTATING_CODE_DIGITS ? { form: 'digits', digits } : { form: 'malformed' }
  const parts = trimmed.split('.')
  if (parts.length !== 5 || parts[0] !== ROTATING_CODE_PAYLOAD_PREFIX) return { form: 'malformed' }
  const [, purpose, subjectId, windowText, signature] = parts as [string, string, string, string, string]
  if (!PURPOSE_PATTERN.test(purpose) || !SUBJECT_ID_PATTERN.test(subjectId)) return { form: 'malformed' }
  if (!/^\d{1,15}$/.test(windowText) || !/^[A-Za-z0-9_-]{22}$/.test(signature)) return { form: 'malformed' }
  return { form: 'payload', purpose, subjectId, window: Number(windowText), signature }
}

/** Compares two strings in time independent of where they differ. */
export function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

const refuse = (reason: CodeRefusal): CodeJudgement => ({ ok: false, reason, message: CODE_REFUSAL_MESSAGES[reason] })

/**
 * Judges a presented code for the expected subject at `now`. Digits can only be checked against the expected
 * subject (they say nothing else): a match in the current or previous window is accepted, a match up to
 * RECENTLY_EXPIRED_WINDOWS back is `expired`, anything else `bad-signature`. A payload names its purpose, subject
 * and window: those are checked first (other purpose / other subject), then the signature, then the age — so
 * `expired` is said only of a genuine code.
 */
export function judgeCode(
  presented: unknown,
  expected: CodeSubject,
  now: Date | number,
  mac: MacFunction,
  windowSeconds = ROTATING_CODE_WINDOW_SECONDS,
): CodeJudgement {
  assertSubject(expected)
  const parsed = parsePresented(presented)
  const [current, previous] = acceptedWindows(now, windowSeconds)
  if (parsed.form === 'malformed') return refuse('malformed')
  if (parsed.form === 'digits') {
    for (const window of [current, previous]) {
      if (window >= 0 && sameText(digitsFromMac(mac(expected, window)), parsed.digits))
        return { ok: true, window, form: 'digits' }
    }
    for (let window = previous - 1; window >= previous - RECENTLY_EXPIRED_WINDOWS && window >= 0; window--) {
      if (sameText(digitsFromMac(mac(expected, window)), parsed.digits)) return refuse('expired')
    }
    return refuse('bad-signature')
  }
  if (parsed.purpose !== expected.purpose) return refuse('other-purpose')
  if (parsed.subjectId !== expected.subjectId) return refuse('other-subject')
  // A window after the current one was never shown by the server: only a forgery names it.
  if (parsed.window > current) return refuse('bad-signature')
  if (parsed.window < 0) return refuse('malformed')
  if (!sameText(signatureFromMac(mac(expected, parsed.window)), parsed.signature)) return refuse('bad-signature')
  if (parsed.window < previous) return refuse('expired')
  return { ok: true, window: parsed.window, form: 'payload' }
}
