import type { z } from 'zod'
import { dutyContract } from '../../../common/contracts/duty'
import { AppError } from '../../../common/errors'
import { formatBeijing } from '../../../common/rules/beijing-time'
import {
  addDays,
  datesOfMonth,
  dayKey,
  dutyDate,
  dutyMonth,
  earlyMinutes,
  exceptionCapProblem,
  exceptionUses,
  judgeCheckOut,
  judgeDeclaredLocation,
  judgeLocation,
  lateMinutes,
  RESIDENT_ROLES,
  residentDays,
} from '../../../common/rules/duty'
import { WRONG_ATTEMPT_WINDOW_MS, type AttemptState } from '../../../common/rules/invitation-code'
import { getDocs } from '../../_lib/cloud'
import { giveBack, takeSlot, type SlotStore } from '../../_lib/rate-limit'
import { findById, getVillage, type VillageDoc } from '../../_lib/records'
import { refuseRetired } from '../../_lib/open-village'
import { rotatingCodeSecret, verifyCode } from '../../_lib/rotating-code'
import { withEarly, type HandlerContext, type Handlers } from '../../_lib/runtime'
import { readCounty, settingsFrom } from '../../_lib/settings'
import { isDuplicateOf, txGet } from '../../_lib/transaction'
import {
  ATTEMPTS,
  txBumpMonth,
  checkInIdOf,
  CHECKINS,
  MAX_WRONG_CODES,
  me,
  monthIdOf,
  MONTHS,
  PURPOSE,
  readAttempts,
  shiftIdOf,
  SHIFTS,
  type CheckInDoc,
  type DutyMonthDoc,
  type ShiftDoc,
} from '../store'
import { recordView } from '../views'

type ActionInput<A extends keyof (typeof dutyContract)['actions']> = z.output<
  (typeof dutyContract)['actions'][A]['input']
>

interface Proofs {
  villageId: string
  location?: { latitude: number; longitude: number; accuracy?: number }
  code?: string
  exception?: { missing: 'location' | 'code'; reason: string }
}

/**
 * Checks the two proofs of presence (or the one left when the other is declared impossible, with its reason).
 * Wrong codes are counted per WeChat user; the attempt state was read in the caller's first round trip. A right code
 * still takes a slot (a guesser out of slots must not learn that a guess was right): `guard` settles when it is
 * taken — the commit waits for it, its writes sent meanwhile — and it is given back after.
 */
async function judgeProofs(
  ctx: HandlerContext,
  village: VillageDoc,
  input: Proofs,
  attempts: AttemptState | null,
  stage: 'in' | 'out',
) {
  const missing = input.exception?.missing ?? null
  let distanceMetres: number | null = null
  if (input.location) {
    const judged =
      missing === 'location'
        ? judgeDeclaredLocation(village.serviceCentre, input.location, stage)
        : judgeLocation(village.serviceCentre, input.location)
    distanceMetres = judged.distanceMetres
    if (!judged.within) throw new AppError('FAILED_PRECONDITION', judged.message)
  } else if (missing !== 'location') {
    throw new AppError(
      'INVALID_ARGUMENT',
      '没有收到您的位置。请允许小程序获取位置；实在无法定位时，选择“定位不可用”并说明原因',
      [{ path: 'location', message: '请提供位置' }],
    )
  }
  let codeWindow: number | null = null
  let guard: Promise<void> | undefined
  if (missing !== 'code') {
    if (!input.code)
      throw new AppError('INVALID_ARGUMENT', '请扫描或输入服务中心屏幕上的签到码', [
        { path: 'code', message: '请提供签到码' },
      ])
    const nowMs = ctx.now.getTime()
    if (attempts && nowMs - attempts.windowStart < WRONG_ATTEMPT_WINDOW_MS && attempts.failures >= MAX_WRONG_CODES) {
      throw new AppError('RATE_LIMITED', TOO_MANY_WRONG_CODES)
    }
    // A slot is taken before the code's judgement is answered (atomic: parallel guesses cannot overshoot the
    // limit) and given back unless the code was wrong.
    const slot: SlotStore = { collection: ATTEMPTS, id: ctx.identity.openid, field: 'failures' }
    const limit = { max: MAX_WRONG_CODES, windowMs: WRONG_ATTEMPT_WINDOW_MS }
    const taking = takeSlot(ctx.db, slot, ctx.now, limit, ctx.identity.openid ? attempts : undefined)
    taking.catch(() => undefined)
    const judged = await verifyCode(ctx.db, { purpose: PURPOSE, subjectId: village._id }, input.code, ctx.now).catch(
      async (error: unknown) => {
        if ((await taking).taken) await giveBack(ctx.db, slot)
        throw error
      },
    )
    if (!judged.ok) {
      if (!(await taking).taken) throw new AppError('RATE_LIMITED', TOO_MANY_WRONG_CODES)
      if (judged.reason !== 'bad-signature' && judged.reason !== 'malformed') await giveBack(ctx.db, slot)
      throw new AppError('FAILED_PRECONDITION', judged.message)
    }
    guard = taking.then(({ taken }) => {
      if (!taken) throw new AppError('RATE_LIMITED', TOO_MANY_WRONG_CODES)
    })
    ctx.alongside(async () => {
      if ((await taking).taken) await giveBack(ctx.db, slot)
    })
    codeWindow = judged.window
  }
  return { distanceMetres, codeWindow, missing, reason: input.exception?.reason ?? null, guard }
}

