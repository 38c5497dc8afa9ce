import { requestsContract } from '../../../common/contracts/requests'
import { beijingMonth } from '../../../common/rules/beijing-time'
import { statsDocId, type MonthCounters } from '../../../common/rules/request-stats'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { COUNTY_ID, getAllById, type TownshipDoc, type VillageDoc } from '../../_lib/records'
import { REQUEST_STATS_COLLECTION } from '../../_lib/requests'
import type { Handlers } from '../../_lib/runtime'
import { openOverdueByVillage, previousMonths } from '../store'
import { figures } from '../views'

/** Month figures from request_stats, plus the open overdue requests counted live. */
export const stats: Pick<Handlers<typeof requestsContract>, 'villageFigures' | 'townshipFigures' | 'countyFigures'> = {
  async villageFigures({ villageId, month }, { db, now }) {
    const months = previousMonths(month, 12)
    const [docs, open] = await Promise.all([
      getDocs<MonthCounters & { month: string }>(
        db
          .collection(REQUEST_STATS_COLLECTION)
          .where({ _id: db.command.in(months.map((m) => statsDocId(villageId, m))) })
          .limit(12),
      ),
      openOverdueByVillage(db, { villageId }, now),
    ])
    const byMonth = new Map(docs.map((d) => [d.month, d]))
    const current = beijingMonth(now)
    return {
      months: months.map((m) => ({
        month: m,
        ...figures(byMonth.has(m) ? [byMonth.get(m)!] : [], m === current ? (open.get(villageId) ?? 0) : 0),
      })),
    }
  },

  async townshipFigures({ townshipId, month }, { db, now }) {
    const [villages, docs, open] = await Promise.all([
      getDocs<VillageDoc>(
        db
          .collection(C.villages)
          .where({ townshipId })
          .orderBy('order', 'asc')
          .field({ _id: true, name: true })
          .limit(1000),
      ),
      getDocs<MonthCounters & { villageId: string }>(
        db.collection(REQUEST_STATS_COLLECTION).where({ townshipId, month }).limit(1000),
      ),
      month === beijingMonth(now)
        ? openOverdueByVillage(db, { townshipId }, now)
        : Promise.resolve(new Map<string, number>()),
    ])
    const byVillage = new Map(docs.map((d) => [d.villageId, d]))
    const rows = villages.map((v) => ({
      villageId: v._id,
      villageName: v.name,
      ...figures(byVillage.has(v._id) ? [byVillage.get(v._id)!] : [], open.get(v._id) ?? 0),
    }))
    return {
      total: figures(
        docs,
        [...open.values()].reduce((a, b) => a + b, 0),
      ),
      villages: rows,
    }
  },

  async countyFigures({ month }, { db, now }) {
    const [townships, docs, open] = await Promise.all([
      getDocs<TownshipDoc>(
        db.collection(C.townships).where({ countyId: COUNTY_ID }).orderBy('order', 'asc').limit(100),
      ),
      getAllById<MonthCounters & { _id: string; villageId: string; townshipId: string }>(
        db,
        REQUEST_STATS_COLLECTION,
        { month },
        50_000,
      ),
      month === beijingMonth(now)
        ? openOverdueByVillage(db, {}, now, 'townshipId')
        : Promise.resolve(new Map<string, number>()),
    ])
    const byTownship = new Map<string, (MonthCounters & { villageId: string })[]>()
    for (const d of docs) byTownship.set(d.townshipId, [...(byTownship.get(d.townshipId) ?? []), d])
    return {
      total: figures(
        docs,
        [...open.values()].reduce((a, b) => a + b, 0),
      ),
      townships: townships.map((t) => ({
        townshipId: t._id,
        townshipName: t.name,
        ...figures(byTownship.get(t._id) ?? [], open.get(t._id) ?? 0),
      })),
    }
  },
}
