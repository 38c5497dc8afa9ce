/**
 * `npm run bench`: every module's benchmark, one after another, each in its own process so that one's data and
 * memory do not skew the next. `npm run bench -- duty meetings` runs only those. Figures are printed by each
 * benchmark; nothing here times anything itself.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'

/** Helpers and profiling tools in bench/ that are not benchmarks of their own. */
const NOT_BENCHMARKS = new Set(['index.ts', 'startup-profile.ts', 'micro-parse.ts'])

const available = readdirSync(__dirname)
  .filter((f) => f.endsWith('.ts') && !NOT_BENCHMARKS.has(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort((a, b) => (a === 'localcloud' ? -1 : b === 'localcloud' ? 1 : a.localeCompare(b)))

const wanted = process.argv.slice(2)
const unknown = wanted.filter((w) => !available.includes(w))
if (unknown.length) {
  console.error(`no benchmark named ${unknown.join(', ')}; available: ${available.join(', ')}`)
  process.exit(2)
}

let failed = 0
for (const name of wanted.length ? wanted : available) {
  console.log(`\n=== bench/${name}.ts ===`)
  const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, `${name}.ts`)], { stdio: 'inherit' })
  if (run.status !== 0) {
    failed++
    console.error(`bench/${name}.ts exited with ${run.status ?? run.signal}`)
  }
}
process.exit(failed ? 1 : 0)
