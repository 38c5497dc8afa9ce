/**
 * 四议两公开: matters through six steps (common/rules/deliberation.ts), voting windows with a frozen roster,
 * online and in-person votes (one document per (window, person): `_id` is unique, so one person has one vote
 * across both channels and two concurrent casts cannot both land), tally by aggregation, publication to the
 * village's public board after de-identification (common/rules/deidentify.ts), township and county views.
 *
 * Collections: deliberation_matters, deliberation_windows (holds the frozen roster: `voterIds` and `voters`),
 * deliberation_votes (immutable: no action updates or removes a vote), deliberation_publications.
 */
import { deliberationContract } from '../../common/contracts/deliberation'
import { AppError } from '../../common/errors'
import { formatBeijing } from '../../common/rules/beijing-time'
import { deidentify } from '../../common/rules/deidentify'
import {
  ageDays,
  CATEGORIES,
  CATEGORY_KEYS,
  checkNotice,
  isStuck,
  leftTheMethod,
  MAX_WINDOW_MS,
  meetingKindOf,
  MIN_WINDOW_MS,
  mustGoThroughMethod,
  noticeDaysRequired,
  ORIGIN_LABELS,
  reminderAt,
  STATUS_LABELS,
  STEP_LABELS,
  transition,
  voteId,
  votingRoster,
  windowPhase,
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
import { countsDelta, RECENT_DAYS, townshipCounts, type CountsDoc } from '../../common/rules/deliberation-counts'
import { evaluateMeeting, MEETING_KIND_LABELS, type MeetingKind } from '../../common/rules/quorum'
import type { Settings } from '../../common/rules/settings'
import { getDocs, type Database } from '../_lib/cloud'
import { cancelNotices, scheduleNotices, type NoticeInput } from '../_lib/notify'
import type { Membership } from '../_lib/principal'
import {
  findById,
  getAll,
  getInVillage,
  getVillage,
  iso,
  newId,
  type PersonDoc,
  type TownshipDoc,
  type VillageDoc,
} from '../_lib/records'
import { villageSettings } from '../_lib/requests'
import { createMain, type HandlerContext } from '../_lib/runtime'

const MATTERS = 'deliberation_matters'
const WINDOWS = 'deliberation_windows'
const VOTES = 'deliberation_votes'
const PUBLICATIONS = 'deliberation_publications'
const COUNTS = 'deliberation_counts'
const OPEN_STATUSES: MatterStatus[] = ['working', 'voting', 'returned']
const CLOSED_STATUSES: MatterStatus[] = ['completed', 'rejected', 'withdrawn']
/** The county overview's stages, in display order (see common/rules/deliberation-counts.ts stageKey). */
const STAGE_KEYS = [
  'step1',
  'step2',
  'step3',
  'step4',
  'step5',
  'step6',
  'returned',
  'completed',
  'rejected',
  'withdrawn',
]
const PAGE = 'packages/deliberation/pages/matter/index'

interface Actor {
  personId: string | null
  name: string
}

interface HistoryEntry {
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

const ACTION_LABELS: Record<HistoryEntry['action'], string> = {
  proposed: '提议',
  passed: '通过',
  rejected: '未通过，终止',
  returned: '退回修改',
  reproposed: '修改后重新提议',
  withdrawn: '撤回',
  notice_sent: '议题送达',
  voting_opened: '开始表决',
  voting_closed: '表决截止并计票',
  published: '公开',
}

interface MatterDoc {
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

interface StoredResult {
  meetingKind: MeetingKind
  meetingLabel: string
  outcome: 'no_quorum' | 'passed' | 'rejected' | 'pending'
  outcomeLabel: string
  shouldAttend: number
  present: number
  yes: number
  no: number
  abstain: number
  online: number
  inPerson: number
  households?: { total: number; represented: number }
  quorumMet: boolean
  passed: boolean
  lines: string[]
}

interface Voter {
  personId: string
  name: string
  householdId: string | null
}

interface WindowDoc {
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
  result?: StoredResult
}

interface VoteDoc {
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

interface PublicationDoc {
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

// ---- helpers ----

const isDuplicateKey = (error: unknown) =>
  /E11000|duplicate key/i.test(String((error as { errMsg?: string })?.errMsg ?? (error as Error)?.message ?? error))

function actorOf(ctx: HandlerContext, villageId?: string): Actor {
  const m: Membership | undefined = ctx.granted.find((g) => g.villageId === villageId) ?? ctx.granted[0]
  return { personId: m?.personId ?? null, name: m?.name ?? '' }
}

/** The caller's roster entry in this village (their own, never one named in the input). */
function myPersonId(ctx: HandlerContext, villageId: string): string | null {
  return ctx.granted.find((g) => g.villageId === villageId && g.personId)?.personId ?? null
}

function summaryOf(m: MatterDoc, now: Date, stuckDays: number, villageName?: string) {
  const since = new Date(m.stepSince)
  return {
    id: m._id,
    villageId: m.villageId,
    villageName,
    title: m.title,
    category: m.category,
    categoryLabel: CATEGORIES[m.category]?.label ?? m.category,
    mustGo: mustGoThroughMethod(m.category),
    origin: m.origin,
    step: m.step,
    stepLabel: STEP_LABELS[m.step],
    status: m.status,
    statusLabel:
      m.status === 'working' || m.status === 'voting'
        ? `${STATUS_LABELS[m.status]} · 第${m.step}步`
        : STATUS_LABELS[m.status],
    createdAt: iso(m.createdAt)!,
    stepSince: iso(since)!,
    ageDays: ageDays(since, now),
    stuck: isStuck({ status: m.status, stepSince: since }, now, stuckDays),
    leftMethod: leftTheMethod({ status: m.status, category: m.category, passedSteps: m.passedSteps ?? [] }),
  }
}

function apply(m: MatterDoc, event: MatterEvent) {
  const r = transition({ step: m.step, status: m.status }, event)
  if (!r.ok) throw new AppError('FAILED_PRECONDITION', r.reason)
  return r.state
}

/**
 * Moves a matter only if nobody moved it meanwhile (conditional on its step and status), appending history.
 */
async function commit(
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
  const r = (await db
    .collection(MATTERS)
    .where({ _id: m._id, villageId: m.villageId, step: m.step, status: m.status })
    .update({ data })) as { stats?: { updated?: number } }
  if (r.stats?.updated !== 1) throw new AppError('CONFLICT', '议题刚被他人办理过，请刷新后再试')
  const passedSteps =
    entry.action === 'passed' || entry.action === 'published'
      ? [...(m.passedSteps ?? []), entry.step]
      : (m.passedSteps ?? [])
  await count(
    db,
    m,
    countsDelta(m.category, m, next, leftTheMethod({ status: next.status, category: m.category, passedSteps })),
  )
}

/**
 * Applies a counters delta to the village's `deliberation_counts` document (creating it on the village's first
 * matter), for the county overview. One request, two when the document is new.
 */
async function count(
  db: Database,
  m: Pick<MatterDoc, 'villageId' | 'townshipId'>,
  delta: Record<string, number>,
): Promise<void> {
  if (!Object.keys(delta).length) return
  const _ = db.command
  const data = Object.fromEntries(Object.entries(delta).map(([k, n]) => [k, _.inc(n)]))
  for (let attempt = 0; attempt < 2; attempt++) {
    const r = (await db.collection(COUNTS).where({ _id: m.villageId }).update({ data })) as {
      stats?: { updated?: number }
    }
    if ((r.stats?.updated ?? 0) > 0) return
    const fresh: CountsDoc = {
      _id: m.villageId,
      villageId: m.villageId,
      townshipId: m.townshipId,
      category: {},
      stage: {},
      attention: {},
    }
    for (const [k, n] of Object.entries(delta)) {
      const [group, key] = k.split('.') as ['category' | 'stage' | 'attention', string]
      ;(fresh[group] as Record<string, number>)[key] = n
    }
    try {
      await db.collection(COUNTS).add({ data: fresh as unknown as Record<string, unknown> })
      return
    } catch (error) {
      // Created meanwhile by another call: update it on the next pass.
      if (
        !/E11000|duplicate key/i.test(
          String((error as { errMsg?: string })?.errMsg ?? (error as Error)?.message ?? error),
        )
      )
        throw error
    }
  }
}

async function loadMatter(db: Database, villageId: string, matterId: string) {
  return getInVillage<MatterDoc>(db, MATTERS, villageId, matterId, '议题')
}

async function loadWindow(db: Database, villageId: string, windowId: string, withRoster = true) {
  const q = db.collection(WINDOWS).where({ _id: windowId, villageId })
  const [w] = await getDocs<WindowDoc>(withRoster ? q.limit(1) : q.field({ voters: false, voterIds: false }).limit(1))
  if (!w) throw new AppError('NOT_FOUND', '本村没有这个表决')
  return w
}

const ROSTER_FIELDS = { name: true, roles: true, party: true, householdId: true, openid: true }

async function rosterFor(
  db: Database,
  villageId: string,
  step: 3 | 4,
  kind: Step4Kind | null,
): Promise<(RosterEntry & { openid?: string | null })[]> {
  const _ = db.command
  const roles =
    step === 3
      ? ['party_member', 'branch_secretary', 'branch_committee_member']
      : kind === 'representatives'
        ? ['villager_representative', 'village_committee_member']
        : null
  const where = roles ? { villageId, roles: _.in(roles) } : { villageId }
  const people = await getAll<PersonDoc>(
    db.collection('people').where(where).field(ROSTER_FIELDS).orderBy('_id', 'asc'),
    20000,
  )
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

async function notify(db: Database, inputs: NoticeInput[], now: Date) {
  try {
    await scheduleNotices(db, inputs, now)
  } catch (error) {
    // A notice that could not be stored must not undo the vote being opened; the cadre can remind again.
    console.error('[deliberation] notices could not be scheduled', error)
  }
}

const reminderSubject = (windowId: string, personId: string) => `deliberation-remind:${windowId}:${personId}`

/** Counts of a window's votes by choice and channel (and households represented), by aggregation. */
async function tally(db: Database, w: WindowDoc) {
  const _ = db.command
  const $ = _.aggregate
  const match = { windowId: w._id, at: _.lt(new Date(w.closesAt)) }
  const groups = (await db
    .collection(VOTES)
    .aggregate()
    .match(match)
    .group({ _id: { choice: '$choice', channel: '$channel' }, n: $.sum(1) })
    .limit(10)
    .end()) as {
    list: { _id: { choice: VoteChoice; channel: VoteChannel }; n: number }[]
  }
  const counts = { yes: 0, no: 0, abstain: 0, online: 0, inPerson: 0 }
  for (const g of groups.list) {
    if (g._id.choice === 'agree') counts.yes += g.n
    else if (g._id.choice === 'disagree') counts.no += g.n
    else counts.abstain += g.n
    if (g._id.channel === 'online') counts.online += g.n
    else counts.inPerson += g.n
  }
  let represented: number | undefined
  if (w.meetingKind === 'villagers') {
    const hh = (await db
      .collection(VOTES)
      .aggregate()
      .match({ ...match, householdId: _.neq(null) })
      .group({ _id: '$householdId' })
      .group({ _id: null, n: $.sum(1) })
      .limit(1)
      .end()) as { list: { n: number }[] }
    represented = hh.list[0]?.n ?? 0
  }
  return { ...counts, represented }
}

function evaluate(w: WindowDoc, counts: Awaited<ReturnType<typeof tally>>, settings: Settings): StoredResult {
  const present = counts.yes + counts.no + counts.abstain
  const households =
    counts.represented !== undefined
      ? { total: Math.max(w.householdTotal, counts.represented), represented: counts.represented }
      : undefined
  const r = evaluateMeeting(
    {
      kind: w.meetingKind,
      shouldAttend: Math.max(w.shouldAttend, present),
      present,
      votes: { yes: counts.yes, no: counts.no, abstain: counts.abstain },
      households,
      deliberation: w.step === 3,
    },
    settings,
  )
  const lines = [...r.lines]
  lines.splice(2, 0, `其中线上表决 ${counts.online} 人，现场表决 ${counts.inPerson} 人`)
  return {
    meetingKind: w.meetingKind,
    meetingLabel: MEETING_KIND_LABELS[w.meetingKind],
    outcome: r.outcome,
    outcomeLabel: r.outcomeLabel,
    shouldAttend: r.shouldAttend,
    present,
    yes: counts.yes,
    no: counts.no,
    abstain: counts.abstain,
    online: counts.online,
    inPerson: counts.inPerson,
    households,
    quorumMet: r.quorumMet,
    passed: r.passed,
    lines,
  }
}

function windowRow(w: WindowDoc, now: Date) {
  return {
    id: w._id,
    step: w.step,
    meetingKind: w.meetingKind,
    meetingLabel: MEETING_KIND_LABELS[w.meetingKind],
    openedAt: iso(w.openedAt)!,
    closesAt: iso(w.closesAt)!,
    phase: windowPhase(
      {
        openedAt: new Date(w.openedAt),
        closesAt: new Date(w.closesAt),
        closedAt: w.closedAt ? new Date(w.closedAt) : null,
      },
      now,
    ),
    closed: Boolean(w.closed),
    shouldAttend: w.shouldAttend,
    rosterSize: w.voterIds?.length ?? 0,
    result: w.result ?? undefined,
  }
}

function publicationRow(p: PublicationDoc) {
  return {
    id: p._id,
    matterId: p.matterId,
    step: p.step,
    stepLabel: STEP_LABELS[p.step],
    title: p.title,
    text: p.text,
    resultLines: p.resultLines,
    publishedAt: iso(p.publishedAt)!,
    publisherName: p.publisher.name,
  }
}

function requireOpen(w: WindowDoc, now: Date) {
  if (
    w.closed ||
    windowPhase(
      {
        openedAt: new Date(w.openedAt),
        closesAt: new Date(w.closesAt),
        closedAt: w.closedAt ? new Date(w.closedAt) : null,
      },
      now,
    ) !== 'open'
  ) {
    throw new AppError('FAILED_PRECONDITION', '表决已经截止，截止后的表决不再计入')
  }
}

async function resultLinesOf(db: Database, matterId: string): Promise<string[]> {
  const windows = await getDocs<WindowDoc>(
    db
      .collection(WINDOWS)
      .where({ matterId })
      .field({ voters: false, voterIds: false })
      .orderBy('openedAt', 'asc')
      .limit(20),
  )
  return windows.filter((w) => w.result).flatMap((w) => [`第${w.step}步 ${STEP_LABELS[w.step]}：`, ...w.result!.lines])
}

// ---- handlers ----

export const main = createMain(deliberationContract, {
  async listMatters({ villageId, offset, limit }, ctx) {
    const { settings } = await villageSettings(ctx.db, villageId)
    const matters = await getDocs<MatterDoc>(
      ctx.db
        .collection(MATTERS)
        .where({ villageId })
        .field({ history: false, content: false })
        .orderBy('createdAt', 'desc')
        .skip(offset)
        .limit(limit + 1),
    )
    return {
      matters: matters.slice(0, limit).map((m) => summaryOf(m, ctx.now, settings.deliberationStuckDays)),
      nextOffset: matters.length > limit ? offset + limit : undefined,
    }
  },

  async getMatter({ villageId, matterId }, ctx) {
    const { db, now } = ctx
    const [m, { settings }, windows, publications] = await Promise.all([
      loadMatter(db, villageId, matterId),
      villageSettings(db, villageId),
      getDocs<WindowDoc>(
        db
          .collection(WINDOWS)
          .where({ matterId, villageId })
          .field({ voters: false })
          .orderBy('openedAt', 'asc')
          .limit(20),
      ),
      getDocs<PublicationDoc>(
        db.collection(PUBLICATIONS).where({ matterId, villageId }).orderBy('publishedAt', 'asc').limit(20),
      ),
    ])
    const me = myPersonId(ctx, villageId)
    const _ = db.command
    const mine =
      me && windows.length
        ? await getDocs<VoteDoc>(
            db
              .collection(VOTES)
              .where({ _id: _.in(windows.map((w) => voteId(w._id, me))) })
              .limit(20),
          )
        : []
    const principal = await ctx.principal()
    const canRun = principal.memberships.some(
      (g) =>
        g.villageId === villageId &&
        g.roles.some((r) => (deliberationContract.actions.createMatter.roles as readonly string[]).includes(r)),
    )
    return {
      ...summaryOf(m, now, settings.deliberationStuckDays),
      content: m.content,
      attachments: m.attachments ?? [],
      history: (m.history ?? []).map((h) => ({
        at: iso(h.at)!,
        step: h.step,
        action: h.action,
        actionLabel: ACTION_LABELS[h.action],
        byName: h.by?.name ?? '',
        meeting: h.meeting,
        note: h.note,
      })),
      noticeAt: Object.fromEntries(
        [
          ['3', m.notice3At],
          ['4', m.notice4At],
        ]
          .filter(([, v]) => v)
          .map(([k, v]) => [k as string, iso(v as Date)!]),
      ),
      windows: windows.map((w) => windowRow(w, now)),
      publications: publications.map(publicationRow),
      myBallots: windows.map((w) => {
        const v = mine.find((x) => x.windowId === w._id)
        return {
          windowId: w._id,
          onRoster: Boolean(me && w.voterIds?.includes(me)),
          voted: Boolean(v),
          choice: v?.choice,
          channel: v?.channel,
          at: iso(v?.at),
        }
      }),
      canRun,
    }
  },

  async createMatter({ villageId, title, content, attachments, category, origin, meeting }, ctx) {
    const village = await getVillage(ctx.db, villageId)
    const by = actorOf(ctx, villageId)
    const _id = newId('dm')
    const doc: MatterDoc = {
      _id,
      villageId,
      townshipId: village.townshipId,
      title,
      content,
      attachments,
      category,
      origin,
      // Step 1 (the branch's proposal) is made by creating the matter: it now waits for step 2.
      step: 2,
      status: 'working',
      stepSince: ctx.now,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      revision: 1,
      passedSteps: [1],
      history: [{ at: ctx.now, step: 1, action: 'proposed', by, meeting, note: `来源：${ORIGIN_LABELS[origin]}` }],
    }
    await ctx.db.collection(MATTERS).add({ data: doc as unknown as Record<string, unknown> })
    await count(ctx.db, doc, countsDelta(category, null, { step: doc.step, status: doc.status }))
    ctx.touch({ collection: MATTERS, id: _id })
    return { matterId: _id }
  },

  async recordStep({ villageId, matterId, step, outcome, meeting, note }, ctx) {
    const m = await loadMatter(ctx.db, villageId, matterId)
    const next = apply(m, { type: 'decide', step: step as Step, outcome })
    await commit(
      ctx.db,
      m,
      next,
      { at: ctx.now, step: step as Step, action: outcome, by: actorOf(ctx, villageId), meeting, note },
      ctx.now,
    )
    ctx.touch({ collection: MATTERS, id: matterId })
    return next
  },

  async repropose({ villageId, matterId, title, content, note }, ctx) {
    const m = await loadMatter(ctx.db, villageId, matterId)
    apply(m, { type: 'repropose' })
    // Re-proposing is step 1 again: the branch's new proposal, then on to step 2.
    const next = { step: 2 as Step, status: 'working' as MatterStatus }
    const extra: Record<string, unknown> = {
      revision: (m.revision ?? 1) + 1,
      passedSteps: [1],
      notice3At: null,
      notice4At: null,
      notice4Kind: null,
      currentWindowId: null,
    }
    if (title) extra.title = title
    if (content) extra.content = content
    await commit(
      ctx.db,
      m,
      next,
      { at: ctx.now, step: 1, action: 'reproposed', by: actorOf(ctx, villageId), note },
      ctx.now,
      extra,
    )
    ctx.touch({ collection: MATTERS, id: matterId })
    return next
  },

  async withdraw({ villageId, matterId, note }, ctx) {
    const m = await loadMatter(ctx.db, villageId, matterId)
    const next = apply(m, { type: 'withdraw' })
    await commit(
      ctx.db,
      m,
      next,
      { at: ctx.now, step: m.step, action: 'withdrawn', by: actorOf(ctx, villageId), note },
      ctx.now,
    )
    ctx.touch({ collection: MATTERS, id: matterId })
    return { status: next.status }
  },

  async sendNotice({ villageId, matterId, step, meetingKind }, ctx) {
    const { db, now } = ctx
    const m = await loadMatter(db, villageId, matterId)
    if (m.step !== step || m.status !== 'working')
      throw new AppError(
        'FAILED_PRECONDITION',
        `议题现在处于第${m.step}步「${STEP_LABELS[m.step]}」（${STATUS_LABELS[m.status]}），不能送达第${step}步的议题`,
      )
    const kind = step === 4 ? (meetingKind ?? 'representatives') : null
    const roster = await rosterFor(db, villageId, step, kind)
    const _ = db.command
    const data: Record<string, unknown> = step === 3 ? { notice3At: now } : { notice4At: now, notice4Kind: kind }
    data.history = _.push([
      {
        at: now,
        step,
        action: 'notice_sent',
        by: actorOf(ctx, villageId),
        note: `送达 ${roster.length} 人${kind ? `（${MEETING_KIND_LABELS[kind]}）` : ''}`,
      },
    ])
    const r = (await db
      .collection(MATTERS)
      .where({ _id: matterId, villageId, step, status: 'working' })
      .update({ data })) as { stats?: { updated?: number } }
    if (r.stats?.updated !== 1) throw new AppError('CONFLICT', '议题刚被他人办理过，请刷新后再试')
    await notify(
      db,
      roster.map((p) => ({
        villageId,
        townshipId: m.townshipId,
        personId: p.id,
        openid: p.openid,
        template: 'deliberation_notice',
        title: `议题送达：${m.title}`,
        lines: [
          { label: '议题', value: m.title },
          { label: '环节', value: STEP_LABELS[step] },
        ],
        page: `${PAGE}?villageId=${villageId}&matterId=${matterId}`,
        subject: `deliberation:${matterId}`,
      })),
      now,
    )
    ctx.touch({ collection: MATTERS, id: matterId })
    return { noticeAt: now.toISOString(), recipients: roster.length }
  },

  async openVoting({ villageId, matterId, step, meetingKind, closesAt }, ctx) {
    const { db, now } = ctx
    const m = await loadMatter(db, villageId, matterId)
    const next = apply(m, { type: 'open_voting', step })
    const close = new Date(closesAt)
    if (close.getTime() - now.getTime() < MIN_WINDOW_MS)
      throw new AppError('FAILED_PRECONDITION', '截止时间至少要在一分钟以后')
    if (close.getTime() - now.getTime() > MAX_WINDOW_MS)
      throw new AppError('FAILED_PRECONDITION', '表决时间不能超过30天')
    const kind: Step4Kind | null = step === 4 ? (meetingKind ?? m.notice4Kind ?? 'representatives') : null
    if (step === 4 && m.notice4Kind && m.notice4Kind !== kind)
      throw new AppError(
        'FAILED_PRECONDITION',
        `送达时确定的是${MEETING_KIND_LABELS[m.notice4Kind]}，不能改为${MEETING_KIND_LABELS[kind!]}`,
      )
    const { settings, village } = await villageSettings(db, villageId)
    const days = noticeDaysRequired(step, kind, settings)
    const notice = checkNotice(
      step === 3 ? (m.notice3At ? new Date(m.notice3At) : null) : m.notice4At ? new Date(m.notice4At) : null,
      days,
      now,
    )
    if (!notice.ok) {
      const when = notice.earliest ? `，最早可在北京时间 ${formatBeijing(notice.earliest)} 以后开始` : ''
      throw new AppError('FAILED_PRECONDITION', `${notice.reason}${when}`)
    }
    const roster = await rosterFor(db, villageId, step, kind)
    if (roster.length === 0) throw new AppError('FAILED_PRECONDITION', '名单上没有有表决权的人，请先完善花名册')
    const mk = meetingKindOf(step, kind)
    const shouldAttend = mk === 'villagers' ? Math.max(village.registeredAdults ?? 0, roster.length) : roster.length
    const windowId = newId('dw')
    // Claim the step first (conditional on its state), so two cadres cannot open two windows.
    await commit(
      db,
      m,
      next,
      {
        at: now,
        step,
        action: 'voting_opened',
        by: actorOf(ctx, villageId),
        note: `${MEETING_KIND_LABELS[mk]}，名单 ${roster.length} 人，截止 ${formatBeijing(close)}`,
      },
      now,
      { currentWindowId: windowId },
    )
    const w: WindowDoc = {
      _id: windowId,
      matterId,
      villageId,
      townshipId: m.townshipId,
      step,
      meetingKind: mk,
      openedAt: now,
      closesAt: close,
      closed: false,
      closedAt: null,
      shouldAttend,
      householdTotal: village.householdCount ?? 0,
      voterIds: roster.map((p) => p.id),
      voters: roster.map((p) => ({ personId: p.id, name: p.name, householdId: p.householdId ?? null })),
      openedBy: actorOf(ctx, villageId),
    }
    await db.collection(WINDOWS).add({ data: w as unknown as Record<string, unknown> })
    const remindAt = reminderAt(now, close)
    const common = { villageId, townshipId: m.townshipId, page: `${PAGE}?villageId=${villageId}&matterId=${matterId}` }
    await notify(
      db,
      roster.flatMap((p) => [
        {
          ...common,
          personId: p.id,
          openid: p.openid,
          template: 'deliberation_voting',
          title: `请表决：${m.title}`,
          lines: [
            { label: '议题', value: m.title },
            { label: '环节', value: STEP_LABELS[step] },
            { label: '截止时间', value: formatBeijing(close) },
          ],
          subject: `deliberation:${windowId}`,
        },
        {
          ...common,
          personId: p.id,
          openid: p.openid,
          template: 'deliberation_reminder',
          title: `表决即将截止：${m.title}`,
          lines: [
            { label: '议题', value: m.title },
            { label: '截止时间', value: formatBeijing(close) },
          ],
          dueAt: remindAt,
          subject: reminderSubject(windowId, p.id),
        },
      ]),
      now,
    )
    ctx.touch({ collection: MATTERS, id: matterId }, { collection: WINDOWS, id: windowId })
    return { windowId, rosterSize: roster.length, shouldAttend, closesAt: close.toISOString() }
  },

  async castVote({ villageId, windowId, choice, remark }, ctx) {
    const { db, now } = ctx
    const me = myPersonId(ctx, villageId)
    if (!me) throw new AppError('FAILED_PRECONDITION', '您不在本村花名册上，不能表决')
    // One read answers both "does the window exist" and "is this person on its frozen roster".
    const [w] = await getDocs<WindowDoc>(
      db
        .collection(WINDOWS)
        .where({ _id: windowId, villageId, voterIds: me })
        .field({ voters: false, voterIds: false })
        .limit(1),
    )
    if (!w) {
      await loadWindow(db, villageId, windowId, false)
      throw new AppError('FAILED_PRECONDITION', '您不在这次表决的名单上（名单在表决开始时确定）')
    }
    requireOpen(w, now)
    const vote: VoteDoc = {
      _id: voteId(windowId, me),
      windowId,
      matterId: w.matterId,
      villageId,
      townshipId: w.townshipId,
      step: w.step,
      personId: me,
      householdId: null,
      choice,
      channel: 'online',
      at: now,
    }
    if (remark) vote.remark = remark
    if (w.meetingKind === 'villagers') {
      const [full] = await getDocs<WindowDoc>(
        db.collection(WINDOWS).where({ _id: windowId }).field({ voters: true }).limit(1),
      )
      vote.householdId = full?.voters.find((v) => v.personId === me)?.householdId ?? null
    }
    ctx.touch({ collection: VOTES, id: vote._id })
    try {
      await Promise.all([
        db.collection(VOTES).add({ data: vote as unknown as Record<string, unknown> }),
        cancelNotices(db, reminderSubject(windowId, me), now).catch(() => 0),
      ])
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      const [existing] = await getDocs<VoteDoc>(db.collection(VOTES).where({ _id: vote._id }).limit(1))
      // The same online vote sent again (answer lost on a weak network): answer as before.
      if (existing && existing.channel === 'online' && existing.choice === choice) {
        return { windowId, choice, channel: 'online' as const, at: iso(existing.at)!, already: true }
      }
      throw new AppError(
        'CONFLICT',
        existing?.channel === 'in_person' ? '您已在现场会议表决，不能再线上表决' : '您已经表决过，表决不能更改',
      )
    }
    return { windowId, choice, channel: 'online' as const, at: now.toISOString(), already: false }
  },

  async recordInPersonVotes({ villageId, windowId, votes }, ctx) {
    const { db, now } = ctx
    const w = await loadWindow(db, villageId, windowId)
    requireOpen(w, now)
    const _ = db.command
    const refused: { personId: string; reason: string }[] = []
    const seen = new Set<string>()
    const byId = new Map(w.voters.map((v) => [v.personId, v]))
    const candidates = votes.filter((v) => {
      if (seen.has(v.personId)) return refused.push({ personId: v.personId, reason: '同一人录入了两次' }) && false
      seen.add(v.personId)
      if (!byId.has(v.personId)) return refused.push({ personId: v.personId, reason: '不在这次表决的名单上' }) && false
      return true
    })
    const existing = candidates.length
      ? await getDocs<Pick<VoteDoc, '_id' | 'personId' | 'channel'>>(
          db
            .collection(VOTES)
            .where({ _id: _.in(candidates.map((v) => voteId(windowId, v.personId))) })
            .field({ personId: true, channel: true })
            .limit(1000),
        )
      : []
    const done = new Map(existing.map((e) => [e.personId, e.channel]))
    const by = actorOf(ctx, villageId)
    const docs: VoteDoc[] = []
    for (const v of candidates) {
      const channel = done.get(v.personId)
      if (channel) {
        refused.push({
          personId: v.personId,
          reason:
            channel === 'online'
              ? `${byId.get(v.personId)!.name}已在线上表决`
              : `${byId.get(v.personId)!.name}的现场表决已录入`,
        })
        continue
      }
      const doc: VoteDoc = {
        _id: voteId(windowId, v.personId),
        windowId,
        matterId: w.matterId,
        villageId,
        townshipId: w.townshipId,
        step: w.step,
        personId: v.personId,
        householdId: byId.get(v.personId)!.householdId ?? null,
        choice: v.choice,
        channel: 'in_person',
        at: now,
        recordedBy: by,
      }
      if (v.remark) doc.remark = v.remark
      docs.push(doc)
    }
    let recorded = 0
    if (docs.length) {
      try {
        await db.collection(VOTES).add({ data: docs as unknown as Record<string, unknown>[] } as never)
        recorded = docs.length
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
        // Someone voted online meanwhile: insert one by one, refusing the ones already taken.
        for (const d of docs) {
          try {
            await db.collection(VOTES).add({ data: d as unknown as Record<string, unknown> })
            recorded++
          } catch (e) {
            if (!isDuplicateKey(e)) throw e
            refused.push({ personId: d.personId, reason: `${byId.get(d.personId)!.name}已经表决过` })
          }
        }
      }
    }
    ctx.touch(...docs.map((d) => ({ collection: VOTES, id: d._id, personId: d.personId })))
    return { recorded, refused }
  },

  async listVoters({ villageId, windowId, onlyNotVoted, offset, limit }, ctx) {
    const { db } = ctx
    const w = await loadWindow(db, villageId, windowId)
    const _ = db.command
    const votedCount = ((await db.collection(VOTES).where({ windowId }).count()) as { total: number }).total
    let list: Voter[]
    let voted: Map<string, VoteChannel>
    if (onlyNotVoted) {
      const all = await getAll<Pick<VoteDoc, 'personId' | 'channel'>>(
        db.collection(VOTES).where({ windowId }).field({ personId: true, channel: true }).orderBy('_id', 'asc'),
        20000,
      )
      voted = new Map(all.map((v) => [v.personId, v.channel]))
      list = w.voters.filter((v) => !voted.has(v.personId))
    } else {
      list = w.voters
      const pageIds = list.slice(offset, offset + limit).map((v) => voteId(windowId, v.personId))
      const found = pageIds.length
        ? await getDocs<Pick<VoteDoc, 'personId' | 'channel'>>(
            db
              .collection(VOTES)
              .where({ _id: _.in(pageIds) })
              .field({ personId: true, channel: true })
              .limit(1000),
          )
        : []
      voted = new Map(found.map((v) => [v.personId, v.channel]))
    }
    const pageList = list.slice(offset, offset + limit)
    ctx.touch(...pageList.map((v) => ({ collection: 'people', id: v.personId, personId: v.personId })))
    return {
      voters: pageList.map((v) => ({
        personId: v.personId,
        name: v.name,
        voted: voted.has(v.personId),
        channel: voted.get(v.personId),
      })),
      total: list.length,
      votedCount,
      nextOffset: offset + limit < list.length ? offset + limit : undefined,
    }
  },

  async remindNonVoters({ villageId, windowId }, ctx) {
    const { db, now } = ctx
    const w = await loadWindow(db, villageId, windowId)
    requireOpen(w, now)
    const all = await getAll<Pick<VoteDoc, 'personId'>>(
      db.collection(VOTES).where({ windowId }).field({ personId: true }).orderBy('_id', 'asc'),
      20000,
    )
    const voted = new Set(all.map((v) => v.personId))
    const waiting = w.voters.filter((v) => !voted.has(v.personId))
    const m = await loadMatter(db, villageId, w.matterId)
    const openids = waiting.length
      ? await getAll<Pick<PersonDoc, '_id' | 'openid'>>(
          db
            .collection('people')
            .where({ villageId, _id: db.command.in(waiting.map((v) => v.personId)) })
            .field({ openid: true })
            .orderBy('_id', 'asc'),
          20000,
        )
      : []
    const openidOf = new Map(openids.map((p) => [p._id, p.openid ?? null]))
    await notify(
      db,
      waiting.map((v) => ({
        villageId,
        townshipId: w.townshipId,
        personId: v.personId,
        openid: openidOf.get(v.personId) ?? null,
        template: 'deliberation_reminder',
        title: `表决即将截止：${m.title}`,
        lines: [
          { label: '议题', value: m.title },
          { label: '截止时间', value: formatBeijing(w.closesAt) },
        ],
        page: `${PAGE}?villageId=${villageId}&matterId=${w.matterId}`,
        subject: `deliberation:${windowId}`,
      })),
      now,
    )
    ctx.touch({ collection: WINDOWS, id: windowId })
    return { reminded: waiting.length }
  },

  async closeVoting({ villageId, windowId, ifRejected }, ctx) {
    const { db, now } = ctx
    const w = await loadWindow(db, villageId, windowId)
    if (w.closed) throw new AppError('FAILED_PRECONDITION', '这次表决已经计票')
    const m = await loadMatter(db, villageId, w.matterId)
    if (m.currentWindowId !== windowId) throw new AppError('FAILED_PRECONDITION', '这次表决不是议题当前的表决')
    const { settings } = await villageSettings(db, villageId)
    const counts = await tally(db, w)
    const cast = counts.yes + counts.no + counts.abstain
    const rosterSize = w.voterIds.length
    if (now.getTime() < new Date(w.closesAt).getTime() && cast < rosterSize) {
      throw new AppError(
        'FAILED_PRECONDITION',
        `表决还没有截止（截止时间 ${iso(w.closesAt)}），名单上还有 ${rosterSize - cast} 人未表决`,
      )
    }
    // Nothing after this instant counts; early close (everyone has voted) ends the window now.
    const closedAt = now.getTime() < new Date(w.closesAt).getTime() ? now : new Date(w.closesAt)
    const result = evaluate(w, counts, settings)
    const outcome = result.passed ? 'passed' : ifRejected
    const next = apply(m, { type: 'close_voting', step: w.step, outcome })
    const claimed = (await db
      .collection(WINDOWS)
      .where({ _id: windowId, closed: false })
      .update({ data: { closed: true, closedAt, closesAt: closedAt, result } })) as { stats?: { updated?: number } }
    if (claimed.stats?.updated !== 1) throw new AppError('CONFLICT', '这次表决刚被他人计票，请刷新')
    await commit(
      db,
      m,
      next,
      {
        at: now,
        step: w.step,
        action: 'voting_closed',
        by: actorOf(ctx, villageId),
        note: `${result.meetingLabel}：${result.outcomeLabel}（赞成 ${result.yes}，反对 ${result.no}，弃权 ${result.abstain}）`,
      },
      now,
      { currentWindowId: null },
    )
    if (result.passed)
      await db
        .collection(MATTERS)
        .where({ _id: m._id })
        .update({ data: { passedSteps: db.command.push([w.step]) } })
    ctx.touch({ collection: WINDOWS, id: windowId }, { collection: MATTERS, id: m._id })
    return { result, step: next.step, status: next.status }
  },

  async previewPublication({ villageId, matterId, text, keep }, ctx) {
    const m = await loadMatter(ctx.db, villageId, matterId)
    const village = await getVillage(ctx.db, villageId)
    const r = deidentify(text, { keep: [...keep, village.serviceCentre?.phone ?? ''].filter(Boolean) })
    return {
      text: r.text,
      masked: r.masked.map(({ kind, label, original, masked }) => ({ kind, label, original, masked })),
      resultLines: await resultLinesOf(ctx.db, m._id),
    }
  },

  async publish({ villageId, matterId, step, text, keep }, ctx) {
    const { db, now } = ctx
    const m = await loadMatter(db, villageId, matterId)
    const next = apply(m, { type: 'publish', step })
    const village = await getVillage(db, villageId)
    const keepList = [...keep, village.serviceCentre?.phone ?? ''].filter(Boolean)
    const body = deidentify(text, { keep: keepList })
    const title = deidentify(m.title, { keep: keepList })
    const by = actorOf(ctx, villageId)
    const pub: PublicationDoc = {
      _id: newId('dp'),
      villageId,
      townshipId: m.townshipId,
      matterId,
      step,
      title: title.text,
      text: body.text,
      resultLines: step === 5 ? await resultLinesOf(db, matterId) : [],
      publishedAt: now,
      publisher: by,
      maskedCount: body.masked.length + title.masked.length,
    }
    await commit(
      db,
      m,
      next,
      {
        at: now,
        step,
        action: 'published',
        by,
        note: body.masked.length ? `隐去 ${body.masked.length} 处个人信息` : undefined,
      },
      now,
    )
    await db.collection(PUBLICATIONS).add({ data: pub as unknown as Record<string, unknown> })
    ctx.touch({ collection: MATTERS, id: matterId }, { collection: PUBLICATIONS, id: pub._id })
    return {
      publicationId: pub._id,
      text: pub.text,
      masked: [...title.masked, ...body.masked].map(({ kind, label, original, masked }) => ({
        kind,
        label,
        original,
        masked,
      })),
      step: next.step,
      status: next.status,
    }
  },

  async publicBoard({ villageId, offset, limit }, { db }) {
    const village = await getVillage(db, villageId)
    const pubs = await getDocs<PublicationDoc>(
      db
        .collection(PUBLICATIONS)
        .where({ villageId })
        .orderBy('publishedAt', 'desc')
        .skip(offset)
        .limit(limit + 1),
    )
    return {
      villageName: village.name,
      publications: pubs.slice(0, limit).map(publicationRow),
      nextOffset: pubs.length > limit ? offset + limit : undefined,
    }
  },

  async myBallots({ villageId }, ctx) {
    const { db, now } = ctx
    const me = myPersonId(ctx, villageId)
    if (!me) return { ballots: [] }
    const windows = await getDocs<WindowDoc>(
      db
        .collection(WINDOWS)
        .where({ villageId, closed: false, voterIds: me })
        .field({ voters: false, voterIds: false })
        .limit(50),
    )
    const open = windows.filter(
      (w) => windowPhase({ openedAt: new Date(w.openedAt), closesAt: new Date(w.closesAt) }, now) === 'open',
    )
    if (!open.length) return { ballots: [] }
    const _ = db.command
    const [votes, matters] = await Promise.all([
      getDocs<VoteDoc>(
        db
          .collection(VOTES)
          .where({ _id: _.in(open.map((w) => voteId(w._id, me))) })
          .field({ windowId: true, choice: true })
          .limit(50),
      ),
      getDocs<MatterDoc>(
        db
          .collection(MATTERS)
          .where({ _id: _.in(open.map((w) => w.matterId)), villageId })
          .field({ title: true })
          .limit(50),
      ),
    ])
    return {
      ballots: open.map((w) => {
        const v = votes.find((x) => x.windowId === w._id)
        return {
          windowId: w._id,
          matterId: w.matterId,
          title: matters.find((x) => x._id === w.matterId)?.title ?? '',
          step: w.step,
          meetingLabel: MEETING_KIND_LABELS[w.meetingKind],
          closesAt: iso(w.closesAt)!,
          voted: Boolean(v),
          choice: v?.choice,
        }
      }),
    }
  },

  async townshipOverview({ townshipId, onlyAttention, offset, limit }, { db, now }) {
    const township = await findById<TownshipDoc>(db, 'townships', townshipId)
    if (!township) throw new AppError('NOT_FOUND', '没有这个乡镇（街道）')
    // Bounded by live work, not by years of history: the figures come from the per-village counters; the list holds
    // the open matters and those closed in the last RECENT_DAYS (index {townshipId, status, stepSince}).
    const _ = db.command
    const fields = { history: false, content: false, attachments: false }
    const since = new Date(now.getTime() - RECENT_DAYS * 86400_000)
    const [{ settings }, villages, counters, open, closed] = await Promise.all([
      villageSettings(db, '', { settingsOverrides: {} } as unknown as VillageDoc),
      getAll<Pick<VillageDoc, '_id' | 'name'>>(
        db.collection('villages').where({ townshipId }).field({ name: true }).orderBy('order', 'asc'),
        2000,
      ),
      getAll<CountsDoc>(db.collection(COUNTS).where({ townshipId }), 2000),
      getAll<MatterDoc>(
        db
          .collection(MATTERS)
          .where({ townshipId, status: _.in(OPEN_STATUSES) })
          .field(fields)
          .orderBy('stepSince', 'asc'),
        10000,
      ),
      getAll<MatterDoc>(
        db
          .collection(MATTERS)
          .where({ townshipId, status: _.in(CLOSED_STATUSES), stepSince: _.gte(since) })
          .field(fields)
          .orderBy('stepSince', 'asc'),
        10000,
      ),
    ])
    const names = new Map(villages.map((v) => [v._id, v.name]))
    const rows = [...open, ...closed].map((m) =>
      summaryOf(m, now, settings.deliberationStuckDays, names.get(m.villageId)),
    )
    const counts = { ...townshipCounts(counters), stuck: rows.filter((r) => r.stuck).length }
    // Attention first: matters that left the method, then stuck ones (oldest first), then the rest.
    const rank = (r: (typeof rows)[number]) =>
      r.leftMethod
        ? 0
        : r.stuck
          ? 1
          : r.status === 'completed' || r.status === 'rejected' || r.status === 'withdrawn'
            ? 3
            : 2
    const sorted = rows
      .filter((r) => !onlyAttention || r.leftMethod || r.stuck)
      .sort((a, b) => rank(a) - rank(b) || b.ageDays - a.ageDays)
    return {
      matters: sorted.slice(offset, offset + limit),
      counts,
      stuckDays: settings.deliberationStuckDays,
      nextOffset: offset + limit < sorted.length ? offset + limit : undefined,
    }
  },

  async countyOverview(_input, { db }) {
    // Per-village counters maintained on every transition (deliberation_counts), summed in one aggregation:
    // O(villages), not every matter ever proposed.
    const $ = db.command.aggregate
    const group: Record<string, unknown> = { _id: null }
    for (const c of CATEGORY_KEYS) group[`category__${c}`] = $.sum(`$category.${c}`)
    for (const k of STAGE_KEYS) group[`stage__${k}`] = $.sum(`$stage.${k}`)
    const totals =
      ((await db.collection(COUNTS).aggregate().group(group).end()) as { list: Record<string, number>[] }).list[0] ?? {}
    const sums = {
      category: Object.fromEntries(CATEGORY_KEYS.map((c) => [c, totals[`category__${c}`] ?? 0])) as Record<
        string,
        number
      >,
      stage: Object.fromEntries(STAGE_KEYS.map((k) => [k, totals[`stage__${k}`] ?? 0])) as Record<string, number>,
    }
    const label = (key: string) =>
      key.startsWith('step')
        ? `第${key.slice(4)}步 ${STEP_LABELS[Number(key.slice(4)) as Step]}`
        : STATUS_LABELS[key as MatterStatus]
    return {
      byCategory: CATEGORY_KEYS.map((c) => ({ category: c, label: CATEGORIES[c].label, count: sums.category[c] ?? 0 })),
      byStage: STAGE_KEYS.filter((k) => (sums.stage[k] ?? 0) > 0).map((k) => ({
        key: k,
        label: label(k),
        count: sums.stage[k]!,
      })),
      total: Object.values(sums.category).reduce((n, c) => n + c, 0),
    }
  },

  async matterAudit({ villageId, matterId, offset, limit }, ctx) {
    const { db } = ctx
    const [m, { settings }] = await Promise.all([loadMatter(db, villageId, matterId), villageSettings(db, villageId)])
    const secret = settings.deliberationSecretBallot === 1
    const [windows, votes] = await Promise.all([
      getDocs<WindowDoc>(
        db.collection(WINDOWS).where({ matterId, villageId }).field({ voters: true, step: true }).limit(20),
      ),
      getDocs<VoteDoc>(
        db
          .collection(VOTES)
          .where({ matterId, villageId })
          .orderBy('at', 'asc')
          .skip(offset)
          .limit(limit + 1),
      ),
    ])
    const names = new Map(windows.flatMap((w) => w.voters.map((v) => [v.personId, v.name] as const)))
    const pageVotes = votes.slice(0, limit)
    ctx.touch(...pageVotes.map((v) => ({ collection: VOTES, id: v._id, personId: v.personId })))
    return {
      transitions: (m.history ?? []).map((h) => ({
        at: iso(h.at)!,
        step: h.step,
        actionLabel: ACTION_LABELS[h.action],
        byName: h.by?.name ?? '',
        note: h.note,
      })),
      votes: pageVotes.map((v) => ({
        at: iso(v.at)!,
        step: v.step,
        personName: names.get(v.personId) ?? '',
        channel: v.channel,
        choice: secret ? undefined : v.choice,
        recordedByName: v.recordedBy?.name,
      })),
      secret,
      nextOffset: votes.length > limit ? offset + limit : undefined,
    }
  },
})
