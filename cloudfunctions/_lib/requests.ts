/**
 * Residents' requests (群众诉求) as other modules create them — shared by the `requests` function (raised by a
 * resident or their grid member), the `grid` function (a visit that finds a need) and duty (a matter in the duty
 * service log handed on to the request flow).
 *
 * Usage from another cloud function's handler:
 *
 *   import { createRequest } from '../_lib/requests'
 *   const { requestId } = await createRequest(ctx.db, {
 *     villageId,                      // the village the resident belongs to
 *     source: 'duty-log',             // 'duty-log' | 'visit' | 'resident' | 'grid-member'
 *     sourceId: logEntryId,           // the record it came from; the same (source, sourceId) gives the same request
 *     category: 'help',               // 'enquiry' | 'help' | 'complaint' | 'dispute' | 'suggestion'
 *     urgency: 'normal',              // 'normal' | 'emergency'
 *     description: '……',
 *     householdId, residentPersonId,  // optional: whose request it is (a bound resident then sees it and rates it)
 *     residentName, residentPhone,    // optional when residentPersonId is given (taken from the roster)
 *     raisedBy: { personId, name },   // who entered it
 *   }, ctx.now)
 *
 * It validates the household/person against the village (NOT_FOUND otherwise), computes the deadlines from the
 * village's effective settings (working days, Beijing time), writes the request with its first timeline entry and
 * counts it in the village's month (collection `request_stats`) — request and counter in one transaction.
 * Idempotent per (villageId, source, sourceId): the request's id is derived from them, so calling it again for the
 * same source record finds the existing request (`created: false`). A handler that writes more in the same call
 * (a visit, a duty log) uses `prepareRequest` (reads) and `writeRequest` (inside its `ctx.commit` transaction).
 * Round trips: 3–4 reads (settings ×2 in parallel, roster check) + the transaction (start, get, add, counter get,
 * counter write, commit).
 */
import { createHash } from 'node:crypto'
import { AppError } from '../../common/errors'
import { beijingMonth } from '../../common/rules/beijing-time'
import {
  requestDeadlines,
  type RequestCategory,
  type RequestUrgency,
  type ResolveTerm,
} from '../../common/rules/request-deadlines'
import { officialCalendar } from '../../common/rules/official-calendar'
import type { HandlingLevel, Rating, RequestAction, RequestStatus } from '../../common/rules/request-flow'
import {
  emptyMonth,
  monthDelta,
  statsDocId,
  type MonthCounters,
  type StatEvent,
} from '../../common/rules/request-stats'
import { getDocs, type Database } from './cloud'
import { getInVillage, newId, type HouseholdDoc, type PersonDoc, type VillageDoc } from './records'
import { C } from './collections'
import { refuseRetired } from './open-village'
import { txIncrementKnown, txIncrementOrCreate } from './counters'
import { inTransaction, txGet, type Tx } from './transaction'
import { villageSettings } from './settings'
import type { Settings } from '../../common/rules/settings'

export { villageSettings }

export const REQUESTS_COLLECTION = C.requests
export const REQUEST_STATS_COLLECTION = C.request_stats

/** `request_stats/<villageId>_<YYYY-MM>`: a village's request counters for a Beijing month. */
export type RequestStatsDoc = MonthCounters & { _id: string; villageId: string; townshipId: string; month: string }

export type RequestSource = 'duty-log' | 'visit' | 'resident' | 'grid-member'

export interface TimelineEntry {
  at: Date
  action: RequestAction | 'raise'
  /** The level acting (or `resident`). */
  by: HandlingLevel | 'resident'
  actorName: string
  actorPersonId?: string | null
  note?: string
  /** Escalation: the level it went to and, for the county, the department. */
  toLevel?: HandlingLevel
  department?: string
}

