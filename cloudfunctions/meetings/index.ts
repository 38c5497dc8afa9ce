/**
 * 三会一课: calling meetings (who should attend frozen from the roster, notice and reminder through _lib/notify),
 * leave, sign-in (in person with the meeting's rotating code, remote during the window), live quorum, votes,
 * minutes with lock and appended corrections, the branch calendar and its per-branch-per-year aggregates
 * (`meeting_periods`, read O(branches) by the township), members' own view with study hours, the six-month
 * rule's early warnings, and the 红色课堂 study shelf.
 *
 * Every action costs a constant number of database round trips whatever the branch's size (no per-member reads or
 * writes): attendance and leave are one document per (meeting, person) with a derived `_id`, so concurrent or
 * repeated sign-ins of one person make exactly one record.
 */
import { meetingsContract } from '../../common/contracts/meetings'
import { AppError } from '../../common/errors'
import { beijingDate, formatBeijing, inBeijing, startOfBeijingDate } from '../../common/rules/beijing-time'
import {
  branchCompliance,
  canAskLeave,
  consecutiveMissedMonths,
  expectedAttendees,
  MEETING_KIND_LABELS,
  MEETING_KINDS,
  meetingMonth,
  signInWindow,
  studyTarget,
  STUDY_KINDS,
  tallyAttendance,
  warningLevel,
  type AttendanceMode,
  type ExpectedAttendee,
  type HeldByMonth,
  type MeetingKind,
  type MemberMonth,
  type RosterPerson,
} from '../../common/rules/meetings'
import { evaluateMeeting, minimumCount, type QuorumSettings } from '../../common/rules/quorum'
import { effectiveSettings, type Settings, type SettingsPatch } from '../../common/rules/settings'
import type { Role } from '../../common/roles'
import { getDocs, type Database } from '../_lib/cloud'
import { listOutbox, noticeSender, scheduleNotices, sendDue, cancelNotices, type NoticeInput } from '../_lib/notify'
import {
  COUNTY_ID,
  findById,
  getAll,
  getVillage,
  iso,
  newId,
  type CountyDoc,
  type PersonDoc,
  type VillageDoc,
} from '../_lib/records'
import { MEETING_CODE_LIMIT } from '../../common/rules/rate-limit'
import { assertWithinLimit, recordHit } from '../_lib/rate-limit'
import { currentCode, verifyCode } from '../_lib/rotating-code'
import { createMain, type HandlerContext } from '../_lib/runtime'

const MEETINGS = 'meetings'
const ATTENDANCE = 'meeting_attendance'
const LEAVES = 'meeting_leaves'
const PERIODS = 'meeting_periods'
const STUDY = 'study_records'
const MATERIALS = 'study_materials'

const MANAGER_ROLES: readonly Role[] = ['branch_secretary', 'branch_committee_member', 'first_secretary']
const MEMBER_ROLES = ['party_member', 'branch_secretary', 'branch_committee_member']
const QUORUM_KINDS: Partial<Record<MeetingKind, 'party_assembly' | 'branch_committee'>> = {
  branch_assembly: 'party_assembly',
  branch_committee: 'branch_committee',
}

interface Vote {
  id: string
  motion: string
  yes: number
  no: number
  abstain: number
  shouldAttend: number
  passed: boolean
  outcomeLabel: string
  lines: string[]
  at: Date
  byPersonId: string
}

interface Minutes {
  agenda: string
  remarks: string
  resolutions: string
  absenteeReasons: { personId: string; reason: string }[]
  photoFileIds: string[]
  savedAt: Date
  savedBy: string
}

export interface MeetingDoc {
  _id: string
  villageId: string
  townshipId: string
  kind: MeetingKind
  topic: string
  agenda: string
  startsAt: Date
  endsAt: Date
  place: string
  chairPersonId: string
  chairName: string
  recorderPersonId: string
  recorderName: string
  remoteOpen: boolean
  gridId?: string | null
  studyHours: number
  shortNoticeReason?: string | null
  status: 'called' | 'cancelled'
  cancelReason?: string
  /** Frozen at call time from the roster. */
  expected: ExpectedAttendee[]
  expectedIds: string[]
  /** Quorum settings frozen at call time. */
  quorumSettings: QuorumSettings
  votes: Vote[]
  minutes?: Minutes | null
  locked: boolean
  lockedAt?: Date | null
  lockedByName?: string
  corrections: { text: string; at: Date; byName: string }[]
  calledAt: Date
  calledBy: string
}

interface AttendanceDoc {
  _id: string
  meetingId: string
  villageId: string
  townshipId: string
  personId: string
  mode: AttendanceMode
  at: Date
  remark?: string
  studyHours: number
  month: string
}

interface LeaveDoc {
  _id: string
  meetingId: string
  villageId: string
  personId: string
  reason: string
  status: 'pending' | 'approved' | 'refused'
  at: Date
  decidedAt?: Date
  decidedByName?: string
  note?: string
}

interface PeriodDoc {
  _id: string
  villageId: string
  townshipId: string
  year: number
  held: Partial<Record<MeetingKind, Record<string, number>>>
}

const isDuplicateKey = (error: unknown) =>
  /E11000|duplicate key/i.test(String((error as { errMsg?: string })?.errMsg ?? (error as Error)?.message ?? error))
const pairId = (meetingId: string, personId: string) => `${meetingId}_${personId}`
const monthKey = (index: number) => `m${String(index + 1).padStart(2, '0')}`

