/**
 * Reading QR codes back in tests: a module matrix (or what the QrCode component rendered) drawn into an RGBA
 * bitmap and decoded by jsQR, an independent decoder, so a wrong table, mask or placement fails to decode.
 */
import jsQR from 'jsqr'

/** Black-on-white RGBA pixels of a matrix with a quiet zone, `scale` pixels per module. */
export function toBitmap(
  modules: boolean[][],
  scale = 2,
  quiet = 4,
): { data: Uint8ClampedArray; width: number; height: number } {
  const side = (modules.length + quiet * 2) * scale
  const data = new Uint8ClampedArray(side * side * 4).fill(255)
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return
      for (let py = 0; py < scale; py++) {
        for (let px = 0; px < scale; px++) {
          const i = (((y + quiet) * scale + py) * side + (x + quiet) * scale + px) * 4
          data[i] = data[i + 1] = data[i + 2] = 0
        }
      }
    }),
  )
  return { data, width: side, height: side }
}

/** The decoded text and version, or null when jsQR finds no code. */
export function decodeMatrix(
  modules: boolean[][],
  scale = 2,
  quiet = 4,
): { text: string; version: number; bytes: number[] } | null {
  const { data, width, height } = toBitmap(modules, scale, quiet)
  const found = jsQR(data, width, height, { inversionAttempts: 'dontInvert' })
  return found ? { text: found.data, version: found.version, bytes: found.binaryData } : null
}

const px = (value: string) => {
  const m = /^(\d+(?:\.\d+)?)px$/.exec(value)
  if (!m) throw new Error(`not a px length: "${value}"`)
  return Number(m[1])
}

/**
 * The matrix a rendered QrCode shows, read from the DOM as a browser would lay it out: the box's padding is the
 * quiet zone, each row is a flex line of dark runs placed by margin-left and width (all in px).
 */
export function matrixFromDom(box: HTMLElement): {
  modules: boolean[][]
  modulePx: number
  quietPx: number
  widthPx: number
} {
  const rows = Array.from(box.children) as HTMLElement[]
  if (rows.length === 0) throw new Error('no rows')
  const modulePx = px(rows[0]!.style.height)
  const widthPx = px(box.style.width)
  const quietPx = px(box.style.padding)
  const size = Math.round((widthPx - 2 * quietPx) / modulePx)
  if (rows.length !== size) throw new Error(`${rows.length} rows for a ${size}-module symbol`)
  const modules = rows.map((row) => {
    if (px(row.style.height) !== modulePx) throw new Error('rows of different heights')
    const line = new Array<boolean>(size).fill(false)
    let x = 0
    for (const run of Array.from(row.children) as HTMLElement[]) {
      x += px(run.style.marginLeft || '0px')
      const width = px(run.style.width)
      if (run.style.backgroundColor !== 'rgb(0, 0, 0)' && run.style.background !== 'rgb(0, 0, 0)')
        throw new Error(`run is not black: ${run.style.cssText}`)
      for (let i = 0; i < width / modulePx; i++) line[x / modulePx + i] = true
      x += width
    }
    if (x > size * modulePx) throw new Error('row overflows the symbol')
    return line
  })
  return { modules, modulePx, quietPx, widthPx }
}

/** Decodes what a rendered QrCode shows (null when it is not a readable QR code). */
export function decodeRendered(box: HTMLElement): string | null {
  return decodeMatrix(matrixFromDom(box).modules)?.text ?? null
}
