/**
 * 五星支部: the county's yearly template (star_templates), evidence taken from what the other modules already record
 * (./sources: one adapter per module, reading its per-village aggregate), tasks the app cannot know reported once
 * by the village (star_reports), self-assessment and township review (star_assessments), negative-list events
 * (star_vetoes), the county's confirmed level (star_levels), supply/demand lists (star_supplies, star_needs).
 *
 * Dashboards never read raw records: `refresh` (a CloudBase timer; the county can run it too) reads the sources one
 * township at a time and writes one `star_boards` document per township per month holding every village's row
 * (figures, tasks met, level, comparison rank, behind flag), plus one `star_summaries` document per month for the
 * county: ~15 writes whatever the number of villages. The county dashboard reads the month's boards (one document
 * per township) in one query: 4 round trips, documents examined = returned. The village board computes its own
 * village live from the sources, so a changed source record shows at once there and in the dashboards after the
 * next refresh.
 */
import { starsContract } from '../../common/contracts/stars'
import { AppError } from '../../common/errors'
import { beijingMonth } from '../../common/rules/beijing-time'
import {
  ASSESSMENT_STATUS_LABELS,
  assess,
  canMoveMatch,
  levelsAgainstTargets,
  MATCH_STATUS_LABELS,
  monthsSoFar,
  nextAssessmentStatus,
} from '../../common/rules/stars'
import { METRIC_LABELS, templateProblems, type Figures, type StarTemplate } from '../../common/rules/stars-template'
import { getDocs, type Database } from '../_lib/cloud'
import { fileStore, FILES_COLLECTION } from '../_lib/files'
import { COUNTY_ID, findById, getVillage, iso, newId, type TownshipDoc, type VillageDoc } from '../_lib/records'
import { createMain } from '../_lib/runtime'
import { writeXlsx } from '../_lib/xlsx'
import { refreshStep } from './refresh'
import { sourceOf } from './sources'
import {
  ASSESSMENTS,
  BOARD_FIGURES,
  BOARDS,
  boardId,
  callerName,
  countySettings,
  LEVELS,
  patchBoardRow,
  scopeFor,
  loadFigures,
  NEEDS,
  REPORTS,
  reportId,
  reportsMap,
  rowsOf,
  SUMMARIES,
  SUPPLIES,
  templateOf,
  TEMPLATES,
  VETOES,
  yearOfMonth,
  type AssessmentDoc,
  type BoardDoc,
  type BoardFiguresDoc,
  type LevelDoc,
  type NeedDoc,
  type ReportDoc,
  type StarMonthDoc,
  type SummaryDoc,
  type SupplyDoc,
  type VetoDoc,
  monthlyRanking,
} from './store'
import { C } from '../_lib/collections'
import { updatedCount } from '../_lib/writes'

export { refreshMonth } from './refresh'

/** The current Beijing month for `year` (December for a past year). */
function monthFor(year: number, now: Date): string {
  const current = beijingMonth(now)
  return yearOfMonth(current) === year ? current : yearOfMonth(current) > year ? `${year}-12` : `${year}-01`
}

function assessmentView(a: AssessmentDoc) {
  return {
    period: a.period,
    status: a.status,
    statusLabel: ASSESSMENT_STATUS_LABELS[a.status],
    note: a.note,
    comment: a.comment,
    tasksMet: a.tasksMet,
    level: a.level,
    submittedAt: iso(a.submittedAt)!,
    reviewedAt: iso(a.reviewedAt) ?? null,
    reviewerName: a.reviewerName,
  }
}

/** One village, live from the sources. */
async function liveAssessment(db: Database, village: VillageDoc, year: number, now: Date) {
  const month = monthFor(year, now)
  const [template, county, reports, vetoes] = await Promise.all([
    templateOf(db, year),
    countySettings(db),
    getDocs<ReportDoc>(db.collection(REPORTS).where({ villageId: village._id, year }).limit(100)),
    getDocs<VetoDoc>(db.collection(VETOES).where({ villageId: village._id, year }).orderBy('at', 'desc').limit(50)),
  ])
  const figures = (await loadFigures(db, scopeFor([village], county, year, month, now, village._id))).get(village._id)!
  const result = assess(
    template,
    village.kind,
    figures.ytd,
    reportsMap(reports),
    vetoes.map((v) => ({ item: v.item, note: v.note })),
  )
  return { template, month, figures, reports, vetoes, result }
}

