import type { z } from 'zod'
import { gridContract } from '../../../common/contracts/grid'
import { AppError } from '../../../common/errors'
import { beijingDate } from '../../../common/rules/beijing-time'
import { isAway, situationTags } from '../../../common/rules/household-situation'
import { reveal, visibilityOf } from '../../../common/rules/personal-data'
import { ROLE_LABELS, type Role } from '../../../common/roles'
import { afterVisit, daysBetween, visitDue } from '../../../common/rules/visits-due'
import { rosterCallerIn } from '../../_lib/caller'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import {
  findById,
  getInVillage,
  getVillage,
  iso,
  newId,
  type GridDoc,
  type HouseholdDoc,
  type PersonDoc,
} from '../../_lib/records'
import { assertRaiseLink } from '../../_lib/raise-link'
import { refuseRetired } from '../../_lib/open-village'
import { prepareRequest, villageSettings, writeRequest, type PreparedRequest } from '../../_lib/requests'
import { withEarly, type Handlers } from '../../_lib/runtime'
import { firstAttempt, txGet, txUpdateExisting } from '../../_lib/transaction'
import { activeLinks, gridScope, LinkageDoc, MAX_VISIT_AGE_DAYS, me, VisitDoc, wholeVillage } from '../store'

type RecordVisitInput = z.output<(typeof gridContract)['actions']['recordVisit']['input']>

