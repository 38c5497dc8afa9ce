/**
 * 五星支部 scoring: tasks met from figures and reports, stars with prerequisites and negative-list vetoes, the
 * level, the monthly comparison (月达标排序) on outcomes only and the "behind two months in a row" list.
 * Pure; no I/O. The template is common/rules/stars-template.ts.
 */
import type { MonthCoverage } from './duty'
import {
  STAR_KEYS,
  tasksFor,
  type Figures,
  type MetricKey,
  type StarKey,
  type LevelTargets,
  type StarTask,
  type StarTemplate,
} from './stars-template'

/** A village's report for a task the app cannot know. */
export interface TaskReport {
  done: boolean
  /** Township's verdict on the report: returned reports do not count. */
  review?: 'accepted' | 'returned' | null
}

export interface TaskResult {
  key: string
  name: string
  star: StarKey
  kind: 'auto' | 'reported'
  met: boolean
  /** Auto: the measured value (share 0–1 or a count); null when there is nothing to measure yet. */
  value: number | null
  target: number | string
  /** Plain words: 「12/12」「本期没有诉求」「村里已填报」「未填报」… */
  note: string
  metric?: MetricKey
}

export interface StarResult {
  key: StarKey
  name: string
  tasksMet: number
  tasks: number
  /** Enough tasks met (passShare). */
  reached: boolean
  /** Prerequisite stars not earned. */
  missingPrerequisites: StarKey[]
  /** Negative-list items that veto this star. */
  vetoedBy: string[]
  earned: boolean
}

export interface Assessment {
  tasks: TaskResult[]
  stars: StarResult[]
  tasksMet: number
  taskCount: number
  /** 0 (not rated), or 2–5. */
  level: 0 | 2 | 3 | 4 | 5
  /** Every veto reason (visible to the village). */
  vetoes: { key: string; text: string }[]
}

const pct = (v: number) => `${Math.round(v * 100)}%`

export function evaluateTask(
  task: StarTask,
  star: StarKey,
  figures: Figures,
  report: TaskReport | undefined,
): TaskResult {
  const m = task.measure
  const base = { key: task.key, name: task.name, star }
  if (m.kind === 'reported') {
    const counted = Boolean(report?.done) && report?.review !== 'returned'
    const note = !report
      ? '未填报'
      : report.review === 'returned'
        ? '乡镇退回，请补充'
        : report.done
          ? report.review === 'accepted'
            ? '乡镇已认可'
            : '村里已填报，待乡镇审核'
          : '村里填报：未完成'
    return { ...base, kind: 'reported', met: counted, value: null, target: m.target, note }
  }
  const raw = figures[m.metric] ?? 0
  if (m.per) {
    const den = figures[m.per] ?? 0
    if (den <= 0)
      return {
        ...base,
        kind: 'auto',
        met: true,
        value: null,
        target: m.target,
        note: '本期没有需要计算的事项',
        metric: m.metric,
      }
    const value = raw / den
    const met = m.op === '>=' ? value >= m.target - 1e-9 : value <= m.target + 1e-9
    return {
      ...base,
      kind: 'auto',
      met,
      value,
      target: m.target,
      note: `${raw}/${den}（${pct(value)}，目标${m.op === '>=' ? '≥' : '≤'}${pct(m.target)}）`,
      metric: m.metric,
    }
  }
  const met = m.op === '>=' ? raw >= m.target : raw <= m.target
  return {
    ...base,
    kind: 'auto',
    met,
    value: raw,
    target: m.target,
    note: `${raw}（目标${m.op === '>=' ? '≥' : '≤'}${m.target}）`,
    metric: m.metric,
  }
}

/** Negative-list events recorded for the village this year. */
export interface VetoEvent {
  item: string
  note?: string
}

/**
 * The village's assessment: every task, then the stars in prerequisite order (a star counts only when its
 * prerequisites are earned and no negative-list event vetoes it), then the level (number of earned stars; fewer
 * than two is not rated; an `all` veto leaves the year unrated).
 */