function needView(n: NeedDoc) {
  return {
    id: n._id,
    villageId: n.villageId,
    villageName: n.villageName,
    title: n.title,
    detail: n.detail,
    taskKey: n.taskKey,
    taskName: n.taskName,
    star: n.star,
    createdAt: iso(n.createdAt)!,
    match: n.match
      ? {
          ...n.match,
          statusLabel: MATCH_STATUS_LABELS[n.match.status],
          history: n.match.history.map((h) => ({ ...h, at: iso(h.at)! })),
        }
      : null,
  }
}
function supplyView(s: SupplyDoc) {
  return {
    id: s._id,
    name: s.name,
    department: s.department,
    kind: s.kind,
    amountYuan: s.amountYuan ?? null,
    conditions: s.conditions,
    star: s.star ?? null,
    taskKeys: s.taskKeys ?? [],
    open: s.open,
    createdAt: iso(s.createdAt)!,
  }
}

/** Task tags of a supply must be tasks of this year's template. */
async function checkTaskKeys(db: Database, taskKeys: string[], now: Date): Promise<string[]> {
  if (!taskKeys.length) return []
  const template = await templateOf(db, yearOfMonth(beijingMonth(now)))
  const known = new Set(template.stars.flatMap((s) => s.tasks.map((t) => t.key)))
  const unknown = taskKeys.filter((k) => !known.has(k))
  if (unknown.length) throw new AppError('FAILED_PRECONDITION', `今年的任务模板里没有这些任务：${unknown.join('、')}`)
  return [...new Set(taskKeys)]
}

function dashboardOf(
  template: StarTemplate,
  month: string,
  rows: StarMonthDoc[],
  trend: SummaryDoc[],
  townshipNames: Map<string, string>,
) {
  const level = (r: StarMonthDoc) => r.confirmedLevel ?? r.level
  const ordered = [...rows].sort((a, b) => a.rank - b.rank || a.order - b.order)
  const sum = (k: keyof Figures) => rows.reduce((n, r) => n + (r.monthFigures?.[k] ?? 0), 0)
  return {
    month,
    year: yearOfMonth(month),
    templateLabel: template.label,
    refreshedAt: rows.length
      ? (iso(rows.reduce((a, r) => (new Date(r.refreshedAt) > a ? new Date(r.refreshedAt) : a), new Date(0))) ?? null)
      : null,
    levels: levelsAgainstTargets(rows.map(level), template.targets),
    unrated: rows.filter((r) => level(r) < 2).length,
    stars: template.stars.map((s) => ({
      key: s.key,
      name: s.name,
      earned: rows.filter((r) => r.starsEarned.includes(s.key)).length,
      villages: rows.length,
    })),
    trend: trend.map((t) => ({
      month: t.month,
      completion: t.completion,
      requestsClosedInVillage: t.requestsClosedInVillage,
      requestsEscalated: t.requestsEscalated,
      requestsClosed: t.requestsClosed,
    })),
    requests: {
      closedInVillage: sum('requestsClosedInVillage'),
      escalated: sum('requestsEscalated'),
      closed: sum('requestsClosed'),
      received: sum('requestsReceived'),
    },
    villages: [...rows]
      .sort((a, b) => a.order - b.order)
      .map((r) => ({
        villageId: r.villageId,
        name: r.name,
        townshipId: r.townshipId,
        level: level(r),
        confirmed: r.confirmedLevel !== null,
        assessment: r.assessment,
      })),
    comparison: ordered.map((r) => {
      const received = r.monthFigures?.requestsReceived ?? 0
      const closed = r.monthFigures?.requestsClosed ?? 0
      return {
        villageId: r.villageId,
        name: r.name,
        townshipName: townshipNames.get(r.townshipId) ?? '',
        rank: r.rank,
        tasksMet: r.tasksMet,
        taskCount: r.taskCount,
        completion: r.taskCount ? r.tasksMet / r.taskCount : 0,
        requestsClosed: closed,
        requestsReceived: received,
        closeRate: received ? Math.min(1, closed / received) : null,
        requestsClosedInVillage: r.monthFigures?.requestsClosedInVillage ?? 0,
        meetingsHeld: r.meetingsHeld,
        mattersCompleted: r.monthFigures?.mattersCompleted ?? 0,
        level: level(r),
        behind: r.behind,
      }
    }),
    behindTwoMonths: rows
      .filter((r) => r.behindTwoMonths)
      .map((r) => ({
        villageId: r.villageId,
        name: r.name,
        townshipId: r.townshipId,
        townshipName: townshipNames.get(r.townshipId) ?? '',
      })),
  }
}

