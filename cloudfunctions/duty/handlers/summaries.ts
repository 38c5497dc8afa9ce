import { dutyContract } from '../../../common/contracts/duty'
import { AppError } from '../../../common/errors'
import {
  datesOfMonth,
  dutyMonth,
  dutyRulesFor,
  EXCEPTION_MISSING,
  exceptionUses,
  monthCoverage,
} from '../../../common/rules/duty'
import { C } from '../../_lib/collections'
import { findById, getAll, getVillage, iso, type TownshipDoc, type VillageDoc } from '../../_lib/records'
import type { Handlers } from '../../_lib/runtime'
import { readCounty, settingsFrom } from '../../_lib/settings'
import { CHECKINS, monthIdOf, MONTHS, villageRules, type CheckInDoc, type DutyMonthDoc as MonthDoc } from '../store'

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
    // The village's check-ins of the month (at most a few per day), read by the (villageId, date) index; the
    // exceptions of check-out live on the same record, so both are picked out here.
    const [records, county] = await Promise.all([
      getAll<CheckInDoc>(
        db
          .collection(CHECKINS)
          .where({ villageId, date: _.gte(dates[0]!).and(_.lte(dates[dates.length - 1]!)) })
          .orderBy('date', 'desc'),
        2000,
      ),
      readCounty(db),
    ])
    const used = new Map<string, number>()
    for (const r of records) used.set(r.personId, (used.get(r.personId) ?? 0) + exceptionUses(r))
    const entries = records.flatMap((r) => {
      const base = { personId: r.personId, name: r.name, date: r.date, usedThisMonth: used.get(r.personId) ?? 0 }
      const rows = []
      if (r.exception && r.exceptionMissing)
        rows.push({
          ...base,
          id: `${r._id}:in`,
          at: iso(r.checkedInAt)!,
          stage: 'check_in' as const,
          missing: r.exceptionMissing,
          missingLabel: EXCEPTION_MISSING[r.exceptionMissing],
          reason: r.exceptionReason ?? '',
          distanceMetres: r.distanceMetres ?? null,
        })
      if (r.checkOutException && r.checkedOutAt)
        rows.push({
          ...base,
          id: `${r._id}:out`,
          at: iso(r.checkedOutAt)!,
          stage: 'check_out' as const,
          missing: r.checkOutException.missing,
          missingLabel: EXCEPTION_MISSING[r.checkOutException.missing],
          reason: r.checkOutException.reason,
          distanceMetres: r.checkOutDistanceMetres ?? null,
        })
      return rows
    })
    const punctuality = records
      .filter((r) => r.shiftStart && r.shiftEnd && ((r.lateMinutes ?? 0) > 0 || (r.earlyMinutes ?? 0) > 0))
      .map((r) => ({
        id: r._id,
        name: r.name,
        date: r.date,
        shiftStart: r.shiftStart!,
        shiftEnd: r.shiftEnd!,
        checkedInAt: iso(r.checkedInAt)!,
        checkedOutAt: iso(r.checkedOutAt) ?? null,
        lateMinutes: r.lateMinutes ?? 0,
        earlyMinutes: r.earlyMinutes ?? 0,
      }))
    return {
      month: m,
      cap: settingsFrom(county).dutyExceptionsPerCadreMonth,
      // Newest first: the order the secretary reads them in, never a ranking of people.
      entries: entries.sort((a, b) => b.at.localeCompare(a.at)),
      punctuality,
    }
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
