/**
 * `refresh`: the month's star_boards (one document per township, a row per village) and star_summaries, in steps
 * that each fit well inside a cloud function's 3 s default timeout whatever the county's size.
 *
 * A run (`star_refresh_runs/<county>_<YYYY-MM>`) goes township by township: each township's sources are read
 * (queries bounded by the township) and its board rewritten with fresh figures, keeping the ranks it had; a step
 * stops after `budgetMs` and the next call continues from the run's cursor. When every township is done, a last
 * step ranks the whole county from the boards themselves (tasks met and month figures are in every row), marks
 * the villages behind (and behind two months running, from the previous month's boards), rewrites the boards
 * and the county summary, and closes the run. The timer (every 5 minutes from 02:00 to 03:59) starts a run when
 * the last one closed more than 12 hours ago and otherwise continues it; the county's 现在更新 starts one and
 * calls again until it is complete. `refreshMonth` runs a whole run at once (tests, the seed's cross-check).
 */
import { assess, behindTwoMonths, behindVillages, previousMonth, type VetoEvent } from '../../common/rules/stars'
import type { Figures, StarTemplate } from '../../common/rules/stars-template'
import { getDocs, type Database } from '../_lib/cloud'
import { COUNTY_ID, findById, getAll, type TownshipDoc, type VillageDoc } from '../_lib/records'
import {
  ASSESSMENTS,
  BOARD_FIGURES,
  BOARDS,
  boardId,
  countySettings,
  LEVELS,
  loadFigures,
  REPORTS,
  reportsMap,
  rowsOf,
  scopeFor,
  SUMMARIES,
  templateOf,
  VETOES,
  yearOfMonth,
  type AssessmentDoc,
  type BoardDoc,
  type BoardFiguresDoc,
  type LevelDoc,
  type ReportDoc,
  type SummaryDoc,
  type VetoDoc,
  monthlyRanking,
} from './store'
import { C } from '../_lib/collections'

export const RUNS = C.star_refresh_runs
/** A closed run newer than this is not redone by the timer. */
const FRESH_MS = 12 * 3600_000
/** Work per call: a township starts only if the slowest one so far would still end inside it (the first always does). */
export const STEP_BUDGET_MS = 1500

export interface RunDoc {
  _id: string
  month: string
  startedAt: Date
  done: string[]
  complete: boolean
  finishedAt: Date | null
}

export interface StepResult {
  month: string
  complete: boolean
  townships: number
  townshipsDone: number
  villages: number
}

