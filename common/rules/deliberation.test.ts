import {
  checkNotice,
  DAY_MS,
  isStuck,
  leftTheMethod,
  noticeDaysRequired,
  reminderAt,
  STEPS,
  transition,
  voteId,
  votingRoster,
  windowPhase,
  type MatterEvent,
  type MatterState,
  type MatterStatus,
  type Step,
} from './deliberation'
import { DEFAULT_SETTINGS } from './settings'

const s = (step: Step, status: MatterStatus = 'working'): MatterState => ({ step, status })

describe('state machine', () => {
  it('walks the six steps in order', () => {
    let state = s(1)
    state = (transition(state, { type: 'decide', step: 1, outcome: 'passed' }) as { state: MatterState }).state
    expect(state).toEqual(s(2))
    state = (transition(state, { type: 'decide', step: 2, outcome: 'passed' }) as { state: MatterState }).state
    expect(state).toEqual(s(3))
    for (const step of [3, 4] as const) {
      state = (transition(state, { type: 'open_voting', step }) as { state: MatterState }).state
      expect(state).toEqual(s(step, 'voting'))
      state = (transition(state, { type: 'close_voting', step, outcome: 'passed' }) as { state: MatterState }).state
    }
    expect(state).toEqual(s(5))
    state = (transition(state, { type: 'publish', step: 5 }) as { state: MatterState }).state
    state = (transition(state, { type: 'publish', step: 6 }) as { state: MatterState }).state
    expect(state).toEqual(s(6, 'completed'))
  })

  // Every event at every step and status: only the listed ones are allowed.
  const events = (step: Step): MatterEvent[] => [
    { type: 'decide', step, outcome: 'passed' },
    { type: 'decide', step, outcome: 'rejected' },
    { type: 'decide', step, outcome: 'returned' },
    { type: 'open_voting', step },
    { type: 'close_voting', step, outcome: 'passed' },
    { type: 'close_voting', step, outcome: 'returned' },
    { type: 'publish', step },
  ]
  const allowed = (state: MatterState, e: MatterEvent): boolean => {
    if (state.status === 'completed' || state.status === 'rejected' || state.status === 'withdrawn') return false
    if (e.type === 'repropose') return state.status === 'returned'
    if (state.status === 'returned') return false
    if (e.type === 'withdraw') return state.status !== 'voting'
    if (e.step !== state.step) return false
    if (e.type === 'decide') return state.step <= 2 && state.status === 'working'
    if (e.type === 'open_voting') return (state.step === 3 || state.step === 4) && state.status === 'working'
    if (e.type === 'close_voting') return state.status === 'voting'
    return (state.step === 5 || state.step === 6) && state.status === 'working'
  }

  it('refuses every illegal transition (all steps × statuses × events), with a reason', () => {
    const statuses: MatterStatus[] = ['working', 'voting', 'completed', 'rejected', 'returned', 'withdrawn']
    let refused = 0
    for (const step of STEPS) {
      for (const status of statuses) {
        if (status === 'voting' && step !== 3 && step !== 4) continue
        const state = s(step, status)
        const all: MatterEvent[] = [...STEPS.flatMap(events), { type: 'repropose' }, { type: 'withdraw' }]
        for (const e of all) {
          const r = transition(state, e)
          expect([`${step}/${status}/${JSON.stringify(e)}`, r.ok]).toEqual([
            `${step}/${status}/${JSON.stringify(e)}`,
            allowed(state, e),
          ])
          if (!r.ok) {
            refused++
            expect(r.reason).toMatch(/[\u4e00-\u9fa5]/)
          }
        }
      }
    }
    expect(refused).toBeGreaterThan(500)
  })

  it('a failed step ends the matter or sends it back; a returned matter is re-proposed at step 1', () => {
    expect(transition(s(2), { type: 'decide', step: 2, outcome: 'rejected' })).toEqual({
      ok: true,
      state: s(2, 'rejected'),
    })
    expect(transition(s(3, 'voting'), { type: 'close_voting', step: 3, outcome: 'returned' })).toEqual({
      ok: true,
      state: s(3, 'returned'),
    })
    expect(transition(s(3, 'returned'), { type: 'repropose' })).toEqual({ ok: true, state: s(1) })
    expect(transition(s(4, 'voting'), { type: 'withdraw' }).ok).toBe(false)
  })

  it('explains skipping and going back', () => {
    expect(transition(s(2), { type: 'publish', step: 5 })).toEqual({
      ok: false,
      reason: '须先完成第2步「两委商议」，不能跳到第5步',
    })
    expect(transition(s(4), { type: 'decide', step: 2, outcome: 'passed' })).toEqual({
      ok: false,
      reason: '第2步已完成，不能回头重做',
    })
  })
})

