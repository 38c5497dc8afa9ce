import { deidentify } from '../../../common/rules/deidentify'
import { monthsSoFar } from '../../../common/rules/stars'
import type { MetricKey } from '../../../common/rules/stars-template'
import { getDocs } from '../../_lib/cloud'
import { getAll } from '../../_lib/records'
import { add, entry, type EvidenceSource, type VillageFigures, monthsWhere } from './types'
import { C, type DocOf } from '../../_lib/collections'

const CATEGORY = { enquiry: '咨询', help: '求助', complaint: '投诉', dispute: '纠纷', suggestion: '建议' } as Record<
  string,
  string
>

/** 群众诉求: request_stats (`<villageId>_<YYYY-MM>`), counted when requests are raised, escalated, closed, rated. */
export const requestsSource: EvidenceSource = {
  key: 'requests',
  label: '群众诉求（每月办理汇总）',
  metrics: [
    'requestsReceived',
    'requestsClosed',
    'requestsClosedInVillage',
    'requestsEscalated',
    'requestsClosedLate',
    'requestsRated',
    'requestsSatisfied',
  ],
  path: (villageId) => `/packages/grid/pages/queue/index?villageId=${villageId}`,
  async load(db, scope) {
    const months = monthsSoFar(scope.month)
    const where = monthsWhere(db, scope, months)
    const docs = await getAll<Omit<DocOf<'request_stats'>, 'closeHours'>>(
      db.collection(C.request_stats).where(where).field({ closeHours: false }),
      100_000,
    )
    const out = new Map<string, VillageFigures>()
    for (const d of docs) {
      if (!scope.villageId && !scope.villages.has(d.villageId)) continue
      const e = entry(out, d.villageId)
      const targets = d.month === scope.month ? [e.ytd, e.month] : [e.ytd]
      for (const t of targets) {
        add(t, 'requestsReceived', d.received ?? 0)
        add(t, 'requestsClosed', d.closed ?? 0)
        add(t, 'requestsClosedInVillage', d.closedInVillage ?? 0)
        add(t, 'requestsEscalated', d.escalated ?? 0)
        add(t, 'requestsClosedLate', d.closedLate ?? 0)
        add(t, 'requestsRated', (d.satisfied ?? 0) + (d.basically ?? 0) + (d.unsatisfied ?? 0))
        add(t, 'requestsSatisfied', (d.satisfied ?? 0) + (d.basically ?? 0))
      }
    }
    return out
  },
  aggregateIds: (villageId, { month }) => monthsSoFar(month).map((m) => `${villageId}_${m}`),
  async records(db, villageId, { year }, metric: MetricKey) {
    const _ = db.command
    const docs = await getDocs<
      Pick<
        DocOf<'requests'>,
        | '_id'
        | 'category'
        | 'description'
        | 'status'
        | 'level'
        | 'open'
        | 'raisedAt'
        | 'closedAt'
        | 'resolveBy'
        | 'rating'
      >
    >(
      db
        .collection(C.requests)
        .where({ villageId, raisedAt: _.gte(new Date(`${year}-01-01T00:00:00+08:00`)) })
        .field({
          category: true,
          description: true,
          status: true,
          level: true,
          open: true,
          raisedAt: true,
          closedAt: true,
          resolveBy: true,
          rating: true,
        })
        .orderBy('raisedAt', 'desc')
        .limit(100),
    )
    const keep = (r: (typeof docs)[number]) => {
      if (metric === 'requestsClosed' || metric === 'requestsClosedInVillage')
        return Boolean(r.closedAt) && (metric === 'requestsClosed' || r.level === 'village')
      if (metric === 'requestsClosedLate')
        return Boolean(r.closedAt) && new Date(r.closedAt!).getTime() > new Date(r.resolveBy).getTime()
      if (metric === 'requestsEscalated') return r.level !== 'village'
      if (metric === 'requestsRated' || metric === 'requestsSatisfied') return Boolean(r.rating)
      return true
    }
    return docs.filter(keep).map((r) => ({
      id: r._id,
      date: new Date(r.raisedAt).toISOString().slice(0, 10),
      title: `${CATEGORY[r.category] ?? '诉求'}：${deidentify(r.description).text.slice(0, 30)}`,
      detail: r.closedAt ? `已办结 ${new Date(r.closedAt).toISOString().slice(0, 10)}` : r.open ? '办理中' : r.status,
      path: `/packages/grid/pages/request/index?villageId=${villageId}&requestId=${r._id}`,
    }))
  },
}
