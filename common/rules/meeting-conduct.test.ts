import {
  attendeeState,
  callProblem,
  canManageMeeting,
  confirmProblem,
  historyState,
  materialProblem,
  meetingQuorum,
  meetingVoters,
  memberMonths,
  remoteProblem,
  shortNoticeProblem,
  studyDateProblem,
} from './meeting-conduct'
import type { ExpectedAttendee } from './meetings'

const NOW = new Date('2026-05-10T02:00:00Z') // 10:00 Beijing
const at = (iso: string) => new Date(iso)
const attendee = (personId: string, votes = true): ExpectedAttendee =>
  ({ personId, name: personId, votes, presence: 'home' }) as ExpectedAttendee

describe('calling a meeting', () => {
  const call = (startsAt: string, endsAt: string, extra: { kind?: string; gridId?: string } = {}) =>
    callProblem(
      {
        startsAt: at(startsAt),
        endsAt: at(endsAt),
        kind: (extra.kind ?? 'branch_assembly') as 'branch_assembly',
        gridId: extra.gridId,
      },
      NOW,
    )

  it('needs an end after the start, at most 12 hours, and a start not already past (5 minutes grace)', () => {
    expect(call('2026-05-12T01:00:00Z', '2026-05-12T03:00:00Z')).toBeUndefined()
    expect(call('2026-05-12T03:00:00Z', '2026-05-12T03:00:00Z')).toEqual({
      code: 'INVALID_ARGUMENT',
      message: '结束时间应晚于开始时间',
    })
    expect(call('2026-05-12T00:00:00Z', '2026-05-12T12:00:00Z')).toBeUndefined()
    expect(call('2026-05-12T00:00:00Z', '2026-05-12T12:00:01Z')?.message).toBe('一次会议不超过 12 小时')
    expect(call('2026-05-10T01:55:00Z', '2026-05-10T03:00:00Z')).toBeUndefined()
    expect(call('2026-05-10T01:54:59Z', '2026-05-10T03:00:00Z')).toEqual({
      code: 'FAILED_PRECONDITION',
      message: '开始时间已过，不能再召开',
    })
  })

  it('a 党小组会 names its group', () => {
    expect(call('2026-05-12T01:00:00Z', '2026-05-12T02:00:00Z', { kind: 'party_group' })?.message).toBe(
      '党小组会请选择党小组（网格）',
    )
    expect(call('2026-05-12T01:00:00Z', '2026-05-12T02:00:00Z', { kind: 'party_group', gridId: 'g1' })).toBeUndefined()
  })

  it('a notice shorter than the configured days needs a reason', () => {
    const inDays = (d: number) => new Date(NOW.getTime() + d * 86400_000)
    expect(shortNoticeProblem(inDays(3), NOW, 3)).toBeUndefined()
    expect(shortNoticeProblem(inDays(2.9), NOW, 3)).toEqual({
      code: 'FAILED_PRECONDITION',
      message: '应至少提前 3 天通知；如确需临时召开，请填写原因',
    })
    expect(shortNoticeProblem(inDays(0.5), NOW, 3, '紧急传达上级文件')).toBeUndefined()
    expect(shortNoticeProblem(inDays(0.5), NOW, 0)).toBeUndefined()
  })
})

describe('who manages a meeting', () => {
  const meeting = { chairPersonId: 'chair', recorderPersonId: 'rec' }
  it('the chair, the recorder and the branch cadres; not another member or an organiser without a role here', () => {
    expect(canManageMeeting(meeting, { personId: 'chair', roles: ['party_member'] })).toBe(true)
    expect(canManageMeeting(meeting, { personId: 'rec', roles: ['party_member'] })).toBe(true)
    expect(canManageMeeting(meeting, { personId: 'x', roles: ['branch_committee_member'] })).toBe(true)
    expect(canManageMeeting(meeting, { roles: ['first_secretary'] })).toBe(true)
    expect(canManageMeeting(meeting, { personId: 'x', roles: ['party_member'] })).toBe(false)
    expect(canManageMeeting(meeting, { roles: ['township_organiser'] })).toBe(false)
  })
})

