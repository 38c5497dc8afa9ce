import { dutyContract } from '../../../common/contracts/duty'
import { AppError } from '../../../common/errors'
import { dutyDate, dutyMonth } from '../../../common/rules/duty'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { findById, getInVillage, getVillage, newId } from '../../_lib/records'
import { refuseRetired } from '../../_lib/open-village'
import { prepareRequest, writeRequest } from '../../_lib/requests'
import type { z } from 'zod'
import { withEarly, type Handlers } from '../../_lib/runtime'
import { txGet } from '../../_lib/transaction'
import { cadreOfVillage, LOGS, me, monthIdOf, MONTHS, txBumpMonth, type DutyMonthDoc, type LogDoc } from '../store'

type AddLogInput = z.output<(typeof dutyContract)['actions']['addLog']['input']>
import { logView, seesLogInFull } from '../views'

/** 值班服务日志: what visitors came for, owned by the cadre who logged it until handed over. */
export const logs: Pick<Handlers<typeof dutyContract>, 'addLog' | 'listLogs' | 'handOverLog' | 'closeLog'> = {
  // The binding read ‖ the transaction's start ‖ the village and whether the month counters exist → the writes (the
  // entry, the counters as `_.inc`, the idempotency record, the audit entry) → the commit: nothing read inside.
  addLog: withEarly(
    (input: AddLogInput, { db, now }) =>
      Promise.all([
        getVillage(db, input.villageId),
        findById<DutyMonthDoc>(db, MONTHS, monthIdOf(input.villageId, dutyMonth(now))),
      ]),
    async (input: AddLogInput, ctx, early) => {
      const { db, now } = ctx
      const person = me(ctx, input.villageId)
      const [village, month] = await early
      refuseRetired(village, '记值班日志')
      const date = dutyDate(now)
      const entry: LogDoc = {
        _id: newId('dl'),
        villageId: village._id,
        townshipId: village.townshipId,
        date,
        month: dutyMonth(now),
        at: now,
        visitorName: input.visitorName,
        visitorPhone: input.visitorPhone ?? '',
        matter: input.matter,
        action: input.action,
        outcome: input.outcome,
        dispute: input.dispute,
        emergencyReported: input.emergencyReported,
        loggedByPersonId: person.personId,
        loggedByName: person.name,
        ownerPersonId: person.personId,
        ownerName: person.name,
        requestLinkId: null,
        status: input.outcome === 'resolved' ? 'closed' : 'open',
        history: [],
      }
      ctx.touch({ collection: LOGS, id: entry._id })
      // Hand-off to the request flow (_lib/requests.ts): the request's id is derived from the log entry's, and the
      // entry, the request, both month counters and the idempotency record commit in one transaction — never a log
      // 转入诉求 without its request (docs/exactly-once.md).
      const handOff =
        input.outcome === 'handed-off'
          ? await prepareRequest(
              db,
              {
                villageId: village._id,
                source: 'duty-log',
                sourceId: entry._id,
                category: input.handOff?.category ?? (input.dispute ? 'dispute' : 'help'),
                urgency: input.handOff?.urgency ?? (input.emergencyReported ? 'emergency' : 'normal'),
                description: [input.matter, input.action].filter(Boolean).join('；'),
                residentName: input.visitorName,
                residentPhone: input.visitorPhone,
                raisedBy: { personId: person.personId, name: person.name },
              },
              now,
            )
          : null
      if (handOff) {
        entry.requestLinkId = handOff.doc._id
        ctx.touch({ collection: C.requests, id: handOff.doc._id })
      }
      return ctx.commit(async (tx) => {
        await tx.collection(LOGS).add({ data: entry as unknown as Record<string, unknown> })
        if (handOff) await writeRequest(tx, db, handOff)
        await txBumpMonth(
          tx,
          db,
          village,
          entry.month,
          {
            matters: 1,
            resolvedOnSpot: input.outcome === 'resolved' ? 1 : 0,
            handedOff: input.outcome === 'handed-off' ? 1 : 0,
            disputes: input.dispute ? 1 : 0,
            emergencies: input.emergencyReported ? 1 : 0,
          },
          Boolean(month),
        )
        return { entry: logView(entry) }
      })
    },
  ),

  async listLogs({ villageId, date, mineOpen, limit }, ctx) {
    const { db } = ctx
    const person = me(ctx, villageId)
    let query
    if (mineOpen) {
      query = db
        .collection(LOGS)
        .where({ villageId, ownerPersonId: person.personId, status: 'open' })
        .orderBy('at', 'desc')
    } else {
      query = db
        .collection(LOGS)
        .where({ villageId, date: date ?? dutyDate(ctx.now) })
        .orderBy('at', 'desc')
    }
    const entries = await getDocs<LogDoc>(query.limit(limit))
    return { entries: entries.map((l) => logView(l, seesLogInFull(l, person))) }
  },

  async handOverLog({ villageId, logId, toPersonId, note }, ctx) {
    const { db, now } = ctx
    const person = me(ctx, villageId)
    const entry = await getInVillage<LogDoc>(db, LOGS, villageId, logId, '值班日志')
    if (entry.ownerPersonId !== person.personId)
      throw new AppError('FORBIDDEN', `这件事由 ${entry.ownerName} 负责，只有负责人可以移交`)
    if (entry.status !== 'open') throw new AppError('FAILED_PRECONDITION', '这件事已经办结')
    if (toPersonId === person.personId)
      throw new AppError('INVALID_ARGUMENT', '请选择另一位干部', [{ path: 'toPersonId', message: '不能移交给自己' }])
    const to = await cadreOfVillage(db, villageId, toPersonId)
    const step = { at: now, what: 'handover' as const, byName: person.name, toName: to.name, note }
    ctx.touch({ collection: LOGS, id: logId })
    // The change and the idempotency record commit together: a resend after a lost answer gets this answer.
    return ctx.commit(async (tx) => {
      const current = await txGet<LogDoc>(tx, LOGS, logId)
      if (current?.ownerPersonId !== person.personId || current.status !== 'open')
        throw new AppError('CONFLICT', '这件事刚被改动过，请刷新')
      await tx
        .collection(LOGS)
        .doc(logId)
        .update({ data: { ownerPersonId: to._id, ownerName: to.name, history: db.command.push([step]) } })
      return {
        entry: logView({
          ...current,
          ownerPersonId: to._id,
          ownerName: to.name,
          history: [...(current.history ?? []), step],
        }),
      }
    })
  },

  async closeLog({ villageId, logId, result }, ctx) {
    const { db, now } = ctx
    const person = me(ctx, villageId)
    const entry = await getInVillage<LogDoc>(db, LOGS, villageId, logId, '值班日志')
    if (entry.ownerPersonId !== person.personId)
      throw new AppError('FORBIDDEN', `这件事由 ${entry.ownerName} 负责，只有负责人可以办结`)
    if (entry.status !== 'open') throw new AppError('FAILED_PRECONDITION', '这件事已经办结')
    const step = { at: now, what: 'close' as const, byName: person.name, note: result }
    ctx.touch({ collection: LOGS, id: logId })
    return ctx.commit(async (tx) => {
      const current = await txGet<LogDoc>(tx, LOGS, logId)
      if (current?.status !== 'open') throw new AppError('CONFLICT', '这件事刚被改动过，请刷新')
      await tx
        .collection(LOGS)
        .doc(logId)
        .update({ data: { status: 'closed', history: db.command.push([step]) } })
      return { entry: logView({ ...current, status: 'closed' }) }
    })
  },
}