export interface RequestDoc {
  _id: string
  villageId: string
  townshipId: string
  gridId: string | null
  householdId: string | null
  residentPersonId: string | null
  residentName: string
  residentPhone: string
  category: RequestCategory
  urgency: RequestUrgency
  description: string
  /** File ids of photos (see _lib/files.ts). */
  photos: string[]
  source: RequestSource
  sourceId: string | null
  status: RequestStatus
  level: HandlingLevel
  /** Still waiting on its holder (received / accepted / in progress): for overdue queries. */
  open: boolean
  raisedAt: Date
  raisedBy: { personId: string | null; name: string }
  verifyBy: Date
  contactBy: Date
  resolveBy: Date
  /** How resolveBy was counted (absent on requests raised before it was recorded). */
  resolveTerm?: ResolveTerm
  department?: string | null
  reply?: string | null
  repliedAt?: Date | null
  rating?: Rating | null
  ratingComment?: string | null
  closedAt?: Date | null
  /** When the resident first opened the request after its reply (common/rules/request-rating.ts). */
  replySeenAt?: Date | null
  /**
   * The village's rating window (requestRatingDays) when the request was raised: read with the settings the raise
   * reads anyway, so 办结 and 评价 need no settings read. Absent on earlier requests (the default then).
   */
  ratingDays?: number
  timeline: TimelineEntry[]
  updatedAt: Date
}

export interface NewRequest {
  villageId: string
  source: RequestSource
  sourceId?: string
  category: RequestCategory
  urgency: RequestUrgency
  description: string
  householdId?: string
  residentPersonId?: string
  residentName?: string
  residentPhone?: string
  photos?: string[]
  raisedBy: { personId?: string | null; name: string }
}

/** The month document's id, its `_.inc`/`_.push` commands and its first content, for one event. */
function monthUpdate(db: Database, villageId: string, townshipId: string, at: Date, event: StatEvent) {
  const month = beijingMonth(at)
  const { inc, closeHours } = monthDelta(event)
  const _ = db.command
  const data: Record<string, unknown> = Object.fromEntries(Object.entries(inc).map(([k, v]) => [k, _.inc(v as number)]))
  if (closeHours !== undefined) data.closeHours = _.push([closeHours])
  const created = () => ({
    villageId,
    townshipId,
    month,
    ...emptyMonth(),
    ...inc,
    closeHours: closeHours === undefined ? [] : [closeHours],
  })
  return { id: statsDocId(villageId, month), data, created }
}

/**
 * Adds an event to the village's counters of the Beijing month of `at` (creating the month's document once), inside
 * the transaction that writes what it counts. With `exists` (read outside the transaction: `monthStatsExist`),
 * nothing is read inside it (`txIncrementKnown`).
 */
export async function txCountInMonth(
  tx: Tx,
  db: Database,
  villageId: string,
  townshipId: string,
  at: Date,
  event: StatEvent,
  exists?: boolean,
): Promise<void> {
  const { id, data, created } = monthUpdate(db, villageId, townshipId, at, event)
  if (exists === undefined) await txIncrementOrCreate(tx, REQUEST_STATS_COLLECTION, id, data, created)
  else await txIncrementKnown(tx, REQUEST_STATS_COLLECTION, id, data, created, exists)
}

/** Whether the village's counters of the Beijing month of `at` exist (read outside a transaction). */
export async function monthStatsExist(db: Database, villageId: string, at: Date): Promise<boolean> {
  const [doc] = await getDocs<{ _id: string }>(
    db
      .collection(REQUEST_STATS_COLLECTION)
      .where({ _id: statsDocId(villageId, beijingMonth(at)) })
      .field({ _id: true })
      .limit(1),
  )
  return Boolean(doc)
}

/**
 * A request's id: derived from its source record when it has one (the same duty log or visit always gives the same
 * request, so a re-run inside a transaction finds it instead of adding a second), else random.
 */
export function requestIdFor(villageId: string, source: RequestSource, sourceId?: string): string {
  if (!sourceId) return newId('rq')
  return `rq-${createHash('sha256').update(`${villageId}\n${source}\n${sourceId}`).digest('hex').slice(0, 24)}`
}

/** A request checked and ready to write: its document, and the deadlines the answer reports. */
export interface PreparedRequest {
  doc: RequestDoc
  resolveBy: Date
  resolveTerm?: ResolveTerm
}

/**
 * Writes a prepared request and counts it in its month, inside the caller's transaction. A request with that id
 * already there (a derived id: the same source record) is not written again (`created: false`).
 */