export function assess(
  template: StarTemplate,
  kind: 'village' | 'community',
  figures: Figures,
  reports: Record<string, TaskReport>,
  vetoEvents: readonly VetoEvent[],
): Assessment {
  const tasks: TaskResult[] = []
  const byStar = new Map<StarKey, TaskResult[]>()
  for (const star of template.stars) {
    const results = tasksFor(star, kind).map((t) => evaluateTask(t, star.key, figures, reports[t.key]))
    byStar.set(star.key, results)
    tasks.push(...results)
  }
  const items = new Map(template.negativeList.map((n) => [n.key, n]))
  const vetoes = vetoEvents.flatMap((e) => {
    const item = items.get(e.item)
    return item ? [{ key: item.key, text: e.note ? `${item.text}：${e.note}` : item.text, vetoes: item.vetoes }] : []
  })
  const vetoAll = vetoes.some((v) => v.vetoes === 'all')
  const starsByKey = new Map(template.stars.map((s) => [s.key, s]))
  const earned = new Map<StarKey, boolean>()
  const results = new Map<StarKey, StarResult>()
  const resolve = (key: StarKey, seen: Set<StarKey>): boolean => {
    if (earned.has(key)) return earned.get(key)!
    const star = starsByKey.get(key)
    if (!star || seen.has(key)) return false
    seen.add(key)
    const rs = byStar.get(key) ?? []
    const tasksMet = rs.filter((r) => r.met).length
    const reached = rs.length > 0 && tasksMet >= Math.ceil(star.passShare * rs.length - 1e-9)
    const missingPrerequisites = star.prerequisites.filter((p) => !resolve(p, seen))
    const vetoedBy = vetoes.filter((v) => v.vetoes === 'all' || v.vetoes.includes(key)).map((v) => v.text)
    const ok = reached && missingPrerequisites.length === 0 && vetoedBy.length === 0
    earned.set(key, ok)
    results.set(key, {
      key,
      name: star.name,
      tasksMet,
      tasks: rs.length,
      reached,
      missingPrerequisites,
      vetoedBy,
      earned: ok,
    })
    return ok
  }
  for (const s of template.stars) resolve(s.key, new Set())
  const stars = STAR_KEYS.filter((k) => results.has(k)).map((k) => results.get(k)!)
  const count = stars.filter((s) => s.earned).length
  const level = vetoAll || count < 2 ? 0 : (count as 2 | 3 | 4 | 5)
  return {
    tasks,
    stars,
    tasksMet: tasks.filter((t) => t.met).length,
    taskCount: tasks.length,
    level,
    vetoes: vetoes.map(({ key, text }) => ({ key, text })),
  }
}

/**
 * What the monthly comparison may look at: outcomes of the village's work in the month and the tasks met so far.
 * Deliberately a closed shape — figures about app activity (logins, clicks, check-ins, online time) have no
 * field here and are dropped by `comparisonInput`.
 */
export interface ComparisonInput {
  villageId: string
  name: string
  tasksMet: number
  taskCount: number
  requestsReceived: number
  requestsClosed: number
  requestsClosedInVillage: number
  meetingsHeld: number
  mattersCompleted: number
}

export function comparisonInput(
  row: { villageId: string; name: string; tasksMet: number; taskCount: number } & Figures & { meetingsHeld?: number },
): ComparisonInput {
  return {
    villageId: row.villageId,
    name: row.name,
    tasksMet: row.tasksMet,
    taskCount: row.taskCount,
    requestsReceived: row.requestsReceived ?? 0,
    requestsClosed: row.requestsClosed ?? 0,
    requestsClosedInVillage: row.requestsClosedInVillage ?? 0,
    meetingsHeld: row.meetingsHeld ?? 0,
    mattersCompleted: row.mattersCompleted ?? 0,
  }
}

export interface ComparisonRow extends ComparisonInput {
  /** 1-based; villages equal on every measure share a rank. */
  rank: number
  completion: number
  closeRate: number | null
}

const closeRate = (r: ComparisonInput) =>
  r.requestsReceived > 0 ? Math.min(1, r.requestsClosed / r.requestsReceived) : null
const completion = (r: ComparisonInput) => (r.taskCount > 0 ? r.tasksMet / r.taskCount : 0)

/** Negative when a is ahead of b: task completion, then requests closed share, then meetings held, then matters. */
export function compareOutcomes(a: ComparisonInput, b: ComparisonInput): number {
  return (
    completion(b) - completion(a) ||
    (closeRate(b) ?? 1) - (closeRate(a) ?? 1) ||
    b.requestsClosedInVillage - a.requestsClosedInVillage ||
    b.meetingsHeld - a.meetingsHeld ||
    b.mattersCompleted - a.mattersCompleted
  )
}