async function loadNeed(db: Database, villageId: string, needId: string): Promise<NeedDoc> {
  const [n] = await getDocs<NeedDoc>(db.collection(NEEDS).where({ _id: needId, villageId }).limit(1))
  if (!n) throw new AppError('NOT_FOUND', '本村没有这条需求')
  return n
}

export const main = createMain(
  starsContract,
  {
    async template({ year }, { db, now }) {
      const y = year ?? yearOfMonth(beijingMonth(now))
      const [template, confirmed] = await Promise.all([
        templateOf(db, y),
        getDocs<LevelDoc>(db.collection(LEVELS).where({ year: y }).limit(1)),
      ])
      return { template, locked: confirmed.length > 0 }
    },
    async saveTemplate({ template }, { db }) {
      const problems = templateProblems(template as StarTemplate)
      if (problems.length) throw new AppError('INVALID_ARGUMENT', `模板有问题：${problems.join('；')}`)
      const confirmed = await getDocs<LevelDoc>(db.collection(LEVELS).where({ year: template.year }).limit(1))
      if (confirmed.length)
        throw new AppError('FAILED_PRECONDITION', `${template.year} 年已有村的星级经县里确认，模板不能再改`)
      const saved = {
        ...template,
        isExample: false,
        label: template.label && !template.label.includes('示例') ? template.label : `${template.year}年县定模板`,
      }
      await db
        .collection(TEMPLATES)
        .doc(`${COUNTY_ID}_${template.year}`)
        .set({ data: { year: template.year, template: saved } })
      return { year: template.year, saved: true }
    },

    async villageBoard({ villageId, year }, { db, now }) {
      const village = await getVillage(db, villageId)
      const y = year ?? yearOfMonth(beijingMonth(now))
      const [{ template, month, reports, vetoes, result }, assessments, [confirmed]] = await Promise.all([
        liveAssessment(db, village, y, now),
        getDocs<AssessmentDoc>(
          db.collection(ASSESSMENTS).where({ villageId, year: y }).orderBy('submittedAt', 'desc').limit(24),
        ),
        getDocs<LevelDoc>(
          db
            .collection(LEVELS)
            .where({ _id: `${villageId}_${y}` })
            .limit(1),
        ),
      ])
      const reportBy = new Map(reports.map((r) => [r.taskKey, r]))
      return {
        villageName: village.name,
        kind: village.kind,
        year: y,
        month,
        templateLabel: template.label,
        level: result.level,
        confirmedLevel: confirmed?.level ?? null,
        lastYearLevel: village.starLevel ?? 0,
        tasksMet: result.tasksMet,
        taskCount: result.taskCount,
        stars: result.stars,
        tasks: result.tasks.map((t) => {
          const src = t.metric ? sourceOf(t.metric) : undefined
          const r = reportBy.get(t.key)
          return {
            ...t,
            source: src ? { module: src.key, label: src.label, path: src.path(villageId) } : undefined,
            report: r
              ? {
                  done: r.done,
                  text: r.text,
                  photos: r.photos,
                  review: r.review,
                  reviewComment: r.reviewComment,
                  updatedAt: iso(r.updatedAt)!,
                }
              : null,
          }
        }),
        vetoes: vetoes.map((v) => ({
          id: v._id,
          key: v.item,
          text: template.negativeList.find((n) => n.key === v.item)?.text ?? v.item,
          note: v.note,
          at: iso(v.at)!,
        })),
        assessments: assessments.map(assessmentView),
      }
    },

    async taskEvidence({ villageId, year, taskKey }, { db, now }) {
      const village = await getVillage(db, villageId)
      const y = year ?? yearOfMonth(beijingMonth(now))
      const template = await templateOf(db, y)
      const task = template.stars.flatMap((s) => s.tasks).find((t) => t.key === taskKey)
      if (!task) throw new AppError('NOT_FOUND', '模板里没有这项任务')
      if (task.measure.kind !== 'auto') throw new AppError('FAILED_PRECONDITION', '这项任务由村里填报，没有自动来源')
      const metric = task.measure.metric
      const source = sourceOf(metric)
      if (!source) throw new AppError('FAILED_PRECONDITION', '这项任务的来源模块尚未接入')
      const month = monthFor(y, now)
      const county = await countySettings(db)
      const [loaded, records] = await Promise.all([
        source.load(db, scopeFor([village], county, y, month, now, villageId)),
        source.records(db, villageId, { year: y, month, now }, metric),
      ])
      return {
        taskName: task.name,
        metric: METRIC_LABELS[metric],
        value: loaded.get(villageId)?.ytd[metric] ?? 0,
        sourceLabel: source.label,
        aggregateIds: source.aggregateIds(villageId, { year: y, month }),
        records: records.slice(0, 100),
        truncated: records.length >= 100,
      }
    },

    async reportTask({ villageId, year, taskKey, done, text, photos }, ctx) {
      const { db, now } = ctx
      const village = await getVillage(db, villageId)
      const y = year ?? yearOfMonth(beijingMonth(now))
      const template = await templateOf(db, y)
      const task = template.stars.flatMap((s) => s.tasks).find((t) => t.key === taskKey)
      if (!task) throw new AppError('NOT_FOUND', '模板里没有这项任务')
      if (task.measure.kind !== 'reported')
        throw new AppError('FAILED_PRECONDITION', '这项任务由应用从已有记录自动计算，不用填报')
      const store = fileStore()
      const fileIds: string[] = []
      for (const [i, dataUrl] of photos.entries())
        fileIds.push(
          await store.put(db, { villageId, name: `${taskKey}-${i + 1}`, dataUrl, createdBy: ctx.identity.openid }, now),
        )
      const _id = reportId(villageId, y, taskKey)
      const previous = await findById<ReportDoc>(db, REPORTS, _id)
      const doc: Omit<ReportDoc, '_id'> = {
        villageId,
        townshipId: village.townshipId,
        year: y,
        taskKey,
        done,
        text,
        photos: fileIds.length ? fileIds : (previous?.photos ?? []),
        review: null,
        reviewComment: previous?.reviewComment ?? '',
        updatedAt: now,
        byName: callerName(ctx),
      }
      await db.collection(REPORTS).doc(_id).set({ data: doc })
      return { taskKey, done, photos: doc.photos.length }
    },

    async reportPhoto({ villageId, fileId }, { db }) {
      return { dataUrl: await fileStore().get(db, villageId, fileId) }
    },

    async submitAssessment({ villageId, period, note }, ctx) {
      const { db, now } = ctx
      const village = await getVillage(db, villageId)
      const year = Number(period.slice(0, 4))
      const _id = `${villageId}_${period}`
      const existing = await findById<AssessmentDoc>(db, ASSESSMENTS, _id)
      const status = nextAssessmentStatus(existing?.status ?? null, 'submit')
      if (!status) throw new AppError('FAILED_PRECONDITION', '这一期的自评乡镇已认可，不能再改')
      const { result } = await liveAssessment(db, village, year, now)
      const doc: Omit<AssessmentDoc, '_id'> = {
        villageId,
        townshipId: village.townshipId,
        villageName: village.name,
        year,
        period,
        status,
        note,
        comment: existing?.comment ?? '',
        tasksMet: result.tasksMet,
        level: result.level,
        submittedAt: now,
        reviewedAt: null,
        reviewerName: '',
        history: [...(existing?.history ?? []), { at: now, action: 'submit', byName: callerName(ctx), comment: note }],
      }
      await db.collection(ASSESSMENTS).doc(_id).set({ data: doc })
      await patchBoardRow(db, { _id: boardId(village.townshipId, period) }, villageId, { assessment: status })
      return assessmentView({ _id, ...doc })
    },

    async reviewAssessment({ villageId, period, decision, comment }, ctx) {
      const { db, now } = ctx
      const _id = `${villageId}_${period}`
      const existing = await findById<AssessmentDoc>(db, ASSESSMENTS, _id)
      if (!existing || existing.villageId !== villageId) throw new AppError('NOT_FOUND', '这个村这一期还没有自评')
      const status = nextAssessmentStatus(existing.status, decision)
      if (!status)
        throw new AppError(
          'FAILED_PRECONDITION',
          `这一期的自评${ASSESSMENT_STATUS_LABELS[existing.status]}，不能再审核`,
        )
      const history = [...existing.history, { at: now, action: decision, byName: callerName(ctx), comment }]
      const res = await db
        .collection(ASSESSMENTS)
        .where({ _id, status: 'submitted' })
        .update({ data: { status, comment, reviewedAt: now, reviewerName: callerName(ctx), history } })
      if (updatedCount(res) === 0) throw new AppError('FAILED_PRECONDITION', '这一期的自评刚被处理过，请刷新')
      await patchBoardRow(db, { _id: boardId(existing.townshipId, period) }, villageId, { assessment: status })
      return assessmentView({ ...existing, status, comment, reviewedAt: now, reviewerName: callerName(ctx), history })
    },

    async recordVeto({ villageId, year, item, note }, ctx) {
      const { db, now } = ctx
      const village = await getVillage(db, villageId)
      const y = year ?? yearOfMonth(beijingMonth(now))
      const template = await templateOf(db, y)
      if (!template.negativeList.some((n) => n.key === item))
        throw new AppError('FAILED_PRECONDITION', '负面清单里没有这一项')
      const doc: VetoDoc = {
        _id: newId('sv'),
        villageId,
        townshipId: village.townshipId,
        year: y,
        item,
        note,
        at: now,
        byName: callerName(ctx),
      }
      await db.collection(VETOES).add({ data: doc as unknown as Record<string, unknown> })
      const { result } = await liveAssessment(db, village, y, now)
      return { id: doc._id, level: result.level }
    },

    async confirmLevel({ villageId, year, level }, { db, now }) {
      const village = await getVillage(db, villageId)
      const { result } = await liveAssessment(db, village, year, now)
      if (level > result.level)
        throw new AppError(
          'FAILED_PRECONDITION',
          `按任务完成情况测算为${result.level ? `${result.level}星` : '未达二星'}，确认的星级不能更高`,
        )
      const doc: Omit<LevelDoc, '_id'> = { villageId, townshipId: village.townshipId, year, level, confirmedAt: now }
      await db.collection(LEVELS).doc(`${villageId}_${year}`).set({ data: doc })
      await patchBoardRow(db, { townshipId: village.townshipId, year }, villageId, { confirmedLevel: level })
      return { level }
    },

    async refresh({ month, restart }, { db, now }) {
      return refreshStep(db, month ?? beijingMonth(now), now, { restart })
    },

    async countyDashboard({ month }, { db, now }) {
      const m = month ?? beijingMonth(now)
      const year = yearOfMonth(m)
      const [template, rows, trend, townships] = await Promise.all([
        templateOf(db, year),
        getDocs<BoardDoc>(db.collection(BOARDS).where({ month: m }).limit(1000)).then(rowsOf),
        getDocs<SummaryDoc>(db.collection(SUMMARIES).where({ year }).orderBy('month', 'asc').limit(12)),
        getDocs<TownshipDoc>(
          db.collection(C.townships).where({ countyId: COUNTY_ID }).field({ name: true }).limit(1000),
        ),
      ])
      return dashboardOf(template, m, rows, trend, new Map(townships.map((t) => [t._id, t.name])))
    },

    async townshipDashboard({ townshipId, month }, { db, now }) {
      const m = month ?? beijingMonth(now)
      const year = yearOfMonth(m)
      const [township, template, rows, pending] = await Promise.all([
        findById<TownshipDoc>(db, C.townships, townshipId),
        templateOf(db, year),
        getDocs<BoardDoc>(db.collection(BOARDS).where({ townshipId, year }).limit(100)).then(rowsOf),
        getDocs<AssessmentDoc>(
          db
            .collection(ASSESSMENTS)
            .where({ townshipId, status: 'submitted' })
            .orderBy('submittedAt', 'asc')
            .limit(200),
        ),
      ])
      if (!township) throw new AppError('NOT_FOUND', '没有这个乡镇（街道）')
      const thisMonth = rows.filter((r) => r.month === m)
      const trend = monthsSoFar(m)
        .map((mm) => {
          const rs = rows.filter((r) => r.month === mm)
          const s = (k: keyof Figures) => rs.reduce((n, r) => n + (r.monthFigures?.[k] ?? 0), 0)
          return {
            _id: mm,
            year,
            month: mm,
            villages: rs.length,
            completion: rs.length ? rs.reduce((n, r) => n + r.tasksMet / Math.max(1, r.taskCount), 0) / rs.length : 0,
            requestsClosed: s('requestsClosed'),
            requestsClosedInVillage: s('requestsClosedInVillage'),
            requestsEscalated: s('requestsEscalated'),
            refreshedAt: now,
          }
        })
        .filter((t) => t.villages > 0)
      // The township's own order of its villages, ranked among themselves.
      const ordered = monthlyRanking(thisMonth)
      const rank = new Map(ordered.map((o) => [o.villageId, o.rank]))
      const local = thisMonth.map((r) => ({ ...r, rank: rank.get(r.villageId) ?? 0 }))
      return {
        ...dashboardOf(template, m, local, trend, new Map([[townshipId, township.name]])),
        townshipName: township.name,
        pending: pending.map((p) => ({
          villageId: p.villageId,
          villageName: p.villageName,
          period: p.period,
          tasksMet: p.tasksMet,
          level: p.level,
          note: p.note,
        })),
      }
    },

    async exportMonth({ month }, ctx) {
      const { db, now } = ctx
      const m = month ?? beijingMonth(now)
      const year = yearOfMonth(m)
      const [template, rows, townships] = await Promise.all([
        templateOf(db, year),
        Promise.all([
          getDocs<BoardDoc>(db.collection(BOARDS).where({ month: m }).limit(1000)),
          getDocs<BoardFiguresDoc>(db.collection(BOARD_FIGURES).where({ month: m }).limit(1000)),
        ]).then(([boards, ytd]) => {
          const figuresOf = new Map(ytd.map((f) => [f._id, f.villages]))
          return rowsOf(boards).map((r) => ({
            ...r,
            figures: figuresOf.get(boardId(r.townshipId, m))?.[r.villageId] ?? {},
          }))
        }),
        getDocs<TownshipDoc>(
          db.collection(C.townships).where({ countyId: COUNTY_ID }).field({ name: true }).limit(1000),
        ),
      ])
      const names = new Map(townships.map((t) => [t._id, t.name]))
      const ordered = [...rows].sort((a, b) => a.rank - b.rank || a.order - b.order)
      const metrics = Object.keys(METRIC_LABELS).filter(
        (k) => k !== 'elapsedMonths' && k !== 'elapsedQuarters',
      ) as (keyof typeof METRIC_LABELS)[]
      const buffer = writeXlsx([
        {
          name: '月达标排序',
          rows: [
            [
              '名次',
              '乡镇',
              '村（社区）',
              '任务完成',
              '任务总数',
              '完成率',
              '本月受理诉求',
              '本月办结诉求',
              '在村办结',
              '本月会议',
              '四议两公开办结',
              '测算星级',
              '县确认星级',
              '连续两月靠后',
            ],
            ...ordered.map((r) => [
              r.rank,
              names.get(r.townshipId) ?? '',
              r.name,
              r.tasksMet,
              r.taskCount,
              Math.round((r.tasksMet / Math.max(1, r.taskCount)) * 1000) / 10,
              r.monthFigures?.requestsReceived ?? 0,
              r.monthFigures?.requestsClosed ?? 0,
              r.monthFigures?.requestsClosedInVillage ?? 0,
              r.meetingsHeld,
              r.monthFigures?.mattersCompleted ?? 0,
              r.level,
              r.confirmedLevel ?? '',
              r.behindTwoMonths ? '是' : '',
            ]),
          ],
        },
        {
          name: '取证汇总',
          rows: [
            ['乡镇', '村（社区）', ...metrics.map((k) => `${METRIC_LABELS[k]}（本年累计）`), '已得的星'],
            ...[...rows]
              .sort((a, b) => a.order - b.order)
              .map((r) => [
                names.get(r.townshipId) ?? '',
                r.name,
                ...metrics.map((k) => r.figures?.[k] ?? 0),
                r.starsEarned.map((k) => template.stars.find((s) => s.key === k)?.name ?? k).join('、'),
              ]),
          ],
        },
        {
          name: '说明',
          rows: [
            ['说明'],
            [template.label],
            [`${m} 月达标排序只比结果（任务完成、诉求办结、会议召开、事项办结），不比登录、点击、打卡次数。`],
            [`数据更新于 ${iso(rows[0]?.refreshedAt) ?? '—'}`],
          ],
        },
      ])
      const name = `五星支部-${m}-月达标排序.xlsx`
      const dataUrl = `data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,${buffer.toString('base64')}`
      if (process.env.TENCENTCLOUD_RUNENV === 'SCF') {
        type Storage = {
          uploadFile(a: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>
          getTempFileURL(a: { fileList: string[] }): Promise<{ fileList: { tempFileURL: string }[] }>
        }
        const cloud = (await import('../_lib/cloud')).cloud as unknown as Storage
        const { fileID } = await cloud.uploadFile({
          cloudPath: `exports/stars/${m}-${newId('x')}.xlsx`,
          fileContent: buffer,
        })
        const { fileList } = await cloud.getTempFileURL({ fileList: [fileID] })
        return { name, fileId: fileID, size: buffer.length, url: fileList[0]?.tempFileURL ?? '' }
      }
      // Offline: the local file store (a `files` document; bounded to the county, not a village). The answer carries
      // the workbook itself; a copy is kept only when it fits a document (a 2,600-village county's does not).
      const fileId = newId('f')
      const keep = dataUrl.length < 400_000
      await db.collection(FILES_COLLECTION).add({
        data: {
          _id: fileId,
          villageId: `county:${COUNTY_ID}`,
          name,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          size: buffer.length,
          createdAt: now,
          createdBy: ctx.identity.openid,
          dataUrl: keep ? dataUrl : null,
          cloudFileId: null,
        },
      })
      return { name, fileId, size: buffer.length, url: dataUrl }
    },

    async listSupply(_input, { db }) {
      const docs = await getDocs<SupplyDoc>(db.collection(SUPPLIES).orderBy('createdAt', 'desc').limit(200))
      return { supplies: docs.map(supplyView) }
    },
    async publishSupply(input, { db, now }) {
      const taskKeys = await checkTaskKeys(db, input.taskKeys, now)
      const doc: SupplyDoc = {
        _id: newId('sp'),
        ...input,
        amountYuan: input.amountYuan ?? null,
        star: input.star ?? null,
        taskKeys,
        open: true,
        createdAt: now,
      }
      await db.collection(SUPPLIES).add({ data: doc as unknown as Record<string, unknown> })
      return supplyView(doc)
    },
    async updateSupply({ supplyId, ...input }, { db, now }) {
      const existing = await findById<SupplyDoc>(db, SUPPLIES, supplyId)
      if (!existing) throw new AppError('NOT_FOUND', '没有这项供给')
      const taskKeys = await checkTaskKeys(db, input.taskKeys, now)
      const patch = {
        name: input.name,
        department: input.department,
        kind: input.kind,
        amountYuan: input.amountYuan ?? null,
        conditions: input.conditions,
        star: input.star ?? null,
        taskKeys,
      }
      await db.collection(SUPPLIES).doc(supplyId).update({ data: patch })
      return supplyView({ ...existing, ...patch })
    },
    async closeSupply({ supplyId }, { db }) {
      const res = await db
        .collection(SUPPLIES)
        .where({ _id: supplyId })
        .update({ data: { open: false } })
      if (updatedCount(res) === 0) {
        const s = await findById<SupplyDoc>(db, SUPPLIES, supplyId)
        if (!s) throw new AppError('NOT_FOUND', '没有这项供给')
      }
      return { closed: true }
    },
    async postNeed({ villageId, taskKey, title, detail }, { db, now }) {
      const village = await getVillage(db, villageId)
      const template = await templateOf(db, yearOfMonth(beijingMonth(now)))
      const star = template.stars.find((s) => s.tasks.some((t) => t.key === taskKey))
      const task = star?.tasks.find((t) => t.key === taskKey)
      if (!star || !task) throw new AppError('FAILED_PRECONDITION', '需求要对应今年模板里的一项任务')
      const doc: NeedDoc = {
        _id: newId('nd'),
        villageId,
        townshipId: village.townshipId,
        villageName: village.name,
        title,
        detail,
        taskKey,
        taskName: task.name,
        star: star.key,
        createdAt: now,
        matched: false,
        match: null,
      }
      await db.collection(NEEDS).add({ data: doc as unknown as Record<string, unknown> })
      return needView(doc)
    },
    async villageNeeds({ villageId }, { db }) {
      return {
        needs: (
          await getDocs<NeedDoc>(db.collection(NEEDS).where({ villageId }).orderBy('createdAt', 'desc').limit(100))
        ).map(needView),
      }
    },
    async townshipNeeds({ townshipId }, { db }) {
      const docs = await getDocs<NeedDoc>(
        db.collection(NEEDS).where({ townshipId }).orderBy('matched', 'asc').orderBy('createdAt', 'desc').limit(200),
      )
      return { needs: docs.map(needView) }
    },
    async matchNeed({ villageId, needId, supplyId, note }, ctx) {
      const { db, now } = ctx
      const [need, supply] = await Promise.all([
        loadNeed(db, villageId, needId),
        findById<SupplyDoc>(db, SUPPLIES, supplyId),
      ])
      if (!supply) throw new AppError('NOT_FOUND', '没有这项供给')
      if (!supply.open) throw new AppError('FAILED_PRECONDITION', '这项供给已关闭')
      if (need.match && need.match.status !== 'cancelled') throw new AppError('CONFLICT', '这条需求已经对接过了')
      const match = {
        supplyId,
        supplyName: supply.name,
        department: supply.department,
        status: 'matched' as const,
        history: [{ at: now, status: 'matched', note, byName: callerName(ctx) }],
      }
      const res = await db
        .collection(NEEDS)
        .where({ _id: needId, villageId, matched: false })
        .update({ data: { matched: true, match } })
      if (updatedCount(res) === 0) throw new AppError('CONFLICT', '这条需求刚被对接过')
      return needView({ ...need, matched: true, match })
    },
    async moveMatch({ villageId, needId, status, note }, ctx) {
      const { db, now } = ctx
      const need = await loadNeed(db, villageId, needId)
      if (!need.match) throw new AppError('FAILED_PRECONDITION', '这条需求还没有对接')
      if (!canMoveMatch(need.match.status, status))
        throw new AppError(
          'FAILED_PRECONDITION',
          `现在是「${MATCH_STATUS_LABELS[need.match.status]}」，不能改为「${MATCH_STATUS_LABELS[status]}」`,
        )
      const match = {
        ...need.match,
        status,
        history: [...need.match.history, { at: now, status, note, byName: callerName(ctx) }],
      }
      await db
        .collection(NEEDS)
        .doc(needId)
        .update({ data: { match, matched: status !== 'cancelled' } })
      return needView({ ...need, match })
    },
  },
  { timerAction: 'refresh' },
)
