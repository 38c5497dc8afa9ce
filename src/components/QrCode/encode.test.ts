import { createHmac } from 'node:crypto'
import { codeFor, parsePresented, signedMessage, type MacFunction } from '@common/rules/rotating-code'
import { decodeMatrix } from '../../../test/support/qr'
import { darkRuns, encodeQr, type ErrorCorrectionLevel } from './encode'

const LEVELS: ErrorCorrectionLevel[] = ['L', 'M', 'Q', 'H']

/** Byte-mode capacity from ISO/IEC 18004 table 7: versions 1–10 at level M, and versions 1 and 40 of every level. */
const CAPACITY_M = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213]
const CAPACITY_V1: Record<ErrorCorrectionLevel, number> = { L: 17, M: 14, Q: 11, H: 7 }
const CAPACITY_V40: Record<ErrorCorrectionLevel, number> = { L: 2953, M: 2331, Q: 1663, H: 1273 }

/** Alignment pattern centres (ISO/IEC 18004 annex E), computed here to check the drawn symbol. */
function alignmentPositions(version: number): number[] {
  if (version === 1) return []
  const count = Math.floor(version / 7) + 2
  const step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2
  const positions = [6]
  for (let pos = version * 4 + 10; positions.length < count; pos -= step) positions.splice(1, 0, pos)
  return positions
}

/** A deterministic printable-ASCII string (mulberry32), so a failure is reproducible. */
function asciiText(length: number, seed: number): string {
  let s = seed >>> 0
  let out = ''
  for (let i = 0; i < length; i++) {
    s = (s + 0x6d2b79f5) >>> 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t)
    out += String.fromCharCode(32 + (((t ^ (t >>> 14)) >>> 0) % 95))
  }
  return out
}

const KEY = Buffer.alloc(32, 7)
const mac: MacFunction = (subject, window) => createHmac('sha256', KEY).update(signedMessage(subject, window)).digest()

function expectRoundTrip(text: string, options?: Parameters<typeof encodeQr>[1]) {
  const qr = encodeQr(text, options)
  const decoded = decodeMatrix(qr.modules)
  expect(decoded).not.toBeNull()
  expect(decoded!.text).toBe(text)
  expect(decoded!.version).toBe(qr.version)
  return qr
}

/** Polynomial remainder over GF(2), written independently of the encoder's BCH loops. */
function gf2Remainder(value: number, generator: number): number {
  const degree = 31 - Math.clz32(generator)
  let v = value
  for (let bit = 31 - Math.clz32(v); bit >= degree; bit--) if ((v >>> bit) & 1) v ^= generator << (bit - degree)
  return v
}

function readFormat(modules: boolean[][]): { first: number; second: number } {
  const size = modules.length
  const at = (x: number, y: number) => (modules[y]![x] ? 1 : 0)
  // Bit i of the format word, in the standard's placement (bit 0 = least significant).
  const firstCoords: [number, number][] = [
    ...[0, 1, 2, 3, 4, 5].map((i) => [8, i] as [number, number]),
    [8, 7],
    [8, 8],
    [7, 8],
    ...[9, 10, 11, 12, 13, 14].map((i) => [14 - i, 8] as [number, number]),
  ]
  const secondCoords: [number, number][] = [
    ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => [size - 1 - i, 8] as [number, number]),
    ...[8, 9, 10, 11, 12, 13, 14].map((i) => [8, size - 15 + i] as [number, number]),
  ]
  const word = (coords: [number, number][]) => coords.reduce((w, [x, y], i) => w | (at(x, y) << i), 0)
  return { first: word(firstCoords), second: word(secondCoords) }
}

