import { fireEvent, render, screen } from '@testing-library/react'
import type { Envelope } from '@common/errors'
import { setTransport } from '../../api/client'
import type { Transport } from '../../api/transport'
import { calls, resetTaroMock } from '../../../test/mocks/taro'
import UnboundHelp, { INVITATION_STEPS } from '.'

const board: Envelope<unknown> = {
  ok: true,
  data: {
    id: 'v025',
    name: '邱铺村',
    kind: 'village',
    townshipName: '城郊乡',
    serviceCentre: { name: '邱铺村党群服务中心', address: '村委会院内', phone: '0377-66012345' },
  },
}

describe('UnboundHelp (the unbound visitor’s way forward)', () => {
  let previous: Transport
  beforeEach(() => {
    previous = setTransport(async () => board)
  })
  afterEach(() => {
    setTransport(previous)
    resetTaroMock()
  })

  it('calls the chosen village’s duty phone with one tap', async () => {
    render(<UnboundHelp villageId="v025" />)
    fireEvent.click(await screen.findByText('拨打值班电话 0377-66012345'))
    expect(calls.makePhoneCall).toEqual([{ phoneNumber: '0377-66012345' }])
    expect(screen.getByText(/邱铺村党群服务中心/)).toBeTruthy()
  })

  it('says who gives an invitation and what to bring, and leads to the code form in 我的', () => {
    render(<UnboundHelp />)
    for (const step of INVITATION_STEPS) expect(screen.getByText(new RegExp(step.slice(0, 12)))).toBeTruthy()
    expect(screen.getByText(/身份证/)).toBeTruthy()
    // No village chosen yet: where to choose it, instead of a phone number.
    expect(screen.getByText(/先选择您所在的村/)).toBeTruthy()
    fireEvent.click(screen.getByText('我有邀请码，去输入'))
    expect(calls.switchTab).toEqual([{ url: '/pages/me/index' }])
  })

  it('leaves out the phone and the button where the page has them already', () => {
    render(<UnboundHelp villageId="v025" showPhone={false} showEnterCode={false} />)
    expect(screen.queryByText(/拨打值班电话/)).toBeNull()
    expect(screen.queryByText('我有邀请码，去输入')).toBeNull()
  })
})
