import { rosterContract } from '../../../common/contracts/roster'
import { AppError } from '../../../common/errors'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import {
  getInVillage,
  getOpenVillage,
  newId,
  type GridDoc,
  type HouseholdDoc,
  type PersonDoc,
} from '../../_lib/records'
import type { Handlers } from '../../_lib/runtime'
import { txGet, type Tx } from '../../_lib/transaction'
import { escapeRegExp, gridRestriction } from '../store'

/** Households and grids of the village. */
export const households: Pick<
  Handlers<typeof rosterContract>,
  'listHouseholds' | 'saveHousehold' | 'listGrids' | 'saveGrid'
> = {
  async listHouseholds({ villageId, query, gridId, offset, limit }, ctx) {
    const { db } = ctx
    const grids = await gridRestriction(ctx, villageId)
    if (grids && gridId && !grids.includes(gridId)) throw new AppError('FORBIDDEN', '网格长只能查看本网格的户')
    const where: Record<string, unknown> = { villageId }
    if (grids) where.gridId = gridId ?? db.command.in(grids)
    else if (gridId) where.gridId = gridId
    const q = query?.trim()
    if (q) where.headName = db.RegExp({ regexp: escapeRegExp(q) })
    const [{ total }, households] = await Promise.all([
      db.collection(C.households).where(where).count() as Promise<{ total: number }>,
      getDocs<HouseholdDoc>(
        db.collection(C.households).where(where).orderBy('number', 'asc').skip(offset).limit(limit),
      ),
    ])
    ctx.touch(...households.map((h) => ({ collection: C.households, id: h._id })))
    return {
      households: households.map((h) => ({
        id: h._id,
        number: h.number,
        headName: h.headName,
        gridId: h.gridId ?? undefined,
        memberCount: h.memberCount,
        adultCount: h.adultCount,
      })),
      total,
      nextOffset: offset + households.length < total ? offset + households.length : undefined,
    }
  },

  async saveHousehold(input, ctx) {
    const { db, now, touch } = ctx
    const { villageId } = input
    const village = await getOpenVillage(db, villageId, '修改花名册')
    if (input.adultCount > input.memberCount)
      throw new AppError('INVALID_ARGUMENT', '成年人数不能多于全户人数', [
        { path: 'adultCount', message: '不能多于全户人数' },
      ])
    if (input.gridId) await getInVillage<GridDoc>(db, C.grids, villageId, input.gridId, '网格')
    const fields = {
      number: input.number,
      headName: input.headName,
      gridId: input.gridId ?? null,
      memberCount: input.memberCount,
      adultCount: input.adultCount,
      updatedAt: now,
    }
    const _ = db.command
    if (input.householdId) await getInVillage<HouseholdDoc>(db, C.households, villageId, input.householdId, '户')
    const householdId = input.householdId ?? newId('h')
    const gridCount = (tx: Tx, gridId: string, by: number) =>
      tx
        .collection(C.grids)
        .doc(gridId)
        .update({ data: { householdCount: _.inc(by) } })
    // The household and the village's and grids' household counts in one transaction with the idempotency record
    // (docs/exactly-once.md); the counts follow the household as the transaction reads it.
    return ctx.commit(async (tx) => {
      const current = input.householdId ? await txGet<HouseholdDoc>(tx, C.households, householdId) : null
      if (input.householdId && !current) throw new AppError('NOT_FOUND', '户不存在或不属于本村')
      if (current) {
        await tx.collection(C.households).doc(householdId).update({ data: fields })
      } else {
        await tx
          .collection(C.households)
          .add({ data: { _id: householdId, villageId, townshipId: village.townshipId, ...fields } })
        await tx
          .collection(C.villages)
          .doc(villageId)
          .update({ data: { householdCount: _.inc(1) } })
      }
      const from = current?.gridId ?? null
      if (from !== fields.gridId) {
        if (from) await gridCount(tx, from, -1)
        if (fields.gridId) await gridCount(tx, fields.gridId, 1)
      }
      touch({ collection: C.households, id: householdId })
      return { householdId }
    })
  },

  async listGrids({ villageId }, { db }) {
    const grids = await getDocs<GridDoc>(db.collection(C.grids).where({ villageId }).orderBy('name', 'asc').limit(200))
    const leaderIds = grids.flatMap((g) => (g.leaderPersonId ? [g.leaderPersonId] : []))
    const leaders = leaderIds.length
      ? await getDocs<PersonDoc>(
          db
            .collection(C.people)
            .where({ villageId, _id: db.command.in(leaderIds) })
            .field({ name: true })
            .limit(200),
        )
      : []
    return {
      grids: grids.map((g) => ({
        id: g._id,
        name: g.name,
        leaderPersonId: g.leaderPersonId ?? undefined,
        leaderName: leaders.find((p) => p._id === g.leaderPersonId)?.name,
        householdCount: g.householdCount ?? 0,
      })),
    }
  },

  async saveGrid({ villageId, gridId, name, leaderPersonId }, ctx) {
    const { db, touch } = ctx
    const village = await getOpenVillage(db, villageId, '修改花名册')
    if (leaderPersonId) await getInVillage<PersonDoc>(db, C.people, villageId, leaderPersonId, '人员')
    if (gridId) await getInVillage<GridDoc>(db, C.grids, villageId, gridId, '网格')
    const id = gridId ?? newId('g')
    // The grid and the village's grid count in one transaction with the idempotency record (docs/exactly-once.md).
    return ctx.commit(async (tx) => {
      if (gridId) {
        await tx
          .collection(C.grids)
          .doc(id)
          .update({ data: { name, leaderPersonId: leaderPersonId ?? null } })
      } else {
        await tx.collection(C.grids).add({
          data: {
            _id: id,
            villageId,
            townshipId: village.townshipId,
            name,
            leaderPersonId: leaderPersonId ?? null,
            householdCount: 0,
          },
        })
        await tx
          .collection(C.villages)
          .doc(villageId)
          .update({ data: { gridCount: db.command.inc(1) } })
      }
      touch({ collection: C.grids, id })
      return { gridId: id }
    })
  },
}
