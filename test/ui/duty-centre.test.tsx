import { act, render, screen, waitFor } from '@testing-library/react'
import type { CallEvent } from '@common/contract'
import type { Envelope } from '@common/errors'
import { setTransport } from '../../src/api/client'
import { networkError, type Transport } from '../../src/api/transport'
import CentreScreenPage from '../../src/packages/duty/pages/centre'
import { decodeRendered } from '../support/qr'
import Taro, { resetTaroMock, setPageParams } from '../mocks/taro'

const secretary: Envelope<unknown> = {
  ok: true,
  data: {
    bound: true,
    memberships: [{ villageId: 'v025', personId: 'p0', name: '谢文凤', roles: ['party_member', 'branch_secretary'] }],
  },
}
const TOKEN = 'screen-token-0123456789abcdef'

/** Two consecutive windows' codes as screenCode answers them (payloads shaped like the server's). */
const codes = [
  { digits: '123456', display: '123 456', payload: 'xzrc1.duty.v025.59012345.q0R4kTnW2uYbC8dX-_zA1g', secondsLeft: 0 },
  { digits: '654321', display: '654 321', payload: 'xzrc1.duty.v025.59012346.Zx9_bQ1-mR7tLw3eYh5uKA', secondsLeft: 30 },
]

let previous: Transport
beforeEach(() => setPageParams({ villageId: 'v025' }))
afterEach(() => {
  setTransport(previous)
  resetTaroMock()
})

describe('值班屏 (centre screen)', () => {
  it('shows the rotating code as a QR code that decodes to the server’s payload, and a new one when the code rotates', async () => {
    Taro.setStorageSync(`xz.dutyScreen.v025`, TOKEN)
    const sent: CallEvent[] = []
    let served = 0
    // The second code is held back until the test has read the first one.
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    previous = setTransport(async (name, event) => {
      if (name === 'system' && event.action === 'whoami') return secretary
      if (name === 'duty' && event.action === 'screenCode') {
        sent.push(event)
        if (served > 0) await held
        const code = codes[Math.min(served++, codes.length - 1)]!
        return {
          ok: true,
          data: {
            villageName: '邱铺村',
            centreName: '邱铺村党群服务中心',
            expiresAt: '2026-11-27T02:00:30.000Z',
            ...code,
          },
        }
      }
      return { ok: false, error: { code: 'INTERNAL', message: `no answer for ${name}.${event.action}` } }
    })
    render(<CentreScreenPage />)
    await waitFor(() => expect(screen.getByLabelText('签到码').textContent).toBe('123 456'))
    expect(decodeRendered(screen.getByRole('img', { name: '签到二维码' }))).toBe(codes[0]!.payload)
    // The first answer's window had 0 s left: the screen asks for the next code (300 ms later) and redraws.
    release()
    await waitFor(() => expect(screen.getByLabelText('签到码').textContent).toBe('654 321'), { timeout: 3000 })
    expect(decodeRendered(screen.getByRole('img', { name: '签到二维码' }))).toBe(codes[1]!.payload)
    expect(sent.map((e) => e.data)).toEqual([
      { villageId: 'v025', screenToken: TOKEN },
      { villageId: 'v025', screenToken: TOKEN },
    ])
  })
})

describe('值班屏 without the network, and once stopped', () => {
  afterEach(() => jest.useRealTimers())

  it('does not keep an expired code in big digits: it says the code has expired and needs the network, then recovers', async () => {
    jest.useFakeTimers()
    Taro.setStorageSync(`xz.dutyScreen.v025`, TOKEN)
    let online = true
    let served = 0
    previous = setTransport(async (name, event) => {
      if (name === 'system' && event.action === 'whoami') return secretary
      if (name === 'duty' && event.action === 'screenCode') {
        if (!online) return networkError()
        const code = codes[Math.min(served++, codes.length - 1)]!
        return {
          ok: true,
          data: {
            villageName: '邱铺村',
            centreName: '',
            expiresAt: '2026-11-27T02:00:30.000Z',
            ...code,
            secondsLeft: 2,
          },
        }
      }
      return { ok: false, error: { code: 'INTERNAL', message: `no answer for ${name}.${event.action}` } }
    })
    render(<CentreScreenPage />)
    await waitFor(() => expect(screen.getByLabelText('签到码').textContent).toBe('123 456'))
    online = false
    // The window ends, the next code cannot be fetched; a few seconds on, the old one is no longer valid.
    await act(async () => {
      jest.advanceTimersByTime(7000)
    })
    expect(screen.getByText('签到码已过期')).toBeTruthy()
    expect(screen.getByText(/没有网络，需要联网才能显示新的签到码/)).toBeTruthy()
    expect(screen.queryByLabelText('签到码')).toBeNull()
    expect(screen.queryByRole('img', { name: '签到二维码' })).toBeNull()
    expect(screen.queryByText('123 456')).toBeNull()

    online = true
    await act(async () => {
      jest.advanceTimersByTime(5000)
    })
    await waitFor(() => expect(screen.getByLabelText('签到码').textContent).toBe('654 321'))
    expect(screen.queryByText('签到码已过期')).toBeNull()
  })

  it('a screen the secretary stopped shows no code, and says why', async () => {
    Taro.setStorageSync(`xz.dutyScreen.v025`, TOKEN)
    previous = setTransport(async (name, event) => {
      if (name === 'system' && event.action === 'whoami') return secretary
      if (name === 'duty' && event.action === 'screenCode')
        return {
          ok: false,
          error: { code: 'NOT_FOUND', message: '这台设备不是本村的值班屏（或已停用），请书记重新设置' },
        }
      return { ok: false, error: { code: 'INTERNAL', message: `no answer for ${name}.${event.action}` } }
    })
    render(<CentreScreenPage />)
    expect(await screen.findByText('这台设备不是本村的值班屏（或已停用），请书记重新设置')).toBeTruthy()
    expect(screen.getByText('把这台设备设为值班屏')).toBeTruthy()
    expect(screen.queryByLabelText('签到码')).toBeNull()
    expect(Taro.getStorageSync('xz.dutyScreen.v025')).toBe('')
  })
})
