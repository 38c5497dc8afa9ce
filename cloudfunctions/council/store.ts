/**
 * council's collections, their documents, who may do what in a village's council, and the reads and writes its
 * handlers share.
 *
 * Every change of a filing and the counters of its village's month (`council_stats`, one document per village per
 * month) are written in one transaction (`changeFiling`), so the ledger and the township/county summaries read
 * O(villages × months) small documents and never scan filings.
 */
import { AppError } from '../../common/errors'
import { VILLAGE_CADRES, type Role } from '../../common/roles'
import {
  addCounters,
  counterDelta,
  defaultStandard,
  standardInForce,
  type CheckResult,
  type Compliance,
  type Counters,
  type EventKind,
  type FieldError,
  type FigureKey,
  type Figures,
  type FilingStatus,
  type LedgerFacts,
  type Savings,
  type Standard,
  type StandardValues,
  type Venue,
} from '../../common/rules/council-standards'
import { callerIn, type VillageCaller } from '../_lib/caller'
import { getDocs, type Database } from '../_lib/cloud'
import { C } from '../_lib/collections'
import { findById, getInVillage, type GridDoc, type PersonDoc, type VillageDoc } from '../_lib/records'
import { type EarlyContext, type HandlerContext } from '../_lib/runtime'
import { villageSettings } from '../_lib/settings'
import { inTransaction, txGet, withoutId, type Tx } from '../_lib/transaction'

export const COUNCILS = C.council_councils
export const STANDARDS = C.council_standards
export const FILINGS = C.council_filings
export const STATS = C.council_stats

export interface CouncilPerson {
  personId: string
  name: string
}
export interface CouncilDoc {
  _id: string
  villageId: string
  townshipId: string
  chair: CouncilPerson | null
  members: (CouncilPerson & { gridIds: string[]; groups: string })[]
  liaison: CouncilPerson | null
  termStart: string
  termEnd: string
  standardsCount: number
  updatedAt: Date
}
export interface StandardDoc extends StandardValues {
  _id: string
  villageId: string
  townshipId: string
  version: number
  effectiveFrom: string
  createdAt: Date
  createdBy: string
}
export interface FilingDoc {
  _id: string
  villageId: string
  townshipId: string
  kind: EventKind
  householdId: string
  householdLabel: string
  gridId: string | null
  eventDate: string
  month: string
  year: number
  venue: Venue
  planned: Figures
  reasons: Partial<Record<FigureKey, string>>
  description: string
  check: CheckResult
  compliance: Compliance
  standard: Standard
  status: FilingStatus
  filedAt: Date
  filedBy: { personId: string | null; name: string; openid: string }
  filedLate: boolean
  funeral: {
    deathDate: string
    deathTime?: string
    deathAt: Date
    filedOnTime: boolean
    deadlineHours: number
    townshipRequired: boolean
    townshipReportedAt?: Date | null
    townshipOnTime: boolean
  } | null
  review?: {
    decision: 'approve' | 'advise' | 'disagree'
    advice: string
    byName: string
    byPersonId: string | null
    at: Date
  } | null
  actual?: Figures | null
  actualReasons?: Partial<Record<FigureKey, string>>
  actualCheck?: CheckResult | null
  confirmedBy?: string
  savings?: Savings | null
  updatedAt: Date
}
export type CouncilStatsDoc = Counters & {
  _id: string
  villageId: string
  townshipId: string
  year: number
  month: string
  updatedAt: Date
}

export type Caller = VillageCaller & {
  /** A township or county organiser: no membership in this village. */
  supervisor: boolean
}

export function callerOf(ctx: HandlerContext, villageId: string): Caller {
  const caller = callerIn(ctx, villageId)
  return { ...caller, supervisor: !caller.membership }
}

export const councilPersonIds = (c: CouncilDoc | null | undefined): string[] =>
  c
    ? [c.chair?.personId, c.liaison?.personId, ...c.members.map((m) => m.personId)].filter((x): x is string =>
        Boolean(x),
      )
    : []

/** On the council — or, while the village has named no chair, its branch secretary (who chairs it by custom). */
export function canReview(caller: Caller, council: CouncilDoc | null | undefined): boolean {
  if (caller.supervisor || !caller.personId) return false
  if (councilPersonIds(council).includes(caller.personId)) return true
  return !council?.chair && caller.roles.includes('branch_secretary')
}

export type FileScope = 'all' | 'grids' | 'household' | 'none'

