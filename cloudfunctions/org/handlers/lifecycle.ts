/**
 * Retiring a village and merging one into another (村改居, 合村并居) without losing its history: the village document
 * stays with its records, meetings and matters (readable by the township and the county), marked `retired`, and
 * takes no new work (`getOpenVillage` refuses it; its people's WeChat bindings no longer reach it). A merge moves
 * the households, people and grids — and their bindings — to the target in one transaction with the idempotency
 * record (docs/exactly-once.md), plus an entry in the target village's audit log; the runtime audits the source.
 */
import { orgContract } from '../../../common/contracts/org'
import { AppError } from '../../../common/errors'
import { mergeProblem, mergedGridName, movedCounters, retireProblem } from '../../../common/rules/village-lifecycle'
import type { AuditEntry } from '../../_lib/audit'
import { C } from '../../_lib/collections'
import type { BindingDoc, Membership } from '../../_lib/principal'
import {
  getAllById,
  getVillage,
  type GridDoc,
  type InvitationDoc,
  type HouseholdDoc,
  type PersonDoc,
  type VillageDoc,
} from '../../_lib/records'
import type { HandlerContext, Handlers } from '../../_lib/runtime'
import { txGet, type Tx } from '../../_lib/transaction'

/** The most records one merge moves in its transaction; a larger village is split first. */
export const MERGE_MAX_RECORDS = 3000

const actorOf = (ctx: Pick<HandlerContext, 'granted'>) => ({
  county: ctx.granted.some((m) => m.roles.includes('county_organiser')),
  townshipIds: ctx.granted.flatMap((m) =>
    m.roles.includes('township_organiser') && m.townshipId ? [m.townshipId] : [],
  ),
  name: ctx.granted.find((m) => m.name)?.name ?? '',
})

/** The name the person confirmed must be this village's: a stale page or a wrong tap changes nothing. */
function checkConfirmed(village: VillageDoc, confirmName: string): void {
  if (village.name !== confirmName)
    throw new AppError('FAILED_PRECONDITION', `确认的村名与${village.name}不符，请重新打开这个村再办理`)
}

const asLifecycle = (v: VillageDoc) => ({ id: v._id, name: v.name, townshipId: v.townshipId, retired: v.retired })

/** Inside the transaction: the village as it is now, refused when someone else retired or merged it meanwhile. */
async function txOpenVillage(tx: Tx, villageId: string): Promise<VillageDoc> {
  const village = await txGet<VillageDoc>(tx, C.villages, villageId)
  if (!village) throw new AppError('NOT_FOUND', '没有这个村（社区）')
  const problem = retireProblem({ ...asLifecycle(village), id: villageId })
  if (problem) throw new AppError('FAILED_PRECONDITION', problem)
  return village
}

/** Rewrites each bound person's binding: memberships of `villageId` moved by `change`, or dropped (null). */
async function rewriteBindings(
  tx: Tx,
  db: HandlerContext['db'],
  people: readonly PersonDoc[],
  villageId: string,
  change: ((m: Membership) => Membership) | null,
  now: Date,
): Promise<void> {
  const openids = [...new Set(people.flatMap((p) => (p.openid ? [p.openid] : [])))]
  for (const openid of openids) {
    const binding = await txGet<BindingDoc>(tx, C.bindings, openid)
    if (!binding) continue
    const memberships = (binding.memberships ?? []).flatMap((m) =>
      m.villageId !== villageId ? [m] : change ? [change(m)] : [],
    )
    await tx
      .collection(C.bindings)
      .doc(openid)
      .update({ data: { memberships: db.command.set(memberships), updatedAt: now } })
  }
}

