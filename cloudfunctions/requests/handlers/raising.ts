import { optionalTextFor, textFor } from '../../../common/rules/disclosure'
import { requestsContract } from '../../../common/contracts/requests'
import { AppError } from '../../../common/errors'
import { maskName, maskPhone } from '../../../common/rules/masking'
import { REQUEST_RAISE_LIMIT } from '../../../common/rules/rate-limit'
import { allowedActions, type RequestState } from '../../../common/rules/request-flow'
import { rosterCallerIn } from '../../_lib/caller'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { fileStore } from '../../_lib/files'
import { assertWithinLimit, recordHit } from '../../_lib/rate-limit'
import { findById, iso, type PersonDoc } from '../../_lib/records'
import { createRequest, REQUESTS_COLLECTION, type RequestDoc } from '../../_lib/requests'
import type { Handlers } from '../../_lib/runtime'
import {
  actorLevel,
  CADRES,
  getRequestDoc,
  gridsLedBy,
  linkedHouseholds,
  LIST_FIELDS,
  relation,
  SELF_ONLY,
  villageMembership,
} from '../store'
import { rowOf } from '../views'

/** Raising a request (for oneself or a linked household), its photos, and reading one's own. */
export const raising: Pick<Handlers<typeof requestsContract>, 'raise' | 'uploadPhoto' | 'photo' | 'mine' | 'get'> = {
  async raise(input, ctx) {
    const { db, now } = ctx
    const { villageId } = input
    const me = rosterCallerIn(ctx, villageId, '请先绑定本村的身份')
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
      description: textFor(req.description, !masked),
      residentPhone: req.residentPhone ? (masked ? maskPhone(req.residentPhone) : req.residentPhone) : '',
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
    }
  },
}
