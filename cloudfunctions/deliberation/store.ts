/**
 * 四议两公开 collections, their documents, and the reads and writes shared by the handlers (./handlers/*).
 * deliberation_windows holds the frozen roster (`voterIds`, `voters`); deliberation_votes is immutable (no action
 * updates or removes a vote) with one document per (window, person); deliberation_counts holds one document of
 * counters per village for the county overview.
 */
import { deliberationContract } from '../../common/contracts/deliberation'
import { AppError } from '../../common/errors'
import { BRANCH_PARTY_MEMBERS } from '../../common/roles'
import { countsDelta, countsDocFrom } from '../../common/rules/deliberation-counts'
import { isWindowOpen, type VoteCountsByChannel, type WindowResult } from '../../common/rules/deliberation-conduct'
import {
  leftTheMethod,
  transition,
  votingRoster,
  type Category,
  type MatterEvent,
  type MatterStatus,
  type Origin,
  type RosterEntry,
  type Step,
  type Step4Kind,
  type VoteChannel,
  type VoteChoice,
} from '../../common/rules/deliberation'
import type { MeetingKind } from '../../common/rules/quorum'
import { C } from '../_lib/collections'
import { callerIn } from '../_lib/caller'
import { getDocs, type Database } from '../_lib/cloud'
import { incrementOrCreate, incrementsOf, txIncrementOrCreate } from '../_lib/counters'
import { inTransaction, txGet, type Tx } from '../_lib/transaction'
import { getAllById, getInVillage, type PersonDoc } from '../_lib/records'
import type { HandlerContext, Handlers } from '../_lib/runtime'

export const MATTERS = C.deliberation_matters
export const WINDOWS = C.deliberation_windows
export const VOTES = C.deliberation_votes
export const PUBLICATIONS = C.deliberation_publications
export const COUNTS = C.deliberation_counts

/** Handlers of some of the contract's actions: one area's file under ./handlers. */
export type DeliberationHandlers<A extends keyof (typeof deliberationContract)['actions']> = Pick<
  Handlers<typeof deliberationContract>,
  A
>

export interface Actor {
  personId: string | null
  name: string
}

export interface HistoryEntry {
  at: Date
  step: Step
  action:
    | 'proposed'
    | 'passed'
    | 'rejected'
    | 'returned'
    | 'reproposed'
    | 'withdrawn'
    | 'notice_sent'
    | 'voting_opened'
    | 'voting_closed'
    | 'published'
  by: Actor
  meeting?: { heldAt?: string; place?: string; note?: string; meetingId?: string }
  note?: string
}

export interface MatterDoc {
  _id: string
  villageId: string
  townshipId: string
  title: string
  content: string
  attachments: { name: string; url?: string }[]
  category: Category
  origin: Origin
  step: Step
  status: MatterStatus
  stepSince: Date
  createdAt: Date
  updatedAt: Date
  revision: number
  passedSteps: Step[]
  history: HistoryEntry[]
  notice3At?: Date | null
  notice4At?: Date | null
  notice4Kind?: Step4Kind | null
  currentWindowId?: string | null
}

export interface Voter {
  personId: string
  name: string
  householdId: string | null
}

export interface WindowDoc {
  _id: string
  matterId: string
  villageId: string
  townshipId: string
  step: 3 | 4
  meetingKind: MeetingKind
  openedAt: Date
  closesAt: Date
  closed: boolean
  closedAt?: Date | null
  shouldAttend: number
  householdTotal: number
  voterIds: string[]
  voters: Voter[]
  openedBy: Actor
  /**
   * Votes cast so far, kept by castVote and recordInPersonVotes (issue 25: the voters' list does not count the
   * window's votes). Absent on windows opened before it was kept: those are counted. The tally counts by aggregation.
   */
  votedCount?: number
  result?: WindowResult
}

export interface VoteDoc {
  _id: string
  windowId: string
  matterId: string
  villageId: string
  townshipId: string
  step: 3 | 4
  personId: string
  householdId: string | null
  choice: VoteChoice
  remark?: string
  channel: VoteChannel
  at: Date
  recordedBy?: Actor
}

