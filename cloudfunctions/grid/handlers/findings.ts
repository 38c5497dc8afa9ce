import { gridContract } from '../../../common/contracts/grid'
import { AppError } from '../../../common/errors'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { getInVillage, iso, type HouseholdDoc } from '../../_lib/records'
import { prepareRequest, writeRequest, type PreparedRequest } from '../../_lib/requests'
import type { Handlers } from '../../_lib/runtime'
import { txGet } from '../../_lib/transaction'
import { me, VisitDoc } from '../store'

/** Findings read per call: the newest visits of the village that noted a need. */
const FINDINGS_SCAN = 300

/**
 * 走访发现的需求: a need written on a visit reaches the village's cadres as a list until each is turned into a
 * request (then handled as every request) or marked handled with how.
 */
export const findings: Pick<Handlers<typeof gridContract>, 'findings' | 'resolveFinding'> = {
  async findings({ villageId, filter }, ctx) {
    const { db } = ctx
    const visits = await getDocs<VisitDoc>(
      db
        .collection(C.visits)
        .where({ villageId, needs: db.command.neq(null) })
        .orderBy('date', 'desc')
        .limit(FINDINGS_SCAN),
    )
    const rows = visits.filter((v) => v.needs && (filter === 'open' ? !v.needsOutcome : Boolean(v.needsOutcome)))
    const ids = [...new Set(rows.map((v) => v.householdId))]
    const households = ids.length
      ? await getDocs<HouseholdDoc>(
          db
            .collection(C.households)
            .where({ villageId, _id: db.command.in(ids) })
            .field({ _id: true, headName: true })
            .limit(ids.length),
        )
      : []
    const names = new Map(households.map((h) => [h._id, h.headName]))
    ctx.touch(...rows.slice(0, 100).map((v) => ({ collection: C.visits, id: v._id })))
    return {
      findings: rows.map((v) => ({
        visitId: v._id,
        householdId: v.householdId,
        headName: names.get(v.householdId) ?? '',
        date: v.date,
        memberName: v.memberName,
        needs: v.needs ?? '',
        outcome: v.needsOutcome?.outcome,
        outcomeNote: v.needsOutcome?.note ?? undefined,
        outcomeBy: v.needsOutcome?.by,
        outcomeAt: iso(v.needsOutcome?.at),
        requestId: v.needsOutcome?.requestId ?? undefined,
      })),
    }
  },

  async resolveFinding({ villageId, visitId, outcome, category, urgency, note }, ctx) {
    const { db, now } = ctx
    const visit = await getInVillage<VisitDoc>(db, C.visits, villageId, visitId, '走访记录')
    if (!visit.needs) throw new AppError('FAILED_PRECONDITION', '这次走访没有记下需求')
    if (visit.needsOutcome) throw new AppError('FAILED_PRECONDITION', '这条需求已经处理过了')
    if (outcome === 'request' && !category)
      throw new AppError('INVALID_ARGUMENT', '请选择诉求类别', [{ path: 'category', message: '请选择' }])
    if (outcome === 'handled' && !note)
      throw new AppError('INVALID_ARGUMENT', '请写明怎么处理的', [{ path: 'note', message: '请填写' }])
    const by = me(ctx, villageId).name
    let prepared: PreparedRequest | undefined
    if (outcome === 'request') {
      // Raised for the household by the member who wrote the finding; its id derives from the visit, so a resend
      // cannot raise it twice.
      prepared = await prepareRequest(
        db,
        {
          villageId,
          source: 'visit',
          sourceId: `${visitId}-needs`,
          category: category!,
          urgency,
          description: visit.needs,
          householdId: visit.householdId,
          raisedBy: { personId: visit.memberPersonId, name: visit.memberName },
        },
        now,
      )
    }
    const requestId = prepared?.doc._id
    ctx.touch({ collection: C.visits, id: visitId }, { collection: C.households, id: visit.householdId })
    return ctx.commit(async (tx) => {
      const current = await txGet<VisitDoc>(tx, C.visits, visitId)
      if (current?.needsOutcome) throw new AppError('CONFLICT', '这条需求刚被别人处理过')
      if (prepared) await writeRequest(tx, db, prepared)
      await tx
        .collection(C.visits)
        .doc(visitId)
        .update({ data: { needsOutcome: { outcome, requestId: requestId ?? null, note: note ?? null, by, at: now } } })
      return { outcome, requestId }
    })
  },
}
