import { createHmac } from 'node:crypto'
import {
  acceptedWindows,
  base64url,
  codeFor,
  CODE_REFUSAL_MESSAGES,
  digitsFromMac,
  formatDigits,
  formatPayload,
  judgeCode,
  parsePresented,
  RECENTLY_EXPIRED_WINDOWS,
  ROTATING_CODE_WINDOW_SECONDS,
  sameText,
  secondsLeft,
  signatureFromMac,
  signedMessage,
  windowEndsAt,
  windowOf,
  windowStartsAt,
  type CodeSubject,
  type MacFunction,
} from './rotating-code'

const SECRET = Buffer.from('test-secret-test-secret-test-sec')
const mac: MacFunction = (subject, window) =>
  createHmac('sha256', SECRET).update(signedMessage(subject, window)).digest()
const otherMac: MacFunction = (subject, window) =>
  createHmac('sha256', 'another secret').update(signedMessage(subject, window)).digest()

const DUTY_V1: CodeSubject = { purpose: 'duty', subjectId: 'v1' }
// 2026-03-02 10:00:00 Beijing = 02:00:00Z, which is a window boundary (divisible by 30 s).
const T0 = Date.parse('2026-03-02T02:00:00.000Z')
const W0 = T0 / 30_000

describe('windows', () => {
  it('cuts time into 30 s windows since the epoch', () => {
    expect(ROTATING_CODE_WINDOW_SECONDS).toBe(30)
    expect(windowOf(T0)).toBe(W0)
    expect(windowOf(T0 + 29_999)).toBe(W0)
    expect(windowOf(T0 + 30_000)).toBe(W0 + 1)
    expect(windowOf(T0 - 1)).toBe(W0 - 1)
    expect(windowOf(new Date(T0))).toBe(W0)
    expect(windowStartsAt(W0).getTime()).toBe(T0)
    expect(windowEndsAt(W0).getTime()).toBe(T0 + 30_000)
  })

  it('takes another window length, within 5–600 s', () => {
    expect(windowOf(T0 + 59_000, 60)).toBe(T0 / 60_000)
    expect(() => windowOf(T0, 4)).toThrow(RangeError)
    expect(() => windowOf(T0, 601)).toThrow(RangeError)
    expect(() => windowOf(T0, 7.5)).toThrow(RangeError)
  })

  it('counts the seconds left, rounded up and at least 1', () => {
    expect(secondsLeft(T0)).toBe(30)
    expect(secondsLeft(T0 + 1)).toBe(30)
    expect(secondsLeft(T0 + 29_000)).toBe(1)
    expect(secondsLeft(T0 + 29_999)).toBe(1)
    expect(secondsLeft(T0 + 15_500)).toBe(15)
  })

  it('accepts the current and the immediately previous window only', () => {
    expect(acceptedWindows(T0 + 10_000)).toEqual([W0, W0 - 1])
  })
})

describe('code forms', () => {
  it('signs purpose, subject and window, and refuses parts that could be confused', () => {
    expect(signedMessage(DUTY_V1, 5)).toBe('xiangzhi-rotating-code\nduty\nv1\n5')
    expect(() => signedMessage({ purpose: 'Duty', subjectId: 'v1' }, 5)).toThrow(RangeError)
    expect(() => signedMessage({ purpose: 'duty', subjectId: 'v1\nmeeting' }, 5)).toThrow(RangeError)
    expect(() => signedMessage({ purpose: 'duty', subjectId: 'v.1' }, 5)).toThrow(RangeError)
    expect(() => signedMessage(DUTY_V1, -1)).toThrow(RangeError)
    expect(() => signedMessage(DUTY_V1, 1.5)).toThrow(RangeError)
  })

  it('truncates a MAC to 6 digits as RFC 4226 does', () => {
    // RFC 4226 appendix D, count 0: HMAC-SHA1("12345678901234567890", 0) → 755224
    const hotp = createHmac('sha1', '12345678901234567890').update(Buffer.alloc(8)).digest()
    expect(digitsFromMac(hotp)).toBe('755224')
    const count9 = Buffer.alloc(8)
    count9.writeUInt32BE(9, 4)
    expect(digitsFromMac(createHmac('sha1', '12345678901234567890').update(count9).digest())).toBe('520489')
    expect(() => digitsFromMac(new Uint8Array(19))).toThrow(RangeError)
  })

  it('keeps leading zeros', () => {
    const bytes = new Uint8Array(20) // offset 0, value 0
    expect(digitsFromMac(bytes)).toBe('000000')
  })

  it('encodes base64url like Node does', () => {
    for (const n of [0, 1, 2, 3, 15, 16, 17, 32]) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + 250) % 256))
      expect(base64url(bytes)).toBe(bytes.toString('base64url'))
    }
    expect(signatureFromMac(mac(DUTY_V1, W0))).toHaveLength(22)
    expect(() => signatureFromMac(new Uint8Array(15))).toThrow(RangeError)
  })

  it('formats digits and payloads', () => {
    expect(formatDigits('012345')).toBe('012 345')
    expect(formatPayload(DUTY_V1, 12, 'A'.repeat(22))).toBe(`xzrc1.duty.v1.12.${'A'.repeat(22)}`)
    const code = codeFor(DUTY_V1, W0, mac)
    expect(code.digits).toMatch(/^\d{6}$/)
    expect(code.payload.startsWith(`xzrc1.duty.v1.${W0}.`)).toBe(true)
  })

  it('gives different codes for other windows, subjects, purposes and secrets', () => {
    const base = codeFor(DUTY_V1, W0, mac).payload
    expect(codeFor(DUTY_V1, W0 + 1, mac).payload).not.toBe(base)
    expect(codeFor({ purpose: 'duty', subjectId: 'v2' }, W0, mac).payload.split('.')[4]).not.toBe(base.split('.')[4])
    expect(codeFor({ purpose: 'meeting', subjectId: 'v1' }, W0, mac).payload.split('.')[4]).not.toBe(base.split('.')[4])
    expect(codeFor(DUTY_V1, W0, otherMac).payload).not.toBe(base)
  })
})

