import { fireEvent, render, screen } from '@testing-library/react'
import { decodeRendered } from '../../../test/support/qr'
import { calls, resetTaroMock } from '../../../test/mocks/taro'
import InvitationCard, { invitationScene } from '.'

const invitation = {
  name: '彭磊贵',
  code: 'ABCDEFGHJK',
  display: 'ABCDE-FGHJK',
  expiresAt: '2026-11-25T02:00:00.000Z',
}

describe('InvitationCard', () => {
  afterEach(resetTaroMock)

  it('shows the code once with its expiry in plain words, and copies it with one tap', () => {
    render(<InvitationCard {...invitation} />)
    expect(screen.getByText('ABCDE-FGHJK')).toBeTruthy()
    expect(screen.getByText(/给 彭磊贵 的邀请码（只显示这一次，11月25日（周三）前有效）/)).toBeTruthy()
    fireEvent.click(screen.getByText('复制邀请码'))
    expect(calls.setClipboardData).toEqual([{ data: 'ABCDE-FGHJK' }])
  })

  it('without a mini-program code (H5, the local cloud) draws a QR code that carries the code', () => {
    render(<InvitationCard {...invitation} />)
    expect(decodeRendered(screen.getByRole('img', { name: '邀请二维码' }))).toContain('c=ABCDEFGHJK')
  })

  it('shows the mini-program code the cloud made, within WeChat’s 32-character scene', () => {
    render(<InvitationCard {...invitation} qrImage="data:image/png;base64,iVBORw0KGgo=" />)
    expect(screen.getByLabelText('邀请小程序码').getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=')
    expect(screen.queryByRole('img', { name: '邀请二维码' })).toBeNull()
    expect(invitationScene(invitation.code).length).toBeLessThanOrEqual(32)
  })
})
