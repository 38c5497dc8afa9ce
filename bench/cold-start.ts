/**
 * `npm run bench -- coldstart`: how long a fresh Node process takes to load each cloud function's bundle — the
 * local stand-in for a CloudBase cold start, which parses the same file before the first call. For every function,
 * the bundle as `npm run build:functions` makes it and, for comparison, the same entry bundled as before issue 25
 * (not minified, every zod locale); each loaded RUNS times in its own process, median and max printed.
 *
 * Loading runs `cloud.init()` of the real wx-server-sdk (TENCENTCLOUD=true: no metadata probe), as in the cloud.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { build } from 'esbuild'
import { bundleOptions, listFunctionNames } from '../scripts/build-functions'

const ROOT = path.resolve(__dirname, '..')
const RUNS = Number(process.env.COLDSTART_RUNS ?? 9)

/** Milliseconds from the start of `require` to its return, in a new process each time. */
function loadMs(file: string): number {
  const probe = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`
  const run = spawnSync(process.execPath, ['-e', probe], {
    cwd: ROOT,
    env: { ...process.env, TENCENTCLOUD: 'true', NODE_PATH: path.join(ROOT, 'node_modules') },
    encoding: 'utf8',
  })
  if (run.status !== 0) throw new Error(`loading ${file} failed: ${run.stderr}`)
  return Number(run.stdout)
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xz-coldstart-'))
  const rows: string[] = []
  const header = `${'function'.padEnd(14)}${'KB'.padStart(8)}${'p50 ms'.padStart(9)}${'max ms'.padStart(9)}   before: ${'KB'.padStart(6)}${'p50 ms'.padStart(9)}${'max ms'.padStart(9)}`
  const results: Record<string, unknown> = {}
  for (const name of await listFunctionNames()) {
    const variants = {
      now: bundleOptions(name),
      before: { ...bundleOptions(name), minify: false, charset: undefined, plugins: [] },
    }
    const figures: Record<string, { kb: number; p50: number; max: number }> = {}
    for (const [variant, options] of Object.entries(variants)) {
      const out = path.join(dir, variant, name, 'index.js')
      mkdirSync(path.dirname(out), { recursive: true })
      await build({ ...options, outfile: out, logLevel: 'error' })
      loadMs(out) // warm the file cache: a cold start reads from the image, not from disk
      const times = Array.from({ length: RUNS }, () => loadMs(out))
      figures[variant] = { kb: statSync(out).size / 1024, p50: median(times), max: Math.max(...times) }
    }
    const n = figures.now!
    const b = figures.before!
    rows.push(
      `${name.padEnd(14)}${n.kb.toFixed(1).padStart(8)}${n.p50.toFixed(1).padStart(9)}${n.max.toFixed(1).padStart(9)}           ${b.kb.toFixed(1).padStart(6)}${b.p50.toFixed(1).padStart(9)}${b.max.toFixed(1).padStart(9)}`,
    )
    results[name] = figures
  }
  console.log(
    `Bundle load time in a fresh Node ${process.version} process (${RUNS} runs each, ${os.cpus().length} cores)`,
  )
  console.log(header)
  for (const r of rows) console.log(r)
  const file = path.join(__dirname, 'results', 'coldstart.json')
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify({ node: process.version, runs: RUNS, results }, null, 2))
  console.log(`\nwritten: ${path.relative(ROOT, file)}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