export interface PublicationDoc {
  _id: string
  villageId: string
  townshipId: string
  matterId: string
  step: 5 | 6
  title: string
  text: string
  resultLines: string[]
  publishedAt: Date
  publisher: Actor
  maskedCount: number
}

/** Who acts, as history and votes record it: the caller's roster entry here, else their name alone. */
export function actorOf(ctx: HandlerContext, villageId: string): Actor {
  const caller = callerIn(ctx, villageId)
  return { personId: caller.personId, name: caller.name }
}

/** The caller's roster entry in this village (their own, never one named in the input). */
export const myPersonId = (ctx: HandlerContext, villageId: string): string | null => callerIn(ctx, villageId).personId

export async function loadMatter(db: Database, villageId: string, matterId: string) {
  return getInVillage<MatterDoc>(db, MATTERS, villageId, matterId, '议题')
}

export async function loadWindow(db: Database, villageId: string, windowId: string, withRoster = true) {
  const q = db.collection(WINDOWS).where({ _id: windowId, villageId })
  const [w] = await getDocs<WindowDoc>(withRoster ? q.limit(1) : q.field({ voters: false, voterIds: false }).limit(1))
  if (!w) throw new AppError('NOT_FOUND', '本村没有这个表决')
  return w
}

/** The next step and status for an event, or FAILED_PRECONDITION with the rule's reason. */
export function apply(m: MatterDoc, event: MatterEvent) {
  const r = transition({ step: m.step, status: m.status }, event)
  if (!r.ok) throw new AppError('FAILED_PRECONDITION', r.reason)
  return r.state
}

/**
 * Moves a matter only if nobody moved it meanwhile (conditional on its step and status), appending history, and
 * keeps the village's counters in step.
 */
export async function commit(
  db: Database,
  m: MatterDoc,
  next: { step: Step; status: MatterStatus },
  entry: HistoryEntry,
  now: Date,
  extra: Record<string, unknown> = {},
) {
  await inTransaction(db, (tx) => moveMatter(tx, db, m, next, entry, now, extra))
}

/** `commit` inside a transaction that writes more (closing a voting window with the move it causes). */
export async function moveMatter(
  tx: Tx,
  db: Database,
  m: MatterDoc,
  next: { step: Step; status: MatterStatus },
  entry: HistoryEntry,
  now: Date,
  extra: Record<string, unknown> = {},
) {
  const _ = db.command
  const data: Record<string, unknown> = {
    step: next.step,
    status: next.status,
    updatedAt: now,
    history: _.push([entry]),
    ...extra,
  }
  if (next.step !== m.step || next.status === 'returned') data.stepSince = now
  if (entry.action === 'passed' || entry.action === 'published') data.passedSteps = _.push([entry.step])
  const passedSteps =
    entry.action === 'passed' || entry.action === 'published'
      ? [...(m.passedSteps ?? []), entry.step]
      : (m.passedSteps ?? [])
  const delta = countsDelta(
    m.category,
    m,
    next,
    leftTheMethod({ status: next.status, category: m.category, passedSteps }),
  )
  // The matter moves only if nobody moved it meanwhile, and its village counters move with it: one transaction
  // (docs/exactly-once.md) — a killed call leaves neither, a re-run finds the matter moved and is refused.
  const current = await txGet<MatterDoc>(tx, MATTERS, m._id)
  if (current?.villageId !== m.villageId || current.step !== m.step || current.status !== m.status)
    throw new AppError('CONFLICT', '议题刚被他人办理过，请刷新后再试')
  await tx.collection(MATTERS).doc(m._id).update({ data })
  await txIncrementOrCreate(tx, COUNTS, m.villageId, incrementsOf(db, delta), () => ({
    ...countsDocFrom(m.villageId, m.townshipId, delta),
  }))
}

/**
 * Applies a counters delta to the village's `deliberation_counts` document (creating it on the village's first
 * matter), for the county overview. One request, two when the document is new.
 */
export async function count(
  db: Database,
  m: Pick<MatterDoc, 'villageId' | 'townshipId'>,
  delta: Record<string, number>,
): Promise<void> {
  await incrementOrCreate(db, COUNTS, m.villageId, incrementsOf(db, delta), () => ({
    ...countsDocFrom(m.villageId, m.townshipId, delta),
  }))
}

