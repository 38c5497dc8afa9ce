/**
 * 四议两公开, the rules the deliberation function applies while a matter is worked and voted on: a matter's status
 * label, the voting window's close and who should attend, when a window is open and when it may be counted, the
 * stored result of a count, which in-person votes a cadre may enter, and the township's attention order. Pure; no
 * I/O. The six steps, rosters and notice live in ./deliberation.ts; quorum arithmetic in ./quorum.ts.
 */
import { dateTimeLabel } from './human-text'
import {
  MAX_WINDOW_MS,
  MIN_WINDOW_MS,
  STATUS_LABELS,
  windowPhase,
  type MatterStatus,
  type Step,
  type VoteChoice,
} from './deliberation'
import { evaluateMeeting, MEETING_KIND_LABELS, type MeetingKind } from './quorum'
import type { Settings } from './settings'

/** The status a list shows: open matters name their step. */
export function matterStatusLabel(step: Step, status: MatterStatus): string {
  return status === 'working' || status === 'voting' ? `${STATUS_LABELS[status]} · 第${step}步` : STATUS_LABELS[status]
}

/** A voting window lasts at least a minute and at most 30 days from now; else the reason. */
export function votingCloseProblem(closesAt: Date, now: Date): string | undefined {
  const length = closesAt.getTime() - now.getTime()
  if (length < MIN_WINDOW_MS) return '截止时间至少要在一分钟以后'
  if (length > MAX_WINDOW_MS) return '表决时间不能超过30天'
  return undefined
}

/**
 * Who should attend a vote: the roster, except at a 村民会议, whose base is the village's registered adults (the
 * roster when it is longer: the register is out of date).
 */
export function shouldAttendOf(kind: MeetingKind, rosterSize: number, registeredAdults?: number | null): number {
  return kind === 'villagers' ? Math.max(registeredAdults ?? 0, rosterSize) : rosterSize
}

interface WindowTimes {
  openedAt: Date | string
  closesAt: Date | string
  closedAt?: Date | string | null
  closed?: boolean
}

/** Whether votes may still be cast or entered in a window. */
export function isWindowOpen(w: WindowTimes, now: Date): boolean {
  return (
    !w.closed &&
    windowPhase(
      {
        openedAt: new Date(w.openedAt),
        closesAt: new Date(w.closesAt),
        closedAt: w.closedAt ? new Date(w.closedAt) : null,
      },
      now,
    ) === 'open'
  )
}

/**
 * When a window may be counted: at its close, or earlier once everyone on the roster has voted (then it closes
 * now). Votes after the returned instant do not count.
 */
export function closingOf(
  closesAt: Date | string,
  cast: number,
  rosterSize: number,
  now: Date,
): { ok: true; closedAt: Date } | { ok: false; reason: string } {
  const close = new Date(closesAt)
  if (now.getTime() < close.getTime() && cast < rosterSize)
    return {
      ok: false,
      reason: `表决还没有截止（截止时间 ${dateTimeLabel(close)}），名单上还有 ${rosterSize - cast} 人未表决`,
    }
  return { ok: true, closedAt: now.getTime() < close.getTime() ? now : close }
}

export interface VoteCountsByChannel {
  yes: number
  no: number
  abstain: number
  online: number
  inPerson: number
  /** Households with at least one vote (村民会议 only). */
  represented?: number
}

/** A counted window, as stored with it and shown to villagers. */
export interface WindowResult {
  meetingKind: MeetingKind
  meetingLabel: string
  outcome: 'no_quorum' | 'passed' | 'rejected' | 'pending'
  outcomeLabel: string
  shouldAttend: number
  present: number
  yes: number
  no: number
  abstain: number
  online: number
  inPerson: number
  households?: { total: number; represented: number }
  quorumMet: boolean
  passed: boolean
  lines: string[]
}

/** The result of a window's votes: everyone who voted is present; the lines say how many voted online. */
export function windowResult(
  w: { meetingKind: MeetingKind; step: 3 | 4; shouldAttend: number; householdTotal: number },
  counts: VoteCountsByChannel,
  settings: Settings,
): WindowResult {
  const present = counts.yes + counts.no + counts.abstain
  const households =
    counts.represented !== undefined
      ? { total: Math.max(w.householdTotal, counts.represented), represented: counts.represented }
      : undefined
  const r = evaluateMeeting(
    {
      kind: w.meetingKind,
      shouldAttend: Math.max(w.shouldAttend, present),
      present,
      votes: { yes: counts.yes, no: counts.no, abstain: counts.abstain },
      households,
      deliberation: w.step === 3,
    },
    settings,
  )
  const lines = [...r.lines]
  lines.splice(2, 0, `其中线上表决 ${counts.online} 人，现场表决 ${counts.inPerson} 人`)
  return {
    meetingKind: w.meetingKind,
    meetingLabel: MEETING_KIND_LABELS[w.meetingKind],
    outcome: r.outcome,
    outcomeLabel: r.outcomeLabel,
    shouldAttend: r.shouldAttend,
    present,
    yes: counts.yes,
    no: counts.no,
    abstain: counts.abstain,
    online: counts.online,
    inPerson: counts.inPerson,
    households,
    quorumMet: r.quorumMet,
    passed: r.passed,
    lines,
  }
}

/**
 * In-person votes a cadre entered, screened against the frozen roster: a person entered twice and a person not on
 * the roster are refused (in that order); the rest go on to be recorded.
 */
export function screenInPersonVotes<V extends { personId: string; choice: VoteChoice }>(
  votes: readonly V[],
  onRoster: (personId: string) => boolean,
): { candidates: V[]; refused: { personId: string; reason: string }[] } {
  const refused: { personId: string; reason: string }[] = []
  const seen = new Set<string>()
  const candidates = votes.filter((v) => {
    if (seen.has(v.personId)) return refused.push({ personId: v.personId, reason: '同一人录入了两次' }) && false
    seen.add(v.personId)
    if (!onRoster(v.personId)) return refused.push({ personId: v.personId, reason: '不在这次表决的名单上' }) && false
    return true
  })
  return { candidates, refused }
}

/** The township's order: matters that left the method, then stuck ones, then other open ones, then closed ones. */
export function attentionRank(m: { leftMethod: boolean; stuck: boolean; status: MatterStatus }): number {
  if (m.leftMethod) return 0
  if (m.stuck) return 1
  return m.status === 'completed' || m.status === 'rejected' || m.status === 'withdrawn' ? 3 : 2
}
