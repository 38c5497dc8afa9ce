/**
 * A QR Code encoder (ISO/IEC 18004): one byte-mode segment of UTF-8, versions 1–40, levels L/M/Q/H, the mask
 * chosen by the standard's four penalty rules. No runtime dependency, no Canvas: it returns the module matrix and
 * the component draws it with Views, the same in weapp and H5. Written for the rotating check-in codes
 * (`xzrc1.<purpose>.<subjectId>.<window>.<sig>`, 40–100 ASCII bytes: version 3–5 at level M).
 *
 * No ECI header is written: scanners (WeChat's included) read byte mode as UTF-8 when it is valid UTF-8, and the
 * payloads the app shows are ASCII.
 */

export type ErrorCorrectionLevel = 'L' | 'M' | 'Q' | 'H'

export interface QrOptions {
  /** Default M: a screen is not worn or dirty like print, and M keeps modules larger than Q at the same size. */
  level?: ErrorCorrectionLevel
  minVersion?: number
  maxVersion?: number
  /** Forces a mask (0–7) instead of choosing the lowest penalty; for tests. */
  mask?: number
}

export interface QrCode {
  version: number
  level: ErrorCorrectionLevel
  mask: number
  /** Modules per side: 4·version + 17 (no quiet zone). */
  size: number
  /** modules[y][x], true = dark. */
  modules: boolean[][]
}

export const MIN_VERSION = 1
export const MAX_VERSION = 40

/** The 2-bit level indicator in the format information. */
const LEVEL_BITS: Record<ErrorCorrectionLevel, number> = { L: 1, M: 0, Q: 3, H: 2 }

// Per version (index 1–40): error correction codewords per block, and the number of blocks (ISO 18004 table 9).
const ECC_PER_BLOCK: Record<ErrorCorrectionLevel, number[]> = {
  L: [
    0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  M: [
    0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  ],
  Q: [
    0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  H: [
    0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
}
const BLOCKS: Record<ErrorCorrectionLevel, number[]> = {
  L: [
    0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19,
    19, 20, 21, 22, 24, 25,
  ],
  M: [
    0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33,
    35, 37, 38, 40, 43, 45, 47, 49,
  ],
  Q: [
    0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43,
    45, 48, 51, 53, 56, 59, 62, 65, 68,
  ],
  H: [
    0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51,
    54, 57, 60, 63, 66, 70, 74, 77, 81,
  ],
}

/** Penalty weights N1–N4 of the mask evaluation. */
const N1 = 3
const N2 = 3
const N3 = 40
const N4 = 10

export class QrTooLongError extends RangeError {
  constructor(
    readonly bytes: number,
    readonly capacity: number,
    readonly level: ErrorCorrectionLevel,
    readonly maxVersion: number,
  ) {
    super(`QR data too long: ${bytes} bytes, at most ${capacity} bytes fit in version ${maxVersion} at level ${level}`)
    this.name = 'QrTooLongError'
  }
}

/** UTF-8 bytes of a string (TextEncoder is missing from older WeChat base libraries). */
export function utf8Bytes(text: string): number[] {
  const out: number[] = []
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i)
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1)
      if (low >= 0xdc00 && low < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00)
        i++
      }
    }
    if (c >= 0xd800 && c < 0xe000) c = 0xfffd // a lone surrogate
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return out
}

function checkVersion(version: number): void {
  if (!Number.isInteger(version) || version < MIN_VERSION || version > MAX_VERSION)
    throw new RangeError(`QR version must be 1–40: ${version}`)
}

/** Modules that carry data and error correction (everything but function patterns and format/version info). */
export function rawDataModules(version: number): number {
  checkVersion(version)
  let n = (16 * version + 128) * version + 64
  if (version >= 2) {
    const align = Math.floor(version / 7) + 2
    n -= (25 * align - 10) * align - 55
    if (version >= 7) n -= 36
  }
  return n
}

export function dataCodewords(version: number, level: ErrorCorrectionLevel): number {
  return Math.floor(rawDataModules(version) / 8) - ECC_PER_BLOCK[level][version]! * BLOCKS[level][version]!
}

const countBits = (version: number) => (version <= 9 ? 8 : 16)

