/**
 * Demo 五星支部, added after the other modules' demo activity: what the village boards, the township and county
 * dashboards and the export need —
 * - reports of the tasks the app cannot know (star_reports), more of them done where last year's level was higher;
 *   in each demo village a few only (some accepted, one waiting, one returned), so a demo cadre has tasks to fill;
 * - self-assessments in every state (star_assessments): last month mostly accepted, a few returned; this month
 *   submitted in about half of the villages, including each demo village, so a township reviewer has some to review;
 * - one negative-list event (star_vetoes) in a non-demo village of 城郊乡, visible to that village;
 * - the county's supply list (star_supplies) and villages' needs tied to tasks (star_needs), matched at each stage;
 * - `star_boards` (one per township per month of the year so far, a row per village) and `star_summaries` (one
 *   per month), computed as
 *   the function's `refresh` computes them: the figures are taken from the other modules' aggregates already in
 *   `data` the way cloudfunctions/stars/sources/* read them, then scored with the same pure rules (assess,
 *   monthlyComparison, behindVillages, behindTwoMonths). test/functions/stars-seed.test.ts runs the real `refresh`
 *   over a seeded cloud and checks it rewrites the same documents, so this file cannot drift from the function.
 *
 * Deterministic for a given `now` (own PRNG, fixed ids). ~5,000 reports for the 262 villages; well under a second.
 */
import { beijingMonth } from '../../common/rules/beijing-time'
import { dutyRulesFor, monthCoverage, type MonthAggregate } from '../../common/rules/duty'
import { effectiveSettings, type Settings, type SettingsPatch } from '../../common/rules/settings'
import {
  assess,
  behindTwoMonths,
  behindVillages,
  comparisonInput,
  dutyMonths,
  endedPeriods,
  owedDays,
  monthlyComparison,
  monthsSoFar,
  previousMonth,
  quartersSoFar,
  type Assessment,
  type AssessmentStatus,
  type MatchStatus,
  type TaskReport,
  type VetoEvent,
} from '../../common/rules/stars'
import {
  defaultTemplate,
  tasksFor,
  type Figures,
  type MetricKey,
  type StarKey,
} from '../../common/rules/stars-template'
import { DEMO_COUNTY_ID, type DemoData, type Doc } from './demo-data'
import { prng } from './random'
import { C, type CollectionName, type DocOf } from '../../cloudfunctions/_lib/collections'
import type { MeetingKind } from '../../common/rules/meetings'

const DAY = 86400_000
/** Villages whose cadres have demo logins (local/seed/demo-data.ts: the first two villages of 城郊乡 and 王庄镇). */
const DEMO_VILLAGES = new Set(['v025', 'v026', 'v043', 'v044'])
/** Share of reported tasks done, by last year's level. */
const DONE_SHARE: Record<number, number> = { 5: 0.95, 4: 0.82, 3: 0.68, 2: 0.5 }
const REPORT_TEXT: Record<string, string> = {
  i1: '上年村集体经营性收入 12.6 万元，账目见乡镇三资平台',
  i2: '主导产业：黄牛养殖，存栏 420 头，带动 36 户',
  i3: '土地流转 1,850 亩，托管服务 2,300 亩，合同已归档',
  i4: '新野县某某种植专业合作社，年度分红 8.2 万元',
  i5: '就业帮扶 64 人，技能培训 3 场',
  i6: '高标准农田项目 120 万元，已完成 70%',
  c1: '与县供电公司、县一中结对共建，开展志愿服务 6 次',
  c2: '老年助餐点一处，每日服务 40 余人',
  c3: '党组织覆盖楼宇 5 栋、商户 86 家',
  e1: '乡镇月度人居环境检查：良好',
  e2: '改厕 312 户，已全部验收',
  e3: '保洁员 6 名，垃圾每日收运',
  e4: '管网收集 + 小型污水处理站，覆盖 280 户',
  e5: '新增绿化 1.2 万平方米，建游园一处',
  e6: '自然资源所年度核查：无违法占地',
  s5: '值班日志里的调解已自动计入；另有村调委会调解记录 9 件',
  w4: '评选好媳妇 5 名、好婆婆 4 名，已公示（姓名已脱敏）',
  w5: '村规民约 2024 年修订，村民代表会议表决通过',
}

