import { MEETING_KIND_LABELS, type MeetingKind } from '../../../common/rules/meetings'
import { monthsSoFar, quartersSoFar } from '../../../common/rules/stars'
import type { MetricKey } from '../../../common/rules/stars-template'
import { getDocs } from '../../_lib/cloud'
import { getAll } from '../../_lib/records'
import { entry, type EvidenceSource, type VillageFigures } from './types'
import { monthEnd } from './types'
import { C, type DocOf } from '../../_lib/collections'

/** The meeting kind each figure counts, and whether by month or by quarter. */
const BY_METRIC: Partial<Record<MetricKey, { kind: MeetingKind; per: 'month' | 'quarter' }>> = {
  committeeMonths: { kind: 'branch_committee', per: 'month' },
  partyGroupMonths: { kind: 'party_group', per: 'month' },
  themeDayMonths: { kind: 'theme_day', per: 'month' },
  assemblyQuarters: { kind: 'branch_assembly', per: 'quarter' },
  lessonQuarters: { kind: 'party_lesson', per: 'quarter' },
}
const mKey = (month: string) => `m${month.slice(5, 7)}`

/** 三会一课: meeting_periods (`<villageId>_<year>`, held[kind][mMM] = meetings held that month). */
export const meetingsSource: EvidenceSource = {
  key: 'meetings',
  label: '三会一课（支部会议年度汇总）',
  metrics: Object.keys(BY_METRIC) as MetricKey[],
  path: (villageId) => `/packages/meetings/pages/index/index?villageId=${villageId}`,
  async load(db, scope) {
    const where = scope.villageId
      ? { _id: `${scope.villageId}_${scope.year}` }
      : { townshipId: db.command.in(scope.townshipIds), year: scope.year }
    const docs = await getAll<DocOf<'meeting_periods'>>(db.collection(C.meeting_periods).where(where), 100_000)
    const out = new Map<string, VillageFigures>()
    const months = monthsSoFar(scope.month)
    for (const d of docs) {
      if (!scope.villageId && !scope.villages.has(d.villageId)) continue
      const e = entry(out, d.villageId)
      for (const [metric, { kind, per }] of Object.entries(BY_METRIC) as [
        MetricKey,
        { kind: MeetingKind; per: 'month' | 'quarter' },
      ][]) {
        const held = d.held?.[kind] ?? {}
        const heldMonths = months.filter((m) => (held[mKey(m)] ?? 0) > 0)
        e.ytd[metric] = per === 'month' ? heldMonths.length : new Set(heldMonths.map(quartersSoFar)).size
        e.month[metric] = (held[mKey(scope.month)] ?? 0) > 0 ? 1 : 0
      }
      e.meetingsHeld = Object.values(d.held ?? {}).reduce((n, byMonth) => n + (byMonth?.[mKey(scope.month)] ?? 0), 0)
    }
    return out
  },
  aggregateIds: (villageId, { year }) => [`${villageId}_${year}`],
  async records(db, villageId, { year, month, now }, metric) {
    const _ = db.command
    const kind = BY_METRIC[metric]?.kind
    const end = new Date(Math.min(monthEnd(month).getTime(), now.getTime()))
    const docs = await getDocs<
      Pick<DocOf<'meetings'>, '_id' | 'kind' | 'topic' | 'startsAt' | 'status' | 'studyHours' | 'locked'>
    >(
      db
        .collection(C.meetings)
        .where({ villageId, startsAt: _.gte(new Date(`${year}-01-01T00:00:00+08:00`)).and(_.lt(end)) })
        .field({ kind: true, topic: true, startsAt: true, status: true, studyHours: true, locked: true })
        .orderBy('startsAt', 'desc')
        .limit(100),
    )
    return (
      docs
        // Only meetings held (minutes confirmed) are evidence, as in meeting_periods.
        .filter((m) => m.status !== 'cancelled' && m.locked && (!kind || m.kind === kind))
        .map((m) => ({
          id: m._id,
          date: new Date(m.startsAt).toISOString().slice(0, 10),
          title: `${MEETING_KIND_LABELS[m.kind]}：${m.topic}`,
          detail: m.studyHours ? `学时 ${m.studyHours}` : '',
          path: `/packages/meetings/pages/detail/index?villageId=${villageId}&meetingId=${m._id}`,
        }))
    )
  },
}