/** The most bytes one byte-mode segment can hold in a version at a level. */
export function byteCapacity(version: number, level: ErrorCorrectionLevel): number {
  const bits = dataCodewords(version, level) * 8 - 4 - countBits(version)
  return Math.min(Math.floor(bits / 8), (1 << countBits(version)) - 1)
}

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Array<number>(512)
const LOG = new Array<number>(256)
{
  let x = 1
  for (let i = 0; i < 255; i++) {
    EXP[i] = x
    LOG[x] = i
    x <<= 1
    if (x & 0x100) x ^= 0x11d
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!
}
const gfMul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!)

/** The Reed–Solomon generator (x − α^0)…(x − α^(degree−1)), highest coefficient (1) dropped. */
function rsGenerator(degree: number): number[] {
  const g = new Array<number>(degree).fill(0)
  g[degree - 1] = 1
  let root = 1
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      g[j] = gfMul(g[j]!, root)
      if (j + 1 < degree) g[j] ^= g[j + 1]!
    }
    root = gfMul(root, 2)
  }
  return g
}

/** Error correction codewords: the remainder of data·x^degree divided by the generator. */
export function rsRemainder(data: number[], degree: number): number[] {
  const g = rsGenerator(degree)
  const r = new Array<number>(degree).fill(0)
  for (const byte of data) {
    const factor = byte ^ r.shift()!
    r.push(0)
    for (let i = 0; i < degree; i++) r[i] ^= gfMul(g[i]!, factor)
  }
  return r
}

/** Mode, count, bytes, terminator, padding: exactly dataCodewords(version, level) bytes. */
function dataCodewordsFor(bytes: number[], version: number, level: ErrorCorrectionLevel): number[] {
  const bits: number[] = []
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1)
  }
  const capacityBits = dataCodewords(version, level) * 8
  put(0b0100, 4)
  put(bytes.length, countBits(version))
  for (const b of bytes) put(b, 8)
  put(0, Math.min(4, capacityBits - bits.length))
  put(0, (8 - (bits.length % 8)) % 8)
  for (let pad = 0xec; bits.length < capacityBits; pad ^= 0xec ^ 0x11) put(pad, 8)
  const out: number[] = []
  for (let i = 0; i < bits.length; i += 8) {
    let b = 0
    for (let j = 0; j < 8; j++) b = (b << 1) | bits[i + j]!
    out.push(b)
  }
  return out
}

/** Splits into blocks, adds each block's error correction, interleaves (ISO 18004 §7.6). */
function interleaved(data: number[], version: number, level: ErrorCorrectionLevel): number[] {
  const blocks = BLOCKS[level][version]!
  const eccLength = ECC_PER_BLOCK[level][version]!
  const rawCodewords = Math.floor(rawDataModules(version) / 8)
  const shortBlocks = blocks - (rawCodewords % blocks)
  const shortLength = Math.floor(rawCodewords / blocks) - eccLength
  const dataBlocks: number[][] = []
  const eccBlocks: number[][] = []
  for (let i = 0, k = 0; i < blocks; i++) {
    const length = shortLength + (i < shortBlocks ? 0 : 1)
    const block = data.slice(k, k + length)
    k += length
    dataBlocks.push(block)
    eccBlocks.push(rsRemainder(block, eccLength))
  }
  const out: number[] = []
  for (let i = 0; i <= shortLength; i++) for (const block of dataBlocks) if (i < block.length) out.push(block[i]!)
  for (let i = 0; i < eccLength; i++) for (const block of eccBlocks) out.push(block[i]!)
  return out
}

export function alignmentPositions(version: number): number[] {
  checkVersion(version)
  if (version === 1) return []
  const count = Math.floor(version / 7) + 2
  const step = Math.floor((version * 8 + count * 3 + 5) / (count * 4 - 4)) * 2
  const out = [6]
  for (let pos = version * 4 + 10; out.length < count; pos -= step) out.splice(1, 0, pos)
  return out
}

/** The 15 format bits (level and mask, BCH-protected, XOR 0x5412). */
export function formatBits(level: ErrorCorrectionLevel, mask: number): number {
  const data = (LEVEL_BITS[level] << 3) | mask
  let rem = data
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537)
  return ((data << 10) | rem) ^ 0x5412
}

/** The 18 version bits (versions ≥ 7). */
export function versionBits(version: number): number {
  let rem = version
  for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25)
  return (version << 12) | rem
}

const MASKS: ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
]

