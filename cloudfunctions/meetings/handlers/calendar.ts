/** The branch calendar and the township's compliance, the six-month rule's warnings, and a member's own meetings. */
import { AppError } from '../../../common/errors'
import { beijingDate, startOfBeijingDate } from '../../../common/rules/beijing-time'
import { branchCompliance, studyTarget, warningLevel } from '../../../common/rules/meetings'
import { rosterCallerIn } from '../../_lib/caller'
import { C } from '../../_lib/collections'
import { countySettings, villageSettings } from '../../_lib/settings'
import { getDocs } from '../../_lib/cloud'
import { findById, getAll, type PersonDoc, type VillageDoc } from '../../_lib/records'
import {
  absenceRuns,
  ATTENDANCE,
  declaredHours,
  heldArrays,
  LEAVES,
  MEETINGS,
  PERIODS,
  SLIM_MEETING,
  type AttendanceDoc,
  type LeaveDoc,
  type MeetingDoc,
  type MeetingHandlers,
  type PeriodDoc,
  NOT_ON_BRANCH_ROSTER,
} from '../store'
import { historyRow, meetingRow } from '../views'

export const calendarHandlers: MeetingHandlers<
  'branchCalendar' | 'townshipCompliance' | 'absenceWarnings' | 'myMeetings'
> = {
  async branchCalendar({ villageId, year }, { db, now }) {
    const y = year ?? Number(beijingDate(now).slice(0, 4))
    const [{ settings }, [period]] = await Promise.all([
      villageSettings(db, villageId),
      getDocs<PeriodDoc>(
        db
          .collection(PERIODS)
          .where({ _id: `${villageId}_${y}` })
          .limit(1),
      ),
    ])
    const kinds = branchCompliance(y, heldArrays(period), settings, now).map((k) => ({
      ...k,
      period: k.current.label,
    }))
    return { year: y, kinds }
  },

  async townshipCompliance({ townshipId, year }, { db, now }) {
    const y = year ?? Number(beijingDate(now).slice(0, 4))
    const [villages, periods, settings] = await Promise.all([
      getAll<Pick<VillageDoc, '_id' | 'name' | 'order'>>(
        db.collection(C.villages).where({ townshipId }).orderBy('order', 'asc').field({ name: true, order: true }),
        2000,
      ),
      getAll<PeriodDoc>(db.collection(PERIODS).where({ townshipId, year: y }), 2000),
      countySettings(db),
    ])
    if (villages.length === 0) throw new AppError('NOT_FOUND', '这个乡镇没有村（社区）')
    const byVillage = new Map(periods.map((p) => [p.villageId, p]))
    return {
      year: y,
      villages: villages.map((v) => {
        const kinds = branchCompliance(y, heldArrays(byVillage.get(v._id)), settings, now)
        const count = (s: string) => kinds.filter((k) => k.status === s).length
        return {
          villageId: v._id,
          name: v.name,
          done: count('done'),
          due: count('due'),
          overdue: count('overdue'),
          kinds: kinds.map((k) => ({ kind: k.kind, status: k.status, heldThisYear: k.heldThisYear })),
        }
      }),
    }
  },

  async absenceWarnings({ villageId }, ctx) {
    const { db, now } = ctx
    const [{ settings }, runs] = await Promise.all([villageSettings(db, villageId), absenceRuns(db, villageId, now)])
    const thresholds = settings.absenceWarningMonths
    const warnings = runs
      .map((r) => ({
        personId: r.who.personId,
        name: r.who.name,
        presence: r.who.presence,
        months: r.count,
        since: r.since ?? '',
        level: warningLevel(r.count, thresholds),
      }))
      .filter((w) => w.level > 0)
      .sort((a, b) => b.months - a.months || a.personId.localeCompare(b.personId))
    ctx.touch(...warnings.map((w) => ({ collection: C.people, id: w.personId, personId: w.personId })))
    return { thresholds, warnings }
  },

  async myMeetings({ villageId }, ctx) {
    const { db, now } = ctx
    const caller = rosterCallerIn(ctx, villageId, NOT_ON_BRANCH_ROSTER)
    const _ = db.command
    const year = Number(beijingDate(now).slice(0, 4))
    const yearStart = startOfBeijingDate(`${year}-01-01`)
    const [{ settings }, upcoming, past, attendance, leaves, declared, me] = await Promise.all([
      villageSettings(db, villageId),
      getDocs<MeetingDoc>(
        db
          .collection(MEETINGS)
          .where({ villageId, expectedIds: caller.personId, endsAt: _.gte(now) })
          .orderBy('startsAt', 'asc')
          .field(SLIM_MEETING)
          .limit(20),
      ),
      getDocs<MeetingDoc>(
        db
          .collection(MEETINGS)
          .where({ villageId, expectedIds: caller.personId, endsAt: _.lt(now), status: 'called' })
          .orderBy('startsAt', 'desc')
          .field(SLIM_MEETING)
          .limit(50),
      ),
      getDocs<AttendanceDoc>(
        db
          .collection(ATTENDANCE)
          .where({ villageId, personId: caller.personId, at: _.gte(yearStart) })
          .orderBy('at', 'desc')
          .limit(1000),
      ),
      getDocs<LeaveDoc>(db.collection(LEAVES).where({ villageId, personId: caller.personId }).limit(1000)),
      declaredHours(db, villageId, caller.personId, year),
      findById<PersonDoc>(db, C.people, caller.personId),
    ])
    const attended = new Map(attendance.map((a) => [a.meetingId, a]))
    const leaveOf = new Map(leaves.map((l) => [l.meetingId, l.status]))
    const fromMeetings = attendance.reduce((n, a) => n + (a.held ? (a.studyHours ?? 0) : 0), 0)
    const cadre = Boolean(me?.roles.some((r) => r === 'branch_secretary' || r === 'branch_committee_member'))
    return {
      upcoming: upcoming.map((m) =>
        meetingRow(m, { expected: true, attended: attended.get(m._id)?.mode, leave: leaveOf.get(m._id) }),
      ),
      history: past.map((m) => historyRow(m, attended.get(m._id)?.mode, leaveOf.get(m._id))),
      study: {
        year,
        hours: fromMeetings + declared,
        target: studyTarget(cadre, settings),
        fromMeetings,
        declared,
      },
    }
  },
}
