import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { Envelope } from '@common/errors'
import { setTransport } from '../../src/api/client'
import type { Transport } from '../../src/api/transport'
import CouncilHomePage from '../../src/packages/council/pages/index'
import DeliberationHomePage from '../../src/packages/deliberation/pages/index'
import MeetingsTownshipPage from '../../src/packages/meetings/pages/township'
import HomePage from '../../src/pages/index'
import { resolveVillage, VILLAGE_KEY } from '../../src/state/village'
import type { Session } from '../../src/state/session'
import Taro from '@tarojs/taro'
import { scriptedBackend as backend } from '../support/scripted-backend'
import { resetTaroMock } from '../mocks/taro'

let previous: Transport
afterEach(() => {
  setTransport(previous)
  resetTaroMock()
})

const who = (memberships: unknown[]): Envelope<unknown> => ({
  ok: true,
  data: { bound: memberships.length > 0, memberships },
})
const profile = (roles: string[]): Envelope<unknown> => ({
  ok: true,
  data: { memberships: [{ level: 'village', unitId: 'v025', unitName: '邱铺村', name: '谢文凤', roles }] },
})
const empty = { ok: true, data: { matters: [], ballots: [], total: 0 } } as Envelope<unknown>
const board: Envelope<unknown> = {
  ok: true,
  data: {
    villageName: '王庄村',
    year: 2026,
    events: 0,
    weddings: 0,
    funerals: 0,
    others: 0,
    completed: 0,
    within: 0,
    savedFen: null,
    savingsNote: '',
    standard: {
      version: 0,
      effectiveFrom: '',
      rules: '',
      wedding: {
        betrothalGiftCapFen: 0,
        engagementGuestsCap: 0,
        carsCap: 0,
        tablesCap: 0,
        tableCostCapFenRural: 0,
        tableCostCapFenTown: 0,
        giftMoneyCapFen: 0,
      },
      funeral: { daysCap: 0, tablesCap: 0, tableCostCapFen: 0, reportDeadlineHours: 24, reportToTownship: false },
    },
  },
}

describe('the village in view', () => {
  it('lets a bound villager representative reach the open votes of their own village with no link and no choice', async () => {
    const { transport, sent } = backend({
      'system.whoami': who([{ villageId: 'v025', townshipId: 't03', roles: ['villager_representative', 'resident'] }]),
      'account.myProfile': profile(['villager_representative', 'resident']),
      'deliberation.myBallots': {
        ok: true,
        data: {
          ballots: [
            {
              windowId: 'w1',
              matterId: 'm1',
              title: '修建村东排水渠',
              meetingLabel: '村民代表会议',
              closesAt: '2026-12-24T10:00:00.000Z',
              voted: false,
            },
          ],
        },
      },
      'deliberation.listMatters': empty,
      'deliberation.publicBoard': empty,
    })
    previous = setTransport(transport)
    render(<DeliberationHomePage />)
    expect(await screen.findByText('修建村东排水渠')).toBeTruthy()
    expect(screen.queryByText(/选择村/)).toBeNull()
    expect(sent.find((s) => s.key === 'deliberation.myBallots')!.data.villageId).toBe('v025')
  })

  it('asks whoami once for all the pages that are open', async () => {
    const { transport, sent } = backend({
      'system.whoami': who([{ villageId: 'v025', townshipId: 't03', roles: ['resident'] }]),
      'account.myProfile': profile(['resident']),
      'system.ping': { ok: true, data: { serverTime: '2026-12-24T02:00:00.000Z', beijingDate: '2026-12-24' } },
      'deliberation.myBallots': { ok: true, data: { ballots: [] } },
      'deliberation.listMatters': empty,
      'deliberation.publicBoard': empty,
    })
    previous = setTransport(transport)
    render(
      <>
        <HomePage />
        <DeliberationHomePage />
      </>,
    )
    expect(await screen.findByText('谢文凤，您好')).toBeTruthy()
    await waitFor(() => expect(sent.some((s) => s.key === 'deliberation.publicBoard')).toBe(true))
    expect(sent.filter((s) => s.key === 'system.whoami')).toHaveLength(1)
  })

  it('gives an unbound visitor the village chooser on the page itself, and the page follows the choice', async () => {
    const { transport, sent } = backend({
      'system.whoami': who([]),
      'org.publicVillages': (event) => ({
        ok: true,
        data: {
          townships: [
            {
              id: 't03',
              name: '城郊乡',
              villages:
                (event.data as { townshipId?: string }).townshipId === 't03'
                  ? [{ id: 'v031', name: '王庄村', kind: 'village' }]
                  : [],
            },
          ],
        },
      }),
      'council.board': board,
      'council.getCouncil': { ok: false, error: { code: 'UNAUTHENTICATED', message: '请先绑定身份后再使用此功能' } },
    })
    previous = setTransport(transport)
    render(<CouncilHomePage />)
    fireEvent.click(await screen.findByText('城郊乡'))
    fireEvent.click(await screen.findByText('王庄村'))
    expect(await screen.findByText('王庄村 移风易俗')).toBeTruthy()
    expect(Taro.getStorageSync(VILLAGE_KEY)).toBe('v031')
    expect(sent.find((s) => s.key === 'council.board')!.data.villageId).toBe('v031')
  })

  it('opens 三会一课落实 on the township organiser’s own township', async () => {
    const { transport, sent } = backend({
      'system.whoami': who([{ townshipId: 't03', roles: ['township_organiser'] }]),
      'account.myProfile': { ok: true, data: { memberships: [] } },
      'meetings.townshipCompliance': { ok: true, data: { quarter: '2026-Q4', villages: [] } },
    })
    previous = setTransport(transport)
    render(<MeetingsTownshipPage />)
    await waitFor(() =>
      expect(sent.filter((s) => s.key === 'meetings.townshipCompliance').map((s) => s.data.townshipId)).toContain(
        't03',
      ),
    )
  })
})

describe('resolveVillage', () => {
  const session = (memberships: Session['memberships']): Session => ({
    loading: false,
    bound: memberships.length > 0,
    memberships,
    reload: () => undefined,
  })
  const member = session([
    { villageId: 'v1', townshipId: 't1', roles: ['party_member'] },
    { villageId: 'v2', townshipId: 't1', roles: ['resident'] },
  ])

  it('takes a bound person’s own village, or the one of theirs they chose — never a stranger’s', () => {
    expect(resolveVillage(member, '', '').villageId).toBe('v1')
    expect(resolveVillage(member, '', 'v2').villageId).toBe('v2')
    expect(resolveVillage(member, '', 'v9').villageId).toBe('v1')
    expect(resolveVillage(member, '', 'v2').roles).toEqual(['resident'])
  })

  it('lets a shared link choose the village', () => {
    const view = resolveVillage(member, 'v7', 'v2')
    expect([view.villageId, view.source]).toEqual(['v7', 'link'])
    expect(view.roles).toEqual([])
  })

  it('gives an organiser the village they picked, with their organiser role and township', () => {
    const organiser = session([{ townshipId: 't3', roles: ['township_organiser'] }])
    expect(resolveVillage(organiser, '', '').villageId).toBe('')
    const view = resolveVillage(organiser, '', 'v5')
    expect([view.villageId, view.source, view.villageTownshipId]).toEqual(['v5', 'chosen', 't3'])
    expect(view.roles).toEqual(['township_organiser'])
  })

  it('gives an unbound visitor the village they chose', () => {
    expect(resolveVillage(session([]), '', 'v3').villageId).toBe('v3')
    expect(resolveVillage(session([]), '', '').source).toBe('none')
  })
})