describe('votes and the live quorum', () => {
  const expected = [
    attendee('a'),
    attendee('b'),
    attendee('c'),
    attendee('mobile', false),
    attendee('probation', false),
  ]
  const settings = {}

  it('at the 支部党员大会 only members with a vote count; at the committee everyone; other kinds do not vote', () => {
    expect(meetingVoters('branch_assembly', expected)).toEqual({
      quorumKind: 'party_assembly',
      voters: expected.slice(0, 3),
    })
    expect(meetingVoters('branch_committee', expected)?.voters).toHaveLength(5)
    expect(meetingVoters('party_lesson', expected)).toBeUndefined()
  })

  it('the assembly needs more than half of the members with a vote present', () => {
    const m = { kind: 'branch_assembly' as const, expected, quorumSettings: settings }
    expect(meetingQuorum(m, 2, 3)).toMatchObject({ applies: true, met: true, needed: 2, base: 3, present: 2 })
    expect(meetingQuorum(m, 1, 3)).toMatchObject({ applies: true, met: false, needed: 2, base: 3, present: 1 })
  })

  it('the committee counts against everyone expected; a 党课 has no quorum', () => {
    const committee = { kind: 'branch_committee' as const, expected: expected.slice(0, 4), quorumSettings: settings }
    expect(meetingQuorum(committee, 9, 3)).toMatchObject({ applies: true, base: 4, present: 4, met: true })
    const lesson = { kind: 'party_lesson' as const, expected, quorumSettings: settings }
    expect(meetingQuorum(lesson, 1, 3)).toEqual({
      applies: false,
      met: true,
      needed: 0,
      base: 3,
      present: 1,
      text: '本类会议没有法定到会人数要求',
    })
  })
})

describe('attendee states', () => {
  it('signed in beats leave; approved leave is leave, pending is asked, refused is absent', () => {
    expect(attendeeState('remote', 'approved')).toBe('remote')
    expect(attendeeState(undefined, 'approved')).toBe('leave')
    expect(attendeeState(undefined, 'pending')).toBe('leave_pending')
    expect(attendeeState(undefined, 'refused')).toBe('absent')
    expect(attendeeState(undefined, undefined)).toBe('absent')
    expect(historyState('in_person', undefined)).toBe('in_person')
    expect(historyState(undefined, 'approved')).toBe('leave')
    expect(historyState(undefined, 'pending')).toBe('absent')
  })
})

describe('the six-month rule: months per member', () => {
  it('groups each expected member’s meetings by Beijing month in time order, attended before excused', () => {
    const meetings = [
      // Listed out of order; 2026-03-31T17:00Z is already April in Beijing.
      { _id: 'm3', startsAt: at('2026-03-31T17:00:00Z'), expected: [attendee('a'), attendee('b')] },
      { _id: 'm1', startsAt: at('2026-02-10T02:00:00Z'), expected: [attendee('b'), attendee('a')] },
      { _id: 'm2', startsAt: at('2026-02-20T02:00:00Z'), expected: [attendee('a')] },
    ]
    const attended = new Set(['m1:a', 'm3:b'])
    const excused = new Set(['m2:a', 'm3:b', 'm1:b'])
    const out = memberMonths(
      meetings,
      (m, p) => attended.has(`${m}:${p}`),
      (m, p) => excused.has(`${m}:${p}`),
    )
    expect(out.map((r) => r.who.personId)).toEqual(['b', 'a'])
    expect(out[0]!.months).toEqual([
      { month: '2026-02', expected: 1, attended: 0, excused: 1 },
      { month: '2026-04', expected: 1, attended: 1, excused: 0 },
    ])
    expect(out[1]!.months).toEqual([
      { month: '2026-02', expected: 2, attended: 1, excused: 1 },
      { month: '2026-04', expected: 1, attended: 0, excused: 0 },
    ])
    expect(
      memberMonths(
        [],
        () => true,
        () => true,
      ),
    ).toEqual([])
  })
})