export const lifecycle: Pick<Handlers<typeof orgContract>, 'retireVillage' | 'mergeVillage'> = {
  async retireVillage({ villageId, reason, confirmName }, ctx) {
    const { db, now, touch } = ctx
    const village = await getVillage(db, villageId)
    checkConfirmed(village, confirmName)
    const problem = retireProblem(asLifecycle(village))
    if (problem) throw new AppError('FAILED_PRECONDITION', problem)
    const [bound, invitations] = await Promise.all([
      getAllById<PersonDoc>(db, C.people, { villageId, openid: db.command.neq(null) }, 5000, { openid: true }),
      // Codes handed out before: redeemed after retirement they would bind a WeChat to the retired village again.
      getAllById<InvitationDoc>(db, C.invitations, { villageId, status: 'open' }, 5000, { _id: true }),
    ])
    const byName = actorOf(ctx).name
    touch({ collection: C.villages, id: villageId })
    return ctx.commit(async (tx) => {
      await txOpenVillage(tx, villageId)
      await tx
        .collection(C.villages)
        .doc(villageId)
        .update({ data: { retired: { at: now, byName, reason }, updatedAt: now } })
      // Its people keep their roster entries (history), but their WeChat no longer acts in a retired village.
      await rewriteBindings(tx, db, bound, villageId, null, now)
      for (const inv of invitations)
        await tx
          .collection(C.invitations)
          .doc(inv._id)
          .update({ data: { status: 'revoked' } })
      return { retired: true }
    })
  },

  async mergeVillage({ villageId, targetVillageId, reason, confirmName }, ctx) {
    const { db, now, touch } = ctx
    const actor = actorOf(ctx)
    const [source, target] = await Promise.all([getVillage(db, villageId), getVillage(db, targetVillageId)])
    checkConfirmed(source, confirmName)
    const problem = mergeProblem(asLifecycle(source), asLifecycle(target), actor)
    if (problem) throw new AppError(problem.includes('不在本乡镇') ? 'FORBIDDEN' : 'FAILED_PRECONDITION', problem)
    const [households, people, grids] = await Promise.all([
      getAllById<HouseholdDoc>(db, C.households, { villageId }, MERGE_MAX_RECORDS + 1, { _id: true }),
      getAllById<PersonDoc>(db, C.people, { villageId }, MERGE_MAX_RECORDS + 1, {
        roles: true,
        party: true,
        openid: true,
      }),
      getAllById<GridDoc>(db, C.grids, { villageId }, 1000, { name: true }),
    ])
    if (households.length + people.length + grids.length > MERGE_MAX_RECORDS)
      throw new AppError(
        'FAILED_PRECONDITION',
        `${source.name}的记录超过 ${MERGE_MAX_RECORDS} 条，请先分网格导出后再合并`,
      )
    const moved = movedCounters(people, households.length, grids.length, source.registeredAdults ?? 0)
    const move = { villageId: targetVillageId, townshipId: target.townshipId, updatedAt: now }
    const detail = `${source.name}并入${target.name}：${households.length} 户、${people.length} 人、${grids.length} 个网格（${reason}）`
    touch({ collection: C.villages, id: villageId }, { collection: C.villages, id: targetVillageId })

    return ctx.commit(async (tx) => {
      const [from, into] = [await txOpenVillage(tx, villageId), await txOpenVillage(tx, targetVillageId)]
      // Someone added a household, person or grid after the lists above were read: the counters say so.
      if (
        (from.householdCount ?? 0) !== households.length ||
        (from.peopleCount ?? 0) !== people.length ||
        (from.gridCount ?? 0) !== grids.length
      )
        throw new AppError('CONFLICT', `${source.name}的花名册刚有变动，请重新合并`)
      for (const h of households) await tx.collection(C.households).doc(h._id).update({ data: move })
      for (const p of people) await tx.collection(C.people).doc(p._id).update({ data: move })
      for (const g of grids)
        await tx
          .collection(C.grids)
          .doc(g._id)
          .update({ data: { ...move, name: mergedGridName(source.name, g.name) } })
      await rewriteBindings(
        tx,
        db,
        people,
        villageId,
        (m) => ({ ...m, villageId: targetVillageId, townshipId: target.townshipId }),
        now,
      )
      const _ = db.command
      await tx
        .collection(C.villages)
        .doc(targetVillageId)
        .update({
          data: {
            householdCount: _.inc(moved.householdCount),
            gridCount: _.inc(moved.gridCount),
            peopleCount: _.inc(moved.peopleCount),
            partyMemberCount: _.inc(moved.partyMemberCount),
            partyMembersAway: _.inc(moved.partyMembersAway),
            boundCount: _.inc(moved.boundCount),
            registeredAdults: _.inc(moved.registeredAdults),
            updatedAt: now,
          },
        })
      await tx
        .collection(C.villages)
        .doc(villageId)
        .update({
          data: {
            householdCount: 0,
            gridCount: 0,
            peopleCount: 0,
            partyMemberCount: 0,
            partyMembersAway: 0,
            boundCount: 0,
            registeredAdults: 0,
            retired: { at: now, byName: actor.name, reason, mergedInto: { id: targetVillageId, name: into.name } },
            updatedAt: now,
          },
        })
      // The target village's own audit log says what came in (the runtime's entry is in the source's log).
      const entry: AuditEntry = {
        at: now,
        action: 'org.mergeVillage',
        kind: 'write',
        actor: {
          openid: ctx.identity.openid,
          personIds: [],
          name: actor.name,
          roles: [...new Set(ctx.granted.flatMap((m) => m.roles))],
        },
        villageId: targetVillageId,
        townshipId: target.townshipId,
        subjects: [
          { collection: C.villages, id: villageId },
          { collection: C.villages, id: targetVillageId },
        ],
        subjectCount: 2 + households.length + people.length + grids.length,
        detail,
      }
      await tx.collection(C.audit).add({ data: entry as unknown as Record<string, unknown> })
      return { households: households.length, people: people.length, grids: grids.length, targetName: into.name }
    })
  },
}
