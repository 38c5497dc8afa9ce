import { dutyContract } from '../../../common/contracts/duty'
import { AppError } from '../../../common/errors'
import { datesOfMonth, dutyMonth, dutyRulesFor, monthCoverage } from '../../../common/rules/duty'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { findById, getAll, getVillage, type TownshipDoc, type VillageDoc } from '../../_lib/records'
import type { Handlers } from '../../_lib/runtime'
import { readCounty, settingsFrom } from '../../_lib/settings'
import { CHECKINS, monthIdOf, MONTHS, villageRules, type CheckInDoc, type DutyMonthDoc as MonthDoc } from '../store'
import { recordView } from '../views'

/** Month figures for the village, its exceptions, and the township's summary (read from duty_months). */
export const summaries: Pick<Handlers<typeof dutyContract>, 'villageMonth' | 'exceptions' | 'townshipSummary'> = {
  async villageMonth({ villageId, month }, { db, now }) {
    const m = month ?? dutyMonth(now)
    const village = await getVillage(db, villageId)
    const [aggregate, { rules }] = await Promise.all([
      findById<MonthDoc>(db, MONTHS, monthIdOf(villageId, m)),
      villageRules(db, village),
    ])
    const c = monthCoverage(m, aggregate, rules, now)
    return { ...c, minCadresPerDay: rules.minCadresPerDay, minHours: rules.minHours }
  },

  async exceptions({ villageId, month }, { db, now }) {
    const m = month ?? dutyMonth(now)
    const dates = datesOfMonth(m)
    const _ = db.command
    const records = await getDocs<CheckInDoc>(
      db
        .collection(CHECKINS)
        .where({ villageId, exception: true, date: _.gte(dates[0]!).and(_.lte(dates[dates.length - 1]!)) })
        .orderBy('date', 'desc')
        .limit(200),
    )
    return { records: records.map((r) => ({ ...recordView(r), name: r.name })) }
  },

  async townshipSummary({ townshipId, month }, { db, now }) {
    const m = month ?? dutyMonth(now)
    const [township, villages, aggregates, county] = await Promise.all([
      findById<TownshipDoc>(db, C.townships, townshipId),
      getAll<VillageDoc>(
        db
          .collection(C.villages)
          .where({ townshipId })
          .field({ name: true, kind: true, order: true, settingsOverrides: true, townshipId: true })
          .orderBy('order', 'asc'),
        2000,
      ),
      getAll<MonthDoc>(db.collection(MONTHS).where({ townshipId, month: m }), 2000),
      readCounty(db),
    ])
    if (!township) throw new AppError('NOT_FOUND', '没有这个乡镇（街道）')
    const byVillage = new Map(aggregates.map((a) => [a.villageId, a]))
    return {
      month: m,
      // In the township's own order (never sorted by a score): village-level coverage only, no people.
      villages: villages.map((v) => {
        const rules = dutyRulesFor(v.kind, settingsFrom(county, v))
        const { days: _days, ...c } = monthCoverage(m, byVillage.get(v._id), rules, now)
        return {
          ...c,
          villageId: v._id,
          name: v.name,
          minCadresPerDay: rules.minCadresPerDay,
          minHours: rules.minHours,
        }
      }),
    }
  },
}