describe('study declarations and materials', () => {
  it('a declared date is not after today (Beijing) and in this year', () => {
    expect(studyDateProblem('2026-05-10', NOW)).toBeUndefined()
    expect(studyDateProblem('2026-01-01', NOW)).toBeUndefined()
    expect(studyDateProblem('2026-05-11', NOW)?.message).toBe('不能申报今天以后的学习')
    expect(studyDateProblem('2025-12-31', NOW)?.message).toBe('只能申报今年的学习')
    // 16:30 UTC on 31 Dec is already 1 Jan in Beijing.
    expect(studyDateProblem('2027-01-01', at('2026-12-31T16:30:00Z'))).toBeUndefined()
  })

  it('each kind of material carries what it needs', () => {
    expect(materialProblem({ kind: 'text', body: '学习内容' })).toBeUndefined()
    expect(materialProblem({ kind: 'text', url: 'https://x' })?.message).toBe('文字资料请填写内容')
    expect(materialProblem({ kind: 'link', body: 'x' })?.message).toBe('链接资料请填写网址')
    expect(materialProblem({ kind: 'file' })?.message).toBe('云文件资料请先上传文件')
    expect(materialProblem({ kind: 'file', fileId: 'cloud://f' })).toBeUndefined()
  })
})

describe('confirming minutes: a meeting counts as held', () => {
  const committee = {
    kind: 'branch_committee' as const,
    endsAt: at('2026-05-10T01:00:00Z'),
    expected: [attendee('a'), attendee('b'), attendee('c')],
    quorumSettings: {},
  }

  it('refuses before the meeting has ended, at the end itself, and allows it just after', () => {
    const met = { present: 3, presentVoters: 3, expectedVoters: 3 }
    expect(confirmProblem(committee, met, at('2026-05-10T00:58:00Z'))?.message).toMatch(/还没结束/)
    expect(confirmProblem(committee, met, committee.endsAt)?.message).toMatch(/还没结束/)
    expect(confirmProblem(committee, met, at('2026-05-10T01:00:01Z'))).toBeUndefined()
  })

  it('a 支委会 with 0 members present, or without more than half of them, is not held', () => {
    expect(confirmProblem(committee, { present: 0, presentVoters: 0, expectedVoters: 3 }, NOW)).toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: expect.stringMatching(/没有人签到/),
    })
    expect(confirmProblem(committee, { present: 1, presentVoters: 1, expectedVoters: 3 }, NOW)?.message).toMatch(
      /未达到法定人数（须至少 2 人）/,
    )
    expect(confirmProblem(committee, { present: 2, presentVoters: 2, expectedVoters: 3 }, NOW)).toBeUndefined()
  })

  it('a 党课 has no quorum but still needs somebody there', () => {
    const lesson = { ...committee, kind: 'party_lesson' as const }
    expect(confirmProblem(lesson, { present: 0, presentVoters: 0, expectedVoters: 3 }, NOW)).toBeDefined()
    expect(confirmProblem(lesson, { present: 1, presentVoters: 1, expectedVoters: 3 }, NOW)).toBeUndefined()
  })
})

describe('online participation', () => {
  const home = { ...attendee('home'), presence: 'home' as const }
  const away = { ...attendee('away'), presence: 'away' as const }
  const mobile = { ...attendee('mobile', false), presence: 'mobile' as const }
  const meeting = { remoteOpen: true, expected: [home, away, mobile] }

  it('is for members the roster marks as away; members at home and 流动党员 are refused', () => {
    expect(remoteProblem(meeting, 'away')).toBeUndefined()
    expect(remoteProblem(meeting, 'home')?.message).toMatch(/仅限花名册登记为在外的党员/)
    expect(remoteProblem(meeting, 'mobile')).toBeDefined()
  })

  it('a member at home may, with an exception the secretary recorded for this meeting', () => {
    const excepted = {
      ...meeting,
      remoteExceptions: [{ personId: 'home', reason: '腿伤行动不便', at: NOW, byName: '书记' }],
    }
    expect(remoteProblem(excepted, 'home')).toBeUndefined()
    expect(remoteProblem(excepted, 'mobile')).toBeDefined()
  })

  it('nobody takes part online when the meeting is not open for it', () => {
    expect(remoteProblem({ ...meeting, remoteOpen: false }, 'away')?.message).toMatch(/不设线上参加/)
  })
})
