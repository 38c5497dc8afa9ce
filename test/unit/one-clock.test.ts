/**
 * One clock (docs/architecture.md): the cloud functions read the time only through their runtime's clock
 * (cloudfunctions/_lib/clock.ts → `ctx.now`); no handler, shared library or rule reads it on its own.
 * `new Date(x)` with an argument is a conversion, not a reading, and stays allowed.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')
const SCANNED = ['cloudfunctions', 'common/rules']
const CLOCK_MODULE = 'cloudfunctions/_lib/clock.ts'

/** `new Date()`, `new Date` without arguments, `Date.now()`. */
const READS_THE_CLOCK = /\bnew\s+Date\s*(\(\s*\)|(?![\s(]))|\bDate\s*\.\s*now\s*\(/

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(rel)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [rel] : []
  })
}

function clockReadings(text: string): number[] {
  return text.split('\n').flatMap((line, i) => {
    const code = line.replace(/\/\/.*$/, '')
    return READS_THE_CLOCK.test(code) ? [i + 1] : []
  })
}

describe('one clock', () => {
  it('recognises a reading of the clock and lets conversions through', () => {
    expect(clockReadings('const a = new Date()\nconst b = Date.now()\nconst c = new Date\n')).toEqual([1, 2, 3])
    expect(clockReadings('const a = new Date(x)\nconst b = new Date(ctx.now.getTime() + 1)\n// new Date()\n')).toEqual(
      [],
    )
  })

  it('no handler, library or rule reads the clock outside cloudfunctions/_lib/clock.ts', () => {
    const files = SCANNED.flatMap(sources)
    expect(files).toContain(CLOCK_MODULE)
    expect(files.length).toBeGreaterThan(50)
    const found = files
      .filter((file) => file !== CLOCK_MODULE)
      .flatMap((file) => clockReadings(readFileSync(path.join(ROOT, file), 'utf8')).map((line) => `${file}:${line}`))
    expect(found).toEqual([])
  })

  it('the runtime takes ctx.now from the clock module', () => {
    const runtime = readFileSync(path.join(ROOT, 'cloudfunctions/_lib/runtime.ts'), 'utf8')
    expect(runtime).toMatch(/from '\.\/clock'/)
    expect(runtime.match(/now: now\(\)/g)).toHaveLength(2)
  })
})
