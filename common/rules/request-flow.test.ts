import {
  allowedActions,
  HANDLING_LEVELS,
  isOpen,
  overdue,
  REQUEST_ACTIONS,
  REQUEST_STATUSES,
  transition,
  type HandlingLevel,
  type RequestAction,
  type RequestActor,
  type RequestStatus,
} from './request-flow'

/** The lifecycle restated as a table, independently of the module's own tables. */
const LEGAL: Record<RequestAction, Partial<Record<RequestStatus, RequestStatus | 'up'>>> = {
  accept: { received: 'accepted' },
  start: { accepted: 'in_progress' },
  reply: { accepted: 'replied', in_progress: 'replied' },
  escalate: { received: 'up', accepted: 'up', in_progress: 'up' },
  rate: { replied: 'rated', closed: 'closed' },
  close: { replied: 'closed', rated: 'closed' },
}
const UP: Record<HandlingLevel, HandlingLevel | null> = { village: 'township', township: 'county', county: null }
const ACTORS: RequestActor[] = ['resident', 'village', 'township', 'county']

describe('every transition, legal and illegal', () => {
  const cases = REQUEST_STATUSES.flatMap((status) =>
    HANDLING_LEVELS.flatMap((level) =>
      REQUEST_ACTIONS.flatMap((action) => ACTORS.map((actor) => ({ status, level, action, actor }))),
    ),
  )
  it.each(cases)('$status at $level: $actor $action', ({ status, level, action, actor }) => {
    const result = transition({ status, level }, action, actor)
    const rightActor = action === 'rate' ? actor === 'resident' : actor === level
    const target = LEGAL[action][status]
    const legal = rightActor && target !== undefined && (target !== 'up' || UP[level] !== null)
    expect(result.ok).toBe(legal)
    if (result.ok) {
      expect(result.next).toEqual(
        target === 'up' ? { status: 'received', level: UP[level] } : { status: target, level },
      )
    } else {
      expect(result.message.length).toBeGreaterThan(0)
    }
  })

  it('never closes a request that was not answered', () => {
    for (const level of HANDLING_LEVELS)
      for (const status of ['received', 'accepted', 'in_progress'] as const) {
        const r = transition({ status, level }, 'close', level)
        expect(r).toEqual({ ok: false, message: '须先答复群众，才能办结' })
      }
  })

  it('lists the buttons a holder and a resident get', () => {
    expect(allowedActions({ status: 'received', level: 'village' }, 'village')).toEqual(['accept', 'escalate'])
    expect(allowedActions({ status: 'in_progress', level: 'township' }, 'township')).toEqual(['reply', 'escalate'])
    expect(allowedActions({ status: 'in_progress', level: 'county' }, 'county')).toEqual(['reply'])
    expect(allowedActions({ status: 'replied', level: 'village' }, 'resident')).toEqual(['rate'])
    expect(allowedActions({ status: 'replied', level: 'village' }, 'township')).toEqual([])
  })
})

describe('overdue', () => {
  const base = { level: 'village' as const, verifyBy: '2026-03-02T03:00:00Z', resolveBy: '2026-03-05T16:00:00Z' }
  it('flags an unverified request after the verify deadline', () => {
    expect(overdue({ ...base, status: 'received' }, new Date('2026-03-02T02:59:59Z'))).toBeNull()
    expect(overdue({ ...base, status: 'received' }, new Date('2026-03-02T03:00:00Z'))).toBe('verify')
    expect(overdue({ ...base, status: 'accepted' }, new Date('2026-03-02T04:00:00Z'))).toBeNull()
  })
  it('flags any open request after the resolve deadline, never an answered one', () => {
    expect(overdue({ ...base, status: 'in_progress' }, new Date('2026-03-05T16:00:00Z'))).toBe('resolve')
    expect(overdue({ ...base, status: 'received' }, new Date('2026-03-06T00:00:00Z'))).toBe('resolve')
    for (const status of ['replied', 'rated', 'closed'] as const)
      expect(overdue({ ...base, status }, new Date('2026-04-01T00:00:00Z'))).toBeNull()
    expect(isOpen('replied')).toBe(false)
  })
})
