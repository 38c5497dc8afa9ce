/**
 * The 五星支部 demo (local/seed/stars.ts) writes star_boards / star_summaries without calling the function; this
 * checks that the function's own `refresh` (refreshMonth, real SDK, local cloud) over the seeded county rewrites
 * exactly the same documents — so the seed cannot drift from the function — and that the demo has assessments
 * in every state, a veto, and needs at every match stage.
 */
import { beijingMonth } from '../../common/rules/beijing-time'
import { previousMonth } from '../../common/rules/stars'
import type { LocalCloud } from '../../local/cloud'
import { seedDemoData } from '../../local/seed/demo'
import { startTestCloud } from '../support/local-cloud'
import { C } from '../../cloudfunctions/_lib/collections'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any
let cloud: LocalCloud
let db: Any
let refreshMonth: (db: Any, month: string, now: Date) => Promise<number>

// Mid-year, so the modules' demo activity (which runs up to `now`) covers several months of the year.
const NOW = new Date('2026-06-18T10:00:00+08:00')
const MONTH = beijingMonth(NOW)

beforeAll(async () => {
  cloud = await startTestCloud()
  await seedDemoData(cloud, { townships: 4, scale: 0.05, now: NOW })
  db = (await import('../../cloudfunctions/_lib/cloud')).db
  refreshMonth = (await import('../../cloudfunctions/stars')).refreshMonth as Any
}, 60_000)
afterAll(() => cloud.close())

async function all(collection: string, where: Record<string, unknown>): Promise<Any[]> {
  const out: Any[] = []
  for (let skip = 0; ; skip += 1000) {
    const { data } = await db.collection(collection).where(where).skip(skip).limit(1000).get()
    out.push(...data)
    if (data.length < 1000) return out
  }
}
const strip = (docs: Any[]) => Object.fromEntries(docs.map(({ refreshedAt: _r, ...d }) => [d._id, d]))

describe('五星支部 demo data', () => {
  it.each([previousMonth(previousMonth(MONTH)), previousMonth(MONTH), MONTH])(
    'star_boards and star_summaries of %s equal what refresh computes',
    async (month) => {
      const seededBoards = strip(await all(C.star_boards, { month }))
      const seededFigures = strip(await all(C.star_board_figures, { month }))
      const seededSummary = strip(await all(C.star_summaries, { year: Number(month.slice(0, 4)), month }))
      const seededRows = Object.values(seededBoards).reduce(
        (n: number, b: Any) => n + Object.keys(b.villages).length,
        0,
      )
      expect(Object.keys(seededBoards).length).toBe(4)
      expect(seededRows).toBeGreaterThan(40)
      const villages = await refreshMonth(db, month, NOW)
      expect(villages).toBe(seededRows)
      expect(strip(await all(C.star_boards, { month }))).toEqual(seededBoards)
      expect(Object.keys(seededFigures)).toEqual(Object.keys(seededBoards))
      expect(strip(await all(C.star_board_figures, { month }))).toEqual(seededFigures)
      expect(strip(await all(C.star_summaries, { year: Number(month.slice(0, 4)), month }))).toEqual(seededSummary)
    },
  )

  it('has a figure from every module, self-assessments in every state, a veto, and needs at several match stages', async () => {
    const rows = (await all(C.star_board_figures, { month: MONTH })).flatMap((b: Any) => Object.values(b.villages))
    const sum = (k: string) => rows.reduce((n: number, r: Any) => n + (r[k] ?? 0), 0)
    for (const k of ['dutyCoveredDays', 'committeeMonths', 'mattersCompleted', 'requestsClosed', 'filingsCompleted'])
      expect(sum(k)).toBeGreaterThan(0)
    const statuses = new Set((await all(C.star_assessments, {})).map((a: Any) => a.status))
    expect([...statuses].sort()).toEqual(['accepted', 'returned', 'submitted'])
    expect(await all(C.star_assessments, { villageId: 'v025', period: MONTH, status: 'submitted' })).toHaveLength(1)
    expect((await all(C.star_vetoes, {})).length).toBe(1)
    const stages = new Set((await all(C.star_needs, {})).map((n: Any) => n.match?.status ?? 'open'))
    for (const s of ['open', 'matched', 'agreed', 'delivered']) expect(stages).toContain(s)
  })

  it('gives the demo county a spread of levels, not every village 未达二星 (one clock for every module)', async () => {
    const rows: Any[] = (await all(C.star_boards, { month: MONTH })).flatMap((b: Any) => Object.values(b.villages))
    const count = (l: number) => rows.filter((r) => r.level === l).length
    expect(count(0)).toBeLessThan(rows.length / 3)
    expect([2, 3, 4].filter((l) => count(l) > 0)).toEqual([2, 3, 4])
  })
})
