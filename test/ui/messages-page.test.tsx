import { act, fireEvent, render, screen } from '@testing-library/react'
import type { Envelope } from '@common/errors'
import { setTransport } from '../../src/api/client'
import type { Transport } from '../../src/api/transport'
import MessagesPage from '../../src/pages/messages'
import { calls, resetTaroMock } from '../mocks/taro'

const notices = [
  {
    id: 'n-2',
    title: '请参加表决：修村道',
    lines: [{ label: '截止', value: '11月20日（周五）18:00' }],
    page: 'packages/deliberation/pages/matter/index?villageId=v025&matterId=m-1',
    at: '2026-11-18T02:00:00.000Z',
    read: false,
  },
  {
    id: 'n-1',
    title: '您已绑定微信',
    lines: [],
    page: 'pages/me/index',
    at: '2026-11-16T01:30:00.000Z',
    read: true,
  },
]

function backend(answers: Record<string, Envelope<unknown>>) {
  const sent: { key: string; data: unknown }[] = []
  const transport: Transport = async (name, event) => {
    const key = `${name}.${event.action}`
    sent.push({ key, data: event.data })
    const answer = answers[key]
    if (!answer) throw new Error(`no scripted answer for ${key}`)
    return answer
  }
  return { transport, sent }
}

describe('消息', () => {
  let previous: Transport
  afterEach(() => {
    setTransport(previous)
    resetTaroMock()
  })

  it('lists my notices newest first with human dates, and opens the thing a notice is about', async () => {
    const { transport, sent } = backend({
      'account.myNotices': { ok: true, data: { notices, unread: 1 } },
      'account.markNoticesRead': { ok: true, data: { marked: 1 } },
    })
    previous = setTransport(transport)
    render(<MessagesPage />)
    expect(await screen.findByText('1 条未读')).toBeTruthy()
    const titles = screen.getAllByText(/请参加表决|您已绑定微信/).map((e) => e.textContent)
    expect(titles).toEqual(['● 请参加表决：修村道', '您已绑定微信'])
    expect(screen.getByText('11月18日（周三）10:00')).toBeTruthy()
    expect(screen.queryByText(/2026-11-18T/)).toBeNull()
    await act(async () => fireEvent.click(screen.getByText(/请参加表决/)))
    expect(calls.navigateTo).toEqual([{ url: '/packages/deliberation/pages/matter/index?villageId=v025&matterId=m-1' }])
    expect(sent.find((s) => s.key === 'account.markNoticesRead')?.data).toEqual({ ids: ['n-2'] })
    expect(screen.getByText('全部已读')).toBeTruthy()
    // A notice about a tab page (我的) opens it as a tab.
    fireEvent.click(screen.getByText('您已绑定微信'))
    expect(calls.switchTab).toEqual([{ url: '/pages/me/index' }])
    // An already read notice is not marked again.
    expect(sent.filter((s) => s.key === 'account.markNoticesRead')).toHaveLength(1)
  })

  it('marks all read with one tap', async () => {
    const { transport, sent } = backend({
      'account.myNotices': { ok: true, data: { notices, unread: 1 } },
      'account.markNoticesRead': { ok: true, data: { marked: 1 } },
    })
    previous = setTransport(transport)
    render(<MessagesPage />)
    const button = await screen.findByText('全部标为已读')
    await act(async () => fireEvent.click(button))
    expect(sent.find((s) => s.key === 'account.markNoticesRead')?.data).toEqual({})
    expect(screen.getByText('全部已读')).toBeTruthy()
  })

  it('says so when there is nothing yet', async () => {
    previous = setTransport(backend({ 'account.myNotices': { ok: true, data: { notices: [], unread: 0 } } }).transport)
    render(<MessagesPage />)
    expect(await screen.findByText('还没有消息')).toBeTruthy()
  })
})