async function villageSettings(db: Database, villageId: string): Promise<{ village: VillageDoc; settings: Settings }> {
  const [village, county] = await Promise.all([
    getVillage(db, villageId),
    findById<CountyDoc>(db, 'counties', COUNTY_ID),
  ])
  return {
    village,
    settings: effectiveSettings(
      (county?.settings ?? {}) as SettingsPatch,
      (village.settingsOverrides ?? {}) as SettingsPatch,
    ),
  }
}

async function countySettings(db: Database): Promise<Settings> {
  const county = await findById<CountyDoc>(db, 'counties', COUNTY_ID)
  return effectiveSettings((county?.settings ?? {}) as SettingsPatch)
}

async function loadMeeting(db: Database, villageId: string, meetingId: string): Promise<MeetingDoc> {
  const [doc] = await getDocs<MeetingDoc>(db.collection(MEETINGS).where({ _id: meetingId, villageId }).limit(1))
  if (!doc) throw new AppError('NOT_FOUND', '本村没有这次会议')
  return doc
}

/** The caller's roster entry in this village (undefined for township/county organisers). */
function callerOf(ctx: HandlerContext, villageId: string): { personId?: string; name: string; roles: Role[] } {
  const m = ctx.granted.find((g) => g.villageId === villageId && g.personId)
  const roles = [...new Set(ctx.granted.filter((g) => g.villageId === villageId).flatMap((g) => g.roles))]
  return { personId: m?.personId, name: m?.name ?? ctx.granted.find((g) => g.name)?.name ?? '', roles }
}

function mustBeCaller(ctx: HandlerContext, villageId: string): { personId: string; name: string; roles: Role[] } {
  const c = callerOf(ctx, villageId)
  if (!c.personId) throw new AppError('FAILED_PRECONDITION', '您不是本支部花名册中的人员')
  return { ...c, personId: c.personId }
}

const holds = (roles: readonly Role[], any: readonly Role[]) => roles.some((r) => any.includes(r))

/** Chair, recorder, or a secretary / committee member of this village. */
function canManage(meeting: MeetingDoc, caller: { personId?: string; roles: Role[] }): boolean {
  return (
    holds(caller.roles, MANAGER_ROLES) ||
    (!!caller.personId && (caller.personId === meeting.chairPersonId || caller.personId === meeting.recorderPersonId))
  )
}

function row(m: MeetingDoc, mine?: { expected: boolean; attended?: AttendanceMode; leave?: LeaveDoc['status'] }) {
  return {
    id: m._id,
    kind: m.kind,
    kindLabel: MEETING_KIND_LABELS[m.kind],
    topic: m.topic,
    startsAt: iso(m.startsAt)!,
    endsAt: iso(m.endsAt)!,
    place: m.place,
    remoteOpen: m.remoteOpen,
    status: m.status,
    minutesLocked: Boolean(m.locked),
    expectedCount: m.expectedIds?.length ?? m.expected.length,
    mine,
  }
}

function quorumOf(m: MeetingDoc, presentVoters: number, expectedVoters: number) {
  const q = QUORUM_KINDS[m.kind]
  if (!q)
    return {
      applies: false,
      met: true,
      needed: 0,
      base: expectedVoters,
      present: presentVoters,
      text: '本类会议没有法定到会人数要求',
    }
  const base = q === 'party_assembly' ? expectedVoters : m.expected.length
  const present = q === 'party_assembly' ? presentVoters : Math.min(presentVoters, base)
  const result = evaluateMeeting({ kind: q, shouldAttend: base, present: Math.min(present, base) }, m.quorumSettings)
  const t = result.quorum[0]!
  return { applies: true, met: result.quorumMet, needed: t.needed, base, present, text: t.text }
}

const PAGE = (villageId: string, meetingId: string) =>
  `packages/meetings/pages/detail/index?villageId=${villageId}&meetingId=${meetingId}`

function noticeLines(m: Pick<MeetingDoc, 'kind' | 'topic' | 'startsAt' | 'place' | 'remoteOpen'>) {
  return [
    { label: '会议', value: `${MEETING_KIND_LABELS[m.kind]}：${m.topic}` },
    { label: '时间', value: formatBeijing(m.startsAt) },
    { label: '地点', value: m.place },
    { label: '参加方式', value: m.remoteOpen ? '现场参加；在外党员可线上参加' : '现场参加' },
  ]
}

/** Adds one held meeting to the branch's year aggregate (created on first use). */
async function countHeld(db: Database, m: MeetingDoc, delta: number): Promise<void> {
  const { year, monthIndex } = meetingMonth(m.startsAt)
  const _id = `${m.villageId}_${year}`
  const path = `held.${m.kind}.${monthKey(monthIndex)}`
  const periods = db.collection(PERIODS)
  for (let attempt = 0; attempt < 2; attempt++) {
    const res = (await periods.where({ _id }).update({ data: { [path]: db.command.inc(delta) } })) as {
      stats?: { updated?: number }
    }
    if ((res.stats?.updated ?? 0) > 0) return
    try {
      await periods.add({
        data: {
          _id,
          villageId: m.villageId,
          townshipId: m.townshipId,
          year,
          held: { [m.kind]: { [monthKey(monthIndex)]: delta } },
        },
      })
      return
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
    }
  }
}

function heldArrays(doc: PeriodDoc | undefined): HeldByMonth {
  const out: HeldByMonth = {}
  for (const kind of MEETING_KINDS) {
    const months = doc?.held?.[kind]
    if (months) out[kind] = Array.from({ length: 12 }, (_, i) => months[monthKey(i)] ?? 0)
  }
  return out
}