describe('voting roster', () => {
  const roster = [
    { id: 'a', name: '甲', roles: ['party_member'], party: { standing: 'full' as const, presence: 'home' as const } },
    { id: 'b', name: '乙', roles: ['party_member'], party: { standing: 'full' as const, presence: 'away' as const } },
    { id: 'c', name: '丙', roles: ['party_member'], party: { standing: 'full' as const, presence: 'mobile' as const } },
    {
      id: 'd',
      name: '丁',
      roles: ['party_member'],
      party: { standing: 'probationary' as const, presence: 'home' as const },
    },
    { id: 'e', name: '戊', roles: ['villager_representative'] },
    { id: 'f', name: '己', roles: ['village_committee_member', 'branch_secretary'] },
    { id: 'g', name: '庚', roles: ['resident'] },
    { id: 'h', name: '辛', roles: ['first_secretary'] },
    {
      id: 'i',
      name: '壬',
      roles: ['resident_cadre', 'party_member'],
      party: { standing: 'full' as const, presence: 'home' as const },
    },
  ]
  it('step 3: full members at home or away; not 流动党员, not 预备党员', () => {
    expect(votingRoster(3, null, roster).map((p) => p.id)).toEqual(['a', 'b', 'f', 'i'])
  })
  it('step 4: representatives and village committee; or every villager except outside cadres', () => {
    expect(votingRoster(4, 'representatives', roster).map((p) => p.id)).toEqual(['e', 'f'])
    expect(votingRoster(4, 'villagers', roster).map((p) => p.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'i'])
  })
})

describe('advance notice', () => {
  const now = new Date('2026-03-10T02:00:00Z')
  it('step 3 uses the local setting, a 村民会议 the statutory 10 days, a 村民代表会议 none', () => {
    expect(noticeDaysRequired(3, null, DEFAULT_SETTINGS)).toBe(3)
    expect(noticeDaysRequired(4, 'villagers', DEFAULT_SETTINGS)).toBe(10)
    expect(noticeDaysRequired(4, 'villagers', { ...DEFAULT_SETTINGS, villagersMeetingNoticeDays: 5 })).toBe(10)
    expect(noticeDaysRequired(4, 'representatives', DEFAULT_SETTINGS)).toBe(0)
  })
  it('refuses a window opened too early, to the millisecond', () => {
    expect(checkNotice(null, 3, now)).toMatchObject({ ok: false })
    expect(checkNotice(new Date(now.getTime() - 3 * DAY_MS + 1), 3, now)).toMatchObject({
      ok: false,
      earliest: new Date(now.getTime() + 1),
    })
    expect(checkNotice(new Date(now.getTime() - 3 * DAY_MS), 3, now)).toEqual({ ok: true })
    expect(checkNotice(null, 0, now)).toEqual({ ok: true })
  })
})

describe('window, reminders, supervision', () => {
  const openedAt = new Date('2026-03-10T00:00:00Z')
  const closesAt = new Date('2026-03-13T00:00:00Z')
  it('is open from its opening until (not including) its close, and closed once closed', () => {
    expect(windowPhase({ openedAt, closesAt }, new Date(openedAt.getTime() - 1))).toBe('closed')
    expect(windowPhase({ openedAt, closesAt }, openedAt)).toBe('open')
    expect(windowPhase({ openedAt, closesAt }, new Date(closesAt.getTime() - 1))).toBe('open')
    expect(windowPhase({ openedAt, closesAt }, closesAt)).toBe('closed')
    expect(windowPhase({ openedAt, closesAt, closedAt: openedAt }, openedAt)).toBe('closed')
  })
  it('reminds 24 h before the close, or halfway through short windows', () => {
    expect(reminderAt(openedAt, closesAt)).toEqual(new Date('2026-03-12T00:00:00Z'))
    expect(reminderAt(openedAt, new Date('2026-03-10T04:00:00Z'))).toEqual(new Date('2026-03-10T02:00:00Z'))
  })
  it('one vote id per (window, person)', () => {
    expect(voteId('w1', 'p1')).toBe(voteId('w1', 'p1'))
    expect(voteId('w1', 'p1')).not.toBe(voteId('w1', 'p2'))
  })
  it('stuck after the configured days; must-go matters that left the method', () => {
    const now = new Date('2026-04-20T00:00:00Z')
    expect(isStuck({ status: 'working', stepSince: new Date('2026-03-20T00:00:00Z') }, now, 30)).toBe(true)
    expect(isStuck({ status: 'working', stepSince: new Date('2026-03-21T00:00:00Z') }, now, 30)).toBe(false)
    expect(isStuck({ status: 'completed', stepSince: new Date('2020-01-01T00:00:00Z') }, now, 30)).toBe(false)
    expect(leftTheMethod({ status: 'withdrawn', category: 'homestead', passedSteps: [1, 2] })).toBe(true)
    expect(leftTheMethod({ status: 'withdrawn', category: 'other', passedSteps: [1] })).toBe(false)
    expect(leftTheMethod({ status: 'withdrawn', category: 'homestead', passedSteps: [1, 2, 3, 4] })).toBe(false)
    expect(leftTheMethod({ status: 'completed', category: 'homestead', passedSteps: [1, 2, 3, 4, 5, 6] })).toBe(false)
    expect(leftTheMethod({ status: 'completed', category: 'homestead', passedSteps: [1, 2, 4, 5, 6] })).toBe(true)
  })
})