interface VillageFigures {
  ytd: Figures
  month: Figures
  meetingsHeld: number
}
const MEETING_METRICS: [MetricKey, MeetingKind, 'month' | 'quarter'][] = [
  ['committeeMonths', 'branch_committee', 'month'],
  ['partyGroupMonths', 'party_group', 'month'],
  ['themeDayMonths', 'theme_day', 'month'],
  ['assemblyQuarters', 'branch_assembly', 'quarter'],
  ['lessonQuarters', 'party_lesson', 'quarter'],
]
const add = (t: Figures, k: MetricKey, n: number) => (t[k] = (t[k] ?? 0) + n)
const monthStart = (month: string) => new Date(`${month}-01T00:00:00+08:00`)
const monthEnd = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 12
    ? new Date(`${y + 1}-01-01T00:00:00+08:00`)
    : new Date(`${y}-${String(m + 1).padStart(2, '0')}-01T00:00:00+08:00`)
}

/**
 * Each village's figures for `month` (year so far and the month alone), read from the modules' aggregates in
 * `data` exactly as cloudfunctions/stars/sources/* read them from the database (same order, same rounding).
 */
export function figuresFromData(
  data: DemoData,
  villages: Doc[],
  month: string,
  now: Date,
  settingsOf: (v: Doc) => Settings,
  coverage = new Map<string, ReturnType<typeof monthCoverage>>(),
): Map<string, VillageFigures> {
  const year = Number(month.slice(0, 4))
  const months = monthsSoFar(month)
  const inYear = new Set(months)
  const out = new Map<string, VillageFigures>()
  for (const v of villages)
    out.set(v._id, {
      ytd: endedPeriods(month, beijingMonth(now)),
      month: { elapsedMonths: 1, elapsedQuarters: 1 },
      meetingsHeld: 0,
    })
  const list = <N extends CollectionName>(c: N) => (data.get(c) ?? []) as unknown as DocOf<N>[]
  // duty (duty_months): every village, every month so far, through monthCoverage.
  const duty = new Map<string, MonthAggregate>()
  for (const d of list(C.duty_months)) if (inYear.has(d.month)) duty.set(`${d.villageId}:${d.month}`, d)
  for (const v of villages) {
    const e = out.get(v._id)!
    const rules = dutyRulesFor(v.kind as 'village' | 'community', settingsOf(v))
    const owed = dutyMonths(months, { has: (mm: string) => duty.has(`${v._id}:${mm}`) })
    for (const m of owed) {
      // A month's coverage does not depend on the month figures run up to: computed once per village and month.
      const id = `${v._id}:${m}`
      let c = coverage.get(id)
      if (!c) coverage.set(id, (c = monthCoverage(m, duty.get(id), rules, now)))
      const days = owedDays(c, m === owed[0] && duty.has(id))
      for (const t of m === month ? [e.ytd, e.month] : [e.ytd]) {
        add(t, 'dutyRequiredDays', days.requiredDays)
        add(t, 'dutyCoveredDays', days.coveredDays)
        add(t, 'dutyMatters', c.matters)
        add(t, 'dutyResolvedOnSpot', c.resolvedOnSpot)
        add(t, 'disputesMediated', c.disputes)
      }
    }
  }
  // meetings (meeting_periods, one per village per year): months / quarters held.
  const mKey = (m: string) => `m${m.slice(5, 7)}`
  for (const d of list(C.meeting_periods)) {
    const e = out.get(d.villageId)
    if (!e || d.year !== year) continue
    for (const [metric, kind, per] of MEETING_METRICS) {
      const held = d.held?.[kind] ?? {}
      const heldMonths = months.filter((m) => (held[mKey(m)] ?? 0) > 0)
      e.ytd[metric] = per === 'month' ? heldMonths.length : new Set(heldMonths.map(quartersSoFar)).size
      e.month[metric] = (held[mKey(month)] ?? 0) > 0 ? 1 : 0
    }
    e.meetingsHeld += Object.values(d.held ?? {}).reduce((n, byMonth) => n + (byMonth?.[mKey(month)] ?? 0), 0)
  }
  // deliberation (deliberation_matters): completed, by updatedAt, in the year so far and in the month.
  const yearStart = monthStart(`${year}-01`).getTime()
  const start = monthStart(month).getTime()
  const end = monthEnd(month).getTime()
  for (const d of list(C.deliberation_matters)) {
    const e = out.get(d.villageId)
    const t = new Date(d.updatedAt).getTime()
    if (!e || d.status !== 'completed' || t >= end) continue
    if (t >= yearStart) add(e.ytd, 'mattersCompleted', 1)
    if (t >= start) add(e.month, 'mattersCompleted', 1)
  }
  // requests (request_stats) and council (council_stats, also filtered by year): per-month counters.
  for (const d of list(C.request_stats)) {
    const e = out.get(d.villageId)
    if (!e || !inYear.has(d.month)) continue
    for (const t of d.month === month ? [e.ytd, e.month] : [e.ytd]) {
      add(t, 'requestsReceived', d.received ?? 0)
      add(t, 'requestsClosed', d.closed ?? 0)
      add(t, 'requestsClosedInVillage', d.closedInVillage ?? 0)
      add(t, 'requestsEscalated', d.escalated ?? 0)
      add(t, 'requestsClosedLate', d.closedLate ?? 0)
      add(t, 'requestsRated', (d.satisfied ?? 0) + (d.basically ?? 0) + (d.unsatisfied ?? 0))
      add(t, 'requestsSatisfied', (d.satisfied ?? 0) + (d.basically ?? 0))
    }
  }
  for (const d of list(C.council_stats)) {
    const e = out.get(d.villageId)
    if (!e || d.year !== year || !inYear.has(d.month)) continue
    for (const t of d.month === month ? [e.ytd, e.month] : [e.ytd]) {
      add(t, 'filingsCompleted', d.completed ?? 0)
      add(t, 'filingsWithin', d.within ?? 0)
      add(t, 'filingsOverWithoutReason', d.overWithoutReason ?? 0)
      add(t, 'savedYuan', Math.round((d.savedFen ?? 0) / 100))
    }
  }
  return out
}