/** The six-month rule over the last six Beijing months of held meetings: each member's run of missed months. */
async function absenceRuns(db: Database, villageId: string, now: Date) {
  const _ = db.command
  const b = inBeijing(now)
  const since = startOfBeijingDate(b.subtract(6, 'month').startOf('month').format('YYYY-MM-DD'))
  const meetings = await getAll<Pick<MeetingDoc, '_id' | 'startsAt' | 'endsAt' | 'expected' | 'status'>>(
    db
      .collection(MEETINGS)
      .where({ villageId, startsAt: _.gte(since), endsAt: _.lt(now), status: 'called' })
      .field({ startsAt: true, endsAt: true, expected: true, status: true }),
    2000,
  )
  if (meetings.length === 0) return []
  const ids = meetings.map((m) => m._id)
  const [attendance, leaves] = await Promise.all([
    getAll<Pick<AttendanceDoc, 'meetingId' | 'personId'>>(
      db
        .collection(ATTENDANCE)
        .where({ meetingId: _.in(ids) })
        .field({ meetingId: true, personId: true }),
      50000,
    ),
    getAll<Pick<LeaveDoc, 'meetingId' | 'personId'>>(
      db
        .collection(LEAVES)
        .where({ meetingId: _.in(ids), status: 'approved' })
        .field({ meetingId: true, personId: true }),
      50000,
    ),
  ])
  const attended = new Set(attendance.map((a) => pairId(a.meetingId, a.personId)))
  const excused = new Set(leaves.map((l) => pairId(l.meetingId, l.personId)))
  const byPerson = new Map<string, { who: ExpectedAttendee; months: Map<string, MemberMonth> }>()
  for (const m of [...meetings].sort((a, b) => new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime())) {
    const month = meetingMonth(m.startsAt).month
    for (const e of m.expected) {
      const entry = byPerson.get(e.personId) ?? { who: e, months: new Map() }
      entry.who = e
      const mm = entry.months.get(month) ?? { month, expected: 0, attended: 0, excused: 0 }
      mm.expected++
      if (attended.has(pairId(m._id, e.personId))) mm.attended++
      else if (excused.has(pairId(m._id, e.personId))) mm.excused++
      entry.months.set(month, mm)
      byPerson.set(e.personId, entry)
    }
  }
  return [...byPerson.values()].map(({ who, months }) => ({ who, ...consecutiveMissedMonths([...months.values()]) }))
}