/** 月达标排序: villages ordered by outcomes; ties share a rank and are listed by name. */
export function monthlyComparison(rows: readonly ComparisonInput[]): ComparisonRow[] {
  const clean = rows.map((r) => comparisonInput(r))
  const sorted = [...clean].sort(
    (a, b) => compareOutcomes(a, b) || a.name.localeCompare(b.name, 'zh-CN') || a.villageId.localeCompare(b.villageId),
  )
  const out: ComparisonRow[] = []
  sorted.forEach((r, i) => {
    const prev = out[i - 1]
    const rank = prev && compareOutcomes(prev, r) === 0 ? prev.rank : i + 1
    out.push({ ...r, rank, completion: completion(r), closeRate: closeRate(r) })
  })
  return out
}

/**
 * Villages behind in a comparison: the last `share` of the order (at least one village), plus those tied with the
 * last one inside it. Nobody is behind when every village is level with the first.
 */
export function behindVillages(ordered: readonly ComparisonRow[], share: number): Set<string> {
  const n = ordered.length
  if (n < 2 || !(share > 0)) return new Set()
  const k = Math.max(1, Math.floor(n * share))
  const first = ordered[0]!
  const cut = ordered[n - k]!
  return new Set(ordered.filter((r) => r.rank >= cut.rank && compareOutcomes(first, r) !== 0).map((r) => r.villageId))
}

/** Villages behind in both this month and the month before (the county's reminder-talk list). */
export function behindTwoMonths(thisMonth: ReadonlySet<string>, lastMonth: ReadonlySet<string>): string[] {
  return [...thisMonth].filter((id) => lastMonth.has(id)).sort()
}

/**
 * A village's star level as every page shows it (五星 dashboards, 本乡镇的村): the county's confirmed level for
 * the year when there is one, else the level measured from the tasks met so far. One rule, one source (the
 * township's star board), so two pages never disagree.
 */
export function shownLevel(row: { level: number; confirmedLevel: number | null }): {
  level: number
  confirmed: boolean
} {
  return row.confirmedLevel !== null
    ? { level: row.confirmedLevel, confirmed: true }
    : { level: row.level, confirmed: false }
}

/** Levels now against the year's targets. */
export function levelsAgainstTargets(levels: readonly number[], targets: StarTemplate['targets']) {
  return ([5, 4, 3, 2] as const).map((level) => {
    const count = levels.filter((l) => l === level).length
    return { level, count, target: targets[level], gap: Math.max(0, targets[level] - count) }
  })
}

const TARGET_LEVELS = [5, 4, 3, 2] as const

/**
 * The county's targets shared out among townships in proportion to their villages, per level, by largest
 * remainder (Hamilton): each township gets the whole part of its share, the leftover branches go to the largest
 * fractions (ties: the township listed first). The shares add up to the county's target exactly.
 */
export function apportionTargets(
  targets: LevelTargets,
  villages: readonly { townshipId: string; villages: number }[],
): Map<string, LevelTargets> {
  const total = villages.reduce((n, t) => n + Math.max(0, t.villages), 0)
  const out = new Map<string, LevelTargets>(villages.map((t) => [t.townshipId, { 5: 0, 4: 0, 3: 0, 2: 0 }]))
  if (total === 0) return out
  for (const level of TARGET_LEVELS) {
    const quotas = villages.map((t, i) => {
      const q = (targets[level] * Math.max(0, t.villages)) / total
      return { id: t.townshipId, i, whole: Math.floor(q + 1e-9), rest: q - Math.floor(q + 1e-9) }
    })
    let left = targets[level] - quotas.reduce((n, q) => n + q.whole, 0)
    for (const q of [...quotas].sort((a, b) => b.rest - a.rest || a.i - b.i)) {
      const extra = left > 0 && q.rest > 1e-9 ? 1 : 0
      left -= extra
      out.get(q.id)![level] = q.whole + extra
    }
  }
  return out
}

/**
 * A township's own targets: the ones the county handed it in the template, else its proportional share of the
 * county's (from the villages per township), with a note saying which. Never the county's whole targets.
 */
