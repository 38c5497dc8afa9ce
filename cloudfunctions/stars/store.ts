/** 五星支部 collections, their documents, and the reads shared by the actions (./handlers/) and `refresh` (./refresh.ts). */
import { AppError } from '../../common/errors'
import { beijingMonth } from '../../common/rules/beijing-time'
import { effectiveSettings, type Settings, type SettingsPatch } from '../../common/rules/settings'
import {
  assess,
  comparisonInput,
  endedPeriods,
  monthlyComparison,
  type AssessmentStatus,
  type MatchStatus,
  type TaskReport,
} from '../../common/rules/stars'
import { defaultTemplate, type Figures, type StarKey, type StarTemplate } from '../../common/rules/stars-template'
import { getDocs, type Database } from '../_lib/cloud'
import { C } from '../_lib/collections'
import { COUNTY_ID, findById, type VillageDoc } from '../_lib/records'
import { type HandlerContext } from '../_lib/runtime'
import { readCountyPatch, villagePatch } from '../_lib/settings'
import { SOURCES, type SourceScope, type VillageFigures } from './sources'

export const TEMPLATES = C.star_templates
export const REPORTS = C.star_reports
export const ASSESSMENTS = C.star_assessments
export const VETOES = C.star_vetoes
export const LEVELS = C.star_levels
export const BOARDS = C.star_boards
export const BOARD_FIGURES = C.star_board_figures
export const SUMMARIES = C.star_summaries
export const SUPPLIES = C.star_supplies
export const NEEDS = C.star_needs

/** `star_templates/<county>_<year>`: the county's template for a year. */
export interface TemplateDoc {
  _id: string
  year: number
  template: StarTemplate
}
export interface ReportDoc {
  _id: string
  villageId: string
  townshipId: string
  year: number
  taskKey: string
  done: boolean
  text: string
  photos: string[]
  review: 'accepted' | 'returned' | null
  reviewComment: string
  updatedAt: Date
  byName: string
}
export interface AssessmentDoc {
  _id: string
  villageId: string
  townshipId: string
  villageName: string
  year: number
  period: string
  status: AssessmentStatus
  note: string
  comment: string
  tasksMet: number
  level: number
  submittedAt: Date
  reviewedAt: Date | null
  reviewerName: string
  history: { at: Date; action: string; byName: string; comment: string }[]
}
export interface VetoDoc {
  _id: string
  villageId: string
  townshipId: string
  year: number
  item: string
  note: string
  at: Date
  byName: string
}
export interface LevelDoc {
  _id: string
  villageId: string
  townshipId: string
  year: number
  level: number
  confirmedAt: Date
}
/** One village's figures for a month, inside its township's board (the year-so-far figures are in star_board_figures). */
export interface BoardRow {
  villageId: string
  name: string
  order: number
  monthFigures: Figures
  meetingsHeld: number
  tasksMet: number
  taskCount: number
  starsEarned: StarKey[]
  level: number
  confirmedLevel: number | null
  lastYearLevel: number
  assessment: AssessmentStatus | null
  rank: number
  behind: boolean
  behindTwoMonths: boolean
}
/** `star_boards/<townshipId>_<YYYY-MM>`: every village of a township for a month (keyed by village id). */
export interface BoardDoc {
  _id: string
  townshipId: string
  month: string
  year: number
  villages: Record<string, BoardRow>
  /** Villages of the township behind in the month's county order (read alone by the next month's ranking). */
  behindIds: string[]
  refreshedAt: Date
}
/**
 * `star_board_figures/<townshipId>_<YYYY-MM>`: the year-so-far figures of the same villages, kept apart so the
 * dashboards (which never show them) read half the bytes; the export reads both.
 */
export interface BoardFiguresDoc {
  _id: string
  townshipId: string
  month: string
  year: number
  villages: Record<string, Figures>
}
export type StarMonthDoc = BoardRow & {
  townshipId: string
  month: string
  year: number
  refreshedAt: Date
  figures?: Figures
}
export interface SummaryDoc {
  _id: string
  year: number
  month: string
  villages: number
  completion: number
  requestsClosed: number
  requestsClosedInVillage: number
  requestsEscalated: number
  /** Villages per township in the month's boards: the shares of the county's targets (absent in older documents). */
  villagesByTownship?: Record<string, number>
  refreshedAt: Date
}
export interface SupplyDoc {
  _id: string
  name: string
  department: string
  kind: 'project' | 'policy' | 'fund' | 'service'
  amountYuan: number | null
  conditions: string
  star: StarKey | null
  taskKeys?: string[]
  open: boolean
  createdAt: Date
}
export interface NeedDoc {
  _id: string
  villageId: string
  townshipId: string
  villageName: string
  title: string
  detail: string
  taskKey: string
  taskName: string
  star: StarKey
  createdAt: Date
  matched: boolean
  match: {
    supplyId: string
    supplyName: string
    department: string
    status: MatchStatus
    history: { at: Date; status: string; note: string; byName: string }[]
  } | null
}

export const yearOfMonth = (m: string) => Number(m.slice(0, 4))
export const boardId = (townshipId: string, month: string) => `${townshipId}_${month}`
export const rowsOf = (boards: BoardDoc[]): StarMonthDoc[] =>
  boards.flatMap((b) =>
    Object.values(b.villages ?? {}).map((r) => ({
      ...r,
      townshipId: b.townshipId,
      month: b.month,
      year: b.year,
      refreshedAt: b.refreshedAt,
    })),
  )

