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

/** The most records one call of a merge moves, in its own transaction; a larger village takes several calls. */
export const MERGE_MAX_RECORDS = 3000

/** Why this call may not (go on to) merge `village` into `targetVillageId`: it is being merged into another. */
function mergingProblem(village: VillageDoc, targetVillageId: string): string | null {
  const into = village.merging?.into
  if (!into || into.id === targetVillageId) return null
  return `${village.name}正在并入${into.name}，请继续并入${into.name}`
}

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
    const problem = retireProblem(asLifecycle(village)) ?? mergingProblem(village, '')
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

  /**
   * One chunk of a merge per call, each its own transaction: up to MERGE_MAX_RECORDS households, people and grids
   * moved with their bindings and both villages' counters. The first chunk marks the source `merging` (it then takes
   * no new work, and its page says 正在并入); the call that finds nothing left after its chunk marks it retired,
   * merged. The page calls again (a fresh request id) until `done`; a merge interrupted anywhere is continued by
   * calling again, and a source being merged into one village cannot be merged into another.
   */
  async mergeVillage({ villageId, targetVillageId, reason, confirmName }, ctx) {
    const { db, now, touch } = ctx
    const actor = actorOf(ctx)
    const [source, target] = await Promise.all([getVillage(db, villageId), getVillage(db, targetVillageId)])
    checkConfirmed(source, confirmName)
    const problem = mergeProblem(asLifecycle(source), asLifecycle(target), actor)
    if (problem) throw new AppError(problem.includes('不在本乡镇') ? 'FORBIDDEN' : 'FAILED_PRECONDITION', problem)
    const going = mergingProblem(source, targetVillageId)
    if (going) throw new AppError('FAILED_PRECONDITION', going)
    if (target.merging)
      throw new AppError('FAILED_PRECONDITION', `${target.name}正在并入${target.merging.into.name}，不能再并入它`)
    const [allHouseholds, allPeople, allGrids] = await Promise.all([
      getAllById<HouseholdDoc>(db, C.households, { villageId }, MERGE_MAX_RECORDS + 1, { _id: true }),
      getAllById<PersonDoc>(db, C.people, { villageId }, MERGE_MAX_RECORDS + 1, {
        roles: true,
        party: true,
        openid: true,
      }),
      getAllById<GridDoc>(db, C.grids, { villageId }, 1000, { name: true }),
    ])
    // This call's chunk: households first, then people, then grids, at most MERGE_MAX_RECORDS in all.
    const households = allHouseholds.slice(0, MERGE_MAX_RECORDS)
    const people = allPeople.slice(0, MERGE_MAX_RECORDS - households.length)
    const grids = allGrids.slice(0, MERGE_MAX_RECORDS - households.length - people.length)
    const total = allHouseholds.length + allPeople.length + allGrids.length
    const last = households.length + people.length + grids.length === total
    const moved = movedCounters(people, households.length, grids.length, last ? (source.registeredAdults ?? 0) : 0)
    const move = { villageId: targetVillageId, townshipId: target.townshipId, updatedAt: now }
    const merged = {
      households: households.length + (source.merging?.moved.households ?? 0),
      people: people.length + (source.merging?.moved.people ?? 0),
      grids: grids.length + (source.merging?.moved.grids ?? 0),
    }
    const detail = `${source.name}并入${target.name}：${merged.households} 户、${merged.people} 人、${merged.grids} 个网格（${reason}）`
    touch({ collection: C.villages, id: villageId }, { collection: C.villages, id: targetVillageId })

    return ctx.commit(async (tx) => {
      const [from, into] = [await txOpenVillage(tx, villageId), await txOpenVillage(tx, targetVillageId)]
      const meanwhile = mergingProblem(from, targetVillageId)
      if (meanwhile) throw new AppError('CONFLICT', meanwhile)
      // Someone added a household, person or grid after the lists above were read: the counters say so.
      if (
        last &&
        ((from.householdCount ?? 0) !== households.length ||
          (from.peopleCount ?? 0) !== people.length ||
          (from.gridCount ?? 0) !== grids.length)
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
      const counters = (sign: 1 | -1) =>
        Object.fromEntries(Object.entries(moved).map(([k, n]) => [k, _.inc(sign * n)])) as Record<string, unknown>
      await tx
        .collection(C.villages)
        .doc(targetVillageId)
        .update({ data: { ...counters(1), updatedAt: now } })
      const progress = {
        into: { id: targetVillageId, name: into.name },
        startedAt: from.merging?.startedAt ?? now,
        byName: from.merging?.byName ?? actor.name,
        reason: from.merging?.reason ?? reason,
        moved: merged,
      }
      await tx
        .collection(C.villages)
        .doc(villageId)
        .update({
          data: last
            ? {
                householdCount: 0,
                gridCount: 0,
                peopleCount: 0,
                partyMemberCount: 0,
                partyMembersAway: 0,
                boundCount: 0,
                registeredAdults: 0,
                merging: null,
                retired: { at: now, byName: actor.name, reason, mergedInto: { id: targetVillageId, name: into.name } },
                updatedAt: now,
              }
            : { ...counters(-1), merging: _.set(progress), updatedAt: now },
        })
      if (last) {
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
          subjectCount: 2 + merged.households + merged.people + merged.grids,
          detail,
        }
        await tx.collection(C.audit).add({ data: entry as unknown as Record<string, unknown> })
      }
      return {
        households: households.length,
        people: people.length,
        grids: grids.length,
        targetName: into.name,
        done: last,
        left: total - households.length - people.length - grids.length,
      }
    })
  },
}
