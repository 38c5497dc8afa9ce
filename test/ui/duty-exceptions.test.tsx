import { act, fireEvent, render, screen } from '@testing-library/react'
import type { Envelope } from '@common/errors'
import { setTransport } from '../../src/api/client'
import type { Transport } from '../../src/api/transport'
import CheckInPage from '../../src/packages/duty/pages/checkin'
import DutyExceptionsPage from '../../src/packages/duty/pages/exceptions'
import DutyHomePage from '../../src/packages/duty/pages/index'
import { gcj02ToWgs84 } from '../../src/packages/duty/shared/gcj02'
import { scriptedBackend as backend } from '../support/scripted-backend'
import { resetTaroMock, setLocation, setPageParams } from '../mocks/taro'

const whoami = (roles: string[]): Envelope<unknown> => ({
  ok: true,
  data: { bound: true, memberships: [{ villageId: 'v025', personId: 'p1', name: '谢文凤', roles }] },
})

let previous: Transport
beforeEach(() => setPageParams({ villageId: 'v025' }))
afterEach(() => {
  setTransport(previous)
  resetTaroMock()
})

describe('duty pages at their edges (issue 22)', () => {
  it('the public board marks a cadre who checked out as 已签退, never 已到岗 beside 现在没有干部签到在岗', async () => {
    const { transport } = backend({
      'system.whoami': whoami(['resident']),
      'duty.board': {
        ok: true,
        data: {
          villageName: '王庄村',
          serviceCentre: { name: '王庄村党群服务中心', address: '', phone: '0377-6600000' },
          date: '2026-11-27',
          onDutyNow: [],
          today: [
            { name: '郑飞桂', start: '08:30', end: '17:30', checkedIn: true, status: 'left' },
            { name: '卢丽福', start: '13:00', end: '17:30', checkedIn: false, status: 'not_in' },
          ],
        },
      },
    })
    previous = setTransport(transport)
    render(<DutyHomePage />)
    expect(await screen.findByText('现在没有干部签到在岗，有事请打值班电话')).toBeTruthy()
    expect(screen.getByText(/08:30–17:30 · 已签退/)).toBeTruthy()
    expect(screen.queryByText(/已到岗|在岗$/)).toBeNull()
  })

  it('lists the month’s exceptions for the secretary: who, when, which proof, why, and the allowance used', async () => {
    const { transport } = backend({
      'system.whoami': whoami(['party_member', 'branch_secretary']),
      'duty.exceptions': {
        ok: true,
        data: {
          month: '2026-11',
          cap: 4,
          entries: [
            {
              id: 'ci-20261126-p3:out',
              personId: 'p3',
              name: '郑飞桂',
              date: '2026-11-26',
              at: '2026-11-26T09:05:00.000Z',
              stage: 'check_out',
              missing: 'code',
              missingLabel: '无法扫码（屏幕坏了、停电等）',
              reason: '服务中心停电',
              distanceMetres: 35,
              usedThisMonth: 4,
            },
          ],
          punctuality: [
            {
              id: 'ci-20261125-p3',
              name: '郑飞桂',
              date: '2026-11-25',
              shiftStart: '08:30',
              shiftEnd: '17:30',
              checkedInAt: '2026-11-25T00:48:00.000Z',
              checkedOutAt: '2026-11-25T08:00:00.000Z',
              lateMinutes: 18,
              earlyMinutes: 90,
            },
          ],
        },
      },
    })
    previous = setTransport(transport)
    render(<DutyExceptionsPage />)
    expect(await screen.findByText('2026年11月例外签到（请核实）')).toBeTruthy()
    expect(screen.getByText(/郑飞桂 · 11月26日（周四）17:05 签退/)).toBeTruthy()
    expect(screen.getByText(/缺少：无法扫码（屏幕坏了、停电等）（报来的位置离中心约 35 米）/)).toBeTruthy()
    expect(screen.getByText('原因：服务中心停电')).toBeTruthy()
    expect(screen.getByText('本月 4/4 次')).toBeTruthy()
    expect(screen.getByText(/每人每月最多 4 次/)).toBeTruthy()
    expect(screen.getByText('迟到 18 分钟，早退 1 小时 30 分钟')).toBeTruthy()
  })

  it('tells the cadre at check-in that they came late against the shift', async () => {
    setLocation({ ...gcj02ToWgs84({ latitude: 32.449102, longitude: 112.507672 }), accuracy: 20 })
    const record = {
      id: 'ci-20261127-p1',
      date: '2026-11-27',
      kind: 'duty',
      checkedInAt: '2026-11-27T00:48:00.000Z',
      checkedOutAt: null,
      minutes: null,
      exception: false,
      exceptionMissing: null,
      exceptionReason: null,
      distanceMetres: 12,
      lateMinutes: 18,
      earlyMinutes: null,
      checkOutException: null,
      checkOutDistanceMetres: null,
    }
    const { transport } = backend({
      'system.whoami': whoami(['branch_committee_member']),
      'duty.myDuty': {
        ok: true,
        data: {
          date: '2026-11-27',
          shift: {
            id: 's',
            personId: 'p1',
            name: '谢文凤',
            start: '08:30',
            end: '17:30',
            checkedIn: false,
            checkedOut: false,
          },
          today: null,
          month: '2026-11',
          days: 0,
          hours: 0,
          records: [],
          residence: null,
        },
      },
      'duty.checkIn': { ok: true, data: { record } },
    })
    previous = setTransport(transport)
    render(<CheckInPage />)
    const locate = await screen.findByText('获取我的位置')
    await act(async () => fireEvent.click(locate))
    await screen.findByText(/已取得位置/)
    fireEvent.change(screen.getByLabelText('签到码'), { target: { value: '123456' } })
    await act(async () => fireEvent.click(screen.getByText('签到', { selector: 'button' })))
    expect(await screen.findByText('已签到（08:48）；比班次开始迟到 18 分钟，书记会看到')).toBeTruthy()
  })
})
