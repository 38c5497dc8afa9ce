/** stars: stored documents → the contract's output shapes (no I/O). */
import {
  ASSESSMENT_STATUS_LABELS,
  levelsAgainstTargets,
  MATCH_STATUS_LABELS,
  shownLevel,
} from '../../common/rules/stars'
import { type Figures, type LevelTargets, type StarTemplate } from '../../common/rules/stars-template'
import { iso } from '../_lib/records'
import {
  yearOfMonth,
  type AssessmentDoc,
  type NeedDoc,
  type StarMonthDoc,
  type SummaryDoc,
  type SupplyDoc,
} from './store'

export function assessmentView(a: AssessmentDoc) {
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

export function needView(n: NeedDoc) {
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

export function supplyView(s: SupplyDoc) {
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

export function dashboardOf(
  template: StarTemplate,
  month: string,
  rows: StarMonthDoc[],
  trend: SummaryDoc[],
  townshipNames: Map<string, string>,
  targets: { targets: LevelTargets; note: string } = { targets: template.targets, note: '全县目标' },
) {
  const level = (r: StarMonthDoc) => shownLevel(r).level
  const ordered = [...rows].sort((a, b) => a.rank - b.rank || a.order - b.order)
  const sum = (k: keyof Figures) => rows.reduce((n, r) => n + (r.monthFigures?.[k] ?? 0), 0)
  return {
    month,
    year: yearOfMonth(month),
    templateLabel: template.label,
    refreshedAt: rows.length
      ? (iso(rows.reduce((a, r) => (new Date(r.refreshedAt) > a ? new Date(r.refreshedAt) : a), new Date(0))) ?? null)
      : null,
    levels: levelsAgainstTargets(rows.map(level), targets.targets),
    targetsNote: targets.note,
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
