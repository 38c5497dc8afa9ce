/**
 * 三会一课 and branch life: meeting kinds, who should attend (frozen when a meeting is called), the attendance
 * window, the branch calendar (required frequency against what was held, in Beijing months/quarters/years), the
 * six-month rule's early warnings, and study hours. Pure; no I/O. Quorum and vote-pass rules live in
 * common/rules/quorum.ts (shared with 四议两公开).
 */
import { beijingMonth, inBeijing, type Instant } from './beijing-time'
import type { Settings } from './settings'

export const MEETING_KINDS = [
  'branch_assembly',
  'branch_committee',
  'party_group',
  'party_lesson',
  'theme_day',
  'org_life',
  'democratic_review',
] as const
export type MeetingKind = (typeof MEETING_KINDS)[number]

export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  branch_assembly: '支部党员大会',
  branch_committee: '支部委员会',
  party_group: '党小组会',
  party_lesson: '党课',
  theme_day: '主题党日',
  org_life: '组织生活会',
  democratic_review: '民主评议党员',
}

/** How a person took part: signed in at the meeting with its code, or followed it remotely (在外党员). */
export type AttendanceMode = 'in_person' | 'remote'
export const ATTENDANCE_MODE_LABELS: Record<AttendanceMode, string> = { in_person: '现场签到', remote: '线上参加' }

/** A roster entry as this rule needs it. */
export interface RosterPerson {
  id: string
  name: string
  roles: readonly string[]
  gridId?: string | null
  party?: { standing: 'full' | 'probationary'; presence: 'home' | 'away' | 'mobile' } | null
}

export interface ExpectedAttendee {
  personId: string
  name: string
  /** Has a vote in this branch: a full member (预备党员 have none) who is not a 流动党员 attached from elsewhere. */
  votes: boolean
  presence: 'home' | 'away' | 'mobile'
  /** 支部书记 or 支委委员: the 56-hour study target. */
  cadre: boolean
}

export const isPartyMember = (p: RosterPerson) =>
  p.roles.includes('party_member') ||
  p.roles.includes('branch_secretary') ||
  p.roles.includes('branch_committee_member')
export const isBranchCadre = (p: RosterPerson) =>
  p.roles.includes('branch_secretary') || p.roles.includes('branch_committee_member')

/** Voting right in this branch: full members only, never 流动党员 (they take part but vote at home). */
export function hasVote(p: RosterPerson): boolean {
  if (!isPartyMember(p)) return false
  const party = p.party ?? { standing: 'full' as const, presence: 'home' as const }
  return party.standing === 'full' && party.presence !== 'mobile'
}

/**
 * Who should attend a meeting of `kind`, from the roster at call time:
 * - 支部委员会: the secretary and committee members;
 * - 党小组会: the members of one Party group (the grid's 网格党小组, `gridId`);
 * - every other kind: all members of the branch (the 党员大会's quorum counts those with a vote).
 */
export function expectedAttendees(
  kind: MeetingKind,
  roster: readonly RosterPerson[],
  gridId?: string,
): ExpectedAttendee[] {
  const members = roster.filter(isPartyMember)
  const chosen =
    kind === 'branch_committee'
      ? members.filter(isBranchCadre)
      : kind === 'party_group'
        ? members.filter((p) => Boolean(gridId) && p.gridId === gridId)
        : members
  return chosen
    .map((p) => ({
      personId: p.id,
      name: p.name,
      votes: hasVote(p),
      presence: p.party?.presence ?? 'home',
      cadre: isBranchCadre(p),
    }))
    .sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0))
}

// ---- attendance window ----

/** In-person sign-in opens this long before the start. */
export const SIGN_IN_OPENS_BEFORE_MS = 30 * 60_000

export type WindowState = 'not_open' | 'open' | 'closed'

/**
 * Whether sign-in is open: in person from 30 minutes before the start to the end; remote only during the meeting.
 * After the end nothing counts as attendance (late sign-in is refused, not recorded as present).
 */
export function signInWindow(
  meeting: { startsAt: Instant; endsAt: Instant },
  mode: AttendanceMode,
  now: Instant,
): WindowState {
  const t = new Date(now).getTime()
  const start = new Date(meeting.startsAt).getTime()
  const end = new Date(meeting.endsAt).getTime()
  const opens = mode === 'in_person' ? start - SIGN_IN_OPENS_BEFORE_MS : start
  if (t < opens) return 'not_open'
  if (t > end) return 'closed'
  return 'open'
}

