/**
 * The benchmark's measuring core, shared by `npm run bench` (calls through the local HTTP server) and the budget
 * test (the same calls in-process, test/budgets/): scenarios describe calls; `Bench.measure` runs them with a given
 * concurrency and records, per call, what the local cloud counted for that one invocation (runInScope) — database
 * requests, documents examined, documents returned — and the latency seen by the caller.
 */
import type { DemoData, Doc } from '../../local/seed/demo-data'

export interface Call {
  fn: string
  action: string
  data: unknown
  openid: string
  requestId?: string
}

export interface Sample {
  ms: number
  /** Database requests of this invocation (round trips to the database endpoint), the runtime's own included. */
  rt: number
  examined: number
  returned: number
  /** Sequential depth: database requests one after another on this call's critical path (local/cloud/metrics.ts). */
  depth: number
  /** Of `rt`, the requests CloudBase bills as writes. */
  writes: number
  ok: boolean
  error?: string
  data?: any // eslint-disable-line @typescript-eslint/no-explicit-any
}

export type Invoke = (call: Call) => Promise<Sample>

export type Kind = 'interactive' | 'dashboard' | 'vote' | 'batch' | 'scheduled'

export interface Stat {
  avg: number
  max: number
}

export interface ActionResult {
  module: string
  /** `function.action`, with a qualifier in parentheses when the same action is measured twice. */
  name: string
  kind: Kind
  calls: number
  concurrency: number
  errors: number
  firstError?: string
  requests: Stat
  examined: Stat
  returned: Stat
  depth: Stat
  writes: Stat
  p50: number
  p95: number
  max: number
  /** Wall-clock seconds for the whole batch (e.g. 500 votes "within a minute"). */
  wallSeconds: number
  note?: string
}

export interface MeasureSpec {
  name: string
  kind: Kind
  /** Calls to make (the budget test's quick mode takes at most `quickCalls`, default 3). */
  calls: number
  concurrency?: number
  note?: string
  quickCalls?: number
}

export interface ScenarioContext {
  bench: Bench
  data: DemoData
  scale: number
  /** The instant the county was generated at (its "today"). */
  now: Date
  /** The functions' clock (starts at or after `now` and runs on): what "now" means for a call made at this moment. */
  clock(): Date
  /** Puts documents straight into the engine (setup only: bindings for people who act, never measured). */
  put(collection: string, docs: Doc[]): Promise<void>
}

export interface Scenario {
  module: string
  /** Large collections this module's actions read, kept in the 10× run of this module (see bench/run-scale.ts). */
  keep: string[]
  /** Modules whose year of activity the 10× run of this module generates (local/seed/county.ts `modules`). */
  generates: string[]
  run(ctx: ScenarioContext): Promise<void>
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0
const stat = (xs: number[]): Stat => ({
  avg: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0,
  max: xs.length ? Math.max(...xs) : 0,
})

export class Bench {
  readonly results: ActionResult[] = []
  module = ''

  constructor(
    readonly invoke: Invoke,
    readonly options: { quick?: boolean; log?: (line: string) => void } = {},
  ) {}

  get quick(): boolean {
    return !!this.options.quick
  }

  /** Number of calls for a batch: `full` normally, at most `quick` in the budget test. */
  n(full: number, quick = 3): number {
    return this.quick ? Math.min(full, quick) : full
  }

