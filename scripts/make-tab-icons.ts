/**
 * Draws the tab bar icons (81×81 PNG, as WeChat asks for tabBar iconPath) into src/assets/tabbar/: grey for the
 * normal state, red for the selected one. Run once after changing a shape: `npx tsx scripts/make-tab-icons.ts`.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { deflateSync } from 'node:zlib'

const SIZE = 81
type Shape = (x: number, y: number) => boolean

const inRect = (x: number, y: number, x0: number, y0: number, x1: number, y1: number) =>
  x >= x0 && x <= x1 && y >= y0 && y <= y1
const inCircle = (x: number, y: number, cx: number, cy: number, r: number) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r

const shapes: Record<string, Shape> = {
  // 首页: a house — roof triangle over a body with a door.
  home: (x, y) => {
    const roof = y >= 12 && y <= 40 && Math.abs(x - 40) <= (y - 12) * 1.15
    const body = inRect(x, y, 18, 40, 62, 68) && !inRect(x, y, 34, 50, 46, 68)
    return roof || body
  },
  // 办事: four tiles.
  services: (x, y) => [14, 44].some((x0) => [14, 44].some((y0) => inRect(x, y, x0, y0, x0 + 22, y0 + 22))),
  // 我的: a head and shoulders.
  me: (x, y) => inCircle(x, y, 40, 28, 14) || (y >= 48 && y <= 68 && inCircle(x, y, 40, 72, 26)),
}

function crc32(bytes: Buffer): number {
  let crc = ~0
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1))
  }
  return ~crc >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function png(shape: Shape, [r, g, b]: [number, number, number]): Buffer {
  const rows: Buffer[] = []
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4)
    for (let x = 0; x < SIZE; x++) if (shape(x, y)) row.set([r, g, b, 255], 1 + x * 4)
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(SIZE, 0)
  header.writeUInt32BE(SIZE, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const out = path.resolve(__dirname, '..', 'src', 'assets', 'tabbar')
for (const [name, shape] of Object.entries(shapes)) {
  writeFileSync(path.join(out, `${name}.png`), png(shape, [0x88, 0x88, 0x88]))
  writeFileSync(path.join(out, `${name}-active.png`), png(shape, [0xc8, 0x10, 0x2e]))
}
console.log(`tab icons written to ${path.relative(process.cwd(), out)}`)
