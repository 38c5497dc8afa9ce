import { FEATURE_AREAS } from '@/features'
import { cardBadges, homeCardsFor, unreadBadge } from './cards'

const keys = (...args: Parameters<typeof homeCardsFor>) => homeCardsFor(...args).map((c) => c.key)

describe('首页 cards by role', () => {
  it('show an unbound user the village public side only', () => {
    expect(keys({ bound: false, roles: [] })).toEqual(['duty-today', 'my-request', 'notices'])
  })

  it('give a branch secretary duty, requests, meetings, votes and the council — no resident-only cards', () => {
    const cards = keys({ bound: true, level: 'village', roles: ['branch_secretary', 'party_member'] })
    expect(cards).toEqual([
      'duty-today',
      'duty-check-in',
      'duty-exceptions',
      'requests-waiting',
      'meetings-coming',
      'votes-open',
      'visits-due',
      'council',
    ])
  })

  it('lead the secretary (not other cadres) to the duty exceptions page', () => {
    const secretary = homeCardsFor({ bound: true, level: 'village', roles: ['branch_secretary'] })
    expect(secretary.find((c) => c.key === 'duty-exceptions')?.path).toBe('/packages/duty/pages/exceptions/index')
    expect(keys({ bound: true, level: 'village', roles: ['village_committee_member'] })).not.toContain(
      'duty-exceptions',
    )
  })

  it('give a Party member working away their meetings and votes but no cadre work', () => {
    const cards = keys({ bound: true, level: 'village', roles: ['party_member'] })
    expect(cards).toContain('meetings-coming')
    expect(cards).toContain('votes-open')
    expect(cards).not.toContain('duty-check-in')
    expect(cards).not.toContain('requests-waiting')
  })

  it('give a resident the public side, their votes, filing a family event and a way to raise a matter', () => {
    expect(keys({ bound: true, level: 'village', roles: ['resident'] })).toEqual([
      'duty-today',
      'votes-open',
      'council',
      'my-request',
      'notices',
    ])
  })

  it('give a villager representative the open votes (the contract lets them vote)', () => {
    expect(keys({ bound: true, level: 'village', roles: ['villager_representative'] })).toContain('votes-open')
  })

  it('give township and county organisers their villages, not village duty', () => {
    for (const level of ['township', 'county'] as const) {
      const cards = keys({
        bound: true,
        level,
        roles: [level === 'township' ? 'township_organiser' : 'county_organiser'],
      })
      expect(cards).toEqual(['stars', 'requests-escalated', 'deliberation', 'meetings', 'duty', 'council'])
      // 三会一课落实 and the duty overview open the township page (the organiser's own, or a county pick), not a
      // village page that would need a village first.
      const paths = homeCardsFor({ bound: true, level, roles: [] }).map((c) => c.path)
      expect(paths).toContain('/packages/meetings/pages/township/index')
      expect(paths).toContain('/packages/duty/pages/township/index')
    }
  })

  it('open the township organiser\u2019s own township dashboard and the county organiser\u2019s county dashboard', () => {
    const stars = (viewer: Parameters<typeof homeCardsFor>[0]) =>
      homeCardsFor(viewer).find((c) => c.key === 'stars')!.path
    expect(stars({ bound: true, level: 'township', unitId: 't03', roles: ['township_organiser'] })).toBe(
      '/packages/stars/pages/township/index?townshipId=t03',
    )
    expect(stars({ bound: true, level: 'township', unitId: 't04', roles: ['township_organiser'] })).toBe(
      '/packages/stars/pages/township/index?townshipId=t04',
    )
    expect(stars({ bound: true, level: 'county', unitId: 'xinye', roles: ['county_organiser'] })).toBe(
      '/packages/stars/pages/county/index',
    )
    // Without a township id (profile still loading) the card falls back to the area's index, never a broken URL.
    expect(stars({ bound: true, level: 'township', roles: ['township_organiser'] })).toBe(
      '/packages/stars/pages/index/index',
    )
  })

  it('lead every card to a feature area page', () => {
    for (const c of homeCardsFor({
      bound: true,
      level: 'village',
      roles: ['branch_secretary', 'grid_leader', 'party_member'],
    })) {
      // A page registered in the card's own feature area (its home, or a page such as the duty exceptions).
      const m = /^\/packages\/([a-z]+)\/(pages\/[a-z]+\/index)$/.exec(c.path)
      expect(m?.[1]).toBe(c.area)
      expect(FEATURE_AREAS.find((a) => a.key === c.area)!.pages).toContain(m![2])
    }
  })
})

describe('首页 badges', () => {
  it('put the summary counts on the cards they open, and nothing where nothing waits', () => {
    expect(cardBadges({ requestsOpen: 3, ballotsToVote: 1, unreadNotices: 5 })).toEqual({
      'requests-waiting': '待办 3 件',
      'votes-open': '1 个议题待表决',
    })
    expect(cardBadges({ requestsOpen: 0, ballotsToVote: 0, unreadNotices: 0 })).toEqual({})
    expect(cardBadges({ ballotsToVote: 2, unreadNotices: 0 })).toEqual({ 'votes-open': '2 个议题待表决' })
    expect(cardBadges(undefined)).toEqual({})
  })

  it('name a badge key that is a card of the person who gets the count', () => {
    const secretary = keys({ bound: true, level: 'village', roles: ['branch_secretary', 'party_member'] })
    for (const key of Object.keys(cardBadges({ requestsOpen: 1, ballotsToVote: 1, unreadNotices: 0 })))
      expect(secretary).toContain(key)
  })

  it('count unread messages up to 99+', () => {
    expect(unreadBadge(0)).toBeUndefined()
    expect(unreadBadge(1)).toBe('1 条未读')
    expect(unreadBadge(99)).toBe('99 条未读')
    expect(unreadBadge(100)).toBe('99+ 条未读')
  })
})
