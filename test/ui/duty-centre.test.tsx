import { render, screen, waitFor } from '@testing-library/react'
import type { CallEvent } from '@common/contract'
import type { Envelope } from '@common/errors'
import { setTransport } from '../../src/api/client'
import type { Transport } from '../../src/api/transport'
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
