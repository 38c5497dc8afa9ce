import type { z } from 'zod'
import { requestsContract } from '../../../common/contracts/requests'
import { AppError } from '../../../common/errors'
import { verifyByAfterHop } from '../../../common/rules/request-deadlines'
import { transition, type RequestActor } from '../../../common/rules/request-flow'
import { closeCheck, rateCheck, ratingDeadline } from '../../../common/rules/request-rating'
import { C } from '../../_lib/collections'
import { findById, type PersonDoc } from '../../_lib/records'
import {
  monthStatsExist,
  REQUESTS_COLLECTION,
  txCountInMonth,
  villageSettings,
  type RequestDoc,
  type TimelineEntry,
} from '../../_lib/requests'
import { withEarly, type Handlers } from '../../_lib/runtime'
import { txGet } from '../../_lib/transaction'
import { notifyEscalated, notifyRateReminder, notifyResident } from '../notices'
import {
  actorLevel,
  getRequestDoc,
  HOUR_MS,
  isCounty,
  isTownship,
  ratingDaysOf,
  ratingFacts,
  relation,
  villageMembership,
} from '../store'

type ActInput = z.output<(typeof requestsContract)['actions']['act']['input']>
type RateInput = z.output<(typeof requestsContract)['actions']['rate']['input']>

