import {
  branchCompliance,
  canAskLeave,
  consecutiveMissedMonths,
  expectedAttendees,
  hasVote,
  meetingMonth,
  periodOf,
  signInWindow,
  studyTarget,
  tallyAttendance,
  warningLevel,
  type HeldByMonth,
  type RosterPerson,
} from './meetings'
import { DEFAULT_SETTINGS } from './settings'

const person = (id: string, extra: Partial<RosterPerson> = {}): RosterPerson => ({
  id,
  name: id,
  roles: ['party_member'],
  party: { standing: 'full', presence: 'home' },
  ...extra,
})

describe('who should attend', () => {
  const roster: RosterPerson[] = [
    person('a', { roles: ['party_member', 'branch_secretary'], gridId: 'g1' }),
    person('b', { roles: ['party_member', 'branch_committee_member'], gridId: 'g2' }),
    person('c', { gridId: 'g1', party: { standing: 'full', presence: 'away' } }),
    person('d', { gridId: 'g1', party: { standing: 'full', presence: 'mobile' } }),
    person('e', { gridId: 'g2', party: { standing: 'probationary', presence: 'home' } }),
    person('r', { roles: ['resident'], party: null }),
  ]

  it('党员大会: every member, with a vote only for full members who are not 流动党员', () => {
    const list = expectedAttendees('branch_assembly', roster)
    expect(list.map((x) => [x.personId, x.votes])).toEqual([
      ['a', true],
      ['b', true],
      ['c', true],
      ['d', false],
      ['e', false],
    ])
    expect(list.find((x) => x.personId === 'a')!.cadre).toBe(true)
  })

  it('支委会: the secretary and committee; 党小组会: one group; 党课: all members', () => {
    expect(expectedAttendees('branch_committee', roster).map((x) => x.personId)).toEqual(['a', 'b'])
    expect(expectedAttendees('party_group', roster, 'g1').map((x) => x.personId)).toEqual(['a', 'c', 'd'])
    expect(expectedAttendees('party_group', roster)).toEqual([])
    expect(expectedAttendees('party_lesson', roster)).toHaveLength(5)
  })

  it('non-members never vote', () => {
    expect(hasVote(person('r', { roles: ['resident'] }))).toBe(false)
    expect(hasVote(person('x', { party: null }))).toBe(true)
  })
})

describe('sign-in window and leave', () => {
  const meeting = { startsAt: '2026-03-10T01:00:00Z', endsAt: '2026-03-10T03:00:00Z' }
  it('in person from 30 minutes before; remote only from the start; nothing after the end', () => {
    expect(signInWindow(meeting, 'in_person', '2026-03-10T00:29:59Z')).toBe('not_open')
    expect(signInWindow(meeting, 'in_person', '2026-03-10T00:30:00Z')).toBe('open')
    expect(signInWindow(meeting, 'remote', '2026-03-10T00:59:59Z')).toBe('not_open')
    expect(signInWindow(meeting, 'remote', '2026-03-10T01:00:00Z')).toBe('open')
    expect(signInWindow(meeting, 'remote', '2026-03-10T03:00:00Z')).toBe('open')
    expect(signInWindow(meeting, 'in_person', '2026-03-10T03:00:01Z')).toBe('closed')
    expect(signInWindow(meeting, 'remote', '2026-03-10T03:00:01Z')).toBe('closed')
  })
  it('leave until the start only', () => {
    expect(canAskLeave(meeting, '2026-03-10T00:59:59Z')).toBe(true)
    expect(canAskLeave(meeting, '2026-03-10T01:00:00Z')).toBe(false)
  })
})

describe('tally', () => {
  const expected = expectedAttendees('branch_assembly', [
    person('a'),
    person('b'),
    person('c'),
    person('d', { party: { standing: 'full', presence: 'mobile' } }),
  ])
  it('counts present (in person / remote), voters, leave and absence; leave then present counts as present', () => {
    const t = tallyAttendance(
      expected,
      new Map([
        ['a', 'in_person'],
        ['b', 'remote'],
        ['d', 'in_person'],
      ]),
      new Set(['b', 'c']),
    )
    expect(t).toEqual({
      expected: 4,
      expectedVoters: 3,
      present: 3,
      presentVoters: 2,
      inPerson: 2,
      remote: 1,
      onLeave: 1,
      absent: 0,
    })
  })
})

describe('periods', () => {
  it('months, quarters, years and other lengths', () => {
    expect(periodOf(2026, 3, 1)).toEqual({ label: '2026-03', firstMonth: 3, lastMonth: 3 })
    expect(periodOf(2026, 3, 3)).toEqual({ label: '2026-Q1', firstMonth: 1, lastMonth: 3 })
    expect(periodOf(2026, 4, 3).label).toBe('2026-Q2')
    expect(periodOf(2026, 12, 3).label).toBe('2026-Q4')
    expect(periodOf(2026, 7, 12)).toEqual({ label: '2026', firstMonth: 1, lastMonth: 12 })
    expect(periodOf(2026, 8, 6).label).toBe('2026-M07-12')
  })
  it('a meeting counts in the Beijing month of its start', () => {
    // 2026-03-31 16:30 UTC is 2026-04-01 00:30 in Beijing: the second quarter.
    expect(meetingMonth('2026-03-31T16:30:00Z')).toEqual({ year: 2026, monthIndex: 3, month: '2026-04' })
    expect(meetingMonth('2026-03-31T15:59:59Z').month).toBe('2026-03')
    // New Year's Eve in UTC is already New Year in Beijing.
    expect(meetingMonth('2025-12-31T16:00:00Z')).toEqual({ year: 2026, monthIndex: 0, month: '2026-01' })
  })
})