describe('parsePresented', () => {
  it('reads 6 digits with spaces, dashes or full-width digits', () => {
    expect(parsePresented('123456')).toEqual({ form: 'digits', digits: '123456' })
    expect(parsePresented(' 123 456 ')).toEqual({ form: 'digits', digits: '123456' })
    expect(parsePresented('123-456')).toEqual({ form: 'digits', digits: '123456' })
    expect(parsePresented('１２３４５６')).toEqual({ form: 'digits', digits: '123456' })
  })

  it('reads a payload', () => {
    const sig = 'abcdefghijklmnopqrstu_'
    expect(parsePresented(`xzrc1.duty.v-1.99.${sig}`)).toEqual({
      form: 'payload',
      purpose: 'duty',
      subjectId: 'v-1',
      window: 99,
      signature: sig,
    })
  })

  it.each([
    ['12345'],
    ['1234567'],
    ['12a456'],
    [''],
    ['   '],
    ['xzrc2.duty.v1.99.abcdefghijklmnopqrstu_'],
    ['xzrc1.duty.v1.99'],
    ['xzrc1.duty.v1.99.abcdefghijklmnopqrstu_.x'],
    ['xzrc1.DUTY.v1.99.abcdefghijklmnopqrstu_'],
    ['xzrc1.duty.v 1.99.abcdefghijklmnopqrstu_'],
    ['xzrc1.duty.v1.-9.abcdefghijklmnopqrstu_'],
    ['xzrc1.duty.v1.9e3.abcdefghijklmnopqrstu_'],
    ['xzrc1.duty.v1.99.short'],
    ['xzrc1.duty.v1.99.abcdefghijklmnopqrst+/'],
    ['x'.repeat(201)],
  ])('refuses %j as malformed', (text) => {
    expect(parsePresented(text)).toEqual({ form: 'malformed' })
  })

  it('refuses what is not a string', () => {
    expect(parsePresented(123456)).toEqual({ form: 'malformed' })
    expect(parsePresented(null)).toEqual({ form: 'malformed' })
    expect(parsePresented({ digits: '123456' })).toEqual({ form: 'malformed' })
  })
})

