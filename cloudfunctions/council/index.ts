/**
 * 红白理事会: the council of a village, its versioned standards, filings checked against the standard in force on
 * the event date, review, actual figures and estimated savings, and the ledger/summaries.
 *
 * Every change of a filing and the counters of its village's month (collection `council_stats`, one document per
 * village per month) are written in one transaction, so the ledger and the township/county summaries read
 * O(villages × months) small documents and never scan filings.
 */
import { COUNCIL_FILERS, councilContract } from '../../common/contracts/council'
import { AppError } from '../../common/errors'
import { beijingDate } from '../../common/rules/beijing-time'
import {
  COUNTER_KEYS,
  EVENT_KIND_LABELS,
  FILING_STATUS_LABELS,
  MIN_EVENTS_FOR_PUBLIC_MONEY,
  addCounters,
  checkFigures,
  comparePlanned,
  counterDelta,
  deathInstant,
  defaultStandard,
  describeOver,
  estimateSavings,
  isBeijingDate,
  publicBoard,
  reportedOnTime,
  standardInForce,
  validateFigures,
  validateStandard,
  type Counters,
  type FieldError,
  type FilingStatus,
  type LedgerFacts,
  type Standard,
  type StandardValues,
} from '../../common/rules/council-standards'
import { effectiveSettings, type SettingsPatch } from '../../common/rules/settings'
import { VILLAGE_CADRES, type Role } from '../../common/roles'
import { getDocs, type Database } from '../_lib/cloud'
import { scheduleNotices, type NoticeInput } from '../_lib/notify'
import type { Membership } from '../_lib/principal'
import {
  COUNTY_ID,
  findById,
  getAll,
  getInVillage,
  getVillage,
  iso,
  newId,
  type CountyDoc,
  type GridDoc,
  type HouseholdDoc,
  type PersonDoc,
  type TownshipDoc,
  type VillageDoc,
} from '../_lib/records'
import { createMain, type HandlerContext } from '../_lib/runtime'
import {
  COUNCILS,
  FILINGS,
  STANDARDS,
  STATS,
  type CouncilDoc,
  type CouncilStatsDoc as StatsDoc,
  type FilingDoc,
  type StandardDoc,
} from './store'
import { inTransaction, txGet, withoutId, type Tx } from '../_lib/transaction'
import { C } from '../_lib/collections'

// ---- who is calling ----

interface Caller {
  /** The village membership the call goes through (absent for township/county organisers). */
  membership?: Membership
  personId: string | null
  name: string
  roles: Role[]
  supervisor: boolean
}

function callerOf(ctx: HandlerContext, villageId: string): Caller {
  const village = ctx.granted.find((m) => m.villageId === villageId)
  if (village)
    return {
      membership: village,
      personId: village.personId ?? null,
      name: village.name ?? '',
      roles: village.roles,
      supervisor: false,
    }
  const sup = ctx.granted[0]
  return { personId: null, name: sup?.name ?? '', roles: sup?.roles ?? [], supervisor: true }
}

const councilPersonIds = (c: CouncilDoc | null | undefined): string[] =>
  c
    ? [c.chair?.personId, c.liaison?.personId, ...c.members.map((m) => m.personId)].filter((x): x is string =>
        Boolean(x),
      )
    : []

/** On the council — or, while the village has named no chair, its branch secretary (who chairs it by custom). */
function canReview(caller: Caller, council: CouncilDoc | null | undefined): boolean {
  if (caller.supervisor || !caller.personId) return false
  if (councilPersonIds(council).includes(caller.personId)) return true
  return !council?.chair && caller.roles.includes('branch_secretary')
}

type FileScope = 'all' | 'grids' | 'household' | 'none'

