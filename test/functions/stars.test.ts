/**
 * 五星支部 through the real function and the real SDK: evidence equals the source aggregates (and follows them),
 * drill-down to source records, reported tasks, self-assessment returned with a comment, negative-list veto,
 * refresh + dashboards, the comparison ignoring activity, template versioning, the xlsx export read back,
 * supply/demand matching, bad input and roles.
 */
import type { Envelope } from '../../common/errors'
import { beijingMonth } from '../../common/rules/beijing-time'
import { previousMonth } from '../../common/rules/stars'
import { defaultTemplate } from '../../common/rules/stars-template'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'
import { notBeforeBeijingHour, startTestClockAt, TEST_NOW } from '../support/test-now'

// A meeting here is placed an hour before "now" and must fall in the current month and year. In the first hours of
// a Beijing day (00:00:01 on 1 January opens a new year, quarter and month) that cannot be, so this file's clock
// starts no earlier than 04:00 of TEST_NOW's day.
startTestClockAt(notBeforeBeijingHour(TEST_NOW, 4))

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any
let cloud: LocalCloud
let stars: Main
let db: Any

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  stars = (await import('../../cloudfunctions/stars')).main as Main
  db = (await import('../../cloudfunctions/_lib/cloud')).db
})
afterAll(() => cloud.close())

const SECRETARY = openidOf('branch_secretary')
const RESIDENT = openidOf('resident')
const TOWNSHIP = openidOf('township_organiser')
const COUNTY = openidOf('county_organiser')
const MONTH = beijingMonth(Date.now())
const YEAR = Number(MONTH.slice(0, 4))

