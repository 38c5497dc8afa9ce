import { createHmac } from 'node:crypto'
import { codeFor, parsePresented, signedMessage, type MacFunction } from '@common/rules/rotating-code'
import { decodeMatrix } from '../../../test/support/qr'
import {
  alignmentPositions,
  byteCapacity,
  darkRuns,
  encodeQr,
  linePenalty,
  MAX_VERSION,
  penalty,
  QrTooLongError,
  utf8Bytes,
  versionFor,
  type ErrorCorrectionLevel,
} from './encode'

const LEVELS: ErrorCorrectionLevel[] = ['L', 'M', 'Q', 'H']

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

describe('QR encoder', () => {
  it('holds the byte counts of the standard’s capacity table', () => {
    // ISO/IEC 18004 table 7, byte mode, versions 1–10 at level M, and the extremes of every level.
    expect(Array.from({ length: 10 }, (_, i) => byteCapacity(i + 1, 'M'))).toEqual([
      14, 26, 42, 62, 84, 106, 122, 152, 180, 213,
    ])
    expect(LEVELS.map((l) => byteCapacity(1, l))).toEqual([17, 14, 11, 7])
    expect(LEVELS.map((l) => byteCapacity(40, l))).toEqual([2953, 2331, 1663, 1273])
  })

  it('places alignment patterns where the standard’s table puts them', () => {
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

  it('picks the smallest version that holds the data, at every version boundary of every level', () => {
    for (const level of LEVELS) {
      for (let version = 1; version <= MAX_VERSION; version++) {
        const capacity = byteCapacity(version, level)
        expect(versionFor(capacity, level)).toBe(version)
        expect(versionFor(capacity + 1, level)).toBe(version < MAX_VERSION ? version + 1 : undefined)
        // Encoded and decoded: versions 1–10 and 40 at every level, and every fifth beyond 10 at level M (the app's).
        if (version <= 10 || version === 40 || (level === 'M' && version % 5 === 0))
          expect(expectRoundTrip(asciiText(capacity, version * 7 + capacity), { level }).version).toBe(version)
      }
      expect(encodeQr(asciiText(byteCapacity(9, level) + 1, 9), { level }).version).toBe(10)
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
      expect(Buffer.from(utf8Bytes(text)).toString('utf8')).toBe(text)
      expectRoundTrip(text)
    }
    expect(utf8Bytes('\ud800x')).toEqual([0xef, 0xbf, 0xbd, 0x78]) // a lone surrogate becomes U+FFFD, like Buffer
    expect(utf8Bytes('')).toEqual([])
    expectRoundTrip('')
  })

  it('every one of the 8 masks decodes, and the chosen one has the lowest penalty', () => {
    const payload = codeFor({ purpose: 'duty', subjectId: 'v025' }, 59_012_345, mac).payload
    for (let mask = 0; mask < 8; mask++) expect(expectRoundTrip(payload, { mask }).mask).toBe(mask)

    const chosen = new Set<number>()
    for (let i = 0; i < 40; i++) {
      const text = codeFor({ purpose: i % 2 ? 'duty' : 'meeting', subjectId: `v${i}` }, 59_000_000 + i, mac).payload
      const qr = encodeQr(text)
      const scores = Array.from({ length: 8 }, (_, mask) => penalty(encodeQr(text, { mask }).modules))
      expect(penalty(qr.modules)).toBe(scores[qr.mask])
      expect(qr.mask).toBe(scores.indexOf(Math.min(...scores)))
      chosen.add(qr.mask)
    }
    // Different data leads to different masks (a constant mask would mean the choice is not made at all).
    expect(chosen.size).toBeGreaterThanOrEqual(3)
  })

  it('scores the four penalty rules as the standard defines them', () => {
    const light = (n: number) => Array.from({ length: n }, () => new Array<boolean>(n).fill(false))
    // 5×5 light: 10 runs of 5 (3 each), 16 2×2 blocks (3 each), 0 % dark (10 steps of 5 % → 100).
    expect(penalty(light(5))).toBe(30 + 48 + 100)
    const checker = (n: number) =>
      Array.from({ length: n }, (_, y) => Array.from({ length: n }, (_, x) => (x + y) % 2 === 0))
    expect(penalty(checker(6))).toBe(0)
    // A run of 7 scores 3 + 2.
    expect(linePenalty([true, true, true, true, true, true, true, false])).toBe(5)
    // 1:1:3:1:1 with four light after it, and (the quiet zone is light) four before it: twice N3.
    const finderLike = [1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0].map(Boolean)
    expect(linePenalty(finderLike)).toBe(80)
    // With dark modules on both sides it is not finder-like.
    expect(linePenalty([true, false, ...[1, 0, 1, 1, 1, 0, 1].map(Boolean), false, true])).toBe(0)
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

  it('refuses text too long for the largest allowed version with a clear error', () => {
    expect(() => encodeQr('a'.repeat(2332))).toThrow(QrTooLongError)
    expect(() => encodeQr('a'.repeat(2332))).toThrow(
      'QR data too long: 2332 bytes, at most 2331 bytes fit in version 40 at level M',
    )
    expect(encodeQr('a'.repeat(2331)).version).toBe(40)
    // Counted in UTF-8 bytes, not characters: 72 Chinese characters are 216 bytes, more than version 10 holds.
    expect(() => encodeQr('签'.repeat(72), { maxVersion: 10 })).toThrow(
      'QR data too long: 216 bytes, at most 213 bytes fit in version 10 at level M',
    )
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