export function townshipTargetsOf(
  template: Pick<StarTemplate, 'targets' | 'townshipTargets'>,
  townshipId: string,
  villagesByTownship: readonly { townshipId: string; villages: number }[],
): { targets: LevelTargets; note: string } {
  const set = template.townshipTargets?.[townshipId]
  if (set) return { targets: set, note: '县里下达给本乡镇的目标' }
  const share = apportionTargets(template.targets, villagesByTownship).get(townshipId)
  if (!share) return { targets: { 5: 0, 4: 0, 3: 0, 2: 0 }, note: '县里还没有下达本乡镇的目标' }
  return { targets: share, note: '县里未单独下达，按本乡镇村数占全县的比例折算' }
}

/** The months (YYYY-MM) of a year up to and including `month`. */
export function monthsSoFar(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return Array.from({ length: m }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`)
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/** 'month' → which quarter it ends; for the elapsed-quarters count of the year so far. */
export const quartersSoFar = (month: string) => Math.ceil(Number(month.slice(5, 7)) / 3)

/**
 * The months and quarters of `month`'s year that have ended by the end of `month` or by `now`, whichever comes
 * first: the denominators of "every month" / "every quarter" tasks. A period still under way is not owed yet (its
 * meeting, if already held, still counts in the numerator), so a village is not behind on the 3rd of a month
 * for a meeting it will hold on the 20th.
 */
export function endedPeriods(month: string, currentMonth: string): { elapsedMonths: number; elapsedQuarters: number } {
  const m = Number(month.slice(5, 7))
  const ended = month < currentMonth ? m : m - 1
  return { elapsedMonths: ended, elapsedQuarters: Math.floor(ended / 3) }
}

/**
 * The months whose days are owed a duty shift: from the first month of the year the village recorded duty in
 * the app (the app cannot know coverage kept on paper before that, so the first month counts from its first
 * recorded day: `owedDays`); every month when it never has.
 */
export function dutyMonths(months: string[], recorded: { has(month: string): boolean }): string[] {
  const first = months.findIndex((m) => recorded.has(m))
  return first < 0 ? months : months.slice(first)
}

/** A month's days owed a shift and covered; in the first month recorded, from the first day recorded. */
export function owedDays(c: MonthCoverage, firstRecorded: boolean): { requiredDays: number; coveredDays: number } {
  const from = firstRecorded
    ? Math.max(
        0,
        c.days.findIndex((d) => d.cadres > 0 || d.exceptions > 0),
      )
    : 0
  const days = c.days.slice(from)
  return { requiredDays: days.length, coveredDays: days.filter((d) => d.covered).length }
}

/** Assessment periods a village self-assesses: a month (YYYY-MM) or a quarter (YYYY-Qn). */
export const PERIOD_PATTERN = /^(?:20\d\d|2100)-(0[1-9]|1[0-2]|Q[1-4])$/

export const ASSESSMENT_STATUS_LABELS = {
  submitted: '已自评，待乡镇审核',
  accepted: '乡镇已认可',
  returned: '乡镇退回',
} as const
export type AssessmentStatus = keyof typeof ASSESSMENT_STATUS_LABELS

/** The review flow: submitted → accepted | returned; a returned one may be submitted again. */
export function nextAssessmentStatus(
  current: AssessmentStatus | null,
  action: 'submit' | 'accept' | 'return',
): AssessmentStatus | null {
  if (action === 'submit') return current === 'accepted' ? null : 'submitted'
  if (current !== 'submitted') return null
  return action === 'accept' ? 'accepted' : 'returned'
}

export const MATCH_STATUSES = ['matched', 'agreed', 'delivering', 'delivered', 'cancelled'] as const
export type MatchStatus = (typeof MATCH_STATUSES)[number]
export const MATCH_STATUS_LABELS: Record<MatchStatus, string> = {
  matched: '已对接',
  agreed: '已商定',
  delivering: '落实中',
  delivered: '已落地',
  cancelled: '已取消',
}
/** A match moves forward one step at a time to delivery, or is cancelled before delivery. */
export function canMoveMatch(from: MatchStatus, to: MatchStatus): boolean {
  if (from === 'delivered' || from === 'cancelled') return false
  if (to === 'cancelled') return true
  return MATCH_STATUSES.indexOf(to) === MATCH_STATUSES.indexOf(from) + 1
}