/** Whether mask `mask` inverts the module at (x, y). */
export const maskInverts = (mask: number, x: number, y: number): boolean => MASKS[mask]!(x, y)

class Grid {
  readonly size: number
  readonly modules: boolean[][]
  readonly reserved: boolean[][]
  constructor(readonly version: number) {
    this.size = version * 4 + 17
    this.modules = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false))
    this.reserved = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false))
  }
  fn(x: number, y: number, dark: boolean): void {
    this.modules[y]![x] = dark
    this.reserved[y]![x] = true
  }
}

function drawFunctionPatterns(grid: Grid, level: ErrorCorrectionLevel): void {
  const { size, version } = grid
  for (let i = 0; i < size; i++) {
    grid.fn(6, i, i % 2 === 0)
    grid.fn(i, 6, i % 2 === 0)
  }
  for (const [cx, cy] of [
    [3, 3],
    [size - 4, 3],
    [3, size - 4],
  ] as const) {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx
        const y = cy + dy
        const ring = Math.max(Math.abs(dx), Math.abs(dy))
        if (x >= 0 && x < size && y >= 0 && y < size) grid.fn(x, y, ring !== 2 && ring !== 4)
      }
    }
  }
  const align = alignmentPositions(version)
  const last = align.length - 1
  align.forEach((cy, i) =>
    align.forEach((cx, j) => {
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return // the finders
      for (let dy = -2; dy <= 2; dy++)
        for (let dx = -2; dx <= 2; dx++) grid.fn(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1)
    }),
  )
  drawFormat(grid, level, 0) // reserves the areas; drawn again with the chosen mask
  if (version >= 7) {
    const bits = versionBits(version)
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) === 1
      const a = size - 11 + (i % 3)
      const b = Math.floor(i / 3)
      grid.fn(a, b, dark)
      grid.fn(b, a, dark)
    }
  }
}

function drawFormat(grid: Grid, level: ErrorCorrectionLevel, mask: number): void {
  const { size } = grid
  const bits = formatBits(level, mask)
  const bit = (i: number) => ((bits >>> i) & 1) === 1
  // Around the top-left finder.
  for (let i = 0; i <= 5; i++) grid.fn(8, i, bit(i))
  grid.fn(8, 7, bit(6))
  grid.fn(8, 8, bit(7))
  grid.fn(7, 8, bit(8))
  for (let i = 9; i < 15; i++) grid.fn(14 - i, 8, bit(i))
  // Split between the other two finders.
  for (let i = 0; i < 8; i++) grid.fn(size - 1 - i, 8, bit(i))
  for (let i = 8; i < 15; i++) grid.fn(8, size - 15 + i, bit(i))
  grid.fn(8, size - 8, true) // the dark module
}

/** Places the codewords in the two-column zigzag from the bottom right, skipping the vertical timing column. */
function placeCodewords(grid: Grid, codewords: number[]): void {
  const { size } = grid
  const total = codewords.length * 8
  let i = 0
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5
    const upward = ((right + 1) & 2) === 0
    for (let v = 0; v < size; v++) {
      const y = upward ? size - 1 - v : v
      for (let j = 0; j < 2; j++) {
        const x = right - j
        if (grid.reserved[y]![x]) continue
        // Remainder bits past the last codeword stay light (0).
        if (i < total) grid.modules[y]![x] = ((codewords[i >>> 3]! >>> (7 - (i & 7))) & 1) === 1
        i++
      }
    }
  }
}

function applyMask(grid: Grid, mask: number): void {
  for (let y = 0; y < grid.size; y++) {
    for (let x = 0; x < grid.size; x++)
      if (!grid.reserved[y]![x] && maskInverts(mask, x, y)) grid.modules[y]![x] = !grid.modules[y]![x]
  }
}

/** Rules 1 and 3 along one line of `length` modules; `dark(i)` reads module i of the line. */
function lineScore(length: number, dark: (i: number) => boolean): number {
  let score = 0
  let run = 1
  for (let i = 1; i <= length; i++) {
    if (i < length && dark(i) === dark(i - 1)) run++
    else {
      if (run >= 5) score += N1 + run - 5
      run = 1
    }
  }
  // Rule 3: dark-light-dark-dark-dark-light-dark with four light modules before or after it; outside the symbol
  // is the light quiet zone.
  const at = (i: number) => i >= 0 && i < length && dark(i)
  for (let p = 0; p + 7 <= length; p++) {
    if (!(at(p) && !at(p + 1) && at(p + 2) && at(p + 3) && at(p + 4) && !at(p + 5) && at(p + 6))) continue
    if (!at(p - 1) && !at(p - 2) && !at(p - 3) && !at(p - 4)) score += N3
    if (!at(p + 7) && !at(p + 8) && !at(p + 9) && !at(p + 10)) score += N3
  }
  return score
}