/** A member's own households, one household's record, and the visits (走访) that keep them due. */
export const visits: Pick<Handlers<typeof gridContract>, 'myHouseholds' | 'household' | 'recordVisit'> = {
  async myHouseholds({ villageId }, ctx) {
    const { db, now } = ctx
    const m = me(ctx, villageId)
    if (!m?.personId) return { intervalDays: 0, yearTarget: 0, households: [] }
    const [{ settings }, links] = await Promise.all([
      villageSettings(db, villageId),
      activeLinks(db, { villageId, memberPersonId: m.personId }),
    ])
    const order = { never: 0, overdue: 1, due: 2, ok: 3 }
    const dues = links
      .map((l) => ({ l, d: visitDue(l, now, settings) }))
      .sort((a, b) => order[a.d.due] - order[b.d.due] || (a.d.nextBy ?? '').localeCompare(b.d.nextBy ?? ''))
    // The households read goes out together with the audit entry (which names them, known from the links).
    ctx.touch(...dues.map(({ l }) => ({ collection: C.households, id: l.householdId })))
    const households = links.length
      ? await ctx.lastWrite(() =>
          getDocs<HouseholdDoc>(
            db
              .collection(C.households)
              .where({ villageId, _id: db.command.in(links.map((l) => l.householdId)) })
              .limit(1000),
          ),
        )
      : []
    const byId = new Map(households.map((h) => [h._id, h]))
    const rows = dues
      .map(({ l, d }) => {
        const h = byId.get(l.householdId)
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
    return {
      intervalDays: settings.visitIntervalDays,
      yearTarget: settings.visitsPerHouseholdPerYear,
      households: rows,
    }
  },

  async household({ villageId, householdId }, ctx) {
    const { db } = ctx
    // Everything the page shows is read at once with what the caller reaches; nothing is answered before the check.
    const [household, visits, links, people, scope] = await Promise.all([
      getInVillage<HouseholdDoc>(db, C.households, villageId, householdId, '户'),
      getDocs<VisitDoc>(db.collection(C.visits).where({ villageId, householdId }).orderBy('date', 'desc').limit(50)),
      getDocs<LinkageDoc>(
        db.collection(C.linkages).where({ villageId, householdId }).orderBy('from', 'desc').limit(50),
      ),
      getDocs<PersonDoc>(
        db
          .collection(C.people)
          .where({ villageId, householdId })
          .field({ _id: true, name: true, roles: true, party: true, phone: true })
          .limit(50),
      ),
      wholeVillage(ctx) ? Promise.resolve(null) : gridScope(ctx, villageId),
    ])
    if (!wholeVillage(ctx)) {
      const m = me(ctx, villageId)
      const linkedToMe = links.some((l) => l.active && l.memberPersonId === m?.personId)
      const inMyGrid = Boolean(scope && household.gridId && scope.includes(household.gridId))
      if (!linkedToMe && !inMyGrid) throw new AppError('FORBIDDEN', '只能查看自己联系的户')
    }
    // docs/access.md 手机号: cadres and grid leaders (their grids, checked above) see it in full; members do not.
    const phoneVisibility = visibilityOf('personPhone', me(ctx, villageId).roles)
    ctx.touch(
      { collection: C.households, id: householdId },
      ...people.map((p) => ({ collection: C.people, id: p._id, personId: p._id })),
    )
    // The grid's name goes out together with the audit entry.
    const grid = household.gridId
      ? await ctx.lastWrite(() => findById<GridDoc>(db, C.grids, household.gridId!))
      : undefined
    const head = (p: PersonDoc) => (p.name === household.headName ? 0 : 1)
    return {
      householdId,
      number: household.number,
      headName: household.headName,
      gridName: grid?.name,
      memberCount: household.memberCount,
      tags: situationTags(
        household,
        people.map((p) => ({ away: isAway(p.party) })),
      ),
      members: [...people]
        .sort((a, b) => head(a) - head(b))
        .map((p) => ({
          name: p.name,
          roles: p.roles.filter((r): r is Role => r in ROLE_LABELS).map((r) => ROLE_LABELS[r]),
          away: isAway(p.party),
          phone: reveal('personPhone', p.phone ?? '', phoneVisibility) || undefined,
        })),
      moves: (household.gridMoves ?? []).map((m) => ({
        at: iso(m.at)!,
        fromGridName: m.fromGridName,
        toGridName: m.toGridName,
        by: m.by,
      })),
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
        note: [l.note, l.endNote].filter(Boolean).join('；') || undefined,
        by: l.by || undefined,
      })),
    }
  },

  // The binding read ‖ the transaction's start ‖ the household, the village and its link → the writes (the visit,
  // the link's visit state as `_.inc`/`_.max` when the visit is of this year, the idempotency record, the audit
  // entry) → the commit. A visit of last year (a late record in January) reads the link inside the transaction:
  // whether it counts depends on the link's state, which a concurrent visit may change.
  recordVisit: withEarly(
    (input: RecordVisitInput, { db }) =>
      Promise.all([
        getInVillage<HouseholdDoc>(db, C.households, input.villageId, input.householdId, '户'),
        getVillage(db, input.villageId),
        getDocs<LinkageDoc>(
          db
            .collection(C.linkages)
            .where({ villageId: input.villageId, householdId: input.householdId, active: true })
            .limit(1),
        ),
      ]),
    async (input, ctx, early) => {
      const { db, now } = ctx
      const { villageId, householdId } = input
      const m = rosterCallerIn(ctx, villageId, '请先绑定本村的身份')
      const today = beijingDate(now)
      if (input.date > today)
        throw new AppError('INVALID_ARGUMENT', '走访日期不能晚于今天', [{ path: 'date', message: '不能晚于今天' }])
      if (daysBetween(input.date, today) > MAX_VISIT_AGE_DAYS) {
        throw new AppError('INVALID_ARGUMENT', `只能补记 ${MAX_VISIT_AGE_DAYS} 天内的走访`, [
          { path: 'date', message: '太早了' },
        ])
      }
      const [household, village, [link]] = await early
      refuseRetired(village, '记录走访')
      if (!wholeVillage(ctx) && link?.memberPersonId !== m.personId) {
        const scope = await gridScope(ctx, villageId)
        if (!(scope && household.gridId && scope.includes(household.gridId)))
          throw new AppError('FORBIDDEN', '只能记录自己联系的户的走访')
      }
      // A person named on a request must live in the visited household (the link checked above); checked for all
      // of them before anything is written.
      for (const r of input.requests)
        if (r.residentPersonId)
          await assertRaiseLink(db, villageId, m, { householdId, residentPersonId: r.residentPersonId })
      const visitId = newId('vs')
      // Reads first (each request checked against the village); then the visit, its requests with their month
      // counters and the link's visit state commit in one transaction with the idempotency record.
      const prepared: PreparedRequest[] = []
      for (const [i, r] of input.requests.entries()) {
        prepared.push(
          await prepareRequest(
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
          ),
        )
      }
      const requestIds = prepared.map((p) => p.doc._id)
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
      ctx.touch(
        { collection: C.visits, id: visitId },
        { collection: C.households, id: householdId },
        ...requestIds.map((id) => ({ collection: C.requests, id })),
      )
      // This year's visit to a link whose state is of this year counts one more whatever visits of this year are
      // recorded meanwhile (no visit can be dated in a later year until the year ends; New Year's Eve reads inside).
      const year = Number(input.date.slice(0, 4))
      const relative =
        link &&
        today.slice(0, 4) === input.date.slice(0, 4) &&
        today.slice(5) !== '12-31' &&
        link.visitYear === year &&
        link.lastVisitDate?.slice(0, 4) === input.date.slice(0, 4)
      return ctx.commit(async (tx) => {
        await tx.collection(C.visits).add({ data: visit as unknown as Record<string, unknown> })
        for (const p of prepared) await writeRequest(tx, db, p)
        if (link && relative && firstAttempt(tx)) {
          const _ = db.command
          await txUpdateExisting(tx, C.linkages, link._id, {
            lastVisitDate: _.max(input.date as never),
            visitsInYear: _.inc(1),
          })
        } else if (link) {
          // The link as this transaction sees it: two visits recorded at once conflict and the second retries.
          const current = (await txGet<LinkageDoc>(tx, C.linkages, link._id)) ?? link
          await tx
            .collection(C.linkages)
            .doc(link._id)
            .update({ data: afterVisit(current, input.date) })
        }
        return { visitId, requestIds }
      })
    },
  ),
}
