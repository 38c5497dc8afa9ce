import { render, screen } from '@testing-library/react'
import { decodeRendered, matrixFromDom } from '../../../test/support/qr'
import QrCode, { QUIET_ZONE_MODULES } from '.'
import { darkRuns, encodeQr } from './encode'

const PAYLOAD = 'xzrc1.duty.v025.59012345.q0R4kTnW2uYbC8dX-_zA1g'

describe('QrCode', () => {
  it('renders rows of dark runs that decode to the value, with a 4-module quiet zone, at least 260 px', () => {
    render(<QrCode value={PAYLOAD} label="签到二维码" />)
    const box = screen.getByRole('img', { name: '签到二维码' })
    expect(decodeRendered(box)).toBe(PAYLOAD)
    const { modules, modulePx, quietPx, widthPx } = matrixFromDom(box)
    expect(modules).toEqual(encodeQr(PAYLOAD).modules)
    expect(quietPx).toBe(QUIET_ZONE_MODULES * modulePx)
    expect(widthPx).toBeGreaterThanOrEqual(260)
    expect(Number.isInteger(modulePx)).toBe(true)
    // Consecutive dark modules are one View: as many Views per row as runs, never two touching.
    Array.from(box.children).forEach((row, y) => {
      const runs = Array.from(row.children) as HTMLElement[]
      expect(runs).toHaveLength(darkRuns(modules[y]!).length)
      runs.slice(1).forEach((run) => expect(parseInt(run.style.marginLeft, 10)).toBeGreaterThan(0))
    })
    expect(box.style.backgroundColor).toBe('rgb(255, 255, 255)')
  })

  it('follows its value and its size', () => {
    const { rerender } = render(<QrCode value={PAYLOAD} />)
    const next = PAYLOAD.replace('59012345', '59012346')
    rerender(<QrCode value={next} size={400} />)
    const box = screen.getByRole('img', { name: '二维码' })
    expect(decodeRendered(box)).toBe(next)
    expect(matrixFromDom(box).widthPx).toBeGreaterThanOrEqual(400)
    rerender(<QrCode value="乡治：党群服务中心" />)
    expect(decodeRendered(screen.getByRole('img'))).toBe('乡治：党群服务中心')
  })

  it('says so instead of drawing when the value cannot be encoded', () => {
    render(<QrCode value={'x'.repeat(3000)} />)
    expect(screen.queryByRole('img')).toBeNull()
    expect(screen.getByText('二维码无法显示，请使用数字码')).toBeTruthy()
  })
})