  /** An unmeasured call (setup): throws unless the function answered ok. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async call(call: Call): Promise<any> {
    const s = await this.invoke(call)
    if (!s.ok) throw new Error(`${call.fn}.${call.action}: ${s.error}`)
    return s.data
  }

  async measure(spec: MeasureSpec, make: (i: number) => Call | Promise<Call>): Promise<Sample[]> {
    const calls = this.quick ? Math.min(spec.calls, spec.quickCalls ?? 3) : spec.calls
    const concurrency = this.quick ? 1 : Math.max(1, Math.min(spec.concurrency ?? 1, calls))
    const samples: Sample[] = new Array(calls)
    let next = 0
    const t0 = Date.now()
    const worker = async () => {
      for (;;) {
        const i = next++
        if (i >= calls) return
        samples[i] = await this.invoke(await make(i))
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    const wallSeconds = (Date.now() - t0) / 1000
    const failed = samples.filter((s) => !s.ok)
    const ms = samples.map((s) => s.ms).sort((a, b) => a - b)
    const result: ActionResult = {
      module: this.module,
      name: spec.name,
      kind: spec.kind,
      calls,
      concurrency,
      errors: failed.length,
      ...(failed.length ? { firstError: failed[0]!.error } : {}),
      // A call lost in transport has no figures (NaN): counted in errors only.
      requests: stat(samples.map((s) => s.rt).filter(Number.isFinite)),
      examined: stat(samples.map((s) => s.examined).filter(Number.isFinite)),
      returned: stat(samples.map((s) => s.returned).filter(Number.isFinite)),
      depth: stat(samples.map((s) => s.depth).filter(Number.isFinite)),
      writes: stat(samples.map((s) => s.writes).filter(Number.isFinite)),
      p50: pct(ms, 50),
      p95: pct(ms, 95),
      max: ms[ms.length - 1] ?? 0,
      wallSeconds,
      ...(spec.note ? { note: spec.note } : {}),
    }
    this.results.push(result)
    this.options.log?.(
      `  ${spec.name.padEnd(46)} n=${calls}×${concurrency} req ${result.requests.avg.toFixed(1)} depth ${result.depth.max} exam ${result.examined.avg.toFixed(0)} ret ${result.returned.avg.toFixed(0)} p50 ${result.p50.toFixed(0)} p95 ${result.p95.toFixed(0)} ms${failed.length ? ` — ${failed.length} FAILED: ${failed[0]!.error}` : ''}`,
    )
    return samples
  }

  /**
   * A run of steps (a job a timer continues call after call, e.g. 五星支部 refresh): calls one at a time until
   * `done(sample)` or `maxSteps`, and records the whole run as one row — database requests, documents examined and
   * returned summed over its steps, latency = the run's total — so its budget does not depend on how the work
   * happened to split into steps on this machine. Outside the budget test it also records the steps themselves
   * (`<name> — one step`): each must stay well inside a cloud function's timeout.
   */
  async measureRun(
    spec: { name: string; maxSteps: number; note?: string },
    make: (step: number) => Call,
    done: (sample: Sample) => boolean,
  ): Promise<Sample[]> {
    const samples: Sample[] = []
    const t0 = Date.now()
    for (let step = 0; step < spec.maxSteps; step++) {
      const sample = await this.invoke(make(step))
      samples.push(sample)
      if (!sample.ok || done(sample)) break
    }
    const wallSeconds = (Date.now() - t0) / 1000
    const failed = samples.filter((s) => !s.ok)
    const finished = !failed.length && done(samples[samples.length - 1]!)
    const sum = (xs: number[]) => xs.filter(Number.isFinite).reduce((a, b) => a + b, 0)
    const total = (k: 'rt' | 'examined' | 'returned' | 'depth' | 'writes') => ({
      avg: sum(samples.map((x) => x[k])),
      max: sum(samples.map((x) => x[k])),
    })
    const ms = samples.map((x) => x.ms).sort((a, b) => a - b)
    const runMs = sum(ms)
    const errors = failed.length + (finished ? 0 : 1)
    const firstError = failed[0]?.error ?? (finished ? undefined : `not complete after ${spec.maxSteps} steps`)
    const common = {
      module: this.module,
      kind: 'scheduled' as const,
      concurrency: 1,
      wallSeconds,
      errors,
      ...(firstError ? { firstError } : {}),
    }
    this.results.push({
      ...common,
      name: spec.name,
      calls: 1,
      requests: total('rt'),
      examined: total('examined'),
      returned: total('returned'),
      depth: total('depth'),
      writes: total('writes'),
      p50: runMs,
      p95: runMs,
      max: runMs,
      note: `${samples.length} steps${spec.note ? `; ${spec.note}` : ''}`,
    })
    if (!this.quick) {
      const per = (k: 'rt' | 'examined' | 'returned' | 'depth' | 'writes') =>
        stat(samples.map((x) => x[k]).filter(Number.isFinite))
      this.results.push({
        ...common,
        name: `${spec.name} — one step`,
        calls: samples.length,
        requests: per('rt'),
        examined: per('examined'),
        returned: per('returned'),
        depth: per('depth'),
        writes: per('writes'),
        p50: pct(ms, 50),
        p95: pct(ms, 95),
        max: ms[ms.length - 1] ?? 0,
      })
    }
    this.options.log?.(
      `  ${spec.name.padEnd(46)} ${samples.length} steps req ${sum(samples.map((x) => x.rt))} exam ${sum(samples.map((x) => x.examined))} run ${runMs.toFixed(0)} ms, longest step ${(ms[ms.length - 1] ?? 0).toFixed(0)} ms${errors ? ` — FAILED: ${firstError}` : ''}`,
    )
    return samples
  }

  /** Records an action that could not be measured at all (setup failed), so the table shows it as failing. */
  failed(name: string, kind: Kind, error: string): void {
    const zero = { avg: 0, max: 0 }
    this.results.push({
      module: this.module,
      name,
      kind,
      calls: 0,
      concurrency: 0,
      errors: 1,
      firstError: error,
      requests: zero,
      examined: zero,
      returned: zero,
      depth: zero,
      writes: zero,
      p50: 0,
      p95: 0,
      max: 0,
      wallSeconds: 0,
    })
    this.options.log?.(`  ${name.padEnd(46)} FAILED: ${error}`)
  }
}

/** Helpers for scenarios: the demo identities and villages of the generated county. */
export function demoLogins(data: DemoData): string[] {
  return (data.get('demo_logins') ?? []).map((d) => d._id)
}

/** The first demo village (its cadres, members and residents have demo logins) of township t03 (王庄镇). */
export function demoVillage(
  data: DemoData,
  townshipId = 't03',
): { villageId: string; townshipId: string; login: (suffix: string) => string } {
  const logins = demoLogins(data)
  const village = (data.get('villages') ?? []).find(
    (v) => v.townshipId === townshipId && logins.includes(`demo-${v._id}-branch-secretary`),
  )
  if (!village) throw new Error(`no demo village in ${townshipId}`)
  return { villageId: village._id, townshipId, login: (suffix) => `demo-${village._id}-${suffix}` }
}

export const COUNTY_ORGANISER = 'demo-county-organiser'
export const townshipOrganiser = (townshipId: string) => `demo-${townshipId}-township-organiser`
