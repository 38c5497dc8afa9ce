/**
 * The module matrix of a QR code, from the `uqr` package (a port of Nayuki's QR Code generator: versions 1–40,
 * levels L/M/Q/H, the mask chosen by the standard's penalty rules, no dependencies). The component draws the
 * matrix with Views, the same in weapp and H5, so only the matrix is used, not uqr's SVG/ANSI renderers.
 *
 * Text is UTF-8 in byte mode (numeric or alphanumeric mode when the whole text fits one); the rotating check-in
 * codes (`xzrc1.<purpose>.<subjectId>.<window>.<sig>`, 40–130 ASCII bytes) land at version 3–7, level M.
 */
import { encode } from 'uqr'

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

/** Throws a RangeError when the text does not fit the largest allowed version, or an option is out of range. */
export function encodeQr(text: string, options: QrOptions = {}): QrCode {
  const level = options.level ?? 'M'
  const qr = encode(text, {
    ecc: level,
    // The component draws the quiet zone itself, and the level must stay the one asked for.
    border: 0,
    boostEcc: false,
    minVersion: options.minVersion,
    maxVersion: options.maxVersion,
    maskPattern: options.mask ?? -1,
  })
  return { version: qr.version, level, mask: qr.maskPattern, size: qr.size, modules: qr.data }
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