const ROSTER_FIELDS = { name: true, roles: true, party: true, householdId: true, openid: true }

/** Who may vote at a step (and step-4 kind), from the roster now, with their OPENID for notices. */
export async function rosterFor(
  db: Database,
  villageId: string,
  step: 3 | 4,
  kind: Step4Kind | null,
): Promise<(RosterEntry & { openid?: string | null })[]> {
  const _ = db.command
  const roles =
    step === 3
      ? [...BRANCH_PARTY_MEMBERS]
      : kind === 'representatives'
        ? ['villager_representative', 'village_committee_member']
        : null
  const where = roles ? { villageId, roles: _.in(roles) } : { villageId }
  const people = await getAllById<PersonDoc>(db, C.people, where, 20000, ROSTER_FIELDS)
  return votingRoster(
    step,
    kind,
    people.map((p) => ({
      id: p._id,
      name: p.name,
      roles: p.roles,
      party: p.party ?? null,
      householdId: p.householdId ?? null,
      openid: p.openid ?? null,
    })),
  )
}

/** Votes by their ids (`voteId(window, person)`), only the given fields when some are named; none for no ids. */
export async function votesByIds<T extends Partial<VoteDoc> = VoteDoc>(
  db: Database,
  ids: readonly string[],
  fields?: Partial<Record<keyof VoteDoc, true>>,
): Promise<T[]> {
  if (!ids.length) return []
  const q = db.collection(VOTES).where({ _id: db.command.in([...ids]) })
  return getDocs<T>((fields ? q.field(fields) : q).limit(Math.min(1000, ids.length)))
}

/** Adds to a window's maintained count of votes (only where it is kept: windows opened since issue 25). */
export async function addVotedCount(db: Database, windowId: string, n: number): Promise<void> {
  if (n === 0) return
  const _ = db.command
  await db
    .collection(WINDOWS)
    .where({ _id: windowId, votedCount: _.gte(0) })
    .update({ data: { votedCount: _.inc(n) } })
}

/** Who has voted in a window, and how. */
export async function votesOfWindow(db: Database, windowId: string) {
  return getAllById<Pick<VoteDoc, '_id' | 'personId' | 'channel'>>(db, VOTES, { windowId }, 20000, {
    personId: true,
    channel: true,
  })
}

/**
 * Counts of a window's votes by choice and channel (and households represented), by one aggregation: for a 村民会议
 * each group also collects its households, whose union is the households represented (one pass over the votes,
 * where two aggregations read them twice; issue 25).
 */
export async function tally(db: Database, w: WindowDoc): Promise<VoteCountsByChannel> {
  const _ = db.command
  const $ = _.aggregate
  const match = { windowId: w._id, at: _.lt(new Date(w.closesAt)) }
  const villagers = w.meetingKind === 'villagers'
  const groups = (await db
    .collection(VOTES)
    .aggregate()
    .match(match)
    .group({
      _id: { choice: '$choice', channel: '$channel' },
      n: $.sum(1),
      ...(villagers ? { households: $.addToSet('$householdId') } : {}),
    })
    .limit(10)
    .end()) as {
    list: { _id: { choice: VoteChoice; channel: VoteChannel }; n: number; households?: (string | null)[] }[]
  }
  const counts = { yes: 0, no: 0, abstain: 0, online: 0, inPerson: 0 }
  const households = new Set<string>()
  for (const g of groups.list) {
    if (g._id.choice === 'agree') counts.yes += g.n
    else if (g._id.choice === 'disagree') counts.no += g.n
    else counts.abstain += g.n
    if (g._id.channel === 'online') counts.online += g.n
    else counts.inPerson += g.n
    for (const h of g.households ?? []) if (h !== null && h !== undefined) households.add(h)
  }
  return { ...counts, represented: villagers ? households.size : undefined }
}

/** Refuses a vote once the window has closed: after the close nothing counts. */
export function requireOpen(w: WindowDoc, now: Date) {
  if (!isWindowOpen(w, now)) throw new AppError('FAILED_PRECONDITION', '表决已经截止，截止后的表决不再计入')
}
