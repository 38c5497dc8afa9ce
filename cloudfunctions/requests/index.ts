import { REQUEST_RAISE_LIMIT } from '../../common/rules/rate-limit'
import { requestsContract } from '../../common/contracts/requests'
import { AppError } from '../../common/errors'
import { beijingMonth } from '../../common/rules/beijing-time'
import { maskName, maskPhone } from '../../common/rules/masking'
import { verifyByAfterHop } from '../../common/rules/request-deadlines'
import {
  allowedActions,
  overdue,
  transition,
  type HandlingLevel,
  type RequestActor,
  type RequestState,
} from '../../common/rules/request-flow'
import { combineMonths, statsDocId, type MonthCounters } from '../../common/rules/request-stats'
import { VILLAGE_CADRES, type Role } from '../../common/roles'
import { getDocs, type Database } from '../_lib/cloud'
import { assertWithinLimit, recordHit } from '../_lib/rate-limit'
import { fileStore } from '../_lib/files'
import { scheduleNotices } from '../_lib/notify'
import type { Membership } from '../_lib/principal'
import {
  COUNTY_ID,
  findById,
  getAllById,
  iso,
  type PersonDoc,
  type TownshipDoc,
  type VillageDoc,
} from '../_lib/records'
import {
  countInMonth,
  createRequest,
  REQUEST_STATS_COLLECTION,
  REQUESTS_COLLECTION,
  villageSettings,
  type RequestDoc,
  type TimelineEntry,
} from '../_lib/requests'
import { createMain, type HandlerContext } from '../_lib/runtime'
import { C } from '../_lib/collections'
import { updatedCount } from '../_lib/writes'

const HOUR_MS = 3600_000
const CADRES: readonly Role[] = VILLAGE_CADRES
/** Roles that only ever raise for themselves. */
const SELF_ONLY: readonly Role[] = ['resident', 'household_head', 'villager_representative']

function villageMembership(ctx: HandlerContext, villageId: string): Membership | undefined {
  return ctx.granted.find((m) => m.villageId === villageId && m.personId)
}
const holds = (ctx: HandlerContext, villageId: string, roles: readonly Role[]) =>
  ctx.granted.some((m) => m.villageId === villageId && m.roles.some((r) => roles.includes(r)))
const isCounty = (ctx: HandlerContext) => ctx.granted.some((m) => m.roles.includes('county_organiser'))
const isTownship = (ctx: HandlerContext) => ctx.granted.some((m) => m.roles.includes('township_organiser'))

async function gridsLedBy(db: Database, villageId: string, personId: string): Promise<string[]> {
  const grids = await getDocs<{ _id: string }>(
    db.collection(C.grids).where({ villageId, leaderPersonId: personId }).field({ _id: true }).limit(100),
  )
  return grids.map((g) => g._id)
}

async function linkedHouseholds(db: Database, villageId: string, personId: string): Promise<string[]> {
  const links = await getDocs<{ householdId: string }>(
    db
      .collection(C.linkages)
      .where({ villageId, memberPersonId: personId, active: true })
      .field({ householdId: true })
      .limit(200),
  )
  return links.map((l) => l.householdId)
}

