import { EVENT_KIND_LABELS } from '../../../common/rules/council-standards'
import { monthsSoFar } from '../../../common/rules/stars'
import { getDocs } from '../../_lib/cloud'
import { getAll } from '../../_lib/records'
import { add, entry, type EvidenceSource, type VillageFigures, monthsWhere } from './types'
import { C, type DocOf } from '../../_lib/collections'

const COMPLIANCE: Record<string, string> = {
  within: '在标准内',
  over_with_reason: '超标，已说明原因',
  over_without_reason: '超标，未说明原因',
}

/** 红白理事会: council_stats (`<villageId>-<YYYY-MM>`), counters of filings by the event's month. */
export const councilSource: EvidenceSource = {
  key: 'council',
  label: '红白理事会（每月报备台账）',
  metrics: ['filingsCompleted', 'filingsWithin', 'filingsOverWithoutReason', 'savedYuan'],
  path: (villageId) => `/packages/council/pages/ledger/index?villageId=${villageId}`,
  async load(db, scope) {
    const months = monthsSoFar(scope.month)
    const where = monthsWhere(db, scope, months, { year: scope.year })
    const docs = await getAll<DocOf<'council_stats'>>(db.collection(C.council_stats).where(where), 100_000)
    const out = new Map<string, VillageFigures>()
    for (const d of docs) {
      if (!scope.villageId && !scope.villages.has(d.villageId)) continue
      const e = entry(out, d.villageId)
      for (const t of d.month === scope.month ? [e.ytd, e.month] : [e.ytd]) {
        add(t, 'filingsCompleted', d.completed ?? 0)
        add(t, 'filingsWithin', d.within ?? 0)
        add(t, 'filingsOverWithoutReason', d.overWithoutReason ?? 0)
        add(t, 'savedYuan', Math.round((d.savedFen ?? 0) / 100))
      }
    }
    return out
  },
  aggregateIds: (villageId, { month }) => monthsSoFar(month).map((m) => `${villageId}-${m}`),
  async records(db, villageId, { year }) {
    const _ = db.command
    const docs = await getDocs<
      Pick<DocOf<'council_filings'>, '_id' | 'kind' | 'eventDate' | 'status' | 'compliance' | 'year'>
    >(
      db
        .collection(C.council_filings)
        .where({ villageId, filedAt: _.gte(new Date(`${year - 1}-12-01T00:00:00+08:00`)) })
        .field({ kind: true, eventDate: true, status: true, compliance: true, year: true })
        .orderBy('filedAt', 'desc')
        .limit(100),
    )
    return docs
      .filter((f) => f.year === year && f.status !== 'withdrawn')
      .map((f) => ({
        id: f._id,
        date: f.eventDate,
        title: `${EVENT_KIND_LABELS[f.kind] ?? '事宜'}报备（${f.eventDate}）`,
        detail: COMPLIANCE[f.compliance ?? ''] ?? f.status,
        path: `/packages/council/pages/review/index?villageId=${villageId}&filingId=${f._id}`,
      }))
  },
}
