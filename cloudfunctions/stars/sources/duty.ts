import { dutyRulesFor, monthCoverage } from '../../../common/rules/duty'
import { dutyMonths, monthsSoFar, owedDays } from '../../../common/rules/stars'
import { getAll } from '../../_lib/records'
import { add, entry, type EvidenceSource, type VillageFigures, monthsWhere } from './types'
import { C, type DocOf } from '../../_lib/collections'

type MonthDoc = DocOf<'duty_months'>

/** 值班坐班: duty_months (`<villageId>:<YYYY-MM>`). Check-in counts are never read into a figure. */
export const dutySource: EvidenceSource = {
  key: 'duty',
  label: '值班坐班（每月值班汇总）',
  metrics: ['dutyRequiredDays', 'dutyCoveredDays', 'dutyMatters', 'dutyResolvedOnSpot', 'disputesMediated'],
  path: (villageId) => `/packages/duty/pages/index/index?villageId=${villageId}`,
  async load(db, scope) {
    const months = monthsSoFar(scope.month)
    const where = monthsWhere(db, scope, months)
    const docs = await getAll<MonthDoc>(db.collection(C.duty_months).where(where), 100_000)
    const byVillage = new Map<string, MonthDoc[]>()
    for (const d of docs) byVillage.set(d.villageId, [...(byVillage.get(d.villageId) ?? []), d])
    const out = new Map<string, VillageFigures>()
    const ids = scope.villageId ? [scope.villageId] : [...scope.villages.keys()]
    for (const villageId of ids) {
      const village = scope.villages.get(villageId)
      if (!village) continue
      const rules = dutyRulesFor(village.kind, scope.settingsOf(village))
      const e = entry(out, villageId)
      const mine = new Map((byVillage.get(villageId) ?? []).map((d) => [d.month, d]))
      const owed = dutyMonths(months, mine)
      for (const m of owed) {
        const c = monthCoverage(m, mine.get(m), rules, scope.now)
        const days = owedDays(c, m === owed[0] && mine.has(m))
        const targets = m === scope.month ? [e.ytd, e.month] : [e.ytd]
        for (const t of targets) {
          add(t, 'dutyRequiredDays', days.requiredDays)
          add(t, 'dutyCoveredDays', days.coveredDays)
          add(t, 'dutyMatters', c.matters)
          add(t, 'dutyResolvedOnSpot', c.resolvedOnSpot)
          add(t, 'disputesMediated', c.disputes)
        }
      }
    }
    return out
  },
  aggregateIds: (villageId, { month }) => monthsSoFar(month).map((m) => `${villageId}:${m}`),
  async records(db, villageId, { month, now }) {
    const _ = db.command
    const docs = await getAll<MonthDoc>(
      db.collection(C.duty_months).where({ villageId, month: _.in(monthsSoFar(month)) }),
      12,
    )
    return docs
      .sort((a, b) => b.month.localeCompare(a.month))
      .map((d) => {
        const c = monthCoverage(d.month, d, { minCadresPerDay: 1, minHours: 0 }, now)
        return {
          id: d._id,
          date: d.month,
          title: `${d.month} 值班汇总`,
          detail: `有人值班 ${c.coveredDays}/${c.requiredDays} 天，办理事项 ${c.matters} 件（当场办结 ${c.resolvedOnSpot}），调解纠纷 ${c.disputes} 件`,
          path: `/packages/duty/pages/index/index?villageId=${villageId}&month=${d.month}`,
        }
      })
  },
}