async function getRequestDoc(db: Database, villageId: string, requestId: string): Promise<RequestDoc> {
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
async function relation(ctx: HandlerContext, req: RequestDoc): Promise<'handler' | 'owner' | 'viewer' | null> {
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
function actorLevel(ctx: HandlerContext, req: RequestDoc): HandlingLevel {
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

function rowOf(req: RequestDoc, now: Date, masked: boolean, villageName?: string) {
  return {
    id: req._id,
    villageId: req.villageId,
    villageName,
    residentName: masked ? maskName(req.residentName) : req.residentName,
    category: req.category,
    urgency: req.urgency,
    summary: [...req.description].slice(0, 40).join(''),
    status: req.status,
    level: req.level,
    raisedAt: iso(req.raisedAt)!,
    resolveBy: iso(req.resolveBy)!,
    overdue: overdue(req, now),
  }
}

const LIST_FIELDS = {
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

async function villageNames(db: Database, ids: string[]): Promise<Map<string, string>> {
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

function page<T>(rows: T[], offset: number, limit: number) {
  return { rows: rows.slice(0, limit), nextOffset: rows.length > limit ? offset + limit : undefined }
}

/** Figures of one or many counter documents, plus the open overdue ones counted live. */
function figures(docs: Partial<MonthCounters>[], openOverdue: number) {
  return { ...combineMonths(docs), openOverdue }
}

/** Open overdue requests by village (or township), one aggregate round trip. */
async function openOverdueByVillage(
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

function previousMonths(month: string, count: number): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1))
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`)
  }
  return out
}

/** Tells the resident their request was answered (WeChat subscribe message; locally the outbox). Never fails the reply. */
async function notifyResident(db: Database, req: RequestDoc, reply: string, now: Date): Promise<void> {
  try {
    const person = await findById<PersonDoc>(db, C.people, req.residentPersonId!)
    await scheduleNotices(
      db,
      [
        {
          villageId: req.villageId,
          townshipId: req.townshipId,
          personId: req.residentPersonId!,
          openid: person?.openid ?? null,
          template: 'request_reply',
          title: '您的诉求有了答复',
          lines: [
            { label: '诉求', value: [...req.description].slice(0, 20).join('') },
            { label: '答复', value: [...reply].slice(0, 20).join('') },
          ],
          page: `packages/grid/pages/request/index?villageId=${req.villageId}&requestId=${req._id}`,
          subject: `request:${req._id}`,
        },
      ],
      now,
    )
  } catch (error) {
    console.error('[requests.act] reply notice could not be sent', error)
  }
}

export const main = createMain(requestsContract, {
  async raise(input, ctx) {
    const { db, now } = ctx
    const { villageId } = input
    const me = villageMembership(ctx, villageId)
    if (!me?.personId) throw new AppError('FORBIDDEN', '请先绑定本村的身份')
    await assertWithinLimit(
      db,
      'requests.raise',
      ctx.identity.openid,
      now,
      REQUEST_RAISE_LIMIT,
      '今天提出的诉求已经很多了',
    )
    const onBehalf = Boolean(input.householdId || input.residentPersonId)
    let source: 'resident' | 'grid-member' = 'resident'
    if (onBehalf) {
      if (me.roles.every((r) => SELF_ONLY.includes(r))) throw new AppError('FORBIDDEN', '群众只能提出本人的诉求')
      source = 'grid-member'
      if (!me.roles.some((r) => CADRES.includes(r))) {
        // A member raises for the households linked to them; a grid leader for the households of their grids.
        let householdId = input.householdId
        if (!householdId && input.residentPersonId)
          householdId = (await findById<PersonDoc>(db, C.people, input.residentPersonId))?.householdId ?? undefined
        const mine = householdId ? await linkedHouseholds(db, villageId, me.personId) : []
        let ok = Boolean(householdId && mine.includes(householdId))
        if (!ok && householdId && me.roles.includes('grid_leader')) {
          const [grids, hh] = await Promise.all([
            gridsLedBy(db, villageId, me.personId),
            findById<{ gridId?: string }>(db, C.households, householdId),
          ])
          ok = Boolean(hh?.gridId && grids.includes(hh.gridId))
        }
        if (!ok) throw new AppError('FORBIDDEN', '只能替自己联系的户提出诉求')
      }
    }
    const { requestId, resolveBy, resolveTerm } = await createRequest(
      db,
      {
        villageId,
        source,
        category: input.category,
        urgency: input.urgency,
        description: input.description,
        householdId: onBehalf ? input.householdId : undefined,
        residentPersonId: onBehalf ? input.residentPersonId : me.personId,
        residentName: onBehalf ? input.residentName : undefined,
        residentPhone: onBehalf ? input.residentPhone : undefined,
        photos: input.photos,
        raisedBy: { personId: me.personId, name: me.name ?? '' },
      },
      now,
    )
    // NOTIFY: tell the village's duty cadre of a new request (cloudfunctions/_lib/notify.ts, not yet present).
    ctx.touch({ collection: REQUESTS_COLLECTION, id: requestId })
    await recordHit(db, 'requests.raise', ctx.identity.openid, now, REQUEST_RAISE_LIMIT)
    return { requestId, resolveBy: resolveBy.toISOString(), resolveTerm }
  },

  async uploadPhoto({ villageId, name, dataUrl }, ctx) {
    const fileId = await fileStore().put(ctx.db, { villageId, name, dataUrl, createdBy: ctx.identity.openid }, ctx.now)
    ctx.touch({ collection: C.files, id: fileId })
    return { fileId }
  },

  async photo({ villageId, requestId, fileId }, ctx) {
    const req = await getRequestDoc(ctx.db, villageId, requestId)
    if (!(await relation(ctx, req))) throw new AppError('FORBIDDEN', '您不能查看这件诉求')
    if (!req.photos.includes(fileId)) throw new AppError('NOT_FOUND', '这件诉求没有这张照片')
    ctx.touch({ collection: REQUESTS_COLLECTION, id: requestId, personId: req.residentPersonId ?? undefined })
    return { dataUrl: await fileStore().get(ctx.db, villageId, fileId) }
  },

  async mine({ villageId, offset, limit }, ctx) {
    const { db, now } = ctx
    const me = villageMembership(ctx, villageId)
    if (!me?.personId) return { requests: [] }
    const person = await findById<PersonDoc>(db, C.people, me.personId)
    const coll = db.collection(REQUESTS_COLLECTION)
    const [own, household] = await Promise.all([
      getDocs<RequestDoc>(
        coll
          .where({ villageId, residentPersonId: me.personId })
          .orderBy('raisedAt', 'desc')
          .skip(offset)
          .limit(limit)
          .field(LIST_FIELDS),
      ),
      person?.householdId
        ? getDocs<RequestDoc>(
            coll
              .where({ villageId, householdId: person.householdId })
              .orderBy('raisedAt', 'desc')
              .skip(offset)
              .limit(limit)
              .field(LIST_FIELDS),
          )
        : Promise.resolve([] as RequestDoc[]),
    ])
    const seen = new Map<string, RequestDoc>()
    for (const r of [...own, ...household]) seen.set(r._id, r)
    const rows = [...seen.values()].sort((a, b) => new Date(b.raisedAt).getTime() - new Date(a.raisedAt).getTime())
    return { requests: rows.slice(0, limit).map((r) => rowOf(r, now, false)) }
  },

  async get({ villageId, requestId }, ctx) {
    const req = await getRequestDoc(ctx.db, villageId, requestId)
    const rel = await relation(ctx, req)
    if (!rel) throw new AppError('FORBIDDEN', '您不能查看这件诉求')
    const masked = rel === 'viewer'
    let actions: ReturnType<typeof allowedActions> = []
    const state: RequestState = { status: req.status, level: req.level }
    const me = villageMembership(ctx, villageId)
    const isResident = Boolean(
      me?.personId &&
      (req.residentPersonId === me.personId ||
        (rel === 'owner' && !req.residentPersonId && me.roles.some((r) => SELF_ONLY.includes(r)))),
    )
    if (rel === 'handler') actions = allowedActions(state, actorLevel(ctx, req))
    if (isResident) actions = [...actions, ...allowedActions(state, 'resident')]
    ctx.touch({ collection: REQUESTS_COLLECTION, id: req._id, personId: req.residentPersonId ?? undefined })
    return {
      ...rowOf(req, ctx.now, masked),
      description: req.description,
      residentPhone: req.residentPhone ? (masked ? maskPhone(req.residentPhone) : req.residentPhone) : '',
      householdId: masked ? undefined : (req.householdId ?? undefined),
      photos: req.photos,
      source: req.source,
      verifyBy: iso(req.verifyBy)!,
      contactBy: iso(req.contactBy)!,
      resolveTerm: req.resolveTerm ?? undefined,
      reply: req.reply ?? undefined,
      rating: req.rating ?? undefined,
      ratingComment: req.ratingComment ?? undefined,
      department: req.department ?? undefined,
      timeline: req.timeline.map((t) => ({
        at: iso(t.at)!,
        action: t.action,
        by: t.by,
        actorName: masked && t.by === 'resident' ? maskName(t.actorName) : t.actorName,
        note: t.note,
        toLevel: t.toLevel,
        department: t.department,
      })),
      actions,
    }
  },

  async act({ villageId, requestId, action, note, reply, department }, ctx) {
    const { db, now } = ctx
    const req = await getRequestDoc(db, villageId, requestId)
    if ((await relation(ctx, req)) !== 'handler' && !(isTownship(ctx) || isCounty(ctx)))
      throw new AppError('FORBIDDEN', '您不能办理这件诉求')
    const by = actorLevel(ctx, req)
    const result = transition({ status: req.status, level: req.level }, action, by as RequestActor)
    if (!result.ok) throw new AppError(req.level !== by ? 'FORBIDDEN' : 'FAILED_PRECONDITION', result.message)
    if (action === 'reply' && !reply)
      throw new AppError('INVALID_ARGUMENT', '请填写给群众的答复', [{ path: 'reply', message: '请填写' }])
    if (action === 'escalate' && !note)
      throw new AppError('INVALID_ARGUMENT', '请写明上报的理由', [{ path: 'note', message: '请填写' }])
    if (action === 'escalate' && req.level === 'township' && !department) {
      throw new AppError('INVALID_ARGUMENT', '请填写承办的县直部门', [{ path: 'department', message: '请填写' }])
    }
    const actor = ctx.granted.find((m) => m.name) ?? ctx.granted[0]
    const entry: TimelineEntry = {
      at: now,
      action,
      by,
      actorName: actor?.name ?? '',
      actorPersonId: actor?.personId ?? null,
    }
    if (note) entry.note = note
    if (action === 'reply') entry.note = reply
    const next = result.next
    const patch: Record<string, unknown> = {
      status: next.status,
      level: next.level,
      open: next.status === 'received' || next.status === 'accepted' || next.status === 'in_progress',
      updatedAt: now,
    }
    if (action === 'escalate') {
      entry.toLevel = next.level
      if (department) {
        entry.department = department
        patch.department = department
      }
      const { settings } = await villageSettings(db, villageId)
      patch.verifyBy = verifyByAfterHop(now, settings)
    }
    if (action === 'reply') {
      patch.reply = reply
      patch.repliedAt = now
    }
    if (action === 'close') patch.closedAt = now
    patch.timeline = db.command.push([entry])
    // Only if nobody moved it meanwhile (two cadres pressing at once).
    const res = updatedCount(
      await db
        .collection(REQUESTS_COLLECTION)
        .where({ _id: requestId, villageId, status: req.status, level: req.level })
        .update({ data: patch }),
    )
    if (res !== 1) throw new AppError('CONFLICT', '这件诉求刚被别人办理过，请刷新后再看')
    if (action === 'escalate')
      await countInMonth(db, villageId, req.townshipId, now, { kind: 'escalated', from: req.level })
    if (action === 'close') {
      const repliedAt = req.repliedAt ? new Date(req.repliedAt) : now
      await countInMonth(db, villageId, req.townshipId, now, {
        kind: 'closed',
        level: req.level,
        hours: (now.getTime() - new Date(req.raisedAt).getTime()) / HOUR_MS,
        late: repliedAt.getTime() > new Date(req.resolveBy).getTime(),
      })
    }
    if (action === 'reply' && req.residentPersonId) await notifyResident(db, req, reply ?? '', now)
    // NOTIFY (not done): on escalate, tell the township / county organisers; reminders before verifyBy / resolveBy.
    ctx.touch({ collection: REQUESTS_COLLECTION, id: requestId, personId: req.residentPersonId ?? undefined })
    return next
  },

  async rate({ villageId, requestId, rating, comment }, ctx) {
    const { db, now } = ctx
    const req = await getRequestDoc(db, villageId, requestId)
    const me = villageMembership(ctx, villageId)
    let mine = Boolean(me?.personId && req.residentPersonId === me.personId)
    if (!mine && me?.personId && !req.residentPersonId && req.householdId) {
      mine = (await findById<PersonDoc>(db, C.people, me.personId))?.householdId === req.householdId
    }
    if (!mine) throw new AppError('FORBIDDEN', '只有提出诉求的群众本人可以评价')
    const result = transition({ status: req.status, level: req.level }, 'rate', 'resident')
    if (!result.ok) throw new AppError('FAILED_PRECONDITION', result.message)
    const entry: TimelineEntry = {
      at: now,
      action: 'rate',
      by: 'resident',
      actorName: me?.name ?? req.residentName,
      actorPersonId: me?.personId ?? null,
    }
    if (comment) entry.note = comment
    const res = updatedCount(
      await db
        .collection(REQUESTS_COLLECTION)
        .where({ _id: requestId, villageId, status: 'replied' })
        .update({
          data: {
            status: 'rated',
            rating,
            ratingComment: comment ?? null,
            updatedAt: now,
            timeline: db.command.push([entry]),
          },
        }),
    )
    if (res !== 1) throw new AppError('CONFLICT', '这件诉求已经评价过了')
    await countInMonth(db, villageId, req.townshipId, now, { kind: 'rated', rating })
    ctx.touch({ collection: REQUESTS_COLLECTION, id: requestId, personId: req.residentPersonId ?? undefined })
    return { status: 'rated' as const }
  },

  async villageQueue({ villageId, filter, offset, limit }, ctx) {
    const { db, now } = ctx
    const _ = db.command
    const where: Record<string, unknown> = { villageId }
    let order: [string, 'asc' | 'desc'] = ['raisedAt', 'desc']
    if (filter === 'open') {
      where.open = true
      order = ['resolveBy', 'asc']
    } else if (filter === 'overdue') {
      where.open = true
      where.resolveBy = _.lt(now)
      order = ['resolveBy', 'asc']
    } else if (filter === 'escalated') where.level = _.neq('village')
    else if (filter === 'done') where.status = _.in(['replied', 'rated', 'closed'])
    const supervisor = !ctx.granted.some((m) => m.villageId === villageId)
    if (!supervisor && !holds(ctx, villageId, CADRES)) {
      const me = villageMembership(ctx, villageId)
      const grids = me?.personId ? await gridsLedBy(db, villageId, me.personId) : []
      where.gridId = _.in(grids)
    }
    const docs = await getDocs<RequestDoc>(
      db
        .collection(REQUESTS_COLLECTION)
        .where(where)
        .orderBy(order[0], order[1])
        .skip(offset)
        .limit(limit + 1)
        .field(LIST_FIELDS),
    )
    const { rows, nextOffset } = page(docs, offset, limit)
    ctx.touch(...rows.map((r) => ({ collection: REQUESTS_COLLECTION, id: r._id })))
    return { requests: rows.map((r) => rowOf(r, now, supervisor)), nextOffset }
  },

  async townshipQueue({ townshipId, filter, offset, limit }, { db, now }) {
    const _ = db.command
    const where: Record<string, unknown> =
      filter === 'holding'
        ? { townshipId, level: 'township', open: true }
        : filter === 'county'
          ? { townshipId, level: 'county', open: true }
          : { townshipId, open: true, resolveBy: _.lt(now) }
    const docs = await getDocs<RequestDoc>(
      db
        .collection(REQUESTS_COLLECTION)
        .where(where)
        .orderBy('resolveBy', 'asc')
        .skip(offset)
        .limit(limit + 1)
        .field(LIST_FIELDS),
    )
    const { rows, nextOffset } = page(docs, offset, limit)
    const names = await villageNames(
      db,
      rows.map((r) => r.villageId),
    )
    return { requests: rows.map((r) => rowOf(r, now, true, names.get(r.villageId))), nextOffset }
  },

  async countyQueue({ filter, offset, limit }, { db, now }) {
    const _ = db.command
    const where: Record<string, unknown> =
      filter === 'holding' ? { level: 'county', open: true } : { open: true, resolveBy: _.lt(now) }
    const docs = await getDocs<RequestDoc>(
      db
        .collection(REQUESTS_COLLECTION)
        .where(where)
        .orderBy('resolveBy', 'asc')
        .skip(offset)
        .limit(limit + 1)
        .field(LIST_FIELDS),
    )
    const { rows, nextOffset } = page(docs, offset, limit)
    const names = await villageNames(
      db,
      rows.map((r) => r.villageId),
    )
    return { requests: rows.map((r) => rowOf(r, now, true, names.get(r.villageId))), nextOffset }
  },

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
})
