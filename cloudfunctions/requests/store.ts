/** requests: its collections, their documents, and the reads and writes its handlers share. */
import { AppError } from '../../common/errors'
import { VILLAGE_CADRES, type Role } from '../../common/roles'
import { type HandlingLevel } from '../../common/rules/request-flow'
import { type RatingFacts } from '../../common/rules/request-rating'
import { DEFAULT_SETTINGS } from '../../common/rules/settings'
import { callerIn, holdsIn } from '../_lib/caller'
import { getDocs, type Database } from '../_lib/cloud'
import { C } from '../_lib/collections'
import { findById, type PersonDoc, type VillageDoc } from '../_lib/records'
import { REQUESTS_COLLECTION, type RequestDoc } from '../_lib/requests'
import { type HandlerContext } from '../_lib/runtime'

export const HOUR_MS = 3600_000

export const CADRES: readonly Role[] = VILLAGE_CADRES

/** Roles that only ever raise for themselves. */
export const SELF_ONLY: readonly Role[] = ['resident', 'household_head', 'villager_representative']

export const villageMembership = callerIn

export const holds = holdsIn

export const isCounty = (ctx: HandlerContext) => ctx.granted.some((m) => m.roles.includes('county_organiser'))

export const isTownship = (ctx: HandlerContext) => ctx.granted.some((m) => m.roles.includes('township_organiser'))

export async function gridsLedBy(db: Database, villageId: string, personId: string): Promise<string[]> {
  const grids = await getDocs<{ _id: string }>(
    db.collection(C.grids).where({ villageId, leaderPersonId: personId }).field({ _id: true }).limit(100),
  )
  return grids.map((g) => g._id)
}

export async function linkedHouseholds(db: Database, villageId: string, personId: string): Promise<string[]> {
  const links = await getDocs<{ householdId: string }>(
    db
      .collection(C.linkages)
      .where({ villageId, memberPersonId: personId, active: true })
      .field({ householdId: true })
      .limit(200),
  )
  return links.map((l) => l.householdId)
}

export async function getRequestDoc(db: Database, villageId: string, requestId: string): Promise<RequestDoc> {
  const [doc] = await getDocs<RequestDoc>(
    db.collection(REQUESTS_COLLECTION).where({ _id: requestId, villageId }).limit(1),
  )
  if (!doc) throw new AppError('NOT_FOUND', '本村没有这件诉求')
  return doc
}

/**
 * How the caller relates to a request: `handler` (may see names and phones), `owner` (the resident or their
 * household), `viewer` (a supervisor looking at a request held below them: masked), or null (no access).
 */
export async function relation(ctx: HandlerContext, req: RequestDoc): Promise<'handler' | 'owner' | 'viewer' | null> {
  if (isCounty(ctx)) return req.level === 'county' ? 'handler' : 'viewer'
  if (isTownship(ctx)) return req.level !== 'village' ? 'handler' : 'viewer'
  if (holds(ctx, req.villageId, CADRES)) return 'handler'
  const me = villageMembership(ctx, req.villageId)
  if (!me?.personId) return null
  if (req.residentPersonId === me.personId || req.raisedBy.personId === me.personId) return 'owner'
  if (
    me.roles.includes('grid_leader') &&
    req.gridId &&
    (await gridsLedBy(ctx.db, req.villageId, me.personId)).includes(req.gridId)
  )
    return 'handler'
  if (
    me.roles.includes('party_member') &&
    req.householdId &&
    (await linkedHouseholds(ctx.db, req.villageId, me.personId)).includes(req.householdId)
  )
    return 'owner'
  if (req.householdId) {
    const person = await findById<PersonDoc>(ctx.db, C.people, me.personId)
    if (person?.householdId === req.householdId) return 'owner'
  }
  return null
}

/** The level at which the caller handles requests of this village (the request's own level when held). */
export function actorLevel(ctx: HandlerContext, req: RequestDoc): HandlingLevel {
  const levels: HandlingLevel[] = []
  if (isCounty(ctx)) levels.push('county')
  if (isTownship(ctx)) levels.push('township')
  if (
    ctx.granted.some(
      (m) => m.villageId === req.villageId && m.roles.some((r) => CADRES.includes(r) || r === 'grid_leader'),
    )
  )
    levels.push('village')
  return levels.includes(req.level) ? req.level : (levels[levels.length - 1] ?? 'village')
}

export const LIST_FIELDS = {
  _id: true,
  villageId: true,
  residentName: true,
  category: true,
  urgency: true,
  description: true,
  status: true,
  level: true,
  raisedAt: true,
  resolveBy: true,
  verifyBy: true,
  gridId: true,
}

export async function villageNames(db: Database, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map()
  const villages = await getDocs<VillageDoc>(
    db
      .collection(C.villages)
      .where({ _id: db.command.in(unique) })
      .field({ _id: true, name: true })
      .limit(1000),
  )
  return new Map(villages.map((v) => [v._id, v.name]))
}

/** Open overdue requests by village (or township), one aggregate round trip. */
export async function openOverdueByVillage(
  db: Database,
  match: Record<string, unknown>,
  now: Date,
  by: 'villageId' | 'townshipId' = 'villageId',
): Promise<Map<string, number>> {
  const _ = db.command
  const res = (await db
    .collection(REQUESTS_COLLECTION)
    .aggregate()
    .match({ ...match, open: true, resolveBy: _.lt(now) })
    .group({ _id: `$${by}`, n: db.command.aggregate.sum(1) })
    .limit(1000)
    .end()) as { list: { _id: string; n: number }[] }
  return new Map(res.list.map((r) => [r._id, r.n]))
}

export function previousMonths(month: string, count: number): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1))
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`)
  }
  return out
}

/** What request-rating.ts needs to know about a stored request. */
export function ratingFacts(req: RequestDoc): RatingFacts {
  return {
    status: req.status,
    rating: req.rating ?? null,
    repliedAt: req.repliedAt ?? null,
    replySeenAt: req.replySeenAt ?? null,
    closedAt: req.closedAt ?? null,
    hasOwner: Boolean(req.residentPersonId || req.householdId),
  }
}

/** The rating window of a request: the village's setting when it was raised (earlier requests: the default). */
export const ratingDaysOf = (req: Pick<RequestDoc, 'ratingDays'>): number =>
  req.ratingDays ?? DEFAULT_SETTINGS.requestRatingDays