/** Leave may be asked until the meeting starts. */
export function canAskLeave(meeting: { startsAt: Instant }, now: Instant): boolean {
  return new Date(now).getTime() < new Date(meeting.startsAt).getTime()
}

// ---- live attendance ----

export interface AttendanceTally {
  expected: number
  expectedVoters: number
  present: number
  presentVoters: number
  inPerson: number
  remote: number
  onLeave: number
  absent: number
}

/**
 * Who should attend / present / on (approved) leave / absent. Someone on leave who signs in anyway counts as
 * present. Before the end, "absent" means "not (yet) signed in".
 */
export function tallyAttendance(
  expected: readonly ExpectedAttendee[],
  attended: ReadonlyMap<string, AttendanceMode>,
  approvedLeave: ReadonlySet<string>,
): AttendanceTally {
  const t: AttendanceTally = {
    expected: expected.length,
    expectedVoters: 0,
    present: 0,
    presentVoters: 0,
    inPerson: 0,
    remote: 0,
    onLeave: 0,
    absent: 0,
  }
  for (const a of expected) {
    if (a.votes) t.expectedVoters++
    const mode = attended.get(a.personId)
    if (mode) {
      t.present++
      if (a.votes) t.presentVoters++
      if (mode === 'in_person') t.inPerson++
      else t.remote++
    } else if (approvedLeave.has(a.personId)) t.onLeave++
    else t.absent++
  }
  return t
}

// ---- periods and the branch calendar ----

/** The required frequency of each kind, in months (1 monthly, 3 quarterly, 12 yearly), from settings. */
export function intervalMonths(
  kind: MeetingKind,
  s: Pick<
    Settings,
    | 'branchAssemblyIntervalMonths'
    | 'branchCommitteeIntervalMonths'
    | 'partyGroupIntervalMonths'
    | 'partyLessonIntervalMonths'
  >,
): number {
  switch (kind) {
    case 'branch_assembly':
      return s.branchAssemblyIntervalMonths
    case 'branch_committee':
      return s.branchCommitteeIntervalMonths
    case 'party_group':
      return s.partyGroupIntervalMonths
    case 'party_lesson':
      return s.partyLessonIntervalMonths
    case 'theme_day':
      return 1
    case 'org_life':
    case 'democratic_review':
      return 12
  }
}

export interface Period {
  /** 2026-03 (monthly), 2026-Q1 (quarterly), 2026 (yearly), 2026-M01-02 (other lengths). */
  label: string
  /** First and last month index (1–12) of the period. */
  firstMonth: number
  lastMonth: number
}

/** The period of `interval` months (aligned to January) containing month `m` (1–12) of `year`. */
export function periodOf(year: number, m: number, interval: number): Period {
  const size = Math.max(1, Math.min(12, interval))
  const firstMonth = Math.floor((m - 1) / size) * size + 1
  const lastMonth = Math.min(12, firstMonth + size - 1)
  const pad = (n: number) => String(n).padStart(2, '0')
  const label =
    size === 1
      ? `${year}-${pad(m)}`
      : size === 3
        ? `${year}-Q${(firstMonth + 2) / 3}`
        : size === 12
          ? `${year}`
          : `${year}-M${pad(firstMonth)}-${pad(lastMonth)}`
  return { label, firstMonth, lastMonth }
}

/** Meetings held per kind and Beijing month of a year: `held[kind][month-1]`. */
export type HeldByMonth = Partial<Record<MeetingKind, number[]>>

export type KindStatus = 'done' | 'due' | 'overdue'

export interface KindCompliance {
  kind: MeetingKind
  label: string
  intervalMonths: number
  /** The period containing `now` (for a past year: its last period). */
  current: Period
  heldThisPeriod: number
  /** done: held in the current period; overdue: the previous period of this year went without one; due: not yet. */
  status: KindStatus
  periodsElapsed: number
  periodsHeld: number
  /** Labels of the finished periods of the year without a meeting of this kind. */
  missed: string[]
  heldThisYear: number
}

/**
 * The branch calendar for `year` as of `now` (a Beijing instant): for each kind, the periods of the year so far and
 * whether each had a meeting. A period that has ended without one is missed; the current period is done or due.
 */
