import {
  deadlineNoticesDue,
  levelAbove,
  noticeKey,
  resolveSoonFrom,
  RESOLVE_SOON_LEAD_HOURS,
  type RequestForReminders,
} from './request-reminders'

const H = 3_600_000
const raisedAt = new Date('2026-11-16T02:00:00.000Z')
const verifyBy = new Date(raisedAt.getTime() + 1 * H)
const resolveBy = new Date('2026-11-19T16:00:00.000Z')
const base: RequestForReminders = { status: 'received', level: 'village', raisedAt, verifyBy, resolveBy }
const kinds = (over: Partial<RequestForReminders>, now: Date | number) =>
  deadlineNoticesDue({ ...base, ...over }, now).map((d) => d.kind)

describe('deadline notices of a request', () => {
  it('warns the holder from the lead time before the reply deadline, not a millisecond earlier', () => {
    const soon = resolveBy.getTime() - RESOLVE_SOON_LEAD_HOURS * H
    expect(resolveSoonFrom(base).getTime()).toBe(soon)
    expect(kinds({ status: 'accepted' }, soon - 1)).toEqual([])
    expect(kinds({ status: 'accepted' }, soon)).toEqual(['resolve_soon'])
    expect(kinds({ status: 'accepted' }, resolveBy.getTime() - 1)).toEqual(['resolve_soon'])
  })

  it('counts the deadline as passed from its instant on, and tells the level above', () => {
    const due = deadlineNoticesDue({ ...base, status: 'in_progress' }, resolveBy)
    expect(due).toEqual([{ kind: 'resolve_passed', key: 'resolve_passed@village', escalate: true }])
  })

  it('a short term (same-day emergency) is reminded at half of it', () => {
    const r = { ...base, raisedAt: new Date(resolveBy.getTime() - 6 * H) }
    expect(resolveSoonFrom(r).getTime()).toBe(resolveBy.getTime() - 3 * H)
  })

  it('an unverified request past its verify deadline is reported, at the boundary', () => {
    expect(kinds({}, verifyBy.getTime() - 1)).toEqual([])
    expect(kinds({}, verifyBy)).toEqual(['verify_passed'])
    expect(kinds({ status: 'accepted' }, verifyBy)).toEqual([])
  })

  it('sends each once per level, and afresh after an escalation', () => {
    const sent = [noticeKey('resolve_passed', 'village'), noticeKey('verify_passed', 'village')]
    expect(kinds({ deadlineNotices: sent }, resolveBy)).toEqual([])
    expect(kinds({ deadlineNotices: sent, level: 'township' }, resolveBy)).toEqual(['resolve_passed', 'verify_passed'])
  })

  it('says nothing about an answered or closed request', () => {
    for (const status of ['replied', 'rated', 'closed'] as const) expect(kinds({ status }, resolveBy)).toEqual([])
  })

  it('reports upwards level by level', () => {
    expect([levelAbove('village'), levelAbove('township'), levelAbove('county')]).toEqual(['township', 'county', null])
  })
})