const TOO_MANY_WRONG_CODES = '签到码输错次数太多，请 15 分钟后再试，或选择“无法扫码”并说明原因'

/**
 * The county's cap on exceptions per cadre per month (setting dutyExceptionsPerCadreMonth): read only when an
 * exception is declared; check-in and check-out exceptions both count.
 */
async function refuseOverCap(ctx: HandlerContext, villageId: string, personId: string, month: string) {
  const dates = datesOfMonth(month)
  const _ = ctx.db.command
  const [records, county] = await Promise.all([
    getDocs<CheckInDoc>(
      ctx.db
        .collection(CHECKINS)
        .where({ villageId, personId, date: _.gte(dates[0]!).and(_.lte(dates[dates.length - 1]!)) })
        .field({ exception: true, checkOutException: true })
        .limit(100),
    ),
    readCounty(ctx.db),
  ])
  const used = records.reduce((n, r) => n + exceptionUses(r), 0)
  const problem = exceptionCapProblem(used, settingsFrom(county).dutyExceptionsPerCadreMonth)
  if (problem) throw new AppError('FAILED_PRECONDITION', problem)
}

/** Checking in and out at the centre (two proofs of presence), and a cadre's own month. */
export const presence: Pick<Handlers<typeof dutyContract>, 'checkIn' | 'checkOut' | 'myDuty'> = {
  // Three round trips one after another: the binding read ‖ the transaction's start ‖ the village, today's shifts,
  // wrong-code attempts and whether the month counters exist → the writes (the record, whose `_id` is one per
  // person per duty day: a second check-in fails on the duplicate; the counters as `_.inc`; the idempotency record
  // and the audit entry) ‖ the wrong-code slot taken → the commit ‖ the slot given back. Nothing is read inside
  // the transaction (docs/performance.md, "depth").
  checkIn: withEarly(
    (input: ActionInput<'checkIn'>, { db, now, identity }) => {
      const date = dutyDate(now)
      return Promise.all([
        getVillage(db, input.villageId),
        getDocs<ShiftDoc>(db.collection(SHIFTS).where({ villageId: input.villageId, date }).limit(100)),
        readAttempts(db, identity.openid),
        findById<DutyMonthDoc>(db, MONTHS, monthIdOf(input.villageId, dutyMonth(now))),
        rotatingCodeSecret(db, now),
      ])
    },
    async (input, ctx, early) => {
      const { db, now } = ctx
      const person = me(ctx, input.villageId)
      const date = dutyDate(now)
      const [village, shifts, attempts, month] = await early
      refuseRetired(village, '签到')
      const shift = shifts.find((s) => s._id === shiftIdOf(date, person.personId))
      const resident = person.roles.some((r) => (RESIDENT_ROLES as readonly string[]).includes(r))
      if (!shift && !resident)
        throw new AppError('FAILED_PRECONDITION', `今天（${date}）没有排您值班。如已换班，请等书记批准后再签到`)
      const proofs = await judgeProofs(ctx, village, input, attempts, 'in')
      const record: CheckInDoc = {
        _id: checkInIdOf(date, person.personId),
        villageId: village._id,
        townshipId: village.townshipId,
        date,
        month: dutyMonth(now),
        personId: person.personId,
        name: person.name,
        kind: shift ? 'duty' : 'residence',
        shiftId: shift?._id ?? null,
        shiftStart: shift?.start ?? null,
        shiftEnd: shift?.end ?? null,
        lateMinutes: shift ? lateMinutes(date, shift, now) : null,
        earlyMinutes: null,
        checkedInAt: now,
        distanceMetres: proofs.distanceMetres,
        codeWindow: proofs.codeWindow,
        exception: proofs.missing !== null,
        exceptionMissing: proofs.missing,
        exceptionReason: proofs.reason,
        checkedOutAt: null,
        minutes: null,
        checkOutException: null,
      }
      const guards = [
        proofs.guard,
        proofs.missing ? refuseOverCap(ctx, village._id, person.personId, record.month) : undefined,
      ]
      // The record, the month aggregate and the idempotency record commit together (docs/exactly-once.md).
      const day = dayKey(date)
      ctx.touch({ collection: CHECKINS, id: record._id })
      return ctx
        .commit(
          async (tx) => {
            await tx.collection(CHECKINS).add({ data: record as unknown as Record<string, unknown> })
            await txBumpMonth(
              tx,
              db,
              village,
              record.month,
              {
                checkins: 1,
                exceptions: record.exception ? 1 : 0,
                [`days.${day}.cadres`]: record.kind === 'duty' ? 1 : 0,
                [`days.${day}.exceptions`]: record.exception ? 1 : 0,
              },
              Boolean(month),
            )
            return { record: recordView(record) }
          },
          { guard: Promise.all(guards) },
        )
        .catch(async (error: unknown) => {
          if (!isDuplicateOf(error, CHECKINS, record._id)) throw error
          const existing = await findById<CheckInDoc>(db, CHECKINS, record._id)
          const at = existing ? `（${formatBeijing(existing.checkedInAt, 'HH:mm')}）` : ''
          throw new AppError('CONFLICT', `您今天已经签到过了${at}，不用再签`)
        })
    },
  ),

  // Four round trips one after another: the binding read ‖ the transaction's start ‖ the village, the village's
  // check-ins of today and yesterday, wrong-code attempts, whether the month counters exist → the record read inside
  // the transaction ‖ the wrong-code slot taken → the writes → the commit ‖ the slot given back. The record is read
  // inside because check-out is a transition of it (open → checked out) that no write can guard: an update inside a
  // CloudBase transaction has no condition, and two concurrent check-outs read outside would both add their minutes.
  checkOut: withEarly(
    (input: ActionInput<'checkOut'>, { db, now, identity }) => {
      const today = dutyDate(now)
      const yesterday = addDays(today, -1)
      return Promise.all([
        getVillage(db, input.villageId),
        getDocs<CheckInDoc>(
          db
            .collection(CHECKINS)
            .where({ villageId: input.villageId, date: db.command.in([today, yesterday]) })
            .limit(1000),
        ),
        readAttempts(db, identity.openid),
        getDocs<DutyMonthDoc>(
          db
            .collection(MONTHS)
            .where({
              _id: db.command.in([
                ...new Set([
                  monthIdOf(input.villageId, dutyMonth(now)),
                  monthIdOf(input.villageId, yesterday.slice(0, 7)),
                ]),
              ]),
            })
            .field({ _id: true })
            .limit(2),
        ),
        rotatingCodeSecret(db, now),
      ])
    },
    async (input, ctx, early) => {
      const { db, now } = ctx
      const person = me(ctx, input.villageId)
      const today = dutyDate(now)
      const ids = [checkInIdOf(today, person.personId), checkInIdOf(addDays(today, -1), person.personId)]
      const [village, records, attempts, months] = await early
      // Today's record first; yesterday's only while it is still open (a duty running past midnight).
      const record = records.find((r) => r._id === ids[0]) ?? records.find((r) => r._id === ids[1] && !r.checkedOutAt)
      if (!record) throw new AppError('FAILED_PRECONDITION', '您还没有签到，不能签退')
      if (record.checkedOutAt)
        throw new AppError('CONFLICT', `您已经签退过了（${formatBeijing(record.checkedOutAt, 'HH:mm')}）`)
      const judged = judgeCheckOut(record.checkedInAt, now)
      if (!judged.ok) throw new AppError('FAILED_PRECONDITION', judged.message)
      ctx.willRead([CHECKINS, record._id])
      const proofs = await judgeProofs(ctx, village, input, attempts, 'out')
      const guards = [
        proofs.guard,
        proofs.missing ? refuseOverCap(ctx, village._id, person.personId, record.month) : undefined,
      ]
      const exception = proofs.missing ? { missing: proofs.missing, reason: proofs.reason ?? '' } : null
      const shiftTime = record.shiftStart && record.shiftEnd ? { start: record.shiftStart, end: record.shiftEnd } : null
      const out = {
        checkedOutAt: now,
        minutes: judged.minutes,
        checkOutException: exception,
        checkOutDistanceMetres: proofs.distanceMetres,
        earlyMinutes: shiftTime ? earlyMinutes(record.date, shiftTime, now) : null,
      }
      const monthId = monthIdOf(village._id, record.month)
      ctx.touch({ collection: CHECKINS, id: record._id })
      return ctx.commit(
        async (tx) => {
          const current = await txGet<CheckInDoc>(tx, CHECKINS, record._id)
          if (!current || current.checkedOutAt) throw new AppError('CONFLICT', '您已经签退过了')
          // An object written into a null field is set whole: update() merges objects as dot paths, which fails on null.
          await tx
            .collection(CHECKINS)
            .doc(record._id)
            .update({ data: { ...out, checkOutException: exception ? db.command.set(exception) : null } })
          await txBumpMonth(
            tx,
            db,
            village,
            record.month,
            {
              minutes: judged.minutes,
              [`days.${dayKey(record.date)}.minutes`]: record.kind === 'duty' ? judged.minutes : 0,
              exceptions: exception ? 1 : 0,
            },
            months.some((m) => m._id === monthId),
          )
          return { record: recordView({ ...record, ...out }) }
        },
        { guard: Promise.all(guards) },
      )
    },
  ),

  async myDuty({ villageId, month }, ctx) {
    const { db, now } = ctx
    const person = me(ctx, villageId)
    const date = dutyDate(now)
    const m = month ?? dutyMonth(now)
    const dates = datesOfMonth(m)
    const [[shift], records, [todayRecord], county] = await Promise.all([
      getDocs<ShiftDoc>(
        db
          .collection(SHIFTS)
          .where({ _id: shiftIdOf(date, person.personId), villageId })
          .limit(1),
      ),
      getDocs<CheckInDoc>(
        db
          .collection(CHECKINS)
          .where({
            villageId,
            personId: person.personId,
            date: db.command.gte(dates[0]!).and(db.command.lte(dates[dates.length - 1]!)),
          })
          .orderBy('date', 'asc')
          .limit(40),
      ),
      getDocs<CheckInDoc>(
        db
          .collection(CHECKINS)
          .where({ _id: checkInIdOf(date, person.personId), villageId })
          .limit(1),
      ),
      readCounty(db),
    ])
    const resident = person.roles.some((r) => (RESIDENT_ROLES as readonly string[]).includes(r))
    const expected = settingsFrom(county).residentCadreDaysPerMonth
    const residence = resident
      ? residentDays(
          m,
          records.map((r) => r.date),
          expected,
          now,
        )
      : null
    const minutes = records.reduce((n, r) => n + (r.minutes ?? 0), 0)
    return {
      date,
      shift: shift
        ? {
            id: shift._id,
            personId: shift.personId,
            name: shift.name,
            start: shift.start,
            end: shift.end,
            checkedIn: Boolean(todayRecord),
            checkedOut: Boolean(todayRecord?.checkedOutAt),
          }
        : null,
      today: todayRecord ? recordView(todayRecord) : null,
      month: m,
      days: new Set(records.map((r) => r.date)).size,
      hours: Math.round((minutes / 60) * 10) / 10,
      records: records.map(recordView),
      residence: residence
        ? {
            days: residence.days,
            expected: residence.expected,
            expectedSoFar: residence.expectedSoFar,
            met: residence.met,
          }
        : null,
    }
  },
}