export function branchCompliance(
  year: number,
  held: HeldByMonth,
  settings: Parameters<typeof intervalMonths>[1],
  now: Instant,
): KindCompliance[] {
  const b = inBeijing(now)
  const nowYear = b.year()
  const currentMonth = year < nowYear ? 12 : year > nowYear ? 0 : b.month() + 1
  return MEETING_KINDS.map((kind) => {
    const interval = intervalMonths(kind, settings)
    const months = held[kind] ?? []
    const count = (p: Period) => months.slice(p.firstMonth - 1, p.lastMonth).reduce((a, n) => a + (n ?? 0), 0)
    const current = periodOf(year, Math.max(1, currentMonth), interval)
    const missed: string[] = []
    let periodsElapsed = 0
    let periodsHeld = 0
    for (let m = 1; m <= 12;) {
      const p = periodOf(year, m, interval)
      if (currentMonth === 0) break
      const finished = year < nowYear || p.lastMonth < currentMonth
      const isCurrent = !finished && p.firstMonth <= currentMonth
      if (!finished && !isCurrent) break
      periodsElapsed++
      if (count(p) > 0) periodsHeld++
      else if (finished) missed.push(p.label)
      m = p.lastMonth + 1
    }
    const heldThisPeriod = currentMonth === 0 ? 0 : count(current)
    const previousMissed =
      missed.length > 0 && missed[missed.length - 1] === periodBefore(current, year, interval)?.label
    let status: KindStatus
    if (year < nowYear) status = missed.length === 0 ? 'done' : 'overdue'
    else status = heldThisPeriod > 0 ? 'done' : previousMissed ? 'overdue' : 'due'
    return {
      kind,
      label: MEETING_KIND_LABELS[kind],
      intervalMonths: interval,
      current,
      heldThisPeriod,
      status,
      periodsElapsed,
      periodsHeld,
      missed,
      heldThisYear: months.reduce((a, n) => a + (n ?? 0), 0),
    }
  })
}

function periodBefore(p: Period, year: number, interval: number): Period | undefined {
  return p.firstMonth > 1 ? periodOf(year, p.firstMonth - 1, interval) : undefined
}

/** Which month slot (0–11) and year a meeting counts in: the Beijing month of its start. */
export function meetingMonth(startsAt: Instant): { year: number; monthIndex: number; month: string } {
  const month = beijingMonth(startsAt)
  return { year: Number(month.slice(0, 4)), monthIndex: Number(month.slice(5, 7)) - 1, month }
}

// ---- the six-month rule ----

/** One member's Party life in one Beijing month: meetings they should have attended, and how it went. */
export interface MemberMonth {
  month: string
  expected: number
  attended: number
  /** Absences with approved leave. */
  excused: number
}

/**
 * The member's current run of consecutive months without Party life: months in which they were expected at a
 * meeting, attended none and at least one absence had no approved leave. Months with no meeting expected of them
 * neither break nor extend the run; a month with any attendance (or only excused absences) ends it.
 */
export function consecutiveMissedMonths(months: readonly MemberMonth[]): { count: number; since?: string } {
  const sorted = [...months].filter((m) => m.expected > 0).sort((a, b) => a.month.localeCompare(b.month))
  let count = 0
  let since: string | undefined
  for (let i = sorted.length - 1; i >= 0; i--) {
    const m = sorted[i]!
    const missed = m.attended === 0 && m.excused < m.expected
    if (!missed) break
    count++
    since = m.month
  }
  return { count, since }
}

/**
 * The warning level to show the secretary: the highest configured threshold (default 3 and 5 months) the run has
 * reached, or 0. A prompt to reach out to the member, never a finding that they have left the Party.
 */
export function warningLevel(consecutive: number, thresholds: readonly number[]): number {
  return [...thresholds].filter((t) => consecutive >= t).sort((a, b) => b - a)[0] ?? 0
}

// ---- study hours ----

/** The yearly target: 56 for the secretary and committee members, 32 for other members (from settings). */
export function studyTarget(cadre: boolean, s: Pick<Settings, 'memberStudyHours' | 'cadreStudyHours'>): number {
  return cadre ? s.cadreStudyHours : s.memberStudyHours
}

/** Kinds whose attendance counts as study time by default (党课; 主题党日 usually includes study). */
export const STUDY_KINDS: readonly MeetingKind[] = ['party_lesson', 'theme_day']
