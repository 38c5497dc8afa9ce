/**
 * Writes the demo county (local/seed/demo-data.ts) into a local cloud — straight into its engine in large
 * batches, which journals them like any other write (so a durable cloud keeps them across restarts).
 */
import type { LocalCloud } from '../cloud'
import { DEMO_LOGINS, generateDemoData, summarise, type DemoOptions } from './demo-data'
import { addMeetingDemo } from './meetings'
import { addDutyDemo } from './duty'
import { addGridActivity } from './grid'
import { addDeliberationDemo } from './deliberation'
import { addCouncilDemo } from './council'
import { addStarsDemo } from './stars'

export { DEMO_LOGINS, DEMO_OPENID_PREFIX, generateDemoData } from './demo-data'

const BATCH = 20000

export interface SeedReport {
  counts: Record<string, number>
  generateMs: number
  writeMs: number
}

export async function seedDemoData(
  cloud: Pick<LocalCloud, 'engine'>,
  options: DemoOptions & { now: Date },
): Promise<SeedReport> {
  const t0 = Date.now()
  // One `now` for every module (db:reset: the local server's clock, XZ_NOW or the real time), so the demo's "today"
  // has duty shifts, an open voting window, and 五星支部 figures drawn from a year in which every module has records.
  const now = options.now
  const data = generateDemoData({ ...options, now })
  addMeetingDemo(data, { ...options, now })
  addDutyDemo(data, { now })
  addGridActivity(data, { now })
  addDeliberationDemo(data, { ...options, now })
  addCouncilDemo(data, { now })
  // After every module above: 五星支部 reads their aggregates.
  addStarsDemo(data, { now })
  const t1 = Date.now()
  const engine = cloud.engine
  // demo_logins is local-only (not in cloudbase/indexes.json): create it here.
  if (!engine.has(DEMO_LOGINS)) await engine.apply([{ k: 'create', c: DEMO_LOGINS }])
  for (const [collection, docs] of data) {
    if (!engine.has(collection)) await engine.apply([{ k: 'create', c: collection }])
    for (let i = 0; i < docs.length; i += BATCH) {
      await engine.apply(docs.slice(i, i + BATCH).map((d) => ({ k: 'put' as const, c: collection, d })))
    }
  }
  return { counts: summarise(data), generateMs: t1 - t0, writeMs: Date.now() - t1 }
}