/** Moving a request on (accept, hand up, reply, close) and the resident's rating. */
export const handling: Pick<Handlers<typeof requestsContract>, 'act' | 'rate'> = {
  // The binding read ‖ the transaction's start ‖ the request, whether the month's counters exist (and the village's
  // settings, to escalate) → the request read inside the transaction (a transition: only if nobody moved it
  // meanwhile; no write inside a CloudBase transaction takes a condition) → the writes → the commit → the notices.
  act: withEarly(
    ({ villageId, requestId, action }: ActInput, { db, now, willRead }) => {
      // Read in the transaction while the access check may still read the village's township.
      willRead([REQUESTS_COLLECTION, requestId])
      return Promise.all([
        getRequestDoc(db, villageId, requestId),
        action === 'escalate' || action === 'close' ? monthStatsExist(db, villageId, now) : Promise.resolve(undefined),
        action === 'escalate' ? villageSettings(db, villageId) : Promise.resolve(undefined),
      ])
    },
    async ({ villageId, requestId, action, note, reply, department }: ActInput, ctx, early) => {
      const { db, now } = ctx
      ctx.willRead([REQUESTS_COLLECTION, requestId])
      const [req, monthExists, escalating] = await early
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
      // 办结 waits until the resident has seen the reply (or rated it, or the window passed): request-rating.ts.
      const ratingDays = ratingDaysOf(req)
      if (action === 'close') {
        const check = closeCheck(ratingFacts(req), now, ratingDays)
        if (!check.ok) throw new AppError('FAILED_PRECONDITION', check.message)
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
        const { settings } = escalating ?? (await villageSettings(db, villageId))
        patch.verifyBy = verifyByAfterHop(now, settings)
      }
      if (action === 'reply') {
        patch.reply = reply
        patch.repliedAt = now
      }
      if (action === 'close') patch.closedAt = now
      patch.timeline = db.command.push([entry])
      // Touched before the commit: the audit entry commits with it.
      ctx.touch({ collection: REQUESTS_COLLECTION, id: requestId, personId: req.residentPersonId ?? undefined })
      // Only if nobody moved it meanwhile (two cadres pressing at once); the request, its month counters and the
      // idempotency record commit together (docs/exactly-once.md).
      const moved = await ctx.commit(async (tx) => {
        const current = await txGet<RequestDoc>(tx, REQUESTS_COLLECTION, requestId)
        if (current?.villageId !== villageId || current.status !== req.status || current.level !== req.level)
          throw new AppError('CONFLICT', '这件诉求刚被别人办理过，请刷新后再看')
        await tx.collection(REQUESTS_COLLECTION).doc(requestId).update({ data: patch })
        if (action === 'escalate')
          await txCountInMonth(
            tx,
            db,
            villageId,
            req.townshipId,
            now,
            { kind: 'escalated', from: req.level },
            monthExists,
          )
        if (action === 'close') {
          const repliedAt = req.repliedAt ? new Date(req.repliedAt) : now
          await txCountInMonth(
            tx,
            db,
            villageId,
            req.townshipId,
            now,
            {
              kind: 'closed',
              level: req.level,
              hours: (now.getTime() - new Date(req.raisedAt).getTime()) / HOUR_MS,
              late: repliedAt.getTime() > new Date(req.resolveBy).getTime(),
            },
            monthExists,
          )
        }
        return next
      })
      if (action === 'reply' && req.residentPersonId) await notifyResident(db, req, reply ?? '', now)
      // The receiving level is told at once; deadline reminders come from the sweep (handlers/sweep.ts).
      if (action === 'escalate') await notifyEscalated(db, req, next.level, note ?? '', now)
      if (action === 'close' && !req.rating && req.residentPersonId)
        await notifyRateReminder(db, req, ratingDeadline(now, ratingDays), now)
      return moved
    },
  ),

  // Four round trips one after another: the binding read ‖ the transaction's start ‖ the request and whether the
  // month's counters exist → the request read inside the transaction (‖ the resident's household, when needed) →
  // the writes → the commit. Rating is a transition of the request (rated once) that no write inside a CloudBase
  // transaction can guard (an update there has no condition), so the request is read inside.
  rate: withEarly(
    ({ villageId, requestId }: RateInput, { db, now }) =>
      Promise.all([getRequestDoc(db, villageId, requestId), monthStatsExist(db, villageId, now)]),
    async ({ villageId, requestId, rating, comment }: RateInput, ctx, early) => {
      const { db, now } = ctx
      ctx.willRead([REQUESTS_COLLECTION, requestId])
      const [req, monthExists] = await early
      const me = villageMembership(ctx, villageId)
      let mine = Boolean(me?.personId && req.residentPersonId === me.personId)
      if (!mine && me?.personId && !req.residentPersonId && req.householdId) {
        mine = (await findById<PersonDoc>(db, C.people, me.personId))?.householdId === req.householdId
      }
      if (!mine) throw new AppError('FORBIDDEN', '只有提出诉求的群众本人可以评价')
      const result = transition({ status: req.status, level: req.level }, 'rate', 'resident')
      if (!result.ok) throw new AppError('FAILED_PRECONDITION', result.message)
      const check = rateCheck(ratingFacts(req), now, ratingDaysOf(req))
      if (!check.ok) throw new AppError('FAILED_PRECONDITION', check.message)
      // Rated before 办结 it becomes 已评价; rated after 办结 (within the window) it stays 已办结.
      const status = result.next.status
      const entry: TimelineEntry = {
        at: now,
        action: 'rate',
        by: 'resident',
        actorName: me?.name ?? req.residentName,
        actorPersonId: me?.personId ?? null,
      }
      if (comment) entry.note = comment
      ctx.touch({ collection: REQUESTS_COLLECTION, id: requestId, personId: req.residentPersonId ?? undefined })
      return ctx.commit(async (tx) => {
        const current = await txGet<RequestDoc>(tx, REQUESTS_COLLECTION, requestId)
        if (current?.villageId !== villageId || current.status !== req.status || current.rating)
          throw new AppError('CONFLICT', '这件诉求已经评价过了')
        await tx
          .collection(REQUESTS_COLLECTION)
          .doc(requestId)
          .update({
            data: {
              status,
              rating,
              ratingComment: comment ?? null,
              updatedAt: now,
              timeline: db.command.push([entry]),
            },
          })
        await txCountInMonth(tx, db, villageId, req.townshipId, now, { kind: 'rated', rating }, monthExists)
        return { status }
      })
    },
  ),
}
