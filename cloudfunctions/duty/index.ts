/**
 * duty: 值班坐班 at the village Party–mass service centre.
 *
 * Collections (cloudbase/indexes.json):
 * - duty_shifts   one planned shift: `_id` = sh-<yyyymmdd>-<personId> (one per person per day)
 * - duty_swaps    a cadre's request to hand a shift to another cadre, decided by the secretary
 * - duty_checkins one per person per duty day: `_id` = ci-<yyyymmdd>-<personId>, so a second check-in the same
 *                 day (double tap, two phones, 20 concurrent resends) can never create a second record
 * - duty_logs     值班服务日志 entries; the cadre who logs a matter owns it (首问负责) until handed over
 * - duty_months   per village per Beijing month, maintained incrementally on every check-in, check-out and log
 *                 entry: `_id` = <villageId>:<YYYY-MM>; summaries read these, never the raw check-ins
 * - duty_screens  devices paired as the centre's duty screen (token stored as sha256 only)
 * - duty_code_attempts  wrong rotating codes per WeChat user, to stop guessing the 6 digits
 * The rotating code itself: _lib/rotating-code.ts (purpose `duty`, subject = villageId).
 */
import { createHash, randomBytes } from 'node:crypto'
import { dutyContract } from '../../common/contracts/duty'
import { AppError } from '../../common/errors'
import { formatBeijing, startOfBeijingDate } from '../../common/rules/beijing-time'
import {
  addDays,
  compactDate,
  comingWeek,
  dayKey,
  dutyDate,
  dutyMonth,
  dutyRulesFor,
  datesOfMonth,
  judgeCheckOut,
  judgeLocation,
  judgePlannedDay,
  MAX_DUTY_HOURS,
  monthCoverage,
  residentDays,
  RESIDENT_ROLES,
  type DutyRules,
} from '../../common/rules/duty'
import { afterFailure, WRONG_ATTEMPT_WINDOW_MS, type AttemptState } from '../../common/rules/invitation-code'
import { maskName } from '../../common/rules/masking'
import { effectiveSettings, type Settings, type SettingsPatch } from '../../common/rules/settings'
import { VILLAGE_CADRES } from '../../common/roles'
import { getDocs, type Database } from '../_lib/cloud'
import {
  COUNTY_ID,
  findById,
  getAll,
  getInVillage,
  getVillage,
  iso,
  newId,
  type CountyDoc,
  type PersonDoc,
  type TownshipDoc,
  type VillageDoc,
} from '../_lib/records'
import { createRequest } from '../_lib/requests'
import { currentCode, rotatingCodeSecret, verifyCode } from '../_lib/rotating-code'
import { createMain, type HandlerContext } from '../_lib/runtime'
import { rosterCallerIn } from '../_lib/caller'
import { incrementOrCreate, incrementsOf, nestFromPaths } from '../_lib/counters'
import {
  ATTEMPTS,
  CHECKINS,
  LOGS,
  MAX_WRONG_CODES,
  MONTHS,
  PURPOSE,
  SCREENS,
  SHIFTS,
  SWAPS,
  type CheckInDoc,
  type DutyMonthDoc as MonthDoc,
  type LogDoc,
  type ScreenDoc,
  type ShiftDoc,
  type SwapDoc,
} from './store'
import { C } from '../_lib/collections'
import { isDuplicateKey, removedCount, updatedCount } from '../_lib/writes'

// ---- helpers ---------------------------------------------------------------------------------------------

/** The caller as a roster person of this village (a cadre acting for themselves). */
const me = (ctx: HandlerContext, villageId: string) =>
  rosterCallerIn(ctx, villageId, '只有本村花名册中的干部本人可以操作')

const shiftIdOf = (date: string, personId: string) => `sh-${compactDate(date)}-${personId}`
const checkInIdOf = (date: string, personId: string) => `ci-${compactDate(date)}-${personId}`
const monthIdOf = (villageId: string, month: string) => `${villageId}:${month}`

