import { gridContract } from '../../common/contracts/grid'
import { AppError } from '../../common/errors'
import { beijingDate } from '../../common/rules/beijing-time'
import { ratioMessage, ratioWarning, sameGridOk, summariseLinkage } from '../../common/rules/linkage'
import { afterVisit, daysBetween, visitDue, type VisitState } from '../../common/rules/visits-due'
import { ROSTER_KEEPERS, VILLAGE_CADRES, SUPERVISORS, type Role } from '../../common/roles'
import { getDocs, type Database } from '../_lib/cloud'
import type { Membership } from '../_lib/principal'
import {
  getAll,
  getInVillage,
  getVillage,
  iso,
  newId,
  type GridDoc,
  type HouseholdDoc,
  type PersonDoc,
} from '../_lib/records'
import { createRequest, villageSettings } from '../_lib/requests'
import { createMain, type HandlerContext } from '../_lib/runtime'
import { C } from '../_lib/collections'
import { updatedCount } from '../_lib/writes'

/**
 * 党员联户 and visits. A link (collection `linkages`) ties one household to one Party member from `from` until
 * `to`; reassigning ends the old link (kept as history) and starts a new one. The active link also carries the
 * household's visit state (last visit date, visits this year) so that a member's list of due households is one
 * query; the state moves with the household to its next link.
 */
export interface LinkageDoc extends VisitState {
  _id: string
  villageId: string
  townshipId: string
  gridId: string | null
  householdId: string
  memberPersonId: string
  memberName: string
  active: boolean
  from: Date
  to: Date | null
  note?: string | null
  by: string
}

export interface VisitDoc {
  _id: string
  villageId: string
  townshipId: string
  householdId: string
  memberPersonId: string
  memberName: string
  date: string
  met: string
  situation: string
  needs?: string | null
  followUp?: string | null
  requestIds: string[]
  createdAt: Date
}

const WHOLE_VILLAGE: readonly Role[] = [...VILLAGE_CADRES, ...SUPERVISORS]
const MAX_VISIT_AGE_DAYS = 92

function me(ctx: HandlerContext, villageId: string): Membership | undefined {
  return ctx.granted.find((m) => m.villageId === villageId && m.personId)
}
const wholeVillage = (ctx: HandlerContext) => ctx.granted.some((m) => m.roles.some((r) => WHOLE_VILLAGE.includes(r)))

/** Null: the whole village; else the grids the caller leads. */
async function gridScope(ctx: HandlerContext, villageId: string): Promise<string[] | null> {
  if (wholeVillage(ctx)) return null
  const m = me(ctx, villageId)
  if (!m?.personId || !m.roles.includes('grid_leader')) return []
  const grids = await getDocs<GridDoc>(
    ctx.db.collection(C.grids).where({ villageId, leaderPersonId: m.personId }).field({ _id: true }).limit(100),
  )
  return grids.map((g) => g._id)
}

async function activeLinks(db: Database, where: Record<string, unknown>): Promise<LinkageDoc[]> {
  return getAll<LinkageDoc>(db.collection(C.linkages).where({ ...where, active: true }) as never, 20000)
}

