/**
 * The benchmark's county (`npm run bench`, the budget test): the demo county of local/seed/demo-data.ts with every
 * adult registered and bound (~208,000 users at 1×) and a year of activity in every module — all generated from ONE
 * seed number and ONE `now` — at 1× (15 townships, 262 villages) or 10× (2,620 villages in the same townships).
 *
 * Deterministic: the same (seed, now, scale) gives the same documents. The benchmark and the budget test use the
 * fixed BENCH_NOW, and run the functions on a clock that starts at BENCH_CLOCK_START (local/clock.ts), so today's
 * duty shifts, open voting windows and "this month" line up with the functions' clock on every run.
 *
 * Loaded straight into the local cloud's engine in batches (as local/seed/demo.ts does), not through the SDK.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { deserialize, serialize } from 'node:v8'
import type { Engine } from '../cloud/store/engine'
import { addCouncilDemo } from './council'
import { addDeliberationDemo } from './deliberation'
import { DEMO_LOGINS, generateDemoData, summarise, type DemoData, type Doc } from './demo-data'
import { addDutyDemo } from './duty'
import { addGridActivity } from './grid'
import { addMeetingDemo } from './meetings'
import { addStarsDemo } from './stars'
import { C } from '../../cloudfunctions/_lib/collections'

export const COUNTY_SEED = 20230601
const SEED_INPUTS = new Set<string>([C.people, C.households, C.grids, C.bindings, C.villages, C.townships, C.counties])

export interface CountyOptions {
  /** 1 = the seed county (262 villages); 10 = 2,620 villages. */
  scale: number
  seed?: number
  /** The instant the county is generated as of (its "today"); the same (seed, now, scale) gives the same documents. */
  now: Date
  /**
   * Collections to keep (default: all). Every module's activity is still generated (五星支部 is computed from the
   * others' aggregates), but a collection not kept is dropped right after the step that made it, so a 10× run
   * that measures one module holds only what that module reads (the whole 10× county does not fit in 8 GB).
   */
  keep?: (collection: string) => boolean
  /**
   * Modules whose year of activity is generated (default: all). 五星支部 is computed from every other module's
   * aggregates, so asking for 'stars' generates them all.
   */
  modules?: string[]
  /** Registered residents (people + bindings of every adult, ~208,000 at 1×); default true. */
  registeredResidents?: boolean
}

export interface GeneratedCounty {
  data: DemoData
  now: Date
  counts: Record<string, number>
  documents: number
  /** Milliseconds per step: base county, then each module's year of activity. */
  steps: Record<string, number>
}

/**
 * The benchmark's and the budget test's fixed county: generated as of 00:00 Beijing of an ordinary working day
 * (Wednesday 18 November 2026, mid-month, no holiday near), so every run has the same documents.
 */
export const BENCH_NOW = new Date('2026-11-18T00:00:00+08:00')
/** Where the functions' clock starts for the benchmark's calls (it then runs on): 10:00 the same morning. */
export const BENCH_CLOCK_START = new Date('2026-11-18T10:00:00+08:00')

export function generateCounty(options: CountyOptions): GeneratedCounty {
  const seed = options.seed ?? COUNTY_SEED
  const now = options.now
  const steps: Record<string, number> = {}
  let t = Date.now()
  // The county's people and households feed every module's seed: dropped (if not kept) only after the last one.
  const drop = (final: boolean) => {
    if (options.keep)
      for (const c of [...data.keys()]) if (!options.keep(c) && (final || !SEED_INPUTS.has(c))) data.delete(c)
  }
  const step = (name: string) => {
    drop(false)
    const next = Date.now()
    steps[name] = next - t
    t = next
  }
  const data = generateDemoData({
    seed,
    now,
    villageMultiplier: options.scale,
    registeredResidents: options.registeredResidents ?? true,
  })
  steps.county = Date.now() - t
  t = Date.now()
  const wanted = (m: string) => !options.modules || options.modules.includes(m) || options.modules.includes('stars')
  const seeds: [string, () => void][] = [
    ['meetings', () => addMeetingDemo(data, { seed, now })],
    ['duty', () => addDutyDemo(data, { days: 365, now })],
    ['grid', () => addGridActivity(data, { seed: seed ^ 0x9d, now })],
    ['deliberation', () => addDeliberationDemo(data, { seed, now })],
    ['council', () => addCouncilDemo(data, { seed: seed ^ 0xc0, now })],
    // Last: 五星支部 reads the other modules' aggregates.
    ['stars', () => addStarsDemo(data, { seed: seed ^ 0x57, now })],
  ]
  for (const [name, add] of seeds) {
    if (!wanted(name)) continue
    add()
    step(name)
  }
  drop(true)
  const counts = summarise(data)
  return { data, now, counts, documents: Object.values(counts).reduce((a, b) => a + b, 0), steps }
}