async function settingsOf(db: Database, village: VillageDoc): Promise<Settings> {
  const county = await findById<CountyDoc>(db, C.counties, COUNTY_ID)
  return effectiveSettings(
    (county?.settings ?? {}) as SettingsPatch,
    (village.settingsOverrides ?? {}) as SettingsPatch,
  )
}

/**
 * Adds to a village's month aggregate (creating the document once; of concurrent creators one wins and the others
 * update). `inc` keys are dot paths such as `days.07.cadres`.
 */
async function bumpMonth(
  db: Database,
  village: Pick<VillageDoc, '_id' | 'townshipId'>,
  month: string,
  inc: Record<string, number>,
): Promise<void> {
  const nonZero = Object.fromEntries(Object.entries(inc).filter(([, v]) => v !== 0))
  await incrementOrCreate(db, MONTHS, monthIdOf(village._id, month), incrementsOf(db, nonZero), () =>
    nestFromPaths(nonZero, { villageId: village._id, townshipId: village.townshipId, month, days: {} }),
  )
}

function recordView(r: CheckInDoc) {
  return {
    id: r._id,
    date: r.date,
    kind: r.kind,
    checkedInAt: iso(r.checkedInAt)!,
    checkedOutAt: iso(r.checkedOutAt) ?? null,
    minutes: r.minutes ?? null,
    exception: Boolean(r.exception),
    exceptionMissing: r.exceptionMissing ?? null,
    exceptionReason: r.exceptionReason ?? null,
    distanceMetres: r.distanceMetres ?? null,
  }
}

function logView(l: LogDoc) {
  return {
    id: l._id,
    date: l.date,
    at: iso(l.at)!,
    visitorName: maskName(l.visitorName),
    matter: l.matter,
    action: l.action,
    outcome: l.outcome,
    dispute: l.dispute,
    emergencyReported: l.emergencyReported,
    ownerPersonId: l.ownerPersonId,
    ownerName: l.ownerName,
    loggedByName: l.loggedByName,
    requestLinkId: l.requestLinkId ?? null,
    status: l.status,
  }
}

interface Proofs {
  villageId: string
  location?: { latitude: number; longitude: number; accuracy?: number }
  code?: string
  exception?: { missing: 'location' | 'code'; reason: string }
}

/**
 * Checks the two proofs of presence (or the one left when the other is declared impossible, with its reason).
 * Wrong codes are counted per WeChat user; the attempt state was read in the caller's first round trip.
 */
async function judgeProofs(ctx: HandlerContext, village: VillageDoc, input: Proofs, attempts: AttemptState | null) {
  const missing = input.exception?.missing ?? null
  let distanceMetres: number | null = null
  if (input.location) {
    const judged = judgeLocation(village.serviceCentre, input.location)
    distanceMetres = judged.distanceMetres
    if (missing !== 'location' && !judged.within) throw new AppError('FAILED_PRECONDITION', judged.message)
  } else if (missing !== 'location') {
    throw new AppError(
      'INVALID_ARGUMENT',
      '没有收到您的位置。请允许小程序获取位置；实在无法定位时，选择“定位不可用”并说明原因',
      [{ path: 'location', message: '请提供位置' }],
    )
  }
  let codeWindow: number | null = null
  if (missing !== 'code') {
    if (!input.code)
      throw new AppError('INVALID_ARGUMENT', '请扫描或输入服务中心屏幕上的签到码', [
        { path: 'code', message: '请提供签到码' },
      ])
    const nowMs = ctx.now.getTime()
    if (attempts && nowMs - attempts.windowStart < WRONG_ATTEMPT_WINDOW_MS && attempts.failures >= MAX_WRONG_CODES) {
      throw new AppError('RATE_LIMITED', '签到码输错次数太多，请 15 分钟后再试，或选择“无法扫码”并说明原因')
    }
    const judged = await verifyCode(ctx.db, { purpose: PURPOSE, subjectId: village._id }, input.code, ctx.now)
    if (!judged.ok) {
      if (judged.reason === 'bad-signature' || judged.reason === 'malformed') {
        const next = afterFailure(attempts, nowMs)
        await ctx.db.collection(ATTEMPTS).doc(ctx.identity.openid).set({ data: next })
      }
      throw new AppError('FAILED_PRECONDITION', judged.message)
    }
    codeWindow = judged.window
  }
  return { distanceMetres, codeWindow, missing, reason: input.exception?.reason ?? null }
}