/** Reads one township's sources and rewrites its board with fresh figures (ranks as they were until the last step). */
async function refreshTownship(
  db: Database,
  townshipId: string,
  month: string,
  now: Date,
  template: StarTemplate,
  county: Awaited<ReturnType<typeof countySettings>>,
  vetoes: VetoDoc[],
  levels: LevelDoc[],
): Promise<number> {
  const year = yearOfMonth(month)
  const villages = await getAll<VillageDoc>(
    db
      .collection(C.villages)
      .where({ townshipId })
      .field({ name: true, kind: true, order: true, townshipId: true, settingsOverrides: true, starLevel: true })
      .orderBy('order', 'asc'),
    100_000,
  )
  const id = boardId(townshipId, month)
  if (!villages.length) {
    await Promise.all([
      db.collection(BOARDS).where({ _id: id }).remove(),
      db.collection(BOARD_FIGURES).where({ _id: id }).remove(),
    ])
    return 0
  }
  const [figures, reports, assessments, existing] = await Promise.all([
    loadFigures(db, scopeFor(villages, county, year, month, now, undefined, [townshipId])),
    getAll<ReportDoc>(
      db
        .collection(REPORTS)
        .where({ townshipId, year })
        .field({ villageId: true, taskKey: true, done: true, review: true }),
      1_000_000,
    ),
    getAll<AssessmentDoc>(
      db.collection(ASSESSMENTS).where({ townshipId, period: month }).field({ villageId: true, status: true }),
      100_000,
    ),
    findById<BoardDoc>(db, BOARDS, id),
  ])
  const reportsBy = new Map<string, ReportDoc[]>()
  for (const r of reports) {
    const list = reportsBy.get(r.villageId)
    if (list) list.push(r)
    else reportsBy.set(r.villageId, [r])
  }
  const levelBy = new Map(levels.map((l) => [l.villageId, l.level]))
  const assessmentBy = new Map(assessments.map((a) => [a.villageId, a.status]))
  const board: Omit<BoardDoc, '_id'> = {
    townshipId,
    month,
    year,
    villages: {},
    behindIds: existing?.behindIds ?? [],
    refreshedAt: now,
  }
  const ytd: Omit<BoardFiguresDoc, '_id'> = { townshipId, month, year, villages: {} }
  for (const v of villages) {
    const f = figures.get(v._id)!
    const a = assess(
      template,
      v.kind,
      f.ytd,
      reportsMap(reportsBy.get(v._id) ?? []),
      vetoes.filter((x) => x.villageId === v._id).map((x): VetoEvent => ({ item: x.item, note: x.note })),
    )
    const before = existing?.villages?.[v._id]
    board.villages[v._id] = {
      villageId: v._id,
      name: v.name,
      order: v.order,
      monthFigures: f.month,
      meetingsHeld: f.meetingsHeld ?? 0,
      tasksMet: a.tasksMet,
      taskCount: a.taskCount,
      starsEarned: a.stars.filter((s) => s.earned).map((s) => s.key),
      level: a.level,
      confirmedLevel: levelBy.get(v._id) ?? null,
      lastYearLevel: v.starLevel ?? 0,
      assessment: assessmentBy.get(v._id) ?? null,
      rank: before?.rank ?? 0,
      behind: before?.behind ?? false,
      behindTwoMonths: before?.behindTwoMonths ?? false,
    }
    ytd.villages[v._id] = f.ytd
  }
  await Promise.all([
    db.collection(BOARDS).doc(id).set({ data: board }),
    db.collection(BOARD_FIGURES).doc(id).set({ data: ytd }),
  ])
  return villages.length
}

/** The last step: ranks the county from the boards, marks who is behind, rewrites boards and the summary. */
async function rankCounty(
  db: Database,
  month: string,
  now: Date,
  template: StarTemplate,
  townshipIds: string[],
): Promise<number> {
  const year = yearOfMonth(month)
  const [boards, previous] = await Promise.all([
    getDocs<BoardDoc>(db.collection(BOARDS).where({ month }).limit(1000)),
    getDocs<Pick<BoardDoc, '_id' | 'behindIds'>>(
      db
        .collection(BOARDS)
        .where({ month: previousMonth(month) })
        .field({ behindIds: true })
        .limit(1000),
    ),
  ])
  const current = boards.filter((b) => townshipIds.includes(b.townshipId))
  const rows = rowsOf(current).sort((a, b) => a.order - b.order)
  const ordered = monthlyRanking(rows)
  const rankBy = new Map(ordered.map((r) => [r.villageId, r.rank]))
  const behind = behindVillages(ordered, template.behindShare)
  const twice = new Set(behindTwoMonths(behind, new Set(previous.flatMap((p) => p.behindIds ?? []))))
  // Only the ranking fields change: a small update per board instead of rewriting every row.
  await Promise.all(
    current.map(async (b) => {
      const ids = Object.keys(b.villages)
      const villages = Object.fromEntries(
        ids.map((id) => [id, { rank: rankBy.get(id) ?? 0, behind: behind.has(id), behindTwoMonths: twice.has(id) }]),
      )
      await db
        .collection(BOARDS)
        .doc(b._id)
        .update({ data: { villages, behindIds: ids.filter((id) => behind.has(id)).sort(), refreshedAt: now } })
    }),
  )
  const sum = (k: keyof Figures) => rows.reduce((n, r) => n + (r.monthFigures[k] ?? 0), 0)
  const summary: Omit<SummaryDoc, '_id'> = {
    year,
    month,
    villages: rows.length,
    completion: rows.length ? rows.reduce((n, r) => n + r.tasksMet / Math.max(1, r.taskCount), 0) / rows.length : 0,
    requestsClosed: sum('requestsClosed'),
    requestsClosedInVillage: sum('requestsClosedInVillage'),
    requestsEscalated: sum('requestsEscalated'),
    villagesByTownship: Object.fromEntries(current.map((b) => [b.townshipId, Object.keys(b.villages).length])),
    refreshedAt: now,
  }
  await db.collection(SUMMARIES).doc(`${COUNTY_ID}_${month}`).set({ data: summary })
  return rows.length
}