export const main = createMain(gridContract, {
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
    if (toLink.length) {
      await db
        .collection(C.linkages)
        .where({ villageId, householdId: _.in(toLink), active: true })
        .update({ data: { active: false, to: now } })
    }
    const byName = ctx.granted.find((m) => m.name)?.name ?? ''
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
      await db.collection(C.linkages).add({ data: doc as unknown as Record<string, unknown> })
    }
    const { total } = (await db.collection(C.linkages).where({ villageId, memberPersonId, active: true }).count()) as {
      total: number
    }
    const range = {
      linkageMinHouseholds: settings.linkageMinHouseholds,
      linkageMaxHouseholds: settings.linkageMaxHouseholds,
    }
    ctx.touch(...ids.map((id) => ({ collection: C.households, id })), {
      collection: C.people,
      id: memberPersonId,
      personId: memberPersonId,
    })
    return {
      linked: toLink.length,
      moved,
      householdCount: total,
      warning: ratioWarning(total, range),
      message: ratioMessage(member.name, total, range) ?? undefined,
    }
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

  async myHouseholds({ villageId }, ctx) {
    const { db, now } = ctx
    const m = me(ctx, villageId)
    if (!m?.personId) return { intervalDays: 0, yearTarget: 0, households: [] }
    const [{ settings }, links] = await Promise.all([
      villageSettings(db, villageId),
      activeLinks(db, { villageId, memberPersonId: m.personId }),
    ])
    const households = links.length
      ? await getDocs<HouseholdDoc>(
          db
            .collection(C.households)
            .where({ villageId, _id: db.command.in(links.map((l) => l.householdId)) })
            .limit(1000),
        )
      : []
    const byId = new Map(households.map((h) => [h._id, h]))
    const order = { never: 0, overdue: 1, due: 2, ok: 3 }
    const rows = links
      .map((l) => {
        const h = byId.get(l.householdId)
        const d = visitDue(l, now, settings)
        return {
          householdId: l.householdId,
          number: h?.number ?? '',
          headName: h?.headName ?? '',
          lastVisitDate: l.lastVisitDate ?? undefined,
          visitsThisYear: d.visitsThisYear,
          nextBy: d.nextBy ?? undefined,
          due: d.due,
        }
      })
      .sort(
        (a, b) =>
          order[a.due] - order[b.due] ||
          (a.nextBy ?? '').localeCompare(b.nextBy ?? '') ||
          a.number.localeCompare(b.number),
      )
    ctx.touch(...rows.map((r) => ({ collection: C.households, id: r.householdId })))
    return {
      intervalDays: settings.visitIntervalDays,
      yearTarget: settings.visitsPerHouseholdPerYear,
      households: rows,
    }
  },

  async household({ villageId, householdId }, ctx) {
    const { db } = ctx
    const household = await getInVillage<HouseholdDoc>(db, C.households, villageId, householdId, '户')
    const [visits, links] = await Promise.all([
      getDocs<VisitDoc>(db.collection(C.visits).where({ villageId, householdId }).orderBy('date', 'desc').limit(50)),
      getDocs<LinkageDoc>(
        db.collection(C.linkages).where({ villageId, householdId }).orderBy('from', 'desc').limit(50),
      ),
    ])
    if (!wholeVillage(ctx)) {
      const m = me(ctx, villageId)
      const linkedToMe = links.some((l) => l.active && l.memberPersonId === m?.personId)
      const scope = await gridScope(ctx, villageId)
      const inMyGrid = Boolean(scope && household.gridId && scope.includes(household.gridId))
      if (!linkedToMe && !inMyGrid) throw new AppError('FORBIDDEN', '只能查看自己联系的户')
    }
    ctx.touch({ collection: C.households, id: householdId })
    return {
      householdId,
      number: household.number,
      headName: household.headName,
      memberName: links.find((l) => l.active)?.memberName,
      visits: visits.map((v) => ({
        id: v._id,
        date: v.date,
        memberName: v.memberName,
        met: v.met,
        situation: v.situation,
        needs: v.needs ?? undefined,
        followUp: v.followUp ?? undefined,
        requestIds: v.requestIds,
      })),
      links: links.map((l) => ({
        memberName: l.memberName,
        from: iso(l.from)!,
        to: iso(l.to),
        note: l.note ?? undefined,
      })),
    }
  },

  async recordVisit(input, ctx) {
    const { db, now } = ctx
    const { villageId, householdId } = input
    const m = me(ctx, villageId)
    if (!m?.personId) throw new AppError('FORBIDDEN', '请先绑定本村的身份')
    const today = beijingDate(now)
    if (input.date > today)
      throw new AppError('INVALID_ARGUMENT', '走访日期不能晚于今天', [{ path: 'date', message: '不能晚于今天' }])
    if (daysBetween(input.date, today) > MAX_VISIT_AGE_DAYS) {
      throw new AppError('INVALID_ARGUMENT', `只能补记 ${MAX_VISIT_AGE_DAYS} 天内的走访`, [
        { path: 'date', message: '太早了' },
      ])
    }
    const [household, village, [link]] = await Promise.all([
      getInVillage<HouseholdDoc>(db, C.households, villageId, householdId, '户'),
      getVillage(db, villageId),
      getDocs<LinkageDoc>(db.collection(C.linkages).where({ villageId, householdId, active: true }).limit(1)),
    ])
    if (!wholeVillage(ctx) && link?.memberPersonId !== m.personId) {
      const scope = await gridScope(ctx, villageId)
      if (!(scope && household.gridId && scope.includes(household.gridId)))
        throw new AppError('FORBIDDEN', '只能记录自己联系的户的走访')
    }
    const visitId = newId('vs')
    const requestIds: string[] = []
    for (const [i, r] of input.requests.entries()) {
      const { requestId } = await createRequest(
        db,
        {
          villageId,
          source: 'visit',
          sourceId: `${visitId}-${i}`,
          category: r.category,
          urgency: r.urgency,
          description: r.description,
          householdId,
          residentPersonId: r.residentPersonId,
          raisedBy: { personId: m.personId, name: m.name ?? '' },
        },
        now,
      )
      requestIds.push(requestId)
    }
    const visit: VisitDoc = {
      _id: visitId,
      villageId,
      townshipId: village.townshipId,
      householdId,
      memberPersonId: m.personId,
      memberName: m.name ?? '',
      date: input.date,
      met: input.met,
      situation: input.situation,
      needs: input.needs ?? null,
      followUp: input.followUp ?? null,
      requestIds,
      createdAt: now,
    }
    await db.collection(C.visits).add({ data: visit as unknown as Record<string, unknown> })
    if (link) {
      const state = afterVisit(link, input.date)
      await db.collection(C.linkages).doc(link._id).update({ data: state })
    }
    ctx.touch(
      { collection: C.visits, id: visitId },
      { collection: C.households, id: householdId },
      ...requestIds.map((id) => ({ collection: C.requests, id })),
    )
    return { visitId, requestIds }
  },
})
