/**
 * `npm run bench`: every user-facing action of the modules through the local HTTP server, on the generated county
 * (local/seed/county.ts) at 1× (262 villages) and 10× (2,620 villages), under realistic concurrency; prints ONE
 * table (per action: database requests, documents examined and returned, p50/p95/max latency, and 10×/1× of each)
 * and writes it as JSON to bench/results/latest.json (not committed: docs/performance.md keeps the reference run).
 *
 *   npm run bench                      every module, both scales
 *   npm run bench -- duty meetings     only those modules (both scales)
 *   npm run bench -- --scale 1 grid    one scale only
 *   npm run bench -- localcloud        the local cloud engine's own benchmark (1,000,000 documents; not in the table)
 *   npm run bench -- coldstart         each function bundle's load time in a fresh Node process (bench/cold-start.ts)
 *   npm run bench -- bill              the yearly CloudBase bill from the budget test's figures (bench/yearly-bill.ts)
 *   npm run bench -- checkin           duty.checkIn at 50 concurrent users, this tree against 9b2f769 (bench/checkin-compare.ts)
 *   npm run bench -- import            a roster import of 20,000 rows through the imports function (bench/import.ts)
 *   npm run bench -- county            the county journey at full size: 262 villages' rosters imported (bench/county.ts)
 *
 * The 1× county runs in one process; at 10× each module runs in its own process holding only the large collections
 * it reads (bench/scenarios/index.ts), because the whole 10× county does not fit in 8 GB. See docs/performance.md.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { combine, formatTable } from './harness/table'
import type { ScaleRun } from './run-scale'
import { SCENARIOS } from './scenarios'

const ROOT = path.resolve(__dirname, '..')
const TSX = require.resolve('tsx/cli')
const PORT = Number(process.env.BENCH_PORT ?? 8781)
/** V8 heap per scale's process (the 10× one stays under ~8 GB). */
const HEAP_MB: Record<number, number> = { 1: 4096, 10: 7680 }

function parseArgs(argv: string[]) {
  const modules: string[] = []
  let scales = [1, 10]
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--scale') scales = argv[++i]!.split(',').map(Number)
    else modules.push(argv[i]!)
  }
  return { modules, scales }
}

function runChild(scale: number, modules: string[], port: number): ScaleRun | null {
  const out = path.join(os.tmpdir(), `xz-bench-${process.pid}-${scale}-${modules.join('-')}.json`)
  const child = spawnSync(
    process.execPath,
    [
      TSX,
      path.join(__dirname, 'run-scale.ts'),
      '--scale',
      String(scale),
      '--modules',
      modules.join(','),
      '--port',
      String(port),
      '--out',
      out,
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        NODE_OPTIONS:
          `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${HEAP_MB[scale] ?? 7680} --expose-gc`.trim(),
      },
    },
  )
  if (child.status !== 0) {
    console.error(`×${scale} [${modules.join(',')}] exited with ${child.status ?? child.signal}`)
    return null
  }
  return JSON.parse(readFileSync(out, 'utf8')) as ScaleRun
}

function main() {
  const { modules: wanted, scales } = parseArgs(process.argv.slice(2))
  const standalone: Record<string, string> = {
    localcloud: 'localcloud.ts',
    coldstart: 'cold-start.ts',
    checkin: 'checkin-compare.ts',
    bill: 'yearly-bill.ts',
    import: 'import.ts',
    county: 'county.ts',
  }
  for (const [name, file] of Object.entries(standalone)) {
    if (!wanted.includes(name)) continue
    const run = spawnSync(process.execPath, [TSX, path.join(__dirname, file)], { stdio: 'inherit' })
    if (wanted.every((w) => w in standalone)) {
      if (run.status !== 0 || wanted.indexOf(name) === wanted.length - 1) process.exit(run.status ?? 1)
    }
  }
  const known = SCENARIOS.map((s) => s.module)
  const selected = wanted.filter((w) => !(w in standalone))
  const unknown = selected.filter((w) => !known.includes(w))
  if (unknown.length) {
    console.error(
      `no benchmark named ${unknown.join(', ')}; available: ${known.join(', ')}, localcloud, coldstart, checkin, bill, import, county`,
    )
    process.exit(2)
  }
  const modules = selected.length ? known.filter((m) => selected.includes(m)) : known

  console.log('building the functions (dist/cloudfunctions) so the local server runs the current code')
  const build = spawnSync(process.execPath, [TSX, path.join(ROOT, 'scripts', 'build-functions.ts')], {
    cwd: ROOT,
    stdio: 'ignore',
  })
  if (build.status !== 0) throw new Error('npm run build:functions failed')

  const runs: ScaleRun[] = []
  let port = PORT
  let failed = false
  for (const scale of scales) {
    // 1×: one process for every module; 10×: one per module (memory).
    const groups = scale === 1 ? [modules] : modules.map((m) => [m])
    for (const group of groups) {
      const run = runChild(scale, group, port++)
      if (run) runs.push(run)
      else failed = true
    }
  }
  const at = (scale: number) => runs.filter((r) => r.scale === scale).flatMap((r) => r.results)
  const rows = combine(at(1), at(10))
  const order = (m: string) => known.indexOf(m)
  rows.sort((a, b) => order(a.module) - order(b.module))

  console.log('\n' + '='.repeat(130))
  for (const r of runs) {
    const gen = Object.values(r.generateMs).reduce((a, b) => a + b, 0)
    console.log(
      `×${r.scale} [${r.modules.join(',')}]: ${r.documents.toLocaleString('en')} documents (${r.counts.villages} villages), generated in ${(gen / 1000).toFixed(1)} s, loaded in ${(r.loadMs / 1000).toFixed(1)} s; heap after load ${r.memory.heapAfterLoadMB} MB, peak RSS ${r.memory.peakRssMB} MB`,
    )
  }
  console.log('')
  console.log(formatTable(rows))
  const errors = rows.filter((r) => r.x1?.errors || r.x10?.errors).length
  if (errors) console.log(`\n${errors} action(s) had failed calls (see the errors column).`)

  const file = path.join(__dirname, 'results', 'latest.json')
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(
    file,
    JSON.stringify(
      {
        writtenAt: new Date().toISOString(),
        machine: { cpus: os.cpus().length, memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
        // Every process's own figures (generation, load, memory, and its raw results), then the combined rows.
        runs,
        actions: rows,
      },
      null,
      2,
    ),
  )
  console.log(`\nwritten: ${path.relative(ROOT, file)}`)
  process.exit(failed || errors ? 1 : 0)
}

main()
