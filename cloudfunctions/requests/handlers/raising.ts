import type { z } from 'zod'
import { formatBeijing } from '../../../common/rules/beijing-time'
import { optionalTextFor, textFor } from '../../../common/rules/disclosure'
import { requestsContract } from '../../../common/contracts/requests'
import { AppError } from '../../../common/errors'
import { maskName } from '../../../common/rules/masking'
import { lesser, reveal, visibilityOf, type Visibility } from '../../../common/rules/personal-data'
import { REQUEST_RAISE_LIMIT } from '../../../common/rules/rate-limit'
import { allowedActions, type RequestState } from '../../../common/rules/request-flow'
import { closeCheck, rateCheck, ratingDeadline } from '../../../common/rules/request-rating'
import { rosterCallerIn } from '../../_lib/caller'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { fileStore } from '../../_lib/files'
import { assertRaiseLink } from '../../_lib/raise-link'
import { giveBack, rateSlot, takeSlot } from '../../_lib/rate-limit'
import { findById, iso, type PersonDoc } from '../../_lib/records'
import {
  monthStatsExist,
  prepareRequest,
  REQUESTS_COLLECTION,
  villageSettings,
  writeRequest,
  type RequestDoc,
} from '../../_lib/requests'
import { withEarly, type Handlers } from '../../_lib/runtime'
import {
  actorLevel,
  getRequestDoc,
  LIST_FIELDS,
  ratingDaysOf,
  ratingFacts,
  relation,
  SELF_ONLY,
  villageMembership,
} from '../store'
import { rowOf } from '../views'

type RaiseInput = z.output<(typeof requestsContract)['actions']['raise']['input']>
const RAISE = 'requests.raise'