/** Rules 1 and 3 along one row or column. */
export function linePenalty(line: boolean[]): number {
  return lineScore(line.length, (i) => line[i]!)
}

/**
 * The mask penalty of ISO 18004 §7.8.3: N1 + (run − 5) for each run of ≥ 5 same-colour modules in a row or
 * column; N2 for each 2×2 block of one colour; N3 for each finder-like 1:1:3:1:1 pattern with 4 light modules on
 * one side (the quiet zone counts as light); N4 for each full 5 % the dark share deviates from 50 %.
 */
export function penalty(modules: boolean[][]): number {
  const size = modules.length
  let score = 0
  for (let y = 0; y < size; y++) {
    const row = modules[y]!
    score += lineScore(size, (x) => row[x]!)
  }
  for (let x = 0; x < size; x++) score += lineScore(size, (y) => modules[y]![x]!)
  let dark = 0
  for (let y = 0; y < size; y++) {
    const row = modules[y]!
    const next = modules[y + 1]
    for (let x = 0; x < size; x++) {
      const c = row[x]!
      if (c) dark++
      if (next && x + 1 < size && c === row[x + 1] && c === next[x] && c === next[x + 1]) score += N2
    }
  }
  const percent = (dark * 100) / (size * size)
  return score + Math.floor(Math.abs(percent - 50) / 5) * N4
}

/** The smallest version in [minVersion, maxVersion] that holds `length` bytes, or undefined. */
export function versionFor(
  length: number,
  level: ErrorCorrectionLevel,
  minVersion = MIN_VERSION,
  maxVersion = MAX_VERSION,
): number | undefined {
  for (let v = minVersion; v <= maxVersion; v++) if (length <= byteCapacity(v, level)) return v
  return undefined
}

/** Encodes text (as UTF-8 bytes in one byte-mode segment). Throws QrTooLongError when it does not fit. */
export function encodeQr(text: string, options: QrOptions = {}): QrCode {
  const level = options.level ?? 'M'
  const minVersion = options.minVersion ?? MIN_VERSION
  const maxVersion = options.maxVersion ?? MAX_VERSION
  checkVersion(minVersion)
  checkVersion(maxVersion)
  if (minVersion > maxVersion) throw new RangeError(`minVersion ${minVersion} > maxVersion ${maxVersion}`)
  if (options.mask !== undefined && !(Number.isInteger(options.mask) && options.mask >= 0 && options.mask <= 7))
    throw new RangeError(`QR mask must be 0–7: ${options.mask}`)
  const bytes = utf8Bytes(text)
  const version = versionFor(bytes.length, level, minVersion, maxVersion)
  if (version === undefined) throw new QrTooLongError(bytes.length, byteCapacity(maxVersion, level), level, maxVersion)

  const grid = new Grid(version)
  drawFunctionPatterns(grid, level)
  placeCodewords(grid, interleaved(dataCodewordsFor(bytes, version, level), version, level))

  let mask = options.mask ?? -1
  if (mask < 0) {
    let best = Infinity
    for (let m = 0; m < 8; m++) {
      applyMask(grid, m)
      drawFormat(grid, level, m)
      const score = penalty(grid.modules)
      if (score < best) {
        best = score
        mask = m
      }
      applyMask(grid, m) // XOR again: undone
    }
  }
  applyMask(grid, mask)
  drawFormat(grid, level, mask)
  return { version, level, mask, size: grid.size, modules: grid.modules }
}

/** A row's dark runs as [start, length] pairs: what the component draws, one View per run. */
export function darkRuns(row: boolean[]): [number, number][] {
  const runs: [number, number][] = []
  for (let x = 0; x < row.length; x++) {
    if (!row[x]) continue
    const start = x
    while (x + 1 < row.length && row[x + 1]) x++
    runs.push([start, x - start + 1])
  }
  return runs
}