describe('judgeCode', () => {
  const at = (ms: number) => new Date(ms)
  const shown = (window: number, subject = DUTY_V1, m = mac) => codeFor(subject, window, m)

  it('accepts the code of the current window, typed or scanned', () => {
    const code = shown(W0)
    expect(judgeCode(code.digits, DUTY_V1, at(T0 + 5_000), mac)).toEqual({ ok: true, window: W0, form: 'digits' })
    expect(judgeCode(code.payload, DUTY_V1, at(T0 + 5_000), mac)).toEqual({ ok: true, window: W0, form: 'payload' })
    expect(judgeCode(formatDigits(code.digits), DUTY_V1, at(T0), mac).ok).toBe(true)
  })

  it('accepts the previous window (scan delay) up to its very end, and nothing older', () => {
    const code = shown(W0)
    // Still valid throughout the next window …
    expect(judgeCode(code.digits, DUTY_V1, at(T0 + 30_000), mac)).toEqual({ ok: true, window: W0, form: 'digits' })
    expect(judgeCode(code.payload, DUTY_V1, at(T0 + 59_999), mac)).toEqual({ ok: true, window: W0, form: 'payload' })
    // … and expired from the one after.
    expect(judgeCode(code.digits, DUTY_V1, at(T0 + 60_000), mac)).toMatchObject({ ok: false, reason: 'expired' })
    expect(judgeCode(code.payload, DUTY_V1, at(T0 + 60_000), mac)).toMatchObject({
      ok: false,
      reason: 'expired',
      message: CODE_REFUSAL_MESSAGES.expired,
    })
  })

  it('says "expired" for typed digits of the last 10 minutes, "wrong" beyond', () => {
    const old = shown(W0 - RECENTLY_EXPIRED_WINDOWS - 1)
    // The oldest recognised window is previous - RECENTLY_EXPIRED_WINDOWS = W0 - 1 - 20.
    expect(judgeCode(old.digits, DUTY_V1, at(T0 + 1_000), mac)).toMatchObject({ ok: false, reason: 'expired' })
    const tooOld = shown(W0 - RECENTLY_EXPIRED_WINDOWS - 2)
    expect(judgeCode(tooOld.digits, DUTY_V1, at(T0 + 1_000), mac)).toMatchObject({ ok: false, reason: 'bad-signature' })
    // A replayed payload is expired however old it is.
    expect(judgeCode(shown(W0 - 5000).payload, DUTY_V1, at(T0), mac)).toMatchObject({ ok: false, reason: 'expired' })
  })

  it('refuses a code of a future window as forged', () => {
    expect(judgeCode(shown(W0 + 1).payload, DUTY_V1, at(T0 + 29_999), mac)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    })
    expect(judgeCode(shown(W0 + 1).digits, DUTY_V1, at(T0 + 29_999), mac)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    })
  })

  it('refuses a code of another village, with the reason when it is scanned', () => {
    const v2: CodeSubject = { purpose: 'duty', subjectId: 'v2' }
    expect(judgeCode(shown(W0, v2).payload, DUTY_V1, at(T0), mac)).toEqual({
      ok: false,
      reason: 'other-subject',
      message: CODE_REFUSAL_MESSAGES['other-subject'],
    })
    // Typed digits say nothing about their village: they are simply wrong here.
    expect(judgeCode(shown(W0, v2).digits, DUTY_V1, at(T0), mac)).toMatchObject({ ok: false, reason: 'bad-signature' })
  })

  it('refuses a code made for another purpose (a meeting code at duty check-in)', () => {
    const meeting: CodeSubject = { purpose: 'meeting', subjectId: 'v1' }
    expect(judgeCode(shown(W0, meeting).payload, DUTY_V1, at(T0), mac)).toMatchObject({
      ok: false,
      reason: 'other-purpose',
    })
  })

  it('refuses a payload whose signature was altered or made with another secret', () => {
    const good = shown(W0).payload
    const parts = good.split('.')
    const sig = parts[4]!
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)
    expect(judgeCode([...parts.slice(0, 4), flipped].join('.'), DUTY_V1, at(T0), mac)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    })
    // Moving a genuine signature to another window does not make it valid there.
    expect(
      judgeCode([parts[0], parts[1], parts[2], String(W0 - 1), sig].join('.'), DUTY_V1, at(T0), mac),
    ).toMatchObject({ ok: false, reason: 'bad-signature' })
    expect(judgeCode(shown(W0, DUTY_V1, otherMac).payload, DUTY_V1, at(T0), mac)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    })
    // An old forged payload is "wrong", not "expired": only genuine codes are called expired.
    expect(judgeCode(shown(W0 - 100, DUTY_V1, otherMac).payload, DUTY_V1, at(T0), mac)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    })
  })

  it('refuses wrong and malformed digits', () => {
    const right = shown(W0).digits
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0')
    // Make sure the "wrong" code is not accidentally the previous window's.
    const prev = shown(W0 - 1).digits
    const candidate = wrong === prev ? String((Number(right) + 2) % 1_000_000).padStart(6, '0') : wrong
    expect(judgeCode(candidate, DUTY_V1, at(T0), mac)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
      message: CODE_REFUSAL_MESSAGES['bad-signature'],
    })
    expect(judgeCode('12345', DUTY_V1, at(T0), mac)).toEqual({
      ok: false,
      reason: 'malformed',
      message: CODE_REFUSAL_MESSAGES.malformed,
    })
    expect(judgeCode(undefined, DUTY_V1, at(T0), mac)).toMatchObject({ ok: false, reason: 'malformed' })
  })

  it('refuses to judge for a malformed expected subject', () => {
    expect(() => judgeCode('123456', { purpose: 'duty', subjectId: '' }, at(T0), mac)).toThrow(RangeError)
  })

  it('gives a Chinese message for every refusal', () => {
    for (const message of Object.values(CODE_REFUSAL_MESSAGES)) expect(message).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('works near the epoch without looking at negative windows', () => {
    const code = codeFor(DUTY_V1, 0, mac)
    expect(judgeCode(code.digits, DUTY_V1, at(10_000), mac)).toEqual({ ok: true, window: 0, form: 'digits' })
    expect(judgeCode('000000', DUTY_V1, at(10_000), mac).ok).toBe(code.digits === '000000')
  })
})

describe('sameText', () => {
  it('compares exactly', () => {
    expect(sameText('abc', 'abc')).toBe(true)
    expect(sameText('abc', 'abd')).toBe(false)
    expect(sameText('abc', 'abcd')).toBe(false)
    expect(sameText('', '')).toBe(true)
  })
})