describe('branch calendar', () => {
  const s = DEFAULT_SETTINGS
  const held = (kind: keyof HeldByMonth, months: number[]): HeldByMonth => ({
    [kind]: Array.from({ length: 12 }, (_, i) => (months.includes(i + 1) ? 1 : 0)),
  })
  const assembly = (h: HeldByMonth, year: number, now: string) =>
    branchCompliance(year, h, s, now).find((k) => k.kind === 'branch_assembly')!

  it('a quarter with its assembly is done; the next quarter starts due at Beijing midnight, not UTC midnight', () => {
    const h = held('branch_assembly', [2])
    expect(assembly(h, 2026, '2026-03-31T15:59:59Z')).toMatchObject({
      status: 'done',
      heldThisPeriod: 1,
      missed: [],
      current: { label: '2026-Q1' },
    })
    const q2 = assembly(h, 2026, '2026-03-31T16:00:00Z') // 2026-04-01 00:00 Beijing
    expect(q2).toMatchObject({
      status: 'due',
      heldThisPeriod: 0,
      missed: [],
      periodsElapsed: 2,
      periodsHeld: 1,
      current: { label: '2026-Q2' },
    })
  })

  it('a quarter that ended without an assembly is overdue until the current one has one', () => {
    const none = assembly({}, 2026, '2026-04-15T00:00:00Z')
    expect(none).toMatchObject({ status: 'overdue', missed: ['2026-Q1'] })
    const caughtUp = assembly(held('branch_assembly', [4]), 2026, '2026-04-15T00:00:00Z')
    expect(caughtUp).toMatchObject({ status: 'done', missed: ['2026-Q1'], periodsHeld: 1 })
  })

  it('year end in Beijing: December 31 16:00 UTC is already next year; last year is judged as a whole', () => {
    const h = held('branch_assembly', [2, 5, 8])
    const lastYearAtNewYear = assembly(h, 2025, '2025-12-31T16:00:00Z')
    expect(lastYearAtNewYear).toMatchObject({
      status: 'overdue',
      missed: ['2025-Q4'],
      periodsElapsed: 4,
      periodsHeld: 3,
      heldThisYear: 3,
    })
    const stillDecember = assembly(h, 2025, '2025-12-31T15:59:59Z')
    expect(stillDecember).toMatchObject({ status: 'due', missed: [], current: { label: '2025-Q4' } })
    const newYear = assembly({}, 2026, '2025-12-31T16:00:00Z')
    expect(newYear).toMatchObject({ status: 'due', periodsElapsed: 1, missed: [], current: { label: '2026-Q1' } })
  })

  it('monthly kinds: the committee missed in February shows overdue in March until held', () => {
    const h = held('branch_committee', [1])
    const c = branchCompliance(2026, h, s, '2026-03-05T00:00:00Z').find((k) => k.kind === 'branch_committee')!
    expect(c).toMatchObject({ status: 'overdue', missed: ['2026-02'], intervalMonths: 1 })
    const yearly = branchCompliance(2026, {}, s, '2026-03-05T00:00:00Z').find((k) => k.kind === 'org_life')!
    expect(yearly).toMatchObject({ status: 'due', current: { label: '2026' }, missed: [] })
  })

  it('follows the settings: a county that asks for the lesson monthly gets monthly periods', () => {
    const c = branchCompliance(2026, {}, { ...s, partyLessonIntervalMonths: 1 }, '2026-05-05T00:00:00Z').find(
      (k) => k.kind === 'party_lesson',
    )!
    expect(c.current.label).toBe('2026-05')
    expect(c.missed).toEqual(['2026-01', '2026-02', '2026-03', '2026-04'])
  })

  it('a future year has nothing due yet', () => {
    expect(assembly({}, 2027, '2026-05-05T00:00:00Z')).toMatchObject({ status: 'due', periodsElapsed: 0, missed: [] })
  })
})

describe('the six-month rule', () => {
  const m = (month: string, expected: number, attended: number, excused = 0) => ({ month, expected, attended, excused })
  it('counts consecutive months of unexcused absence ending at the latest month', () => {
    expect(
      consecutiveMissedMonths([m('2026-01', 2, 1), m('2026-02', 1, 0), m('2026-03', 2, 0), m('2026-04', 1, 0)]),
    ).toEqual({ count: 3, since: '2026-02' })
  })
  it('a month with any attendance or only excused absences ends the run; months without meetings are skipped', () => {
    expect(consecutiveMissedMonths([m('2026-01', 1, 0), m('2026-02', 1, 0, 1), m('2026-03', 1, 0)])).toEqual({
      count: 1,
      since: '2026-03',
    })
    expect(consecutiveMissedMonths([m('2026-01', 1, 0), m('2026-02', 0, 0), m('2026-03', 1, 0)])).toEqual({
      count: 2,
      since: '2026-01',
    })
    expect(consecutiveMissedMonths([m('2026-01', 2, 0, 1)])).toEqual({ count: 1, since: '2026-01' })
    expect(consecutiveMissedMonths([])).toEqual({ count: 0, since: undefined })
  })
  it('warns at 3 and at 5 months, never beyond the thresholds', () => {
    expect([0, 2, 3, 4, 5, 6].map((n) => warningLevel(n, [3, 5]))).toEqual([0, 0, 3, 3, 5, 5])
  })
})

describe('study target', () => {
  it('32 hours for members, 56 for the secretary and committee members', () => {
    expect(studyTarget(false, DEFAULT_SETTINGS)).toBe(32)
    expect(studyTarget(true, DEFAULT_SETTINGS)).toBe(56)
  })
})