/** Sets fields of one village's row in its boards (only where the row exists: never creates a partial row). */
export async function patchBoardRow(
  db: Database,
  where: Record<string, unknown>,
  villageId: string,
  patch: Partial<BoardRow>,
): Promise<void> {
  await db
    .collection(BOARDS)
    .where({ ...where, villages: { [villageId]: { villageId } } })
    .update({ data: { villages: { [villageId]: patch } } })
}

export const reportId = (villageId: string, year: number, taskKey: string) => `${villageId}_${year}_${taskKey}`

export function callerName(ctx: HandlerContext): string {
  return ctx.granted[0]?.name ?? ''
}

/** The template of a year: the county's saved one, or the labelled example. */
export async function templateOf(db: Database, year: number): Promise<StarTemplate> {
  const saved = await findById<{ template: StarTemplate }>(db, TEMPLATES, `${COUNTY_ID}_${year}`)
  return saved?.template ?? defaultTemplate(year)
}

export const countySettings = readCountyPatch

export function scopeFor(
  villages: VillageDoc[],
  county: SettingsPatch,
  year: number,
  month: string,
  now: Date,
  villageId?: string,
  townshipIds: string[] = [],
): SourceScope {
  const cache = new Map<string, Settings>()
  return {
    villageId,
    villages: new Map(villages.map((v) => [v._id, v])),
    townshipIds,
    settingsOf: (v) => {
      let s = cache.get(v._id)
      if (!s) cache.set(v._id, (s = effectiveSettings(county, villagePatch(v))))
      return s
    },
    year,
    month,
    now,
  }
}

/** Every source's figures for the scope, merged per village, with the elapsed months/quarters of the period. */
export async function loadFigures(db: Database, scope: SourceScope): Promise<Map<string, VillageFigures>> {
  const loaded = await Promise.all(SOURCES.map((s) => s.load(db, scope)))
  const out = new Map<string, VillageFigures>()
  const ids = scope.villageId ? [scope.villageId] : [...scope.villages.keys()]
  for (const id of ids) {
    const e: VillageFigures = {
      ytd: endedPeriods(scope.month, beijingMonth(scope.now)),
      month: { elapsedMonths: 1, elapsedQuarters: 1 },
      meetingsHeld: 0,
    }
    for (const m of loaded) {
      const f = m.get(id)
      if (!f) continue
      Object.assign(e.ytd, f.ytd)
      Object.assign(e.month, f.month)
      e.meetingsHeld = (e.meetingsHeld ?? 0) + (f.meetingsHeld ?? 0)
    }
    out.set(id, e)
  }
  return out
}

export const reportsMap = (docs: ReportDoc[]): Record<string, TaskReport> =>
  Object.fromEntries(docs.map((r) => [r.taskKey, { done: r.done, review: r.review }]))

/** Villages ranked among themselves by their month (tasks met, then the month's figures): the county's order. */
export function monthlyRanking(
  rows: readonly Pick<BoardRow, 'villageId' | 'name' | 'tasksMet' | 'taskCount' | 'monthFigures' | 'meetingsHeld'>[],
) {
  return monthlyComparison(
    rows.map((r) =>
      comparisonInput({
        villageId: r.villageId,
        name: r.name,
        tasksMet: r.tasksMet,
        taskCount: r.taskCount,
        ...r.monthFigures,
        meetingsHeld: r.meetingsHeld,
      }),
    ),
  )
}

/** The current Beijing month for `year` (December for a past year). */
export function monthFor(year: number, now: Date): string {
  const current = beijingMonth(now)
  return yearOfMonth(current) === year ? current : yearOfMonth(current) > year ? `${year}-12` : `${year}-01`
}

/** One village, live from the sources. */
export async function liveAssessment(db: Database, village: VillageDoc, year: number, now: Date) {
  return liveAssessmentOf(db, village._id, Promise.resolve(village), year, now)
}

/** `liveAssessment` with the village still being read: its reads go out together with the village's. */
export async function liveAssessmentOf(
  db: Database,
  villageId: string,
  villageRead: Promise<VillageDoc>,
  year: number,
  now: Date,
) {
  const month = monthFor(year, now)
  const [village, template, county, reports, vetoes] = await Promise.all([
    villageRead,
    templateOf(db, year),
    countySettings(db),
    getDocs<ReportDoc>(db.collection(REPORTS).where({ villageId, year }).limit(100)),
    getDocs<VetoDoc>(db.collection(VETOES).where({ villageId, year }).orderBy('at', 'desc').limit(50)),
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

/** Task tags of a supply must be tasks of this year's template. */
export async function checkTaskKeys(db: Database, taskKeys: string[], now: Date): Promise<string[]> {
  if (!taskKeys.length) return []
  const template = await templateOf(db, yearOfMonth(beijingMonth(now)))
  const known = new Set(template.stars.flatMap((s) => s.tasks.map((t) => t.key)))
  const unknown = taskKeys.filter((k) => !known.has(k))
  if (unknown.length) throw new AppError('FAILED_PRECONDITION', `今年的任务模板里没有这些任务：${unknown.join('、')}`)
  return [...new Set(taskKeys)]
}

export async function loadNeed(db: Database, villageId: string, needId: string): Promise<NeedDoc> {
  const [n] = await getDocs<NeedDoc>(db.collection(NEEDS).where({ _id: needId, villageId }).limit(1))
  if (!n) throw new AppError('NOT_FOUND', '本村没有这条需求')
  return n
}