const BATCH = 20_000

/** Puts every document into the engine, collection by collection, in batches. Returns milliseconds. */
export async function loadCounty(engine: Engine, data: DemoData): Promise<number> {
  const t0 = Date.now()
  if (!engine.has(DEMO_LOGINS)) await engine.apply([{ k: 'create', c: DEMO_LOGINS }])
  for (const [collection, docs] of data) {
    if (!engine.has(collection)) await engine.apply([{ k: 'create', c: collection }])
    for (let i = 0; i < docs.length; i += BATCH) {
      await engine.apply(docs.slice(i, i + BATCH).map((d) => ({ k: 'put' as const, c: collection, d })))
    }
  }
  return Date.now() - t0
}

/**
 * The 1× county from a cache in os.tmpdir (v8-serialised), keyed by a hash of the generator's sources, the seed and
 * `now`: the budget test generates it once (~30 s) and reads it back afterwards (a few seconds). Any change to a file
 * in local/seed/ or common/ (rules the seeds use) makes a new key.
 */
export function cachedCounty(options: CountyOptions): GeneratedCounty & { cached: boolean } {
  const key = createHash('sha256')
  for (const dir of [__dirname, path.resolve(__dirname, '../../common')])
    for (const file of sourceFiles(dir)) key.update(file).update(readFileSync(file))
  key.update(
    JSON.stringify({ scale: options.scale, seed: options.seed ?? COUNTY_SEED, now: options.now.toISOString() }),
  )
  const prefix = `xz-county-${options.scale}x-`
  const file = path.join(tmpdir(), `${prefix}${key.digest('hex').slice(0, 16)}.v8`)
  if (existsSync(file)) {
    const t0 = Date.now()
    const stored = deserialize(readFileSync(file)) as Omit<GeneratedCounty, 'data'> & { data: [string, Doc[]][] }
    for (const [, docs] of stored.data) for (const doc of docs) ownRealmDates(doc)
    return {
      ...stored,
      now: new Date(stored.now.getTime()),
      data: new Map(stored.data),
      steps: { ...stored.steps, readCache: Date.now() - t0 },
      cached: true,
    }
  }
  const county = generateCounty(options)
  // One cached county per scale (~450 MB at 1×): older keys go.
  for (const old of readdirSync(tmpdir()))
    if (old.startsWith(prefix) && old.endsWith('.v8')) rmSync(path.join(tmpdir(), old), { force: true })
  const tmp = `${file}.${process.pid}`
  writeFileSync(tmp, serialize({ ...county, data: [...county.data] }))
  renameSync(tmp, file)
  return { ...county, cached: false }
}

/**
 * v8.deserialize makes Dates of the main realm; under jest (a vm context per test file) `instanceof Date` is then
 * false and the local cloud's codec would not encode them as dates. Re-made here, in place, in this realm.
 */
function ownRealmDates(value: Record<string, unknown> | unknown[]): void {
  for (const [k, v] of Object.entries(value)) {
    if (v === null || typeof v !== 'object') continue
    if (Object.prototype.toString.call(v) === '[object Date]') {
      if (!(v instanceof Date)) (value as Record<string, unknown>)[k] = new Date((v as Date).getTime())
    } else ownRealmDates(v as Record<string, unknown>)
  }
}

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...sourceFiles(full))
    else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) out.push(full)
  }
  return out.sort()
}