async function call(action: string, data: unknown, openid: string, requestId?: string): Promise<Envelope<Any>> {
  return (await invokeAs(stars, requestId ? { action, data, requestId } : { action, data }, {
    openid,
  })) as Envelope<Any>
}
async function ok(p: Promise<Envelope<Any>>): Promise<Any> {
  const r = await p
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`)
  return r.data
}
async function err(p: Promise<Envelope<Any>>): Promise<{ code: string; message: string }> {
  const r = await p
  if (r.ok) throw new Error(`expected an error, got ok: ${JSON.stringify(r.data).slice(0, 200)}`)
  return r.error
}
/** 现在更新 as the county page does it: restart, then call again until the run is complete. */
async function refreshAll(month: string): Promise<Any> {
  let r = await ok(call('refresh', { month, restart: true }, COUNTY))
  for (let i = 0; !r.complete && i < 20; i++) r = await ok(call('refresh', { month }, COUNTY))
  expect(r.complete).toBe(true)
  return r
}
const task = (board: Any, key: string) => board.tasks.find((t: Any) => t.key === key)

async function setRequestStats(villageId: string, townshipId: string, figures: Record<string, number>) {
  await db
    .collection(C.request_stats)
    .doc(`${villageId}_${MONTH}`)
    .set({
      data: {
        villageId,
        townshipId,
        month: MONTH,
        received: 0,
        escalated: 0,
        closed: 0,
        closedInVillage: 0,
        closedLate: 0,
        satisfied: 0,
        basically: 0,
        unsatisfied: 0,
        closeHours: [],
        ...figures,
      },
    })
}

describe('evidence from what the app already records', () => {
  it('shows the labelled example template and fills 平安法治 from request_stats; the figure follows the source', async () => {
    await setRequestStats('v1', 't1', { received: 10, closed: 10, closedInVillage: 9, satisfied: 4, basically: 1 })
    const board = await ok(call('villageBoard', { villageId: 'v1' }, SECRETARY))
    expect(board.templateLabel).toContain('示例模板，可由县里修改')
    expect(board.taskCount).toBe(29)
    expect(task(board, 's1')).toMatchObject({
      kind: 'auto',
      met: true,
      value: 1,
      note: expect.stringContaining('10/10'),
    })
    expect(task(board, 's1').source).toMatchObject({
      module: 'requests',
      path: '/packages/grid/pages/queue/index?villageId=v1',
    })
    await setRequestStats('v1', 't1', { received: 10, closed: 7, closedInVillage: 6, closedLate: 1 })
    const after = await ok(call('villageBoard', { villageId: 'v1' }, SECRETARY))
    expect(task(after, 's1')).toMatchObject({ met: false, value: 0.7 })
    expect(task(after, 's3')).toMatchObject({ met: false, value: 1 })
  })

  it('counts meetings held against the calendar from meeting_periods, and lists the meetings behind the figure', async () => {
    const mm = `m${MONTH.slice(5, 7)}`
    await db
      .collection(C.meeting_periods)
      .doc(`v1_${YEAR}`)
      .set({ data: { villageId: 'v1', townshipId: 't1', year: YEAR, held: { branch_committee: { [mm]: 1 } } } })
    const startsAt = new Date(Date.now() - 3600_000)
    await db.collection(C.meetings).add({
      data: {
        _id: 'mt-1',
        villageId: 'v1',
        townshipId: 't1',
        kind: 'branch_committee',
        topic: '研究秋收工作',
        startsAt,
        endsAt: startsAt,
        status: 'called',
        locked: true,
        studyHours: 1,
      },
    })
    const board = await ok(call('villageBoard', { villageId: 'v1' }, SECRETARY))
    // Owed: the months that have ended (this month's meeting, held already, counts as a bonus).
    const ended = Number(MONTH.slice(5, 7)) - 1
    expect(task(board, 'b1')).toMatchObject(ended === 0 ? { met: true } : { value: 1 / ended, met: 1 / ended >= 0.8 })
    const ev = await ok(call('taskEvidence', { villageId: 'v1', taskKey: 'b1' }, TOWNSHIP))
    expect(ev.value).toBe(1)
    expect(ev.aggregateIds).toEqual([`v1_${YEAR}`])
    expect(ev.records).toEqual([
      expect.objectContaining({
        id: 'mt-1',
        title: '支部委员会：研究秋收工作',
        path: '/packages/meetings/pages/detail/index?villageId=v1&meetingId=mt-1',
      }),
    ])
    expect((await err(call('taskEvidence', { villageId: 'v1', taskKey: 'e1' }, SECRETARY))).code).toBe(
      'FAILED_PRECONDITION',
    )
    expect((await err(call('taskEvidence', { villageId: 'v1', taskKey: 'zz' }, SECRETARY))).code).toBe('NOT_FOUND')
  })

  it('takes a reported task once, with photos, and counts it', async () => {
    const photo = 'data:image/png;base64,iVBORw0KGgo='
    expect(
      await ok(
        call(
          'reportTask',
          { villageId: 'v1', taskKey: 'e2', done: true, text: '全村改厕 320 户，已验收', photos: [photo] },
          SECRETARY,
          'req-stars-report-0001',
        ),
      ),
    ).toEqual({ taskKey: 'e2', done: true, photos: 1 })
    // Resent on a weak network: done once.
    await ok(
      call(
        'reportTask',
        { villageId: 'v1', taskKey: 'e2', done: true, text: '全村改厕 320 户，已验收', photos: [photo] },
        SECRETARY,
        'req-stars-report-0001',
      ),
    )
    const board = await ok(call('villageBoard', { villageId: 'v1' }, SECRETARY))
    expect(task(board, 'e2')).toMatchObject({
      met: true,
      note: '村里已填报，待乡镇审核',
      report: { text: '全村改厕 320 户，已验收', photos: [expect.any(String)] },
    })
    const { total } = await db.collection(C.files).where({ villageId: 'v1' }).count()
    expect(total).toBe(1)
    expect(
      (await ok(call('reportPhoto', { villageId: 'v1', fileId: task(board, 'e2').report.photos[0] }, TOWNSHIP)))
        .dataUrl,
    ).toBe(photo)
    expect(
      (await err(call('reportTask', { villageId: 'v1', taskKey: 's1', done: true, text: '自动的' }, SECRETARY))).code,
    ).toBe('FAILED_PRECONDITION')
    expect(
      (await err(call('reportTask', { villageId: 'v1', taskKey: 'e2', done: true, text: '' }, SECRETARY))).code,
    ).toBe('INVALID_ARGUMENT')
    expect(
      (await err(call('reportTask', { villageId: 'v1', taskKey: 'e2', done: true, text: '完成了' }, RESIDENT))).code,
    ).toBe('FORBIDDEN')
  })
})

describe('assessment flow', () => {
  it('the township returns a self-assessment with a comment; the village sees it and submits again', async () => {
    const sub = await ok(call('submitAssessment', { villageId: 'v1', period: MONTH, note: '本月自评' }, SECRETARY))
    expect(sub).toMatchObject({ status: 'submitted', statusLabel: '已自评，待乡镇审核' })
    const dash = await ok(call('townshipDashboard', { townshipId: 't1', month: MONTH }, TOWNSHIP))
    expect(dash.pending).toEqual([expect.objectContaining({ villageId: 'v1', period: MONTH })])
    expect(
      (
        await err(
          call('reviewAssessment', { villageId: 'v1', period: MONTH, decision: 'return', comment: '' }, TOWNSHIP),
        )
      ).code,
    ).toBe('INVALID_ARGUMENT')
    expect(
      (
        await err(
          call(
            'reviewAssessment',
            { villageId: 'v1', period: MONTH, decision: 'return', comment: '请补充改厕验收单' },
            SECRETARY,
          ),
        )
      ).code,
    ).toBe('FORBIDDEN')
    const ret = await ok(
      call(
        'reviewAssessment',
        { villageId: 'v1', period: MONTH, decision: 'return', comment: '请补充改厕验收单' },
        TOWNSHIP,
      ),
    )
    expect(ret).toMatchObject({ status: 'returned', comment: '请补充改厕验收单' })
    const board = await ok(call('villageBoard', { villageId: 'v1' }, SECRETARY))
    expect(board.assessments[0]).toMatchObject({
      period: MONTH,
      status: 'returned',
      statusLabel: '乡镇退回',
      comment: '请补充改厕验收单',
    })
    expect(
      (await err(call('reviewAssessment', { villageId: 'v1', period: MONTH, decision: 'accept' }, TOWNSHIP))).code,
    ).toBe('FAILED_PRECONDITION')
    await ok(call('submitAssessment', { villageId: 'v1', period: MONTH, note: '已补充' }, SECRETARY))
    expect(
      await ok(call('reviewAssessment', { villageId: 'v1', period: MONTH, decision: 'accept' }, TOWNSHIP)),
    ).toMatchObject({ status: 'accepted' })
    expect((await err(call('submitAssessment', { villageId: 'v1', period: MONTH }, SECRETARY))).code).toBe(
      'FAILED_PRECONDITION',
    )
    expect(
      (await err(call('reviewAssessment', { villageId: 'v3', period: MONTH, decision: 'accept' }, TOWNSHIP))).code,
    ).toBe('FORBIDDEN')
    expect((await err(call('submitAssessment', { villageId: 'v1', period: '2026-13' }, SECRETARY))).code).toBe(
      'INVALID_ARGUMENT',
    )
  })

  it('a negative-list event vetoes the star, with the reason visible to the village', async () => {
    expect((await err(call('recordVeto', { villageId: 'v2', item: 'n99', note: '不存在' }, TOWNSHIP))).code).toBe(
      'FAILED_PRECONDITION',
    )
    await ok(call('recordVeto', { villageId: 'v2', item: 'n2', note: '某厂房火灾' }, TOWNSHIP))
    const board = await ok(call('villageBoard', { villageId: 'v2' }, TOWNSHIP))
    const safety = board.stars.find((s: Any) => s.key === 'safety')
    expect(safety).toMatchObject({ earned: false, vetoedBy: ['发生较大及以上安全生产事故：某厂房火灾'] })
    expect(board.vetoes).toEqual([expect.objectContaining({ key: 'n2', note: '某厂房火灾' })])
    expect((await err(call('recordVeto', { villageId: 'v1', item: 'n2', note: '事由说明' }, SECRETARY))).code).toBe(
      'FORBIDDEN',
    )
  })
})

describe('refresh, dashboards and the monthly comparison', () => {
  it('ranks villages on outcomes; inflating check-ins changes nothing', async () => {
    await setRequestStats('v2', 't1', { received: 4, closed: 4, closedInVillage: 4 })
    await setRequestStats('v3', 't2', { received: 4, closed: 1, closedInVillage: 1 })
    await refreshAll(MONTH)
    const before = await ok(call('countyDashboard', { month: MONTH }, COUNTY))
    expect(before.comparison.map((r: Any) => r.villageId).sort()).toEqual(['v1', 'v2', 'v3'])
    expect(before.levels.map((l: Any) => [l.level, l.target])).toEqual([
      [5, 7],
      [4, 36],
      [3, 98],
      [2, 121],
    ])
    expect(before.stars).toHaveLength(5)
    expect(before.templateLabel).toContain('示例')
    expect(before.requests).toMatchObject({ closed: 12, closedInVillage: 11 })
    expect(before.trend).toEqual([expect.objectContaining({ month: MONTH, requestsClosed: 12 })])
    // Activity inflated in the worst-placed village: thousands of check-ins.
    const worst = before.comparison[before.comparison.length - 1].villageId
    await db
      .collection(C.duty_months)
      .doc(`${worst}:${MONTH}`)
      .set({
        data: {
          villageId: worst,
          townshipId: worst === 'v3' ? 't2' : 't1',
          month: MONTH,
          days: {},
          checkins: 5000,
          exceptions: 0,
        },
      })
    await refreshAll(MONTH)
    const after = await ok(call('countyDashboard', { month: MONTH }, COUNTY))
    expect(after.comparison.map((r: Any) => [r.villageId, r.rank])).toEqual(
      before.comparison.map((r: Any) => [r.villageId, r.rank]),
    )
    const town = await ok(call('townshipDashboard', { townshipId: 't1', month: MONTH }, TOWNSHIP))
    expect(town.comparison.map((r: Any) => r.villageId).sort()).toEqual(['v1', 'v2'])
    expect((await err(call('townshipDashboard', { townshipId: 't2' }, TOWNSHIP))).code).toBe('FORBIDDEN')
    expect((await err(call('countyDashboard', {}, TOWNSHIP))).code).toBe('FORBIDDEN')
  })

  it('refreshes in steps: one township per step at a zero budget, ranks once all are done, then leaves a fresh run alone', async () => {
    const { refreshStep } = await import('../../cloudfunctions/stars/refresh')
    await refreshAll(MONTH)
    const ranked = (await ok(call('countyDashboard', { month: MONTH }, COUNTY))).comparison.map((r: Any) => [
      r.villageId,
      r.rank,
    ])
    // Change a source so the next run's figures differ, then step through a run with no time budget.
    await setRequestStats('v3', 't2', { received: 9, closed: 9, closedInVillage: 9 })
    const now = new Date()
    const first = await refreshStep(db, MONTH, now, { restart: true, budgetMs: 0 })
    expect(first).toMatchObject({ complete: false, townships: 2, townshipsDone: 1, villages: 2 })
    // Mid-run: t1's board has fresh figures but keeps the ranks of the last complete run.
    expect(
      (await ok(call('countyDashboard', { month: MONTH }, COUNTY))).comparison.map((r: Any) => [r.villageId, r.rank]),
    ).toEqual(ranked)
    const second = await refreshStep(db, MONTH, now, { budgetMs: 0 })
    expect(second).toMatchObject({ complete: false, townshipsDone: 2, villages: 1 })
    const third = await refreshStep(db, MONTH, now, { budgetMs: 0 })
    expect(third).toMatchObject({ complete: true, townshipsDone: 2, villages: 3 })
    const after = await ok(call('countyDashboard', { month: MONTH }, COUNTY))
    expect(after.comparison.find((r: Any) => r.villageId === 'v3')).toMatchObject({ requestsClosed: 9, rank: 1 })
    // The timer's next call finds a fresh run and does nothing; a restart redoes it.
    expect(await refreshStep(db, MONTH, now, { budgetMs: 0 })).toMatchObject({ complete: true, villages: 0 })
    expect(await refreshStep(db, MONTH, now, { restart: true, budgetMs: 0 })).toMatchObject({
      complete: false,
      townshipsDone: 1,
    })
    await setRequestStats('v3', 't2', { received: 4, closed: 1, closedInVillage: 1 })
    await refreshAll(MONTH)
    expect((await err(call('refresh', { month: MONTH }, TOWNSHIP))).code).toBe('FORBIDDEN')
  })

  it('a self-assessment, its review and a confirmed level show in the refreshed boards without a new refresh', async () => {
    const PREV = previousMonth(MONTH)
    await refreshAll(PREV)
    await refreshAll(MONTH)
    const boardOf = async (m: string) => (await db.collection(C.star_boards).doc(`t1_${m}`).get()).data
    const [prevBefore, before] = [await boardOf(PREV), await boardOf(MONTH)]
    expect(Object.keys(before.villages).sort()).toEqual(['v1', 'v2'])
    await ok(call('submitAssessment', { villageId: 'v1', period: PREV, note: '' }, SECRETARY))
    let dash = await ok(call('countyDashboard', { month: PREV }, COUNTY))
    expect(dash.villages.find((v: Any) => v.villageId === 'v1').assessment).toBe('submitted')
    await ok(
      call('reviewAssessment', { villageId: 'v1', period: PREV, decision: 'return', comment: '材料不全' }, TOWNSHIP),
    )
    const level = (await ok(call('villageBoard', { villageId: 'v1' }, SECRETARY))).level
    await ok(call('confirmLevel', { villageId: 'v1', year: YEAR, level }, COUNTY))
    dash = await ok(call('countyDashboard', { month: MONTH }, COUNTY))
    expect(dash.villages.find((v: Any) => v.villageId === 'v1')).toMatchObject({ confirmed: true, level })
    expect(
      (await ok(call('countyDashboard', { month: PREV }, COUNTY))).villages.find((v: Any) => v.villageId === 'v1')
        .assessment,
    ).toBe('returned')
    // Only v1's rows changed; no partial row appeared where v1 is not (t2's board).
    const [prevAfter, after] = [await boardOf(PREV), await boardOf(MONTH)]
    expect(after.villages.v2).toEqual(before.villages.v2)
    expect(after.villages.v1).toEqual({ ...before.villages.v1, confirmedLevel: level })
    expect(prevAfter.villages.v1).toEqual({
      ...prevBefore.villages.v1,
      assessment: 'returned',
      ...(Number(PREV.slice(0, 4)) === YEAR ? { confirmedLevel: level } : {}),
    })
    expect(Object.keys((await db.collection(C.star_boards).doc(`t2_${MONTH}`).get()).data.villages)).toEqual(['v3'])
    await db.collection(C.star_levels).doc(`v1_${YEAR}`).remove()
  })

  it('exports the month as an .xlsx that reads back with the comparison and the evidence summary', async () => {
    // Read by a published reader, not the project's own.
    const { default: readExcelFile } = await import('read-excel-file/node')
    const out = await ok(call('exportMonth', { month: MONTH }, COUNTY))
    expect(out.name).toBe(`五星支部-${MONTH}-月达标排序.xlsx`)
    const read = await readExcelFile(Buffer.from(out.url.split(',')[1], 'base64'), { trim: false })
    const sheets = read.map((s) => ({ name: s.sheet, rows: s.data }))
    expect(sheets.map((s) => s.name)).toEqual(['月达标排序', '取证汇总', '说明'])
    const dash = await ok(call('countyDashboard', { month: MONTH }, COUNTY))
    const [header, ...rows] = sheets[0]!.rows
    expect(header!.slice(0, 3)).toEqual(['名次', '乡镇', '村（社区）'])
    expect(rows.map((r) => [r[0], r[2], r[7]])).toEqual(
      dash.comparison.map((c: Any) => [c.rank, c.name, c.requestsClosed]),
    )
    const summary = sheets[1]!.rows
    const col = summary[0]!.indexOf('办结群众诉求（本年累计）')
    expect(summary.find((r) => r[1] === dash.comparison.find((c: Any) => c.villageId === 'v2').name)![col]).toBe(4)
    expect(sheets[2]!.rows[1]![0]).toContain('示例模板')
  })
})

describe('township targets and exports', () => {
  it('the township dashboard uses the township’s own targets: its share by villages, or what the county handed down', async () => {
    await refreshAll(MONTH)
    const county = await ok(call('countyDashboard', { month: MONTH }, COUNTY))
    expect(county.levels.map((l: Any) => l.target)).toEqual([7, 36, 98, 121])
    expect(county.targetsNote).toBe('全县目标')
    // t1 holds 2 of the county's 3 villages: two thirds of each level (largest remainder), never the county's 121.
    let town = await ok(call('townshipDashboard', { townshipId: 't1', month: MONTH }, TOWNSHIP))
    expect(town.levels.map((l: Any) => [l.level, l.target])).toEqual([
      [5, 5],
      [4, 24],
      [3, 65],
      [2, 81],
    ])
    expect(town.targetsNote).toBe('县里未单独下达，按本乡镇村数占全县的比例折算')
    // The county hands t1 its own targets in the year's template.
    const template = (await ok(call('template', { year: YEAR }, COUNTY))).template
    await ok(
      call('saveTemplate', { template: { ...template, townshipTargets: { t1: { 5: 0, 4: 1, 3: 1, 2: 0 } } } }, COUNTY),
    )
    try {
      town = await ok(call('townshipDashboard', { townshipId: 't1', month: MONTH }, TOWNSHIP))
      expect(town.levels.map((l: Any) => l.target)).toEqual([0, 1, 1, 0])
      expect(town.targetsNote).toBe('县里下达给本乡镇的目标')
      // A township target above the county's is refused.
      const over = { ...template, townshipTargets: { t1: { 5: 8, 4: 1, 3: 1, 2: 0 } } }
      expect((await err(call('saveTemplate', { template: over }, COUNTY))).message).toContain('5星目标')
    } finally {
      await db.collection(C.star_templates).doc(`xinye_${YEAR}`).remove()
    }
  })

  it('the export has fitted widths, a frozen header, number formats, Beijing times and the confirmed levels', async () => {
    const { default: readExcelFile } = await import('read-excel-file/node')
    const { xlsxParts, excelSerial } = await import('../../cloudfunctions/_lib/xlsx')
    await refreshAll(MONTH)
    const level = (await ok(call('villageBoard', { villageId: 'v2' }, COUNTY))).level
    await ok(call('confirmLevel', { villageId: 'v2', year: YEAR, level }, COUNTY))
    try {
      const out = await ok(call('exportMonth', { month: MONTH }, COUNTY))
      const buffer = Buffer.from(out.url.split(',')[1], 'base64')
      const parts = xlsxParts(buffer)
      const sheet1 = parts.get('xl/worksheets/sheet1.xml')!
      expect(sheet1).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>')
      // Widths fitted to the content: 村（社区） (5 CJK characters) is wider than 名次.
      const widths = [...sheet1.matchAll(/<col min="(\d+)" max="\d+" width="([\d.]+)"/g)].map((m) => Number(m[2]))
      expect(widths).toHaveLength(15)
      expect(widths[2]).toBeGreaterThan(widths[0]!)
      // Number formats: 完成率 a percentage, counts whole numbers, times as Beijing date and time.
      const styles = parts.get('xl/styles.xml')!
      expect(styles).toContain('formatCode="0.0%"')
      expect(styles).toContain('formatCode="yyyy-mm-dd hh:mm"')
      expect(sheet1).toMatch(/<c r="F2" s="3"><v>[\d.]+<\/v><\/c>/)
      expect(sheet1).toMatch(/<c r="D2" s="2">/)
      const read = await readExcelFile(buffer, { trim: false })
      const [header, ...rows] = read[0]!.data
      const confirmedCol = header!.indexOf('县确认星级')
      const dash = await ok(call('countyDashboard', { month: MONTH }, COUNTY))
      const v2 = dash.comparison.find((c: Any) => c.villageId === 'v2')
      expect(rows.find((r) => r[2] === v2.name)![confirmedCol]).toBe(level)
      expect(rows.filter((r) => r[2] !== v2.name).map((r) => r[confirmedCol])).toEqual([null, null])
      expect(rows.find((r) => r[2] === v2.name)![header!.indexOf('完成率')]).toBeCloseTo(v2.completion, 6)
      // Times: a date cell on the Beijing wall clock (read back as that wall-clock time), no UTC ISO string.
      const note = read[2]!.data
      const refreshed = note.find((r) => r[0] === '数据更新于（北京时间）')![1]
      expect(refreshed).toBeInstanceOf(Date)
      const at = new Date(dash.refreshedAt)
      expect(Math.abs((refreshed as unknown as Date).getTime() - (at.getTime() + 8 * 3600_000))).toBeLessThan(1000)
      expect(sheet1 + parts.get('xl/worksheets/sheet3.xml')!).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/)
      expect(parts.get('xl/worksheets/sheet3.xml')).toContain(`<v>${excelSerial(at)}</v>`)
    } finally {
      await db.collection(C.star_levels).doc(`v2_${YEAR}`).remove()
    }
  })

  it('a township exports its own villages only, ranked among themselves; another township’s is refused', async () => {
    const { default: readExcelFile } = await import('read-excel-file/node')
    await refreshAll(MONTH)
    const out = await ok(call('exportTownship', { townshipId: 't1', month: MONTH }, TOWNSHIP))
    expect(out.name).toBe(`五星支部-一号镇-${MONTH}-月达标排序.xlsx`)
    const read = await readExcelFile(Buffer.from(out.url.split(',')[1], 'base64'), { trim: false })
    const [header, ...rows] = read[0]!.data
    expect(header!.slice(0, 4)).toEqual(['乡镇内名次', '全县名次', '乡镇', '村（社区）'])
    const town = await ok(call('townshipDashboard', { townshipId: 't1', month: MONTH }, TOWNSHIP))
    expect(rows.map((r) => [r[0], r[3]])).toEqual(town.comparison.map((c: Any) => [c.rank, c.name]))
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['一号镇']))
    expect((await err(call('exportTownship', { townshipId: 't2', month: MONTH }, TOWNSHIP))).code).toBe('FORBIDDEN')
    expect((await err(call('exportTownship', { townshipId: 't1' }, SECRETARY))).code).toBe('FORBIDDEN')
    expect((await err(call('exportMonth', { month: MONTH }, TOWNSHIP))).code).toBe('FORBIDDEN')
    // The county may export any township's.
    await ok(call('exportTownship', { townshipId: 't2', month: MONTH }, COUNTY))
  })
})

describe('one star level for a village', () => {
  it('本乡镇的村 (org.listVillages) shows the same level as the 五星 dashboards, confirmed or measured', async () => {
    const org = (await import('../../cloudfunctions/org')).main as Main
    const listed = async () =>
      ((await invokeAs(org, { action: 'listVillages', data: { townshipId: 't1' } }, { openid: TOWNSHIP })) as Any).data
        .villages
    await refreshAll(MONTH)
    const same = async () => {
      const dash = await ok(call('townshipDashboard', { townshipId: 't1', month: MONTH }, TOWNSHIP))
      const villages = await listed()
      expect(villages.map((v: Any) => [v.id, v.starLevel, v.starLevelConfirmed])).toEqual(
        dash.villages.map((v: Any) => [v.villageId, v.level, v.confirmed]),
      )
      return villages
    }
    // The fixture's village record says 3 stars (last year's); the measured level this year is what both show.
    const before = await same()
    expect(before.map((v: Any) => v.lastYearStarLevel)).toEqual([3, 3])
    const measured = before.find((v: Any) => v.id === 'v1').starLevel
    expect(measured).not.toBe(3)
    // The county confirms v1's level: both pages show the confirmed level, marked as confirmed.
    await ok(call('confirmLevel', { villageId: 'v1', year: YEAR, level: 0 }, COUNTY))
    try {
      const after = await same()
      expect(after.find((v: Any) => v.id === 'v1')).toMatchObject({ starLevel: 0, starLevelConfirmed: true })
    } finally {
      await db.collection(C.star_levels).doc(`v1_${YEAR}`).remove()
      await refreshAll(MONTH)
    }
  })
})

describe('template versioning', () => {
  it('a saved template applies to its year only and locks once a level is confirmed', async () => {
    const next = defaultTemplate(YEAR + 1)
    next.stars.find((s) => s.key === 'safety')!.tasks.find((t) => t.key === 's1')!.measure = {
      kind: 'auto',
      metric: 'requestsClosed',
      per: 'requestsReceived',
      op: '>=',
      target: 0.5,
      unit: 'share',
    }
    await ok(call('saveTemplate', { template: next }, COUNTY))
    const saved = await ok(call('template', { year: YEAR + 1 }, SECRETARY))
    expect(saved.template).toMatchObject({ isExample: false, year: YEAR + 1 })
    expect(saved.template.label).not.toContain('示例')
    const thisYear = await ok(call('template', { year: YEAR }, SECRETARY))
    expect(thisYear.template.isExample).toBe(true)
    expect(task(await ok(call('villageBoard', { villageId: 'v1', year: YEAR }, SECRETARY)), 's1').target).toBe(0.9)
    const bad = defaultTemplate(YEAR + 1)
    bad.stars[0]!.prerequisites = ['industry']
    expect((await err(call('saveTemplate', { template: bad }, COUNTY))).code).toBe('INVALID_ARGUMENT')
    const board = await ok(call('villageBoard', { villageId: 'v1', year: YEAR }, SECRETARY))
    expect((await err(call('confirmLevel', { villageId: 'v1', year: YEAR, level: 5 }, COUNTY))).code).toBe(
      board.level === 5 ? 'NONE' : 'FAILED_PRECONDITION',
    )
    await ok(call('confirmLevel', { villageId: 'v1', year: YEAR + 1, level: 0 }, COUNTY))
    expect((await ok(call('template', { year: YEAR + 1 }, COUNTY))).locked).toBe(true)
    expect((await err(call('saveTemplate', { template: next }, COUNTY))).code).toBe('FAILED_PRECONDITION')
    expect((await err(call('saveTemplate', { template: next }, TOWNSHIP))).code).toBe('FORBIDDEN')
  })
})

describe('supply and demand', () => {
  it('the county publishes a supply tagged with star tasks, edits it and withdraws it; others may not', async () => {
    const base = {
      name: '村级道路养护补助',
      department: '县交通运输局',
      kind: 'fund',
      amountYuan: 20000,
      conditions: '每公里 2,000 元',
      star: 'ecology',
      taskKeys: ['e1', 'e5'],
    }
    const s = await ok(call('publishSupply', base, COUNTY))
    expect(s).toMatchObject({ taskKeys: ['e1', 'e5'], open: true })
    expect((await err(call('publishSupply', { ...base, taskKeys: ['zz9'] }, COUNTY))).code).toBe('FAILED_PRECONDITION')
    expect((await err(call('publishSupply', base, TOWNSHIP))).code).toBe('FORBIDDEN')
    expect((await err(call('publishSupply', { ...base, name: '' }, COUNTY))).code).toBe('INVALID_ARGUMENT')
    const edited = await ok(
      call('updateSupply', { ...base, supplyId: s.id, amountYuan: 30000, taskKeys: ['e5'] }, COUNTY),
    )
    expect(edited).toMatchObject({ id: s.id, amountYuan: 30000, taskKeys: ['e5'] })
    expect((await ok(call('listSupply', {}, SECRETARY))).supplies.find((x: Any) => x.id === s.id)).toMatchObject({
      amountYuan: 30000,
      taskKeys: ['e5'],
      open: true,
    })
    expect((await err(call('updateSupply', { ...base, supplyId: s.id }, SECRETARY))).code).toBe('FORBIDDEN')
    expect((await err(call('updateSupply', { ...base, supplyId: 'nope' }, COUNTY))).code).toBe('NOT_FOUND')
    expect((await err(call('closeSupply', { supplyId: s.id }, TOWNSHIP))).code).toBe('FORBIDDEN')
    await ok(call('closeSupply', { supplyId: s.id }, COUNTY))
    expect((await ok(call('listSupply', {}, SECRETARY))).supplies.find((x: Any) => x.id === s.id).open).toBe(false)
  })

  it('a department supplies, a village needs, the township matches and records delivery', async () => {
    const supply = await ok(
      call(
        'publishSupply',
        {
          name: '人居环境整治奖补',
          department: '农业农村局',
          kind: 'fund',
          amountYuan: 50000,
          conditions: '村内自筹不少于 20%',
          star: 'ecology',
        },
        COUNTY,
      ),
    )
    expect((await ok(call('listSupply', {}, SECRETARY))).supplies[0]).toMatchObject({ id: supply.id, open: true })
    expect((await err(call('postNeed', { villageId: 'v1', taskKey: 'zz', title: '修排水沟' }, SECRETARY))).code).toBe(
      'FAILED_PRECONDITION',
    )
    const need = await ok(
      call('postNeed', { villageId: 'v1', taskKey: 'e4', title: '修排水沟', detail: '东街 300 米' }, SECRETARY),
    )
    expect(need).toMatchObject({ star: 'ecology', taskName: '生活污水治理', match: null })
    expect((await ok(call('townshipNeeds', { townshipId: 't1' }, TOWNSHIP))).needs.map((n: Any) => n.id)).toContain(
      need.id,
    )
    const matched = await ok(call('matchNeed', { villageId: 'v1', needId: need.id, supplyId: supply.id }, TOWNSHIP))
    expect(matched.match).toMatchObject({ status: 'matched', department: '农业农村局' })
    expect(
      (await err(call('matchNeed', { villageId: 'v1', needId: need.id, supplyId: supply.id }, TOWNSHIP))).code,
    ).toBe('CONFLICT')
    expect(
      (await err(call('moveMatch', { villageId: 'v1', needId: need.id, status: 'delivered' }, TOWNSHIP))).code,
    ).toBe('FAILED_PRECONDITION')
    for (const status of ['agreed', 'delivering', 'delivered'])
      await ok(call('moveMatch', { villageId: 'v1', needId: need.id, status }, TOWNSHIP))
    const mine = await ok(call('villageNeeds', { villageId: 'v1' }, SECRETARY))
    expect(mine.needs[0].match).toMatchObject({ status: 'delivered', statusLabel: '已落地' })
    expect(mine.needs[0].match.history.map((h: Any) => h.status)).toEqual([
      'matched',
      'agreed',
      'delivering',
      'delivered',
    ])
    await ok(call('closeSupply', { supplyId: supply.id }, COUNTY))
    const n2 = await ok(call('postNeed', { villageId: 'v1', taskKey: 'e4', title: '再修一段' }, SECRETARY))
    expect((await err(call('matchNeed', { villageId: 'v1', needId: n2.id, supplyId: supply.id }, TOWNSHIP))).code).toBe(
      'FAILED_PRECONDITION',
    )
    expect((await err(call('publishSupply', { name: 'x', department: '农业农村局', kind: 'fund' }, COUNTY))).code).toBe(
      'INVALID_ARGUMENT',
    )
    expect((await err(call('postNeed', { villageId: 'v1', taskKey: 'e4', title: '修路' }, RESIDENT))).code).toBe(
      'FORBIDDEN',
    )
  })
})
