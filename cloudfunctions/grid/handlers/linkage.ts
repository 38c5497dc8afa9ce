import { gridContract } from '../../../common/contracts/grid'
import { AppError } from '../../../common/errors'
import { ROSTER_KEEPERS } from '../../../common/roles'
import { ratioMessage, ratioWarning, sameGridOk, summariseLinkage } from '../../../common/rules/linkage'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import {
  findById,
  getAll,
  getInVillage,
  newId,
  type GridDoc,
  type HouseholdDoc,
  type PersonDoc,
} from '../../_lib/records'
import { refuseRetired } from '../../_lib/open-village'
import { villageSettings } from '../../_lib/requests'
import type { Handlers } from '../../_lib/runtime'
import { txGet } from '../../_lib/transaction'
import { updatedCount } from '../../_lib/writes'
import { activeLinks, gridScope, LinkageDoc } from '../store'

/** 党员联户: who is linked to which households, the ratio warnings, and (un)assigning households. */
export const linkage: Pick<Handlers<typeof gridContract>, 'overview' | 'assign' | 'unassign' | 'moveHousehold'> = {
  async overview({ villageId, gridId }, ctx) {
    const { db } = ctx
    const scope = await gridScope(ctx, villageId)
    if (scope && gridId && !scope.includes(gridId)) throw new AppError('FORBIDDEN', '网格长只能查看本网格')
    const gridFilter = gridId ? [gridId] : scope
    const _ = db.command
    const byGrid = gridFilter ? { gridId: _.in(gridFilter) } : {}
    const [{ settings }, grids, households, members, links] = await Promise.all([
      villageSettings(db, villageId),
      getDocs<GridDoc>(
        db
          .collection(C.grids)
          .where({ villageId, ...(gridFilter ? { _id: _.in(gridFilter) } : {}) })
          .orderBy('name', 'asc')
          .limit(200),
      ),
      getAll<HouseholdDoc>(
        db
          .collection(C.households)
          .where({ villageId, ...byGrid })
          .field({ _id: true, number: true, headName: true, gridId: true }) as never,
        20000,
      ),
      getAll<PersonDoc>(
        db
          .collection(C.people)
          .where({ villageId, roles: 'party_member', ...byGrid })
          .field({ _id: true, name: true, gridId: true }) as never,
        5000,
      ),
      activeLinks(db, { villageId, ...byGrid }),
    ])
    const summary = summariseLinkage({
      members: members.map((m) => ({ personId: m._id, gridId: m.gridId })),
      households: households.map((h) => ({ id: h._id, gridId: h.gridId })),
      links,
    })
    const unlinked = new Set(summary.unlinkedHouseholds)
    const householdById = new Map(households.map((h) => [h._id, h]))
    const linkedTo = new Map<string, { id: string; number: string; headName: string }[]>()
    for (const l of links) {
      const h = householdById.get(l.householdId)
      if (!h) continue
      const list = linkedTo.get(l.memberPersonId) ?? []
      list.push({ id: h._id, number: h.number, headName: h.headName })
      linkedTo.set(l.memberPersonId, list)
    }
    const range = {
      linkageMinHouseholds: settings.linkageMinHouseholds,
      linkageMaxHouseholds: settings.linkageMaxHouseholds,
    }
    const gridRows = grids.map((g) => ({
      id: g._id,
      name: g.name,
      householdCount: households.filter((h) => h.gridId === g._id).length,
      members: members
        .filter((m) => m.gridId === g._id)
        .map((m) => {
          const count = summary.countByMember.get(m._id) ?? 0
          return {
            personId: m._id,
            name: m.name,
            householdCount: count,
            warning: ratioWarning(count, range),
            message: ratioMessage(m.name, count, range) ?? undefined,
            households: (linkedTo.get(m._id) ?? []).sort((a, b) => a.number.localeCompare(b.number)),
          }
        }),
      unlinkedHouseholds: households
        .filter((h) => h.gridId === g._id && unlinked.has(h._id))
        .map((h) => ({ id: h._id, number: h.number, headName: h.headName })),
    }))
    const names = new Map(members.map((m) => [m._id, m.name]))
    ctx.touch(...households.slice(0, 100).map((h) => ({ collection: C.households, id: h._id })))
    return {
      range: { min: range.linkageMinHouseholds, max: range.linkageMaxHouseholds },
      grids: gridRows,
      unlinkedCount: unlinked.size,
      membersWithNone: summary.membersWithNone.map((id) => ({ personId: id, name: names.get(id) ?? '' })),
    }
  },

  async assign({ villageId, memberPersonId, householdIds, note }, ctx) {
    const { db, now } = ctx
    const _ = db.command
    const ids = [...new Set(householdIds)]
    const [member, households, { settings, village }] = await Promise.all([
      getInVillage<PersonDoc>(db, C.people, villageId, memberPersonId, '党员'),
      getDocs<HouseholdDoc>(
        db
          .collection(C.households)
          .where({ villageId, _id: _.in(ids) })
          .limit(ids.length),
      ),
      villageSettings(db, villageId),
    ])
    refuseRetired(village, '安排联户')
    if (!member.roles.includes('party_member'))
      throw new AppError('FAILED_PRECONDITION', `${member.name}不是党员，不能联户`)
    if (households.length !== ids.length) throw new AppError('NOT_FOUND', '有的户不在本村')
    const scope = await gridScope(ctx, villageId)
    if (scope) {
      const outside =
        !member.gridId ||
        !scope.includes(member.gridId) ||
        households.some((h) => !h.gridId || !scope.includes(h.gridId))
      if (
        outside ||
        !ctx.granted.some((m) => m.roles.some((r) => ROSTER_KEEPERS.includes(r as never) || r === 'grid_leader'))
      ) {
        throw new AppError('FORBIDDEN', '网格长只能安排本网格的党员和户')
      }
    }
    const across = households.find((h) => !sameGridOk(member.gridId, h.gridId))
    if (across)
      throw new AppError('FAILED_PRECONDITION', `${across.headName}家不在${member.name}所在的网格，请在网格内安排联户`)
    // The latest link of each household (active or ended) carries its visit state on.
    const previous = await getDocs<LinkageDoc>(
      db
        .collection(C.linkages)
        .where({ villageId, householdId: _.in(ids) })
        .orderBy('from', 'desc')
        .limit(1000),
    )
    const latest = new Map<string, LinkageDoc>()
    for (const l of previous) if (!latest.has(l.householdId)) latest.set(l.householdId, l)
    const already = ids.filter((id) => latest.get(id)?.active && latest.get(id)?.memberPersonId === memberPersonId)
    const toLink = ids.filter((id) => !already.includes(id))
    const moved = toLink.filter((id) => latest.get(id)?.active).length
    const ending = previous.filter((l) => l.active && toLink.includes(l.householdId))
    const { total: before } = (await db
      .collection(C.linkages)
      .where({ villageId, memberPersonId, active: true })
      .count()) as { total: number }
    const total = before + toLink.length
    const byName = ctx.granted.find((m) => m.name)?.name ?? ''
    const range = {
      linkageMinHouseholds: settings.linkageMinHouseholds,
      linkageMaxHouseholds: settings.linkageMaxHouseholds,
    }
    ctx.touch(...ids.map((id) => ({ collection: C.households, id })), {
      collection: C.people,
      id: memberPersonId,
      personId: memberPersonId,
    })
    const answer = {
      linked: toLink.length,
      moved,
      householdCount: total,
      warning: ratioWarning(total, range),
      message: ratioMessage(member.name, total, range) ?? undefined,
    }
    // The ended links and the new ones in one transaction with the idempotency record (docs/exactly-once.md): a
    // call killed half-way leaves no household without its link, a resend links nothing twice.
    return ctx.commit(async (tx) => {
      for (const l of ending) {
        const current = await txGet<LinkageDoc>(tx, C.linkages, l._id)
        if (current?.active)
          await tx
            .collection(C.linkages)
            .doc(l._id)
            .update({ data: { active: false, to: now } })
      }
      for (const h of households.filter((x) => toLink.includes(x._id))) {
        const prev = latest.get(h._id)
        const doc: LinkageDoc = {
          _id: newId('lk'),
          villageId,
          townshipId: village.townshipId,
          gridId: h.gridId ?? null,
          householdId: h._id,
          memberPersonId,
          memberName: member.name,
          active: true,
          from: now,
          to: null,
          note: note ?? null,
          by: byName,
          lastVisitDate: prev?.lastVisitDate ?? null,
          visitYear: prev?.visitYear ?? 0,
          visitsInYear: prev?.visitsInYear ?? 0,
        }
        await tx.collection(C.linkages).add({ data: doc as unknown as Record<string, unknown> })
      }
      return answer
    })
  },

  async moveHousehold({ villageId, householdId, toGridId, note }, ctx) {
    const { db, now } = ctx
    const [household, target] = await Promise.all([
      getInVillage<HouseholdDoc>(db, C.households, villageId, householdId, '户'),
      getInVillage<GridDoc>(db, C.grids, villageId, toGridId, '网格'),
    ])
    if (household.gridId === toGridId)
      throw new AppError('FAILED_PRECONDITION', `${household.headName}家已在${target.name}`)
    const [from, links, people] = await Promise.all([
      household.gridId ? findById<GridDoc>(db, C.grids, household.gridId) : Promise.resolve(undefined),
      getDocs<LinkageDoc>(db.collection(C.linkages).where({ villageId, householdId, active: true }).limit(10)),
      getDocs<PersonDoc>(db.collection(C.people).where({ villageId, householdId }).field({ _id: true }).limit(50)),
    ])
    const byName = ctx.granted.find((m) => m.name)?.name ?? ''
    const fromGridName = from?.name ?? '未分网格'
    const move = {
      at: now,
      fromGridId: household.gridId ?? null,
      fromGridName,
      toGridId,
      toGridName: target.name,
      by: byName,
    }
    ctx.touch(
      { collection: C.households, id: householdId },
      ...people.map((p) => ({ collection: C.people, id: p._id, personId: p._id })),
    )
    // The household, its people, its link (the member serves the old grid: the link ends, kept in history) and the
    // grids' household counts move together with the idempotency record (docs/exactly-once.md).
    return ctx.commit(async (tx) => {
      const current = await txGet<HouseholdDoc>(tx, C.households, householdId)
      if (!current || (current.gridId ?? null) !== (household.gridId ?? null))
        throw new AppError('CONFLICT', '这户刚被别人调整过，请刷新后再看')
      await tx
        .collection(C.households)
        .doc(householdId)
        .update({ data: { gridId: toGridId, gridMoves: [...(current.gridMoves ?? []), move], updatedAt: now } })
      for (const p of people)
        await tx
          .collection(C.people)
          .doc(p._id)
          .update({ data: { gridId: toGridId, updatedAt: now } })
      for (const l of links)
        await tx
          .collection(C.linkages)
          .doc(l._id)
          .update({
            data: { active: false, to: now, endNote: note ? `调整到${target.name}：${note}` : `调整到${target.name}` },
          })
      const _ = db.command
      if (from)
        await tx
          .collection(C.grids)
          .doc(from._id)
          .update({ data: { householdCount: _.inc(-1) } })
      await tx
        .collection(C.grids)
        .doc(toGridId)
        .update({ data: { householdCount: _.inc(1) } })
      return { fromGridName, toGridName: target.name, linkEnded: links.length > 0 }
    })
  },

  async unassign({ villageId, householdId }, ctx) {
    const { db, now } = ctx
    const household = await getInVillage<HouseholdDoc>(db, C.households, villageId, householdId, '户')
    const scope = await gridScope(ctx, villageId)
    if (scope && !(household.gridId && scope.includes(household.gridId)))
      throw new AppError('FORBIDDEN', '网格长只能安排本网格的户')
    const res = updatedCount(
      await db
        .collection(C.linkages)
        .where({ villageId, householdId, active: true })
        .update({ data: { active: false, to: now } }),
    )
    ctx.touch({ collection: C.households, id: householdId })
    return { ended: res > 0 }
  },
}