async function readAttempts(db: Database, openid: string): Promise<AttemptState | null> {
  if (!openid) return null
  const [doc] = await getDocs<AttemptState & { _id: string }>(db.collection(ATTEMPTS).where({ _id: openid }).limit(1))
  return doc ? { failures: doc.failures, windowStart: doc.windowStart } : null
}

/** A YYYY-MM-DD that is a real calendar date, or INVALID_ARGUMENT. */
function calendarDate(date: string, path: string): string {
  try {
    startOfBeijingDate(date)
    return date
  } catch {
    throw new AppError('INVALID_ARGUMENT', '日期不存在', [{ path, message: '日期不存在' }])
  }
}

async function villageRules(db: Database, village: VillageDoc): Promise<{ rules: DutyRules; settings: Settings }> {
  const settings = await settingsOf(db, village)
  return { rules: dutyRulesFor(village.kind, settings), settings }
}

async function cadreOfVillage(db: Database, villageId: string, personId: string): Promise<PersonDoc> {
  const person = await getInVillage<PersonDoc>(db, C.people, villageId, personId, '人员')
  if (!person.roles.some((r) => (VILLAGE_CADRES as readonly string[]).includes(r))) {
    throw new AppError('FAILED_PRECONDITION', `${person.name} 不是本村干部，不能排班`)
  }
  return person
}

// ---- handlers --------------------------------------------------------------------------------------------