export function fileScope(caller: Caller, council: CouncilDoc | null | undefined): FileScope {
  if (caller.supervisor) return 'all'
  if (canReview(caller, council) || caller.roles.some((r) => (VILLAGE_CADRES as readonly Role[]).includes(r)))
    return 'all'
  if (caller.roles.includes('grid_leader')) return 'grids'
  if (
    caller.roles.includes('resident') ||
    caller.roles.includes('household_head') ||
    caller.roles.includes('party_member')
  )
    return 'household'
  return 'none'
}

export async function ledGridIds(db: Database, villageId: string, personId: string | null): Promise<string[]> {
  if (!personId) return []
  const grids = await getDocs<GridDoc>(
    db.collection(C.grids).where({ villageId, leaderPersonId: personId }).field({ _id: true }).limit(100),
  )
  return grids.map((g) => g._id)
}

export async function ownHouseholdId(db: Database, villageId: string, personId: string | null): Promise<string | null> {
  if (!personId) return null
  const [person] = await getDocs<PersonDoc>(
    db.collection(C.people).where({ _id: personId, villageId }).field({ householdId: true }).limit(1),
  )
  return person?.householdId ?? null
}

/** The scope the caller's roles give when they are not on the council: `fileScope` where `canReview` is false. */
function scopeByRoles(caller: Caller): FileScope {
  return fileScope({ ...caller, personId: null }, null)
}

export interface ScopeReads {
  caller: Caller
  /** `fileScope(caller, council)`. */
  scope: Promise<FileScope>
  /** Whether the scope may turn out 'all': a read of the whole village's records is worth starting with the rest. */
  mayBeAll: boolean
  /** The grids the caller leads (read only for the scope 'grids'). */
  grids: Promise<string[]>
  /** The caller's own household (read only for the scope 'household'). */
  own: Promise<string | null>
}

/**
 * `fileScope` with the reads it may need started at once (issue 25: three round trips with the binding read and the
 * audit entry): the council only when the caller's roles leave it open (anyone on the roster may sit on the council,
 * which reaches all), the led grids or the own household only for the scope the roles give otherwise. A read not
 * needed in the end is dropped unanswered.
 */
export function startScope(ctx: HandlerContext, villageId: string): ScopeReads {
  const { db } = ctx
  const caller = callerOf(ctx, villageId)
  const byRoles = scopeByRoles(caller)
  const open = byRoles !== 'all' && !caller.supervisor && Boolean(caller.personId)
  const council = open ? loadCouncil(db, villageId) : Promise.resolve(null)
  const grids = byRoles === 'grids' ? ledGridIds(db, villageId, caller.personId) : Promise.resolve([])
  const own = byRoles === 'household' ? ownHouseholdId(db, villageId, caller.personId) : Promise.resolve(null)
  grids.catch(() => undefined)
  own.catch(() => undefined)
  return { caller, scope: council.then((c) => fileScope(caller, c)), mayBeAll: byRoles === 'all' || open, grids, own }
}

export async function countyDefault(db: Database, village: VillageDoc): Promise<Standard> {
  return defaultStandard((await villageSettings(db, village._id, village)).settings)
}

export const asStandard = (d: StandardDoc): Standard => ({
  version: d.version,
  effectiveFrom: d.effectiveFrom,
  wedding: d.wedding,
  funeral: d.funeral,
  rules: d.rules,
  baseline: d.baseline,
})

export async function villageStandards(
  db: Database,
  village: VillageDoc,
): Promise<{ versions: Standard[]; fallback: Standard }> {
  const [docs, fallback] = await Promise.all([
    getDocs<StandardDoc>(
      db.collection(STANDARDS).where({ villageId: village._id }).orderBy('version', 'desc').limit(100),
    ),
    countyDefault(db, village),
  ])
  return { versions: docs.map(asStandard), fallback }
}

export const inForce = (s: { versions: Standard[]; fallback: Standard }, date: string): Standard =>
  standardInForce(s.versions, date) ?? s.fallback

export const loadCouncil = (db: Database, villageId: string) => findById<CouncilDoc>(db, COUNCILS, villageId)

export function factsOf(f: FilingDoc | null): LedgerFacts | null {
  if (!f) return null
  return {
    kind: f.kind,
    status: f.status,
    compliance: f.compliance,
    funeral: f.funeral
      ? {
          filedOnTime: f.funeral.filedOnTime,
          townshipRequired: f.funeral.townshipRequired,
          townshipOnTime: f.funeral.townshipOnTime,
        }
      : undefined,
    savings: f.savings
      ? { savedFen: f.savings.savedFen, baselineFen: f.savings.baselineFen, actualCostFen: f.savings.actualCostFen }
      : null,
  }
}