function fileScope(caller: Caller, council: CouncilDoc | null | undefined): FileScope {
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

async function ledGridIds(db: Database, villageId: string, personId: string | null): Promise<string[]> {
  if (!personId) return []
  const grids = await getDocs<GridDoc>(
    db.collection(C.grids).where({ villageId, leaderPersonId: personId }).field({ _id: true }).limit(100),
  )
  return grids.map((g) => g._id)
}

async function ownHouseholdId(db: Database, villageId: string, personId: string | null): Promise<string | null> {
  if (!personId) return null
  const [person] = await getDocs<PersonDoc>(
    db.collection(C.people).where({ _id: personId, villageId }).field({ householdId: true }).limit(1),
  )
  return person?.householdId ?? null
}

// ---- standards ----

async function countyDefault(db: Database, village: VillageDoc): Promise<Standard> {
  const county = await findById<CountyDoc>(db, C.counties, COUNTY_ID)
  const settings = effectiveSettings(
    (county?.settings ?? {}) as SettingsPatch,
    (village.settingsOverrides ?? {}) as SettingsPatch,
  )
  return defaultStandard(settings)
}

const asStandard = (d: StandardDoc): Standard => ({
  version: d.version,
  effectiveFrom: d.effectiveFrom,
  wedding: d.wedding,
  funeral: d.funeral,
  rules: d.rules,
  baseline: d.baseline,
})

async function villageStandards(
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

const inForce = (s: { versions: Standard[]; fallback: Standard }, date: string): Standard =>
  standardInForce(s.versions, date) ?? s.fallback

const loadCouncil = (db: Database, villageId: string) => findById<CouncilDoc>(db, COUNCILS, villageId)

// ---- filings and the month counters ----

function factsOf(f: FilingDoc | null): LedgerFacts | null {
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
async function writeWithStats(tx: Tx, before: FilingDoc | null, after: FilingDoc, now: Date): Promise<void> {
  const delta = counterDelta(factsOf(before), factsOf(after))
  const statsId = `${after.villageId}-${after.month}`
  const previous = await txGet<StatsDoc>(tx, STATS, statsId)
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

async function changeFiling(
  db: Database,
  villageId: string,
  filingId: string,
  now: Date,
  change: (f: FilingDoc) => FilingDoc,
): Promise<FilingDoc> {
  return inTransaction(db, async (tx) => {
    const f = await txGet<FilingDoc>(tx, FILINGS, filingId)
    if (!f || f.villageId !== villageId) throw new AppError('NOT_FOUND', '本村没有这件报备')
    const next = change(revive(f))
    await writeWithStats(tx, f, next, now)
    return next
  })
}

/** Dates come back from the database as Date or ISO strings depending on the path; make them Dates. */
function revive(f: FilingDoc): FilingDoc {
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

function fieldErrors(errors: FieldError[]): never {
  throw new AppError('INVALID_ARGUMENT', errors[0]!.message, errors)
}

async function filingForReviewer(
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

const row = (f: FilingDoc) => ({
  id: f._id,
  kind: f.kind,
  householdId: f.householdId,
  householdLabel: f.householdLabel,
  gridId: f.gridId ?? undefined,
  eventDate: f.eventDate,
  status: f.status,
  compliance: f.compliance,
  overCount: (f.actualCheck ?? f.check).overKeys.length,
  filedAt: iso(f.filedAt)!,
  filedByName: f.filedBy.name,
  filedLate: f.filedLate,
})

async function notify(
  db: Database,
  now: Date,
  village: { _id: string; townshipId: string },
  personIds: string[],
  input: Omit<NoticeInput, 'villageId' | 'townshipId' | 'personId' | 'openid'>,
) {
  const ids = [...new Set(personIds)].slice(0, 20)
  if (!ids.length) return
  try {
    const people = await getDocs<PersonDoc>(
      db
        .collection(C.people)
        .where({ _id: db.command.in(ids), villageId: village._id })
        .field({ openid: true })
        .limit(20),
    )
    await scheduleNotices(
      db,
      people.map((p) => ({
        ...input,
        villageId: village._id,
        townshipId: village.townshipId,
        personId: p._id,
        openid: p.openid ?? null,
      })),
      now,
    )
  } catch (error) {
    // The filing is saved; a notice that could not be queued must not turn it into a failure (and a resend).
    console.error('[council] notice could not be queued', error)
  }
}

const yearOf = (month: string) => Number(month.slice(0, 4))

function sumRows<T extends Partial<Counters>>(rows: readonly T[]): Counters {
  return addCounters(...rows)
}

export const main = createMain(councilContract, {
  async board({ villageId, year }, { db, now }) {
    const village = await getVillage(db, villageId)
    const today = beijingDate(now)
    const y = year ?? yearOf(today)
    const [standards, months] = await Promise.all([
      villageStandards(db, village),
      getDocs<StatsDoc>(db.collection(STATS).where({ villageId, year: y }).limit(12)),
    ])
    const board = publicBoard(months)
    return {
      villageName: village.name,
      year: y,
      standard: inForce(standards, today),
      ...board,
      savingsNote: board.moneyWithheld
        ? `办结的事少于 ${MIN_EVENTS_FOR_PUBLIC_MONEY} 件，为不让人推算出某一户的花费，暂不公布金额`
        : '节约金额是估算：按村里移风易俗前的平均花费（或家庭自述）减去实际花费，不是实测数',
    }
  },

  async getCouncil({ villageId }, ctx) {
    const { db, now } = ctx
    const village = await getVillage(db, villageId)
    const [council, standards] = await Promise.all([loadCouncil(db, villageId), villageStandards(db, village)])
    const today = beijingDate(now)
    const caller = callerOf(ctx, villageId)
    const scope = fileScope(caller, council)
    const canFile =
      !caller.supervisor &&
      scope !== 'none' &&
      caller.roles.some((r) => (COUNCIL_FILERS as readonly Role[]).includes(r))
    return {
      villageName: village.name,
      today,
      council: council
        ? {
            chair: council.chair,
            members: council.members,
            liaison: council.liaison,
            termStart: council.termStart,
            termEnd: council.termEnd,
          }
        : null,
      standards: [...standards.versions, standards.fallback],
      current: inForce(standards, today).version,
      me: {
        canFile,
        canReview: canReview(caller, council),
        canManage:
          caller.supervisor || caller.roles.includes('branch_secretary') || caller.roles.includes('first_secretary'),
        fileScope: canFile ? scope : ('none' as const),
      },
    }
  },

  async saveCouncil({ villageId, chairPersonId, members, liaisonPersonId, termStart, termEnd }, { db, now, touch }) {
    const village = await getVillage(db, villageId)
    if (!isBeijingDate(termStart) || !isBeijingDate(termEnd)) throw new AppError('INVALID_ARGUMENT', '任期日期不正确')
    if (termEnd < termStart) throw new AppError('INVALID_ARGUMENT', '任期结束不能早于开始')
    const ids = [
      ...new Set(
        [chairPersonId, liaisonPersonId, ...members.map((m) => m.personId)].filter((x): x is string => Boolean(x)),
      ),
    ]
    const people = await getDocs<PersonDoc>(
      db
        .collection(C.people)
        .where({ _id: db.command.in(ids), villageId })
        .field({ name: true })
        .limit(100),
    )
    const nameOf = (id: string) => {
      const p = people.find((x) => x._id === id)
      if (!p) throw new AppError('NOT_FOUND', '本村花名册中没有所选的人')
      return { personId: id, name: p.name }
    }
    const gridIds = [...new Set(members.flatMap((m) => m.gridIds))]
    if (gridIds.length) {
      const grids = await getDocs<GridDoc>(
        db
          .collection(C.grids)
          .where({ _id: db.command.in(gridIds), villageId })
          .field({ _id: true })
          .limit(100),
      )
      if (grids.length !== gridIds.length) throw new AppError('NOT_FOUND', '本村没有所选的网格')
    }
    const doc = {
      villageId,
      townshipId: village.townshipId,
      chair: nameOf(chairPersonId),
      members: members.map((m) => ({ ...nameOf(m.personId), gridIds: m.gridIds, groups: m.groups })),
      liaison: liaisonPersonId ? nameOf(liaisonPersonId) : null,
      termStart,
      termEnd,
      updatedAt: now,
    }
    await inTransaction(db, async (tx) => {
      const existing = await txGet<CouncilDoc>(tx, COUNCILS, villageId)
      await tx
        .collection(COUNCILS)
        .doc(villageId)
        .set({ data: { ...doc, standardsCount: existing?.standardsCount ?? 0 } })
    })
    touch({ collection: COUNCILS, id: villageId })
    return { saved: true }
  },

  async addStandard({ villageId, effectiveFrom, wedding, funeral, rules, baseline }, ctx) {
    const { db, now, touch } = ctx
    const village = await getVillage(db, villageId)
    const values: StandardValues = {
      wedding,
      funeral,
      rules: rules.trim(),
      baseline: { ...baseline, source: baseline.source.trim() },
    }
    const errors = validateStandard(values, effectiveFrom, beijingDate(now))
    if (errors.length) {
      if (errors[0]!.path === 'effectiveFrom' && isBeijingDate(effectiveFrom))
        throw new AppError('FAILED_PRECONDITION', errors[0]!.message, errors)
      fieldErrors(errors)
    }
    const caller = callerOf(ctx, villageId)
    const version = await inTransaction(db, async (tx) => {
      const council = await txGet<CouncilDoc>(tx, COUNCILS, villageId)
      const next = (council?.standardsCount ?? 0) + 1
      const base = council
        ? withoutId(council)
        : {
            villageId,
            townshipId: village.townshipId,
            chair: null,
            members: [],
            liaison: null,
            termStart: '',
            termEnd: '',
          }
      await tx
        .collection(COUNCILS)
        .doc(villageId)
        .set({ data: { ...base, standardsCount: next, updatedAt: now } })
      await tx.collection(STANDARDS).add({
        data: {
          _id: `${villageId}-s${next}`,
          villageId,
          townshipId: village.townshipId,
          version: next,
          effectiveFrom,
          ...values,
          createdAt: now,
          createdBy: caller.name,
        },
      })
      return next
    })
    touch({ collection: STANDARDS, id: `${villageId}-s${version}` })
    return { version, effectiveFrom }
  },

  async households({ villageId, query }, ctx) {
    const { db } = ctx
    const council = await loadCouncil(db, villageId)
    const caller = callerOf(ctx, villageId)
    const scope = fileScope(caller, council)
    const _ = db.command
    let where: Record<string, unknown>
    if (scope === 'all') where = { villageId }
    else if (scope === 'grids') where = { villageId, gridId: _.in(await ledGridIds(db, villageId, caller.personId)) }
    else if (scope === 'household') {
      const own = await ownHouseholdId(db, villageId, caller.personId)
      if (!own) return { households: [] }
      where = { villageId, _id: own }
    } else return { households: [] }
    const q = query?.trim()
    if (q)
      where = {
        ...where,
        ...(/^\d+$/.test(q)
          ? { number: db.RegExp({ regexp: `^${q}` }) }
          : { headName: db.RegExp({ regexp: q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') }) }),
      }
    const list = await getDocs<HouseholdDoc>(
      db.collection(C.households).where(where).orderBy('number', 'asc').limit(30),
    )
    ctx.touch(...list.map((h) => ({ collection: C.households, id: h._id })))
    return {
      households: list.map((h) => ({
        id: h._id,
        number: h.number,
        headName: h.headName,
        gridId: h.gridId ?? undefined,
      })),
    }
  },

  async file(input, ctx) {
    const { db, now, touch } = ctx
    const { villageId, householdId, kind, eventDate, venue, planned, reasons, description } = input
    const village = await getVillage(db, villageId)
    const household = await getInVillage<HouseholdDoc>(db, C.households, villageId, householdId, '户')
    const council = await loadCouncil(db, villageId)
    const caller = callerOf(ctx, villageId)
    const scope = fileScope(caller, council)
    const allowed =
      scope === 'all' ||
      (scope === 'grids' &&
        Boolean(household.gridId) &&
        (await ledGridIds(db, villageId, caller.personId)).includes(household.gridId!)) ||
      (scope === 'household' && (await ownHouseholdId(db, villageId, caller.personId)) === householdId)
    // A household out of reach answers like one of another village.
    if (!allowed)
      throw new AppError(
        'NOT_FOUND',
        scope === 'grids' ? '本网格没有这一户：网格长只能为本网格的户报备' : '只能为本户报备：没有找到这一户',
      )

    const today = beijingDate(now)
    const errors = validateFigures(kind, planned)
    if (!isBeijingDate(eventDate)) errors.unshift({ path: 'eventDate', message: '办事日期不是有效日期' })
    if (kind === 'funeral') {
      if (!input.deathDate || !isBeijingDate(input.deathDate))
        errors.push({ path: 'deathDate', message: '丧事请填写去世日期' })
      else if (input.deathDate > today) errors.push({ path: 'deathDate', message: '去世日期不能晚于今天' })
      else if (isBeijingDate(eventDate) && eventDate < input.deathDate)
        errors.push({ path: 'eventDate', message: '出殡日期不能早于去世日期' })
    }
    if (errors.length) fieldErrors(errors)
    if (eventDate < beijingDate(now.getTime() - 366 * 86400_000))
      throw new AppError('FAILED_PRECONDITION', '一年以前的事不再补报')
    if (eventDate > beijingDate(now.getTime() + 2 * 366 * 86400_000))
      throw new AppError('FAILED_PRECONDITION', '办事日期太远，请临近时再报备')

    const standard = inForce(await villageStandards(db, village), eventDate)
    const check = checkFigures(kind, venue, planned, standard, reasons)
    if (check.missingReasons.length) {
      const missing = check.items.filter((i) => check.missingReasons.includes(i.key))
      throw new AppError(
        'INVALID_ARGUMENT',
        `${describeOver(missing[0]!)}，请写明理由`,
        missing.map((i) => ({ path: `reasons.${i.key}`, message: `${describeOver(i)}，请写明理由` })),
      )
    }
    let funeral: FilingDoc['funeral'] = null
    if (kind === 'funeral') {
      const deathAt = deathInstant(input.deathDate!, input.deathTime)
      const onTime = reportedOnTime(deathAt, now, standard.funeral.reportDeadlineHours)
      funeral = {
        deathDate: input.deathDate!,
        ...(input.deathTime ? { deathTime: input.deathTime } : {}),
        deathAt,
        filedOnTime: onTime,
        deadlineHours: standard.funeral.reportDeadlineHours,
        townshipRequired: standard.funeral.reportToTownship,
        townshipReportedAt: null,
        townshipOnTime: false,
      }
    }
    const keptReasons = Object.fromEntries(check.overKeys.map((k) => [k, reasons[k]!.trim()]))
    const filing: FilingDoc = {
      _id: newId('cf'),
      villageId,
      townshipId: village.townshipId,
      kind,
      householdId,
      householdLabel: `${household.number}号 ${household.headName}`,
      gridId: household.gridId ?? null,
      eventDate,
      month: eventDate.slice(0, 7),
      year: yearOf(eventDate),
      venue,
      planned,
      reasons: keptReasons,
      description,
      check,
      compliance: check.compliance,
      standard,
      status: 'filed',
      filedAt: now,
      filedBy: { personId: caller.personId, name: caller.name, openid: ctx.identity.openid },
      filedLate: funeral ? !funeral.filedOnTime : eventDate < today,
      funeral,
      review: null,
      actual: null,
      actualCheck: null,
      savings: null,
      updatedAt: now,
    }
    await inTransaction(db, (tx) => writeWithStats(tx, null, filing, now))
    touch({ collection: FILINGS, id: filing._id }, { collection: C.households, id: householdId })

    // The council members covering the household's grid (else the chair) hear of it at once.
    const covering =
      council?.members.filter((m) => household.gridId && m.gridIds.includes(household.gridId)).map((m) => m.personId) ??
      []
    const recipients = covering.length ? covering : council?.chair ? [council.chair.personId] : []
    await notify(
      db,
      now,
      village,
      recipients.filter((p) => p !== caller.personId),
      {
        template: 'council_filing',
        title: `新的${EVENT_KIND_LABELS[kind]}报备待审核`,
        lines: [
          { label: '事项', value: `${EVENT_KIND_LABELS[kind]}（${filing.householdLabel}）` },
          { label: '日期', value: eventDate },
          { label: '核对', value: check.overKeys.length ? `${check.overKeys.length} 项超标，已说明理由` : '符合标准' },
        ],
        page: `packages/council/pages/review/index?villageId=${villageId}&filingId=${filing._id}`,
        subject: `council:${filing._id}`,
      },
    )
    return {
      filingId: filing._id,
      check,
      standard: { version: standard.version, effectiveFrom: standard.effectiveFrom },
    }
  },

  async listFilings({ villageId, status, kind, month, offset, limit }, ctx) {
    const { db } = ctx
    const council = await loadCouncil(db, villageId)
    const caller = callerOf(ctx, villageId)
    const scope = fileScope(caller, council)
    const _ = db.command
    const where: Record<string, unknown> = { villageId }
    if (scope === 'grids') {
      // A grid leader sees the grids they lead, and their own household.
      const grids = await ledGridIds(db, villageId, caller.personId)
      where.gridId = _.in(grids)
    } else if (scope === 'household') {
      const own = await ownHouseholdId(db, villageId, caller.personId)
      if (!own) return { filings: [] }
      where.householdId = own
    } else if (scope === 'none') return { filings: [] }
    if (status) where.status = status
    if (kind) where.kind = kind
    if (month) where.month = month
    const list = await getDocs<FilingDoc>(
      db
        .collection(FILINGS)
        .where(where)
        .orderBy('filedAt', 'desc')
        .skip(offset)
        .limit(limit + 1),
    )
    const shown = list.slice(0, limit)
    ctx.touch(...shown.map((f) => ({ collection: FILINGS, id: f._id })))
    return { filings: shown.map((f) => row(revive(f))), ...(list.length > limit ? { nextOffset: offset + limit } : {}) }
  },

  async getFiling({ villageId, filingId }, ctx) {
    const { db } = ctx
    const f = revive(await getInVillage<FilingDoc>(db, FILINGS, villageId, filingId, '报备'))
    const council = await loadCouncil(db, villageId)
    const caller = callerOf(ctx, villageId)
    const scope = fileScope(caller, council)
    const visible =
      scope === 'all' ||
      (scope === 'grids' &&
        Boolean(f.gridId) &&
        (await ledGridIds(db, villageId, caller.personId)).includes(f.gridId!)) ||
      (scope === 'household' && (await ownHouseholdId(db, villageId, caller.personId)) === f.householdId)
    // Someone else's filing answers as if it did not exist.
    if (!visible) throw new AppError('NOT_FOUND', '本村没有这件报备')
    ctx.touch({ collection: FILINGS, id: f._id })
    return {
      ...row(f),
      venue: f.venue,
      description: f.description,
      planned: f.planned,
      reasons: f.reasons,
      check: f.check,
      standard: { version: f.standard.version, effectiveFrom: f.standard.effectiveFrom },
      funeral: f.funeral
        ? {
            deathDate: f.funeral.deathDate,
            deathTime: f.funeral.deathTime,
            filedOnTime: f.funeral.filedOnTime,
            deadlineHours: f.funeral.deadlineHours,
            townshipRequired: f.funeral.townshipRequired,
            townshipReportedAt: iso(f.funeral.townshipReportedAt),
            townshipOnTime: f.funeral.townshipOnTime,
          }
        : undefined,
      review: f.review
        ? { decision: f.review.decision, advice: f.review.advice, byName: f.review.byName, at: iso(f.review.at)! }
        : undefined,
      actual: f.actual ?? undefined,
      actualCheck: f.actualCheck ?? undefined,
      comparison: f.actual ? comparePlanned(f.kind, f.planned, f.actual) : undefined,
      confirmedBy: f.confirmedBy,
      savings: f.actual ? (f.savings ?? null) : undefined,
    }
  },

  async review({ villageId, filingId, decision, advice }, ctx) {
    const { db, now, touch } = ctx
    const { filing, caller } = await filingForReviewer(ctx, villageId, filingId)
    if (filing.status === 'completed' || filing.status === 'withdrawn')
      throw new AppError('FAILED_PRECONDITION', `这件报备${FILING_STATUS_LABELS[filing.status]}，不能再审核`)
    if (decision !== 'approve' && !advice.trim())
      throw new AppError('INVALID_ARGUMENT', decision === 'advise' ? '请写明修改建议' : '请写明不同意见', [
        { path: 'advice', message: '请填写' },
      ])
    const status: FilingStatus = decision === 'approve' ? 'approved' : decision === 'advise' ? 'advised' : 'disagreed'
    const updated = await changeFiling(db, villageId, filingId, now, (f) => {
      if (f.status === 'completed' || f.status === 'withdrawn')
        throw new AppError('FAILED_PRECONDITION', '这件报备已办结，不能再审核')
      return {
        ...f,
        status,
        review: { decision, advice: advice.trim(), byName: caller.name, byPersonId: caller.personId, at: now },
        updatedAt: now,
      }
    })
    touch({ collection: FILINGS, id: filingId })
    if (filing.filedBy.personId && filing.filedBy.personId !== caller.personId) {
      await notify(db, now, { _id: villageId, townshipId: updated.townshipId }, [filing.filedBy.personId], {
        template: 'council_review',
        title: `${EVENT_KIND_LABELS[filing.kind]}报备${FILING_STATUS_LABELS[status]}`,
        lines: [
          { label: '事项', value: `${EVENT_KIND_LABELS[filing.kind]}（${filing.householdLabel}）` },
          { label: '结果', value: FILING_STATUS_LABELS[status] },
          { label: '意见', value: advice.trim() || '无' },
        ],
        page: `packages/council/pages/ledger/index?villageId=${villageId}&filingId=${filingId}`,
        subject: `council:${filingId}`,
      })
    }
    return { status: updated.status }
  },

  async recordActual({ villageId, filingId, actual, reasons, confirmedBy, familyBaselineFen }, ctx) {
    const { db, now, touch } = ctx
    const { filing } = await filingForReviewer(ctx, villageId, filingId)
    const errors = validateFigures(filing.kind, actual, 'actual')
    if (errors.length) fieldErrors(errors)
    if (filing.eventDate > beijingDate(now))
      throw new AppError('FAILED_PRECONDITION', `办事日期（${filing.eventDate}）之后才能登记实际数字`)
    const updated = await changeFiling(db, villageId, filingId, now, (f) => {
      if (f.status === 'completed') throw new AppError('FAILED_PRECONDITION', '实际数字已经登记过了')
      if (f.status === 'withdrawn') throw new AppError('FAILED_PRECONDITION', '这件报备已撤回')
      // A reason given when filing still explains the same figure afterwards.
      const actualReasons = {
        ...f.reasons,
        ...Object.fromEntries(Object.entries(reasons).filter(([, v]) => v && v.trim())),
      }
      const actualCheck = checkFigures(f.kind, f.venue, actual, f.standard, actualReasons)
      const savings = estimateSavings(f.kind, actual, f.standard.baseline, familyBaselineFen ?? null)
      return {
        ...f,
        status: 'completed',
        actual,
        actualReasons,
        actualCheck,
        compliance: actualCheck.compliance,
        confirmedBy: confirmedBy.trim(),
        savings,
        updatedAt: now,
      }
    })
    touch({ collection: FILINGS, id: filingId })
    return { status: updated.status, actualCheck: updated.actualCheck!, savings: updated.savings ?? null }
  },

  async reportToTownship({ villageId, filingId }, ctx) {
    const { db, now, touch } = ctx
    const { filing } = await filingForReviewer(ctx, villageId, filingId)
    if (filing.kind !== 'funeral' || !filing.funeral)
      throw new AppError('FAILED_PRECONDITION', '只有丧事需要报乡镇民政所')
    if (!filing.funeral.townshipRequired) throw new AppError('FAILED_PRECONDITION', '本村标准不要求丧事报乡镇民政所')
    const updated = await changeFiling(db, villageId, filingId, now, (f) => {
      if (!f.funeral || f.funeral.townshipReportedAt)
        throw new AppError('FAILED_PRECONDITION', '已经登记过报乡镇民政所')
      const onTime = reportedOnTime(f.funeral.deathAt, now, f.funeral.deadlineHours)
      return { ...f, funeral: { ...f.funeral, townshipReportedAt: now, townshipOnTime: onTime }, updatedAt: now }
    })
    touch({ collection: FILINGS, id: filingId })
    return { townshipOnTime: updated.funeral!.townshipOnTime }
  },

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
})