export const main = createMain(
  meetingsContract,
  {
    async callMeeting(input, ctx) {
      const { db, now } = ctx
      const caller = mustBeCaller(ctx, input.villageId)
      const startsAt = new Date(input.startsAt)
      const endsAt = new Date(input.endsAt)
      if (!(endsAt.getTime() > startsAt.getTime())) throw new AppError('INVALID_ARGUMENT', '结束时间应晚于开始时间')
      if (endsAt.getTime() - startsAt.getTime() > 12 * 3600_000)
        throw new AppError('INVALID_ARGUMENT', '一次会议不超过 12 小时')
      if (startsAt.getTime() < now.getTime() - 5 * 60_000)
        throw new AppError('FAILED_PRECONDITION', '开始时间已过，不能再召开')
      if (input.kind === 'party_group' && !input.gridId)
        throw new AppError('INVALID_ARGUMENT', '党小组会请选择党小组（网格）')
      const _ = db.command
      const [{ village, settings }, people] = await Promise.all([
        villageSettings(db, input.villageId),
        getAll<PersonDoc>(
          db
            .collection('people')
            .where({ villageId: input.villageId, roles: _.in(MEMBER_ROLES) })
            .field({ name: true, roles: true, gridId: true, party: true, openid: true }),
          5000,
        ),
      ])
      const leadMs = settings.meetingNoticeDays * 24 * 3600_000
      if (startsAt.getTime() - now.getTime() < leadMs && !input.shortNoticeReason) {
        throw new AppError(
          'FAILED_PRECONDITION',
          `应至少提前 ${settings.meetingNoticeDays} 天通知；如确需临时召开，请填写原因`,
        )
      }
      const roster: RosterPerson[] = people.map((p) => ({
        id: p._id,
        name: p.name,
        roles: p.roles,
        gridId: p.gridId,
        party: p.party,
      }))
      const expected = expectedAttendees(input.kind, roster, input.gridId)
      if (expected.length === 0) throw new AppError('FAILED_PRECONDITION', '按花名册，这次会议没有应到人员')
      const named = new Map(people.map((p) => [p._id, p.name]))
      const missing = [input.chairPersonId, input.recorderPersonId].filter((id) => !named.has(id))
      if (missing.length) {
        const others = await getDocs<PersonDoc>(
          db
            .collection('people')
            .where({ villageId: input.villageId, _id: _.in(missing) })
            .field({ name: true })
            .limit(2),
        )
        for (const o of others) named.set(o._id, o.name)
        if (others.length < new Set(missing).size) throw new AppError('NOT_FOUND', '主持人或记录人不在本村花名册中')
      }
      const meeting: MeetingDoc = {
        _id: newId('mt'),
        villageId: input.villageId,
        townshipId: village.townshipId,
        kind: input.kind,
        topic: input.topic,
        agenda: input.agenda,
        startsAt,
        endsAt,
        place: input.place,
        chairPersonId: input.chairPersonId,
        chairName: named.get(input.chairPersonId)!,
        recorderPersonId: input.recorderPersonId,
        recorderName: named.get(input.recorderPersonId)!,
        remoteOpen: input.remoteOpen,
        gridId: input.gridId ?? null,
        studyHours: input.studyHours ?? (STUDY_KINDS.includes(input.kind) ? 2 : 0),
        shortNoticeReason: input.shortNoticeReason ?? null,
        status: 'called',
        expected,
        expectedIds: expected.map((e) => e.personId),
        quorumSettings: {
          assemblyAttendance: settings.assemblyAttendance,
          assemblyPassShare: settings.assemblyPassShare,
        },
        votes: [],
        minutes: null,
        locked: false,
        lockedAt: null,
        corrections: [],
        calledAt: now,
        calledBy: caller.personId,
      }
      await db.collection(MEETINGS).add({ data: meeting as unknown as Record<string, unknown> })
      ctx.touch({ collection: MEETINGS, id: meeting._id })

      const openids = new Map(people.map((p) => [p._id, p.openid ?? null]))
      const base = {
        villageId: meeting.villageId,
        townshipId: meeting.townshipId,
        page: PAGE(meeting.villageId, meeting._id),
        subject: `meeting:${meeting._id}`,
      }
      const notices: NoticeInput[] = expected.map((e) => ({
        ...base,
        personId: e.personId,
        openid: openids.get(e.personId),
        template: 'meeting_notice',
        title: `会议通知：${MEETING_KIND_LABELS[meeting.kind]}`,
        lines: noticeLines(meeting),
      }))
      const reminderAt = new Date(startsAt.getTime() - settings.meetingReminderHours * 3600_000)
      const reminders: NoticeInput[] =
        settings.meetingReminderHours > 0 && reminderAt.getTime() > now.getTime()
          ? expected.map((e) => ({
              ...base,
              personId: e.personId,
              openid: openids.get(e.personId),
              template: 'meeting_reminder',
              title: `会前提醒：${MEETING_KIND_LABELS[meeting.kind]}`,
              lines: noticeLines(meeting),
              dueAt: reminderAt,
            }))
          : []
      const sent = await scheduleNotices(db, [...notices, ...reminders], now)
      return {
        meetingId: meeting._id,
        expectedCount: expected.length,
        noticesSent: sent.delivered,
        remindersQueued: sent.queued,
      }
    },

    async cancelMeeting({ villageId, meetingId, reason }, ctx) {
      const { db, now } = ctx
      const meeting = await loadMeeting(db, villageId, meetingId)
      if (meeting.status === 'cancelled') return { cancelled: false }
      if (new Date(meeting.startsAt).getTime() <= now.getTime())
        throw new AppError('FAILED_PRECONDITION', '会议已开始，不能取消')
      await db
        .collection(MEETINGS)
        .where({ _id: meetingId, villageId, status: 'called' })
        .update({ data: { status: 'cancelled', cancelReason: reason } })
      await cancelNotices(db, `meeting:${meetingId}`, now)
      const people = await getDocs<PersonDoc>(
        db
          .collection('people')
          .where({ villageId, _id: db.command.in(meeting.expectedIds) })
          .field({ openid: true })
          .limit(1000),
      )
      const openids = new Map(people.map((p) => [p._id, p.openid ?? null]))
      await scheduleNotices(
        db,
        meeting.expected.map((e) => ({
          villageId,
          townshipId: meeting.townshipId,
          personId: e.personId,
          openid: openids.get(e.personId),
          template: 'meeting_cancelled',
          title: `会议取消：${MEETING_KIND_LABELS[meeting.kind]}`,
          lines: [...noticeLines(meeting).slice(0, 2), { label: '原因', value: reason }],
          page: PAGE(villageId, meetingId),
          subject: `meeting-cancelled:${meetingId}`,
        })),
        now,
      )
      ctx.touch({ collection: MEETINGS, id: meetingId })
      return { cancelled: true }
    },

    async listMeetings({ villageId, limit }, ctx) {
      const { db } = ctx
      const caller = callerOf(ctx, villageId)
      const meetings = await getDocs<MeetingDoc>(
        db
          .collection(MEETINGS)
          .where({ villageId })
          .orderBy('startsAt', 'desc')
          .limit(limit)
          .field({ expected: false, votes: false, minutes: false, corrections: false }),
      )
      let attended = new Map<string, AttendanceMode>()
      let leaves = new Map<string, LeaveDoc['status']>()
      if (caller.personId && meetings.length) {
        const pairs = meetings.map((m) => pairId(m._id, caller.personId!))
        const _ = db.command
        const [a, l] = await Promise.all([
          getDocs<AttendanceDoc>(
            db
              .collection(ATTENDANCE)
              .where({ _id: _.in(pairs) })
              .limit(50),
          ),
          getDocs<LeaveDoc>(
            db
              .collection(LEAVES)
              .where({ _id: _.in(pairs) })
              .limit(50),
          ),
        ])
        attended = new Map(a.map((x) => [x.meetingId, x.mode]))
        leaves = new Map(l.map((x) => [x.meetingId, x.status]))
      }
      return {
        meetings: meetings.map((m) =>
          row(
            m,
            caller.personId
              ? {
                  expected: (m.expectedIds ?? []).includes(caller.personId),
                  attended: attended.get(m._id),
                  leave: leaves.get(m._id),
                }
              : undefined,
          ),
        ),
      }
    },

    async getMeeting({ villageId, meetingId }, ctx) {
      const { db, now } = ctx
      const caller = callerOf(ctx, villageId)
      const [meeting, attendance, leaves] = await Promise.all([
        loadMeeting(db, villageId, meetingId),
        getAll<AttendanceDoc>(db.collection(ATTENDANCE).where({ meetingId }), 5000),
        getAll<LeaveDoc>(db.collection(LEAVES).where({ meetingId }), 5000),
      ])
      const mode = new Map(attendance.filter((a) => a.villageId === villageId).map((a) => [a.personId, a]))
      const leave = new Map(leaves.filter((l) => l.villageId === villageId).map((l) => [l.personId, l]))
      const approved = new Set([...leave.values()].filter((l) => l.status === 'approved').map((l) => l.personId))
      const tally = tallyAttendance(meeting.expected, new Map([...mode].map(([k, v]) => [k, v.mode])), approved)
      const manage = canManage(meeting, caller)
      const supervisor = ctx.granted.some((g) => !g.villageId)
      const seeAll = manage || supervisor
      const visible = seeAll ? meeting.expected : meeting.expected.filter((e) => e.personId === caller.personId)
      const attendees = visible.map((e) => {
        const a = mode.get(e.personId)
        const l = leave.get(e.personId)
        const state = a
          ? a.mode
          : l?.status === 'approved'
            ? 'leave'
            : l?.status === 'pending'
              ? 'leave_pending'
              : 'absent'
        return {
          personId: e.personId,
          name: e.name,
          votes: e.votes,
          presence: e.presence,
          state,
          at: iso(a?.at),
          remark: a?.remark,
          leaveReason: l?.reason,
        } as const
      })
      ctx.touch(...attendees.map((a) => ({ collection: 'people', id: a.personId, personId: a.personId })))
      const minutes = meeting.minutes
      return {
        ...row(
          meeting,
          caller.personId
            ? {
                expected: meeting.expectedIds.includes(caller.personId),
                attended: mode.get(caller.personId)?.mode,
                leave: leave.get(caller.personId)?.status,
              }
            : undefined,
        ),
        agenda: meeting.agenda,
        chairName: meeting.chairName,
        recorderName: meeting.recorderName,
        studyHours: meeting.studyHours,
        gridId: meeting.gridId ?? undefined,
        shortNoticeReason: meeting.shortNoticeReason ?? undefined,
        cancelReason: meeting.cancelReason,
        window: {
          inPerson: signInWindow(meeting, 'in_person', now),
          remote: meeting.remoteOpen ? signInWindow(meeting, 'remote', now) : 'closed',
        },
        tally,
        quorum: quorumOf(meeting, tally.presentVoters, tally.expectedVoters),
        attendees,
        canManage: manage,
        votes: meeting.votes.map((v) => ({ ...v, at: iso(v.at)! })),
        minutes: minutes
          ? {
              agenda: minutes.agenda,
              remarks: minutes.remarks,
              resolutions: minutes.resolutions,
              absenteeReasons: minutes.absenteeReasons,
              photoFileIds: minutes.photoFileIds,
              savedAt: iso(minutes.savedAt),
              lockedAt: iso(meeting.lockedAt),
              lockedByName: meeting.lockedByName,
              corrections: meeting.corrections.map((c) => ({ ...c, at: iso(c.at)! })),
            }
          : undefined,
      }
    },

    async requestLeave({ villageId, meetingId, reason }, ctx) {
      const { db, now } = ctx
      const caller = mustBeCaller(ctx, villageId)
      const meeting = await loadMeeting(db, villageId, meetingId)
      if (meeting.status !== 'called') throw new AppError('FAILED_PRECONDITION', '会议已取消')
      if (!meeting.expectedIds.includes(caller.personId))
        throw new AppError('FAILED_PRECONDITION', '您不在这次会议的应到人员中，无需请假')
      if (!canAskLeave(meeting, now))
        throw new AppError('FAILED_PRECONDITION', '会议已开始，不能再请假；请会后向支部书记说明')
      const _id = pairId(meetingId, caller.personId)
      const doc: LeaveDoc = { _id, meetingId, villageId, personId: caller.personId, reason, status: 'pending', at: now }
      try {
        await db.collection(LEAVES).add({ data: doc as unknown as Record<string, unknown> })
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
        // Asked again: a still-pending request takes the new reason; a decided one stays decided.
        const res = (await db
          .collection(LEAVES)
          .where({ _id, status: 'pending' })
          .update({ data: { reason, at: now } })) as { stats?: { updated?: number } }
        if (!res.stats?.updated) {
          const [existing] = await getDocs<LeaveDoc>(db.collection(LEAVES).where({ _id }).limit(1))
          return { status: existing?.status ?? 'pending' }
        }
      }
      ctx.touch({ collection: LEAVES, id: _id, personId: caller.personId })
      return { status: 'pending' as const }
    },

    async decideLeave({ villageId, meetingId, personId, approve, note }, ctx) {
      const { db, now } = ctx
      const caller = callerOf(ctx, villageId)
      const _id = pairId(meetingId, personId)
      const [existing] = await getDocs<LeaveDoc>(db.collection(LEAVES).where({ _id, villageId }).limit(1))
      if (!existing) throw new AppError('NOT_FOUND', '没有这条请假')
      const status = approve ? 'approved' : 'refused'
      await db
        .collection(LEAVES)
        .doc(_id)
        .update({ data: { status, decidedAt: now, decidedByName: caller.name, note: note ?? '' } })
      ctx.touch({ collection: LEAVES, id: _id, personId })
      return { status } as const
    },

    async signInCode({ villageId, meetingId }, ctx) {
      const { db, now } = ctx
      const caller = callerOf(ctx, villageId)
      const meeting = await loadMeeting(db, villageId, meetingId)
      if (!canManage(meeting, caller)) throw new AppError('FORBIDDEN', '只有主持人、记录人或支部委员可以展示签到码')
      if (meeting.status !== 'called') throw new AppError('FAILED_PRECONDITION', '会议已取消')
      if (signInWindow(meeting, 'in_person', now) !== 'open')
        throw new AppError('FAILED_PRECONDITION', '不在签到时间内（会前 30 分钟至会议结束）')
      const code = await currentCode(db, { purpose: 'meeting', subjectId: meetingId }, now)
      return {
        display: code.display,
        digits: code.digits,
        payload: code.payload,
        expiresAt: iso(code.expiresAt)!,
        secondsLeft: code.secondsLeft,
      }
    },

    async signIn({ villageId, meetingId, mode, code, followed, remark }, ctx) {
      const { db, now } = ctx
      const caller = mustBeCaller(ctx, villageId)
      const meeting = await loadMeeting(db, villageId, meetingId)
      if (meeting.status !== 'called') throw new AppError('FAILED_PRECONDITION', '会议已取消')
      if (!meeting.expectedIds.includes(caller.personId))
        throw new AppError('FAILED_PRECONDITION', '您不在这次会议的应到人员中')
      const window = signInWindow(meeting, mode, now)
      if (window === 'closed')
        throw new AppError('FAILED_PRECONDITION', '会议已结束，补签不计入出勤；如有特殊情况请向支部书记说明')
      if (window === 'not_open')
        throw new AppError('FAILED_PRECONDITION', mode === 'remote' ? '会议开始后才能线上参加' : '会前 30 分钟开始签到')
      if (mode === 'remote') {
        if (!meeting.remoteOpen) throw new AppError('FAILED_PRECONDITION', '这次会议不设线上参加，请到会场签到')
        if (followed !== true) throw new AppError('INVALID_ARGUMENT', '请确认已参加会议')
      } else {
        await assertWithinLimit(
          db,
          'meetings.wrongCode',
          ctx.identity.openid,
          now,
          MEETING_CODE_LIMIT,
          '签到码输错次数太多',
        )
        const judged = await verifyCode(db, { purpose: 'meeting', subjectId: meetingId }, code ?? '', now)
        if (!judged.ok) {
          if (judged.reason === 'bad-signature' || judged.reason === 'malformed') {
            await recordHit(db, 'meetings.wrongCode', ctx.identity.openid, now, MEETING_CODE_LIMIT)
          }
          throw new AppError('FAILED_PRECONDITION', judged.message)
        }
      }
      const doc: AttendanceDoc = {
        _id: pairId(meetingId, caller.personId),
        meetingId,
        villageId,
        townshipId: meeting.townshipId,
        personId: caller.personId,
        mode,
        at: now,
        studyHours: meeting.studyHours,
        month: meetingMonth(meeting.startsAt).month,
        ...(mode === 'remote' && remark ? { remark } : {}),
      }
      try {
        await db.collection(ATTENDANCE).add({ data: doc as unknown as Record<string, unknown> })
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
        const [existing] = await getDocs<AttendanceDoc>(db.collection(ATTENDANCE).where({ _id: doc._id }).limit(1))
        return { mode: existing?.mode ?? mode, at: iso(existing?.at ?? now)!, already: true }
      }
      ctx.touch({ collection: ATTENDANCE, id: doc._id, personId: caller.personId })
      return { mode, at: iso(now)!, already: false }
    },

    async recordVote({ villageId, meetingId, motion, yes, no, abstain }, ctx) {
      const { db, now } = ctx
      const caller = callerOf(ctx, villageId)
      const [meeting, attendance] = await Promise.all([
        loadMeeting(db, villageId, meetingId),
        getAll<AttendanceDoc>(
          db.collection(ATTENDANCE).where({ meetingId }).field({ personId: true, mode: true, villageId: true }),
          5000,
        ),
      ])
      if (!canManage(meeting, caller)) throw new AppError('FORBIDDEN', '只有主持人、记录人或支部委员可以记录表决')
      const q = QUORUM_KINDS[meeting.kind]
      if (!q) throw new AppError('FAILED_PRECONDITION', '只有支部党员大会和支部委员会进行表决')
      if (meeting.status !== 'called') throw new AppError('FAILED_PRECONDITION', '会议已取消')
      if (meeting.locked) throw new AppError('FAILED_PRECONDITION', '会议记录已确认锁定，不能再记录表决')
      if (new Date(meeting.startsAt).getTime() > now.getTime())
        throw new AppError('FAILED_PRECONDITION', '会议还没开始')
      const present = new Set(attendance.filter((a) => a.villageId === villageId).map((a) => a.personId))
      // 流动党员 and 预备党员 have no vote here: only expected members with a vote count, for both quorum and base.
      const voters = q === 'party_assembly' ? meeting.expected.filter((e) => e.votes) : meeting.expected
      const presentVoters = voters.filter((e) => present.has(e.personId)).length
      if (yes + no + abstain > presentVoters) {
        throw new AppError(
          'INVALID_ARGUMENT',
          `票数合计 ${yes + no + abstain} 超过到会有表决权人数 ${presentVoters}（流动党员、预备党员不参加表决）`,
        )
      }
      const result = evaluateMeeting(
        { kind: q, shouldAttend: voters.length, present: presentVoters, votes: { yes, no, abstain } },
        meeting.quorumSettings,
      )
      if (!result.quorumMet) {
        throw new AppError(
          'FAILED_PRECONDITION',
          `到会有表决权人数 ${presentVoters}，须至少 ${minimumCount(voters.length, result.quorum[0]!.share)} 人，不能表决`,
        )
      }
      const vote: Vote = {
        id: newId('vt'),
        motion,
        yes,
        no,
        abstain,
        shouldAttend: voters.length,
        passed: result.passed,
        outcomeLabel: result.outcomeLabel,
        lines: result.lines,
        at: now,
        byPersonId: caller.personId ?? '',
      }
      const res = (await db
        .collection(MEETINGS)
        .where({ _id: meetingId, villageId, locked: false })
        .update({ data: { votes: db.command.push([vote]) } })) as { stats?: { updated?: number } }
      if (!res.stats?.updated) throw new AppError('FAILED_PRECONDITION', '会议记录已确认锁定，不能再记录表决')
      ctx.touch({ collection: MEETINGS, id: meetingId })
      return { ...vote, at: iso(now)! }
    },

    async saveMinutes({ villageId, meetingId, minutes }, ctx) {
      const { db, now } = ctx
      const caller = callerOf(ctx, villageId)
      const meeting = await loadMeeting(db, villageId, meetingId)
      if (!canManage(meeting, caller)) throw new AppError('FORBIDDEN', '只有记录人、主持人或支部委员可以填写会议记录')
      if (meeting.status !== 'called') throw new AppError('FAILED_PRECONDITION', '会议已取消')
      if (meeting.locked) throw new AppError('FAILED_PRECONDITION', '会议记录已确认锁定，只能追加更正')
      const known = new Set(meeting.expectedIds)
      const data: Minutes = {
        ...minutes,
        absenteeReasons: minutes.absenteeReasons.filter((r) => known.has(r.personId)),
        savedAt: now,
        savedBy: caller.personId ?? '',
      }
      const res = (await db
        .collection(MEETINGS)
        .where({ _id: meetingId, villageId, locked: false })
        .update({ data: { minutes: db.command.set(data) } })) as { stats?: { updated?: number } }
      if (!res.stats?.updated) throw new AppError('FAILED_PRECONDITION', '会议记录已确认锁定，只能追加更正')
      ctx.touch({ collection: MEETINGS, id: meetingId })
      return { savedAt: iso(now)! }
    },

    async confirmMinutes({ villageId, meetingId }, ctx) {
      const { db, now } = ctx
      const caller = callerOf(ctx, villageId)
      const meeting = await loadMeeting(db, villageId, meetingId)
      if (meeting.status !== 'called') throw new AppError('FAILED_PRECONDITION', '会议已取消')
      if (meeting.locked) throw new AppError('FAILED_PRECONDITION', '会议记录已经确认过了')
      if (!meeting.minutes) throw new AppError('FAILED_PRECONDITION', '记录人还没有填写会议记录')
      if (new Date(meeting.startsAt).getTime() > now.getTime())
        throw new AppError('FAILED_PRECONDITION', '会议还没开始，不能确认记录')
      const res = (await db
        .collection(MEETINGS)
        .where({ _id: meetingId, villageId, locked: false })
        .update({ data: { locked: true, lockedAt: now, lockedByName: caller.name } })) as {
        stats?: { updated?: number }
      }
      if (!res.stats?.updated) throw new AppError('FAILED_PRECONDITION', '会议记录已经确认过了')
      await countHeld(db, meeting, 1)
      ctx.touch({ collection: MEETINGS, id: meetingId })

      // The six-month rule: prompt the secretary about members who have just reached a warning threshold.
      let warningsRaised = 0
      const { settings } = await villageSettings(db, villageId)
      const runs = await absenceRuns(db, villageId, now)
      const reached = runs.filter(
        (r) => meeting.expectedIds.includes(r.who.personId) && settings.absenceWarningMonths.includes(r.count),
      )
      if (reached.length) {
        const _ = db.command
        const subjects = reached.map((r) => `absence:${r.who.personId}:${r.count}:${r.since}`)
        const [already, secretaries] = await Promise.all([
          getDocs<{ subject: string }>(
            db
              .collection('notices')
              .where({ subject: _.in(subjects) })
              .field({ subject: true })
              .limit(1000),
          ),
          getDocs<PersonDoc>(
            db
              .collection('people')
              .where({ villageId, roles: 'branch_secretary' })
              .field({ name: true, openid: true })
              .limit(5),
          ),
        ])
        const sent = new Set(already.map((a) => a.subject))
        const fresh = reached.filter((_r, i) => !sent.has(subjects[i]!))
        const inputs: NoticeInput[] = fresh.flatMap((r) =>
          secretaries.map((s) => ({
            villageId,
            townshipId: meeting.townshipId,
            personId: s._id,
            openid: s.openid ?? null,
            template: 'absence_warning',
            title: '请关心这位党员',
            lines: [
              { label: '党员', value: r.who.name },
              { label: '情况', value: `自 ${r.since} 起已连续 ${r.count} 个月未参加组织生活（未请假）` },
              { label: '建议', value: '请主动联系，了解情况、帮助参加；这只是提醒，不是结论' },
            ],
            page: `packages/meetings/pages/index/index?villageId=${villageId}`,
            subject: `absence:${r.who.personId}:${r.count}:${r.since}`,
          })),
        )
        await scheduleNotices(db, inputs, now)
        warningsRaised = fresh.length
      }
      return { lockedAt: iso(now)!, warningsRaised }
    },

    async appendCorrection({ villageId, meetingId, text }, ctx) {
      const { db, now } = ctx
      const caller = callerOf(ctx, villageId)
      const meeting = await loadMeeting(db, villageId, meetingId)
      if (!meeting.locked) throw new AppError('FAILED_PRECONDITION', '记录尚未确认，请直接修改会议记录')
      await db
        .collection(MEETINGS)
        .where({ _id: meetingId, villageId })
        .update({ data: { corrections: db.command.push([{ text, at: now, byName: caller.name }]) } })
      ctx.touch({ collection: MEETINGS, id: meetingId })
      return { count: meeting.corrections.length + 1 }
    },

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
          db.collection('villages').where({ townshipId }).orderBy('order', 'asc').field({ name: true, order: true }),
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
      ctx.touch(...warnings.map((w) => ({ collection: 'people', id: w.personId, personId: w.personId })))
      return { thresholds, warnings }
    },

    async myMeetings({ villageId }, ctx) {
      const { db, now } = ctx
      const caller = mustBeCaller(ctx, villageId)
      const _ = db.command
      const year = Number(beijingDate(now).slice(0, 4))
      const yearStart = startOfBeijingDate(`${year}-01-01`)
      const slim = { expected: false, votes: false, minutes: false, corrections: false }
      const [{ settings }, upcoming, past, attendance, leaves, declared, me] = await Promise.all([
        villageSettings(db, villageId),
        getDocs<MeetingDoc>(
          db
            .collection(MEETINGS)
            .where({ villageId, expectedIds: caller.personId, endsAt: _.gte(now) })
            .orderBy('startsAt', 'asc')
            .field(slim)
            .limit(20),
        ),
        getDocs<MeetingDoc>(
          db
            .collection(MEETINGS)
            .where({ villageId, expectedIds: caller.personId, endsAt: _.lt(now), status: 'called' })
            .orderBy('startsAt', 'desc')
            .field(slim)
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
        getDocs<{ hours: number }>(
          db.collection(STUDY).where({ villageId, personId: caller.personId, year }).field({ hours: true }).limit(1000),
        ),
        findById<PersonDoc>(db, 'people', caller.personId),
      ])
      const attended = new Map(attendance.map((a) => [a.meetingId, a]))
      const leaveOf = new Map(leaves.map((l) => [l.meetingId, l.status]))
      const fromMeetings = attendance.reduce((n, a) => n + (a.studyHours ?? 0), 0)
      const declaredHours = declared.reduce((n, d) => n + d.hours, 0)
      const cadre = Boolean(me?.roles.some((r) => r === 'branch_secretary' || r === 'branch_committee_member'))
      return {
        upcoming: upcoming.map((m) =>
          row(m, { expected: true, attended: attended.get(m._id)?.mode, leave: leaveOf.get(m._id) }),
        ),
        history: past.map((m) => ({
          meetingId: m._id,
          kindLabel: MEETING_KIND_LABELS[m.kind],
          topic: m.topic,
          startsAt: iso(m.startsAt)!,
          state: (attended.get(m._id)?.mode ?? (leaveOf.get(m._id) === 'approved' ? 'leave' : 'absent')) as
            AttendanceMode | 'leave' | 'absent',
        })),
        study: {
          year,
          hours: fromMeetings + declaredHours,
          target: studyTarget(cadre, settings),
          fromMeetings,
          declared: declaredHours,
        },
      }
    },

    async listMaterials({ villageId, limit }, { db }) {
      const docs = await getDocs<{
        _id: string
        title: string
        kind: 'text' | 'link' | 'file'
        body?: string
        url?: string
        fileId?: string
        suggestedHours: number
        publishedAt: Date
      }>(db.collection(MATERIALS).where({ villageId }).orderBy('publishedAt', 'desc').limit(limit))
      return {
        materials: docs.map((d) => ({
          id: d._id,
          title: d.title,
          kind: d.kind,
          body: d.body,
          url: d.url,
          fileId: d.fileId,
          suggestedHours: d.suggestedHours,
          publishedAt: iso(d.publishedAt)!,
        })),
      }
    },

    async publishMaterial(input, ctx) {
      const { db, now } = ctx
      if (input.kind === 'text' && !input.body) throw new AppError('FAILED_PRECONDITION', '文字资料请填写内容')
      if (input.kind === 'link' && !input.url) throw new AppError('FAILED_PRECONDITION', '链接资料请填写网址')
      if (input.kind === 'file' && !input.fileId) throw new AppError('FAILED_PRECONDITION', '云文件资料请先上传文件')
      const village = await getVillage(db, input.villageId)
      const caller = callerOf(ctx, input.villageId)
      const _id = newId('sm')
      const { villageId, title, kind, body, url, fileId, suggestedHours } = input
      await db.collection(MATERIALS).add({
        data: {
          _id,
          villageId,
          townshipId: village.townshipId,
          title,
          kind,
          body,
          url,
          fileId,
          suggestedHours,
          publishedAt: now,
          publishedByName: caller.name,
        },
      })
      ctx.touch({ collection: MATERIALS, id: _id })
      return { materialId: _id }
    },

    async declareStudy({ villageId, title, hours, date, materialId }, ctx) {
      const { db, now } = ctx
      const caller = mustBeCaller(ctx, villageId)
      if (date > beijingDate(now)) throw new AppError('FAILED_PRECONDITION', '不能申报今天以后的学习')
      const year = Number(date.slice(0, 4))
      if (year !== Number(beijingDate(now).slice(0, 4))) throw new AppError('FAILED_PRECONDITION', '只能申报今年的学习')
      const _id = newId('sr')
      await db.collection(STUDY).add({
        data: {
          _id,
          villageId,
          personId: caller.personId,
          year,
          date,
          title,
          hours,
          materialId: materialId ?? null,
          at: now,
        },
      })
      ctx.touch({ collection: STUDY, id: _id, personId: caller.personId })
      const records = await getDocs<{ hours: number }>(
        db.collection(STUDY).where({ villageId, personId: caller.personId, year }).field({ hours: true }).limit(1000),
      )
      return { yearHours: records.reduce((n, r) => n + r.hours, 0) }
    },

    async myMessages({ villageId }, ctx) {
      const { db, now } = ctx
      const caller = mustBeCaller(ctx, villageId)
      // Offline there is no timer trigger: deliver what has come due before listing (the cloud's timer does this).
      if (noticeSender().mode === 'local') await sendDue(db, now, { limit: 200 })
      const messages = await listOutbox(db, { villageId, personId: caller.personId, limit: 50 })
      return {
        messages: messages.map((m) => ({ id: m._id, title: m.title, lines: m.lines, page: m.page, at: iso(m.at)! })),
      }
    },

    async notifySweep(_input, { db, now }) {
      return sendDue(db, now, { limit: 500 })
    },
  },
  { timerAction: 'notifySweep' },
)
