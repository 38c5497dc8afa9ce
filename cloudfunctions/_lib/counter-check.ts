/**
 * Counters recomputed from the records they count, to find drift and repair it (`npm run db:check-counters`,
 * docs/exactly-once.md). Every counter below is written in the same transaction as its record since issue 21; data
 * written before that (or by hand) may have drifted.
 *
 * - villages/<id>: peopleCount, partyMemberCount, partyMembersAway, boundCount ← people of the village
 * - request_stats/<village>_<month>: received ← requests of the village raised in that Beijing month
 * - duty_months/<village>:<month>: matters, resolvedOnSpot, handedOff, disputes, emergencies ← duty_logs of the month
 * - deliberation_windows/<id> (open windows that keep it): votedCount ← deliberation_votes of the window. Moved after
 *   the vote is in (not in one transaction with it), it shows the voters' list a count; the tally counts the votes.
 *
 * A repair adds the difference (`_.inc(actual - stored)`), so an increment made meanwhile is not lost.
 */
import { beijingMonth } from '../../common/rules/beijing-time'
import { emptyMonth, statsDocId } from '../../common/rules/request-stats'
import { getDocs, type Database } from './cloud'
import { C, type CollectionName } from './collections'
import type { PersonDoc, VillageDoc } from './records'

export interface Drift {
  collection: CollectionName
  id: string
  field: string
  stored: number
  actual: number
}

const PAGE = 1000

/** Every document of `collection` matching `where`, in pages by _id, with only `fields`. */
async function all<T extends { _id: string }>(
  db: Database,
  collection: CollectionName,
  where: Record<string, unknown>,
  fields: Record<string, true>,
): Promise<T[]> {
  const out: T[] = []
  let after = ''
  for (;;) {
    const page = await getDocs<T>(
      db
        .collection(collection)
        .where({ ...where, _id: db.command.gt(after) })
        .orderBy('_id', 'asc')
        .field({ _id: true, ...fields })
        .limit(PAGE),
    )
    out.push(...page)
    if (page.length < PAGE) return out
    after = page[page.length - 1]!._id
  }
}

const add = (map: Map<string, Record<string, number>>, key: string, field: string, n = 1) => {
  const row = map.get(key) ?? {}
  row[field] = (row[field] ?? 0) + n
  map.set(key, row)
}

function compare(
  collection: CollectionName,
  id: string,
  stored: Record<string, unknown> | undefined,
  actual: Record<string, number>,
  fields: readonly string[],
): Drift[] {
  const out: Drift[] = []
  for (const field of fields) {
    const s = Number(stored?.[field] ?? 0)
    const a = actual[field] ?? 0
    if (s !== a) out.push({ collection, id, field, stored: s, actual: a })
  }
  return out
}

const VILLAGE_FIELDS = ['peopleCount', 'partyMemberCount', 'partyMembersAway', 'boundCount'] as const
const STATS_FIELDS = ['received'] as const
const DUTY_FIELDS = ['matters', 'resolvedOnSpot', 'handedOff', 'disputes', 'emergencies'] as const
const WINDOW_FIELDS = ['votedCount'] as const

interface LogRow {
  _id: string
  month: string
  outcome: string
  dispute?: boolean
  emergencyReported?: boolean
}