export interface StarsDemoOptions {
  now: Date
  seed?: number
}

export function addStarsDemo(data: DemoData, options: StarsDemoOptions): void {
  const now = options.now
  const rand = prng(options.seed ?? 20220501)
  const month = beijingMonth(now)
  const year = Number(month.slice(0, 4))
  const last = previousMonth(month)
  const template = defaultTemplate(year)
  const put = (collection: string, doc: Doc) => {
    let list = data.get(collection)
    if (!list) data.set(collection, (list = []))
    list.push(doc)
  }
  const county = (data.get(C.counties) ?? []).find((c) => c._id === DEMO_COUNTY_ID)
  const countySettings = (county?.settings ?? {}) as SettingsPatch
  const villages = (data.get(C.villages) ?? [])
    .filter((v) => v.countyId === DEMO_COUNTY_ID)
    .sort((a, b) => (a.order as number) - (b.order as number))
  const cache = new Map<string, Settings>()
  const settingsOf = (v: Doc) => {
    let s = cache.get(v._id)
    if (!s) cache.set(v._id, (s = effectiveSettings(countySettings, (v.settingsOverrides ?? {}) as SettingsPatch)))
    return s
  }
  const secretaryName = new Map<string, string>()
  for (const p of data.get(C.people) ?? [])
    if ((p.roles as string[]).includes('branch_secretary') && !secretaryName.has(p.villageId as string))
      secretaryName.set(p.villageId as string, p.name as string)
  const reviewerName = new Map<string, string>()
  for (const b of data.get(C.bindings) ?? [])
    for (const m of (b.memberships ?? []) as { townshipId?: string; name: string; roles: string[] }[])
      if (m.townshipId && m.roles.includes('township_organiser')) reviewerName.set(m.townshipId, m.name)
  const reviewer = (townshipId: string) => reviewerName.get(townshipId) ?? '乡镇组织委员'
  const at = (daysAgo: number, hour = 10) =>
    new Date(
      Math.min(now.getTime(), Math.max(monthStart(month).getTime() + hour * 3600_000, now.getTime() - daysAgo * DAY)),
    )

  // 1. Reports of the tasks the app cannot know.
  const reports = new Map<string, Record<string, TaskReport>>()
  for (const v of villages) {
    const mine: Record<string, TaskReport> = {}
    reports.set(v._id, mine)
    const demo = DEMO_VILLAGES.has(v._id)
    const share = DONE_SHARE[v.starLevel as number] ?? 0.6
    const keys = template.stars
      .flatMap((s) => tasksFor(s, v.kind as 'village' | 'community'))
      .filter((t) => t.measure.kind === 'reported')
      .map((t) => t.key)
    keys.forEach((taskKey, i) => {
      // Demo villages: the first five only — accepted, accepted, waiting, returned, not done — the rest left to fill.
      let done: boolean
      let review: 'accepted' | 'returned' | null
      let reviewComment = ''
      if (demo) {
        if (i >= 5) return
        done = i !== 4
        review = i < 2 ? 'accepted' : i === 3 ? 'returned' : null
        if (review === 'returned') reviewComment = '请补充合同照片或台账'
      } else {
        if (rand() < 0.08) return
        done = rand() < share
        review = rand() < 0.85 ? 'accepted' : null
      }
      mine[taskKey] = { done, review }
      put(C.star_reports, {
        _id: `${v._id}_${year}_${taskKey}`,
        villageId: v._id,
        townshipId: v.townshipId,
        year,
        taskKey,
        done,
        text: done ? (REPORT_TEXT[taskKey] ?? '已完成，材料见村里台账') : '今年还在推进，尚未完成',
        photos: [],
        review,
        reviewComment,
        updatedAt: at(20 + (i % 10)),
        byName: secretaryName.get(v._id) ?? '',
      })
    })
  }

  // 2. One negative-list event (a non-demo village of 城郊乡: the third).
  const vetoes = new Map<string, VetoEvent[]>()
  const vetoed =
    villages.find((v) => v.townshipId === 't03' && !DEMO_VILLAGES.has(v._id)) ?? villages[villages.length - 1]
  if (vetoed) {
    const note = '因宅基地纠纷处置不当引发群体上访'
    vetoes.set(vetoed._id, [{ item: 'n3', note }])
    put(C.star_vetoes, {
      _id: `sv-demo-${vetoed._id}`,
      villageId: vetoed._id,
      townshipId: vetoed.townshipId,
      year,
      item: 'n3',
      note,
      at: at(40),
      byName: reviewer(vetoed.townshipId as string),
    })
  }

  const assessOf = (v: Doc, f: VillageFigures): Assessment =>
    assess(template, v.kind as 'village' | 'community', f.ytd, reports.get(v._id) ?? {}, vetoes.get(v._id) ?? [])

  // 3. Self-assessments: last month (if in this year) mostly accepted, a few returned; this month about half submitted.
  const statusBy = new Map<string, Map<string, AssessmentStatus>>()
  const months = monthsSoFar(month)
  const coverage = new Map<string, ReturnType<typeof monthCoverage>>()
  const figuresBy = new Map(months.map((m) => [m, figuresFromData(data, villages, m, now, settingsOf, coverage)]))
  const periods: { period: string; pick: (v: Doc, i: number) => AssessmentStatus | null }[] = [
    {
      period: month,
      pick: (v, i) => (DEMO_VILLAGES.has(v._id) || i % 2 === 0 ? (i % 17 === 5 ? 'returned' : 'submitted') : null),
    },
  ]
  if (figuresBy.has(last))
    periods.push({ period: last, pick: (_v, i) => (i % 11 === 3 ? 'returned' : i % 6 === 1 ? null : 'accepted') })
  for (const { period, pick } of periods) {
    const byVillage = new Map<string, AssessmentStatus>()
    statusBy.set(period, byVillage)
    const figures = figuresBy.get(period)!
    const submittedAt = period === month ? at(2, 9) : new Date(monthEnd(period).getTime() - 2 * DAY)
    villages.forEach((v, i) => {
      const status = pick(v, i)
      if (!status) return
      byVillage.set(v._id, status)
      const a = assessOf(v, figures.get(v._id)!)
      const reviewed = status !== 'submitted'
      const reviewedAt = reviewed ? new Date(submittedAt.getTime() + DAY) : null
      const comment =
        status === 'returned' ? '产业兴旺星的填报材料不全，请补充后再提交' : status === 'accepted' ? '情况属实' : ''
      const note = `${period} 自评：完成 ${a.tasksMet}/${a.taskCount} 项`
      put(C.star_assessments, {
        _id: `${v._id}_${period}`,
        villageId: v._id,
        townshipId: v.townshipId,
        villageName: v.name,
        year,
        period,
        status,
        note,
        comment,
        tasksMet: a.tasksMet,
        level: a.level,
        submittedAt,
        reviewedAt,
        reviewerName: reviewed ? reviewer(v.townshipId as string) : '',
        history: [
          { at: submittedAt, action: 'submit', byName: secretaryName.get(v._id) ?? '', comment: note },
          ...(reviewed
            ? [
                {
                  at: reviewedAt,
                  action: status === 'accepted' ? 'accept' : 'return',
                  byName: reviewer(v.townshipId as string),
                  comment,
                },
              ]
            : []),
        ],
      })
    })
  }

  // 4. star_boards and star_summaries for every month of the year so far, as `refresh` run now for each month.
  let behindBefore = new Set<string>()
  for (const m of months) {
    const figures = figuresBy.get(m)!
    const rows = villages.map((v) => ({ v, f: figures.get(v._id)!, a: assessOf(v, figures.get(v._id)!) }))
    const ordered = monthlyComparison(
      rows.map(({ v, f, a }) =>
        comparisonInput({
          villageId: v._id,
          name: v.name as string,
          tasksMet: a.tasksMet,
          taskCount: a.taskCount,
          ...f.month,
          meetingsHeld: f.meetingsHeld,
        }),
      ),
    )
    const rankBy = new Map(ordered.map((r) => [r.villageId, r.rank]))
    const behind = behindVillages(ordered, template.behindShare)
    const twice = new Set(behindTwoMonths(behind, behindBefore))
    const statuses = statusBy.get(m)
    const boards = new Map<string, Doc & { villages: Record<string, unknown> }>()
    const ytd = new Map<string, Doc & { villages: Record<string, unknown> }>()
    for (const { v, f, a } of rows) {
      const townshipId = v.townshipId as string
      let board = boards.get(townshipId)
      if (!board)
        boards.set(
          townshipId,
          (board = {
            _id: `${townshipId}_${m}`,
            townshipId,
            month: m,
            year,
            villages: {},
            behindIds: [] as string[],
            refreshedAt: now,
          }),
        )
      if (behind.has(v._id)) (board.behindIds as string[]).push(v._id)
      let figures = ytd.get(townshipId)
      if (!figures)
        ytd.set(townshipId, (figures = { _id: `${townshipId}_${m}`, townshipId, month: m, year, villages: {} }))
      figures.villages[v._id] = f.ytd
      board.villages[v._id] = {
        villageId: v._id,
        name: v.name,
        order: v.order,
        monthFigures: f.month,
        meetingsHeld: f.meetingsHeld,
        tasksMet: a.tasksMet,
        taskCount: a.taskCount,
        starsEarned: a.stars.filter((s) => s.earned).map((s) => s.key),
        level: a.level,
        confirmedLevel: null,
        lastYearLevel: (v.starLevel as number) ?? 0,
        assessment: statuses?.get(v._id) ?? null,
        rank: rankBy.get(v._id) ?? 0,
        behind: behind.has(v._id),
        behindTwoMonths: twice.has(v._id),
      }
    }
    for (const board of boards.values())
      put(C.star_boards, { ...board, behindIds: (board.behindIds as string[]).sort() })
    for (const figures of ytd.values()) put(C.star_board_figures, figures)
    const sum = (k: MetricKey) => rows.reduce((n, r) => n + (r.f.month[k] ?? 0), 0)
    put(C.star_summaries, {
      _id: `${DEMO_COUNTY_ID}_${m}`,
      year,
      month: m,
      villages: rows.length,
      completion: rows.length
        ? rows.reduce((n, r) => n + r.a.tasksMet / Math.max(1, r.a.taskCount), 0) / rows.length
        : 0,
      requestsClosed: sum('requestsClosed'),
      requestsClosedInVillage: sum('requestsClosedInVillage'),
      requestsEscalated: sum('requestsEscalated'),
      villagesByTownship: Object.fromEntries(
        [...boards.values()].map((b) => [b.townshipId as string, Object.keys(b.villages).length]),
      ),
      refreshedAt: now,
    })
    behindBefore = behind
  }

  // 5. Supply list (county departments) and needs of villages in the demo townships, matched at each stage.
  const supplies: {
    name: string
    department: string
    kind: 'project' | 'policy' | 'fund' | 'service'
    amountYuan: number | null
    conditions: string
    star: StarKey | null
  }[] = [
    {
      name: '高标准农田建设项目',
      department: '县农业农村局',
      kind: 'project',
      amountYuan: 1_200_000,
      conditions: '连片 500 亩以上，村里先完成土地流转',
      star: 'industry',
    },
    {
      name: '村集体经济发展扶持资金',
      department: '县委组织部',
      kind: 'fund',
      amountYuan: 500_000,
      conditions: '有可行的经营项目，村两委和党员大会同意',
      star: 'industry',
    },
    {
      name: '农村户厕改造补助',
      department: '县农业农村局',
      kind: 'fund',
      amountYuan: 1_000,
      conditions: '每户 1,000 元，验收合格后发放',
      star: 'ecology',
    },
    {
      name: '村庄绿化苗木',
      department: '县林业局',
      kind: 'service',
      amountYuan: null,
      conditions: '村里出劳力栽植并管护三年',
      star: 'ecology',
    },
    {
      name: '法律顾问进村',
      department: '县司法局',
      kind: 'service',
      amountYuan: null,
      conditions: '每月一次驻村接待',
      star: 'safety',
    },
    {
      name: '移风易俗宣传文艺下乡',
      department: '县委宣传部',
      kind: 'policy',
      amountYuan: null,
      conditions: '提前两周预约场次',
      star: 'civility',
    },
  ]
  const supplyDocs = supplies.map((s, i) => ({
    _id: `sp-demo-${i + 1}`,
    ...s,
    open: true,
    createdAt: new Date(now.getTime() - (60 - i) * DAY),
  }))
  for (const s of supplyDocs) put(C.star_supplies, s)
  const needs: [string, string, string, number | null, MatchStatus[]][] = [
    ['i3', '土地连片流转后申请高标准农田', '村北 600 亩已流转，想申请高标准农田', 0, ['matched', 'agreed']],
    ['e2', '剩余 80 户改厕需要补助', '已改 312 户，还有 80 户困难户', 2, ['matched']],
    ['s5', '请法律顾问每月来村一次', '宅基地、赡养纠纷较多', 4, ['matched', 'agreed', 'delivering', 'delivered']],
    ['e5', '村口游园绿化苗木', '游园约 3 亩，缺苗木', null, []],
    ['i6', '冷库建设资金', '黄牛养殖合作社需要冷库一座', null, []],
  ]
  const needVillages = villages.filter((v) => v.townshipId === 't03' || v.townshipId === 't04').slice(0, 8)
  const taskName = (key: string) =>
    template.stars.flatMap((s) => s.tasks.map((t) => ({ s, t }))).find((x) => x.t.key === key)!
  needVillages.forEach((v, vi) => {
    needs.forEach(([taskKey, title, detail, supplyIndex, steps], ni) => {
      if ((vi + ni) % 2 === 1 && !DEMO_VILLAGES.has(v._id)) return
      const { s, t } = taskName(taskKey)
      if (t.appliesTo && !t.appliesTo.includes(v.kind as 'village' | 'community')) return
      const createdAt = new Date(now.getTime() - (30 - ni * 3 - vi) * DAY)
      const supply = supplyIndex === null ? null : supplyDocs[supplyIndex]!
      const match =
        supply && steps.length
          ? {
              supplyId: supply._id,
              supplyName: supply.name,
              department: supply.department,
              status: steps[steps.length - 1]!,
              history: steps.map((status, k) => ({
                at: new Date(createdAt.getTime() + (k + 1) * 2 * DAY),
                status,
                note: k === 0 ? '乡镇对接' : '',
                byName: reviewer(v.townshipId as string),
              })),
            }
          : null
      put(C.star_needs, {
        _id: `nd-demo-${v._id}-${ni + 1}`,
        villageId: v._id,
        townshipId: v.townshipId,
        villageName: v.name,
        title,
        detail,
        taskKey,
        taskName: t.name,
        star: s.key,
        createdAt,
        matched: Boolean(match),
        match,
      })
    })
  })
}
