import { randomBytes } from 'node:crypto'
import { AppError } from '../../common/errors'
import { getDocs, type Database } from './cloud'
import { C } from './collections'
import { refuseRetired } from './open-village'

/**
 * Document shapes of the organisation (see docs/glossary.md). Every village-level record carries its villageId
 * and townshipId so that a query is always bounded to one village and the runtime's scope check has the answer.
 */
export interface CountyDoc {
  _id: string
  name: string
  /** 行政区划代码, given at setup (org.setupCounty). */
  regionCode?: string
  setupAt?: Date
  /** OPENID of the first county organiser. */
  setupBy?: string
  settings?: Record<string, unknown>
  updatedAt?: Date
}

export interface TownshipDoc {
  _id: string
  countyId: string
  name: string
  kind: '乡' | '镇' | '街道'
  order: number
}

export interface ServiceCentre {
  name: string
  address: string
  phone: string
  latitude: number
  longitude: number
  radiusMetres: number
}

export interface VillageDoc {
  _id: string
  countyId: string
  townshipId: string
  name: string
  kind: 'village' | 'community'
  order: number
  starLevel: number
  serviceCentre: ServiceCentre
  registeredAdults: number
  householdCount: number
  partyMemberCount: number
  partyMembersAway: number
  gridCount: number
  peopleCount: number
  boundCount: number
  settingsOverrides?: Record<string, unknown>
  updatedAt?: Date
  /** Retired (村改居, 合村并居): its records stay readable, it takes no new work (org.retireVillage / mergeVillage). */
  retired?: { at: Date; byName: string; reason: string; mergedInto?: { id: string; name: string } } | null
  /** A merge under way (org.mergeVillage, a chunk per call): what has moved so far; cleared when it is retired. */
  merging?: {
    into: { id: string; name: string }
    startedAt: Date
    byName: string
    reason: string
    moved: { households: number; people: number; grids: number }
  } | null
}

export interface GridDoc {
  _id: string
  villageId: string
  townshipId: string
  name: string
  leaderPersonId?: string | null
  householdCount: number
}

export interface HouseholdDoc {
  _id: string
  villageId: string
  townshipId: string
  gridId?: string | null
  number: string
  headName: string
  memberCount: number
  adultCount: number
  /** Situation tags stored by an import or a cadre (common/rules/household-situation.ts STORED_SITUATION_TAGS). */
  situationTags?: string[] | null
  /** Moves to another grid (grid.moveHousehold), oldest first. */
  gridMoves?: {
    at: Date
    fromGridId: string | null
    fromGridName: string
    toGridId: string
    toGridName: string
    by: string
  }[]
  updatedAt?: Date
}

export interface PersonDoc {
  _id: string
  villageId: string
  townshipId: string
  name: string
  phone: string
  /** Masked beyond the last 4 characters; the full number is never stored. */
  idNumberMasked?: string | null
  /** sha256 of XZ_ID_SALT and the full ID number: how a re-imported roster finds the person (imports.commit). */
  idHash?: string | null
  gender?: 'male' | 'female' | null
  householdId?: string | null
  gridId?: string | null
  roles: string[]
  party?: { standing: 'full' | 'probationary'; presence: 'home' | 'away' | 'mobile' } | null
  /** The bound WeChat OPENID, if any. */
  openid?: string | null
  boundAt?: Date | null
  /** The one invitation code open for this person (roster.createInvitation keeps it to one). */
  openInvitationId?: string | null
  createdAt: Date
  updatedAt: Date
}

export interface InvitationDoc {
  /** sha256 of the code: the code itself is never stored. */
  _id: string
  villageId: string
  townshipId: string
  personId: string
  personName: string
  rebind: boolean
  status: 'open' | 'used' | 'revoked'
  hint: string
  createdAt: Date
  expiresAt: Date
  createdBy: string
  /** The name of whoever issued the code, for the audit entry when it is redeemed. */
  createdByName?: string
  usedBy?: string
  usedAt?: Date
}

export const COUNTY_ID = 'xinye'

export function newId(prefix: string): string {
  return `${prefix}-${randomBytes(9)
    .toString('base64url')
    .replace(/[^A-Za-z0-9]/g, 'x')}`
}

/** One document by _id, or undefined (doc(id).get() would throw when it is absent). */
export async function findById<T>(db: Database, collection: string, id: string): Promise<T | undefined> {
  const [doc] = await getDocs<T>(db.collection(collection).where({ _id: id }).limit(1))
  return doc
}

/** A village-level record of this village, or NOT_FOUND — also when it exists in another village. */
export async function getInVillage<T extends { villageId: string }>(
  db: Database,
  collection: string,
  villageId: string,
  id: string,
  what: string,
): Promise<T> {
  const [doc] = await getDocs<T>(db.collection(collection).where({ _id: id, villageId }).limit(1))
  if (!doc) throw new AppError('NOT_FOUND', `本村没有这个${what}`)
  return doc
}

export async function getVillage(db: Database, villageId: string): Promise<VillageDoc> {
  const village = await findById<VillageDoc>(db, C.villages, villageId)
  if (!village) throw new AppError('NOT_FOUND', '没有这个村（社区）')
  return village
}

/** The village, refused when it is retired: no new work in a village that was retired or merged into another. */
export async function getOpenVillage(db: Database, villageId: string, what?: string): Promise<VillageDoc> {
  const village = await getVillage(db, villageId)
  refuseRetired(village, what)
  return village
}

export function iso(value: Date | string | undefined | null): string | undefined {
  if (!value) return undefined
  return (value instanceof Date ? value : new Date(value)).toISOString()
}

/** Every document of a query, 1000 (the server-side cap) at a time, up to `max`. */
/**
 * Every document of `collection` matching `where`, in `_id` order, 1,000 a page by `_id` ranges (keyset paging).
 * With an index on (the `where` fields…, `_id`) each page reads only its own documents, where `getAll`'s skip
 * re-reads every earlier page (1,000 + 2,000 + 3,000… documents for a county of 2,620 villages).
 */
export async function getAllById<T extends { _id: string }>(
  db: Database,
  collection: string,
  where: Record<string, unknown>,
  max = 100_000,
  field?: Record<string, boolean>,
): Promise<T[]> {
  const out: T[] = []
  let last: string | undefined
  while (out.length < max) {
    const filter = last === undefined ? where : { ...where, _id: db.command.gt(last) }
    const query = db.collection(collection).where(filter)
    const page = await getDocs<T>(
      (field ? query.field(field) : query).orderBy('_id', 'asc').limit(Math.min(1000, max - out.length)),
    )
    out.push(...page)
    if (page.length < 1000) break
    last = page[page.length - 1]!._id
  }
  return out
}

export async function getAll<T>(
  query: { skip(n: number): { limit(n: number): { get(): unknown } } },
  max = 10000,
): Promise<T[]> {
  const out: T[] = []
  for (let skip = 0; skip < max; skip += 1000) {
    const page = await getDocs<T>(query.skip(skip).limit(Math.min(1000, max - skip)))
    out.push(...page)
    if (page.length < 1000) break
  }
  return out
}