describe('QR encoder (uqr)', () => {
  it('checks the drawn alignment patterns against the standard’s table', () => {
    expect(alignmentPositions(1)).toEqual([])
    expect(alignmentPositions(2)).toEqual([6, 18])
    expect(alignmentPositions(7)).toEqual([6, 22, 38])
    expect(alignmentPositions(14)).toEqual([6, 26, 46, 66])
    expect(alignmentPositions(32)).toEqual([6, 34, 60, 86, 112, 138])
    expect(alignmentPositions(40)).toEqual([6, 30, 58, 86, 114, 142, 170])
  })

  it('real rotating-code payloads for duty and meetings decode to themselves', () => {
    const subjects = [
      { purpose: 'duty', subjectId: 'v025' },
      { purpose: 'duty', subjectId: 'v1' },
      { purpose: 'duty', subjectId: 'village-' + 'x'.repeat(56) },
      { purpose: 'meeting', subjectId: 'mt-Ab3dEf6hIj9k' },
      { purpose: 'meeting', subjectId: 'mt-' + 'Z9_-'.repeat(15) },
    ]
    const versions = new Set<number>()
    for (const subject of subjects) {
      for (const window of [0, 1, 59_012_345, 59_012_346, 999_999_999_999_999]) {
        const { payload } = codeFor(subject, window, mac)
        const qr = expectRoundTrip(payload)
        expect(qr.level).toBe('M')
        versions.add(qr.version)
        // What a scanner reads is what the server parses.
        expect(parsePresented(decodeMatrix(qr.modules)!.text)).toMatchObject({ form: 'payload', ...subject, window })
      }
    }
    // 40–130 ASCII bytes: versions 3–7 at level M.
    expect(Math.min(...versions)).toBeGreaterThanOrEqual(3)
    expect(Math.max(...versions)).toBeLessThanOrEqual(7)
  })

  it('picks the smallest version that holds the data, at the version boundaries of the standard’s table', () => {
    const boundaries: [ErrorCorrectionLevel, number, number][] = [
      ...CAPACITY_M.map((capacity, i): [ErrorCorrectionLevel, number, number] => ['M', i + 1, capacity]),
      ...LEVELS.map((level): [ErrorCorrectionLevel, number, number] => [level, 1, CAPACITY_V1[level]]),
      ...LEVELS.map((level): [ErrorCorrectionLevel, number, number] => [level, 40, CAPACITY_V40[level]]),
    ]
    for (const [level, version, capacity] of boundaries) {
      // Printable ASCII with lower case: byte mode, one byte a character.
      expect(expectRoundTrip(asciiText(capacity, version * 7 + capacity), { level }).version).toBe(version)
      if (version < 40) expect(encodeQr(asciiText(capacity + 1, version), { level }).version).toBe(version + 1)
      else expect(() => encodeQr(asciiText(capacity + 1, version), { level })).toThrow(RangeError)
    }
  })

  it('encodes UTF-8: Chinese text, emoji and mixed text decode to themselves', () => {
    for (const text of [
      '乡治',
      '党群服务中心值班签到',
      '张三（村委委员）今天 08:30–15:30 值班 ✅',
      '𠮷野家 🚜 村道',
      '签'.repeat(70),
    ]) {
      const qr = expectRoundTrip(text)
      expect(decodeMatrix(qr.modules)!.bytes).toEqual([...Buffer.from(text, 'utf8')])
    }
    expectRoundTrip('')
  })

  it('every one of the 8 masks decodes, and the mask is chosen per data', () => {
    const payload = codeFor({ purpose: 'duty', subjectId: 'v025' }, 59_012_345, mac).payload
    for (let mask = 0; mask < 8; mask++) expect(expectRoundTrip(payload, { mask }).mask).toBe(mask)

    const chosen = new Set<number>()
    for (let i = 0; i < 40; i++) {
      const text = codeFor({ purpose: i % 2 ? 'duty' : 'meeting', subjectId: `v${i}` }, 59_000_000 + i, mac).payload
      chosen.add(expectRoundTrip(text).mask)
    }
    // Different data leads to different masks (a constant mask would mean the choice is not made at all).
    expect(chosen.size).toBeGreaterThanOrEqual(3)
  })

  it('draws the finder, timing and format patterns and the dark module', () => {
    for (const text of [
      'A',
      codeFor({ purpose: 'duty', subjectId: 'v025' }, 59_012_345, mac).payload,
      asciiText(200, 3),
      asciiText(1000, 4),
    ]) {
      const qr = encodeQr(text)
      const { modules, size } = qr
      expect(size).toBe(qr.version * 4 + 17)
      expect(modules).toHaveLength(size)
      for (const row of modules) expect(row).toHaveLength(size)
      const at = (x: number, y: number) => modules[y]![x]
      for (const [ox, oy] of [
        [0, 0],
        [size - 7, 0],
        [0, size - 7],
      ] as const) {
        for (let dy = 0; dy < 7; dy++) {
          for (let dx = 0; dx < 7; dx++) {
            const ring = Math.max(Math.abs(dx - 3), Math.abs(dy - 3))
            expect(at(ox + dx, oy + dy)).toBe(ring !== 2)
          }
        }
      }
      // Light separators around the finders.
      for (let i = 0; i < 8; i++) {
        expect([
          at(7, i),
          at(i, 7),
          at(size - 8, i),
          at(size - 1 - i, 7),
          at(7, size - 1 - i),
          at(i, size - 8),
        ]).toEqual(new Array(6).fill(false))
      }
      for (let i = 8; i < size - 8; i++) {
        expect(at(i, 6)).toBe(i % 2 === 0)
        expect(at(6, i)).toBe(i % 2 === 0)
      }
      expect(at(8, size - 8)).toBe(true)
      for (const cy of alignmentPositions(qr.version)) {
        for (const cx of alignmentPositions(qr.version)) {
          if ((cx < 9 && cy < 9) || (cx > size - 9 && cy < 9) || (cx < 9 && cy > size - 9)) continue
          for (let dy = -2; dy <= 2; dy++)
            for (let dx = -2; dx <= 2; dx++)
              expect(at(cx + dx, cy + dy)).toBe(Math.max(Math.abs(dx), Math.abs(dy)) !== 1)
        }
      }
      // Both copies of the format information agree, are a valid BCH(15,5) word, and name level M and the mask.
      const { first, second } = readFormat(modules)
      expect(second).toBe(first)
      const raw = first ^ 0x5412
      expect(gf2Remainder(raw, 0x537)).toBe(0)
      expect(raw >>> 13).toBe(0b00) // level M
      expect((raw >>> 10) & 7).toBe(qr.mask)
      if (qr.version >= 7) {
        let a = 0
        let b = 0
        for (let i = 0; i < 18; i++) {
          a |= (at(size - 11 + (i % 3), Math.floor(i / 3)) ? 1 : 0) << i
          b |= (at(Math.floor(i / 3), size - 11 + (i % 3)) ? 1 : 0) << i
        }
        expect(b).toBe(a)
        expect(a >>> 12).toBe(qr.version)
        expect(gf2Remainder(a, 0x1f25)).toBe(0)
      }
    }
  })

  it('refuses text too long for the largest allowed version, and options out of range', () => {
    expect(() => encodeQr('a'.repeat(2332))).toThrow(RangeError)
    expect(encodeQr('a'.repeat(2331)).version).toBe(40)
    // Counted in UTF-8 bytes, not characters: 72 Chinese characters are 216 bytes, more than version 10 holds.
    expect(() => encodeQr('签'.repeat(72), { maxVersion: 10 })).toThrow(RangeError)
    expect(encodeQr('签'.repeat(71), { maxVersion: 10 }).version).toBe(10)
    expect(() => encodeQr('x', { mask: 8 })).toThrow(RangeError)
    expect(() => encodeQr('x', { minVersion: 0 })).toThrow(RangeError)
    expect(() => encodeQr('x', { minVersion: 5, maxVersion: 4 })).toThrow(RangeError)
    expect(encodeQr('x', { minVersion: 5 }).version).toBe(5)
  })

  it('splits a row into dark runs', () => {
    expect(darkRuns([])).toEqual([])
    expect(darkRuns([false, false])).toEqual([])
    expect(darkRuns([true, true, false, true, false, false, true, true, true])).toEqual([
      [0, 2],
      [3, 1],
      [6, 3],
    ])
  })
})
