import { monthsSoFar } from '../../../common/rules/stars'
import { getDocs } from '../../_lib/cloud'
import { entry, monthEnd, monthStart, type EvidenceSource, type VillageFigures } from './types'
import { C, type DocOf } from '../../_lib/collections'

/**
 * 四议两公开: the module keeps no per-village-per-month aggregate yet, so this source groups completed matters by
 * village in the database (one aggregation for the year so far, one for the month: O(villages) rows back, no
 * matter read). A matter's completion time is its `updatedAt` (completed is a final status).
 */
export const deliberationSource: EvidenceSource = {
  key: 'deliberation',
  label: '四议两公开（办结的事项）',
  metrics: ['mattersCompleted'],
  path: (villageId) => `/packages/deliberation/pages/index/index?villageId=${villageId}`,
  async load(db, scope) {
    const _ = db.command
    const $ = _.aggregate
    const yearStart = monthStart(`${scope.year}-01`)
    const group = async (from: Date) => {
      const match: Partial<Record<keyof DocOf<'deliberation_matters'>, unknown>> = {
        status: 'completed',
        updatedAt: _.gte(from).and(_.lt(monthEnd(scope.month))),
      }
      if (scope.villageId) match.villageId = scope.villageId
      else match.townshipId = _.in(scope.townshipIds)
      const res = (await db
        .collection(C.deliberation_matters)
        .aggregate()
        .match(match)
        .group({ _id: '$villageId', n: $.sum(1) })
        .limit(100_000)
        .end()) as { list: { _id: string; n: number }[] }
      return res.list
    }
    const [ytd, month] = await Promise.all([group(yearStart), group(monthStart(scope.month))])
    const out = new Map<string, VillageFigures>()
    for (const g of ytd) if (scope.villageId || scope.villages.has(g._id)) entry(out, g._id).ytd.mattersCompleted = g.n
    for (const g of month)
      if (scope.villageId || scope.villages.has(g._id)) entry(out, g._id).month.mattersCompleted = g.n
    return out
  },
  aggregateIds: () => [],
  async records(db, villageId, { year, month }) {
    const docs = await getDocs<
      Pick<DocOf<'deliberation_matters'>, '_id' | 'title' | 'status' | 'updatedAt' | 'createdAt'>
    >(
      db
        .collection(C.deliberation_matters)
        .where({ villageId })
        .field({ title: true, status: true, updatedAt: true, createdAt: true })
        .orderBy('createdAt', 'desc')
        .limit(100),
    )
    const months = new Set(monthsSoFar(month))
    return docs
      .filter(
        (m) =>
          m.status === 'completed' &&
          months.has(new Date(new Date(m.updatedAt).getTime() + 8 * 3600_000).toISOString().slice(0, 7)) &&
          String(year) === new Date(new Date(m.updatedAt).getTime() + 8 * 3600_000).toISOString().slice(0, 4),
      )
      .map((m) => ({
        id: m._id,
        date: new Date(m.updatedAt).toISOString().slice(0, 10),
        title: m.title,
        detail: '六步走完，结果已公开',
        path: `/packages/deliberation/pages/matter/index?villageId=${villageId}&matterId=${m._id}`,
      }))
  },
}
