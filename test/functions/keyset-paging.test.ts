/**
 * getAllById (cloudfunctions/_lib/records.ts): every matching document, in _id order, paged by _id ranges — and,
 * with the declared (month, _id) index, each page reads only its own documents, where skip-paging (getAll) re-reads
 * every earlier page. Measured with the local cloud's per-scope counters.
 */
import type { LocalCloud } from '../../local/cloud'
import { runInScope } from '../../local/cloud'
import { newMetrics } from '../../local/cloud/metrics'
import { startTestCloud } from '../support/local-cloud'
import { C } from '../../cloudfunctions/_lib/collections'

let cloud: LocalCloud
let records: typeof import('../../cloudfunctions/_lib/records')
let db: any // eslint-disable-line @typescript-eslint/no-explicit-any
const MONTH_DOCS = 2620

beforeAll(async () => {
  cloud = await startTestCloud()
  const docs = []
  for (let i = 0; i < MONTH_DOCS; i++)
    docs.push({
      _id: `v${String(i).padStart(4, '0')}:2026-05`,
      villageId: `v${i}`,
      townshipId: 't1',
      month: '2026-05',
      received: 1,
    })
  for (let i = 0; i < 500; i++)
    docs.push({
      _id: `v${String(i).padStart(4, '0')}:2026-04`,
      villageId: `v${i}`,
      townshipId: 't1',
      month: '2026-04',
      received: 1,
    })
  await cloud.engine.apply(docs.map((d) => ({ k: 'put' as const, c: C.request_stats, d })))
  records = await import('../../cloudfunctions/_lib/records')
  db = (await import('../../cloudfunctions/_lib/cloud')).db
})
afterAll(() => cloud.close())

const measured = async <T>(run: () => Promise<T>) => {
  const metrics = newMetrics()
  const result = await runInScope({ caller: { openid: 'test' }, metrics }, run)
  return { result, metrics }
}

describe('getAllById', () => {
  it('returns every matching document once, in _id order, across pages', async () => {
    const { result } = await measured(() =>
      records.getAllById<{ _id: string; month: string }>(db, C.request_stats, { month: '2026-05' }),
    )
    expect(result).toHaveLength(MONTH_DOCS)
    expect(new Set(result.map((d) => d._id)).size).toBe(MONTH_DOCS)
    expect(result.every((d) => d.month === '2026-05')).toBe(true)
    expect(result.map((d) => d._id)).toEqual([...result.map((d) => d._id)].sort())
  })

  it('stops at max', async () => {
    const { result } = await measured(() => records.getAllById(db, C.request_stats, { month: '2026-05' }, 1500))
    expect(result).toHaveLength(1500)
  })

  it('examines each matching document about once, where skip-paging examines the earlier pages again', async () => {
    const keyset = await measured(() => records.getAllById(db, C.request_stats, { month: '2026-05' }))
    const skipped = await measured(() =>
      records.getAll(db.collection(C.request_stats).where({ month: '2026-05' }), 50_000),
    )
    expect(skipped.result).toHaveLength(MONTH_DOCS)
    expect(keyset.metrics.roundTrips).toBe(3)
    expect(keyset.metrics.examined).toBeLessThanOrEqual(MONTH_DOCS + 3)
    expect(skipped.metrics.examined).toBeGreaterThan(2 * MONTH_DOCS)
  })
})
