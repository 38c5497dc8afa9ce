import { dutyContract } from '../../../common/contracts/duty'
import { AppError } from '../../../common/errors'
import { VILLAGE_CADRES } from '../../../common/roles'
import { addDays, comingWeek, dutyDate, judgePlannedDay } from '../../../common/rules/duty'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { getInVillage, getVillage, type PersonDoc } from '../../_lib/records'
import { refuseRetired, refuseRetiredVillage } from '../../_lib/open-village'
import type { Handlers } from '../../_lib/runtime'
import { removedCount, updatedCount, addOnce } from '../../_lib/writes'
import {
  cadreOfVillage,
  calendarDate,
  checkInIdOf,
  CHECKINS,
  me,
  shiftIdOf,
  SHIFTS,
  SWAPS,
  villageRules,
  type CheckInDoc,
  type ShiftDoc,
  type SwapDoc,
} from '../store'

/** The week's plan of shifts, and swaps between cadres decided by the secretary. */
export const shifts: Pick<
  Handlers<typeof dutyContract>,
  'week' | 'cadres' | 'saveDay' | 'requestSwap' | 'decideSwap'
> = {
  async week({ villageId, from }, { db, now }) {
    const dates = from ? Array.from({ length: 7 }, (_, i) => addDays(calendarDate(from, 'from'), i)) : comingWeek(now)
    const _ = db.command
    const [village, shifts, checkins, swaps] = await Promise.all([
      getVillage(db, villageId),
      getDocs<ShiftDoc>(
        db
          .collection(SHIFTS)
          .where({ villageId, date: _.gte(dates[0]!).and(_.lte(dates[6]!)) })
          .orderBy('date', 'asc')
          .limit(200),
      ),
      getDocs<CheckInDoc>(
        db
          .collection(CHECKINS)
          .where({ villageId, date: _.gte(dates[0]!).and(_.lte(dates[6]!)) })
          .limit(200),
      ),
      getDocs<SwapDoc>(
        db.collection(SWAPS).where({ villageId, status: 'pending' }).orderBy('createdAt', 'desc').limit(50),
      ),
    ])
    const { rules } = await villageRules(db, village)
    const byId = new Map(checkins.map((c) => [c._id, c]))
    const days = dates.map((date) => {
      const mine = shifts.filter((s) => s.date === date).sort((a, b) => a.start.localeCompare(b.start))
      const judged = judgePlannedDay(date, mine, rules)
      return {
        date,
        shifts: mine.map((s) => {
          const c = byId.get(checkInIdOf(date, s.personId))
          return {
            id: s._id,
            personId: s.personId,
            name: s.name,
            start: s.start,
            end: s.end,
            checkedIn: Boolean(c),
            checkedOut: Boolean(c?.checkedOutAt),
          }
        }),
        cadres: judged.cadres,
        plannedHours: Math.round((judged.plannedMinutes / 60) * 10) / 10,
        gap: judged.gap,
        reasons: judged.reasons,
      }
    })
    return {
      minCadresPerDay: rules.minCadresPerDay,
      minHours: rules.minHours,
      days,
      gaps: days.filter((d) => d.gap).length,
      swaps: swaps.map((s) => ({
        id: s._id,
        date: s.date,
        fromName: s.fromName,
        toName: s.toName,
        reason: s.reason,
        start: s.start,
        end: s.end,
      })),
    }
  },

  async cadres({ villageId }, { db }) {
    const people = await getDocs<PersonDoc>(
      db
        .collection(C.people)
        .where({ villageId, roles: db.command.in([...VILLAGE_CADRES]) })
        .field({ name: true, roles: true })
        .limit(100),
    )
    return {
      cadres: people
        .map((p) => ({
          personId: p._id,
          name: p.name,
          roles: p.roles.filter((r) => (VILLAGE_CADRES as readonly string[]).includes(r)),
        }))
        .sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    }
  },

  async saveDay({ villageId, date, shifts }, ctx) {
    const { db, now } = ctx
    calendarDate(date, 'date')
    if (date < addDays(dutyDate(now), -1)) throw new AppError('FAILED_PRECONDITION', '不能修改已经过去的值班安排')
    const ids = [...new Set(shifts.map((s) => s.personId))]
    if (ids.length !== shifts.length)
      throw new AppError('INVALID_ARGUMENT', '同一位干部一天只排一个班次', [{ path: 'shifts', message: '有重复的人' }])
    for (const s of shifts) {
      if (s.start === s.end)
        throw new AppError('INVALID_ARGUMENT', '班次的开始和结束时间不能相同', [
          { path: 'shifts', message: '时段不对' },
        ])
    }
    const _ = db.command
    const [village, people, existing, checkins] = await Promise.all([
      getVillage(db, villageId),
      ids.length
        ? getDocs<PersonDoc>(
            db
              .collection(C.people)
              .where({ villageId, _id: _.in(ids) })
              .field({ name: true, roles: true })
              .limit(50),
          )
        : Promise.resolve([]),
      getDocs<ShiftDoc>(db.collection(SHIFTS).where({ villageId, date }).limit(50)),
      getDocs<CheckInDoc>(db.collection(CHECKINS).where({ villageId, date }).field({ personId: true }).limit(100)),
    ])
    refuseRetired(village, '排值班')
    const found = new Map(people.map((p) => [p._id, p]))
    for (const personId of ids) {
      const p = found.get(personId)
      if (!p) throw new AppError('NOT_FOUND', '本村花名册中没有这位干部')
      if (!p.roles.some((r) => (VILLAGE_CADRES as readonly string[]).includes(r)))
        throw new AppError('FAILED_PRECONDITION', `${p.name} 不是本村干部，不能排班`)
    }
    const checkedIn = new Set(checkins.map((c) => c.personId))
    const dropped = existing.filter((s) => !ids.includes(s.personId))
    const keptCheckedIn = dropped.find((s) => checkedIn.has(s.personId))
    if (keptCheckedIn) throw new AppError('FAILED_PRECONDITION', `${keptCheckedIn.name} 当天已签到，不能从值班表中删去`)
    const docs: ShiftDoc[] = shifts.map((s) => ({
      _id: shiftIdOf(date, s.personId),
      villageId,
      townshipId: village.townshipId,
      date,
      personId: s.personId,
      name: found.get(s.personId)!.name,
      start: s.start,
      end: s.end,
      createdAt: now,
    }))
    await Promise.all([
      ...dropped.map((s) => db.collection(SHIFTS).where({ _id: s._id, villageId }).remove()),
      ...docs.map((d) => {
        const { _id, ...rest } = d
        return db.collection(SHIFTS).doc(_id).set({ data: rest })
      }),
    ])
    for (const d of [...docs, ...dropped]) ctx.touch({ collection: SHIFTS, id: d._id })
    const { rules } = await villageRules(db, village)
    const judged = judgePlannedDay(date, docs, rules)
    return { date, cadres: judged.cadres, gap: judged.gap, reasons: judged.reasons }
  },

  async requestSwap({ villageId, shiftId, toPersonId, reason }, ctx) {
    const { db, now } = ctx
    const person = me(ctx, villageId)
    const shift = await getInVillage<ShiftDoc>(db, SHIFTS, villageId, shiftId, '班次')
    if (shift.personId !== person.personId) throw new AppError('FAILED_PRECONDITION', '只能申请换自己的班')
    if (shift.date < dutyDate(now)) throw new AppError('FAILED_PRECONDITION', '这个班次已经过去了')
    if (toPersonId === person.personId)
      throw new AppError('INVALID_ARGUMENT', '请选择另一位干部', [{ path: 'toPersonId', message: '不能换给自己' }])
    const [to, [pending]] = await Promise.all([
      cadreOfVillage(db, villageId, toPersonId),
      getDocs<SwapDoc>(db.collection(SWAPS).where({ villageId, status: 'pending', shiftId }).limit(1)),
      refuseRetiredVillage(db, villageId, '申请换班'),
    ])
    const swapId = ctx.newId('sw')
    if (pending && pending._id !== swapId) throw new AppError('CONFLICT', '这个班次已有待批准的换班申请')
    const swap: SwapDoc = {
      _id: swapId,
      villageId,
      townshipId: shift.townshipId,
      shiftId,
      date: shift.date,
      start: shift.start,
      end: shift.end,
      fromPersonId: person.personId,
      fromName: person.name,
      toPersonId,
      toName: to.name,
      reason,
      status: 'pending',
      createdAt: now,
    }
    await addOnce(db.collection(SWAPS), swap as SwapDoc & Record<string, unknown>)
    ctx.touch({ collection: SWAPS, id: swap._id })
    return { swapId: swap._id }
  },

  async decideSwap({ villageId, swapId, approve }, ctx) {
    const { db, now } = ctx
    const swap = await getInVillage<SwapDoc>(db, SWAPS, villageId, swapId, '换班申请')
    if (swap.status !== 'pending') throw new AppError('FAILED_PRECONDITION', '这个换班申请已经处理过了')
    const decidedBy = ctx.granted[0]?.name ?? ''
    if (approve) {
      const [[shift], [taken], [checkedIn]] = await Promise.all([
        getDocs<ShiftDoc>(db.collection(SHIFTS).where({ _id: swap.shiftId, villageId }).limit(1)),
        getDocs<ShiftDoc>(
          db
            .collection(SHIFTS)
            .where({ _id: shiftIdOf(swap.date, swap.toPersonId), villageId })
            .limit(1),
        ),
        getDocs<CheckInDoc>(
          db
            .collection(CHECKINS)
            .where({ _id: checkInIdOf(swap.date, swap.fromPersonId), villageId })
            .limit(1),
        ),
      ])
      if (!shift) throw new AppError('FAILED_PRECONDITION', '原班次已被调整，换班申请作废')
      if (taken) throw new AppError('CONFLICT', `${swap.toName} 当天已有班次`)
      if (checkedIn) throw new AppError('FAILED_PRECONDITION', `${swap.fromName} 当天已签到，不能再换班`)
    }
    const res = await db
      .collection(SWAPS)
      .where({ _id: swapId, villageId, status: 'pending' })
      .update({ data: { status: approve ? 'approved' : 'rejected', decidedAt: now, decidedBy } })
    if (!updatedCount(res)) throw new AppError('CONFLICT', '这个换班申请刚被处理过')
    if (approve) {
      const newShift: Omit<ShiftDoc, '_id'> = {
        villageId,
        townshipId: swap.townshipId,
        date: swap.date,
        personId: swap.toPersonId,
        name: swap.toName,
        start: swap.start,
        end: swap.end,
        createdAt: now,
      }
      const newId_ = shiftIdOf(swap.date, swap.toPersonId)
      await db.collection(SHIFTS).doc(newId_).set({ data: newShift })
      if (!removedCount(await db.collection(SHIFTS).where({ _id: swap.shiftId, villageId }).remove())) {
        console.warn(`[duty.decideSwap] shift ${swap.shiftId} was already gone`)
      }
      ctx.touch({ collection: SHIFTS, id: newId_ }, { collection: SHIFTS, id: swap.shiftId })
    }
    ctx.touch({ collection: SWAPS, id: swapId })
    return { status: approve ? ('approved' as const) : ('rejected' as const) }
  },
}
