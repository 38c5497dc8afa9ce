/**
 * One scale of `npm run bench` in its own process (bench/index.ts starts it):
 *   tsx bench/run-scale.ts --scale 10 --modules duty --port 8782 --out /tmp/x.json
 * Generates the fixed county (local/seed/county.ts, BENCH_NOW), starts the local server in this process on the given port with the
 * built function bundles (dist/cloudfunctions), loads the county into its cloud, runs the modules' scenarios through
 * HTTP and writes the results (with generation/load times and memory) as JSON.
 */
import { writeFileSync } from 'node:fs'
import { startLocalServer } from '../local/server'
import { LocalClock } from '../local/clock'
import { BENCH_CLOCK_START, BENCH_NOW, generateCounty, loadCounty } from '../local/seed/county'
import type { Doc } from '../local/seed/demo-data'
import { Bench, type ActionResult } from './harness/bench'
import { httpInvoke } from './harness/invoke'
import { LARGE_COLLECTIONS, SCENARIOS } from './scenarios'

export interface ScaleRun {
  scale: number
  modules: string[]
  now: string
  documents: number
  counts: Record<string, number>
  generateMs: Record<string, number>
  loadMs: number
  memory: { heapAfterLoadMB: number; rssAfterLoadMB: number; peakRssMB: number }
  results: ActionResult[]
}

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`)
  const value = i >= 0 ? process.argv[i + 1] : fallback
  if (value === undefined) throw new Error(`--${name} is required`)
  return value
}

async function main() {
  const scale = Number(arg('scale'))
  const modules = arg('modules').split(',')
  const scenarios = SCENARIOS.filter((s) => modules.includes(s.module))
  const keepLarge = new Set(scenarios.flatMap((s) => s.keep))
  const mb = (bytes: number) => Math.round(bytes / 1048576)

  // 1×: the whole county. 10×: only the modules measured here (and, for 五星支部, every module's aggregates), and only
  // the large collections they read — the whole 10× county does not fit in 8 GB.
  const county = generateCounty(
    scale === 1
      ? { scale, now: BENCH_NOW }
      : {
          scale,
          now: BENCH_NOW,
          modules: scenarios.flatMap((s) => s.generates),
          keep: (c) => !LARGE_COLLECTIONS.has(c) || keepLarge.has(c),
        },
  )
  // At 10×, only the bindings people act with (demo identities, members and cadres): the registered residents' own
  // bindings are read by id only (one document whatever the collection's size) and do not fit in memory with the rest.
  if (scale > 1) {
    county.data.set(
      'bindings',
      (county.data.get('bindings') ?? []).filter((b) => !b._id.startsWith('reg-')),
    )
    county.counts.bindings = county.data.get('bindings')!.length
    county.documents = Object.values(county.counts).reduce((a, b) => a + b, 0)
  }
  const genMs = Object.values(county.steps).reduce((a, b) => a + b, 0)
  console.log(
    `×${scale} [${modules.join(',')}]: generated ${county.documents.toLocaleString('en')} documents in ${(genMs / 1000).toFixed(1)} s`,
  )

  // The fixed county's functions run on a clock that starts the same morning (local/seed/county.ts).
  const clock = new LocalClock(BENCH_CLOCK_START)
  const server = await startLocalServer({ port: Number(arg('port', '0')), clock })
  const loadMs = await loadCounty(server.cloud.engine, county.data)
  global.gc?.()
  const mem = process.memoryUsage()
  console.log(
    `×${scale}: loaded in ${(loadMs / 1000).toFixed(1)} s; heap ${mb(mem.heapUsed)} MB, rss ${mb(mem.rss)} MB`,
  )

  const bench = new Bench(httpInvoke(server.url), { log: (line) => console.log(line) })
  const put = async (collection: string, docs: Doc[]) => {
    for (let i = 0; i < docs.length; i += 20_000)
      await server.cloud.engine.apply(docs.slice(i, i + 20_000).map((d) => ({ k: 'put' as const, c: collection, d })))
  }
  for (const scenario of scenarios) {
    bench.module = scenario.module
    console.log(`×${scale} ${scenario.module}`)
    try {
      await scenario.run({ bench, data: county.data, scale, now: county.now, clock: () => clock.now(), put })
    } catch (error) {
      bench.failed(
        `${scenario.module} (scenario stopped)`,
        'interactive',
        error instanceof Error ? error.message : String(error),
      )
    }
  }
  const run: ScaleRun = {
    scale,
    modules,
    now: county.now.toISOString(),
    documents: county.documents,
    counts: county.counts,
    generateMs: county.steps,
    loadMs,
    memory: {
      heapAfterLoadMB: mb(mem.heapUsed),
      rssAfterLoadMB: mb(mem.rss),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    },
    results: bench.results,
  }
  writeFileSync(arg('out'), JSON.stringify(run, null, 2))
  await server.close()
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
