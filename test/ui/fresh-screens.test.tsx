import { act, render, screen } from '@testing-library/react'
import { setTransport } from '../../src/api/client'
import type { Transport } from '../../src/api/transport'
import GridHomePage from '../../src/packages/grid/pages/index'
import HomePage from '../../src/pages/index'
import { chooseVillage } from '../../src/state/village'
import { scriptedBackend as backend } from '../support/scripted-backend'
import { pageHide, pageShow, resetTaroMock } from '../mocks/taro'

let previous: Transport
afterEach(() => {
  setTransport(previous)
  resetTaroMock()
})

describe('screens that follow what happened elsewhere', () => {
  it('shows the visit just recorded when a member comes back to 党员联户', async () => {
    let visits = 0
    const { transport } = backend({
      'system.whoami': {
        ok: true,
        data: { bound: true, memberships: [{ villageId: 'v025', townshipId: 't03', roles: ['party_member'] }] },
      },
      'account.myProfile': {
        ok: true,
        data: { memberships: [{ level: 'village', unitId: 'v025', unitName: '邱铺村', roles: ['party_member'] }] },
      },
      'grid.myHouseholds': () => ({
        ok: true,
        data: {
          intervalDays: 30,
          yearTarget: 12,
          households: [
            { householdId: 'h1', number: '0012', headName: '李新', visitsThisYear: visits, due: visits ? 'ok' : 'due' },
          ],
        },
      }),
      'requests.mine': { ok: true, data: { requests: [] } },
    })
    previous = setTransport(transport)
    render(<GridHomePage />)
    expect(await screen.findByText(/今年 0 次/)).toBeTruthy()
    // 记走访 opens the visit page on top; the visit is recorded there; 返回.
    act(() => pageHide())
    visits = 1
    await act(async () => pageShow())
    expect(await screen.findByText(/今年 1 次/)).toBeTruthy()
  })

  it('shows the chosen village on 首页 as soon as a visitor chooses it', async () => {
    const { transport } = backend({
      'system.whoami': { ok: true, data: { bound: false, memberships: [] } },
      'system.ping': { ok: true, data: { serverTime: '2026-12-24T02:00:00.000Z', beijingDate: '2026-12-24' } },
      'org.villageBoard': {
        ok: true,
        data: {
          id: 'v031',
          name: '王庄村',
          kind: 'village',
          townshipName: '城郊乡',
          serviceCentre: { name: '王庄村党群服务中心', address: '村委会院内', phone: '0377-6600001' },
        },
      },
    })
    previous = setTransport(transport)
    render(<HomePage />)
    expect(await screen.findByText(/先到「我的」选择您所在的村/)).toBeTruthy()
    await act(async () => chooseVillage('v031'))
    expect(await screen.findByText('城郊乡 王庄村')).toBeTruthy()
    expect(screen.queryByText(/先到「我的」选择您所在的村/)).toBeNull()
  })
})