/**
 * One step of the month's run. `restart` starts a new run even if one is under way or freshly closed (the
 * county's 现在更新); otherwise a closed run newer than 12 hours is left alone (the timer's repeated calls).
 */
export async function refreshStep(
  db: Database,
  month: string,
  now: Date,
  options: { restart?: boolean; budgetMs?: number } = {},
): Promise<StepResult> {
  // The step's budget is a duration, not a moment: measured on the monotonic timer, never on the calendar clock
  // (`now`, which the local server may hold at any instant or jump).
  const started = performance.now()
  const budget = options.budgetMs ?? STEP_BUDGET_MS
  const year = yearOfMonth(month)
  const runId = `${COUNTY_ID}_${month}`
  const [run, townships] = await Promise.all([
    findById<RunDoc>(db, RUNS, runId),
    getDocs<TownshipDoc>(
      db
        .collection(C.townships)
        .where({ countyId: COUNTY_ID })
        .field({ order: true })
        .orderBy('order', 'asc')
        .limit(1000),
    ),
  ])
  const ids = townships.map((t) => t._id)
  const fresh = run?.complete && run.finishedAt && now.getTime() - new Date(run.finishedAt).getTime() < FRESH_MS
  if (fresh && !options.restart)
    return { month, complete: true, townships: ids.length, townshipsDone: ids.length, villages: 0 }
  const state: RunDoc =
    !run || run.complete || options.restart
      ? { _id: runId, month, startedAt: now, done: [], complete: false, finishedAt: null }
      : run
  const [template, county, vetoes, levels] = await Promise.all([
    templateOf(db, year),
    countySettings(db),
    getAll<VetoDoc>(db.collection(VETOES).where({ year }), 100_000),
    getAll<LevelDoc>(db.collection(LEVELS).where({ year }), 100_000),
  ])
  let villages = 0
  let worked = 0
  let slowest = 0
  const save = async () => {
    const { _id, ...data } = state
    await db.collection(RUNS).doc(_id).set({ data })
  }
  for (const t of ids) {
    if (state.done.includes(t)) continue
    // At least one township per call, so every call makes progress; another only if it should fit the budget.
    if (worked > 0 && performance.now() - started + slowest > budget) break
    const t0 = performance.now()
    villages += await refreshTownship(db, t, month, now, template, county, vetoes, levels)
    slowest = Math.max(slowest, performance.now() - t0)
    worked++
    state.done.push(t)
    await save()
  }
  if (ids.every((t) => state.done.includes(t)) && (worked === 0 || performance.now() - started + slowest <= budget)) {
    villages = await rankCounty(db, month, now, template, ids)
    state.complete = true
    state.finishedAt = now
    await save()
  }
  return {
    month,
    complete: state.complete,
    townships: ids.length,
    townshipsDone: ids.filter((t) => state.done.includes(t)).length,
    villages,
  }
}

/** A whole run at once (no time budget): the number of villages ranked. */
export async function refreshMonth(db: Database, month: string, now: Date): Promise<number> {
  let r = await refreshStep(db, month, now, { restart: true, budgetMs: Infinity })
  while (!r.complete) r = await refreshStep(db, month, now, { budgetMs: Infinity })
  return r.villages
}
