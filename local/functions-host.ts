import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { runMeasured } from './cloud'
import { newMetrics, type Metrics } from './cloud/metrics'
import { invokeAs, type CallerIdentity } from './wx-context'

type Main = (event: unknown, context: unknown) => unknown

/**
 * Loads the built function bundles (dist/cloudfunctions/<name>/index.js — the same files WeChat DevTools
 * uploads) and invokes them with the caller's identity, as CloudBase would.
 */
export class FunctionsHost {
  private readonly mains = new Map<string, Main>()

  constructor(readonly dir: string) {}

  /** Must run after the local cloud's env vars are in process.env: each bundle calls cloud.init() on load. */
  load(): string[] {
    if (!existsSync(this.dir)) return []
    for (const entry of readdirSync(this.dir, { withFileTypes: true })) {
      const file = path.join(this.dir, entry.name, 'index.js')
      if (!entry.isDirectory() || !existsSync(file)) continue
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(file) as { main?: Main }
      if (typeof loaded.main === 'function') this.mains.set(entry.name, loaded.main)
    }
    return this.names()
  }

  names(): string[] {
    return [...this.mains.keys()].sort()
  }

  has(name: string): boolean {
    return this.mains.has(name)
  }

  /**
   * Runs one invocation in its own scope: the local cloud attributes the invocation's database work to
   * `metrics`, and a `cloud.callFunction` made from inside it carries this caller's identity.
   */
  async invoke(name: string, event: unknown, caller: CallerIdentity): Promise<{ result: unknown; metrics: Metrics }> {
    const main = this.mains.get(name)
    if (!main) throw new Error(`no cloud function named ${name}`)
    const metrics = newMetrics()
    const result = await runMeasured({ caller, metrics }, () => invokeAs(main, event, caller))
    return { result, metrics }
  }
}