/** Writes a filing (new when `before` is null) and adds its change to its village's month, in the transaction. */
export async function writeWithStats(tx: Tx, before: FilingDoc | null, after: FilingDoc, now: Date): Promise<void> {
  const delta = counterDelta(factsOf(before), factsOf(after))
  const statsId = statsIdOf(after)
  const previous = await txGet<CouncilStatsDoc>(tx, STATS, statsId)
  const counters = addCounters(previous ?? {}, delta)
  await tx
    .collection(STATS)
    .doc(statsId)
    .set({
      data: {
        villageId: after.villageId,
        townshipId: after.townshipId,
        year: after.year,
        month: after.month,
        ...counters,
        updatedAt: now,
      },
    })
  if (before)
    await tx
      .collection(FILINGS)
      .doc(after._id)
      .set({ data: withoutId(after) as Record<string, unknown> })
  else await tx.collection(FILINGS).add({ data: after as unknown as Record<string, unknown> })
}

export async function changeFiling(
  db: Database,
  villageId: string,
  filingId: string,
  now: Date,
  change: (f: FilingDoc) => FilingDoc,
): Promise<FilingDoc> {
  return inTransaction(db, (tx) => txChangeFiling(tx, villageId, filingId, now, change))
}

/** `changeFiling` inside the caller's transaction (`ctx.commit`): the filing re-read, changed, counted. */
export async function txChangeFiling(
  tx: Tx,
  villageId: string,
  filingId: string,
  now: Date,
  change: (f: FilingDoc) => FilingDoc,
): Promise<FilingDoc> {
  const f = await txGet<FilingDoc>(tx, FILINGS, filingId)
  if (!f || f.villageId !== villageId) throw new AppError('NOT_FOUND', '本村没有这件报备')
  const next = change(revive(f))
  await writeWithStats(tx, f, next, now)
  return next
}

/** The counters document a filing's change is added to (read in the transaction: name it with `ctx.willRead`). */
export const statsIdOf = (f: Pick<FilingDoc, 'villageId' | 'month'>) => `${f.villageId}-${f.month}`

/**
 * `filingForReviewer` with its two reads sent with the caller's binding read (`withEarly`): the filing (also
 * named for the transaction) and the village's council.
 */
export function reviewerReads(
  { villageId, filingId }: { villageId: string; filingId: string },
  { db, willRead }: EarlyContext,
): Promise<[FilingDoc, CouncilDoc | undefined]> {
  willRead([FILINGS, filingId])
  return Promise.all([
    getInVillage<FilingDoc>(db, FILINGS, villageId, filingId, '报备').then(revive),
    loadCouncil(db, villageId),
  ])
}

export function reviewerOf(
  ctx: HandlerContext,
  villageId: string,
  [filing, council]: [FilingDoc, CouncilDoc | undefined],
): { filing: FilingDoc; caller: Caller } {
  const caller = callerOf(ctx, villageId)
  if (!canReview(caller, council)) throw new AppError('FORBIDDEN', '只有本村红白理事会成员可以办理')
  // The month's counters this change adds to, read in the transaction with the filing.
  ctx.willRead([STATS, statsIdOf(filing)])
  return { filing, caller }
}

/** Dates come back from the database as Date or ISO strings depending on the path; make them Dates. */
export function revive(f: FilingDoc): FilingDoc {
  const d = (v: unknown) => (v ? new Date(v as string) : v)
  return {
    ...f,
    filedAt: d(f.filedAt) as Date,
    funeral: f.funeral
      ? {
          ...f.funeral,
          deathAt: d(f.funeral.deathAt) as Date,
          townshipReportedAt: (d(f.funeral.townshipReportedAt) as Date | null) ?? null,
        }
      : null,
    review: f.review ? { ...f.review, at: d(f.review.at) as Date } : f.review,
  }
}

export function fieldErrors(errors: FieldError[]): never {
  throw new AppError('INVALID_ARGUMENT', errors[0]!.message, errors)
}

export async function filingForReviewer(
  ctx: HandlerContext,
  villageId: string,
  filingId: string,
): Promise<{ filing: FilingDoc; caller: Caller }> {
  // The record first (NOT_FOUND for another village's id), then whether the caller sits on this village's council.
  const filing = revive(await getInVillage<FilingDoc>(ctx.db, FILINGS, villageId, filingId, '报备'))
  const caller = callerOf(ctx, villageId)
  const council = await loadCouncil(ctx.db, villageId)
  if (!canReview(caller, council)) throw new AppError('FORBIDDEN', '只有本村红白理事会成员可以办理')
  return { filing, caller }
}

export const yearOf = (month: string) => Number(month.slice(0, 4))

export function sumRows<T extends Partial<Counters>>(rows: readonly T[]): Counters {
  return addCounters(...rows)
}