/** Raising a request (for oneself or a linked household), its photos, and reading one's own. */
export const raising: Pick<Handlers<typeof requestsContract>, 'raise' | 'uploadPhoto' | 'photo' | 'mine' | 'get'> = {
  // The binding read ‖ the village's settings, the day's slot state, whether the month's counters exist → (raising
  // for someone else: the link checks →) the slot taken ‖ the resident's roster entry → their household ‖ the
  // transaction's start → the writes (the request under a fresh id, the counters as `_.inc`, the idempotency record,
  // the audit entry) → the commit. A call refused by the rate limit never starts a transaction.
  raise: withEarly(
    ({ villageId }: RaiseInput, { db, now, identity }) => {
      const settings = villageSettings(db, villageId)
      settings.catch(() => undefined)
      return Promise.all([
        getDocs<{ windowStart: number }>(
          db
            .collection(C.rate_limits)
            .where({ _id: rateSlot(RAISE, identity.openid).id })
            .limit(1),
        ),
        monthStatsExist(db, villageId, now),
      ]).then(([[seen], monthExists]) => ({ settings, seen, monthExists }))
    },
    async (input: RaiseInput, ctx, early) => {
      const { db, now } = ctx
      const { villageId } = input
      const me = rosterCallerIn(ctx, villageId, '请先绑定本村的身份')
      const onBehalf = Boolean(input.householdId || (input.residentPersonId && input.residentPersonId !== me.personId))
      const { settings, seen, monthExists } = await early
      // Raising for someone else needs a real link to their household (own, 联户, or the grid one leads); checked
      // before anything is written — the day's slot included. Otherwise a made-up request would hand the raiser
      // the person's name and phone.
      if (onBehalf) await assertRaiseLink(db, villageId, me, input)
      const slot = rateSlot(RAISE, ctx.identity.openid)
      // The day's slot is taken atomically before the write (parallel calls cannot overshoot), given back on
      // failure; the checks and reads below go out meanwhile.
      const taking = takeSlot(db, slot, now, REQUEST_RAISE_LIMIT, seen ?? null)
      taking.catch(() => undefined)
      const giveItBack = async () => {
        if ((await taking.catch(() => ({ taken: false }))).taken) await giveBack(db, slot)
      }
      const source: 'resident' | 'grid-member' =
        onBehalf && !me.roles.every((r) => SELF_ONLY.includes(r)) ? 'grid-member' : 'resident'
      const prepared = await Promise.all([
        taking.then((taken) => {
          if (!taken.taken)
            throw new AppError(
              'RATE_LIMITED',
              `今天提出的诉求已经很多了，请于 ${formatBeijing(new Date(taken.retryAt), 'MM-DD HH:mm')} 后再试`,
            )
          ctx.willRead() // the transaction starts with the reads below
        }),
        prepareRequest(
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
          settings,
        ),
      ])
        .then(([, p]) => p)
        .catch(async (error: unknown) => {
          await giveItBack()
          throw error
        })
      const requestId = prepared.doc._id
      // NOTIFY: tell the village's duty cadre of a new request (cloudfunctions/_lib/notify.ts, not yet present).
      ctx.touch({ collection: REQUESTS_COLLECTION, id: requestId })
      // The request, its month counter and the idempotency record commit together (docs/exactly-once.md).
      return ctx
        .commit(async (tx) => {
          await writeRequest(tx, db, prepared, { fresh: true, monthExists })
          return { requestId, resolveBy: prepared.resolveBy.toISOString(), resolveTerm: prepared.resolveTerm }
        })
        .catch(async (error: unknown) => {
          await giveItBack()
          throw error
        })
    },
    { startTransaction: false },
  ),

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
    const me = villageMembership(ctx, villageId)
    // docs/access.md, 诉求人联系电话: in full to the resident and to whoever handles the request; masked to
    // everyone else who may read it (their household, the member who raised it, a supervisor looking on).
    const isSelf = Boolean(me?.personId && req.residentPersonId === me.personId)
    const phoneVisibility: Visibility =
      isSelf || rel === 'handler' ? 'full' : lesser(visibilityOf('requestPhone', me?.roles ?? []), 'masked')
    let actions: ReturnType<typeof allowedActions> = []
    const state: RequestState = { status: req.status, level: req.level }
    const isResident = Boolean(
      me?.personId &&
      (req.residentPersonId === me.personId ||
        (rel === 'owner' && !req.residentPersonId && me.roles.some((r) => SELF_ONLY.includes(r)))),
    )
    if (rel === 'handler') actions = allowedActions(state, actorLevel(ctx, req))
    if (isResident) actions = [...actions, ...allowedActions(state, 'resident')]
    // 办结 and 评价 also depend on time and on whether the resident has seen the reply (request-rating.ts).
    let rateBy: string | undefined
    let closeWaits: string | undefined
    if (req.status === 'replied' || req.status === 'rated' || req.status === 'closed') {
      const days = ratingDaysOf(req)
      // The resident opening the answered request is what lets the holder close it: recorded once.
      if (isResident && req.status === 'replied' && !req.replySeenAt) {
        await ctx.db
          .collection(REQUESTS_COLLECTION)
          .where({ _id: req._id, villageId, status: 'replied' })
          .update({ data: { replySeenAt: ctx.now } })
        req.replySeenAt = ctx.now
      }
      const facts = ratingFacts(req)
      const close = closeCheck(facts, ctx.now, days)
      if (!close.ok && actions.includes('close')) closeWaits = close.message
      if (!close.ok) actions = actions.filter((a) => a !== 'close')
      if (!rateCheck(facts, ctx.now, days).ok) actions = actions.filter((a) => a !== 'rate')
      if (req.status === 'closed' && req.closedAt && !req.rating)
        rateBy = ratingDeadline(req.closedAt, days).toISOString()
    }
    ctx.touch({ collection: REQUESTS_COLLECTION, id: req._id, personId: req.residentPersonId ?? undefined })
    return {
      ...rowOf(req, ctx.now, masked),
      description: textFor(req.description, !masked),
      residentPhone: reveal('requestPhone', req.residentPhone ?? '', phoneVisibility) ?? '',
      householdId: masked ? undefined : (req.householdId ?? undefined),
      photos: req.photos,
      source: req.source,
      verifyBy: iso(req.verifyBy)!,
      contactBy: iso(req.contactBy)!,
      resolveTerm: req.resolveTerm ?? undefined,
      reply: optionalTextFor(req.reply ?? undefined, !masked),
      rating: req.rating ?? undefined,
      ratingComment: optionalTextFor(req.ratingComment ?? undefined, !masked),
      department: req.department ?? undefined,
      timeline: req.timeline.map((t) => ({
        at: iso(t.at)!,
        action: t.action,
        by: t.by,
        actorName: masked && t.by === 'resident' ? maskName(t.actorName) : t.actorName,
        note: optionalTextFor(t.note, !masked),
        toLevel: t.toLevel,
        department: t.department,
      })),
      actions,
      rateBy,
      closeWaits,
    }
  },
}
