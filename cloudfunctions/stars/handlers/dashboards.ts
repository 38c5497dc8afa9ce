import { starsContract } from '../../../common/contracts/stars'
import { AppError } from '../../../common/errors'
import { beijingMonth } from '../../../common/rules/beijing-time'
import { monthsSoFar, townshipTargetsOf } from '../../../common/rules/stars'
import { type Figures } from '../../../common/rules/stars-template'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { COUNTY_ID, findById, type TownshipDoc } from '../../_lib/records'
import type { Handlers } from '../../_lib/runtime'
import { refreshStep } from '../refresh'
import {
  ASSESSMENTS,
  BOARDS,
  monthlyRanking,
  rowsOf,
  SUMMARIES,
  templateOf,
  yearOfMonth,
  type AssessmentDoc,
  type BoardDoc,
  type SummaryDoc,
} from '../store'
import { dashboardOf } from '../views'

/** The boards the refresh writes; the county and township dashboards read from them. */
export const dashboards: Pick<Handlers<typeof starsContract>, 'refresh' | 'countyDashboard' | 'townshipDashboard'> = {
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
      getDocs<TownshipDoc>(db.collection(C.townships).where({ countyId: COUNTY_ID }).field({ name: true }).limit(1000)),
    ])
    return dashboardOf(template, m, rows, trend, new Map(townships.map((t) => [t._id, t.name])))
  },

  async townshipDashboard({ townshipId, month }, { db, now }) {
    const m = month ?? beijingMonth(now)
    const year = yearOfMonth(m)
    const [township, template, rows, pending, summary] = await Promise.all([
      findById<TownshipDoc>(db, C.townships, townshipId),
      templateOf(db, year),
      getDocs<BoardDoc>(db.collection(BOARDS).where({ townshipId, year }).limit(100)).then(rowsOf),
      getDocs<AssessmentDoc>(
        db.collection(ASSESSMENTS).where({ townshipId, status: 'submitted' }).orderBy('submittedAt', 'asc').limit(200),
      ),
      findById<SummaryDoc>(db, SUMMARIES, `${COUNTY_ID}_${m}`),
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
    // The township's own targets (never the county's): handed down in the template, else its share by villages.
    const counts = Object.entries(summary?.villagesByTownship ?? {}).map(([id, villages]) => ({
      townshipId: id,
      villages,
    }))
    if (!counts.some((c) => c.townshipId === townshipId) && summary?.villages)
      counts.push(
        { townshipId, villages: local.length },
        { townshipId: '', villages: Math.max(0, summary.villages - local.length) },
      )
    const targets = townshipTargetsOf(template, townshipId, counts)
    return {
      ...dashboardOf(template, m, local, trend, new Map([[townshipId, township.name]]), targets),
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
}