export const main = createMain(dutyContract, {
  async board({ villageId }, { db, now }) {
    const today = dutyDate(now)
    const yesterday = addDays(today, -1)
    const _ = db.command
    const [village, shifts, checkins] = await Promise.all([
      getVillage(db, villageId),
      getDocs<ShiftDoc>(db.collection(SHIFTS).where({ villageId, date: today }).limit(50)),
      getDocs<CheckInDoc>(
        db
          .collection(CHECKINS)
          .where({ villageId, date: _.in([yesterday, today]) })
          .limit(100),
      ),
    ])
    // On duty now: checked in and not out, within the longest duty (a forgotten check-out does not stay "on duty").
    const open = checkins.filter(
      (c) => !c.checkedOutAt && now.getTime() - new Date(c.checkedInAt).getTime() <= MAX_DUTY_HOURS * 3_600_000,
    )
    const todayIn = new Set(checkins.filter((c) => c.date === today).map((c) => c.personId))
    return {
      villageName: village.name,
      serviceCentre: {
        name: village.serviceCentre.name,
        address: village.serviceCentre.address,
        phone: village.serviceCentre.phone,
      },
      date: today,
      onDutyNow: open
        .sort((a, b) => +new Date(a.checkedInAt) - +new Date(b.checkedInAt))
        .map((c) => ({ name: c.name, since: iso(c.checkedInAt)! })),
      today: shifts
        .sort((a, b) => a.start.localeCompare(b.start))
        .map((s) => ({ name: s.name, start: s.start, end: s.end, checkedIn: todayIn.has(s.personId) })),
    }
  },

  async pairScreen({ villageId, label }, ctx) {
    const village = await getVillage(ctx.db, villageId)
    const token = randomBytes(24).toString('base64url')
    const tokenHash = createHash('sha256').update(token).digest('hex')
    const doc: ScreenDoc = {
      _id: newId('scr'),
      villageId: village._id,
      label,
      tokenHash,
      revoked: false,
      createdAt: ctx.now,
      createdByName: ctx.granted[0]?.name ?? '',
    }
    await ctx.db.collection(SCREENS).add({ data: doc })
    ctx.touch({ collection: SCREENS, id: doc._id })
    return { screenId: doc._id, token }
  },

  async listScreens({ villageId }, { db }) {
    const screens = await getDocs<ScreenDoc>(
      db.collection(SCREENS).where({ villageId }).orderBy('createdAt', 'desc').limit(50),
    )
    return {
      screens: screens.map((s) => ({
        id: s._id,
        label: s.label,
        createdAt: iso(s.createdAt)!,
        createdByName: s.createdByName,
        revoked: s.revoked,
      })),
    }
  },

  async revokeScreen({ villageId, screenId }, ctx) {
    const res = await ctx.db
      .collection(SCREENS)
      .where({ _id: screenId, villageId })
      .update({ data: { revoked: true } })
    if (!updatedCount(res)) {
      const [exists] = await getDocs<ScreenDoc>(ctx.db.collection(SCREENS).where({ _id: screenId, villageId }).limit(1))
      if (!exists) throw new AppError('NOT_FOUND', '本村没有这台值班屏')
    }
    ctx.touch({ collection: SCREENS, id: screenId })
    return { revoked: true }
  },

  async screenCode({ villageId, screenToken }, { db, now }) {
    const tokenHash = createHash('sha256').update(screenToken).digest('hex')
    const [[screen], village] = await Promise.all([
      getDocs<ScreenDoc>(db.collection(SCREENS).where({ villageId, tokenHash }).limit(1)),
      getVillage(db, villageId),
      rotatingCodeSecret(db),
    ])
    if (!screen || screen.revoked)
      throw new AppError('NOT_FOUND', '这台设备不是本村的值班屏（或已停用），请书记重新设置')
    const code = await currentCode(db, { purpose: PURPOSE, subjectId: villageId }, now)
    return {
      villageName: village.name,
      centreName: village.serviceCentre.name,
      digits: code.digits,
      display: code.display,
      payload: code.payload,
      expiresAt: code.expiresAt.toISOString(),
      secondsLeft: code.secondsLeft,
      windowSeconds: code.windowSeconds,
    }
  },

  async checkIn(input, ctx) {
    const { db, now } = ctx
    const person = me(ctx, input.villageId)
    const date = dutyDate(now)
    // Round trip 1: the village (centre position), today's shift, wrong-code attempts and (cold start only) the
    // rotating-code secret, all at once.
    const [village, [shift], attempts] = await Promise.all([
      getVillage(db, input.villageId),
      getDocs<ShiftDoc>(
        db
          .collection(SHIFTS)
          .where({ _id: shiftIdOf(date, person.personId), villageId: input.villageId })
          .limit(1),
      ),
      readAttempts(db, ctx.identity.openid),
      rotatingCodeSecret(db),
    ])
    const resident = person.roles.some((r) => (RESIDENT_ROLES as readonly string[]).includes(r))
    if (!shift && !resident)
      throw new AppError('FAILED_PRECONDITION', `今天（${date}）没有排您值班。如已换班，请等书记批准后再签到`)
    const proofs = await judgeProofs(ctx, village, input, attempts)
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
    // Round trip 2: the record; its _id is one per person per duty day, so a second check-in cannot be added.
    try {
      await db.collection(CHECKINS).add({ data: record })
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      const [existing] = await getDocs<CheckInDoc>(db.collection(CHECKINS).where({ _id: record._id }).limit(1))
      const at = existing ? formatBeijing(existing.checkedInAt, 'HH:mm') : ''
      throw new AppError('CONFLICT', `您今天已经签到过了${at ? `（${at}）` : ''}，不用再签`)
    }
    // Round trip 3: the month aggregate.
    const day = dayKey(date)
    await bumpMonth(db, village, record.month, {
      checkins: 1,
      exceptions: record.exception ? 1 : 0,
      [`days.${day}.cadres`]: record.kind === 'duty' ? 1 : 0,
      [`days.${day}.exceptions`]: record.exception ? 1 : 0,
    })
    ctx.touch({ collection: CHECKINS, id: record._id })
    return { record: recordView(record) }
  },

  async checkOut(input, ctx) {
    const { db, now } = ctx
    const person = me(ctx, input.villageId)
    const today = dutyDate(now)
    const ids = [checkInIdOf(today, person.personId), checkInIdOf(addDays(today, -1), person.personId)]
    const [village, records, attempts] = await Promise.all([
      getVillage(db, input.villageId),
      getDocs<CheckInDoc>(
        db
          .collection(CHECKINS)
          .where({ _id: db.command.in(ids), villageId: input.villageId })
          .limit(2),
      ),
      readAttempts(db, ctx.identity.openid),
      rotatingCodeSecret(db),
    ])
    // Today's record first; yesterday's only while it is still open (a duty running past midnight).
    const record = records.find((r) => r._id === ids[0]) ?? records.find((r) => r._id === ids[1] && !r.checkedOutAt)
    if (!record) throw new AppError('FAILED_PRECONDITION', '您还没有签到，不能签退')
    if (record.checkedOutAt)
      throw new AppError('CONFLICT', `您已经签退过了（${formatBeijing(record.checkedOutAt, 'HH:mm')}）`)
    const judged = judgeCheckOut(record.checkedInAt, now)
    if (!judged.ok) throw new AppError('FAILED_PRECONDITION', judged.message)
    const proofs = await judgeProofs(ctx, village, input, attempts)
    const exception = proofs.missing ? { missing: proofs.missing, reason: proofs.reason ?? '' } : null
    const res = await db
      .collection(CHECKINS)
      .where({ _id: record._id, checkedOutAt: null })
      .update({ data: { checkedOutAt: now, minutes: judged.minutes, checkOutException: exception } })
    if (!updatedCount(res)) throw new AppError('CONFLICT', '您已经签退过了')
    await bumpMonth(db, village, record.month, {
      minutes: judged.minutes,
      [`days.${dayKey(record.date)}.minutes`]: record.kind === 'duty' ? judged.minutes : 0,
      exceptions: exception ? 1 : 0,
    })
    ctx.touch({ collection: CHECKINS, id: record._id })
    return {
      record: recordView({ ...record, checkedOutAt: now, minutes: judged.minutes, checkOutException: exception }),
    }
  },

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
      findById<CountyDoc>(db, C.counties, COUNTY_ID),
    ])
    const resident = person.roles.some((r) => (RESIDENT_ROLES as readonly string[]).includes(r))
    const expected = effectiveSettings((county?.settings ?? {}) as SettingsPatch).residentCadreDaysPerMonth
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
    ])
    if (pending) throw new AppError('CONFLICT', '这个班次已有待批准的换班申请')
    const swap: SwapDoc = {
      _id: newId('sw'),
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
    await db.collection(SWAPS).add({ data: swap })
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

  async addLog(input, ctx) {
    const { db, now } = ctx
    const person = me(ctx, input.villageId)
    const village = await getVillage(db, input.villageId)
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
    await db.collection(LOGS).add({ data: entry })
    ctx.touch({ collection: LOGS, id: entry._id })
    if (input.outcome === 'handed-off') {
      // Hand-off to the request flow (_lib/requests.ts): idempotent per (duty-log, entry id).
      const { requestId } = await createRequest(
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
      entry.requestLinkId = requestId
      await db
        .collection(LOGS)
        .doc(entry._id)
        .update({ data: { requestLinkId: requestId } })
      ctx.touch({ collection: C.requests, id: requestId })
    }
    await bumpMonth(db, village, entry.month, {
      matters: 1,
      resolvedOnSpot: input.outcome === 'resolved' ? 1 : 0,
      handedOff: input.outcome === 'handed-off' ? 1 : 0,
      disputes: input.dispute ? 1 : 0,
      emergencies: input.emergencyReported ? 1 : 0,
    })
    return { entry: logView(entry) }
  },

  async listLogs({ villageId, date, mineOpen, limit }, ctx) {
    const { db } = ctx
    let query
    if (mineOpen) {
      const person = me(ctx, villageId)
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
    return { entries: entries.map(logView) }
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
    const res = await db
      .collection(LOGS)
      .where({ _id: logId, villageId, ownerPersonId: person.personId, status: 'open' })
      .update({ data: { ownerPersonId: to._id, ownerName: to.name, history: db.command.push([step]) } })
    if (!updatedCount(res)) throw new AppError('CONFLICT', '这件事刚被改动过，请刷新')
    ctx.touch({ collection: LOGS, id: logId })
    return { entry: logView({ ...entry, ownerPersonId: to._id, ownerName: to.name }) }
  },

  async closeLog({ villageId, logId, result }, ctx) {
    const { db, now } = ctx
    const person = me(ctx, villageId)
    const entry = await getInVillage<LogDoc>(db, LOGS, villageId, logId, '值班日志')
    if (entry.ownerPersonId !== person.personId)
      throw new AppError('FORBIDDEN', `这件事由 ${entry.ownerName} 负责，只有负责人可以办结`)
    if (entry.status !== 'open') throw new AppError('FAILED_PRECONDITION', '这件事已经办结')
    const step = { at: now, what: 'close' as const, byName: person.name, note: result }
    const res = await db
      .collection(LOGS)
      .where({ _id: logId, villageId, status: 'open' })
      .update({ data: { status: 'closed', history: db.command.push([step]) } })
    if (!updatedCount(res)) throw new AppError('CONFLICT', '这件事刚被改动过，请刷新')
    ctx.touch({ collection: LOGS, id: logId })
    return { entry: logView({ ...entry, status: 'closed' }) }
  },

  async villageMonth({ villageId, month }, { db, now }) {
    const m = month ?? dutyMonth(now)
    const village = await getVillage(db, villageId)
    const [aggregate, { rules }] = await Promise.all([
      findById<MonthDoc>(db, MONTHS, monthIdOf(villageId, m)),
      villageRules(db, village),
    ])
    const c = monthCoverage(m, aggregate, rules, now)
    return { ...c, minCadresPerDay: rules.minCadresPerDay, minHours: rules.minHours }
  },

  async exceptions({ villageId, month }, { db, now }) {
    const m = month ?? dutyMonth(now)
    const dates = datesOfMonth(m)
    const _ = db.command
    const records = await getDocs<CheckInDoc>(
      db
        .collection(CHECKINS)
        .where({ villageId, exception: true, date: _.gte(dates[0]!).and(_.lte(dates[dates.length - 1]!)) })
        .orderBy('date', 'desc')
        .limit(200),
    )
    return { records: records.map((r) => ({ ...recordView(r), name: r.name })) }
  },

  async townshipSummary({ townshipId, month }, { db, now }) {
    const m = month ?? dutyMonth(now)
    const [township, villages, aggregates, county] = await Promise.all([
      findById<TownshipDoc>(db, C.townships, townshipId),
      getAll<VillageDoc>(
        db
          .collection(C.villages)
          .where({ townshipId })
          .field({ name: true, kind: true, order: true, settingsOverrides: true, townshipId: true })
          .orderBy('order', 'asc'),
        2000,
      ),
      getAll<MonthDoc>(db.collection(MONTHS).where({ townshipId, month: m }), 2000),
      findById<CountyDoc>(db, C.counties, COUNTY_ID),
    ])
    if (!township) throw new AppError('NOT_FOUND', '没有这个乡镇（街道）')
    const byVillage = new Map(aggregates.map((a) => [a.villageId, a]))
    return {
      month: m,
      // In the township's own order (never sorted by a score): village-level coverage only, no people.
      villages: villages.map((v) => {
        const rules = dutyRulesFor(
          v.kind,
          effectiveSettings((county?.settings ?? {}) as SettingsPatch, (v.settingsOverrides ?? {}) as SettingsPatch),
        )
        const { days: _days, ...c } = monthCoverage(m, byVillage.get(v._id), rules, now)
        return {
          ...c,
          villageId: v._id,
          name: v.name,
          minCadresPerDay: rules.minCadresPerDay,
          minHours: rules.minHours,
        }
      }),
    }
  },
})
