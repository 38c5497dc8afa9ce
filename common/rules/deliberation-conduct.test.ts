import {
  attentionRank,
  closingOf,
  isWindowOpen,
  matterStatusLabel,
  screenInPersonVotes,
  shouldAttendOf,
  votingCloseProblem,
  windowResult,
} from './deliberation-conduct'
import { DAY_MS } from './deliberation'
import { dateTimeLabel } from './human-text'
import { DEFAULT_SETTINGS } from './settings'

const NOW = new Date('2026-05-10T02:00:00Z')
const later = (ms: number) => new Date(NOW.getTime() + ms)

describe('matter status label', () => {
  it('names the step while the matter is open, else the status alone', () => {
    expect(matterStatusLabel(3, 'voting')).toMatch(/· 第3步$/)
    expect(matterStatusLabel(2, 'working')).toMatch(/· 第2步$/)
    expect(matterStatusLabel(6, 'completed')).not.toContain('第')
    expect(matterStatusLabel(4, 'returned')).not.toContain('第')
  })
})

describe('the voting window', () => {
  it('closes between one minute and 30 days from now', () => {
    expect(votingCloseProblem(later(60_000), NOW)).toBeUndefined()
    expect(votingCloseProblem(later(59_999), NOW)).toBe('截止时间至少要在一分钟以后')
    expect(votingCloseProblem(later(30 * DAY_MS), NOW)).toBeUndefined()
    expect(votingCloseProblem(later(30 * DAY_MS + 1), NOW)).toBe('表决时间不能超过30天')
  })

  it('a 村民会议 counts against the registered adults (or the roster when longer); other votes the roster', () => {
    expect(shouldAttendOf('villagers', 40, 120)).toBe(120)
    expect(shouldAttendOf('villagers', 130, 120)).toBe(130)
    expect(shouldAttendOf('villagers', 40, null)).toBe(40)
    expect(shouldAttendOf('representatives', 15, 120)).toBe(15)
    expect(shouldAttendOf('party_assembly', 30, 120)).toBe(30)
  })

  it('is open from its opening until its close, unless closed', () => {
    const w = { openedAt: NOW, closesAt: later(DAY_MS) }
    expect(isWindowOpen(w, NOW)).toBe(true)
    expect(isWindowOpen(w, later(DAY_MS - 1))).toBe(true)
    expect(isWindowOpen(w, later(DAY_MS))).toBe(false)
    expect(isWindowOpen({ ...w, closed: true }, NOW)).toBe(false)
    expect(isWindowOpen({ ...w, closedAt: NOW.toISOString() }, later(1))).toBe(false)
    expect(isWindowOpen({ openedAt: NOW.toISOString(), closesAt: later(DAY_MS).toISOString() }, later(5))).toBe(true)
  })

  it('is counted at its close, or early (closing now) once everyone on the roster has voted', () => {
    const close = later(DAY_MS)
    expect(closingOf(close, 9, 10, NOW)).toEqual({
      ok: false,
      reason: `表决还没有截止（截止时间 ${dateTimeLabel(close)}），名单上还有 1 人未表决`,
    })
    expect(closingOf(close, 10, 10, NOW)).toEqual({ ok: true, closedAt: NOW })
    expect(closingOf(close, 3, 10, later(DAY_MS + 5))).toEqual({ ok: true, closedAt: close })
    expect(closingOf(close.toISOString(), 0, 10, close)).toEqual({ ok: true, closedAt: close })
  })
})

describe('a counted window', () => {
  const counts = { yes: 20, no: 5, abstain: 2, online: 17, inPerson: 10 }

  it('everyone who voted is present; the result says how many voted online and in person', () => {
    const r = windowResult(
      { meetingKind: 'party_assembly', step: 3, shouldAttend: 30, householdTotal: 0 },
      counts,
      DEFAULT_SETTINGS,
    )
    expect(r).toMatchObject({
      meetingKind: 'party_assembly',
      meetingLabel: '支部党员大会',
      shouldAttend: 30,
      present: 27,
      yes: 20,
      no: 5,
      abstain: 2,
      online: 17,
      inPerson: 10,
      quorumMet: true,
      passed: true,
      outcome: 'passed',
    })
    expect(r.households).toBeUndefined()
    expect(r.lines[2]).toBe('其中线上表决 17 人，现场表决 10 人')
  })

  it('more votes than expected raise the base; too few present is no quorum', () => {
    const over = windowResult(
      { meetingKind: 'representatives', step: 4, shouldAttend: 20, householdTotal: 0 },
      counts,
      DEFAULT_SETTINGS,
    )
    expect(over.shouldAttend).toBe(27)
    const few = windowResult(
      { meetingKind: 'party_assembly', step: 3, shouldAttend: 100, householdTotal: 0 },
      counts,
      DEFAULT_SETTINGS,
    )
    expect(few).toMatchObject({ quorumMet: false, passed: false, outcome: 'no_quorum' })
  })

  it('a 村民会议 carries the households represented, never fewer in total than represented', () => {
    const r = windowResult(
      { meetingKind: 'villagers', step: 4, shouldAttend: 200, householdTotal: 10 },
      { ...counts, represented: 12 },
      DEFAULT_SETTINGS,
    )
    expect(r.households).toEqual({ total: 12, represented: 12 })
  })
})

describe('in-person votes entered by a cadre', () => {
  it('refuses a person entered twice and a person not on the roster, keeping the order of entry', () => {
    const votes = [
      { personId: 'a', choice: 'agree' as const },
      { personId: 'x', choice: 'agree' as const },
      { personId: 'b', choice: 'disagree' as const },
      { personId: 'a', choice: 'abstain' as const },
    ]
    const r = screenInPersonVotes(votes, (id) => id !== 'x')
    expect(r.candidates).toEqual([votes[0], votes[2]])
    expect(r.refused).toEqual([
      { personId: 'x', reason: '不在这次表决的名单上' },
      { personId: 'a', reason: '同一人录入了两次' },
    ])
  })
})

describe('the township’s attention order', () => {
  it('left the method, then stuck, then open, then closed', () => {
    const rank = (leftMethod: boolean, stuck: boolean, status: 'working' | 'completed' | 'withdrawn' | 'returned') =>
      attentionRank({ leftMethod, stuck, status })
    expect(rank(true, true, 'withdrawn')).toBe(0)
    expect(rank(false, true, 'working')).toBe(1)
    expect(rank(false, false, 'returned')).toBe(2)
    expect(rank(false, false, 'completed')).toBe(3)
    expect(rank(false, false, 'withdrawn')).toBe(3)
  })
})
