import { fireEvent, render, screen } from '@testing-library/react'
import type { Envelope } from '@common/errors'
import { setTransport } from '../../src/api/client'
import type { Transport } from '../../src/api/transport'
import NewMatterPage from '../../src/packages/deliberation/pages/new'
import DutyLogPage from '../../src/packages/duty/pages/log'
import { scriptedBackend as backend } from '../support/scripted-backend'
import { resetTaroMock, setPageParams } from '../mocks/taro'

const secretary: Envelope<unknown> = {
  ok: true,
  data: {
    bound: true,
    memberships: [{ villageId: 'v025', personId: 'p1', name: '谢文凤', roles: ['party_member', 'branch_secretary'] }],
  },
}

let previous: Transport
beforeEach(() => {
  localStorage.clear()
  setPageParams({ villageId: 'v025' })
})
afterEach(() => {
  setTransport(previous)
  resetTaroMock()
})

describe('warning while typing (issue 22, domain rules §8)', () => {
  it('the proposal form says an ID / mobile number will be covered, as soon as it is typed, in any writing', async () => {
    const { transport } = backend({ 'system.whoami': secretary })
    previous = setTransport(transport)
    render(<NewMatterPage />)
    const content = await screen.findByLabelText('议题内容')
    fireEvent.input(content, { target: { value: '为五保户修缮住房，预算 3 万元' } })
    expect(screen.queryByText(/会被遮挡/)).toBeNull()
    fireEvent.input(content, {
      target: { value: '为五保户修缮住房，户主身份证 411323 19750315 0001，电话１３８３８００１２３４' },
    })
    const warning = await screen.findByText(/会被遮挡/)
    expect(warning.textContent).toContain('身份证号、手机号')
    expect(warning.textContent).toContain('**************0001')
    fireEvent.input(content, { target: { value: '为五保户修缮住房' } })
    expect(screen.queryByText(/会被遮挡/)).toBeNull()
  })

  it('the duty log form warns the same way', async () => {
    const { transport } = backend({
      'system.whoami': secretary,
      'duty.listLogs': { ok: true, data: { entries: [] } },
      'duty.cadres': { ok: true, data: { cadres: [] } },
    })
    previous = setTransport(transport)
    render(<DutyLogPage />)
    const matter = await screen.findByLabelText('事项')
    fireEvent.input(matter, { target: { value: '来问低保，银行卡号 6222 0212 3456 7890 123' } })
    expect((await screen.findByText(/会被遮挡/)).textContent).toContain('银行卡号')
  })
})