/** The drift of one village's counters (empty when they all equal their records). */
export async function villageDrift(db: Database, village: VillageDoc): Promise<Drift[]> {
  const villageId = village._id
  const [people, requests, stats, logs, months, windows] = await Promise.all([
    all<PersonDoc>(db, C.people, { villageId }, { roles: true, party: true, openid: true }),
    all<{ _id: string; raisedAt: Date }>(db, C.requests, { villageId }, { raisedAt: true }),
    all<{ _id: string } & Record<string, unknown>>(db, C.request_stats, { villageId }, { received: true }),
    all<LogRow>(db, C.duty_logs, { villageId }, { month: true, outcome: true, dispute: true, emergencyReported: true }),
    all<{ _id: string } & Record<string, unknown>>(
      db,
      C.duty_months,
      { villageId },
      {
        matters: true,
        resolvedOnSpot: true,
        handedOff: true,
        disputes: true,
        emergencies: true,
      },
    ),
    all<{ _id: string; votedCount?: number }>(
      db,
      C.deliberation_windows,
      { villageId, closed: false },
      { votedCount: true },
    ),
  ])
  const drift: Drift[] = []
  const counted = windows.filter((w) => typeof w.votedCount === 'number')
  const votes = await Promise.all(counted.map((w) => all(db, C.deliberation_votes, { windowId: w._id }, {})))
  counted.forEach((w, i) =>
    drift.push(...compare(C.deliberation_windows, w._id, w, { votedCount: votes[i]!.length }, WINDOW_FIELDS)),
  )

  const counts = { peopleCount: 0, partyMemberCount: 0, partyMembersAway: 0, boundCount: 0 }
  for (const p of people) {
    counts.peopleCount++
    if (p.roles?.includes('party_member')) {
      counts.partyMemberCount++
      if (p.party?.presence === 'away') counts.partyMembersAway++
    }
    if (p.openid) counts.boundCount++
  }
  drift.push(...compare(C.villages, villageId, village as unknown as Record<string, unknown>, counts, VILLAGE_FIELDS))

  const raised = new Map<string, Record<string, number>>()
  for (const r of requests) add(raised, statsDocId(villageId, beijingMonth(new Date(r.raisedAt))), 'received')
  const statsById = new Map(stats.map((s) => [s._id, s]))
  for (const id of new Set([...raised.keys(), ...statsById.keys()]))
    drift.push(...compare(C.request_stats, id, statsById.get(id), raised.get(id) ?? {}, STATS_FIELDS))

  const duty = new Map<string, Record<string, number>>()
  for (const l of logs) {
    const id = `${villageId}:${l.month}`
    add(duty, id, 'matters')
    if (l.outcome === 'resolved') add(duty, id, 'resolvedOnSpot')
    if (l.outcome === 'handed-off') add(duty, id, 'handedOff')
    if (l.dispute) add(duty, id, 'disputes')
    if (l.emergencyReported) add(duty, id, 'emergencies')
  }
  const monthsById = new Map(months.map((m) => [m._id, m]))
  for (const id of new Set([...duty.keys(), ...monthsById.keys()]))
    drift.push(...compare(C.duty_months, id, monthsById.get(id), duty.get(id) ?? {}, DUTY_FIELDS))
  return drift
}

/** Sets drifted counters to what their records say (by the difference; a missing counters document is created). */
export async function repairDrift(db: Database, village: VillageDoc, drift: Drift[]): Promise<void> {
  const _ = db.command
  const byDoc = new Map<string, Drift[]>()
  for (const d of drift) byDoc.set(`${d.collection}/${d.id}`, [...(byDoc.get(`${d.collection}/${d.id}`) ?? []), d])
  for (const rows of byDoc.values()) {
    const { collection, id } = rows[0]!
    const inc = Object.fromEntries(rows.map((d) => [d.field, _.inc(d.actual - d.stored)]))
    const updated = (await db.collection(collection).where({ _id: id }).update({ data: inc })) as {
      stats?: { updated?: number }
    }
    if (updated.stats?.updated) continue
    const values = Object.fromEntries(rows.map((d) => [d.field, d.actual]))
    const base =
      collection === C.request_stats
        ? { ...emptyMonth(), month: id.slice(village._id.length + 1) }
        : { month: id.slice(village._id.length + 1), days: {} }
    await db
      .collection(collection)
      .doc(id)
      .set({ data: { villageId: village._id, townshipId: village.townshipId, ...base, ...values } })
  }
}

/** Checks (and with `repair`, repairs) the counters of the given villages, or of all. */
export async function checkCounters(
  db: Database,
  options: { villageIds?: string[]; repair?: boolean } = {},
): Promise<{ villages: number; drift: Drift[] }> {
  const villages = options.villageIds
    ? await getDocs<VillageDoc>(
        db
          .collection(C.villages)
          .where({ _id: db.command.in(options.villageIds) })
          .limit(PAGE),
      )
    : await all<VillageDoc>(
        db,
        C.villages,
        {},
        {
          townshipId: true,
          peopleCount: true,
          partyMemberCount: true,
          partyMembersAway: true,
          boundCount: true,
        },
      )
  const drift: Drift[] = []
  for (const village of villages) {
    const found = await villageDrift(db, village)
    drift.push(...found)
    if (options.repair && found.length) await repairDrift(db, village, found)
  }
  return { villages: villages.length, drift }
}
