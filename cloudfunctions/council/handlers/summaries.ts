import { councilContract } from '../../../common/contracts/council'
import { AppError } from '../../../common/errors'
import { COUNTER_KEYS, type Counters } from '../../../common/rules/council-standards'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { COUNTY_ID, findById, getAll, type TownshipDoc, type VillageDoc } from '../../_lib/records'
import type { Handlers } from '../../_lib/runtime'
import { STATS, sumRows, yearOf, type CouncilStatsDoc as StatsDoc } from '../store'

/** The ledger and the township and county summaries, read from council_stats (never from filings). */
export const summaries: Pick<Handlers<typeof councilContract>, 'ledger' | 'townshipSummary' | 'countySummary'> = {
  async ledger({ villageId, year }, { db }) {
    const months = await getDocs<StatsDoc>(
      db.collection(STATS).where({ villageId, year }).orderBy('month', 'asc').limit(12),
    )
    const pick = (m: StatsDoc) => ({
      month: m.month,
      ...(Object.fromEntries(COUNTER_KEYS.map((k) => [k, m[k] ?? 0])) as Counters),
    })
    return { months: months.map(pick), totals: sumRows(months) }
  },

  async townshipSummary({ townshipId, year, month }, { db }) {
    if (month && yearOf(month) !== year) throw new AppError('INVALID_ARGUMENT', '月份不在所选年份内')
    const township = await findById<TownshipDoc>(db, C.townships, townshipId)
    if (!township) throw new AppError('NOT_FOUND', '没有这个乡镇（街道）')
    // Summed per village by the database: each month counter is examined once (getAll's skip paging re-read the
    // earlier pages once a township's year passed 1,000 counters) and one row per village comes back.
    const $ = db.command.aggregate
    const group: Record<string, unknown> = { _id: '$villageId' }
    for (const k of COUNTER_KEYS) group[k] = $.sum(`$${k}`)
    const [villages, grouped] = await Promise.all([
      getAll<VillageDoc>(
        db.collection(C.villages).where({ townshipId }).field({ name: true, order: true }).orderBy('order', 'asc'),
        2000,
      ),
      db
        .collection(STATS)
        .aggregate()
        .match({ townshipId, year, ...(month ? { month } : {}) })
        .group(group)
        .limit(2000)
        .end() as Promise<{ list: (Counters & { _id: string })[] }>,
    ])
    const byVillage = new Map(grouped.list.map((g) => [g._id, g]))
    const rows = villages.map((v) => {
      const g = byVillage.get(v._id)
      return { id: v._id, name: v.name, ...sumRows(g ? [g] : []) }
    })
    return { township: { id: township._id, name: township.name }, villages: rows, totals: sumRows(grouped.list) }
  },

  async countySummary({ year, month }, { db }) {
    if (month && yearOf(month) !== year) throw new AppError('INVALID_ARGUMENT', '月份不在所选年份内')
    const $ = db.command.aggregate
    const group: Record<string, unknown> = { _id: '$townshipId' }
    for (const k of COUNTER_KEYS) group[k] = $.sum(`$${k}`)
    const [townships, grouped] = await Promise.all([
      getAll<TownshipDoc>(db.collection(C.townships).where({ countyId: COUNTY_ID }).orderBy('order', 'asc'), 1000),
      db
        .collection(STATS)
        .aggregate()
        .match({ year, ...(month ? { month } : {}) })
        .group(group)
        .limit(1000)
        .end() as Promise<{ list: (Counters & { _id: string })[] }>,
    ])
    const rows = townships.map((t) => {
      const g = grouped.list.find((x) => x._id === t._id)
      return { id: t._id, name: t.name, ...sumRows(g ? [g] : []) }
    })
    return { townships: rows, totals: sumRows(grouped.list) }
  },
}
