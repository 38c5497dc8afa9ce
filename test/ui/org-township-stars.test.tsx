/**
 * 本乡镇的村 words a village's star level as the 五星 pages do: confirmed by the county, or measured (测算); below
 * 二星 "未达二星" (there is no 一星); last year's level apart.
 */
import { fireEvent, render, screen } from '@testing-library/react'
import { setTransport } from '../../src/api/client'
import type { Transport } from '../../src/api/transport'
import TownshipPage from '../../src/packages/org/pages/township'
import { scriptedBackend as backend } from '../support/scripted-backend'
import { resetTaroMock, setPageParams } from '../mocks/taro'

const village = (over: Record<string, unknown>) => ({
  id: 'v1',
  name: '邱铺村',
  kind: 'village',
  starLevel: 3,
  starLevelConfirmed: false,
  lastYearStarLevel: 2,
  householdCount: 300,
  registeredAdults: 800,
  partyMemberCount: 40,
  partyMembersAway: 5,
  gridCount: 4,
  boundCount: 100,
  ...over,
})

let previous: Transport
afterEach(() => {
  setTransport(previous)
  resetTaroMock()
})

it('shows confirmed and measured levels in the 五星 pages’ words, and filters below 二星', async () => {
  const { transport } = backend({
    'system.whoami': {
      ok: true,
      data: { bound: true, memberships: [{ townshipId: 't03', roles: ['township_organiser'] }] },
    },
    'org.listVillages': {
      ok: true,
      data: {
        township: { id: 't03', name: '城郊乡' },
        villages: [
          village({}),
          village({ id: 'v2', name: '黄岗村', starLevel: 4, starLevelConfirmed: true, lastYearStarLevel: 4 }),
          village({ id: 'v3', name: '冯楼村', starLevel: 0, lastYearStarLevel: 0 }),
        ],
      },
    },
  })
  previous = setTransport(transport)
  setPageParams({ townshipId: 't03' })
  render(<TownshipPage />)
  expect(await screen.findByText('3星（测算）')).toBeTruthy()
  expect(screen.getByText('4星（县确认）')).toBeTruthy()
  expect(screen.getByText('未达二星', { selector: '.org__stars' })).toBeTruthy()
  expect(screen.getByText('上年星级 2星')).toBeTruthy()
  expect(screen.queryByText('一星')).toBeNull()
  fireEvent.click(screen.getByText('未达二星', { selector: ':not(.org__stars)' }))
  expect(screen.getByText('找到 1 个')).toBeTruthy()
  expect(screen.queryByText('邱铺村')).toBeNull()
})