export async function writeRequest(
  tx: Tx,
  db: Database,
  prepared: PreparedRequest,
  /**
   * `fresh`: the id is random (no source record), so nothing can be there and it is not read first; `monthExists`:
   * whether the month's counters exist, read outside the transaction (`monthStatsExist`), so they are not read either.
   */
  options: { fresh?: boolean; monthExists?: boolean } = {},
): Promise<{ created: boolean }> {
  const { doc } = prepared
  if (!options.fresh && (await txGet<RequestDoc>(tx, REQUESTS_COLLECTION, doc._id))) return { created: false }
  await tx.collection(REQUESTS_COLLECTION).add({ data: doc as unknown as Record<string, unknown> })
  await txCountInMonth(tx, db, doc.villageId, doc.townshipId, doc.raisedAt, { kind: 'raised' }, options.monthExists)
  return { created: true }
}

/**
 * Checks a new request against the village (household, person, name) and builds its document with its deadlines.
 * Reads only; `writeRequest` writes it.
 */
export async function prepareRequest(
  db: Database,
  input: NewRequest,
  now: Date,
  /** The village's settings when already read (e.g. with the caller's binding). */
  read?: Promise<{ settings: Settings; village: VillageDoc }>,
): Promise<PreparedRequest> {
  const { villageId } = input
  const { settings, village } = await (read ?? villageSettings(db, villageId))
  refuseRetired(village, '提出新的诉求')
  let householdId = input.householdId ?? null
  let gridId: string | null = null
  let residentName = input.residentName?.trim() ?? ''
  let residentPhone = input.residentPhone?.trim() ?? ''
  if (input.residentPersonId) {
    const person = await getInVillage<PersonDoc>(db, C.people, villageId, input.residentPersonId, '人员')
    householdId ??= person.householdId ?? null
    gridId = person.gridId ?? null
    residentName ||= person.name
    residentPhone ||= person.phone ?? ''
  }
  if (householdId) {
    const household = await getInVillage<HouseholdDoc>(db, C.households, villageId, householdId, '户')
    gridId = household.gridId ?? gridId
    residentName ||= household.headName
  }
  if (!residentName)
    throw new AppError('INVALID_ARGUMENT', '请填写提出诉求的群众姓名', [{ path: 'residentName', message: '请填写' }])
  const deadlines = requestDeadlines(now, settings, input.category, input.urgency, officialCalendar)
  const requestId = requestIdFor(villageId, input.source, input.sourceId)
  const doc: RequestDoc = {
    _id: requestId,
    villageId,
    townshipId: village.townshipId,
    gridId,
    householdId,
    residentPersonId: input.residentPersonId ?? null,
    residentName,
    residentPhone,
    category: input.category,
    urgency: input.urgency,
    description: input.description.trim(),
    photos: input.photos ?? [],
    source: input.source,
    sourceId: input.sourceId ?? null,
    status: 'received',
    level: 'village',
    open: true,
    raisedAt: now,
    raisedBy: { personId: input.raisedBy.personId ?? null, name: input.raisedBy.name },
    ...deadlines,
    ratingDays: settings.requestRatingDays,
    timeline: [
      {
        at: now,
        action: 'raise',
        by: input.source === 'resident' ? 'resident' : 'village',
        actorName: input.raisedBy.name,
        actorPersonId: input.raisedBy.personId ?? null,
      },
    ],
    updatedAt: now,
  }
  return { doc, resolveBy: deadlines.resolveBy, resolveTerm: deadlines.resolveTerm }
}

/**
 * Checks and writes a request in its own transaction (request and month counter together). Handlers that write
 * more in the same call use `prepareRequest` + `writeRequest` inside `ctx.commit` instead.
 */
export async function createRequest(
  db: Database,
  input: NewRequest,
  now: Date,
): Promise<{ requestId: string; created: boolean; resolveBy: Date; resolveTerm?: ResolveTerm }> {
  const prepared = await prepareRequest(db, input, now)
  const { created } = await inTransaction(db, (tx) => writeRequest(tx, db, prepared))
  return { requestId: prepared.doc._id, created, resolveBy: prepared.resolveBy, resolveTerm: prepared.resolveTerm }
}
