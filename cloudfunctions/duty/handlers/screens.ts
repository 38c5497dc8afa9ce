import { createHash, randomBytes } from 'node:crypto'
import { dutyContract } from '../../../common/contracts/duty'
import { AppError } from '../../../common/errors'
import { addDays, dutyDate, MAX_DUTY_HOURS } from '../../../common/rules/duty'
import { getDocs } from '../../_lib/cloud'
import { getVillage, iso } from '../../_lib/records'
import { refuseRetired } from '../../_lib/open-village'
import { currentCode, rotatingCodeSecret } from '../../_lib/rotating-code'
import type { Handlers } from '../../_lib/runtime'
import { updatedCount, addOnce } from '../../_lib/writes'
import { CHECKINS, PURPOSE, SCREENS, SHIFTS, type CheckInDoc, type ScreenDoc, type ShiftDoc } from '../store'

/** The centre's duty screens and the board they show: pairing, the rotating code, today's shifts. */
export const screens: Pick<
  Handlers<typeof dutyContract>,
  'board' | 'pairScreen' | 'listScreens' | 'revokeScreen' | 'screenCode'
> = {
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
    // The schedule's marks come from the same records as "on duty now", so the board never contradicts itself
    // (a cadre who checked out, or whose check-in ran past the longest duty, is not "在岗" in either place).
    const openIds = new Set(open.map((c) => c.personId))
    const todays = new Map(checkins.filter((c) => c.date === today).map((c) => [c.personId, c]))
    const statusOf = (personId: string) =>
      openIds.has(personId) ? 'on_duty' : todays.has(personId) ? 'left' : ('not_in' as const)
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
        .map((s) => {
          const status = statusOf(s.personId)
          return { name: s.name, start: s.start, end: s.end, checkedIn: status !== 'not_in', status }
        }),
    }
  },

  async pairScreen({ villageId, label }, ctx) {
    const village = await getVillage(ctx.db, villageId)
    refuseRetired(village, '配对值班屏')
    const token = randomBytes(24).toString('base64url')
    const tokenHash = createHash('sha256').update(token).digest('hex')
    const doc: ScreenDoc = {
      _id: ctx.newId('scr'),
      villageId: village._id,
      label,
      tokenHash,
      revoked: false,
      createdAt: ctx.now,
      createdByName: ctx.granted[0]?.name ?? '',
    }
    // A resend after a crash: the first run's token never reached the caller, so this one replaces it.
    if (!(await addOnce(ctx.db.collection(SCREENS), doc as ScreenDoc & Record<string, unknown>)))
      await ctx.db.collection(SCREENS).doc(doc._id).update({ data: { tokenHash } })
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
      rotatingCodeSecret(db, now),
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
}
