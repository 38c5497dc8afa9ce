import { act, fireEvent, render, screen } from '@testing-library/react'
import type { Envelope } from '@common/errors'
import { setTransport } from '../../src/api/client'
import { networkError, type Transport } from '../../src/api/transport'
import HomePage from '../../src/pages/index'
import { calls, resetTaroMock } from '../mocks/taro'

type Answers = Record<string, Envelope<unknown> | Envelope<unknown>[]>

/** Answers each `function.action` from a script; a list answers successive calls in order. */
function scripted(answers: Answers): { transport: Transport; sent: string[] } {
  const sent: string[] = []
  const transport: Transport = async (name, event) => {
    const key = `${name}.${event.action}`
    sent.push(key)
    const answer = answers[key]
    if (!answer) throw new Error(`no scripted answer for ${key}`)
    return Array.isArray(answer) ? (answer.length > 1 ? answer.shift()! : answer[0]!) : answer
  }
  return { transport, sent }
}

const unbound: Answers = {
  'system.whoami': { ok: true, data: { bound: false, memberships: [] } },
  'account.myProfile': { ok: false, error: { code: 'UNAUTHENTICATED', message: '请先绑定身份后再使用此功能' } },
  'org.needsSetup': { ok: true, data: { needed: false, codeConfigured: true } },
}

const secretary: Answers = {
  'system.summary': { ok: true, data: { ballotsToVote: 0, unreadNotices: 0 } },
  'org.needsSetup': { ok: true, data: { needed: false, codeConfigured: true } },
  'system.whoami': {
    ok: true,
    data: {
      bound: true,
      memberships: [{ villageId: 'v025', townshipId: 't03', roles: ['branch_secretary', 'party_member'] }],
    },
  },
  'account.myProfile': {
    ok: true,
    data: {
      memberships: [
        {
          level: 'village',
          unitId: 'v025',
          unitName: '邱铺村',
          townshipName: '城郊乡',
          name: '谢文凤',
          roles: ['branch_secretary', 'party_member'],
        },
      ],
    },
  },
}

describe('首页', () => {
  let previous: Transport
  afterEach(() => {
    setTransport(previous)
    resetTaroMock()
  })

  it('shows the Beijing time the server answered', async () => {
    const { transport, sent } = scripted({
      ...unbound,
      'system.ping': { ok: true, data: { serverTime: '2026-03-01T16:30:00.000Z', beijingDate: '2026-03-02' } },
    })
    previous = setTransport(transport)
    render(<HomePage />)
    expect(await screen.findByText('服务已连接 · 北京时间 3月2日（周一）00:30')).toBeTruthy()
    expect(sent).toContain('system.ping')
  })

  it('greets a bound secretary by name and shows the work cards of the role', async () => {
    const { transport } = scripted({ ...secretary, 'system.ping': networkError() })
    previous = setTransport(transport)
    render(<HomePage />)
    expect(await screen.findByText('谢文凤，您好')).toBeTruthy()
    expect(screen.getByText('待办的群众诉求')).toBeTruthy()
    expect(screen.getByText('正在表决的议题')).toBeTruthy()
    expect(screen.queryByText('我有事要反映')).toBeNull()
  })

  it('sends an unbound user to 我的 to choose a village, and shows the public cards', async () => {
    const { transport } = scripted({ ...unbound, 'system.ping': networkError() })
    previous = setTransport(transport)
    render(<HomePage />)
    fireEvent.click(await screen.findByText(/先到「我的」选择您所在的村/))
    expect(calls.switchTab).toEqual([{ url: '/pages/me/index' }])
    expect(screen.getByText('我有事要反映')).toBeTruthy()
    expect(screen.queryByText('待办的群众诉求')).toBeNull()
  })

  it('shows a dropped network in Chinese and recovers on 重试', async () => {
    const { transport } = scripted({
      ...unbound,
      'system.ping': [
        networkError(),
        { ok: true, data: { serverTime: '2026-03-01T04:00:00.000Z', beijingDate: '2026-03-01' } },
      ],
    })
    previous = setTransport(transport)
    render(<HomePage />)
    expect(await screen.findByText('网络不稳定，请检查网络后重试')).toBeTruthy()
    expect(screen.getByText('服务暂时无法连接')).toBeTruthy()
    await act(async () => fireEvent.click(screen.getByText('重试')))
    expect(await screen.findByText('服务已连接 · 北京时间 3月1日（周日）12:00')).toBeTruthy()
  })

  it('leads the visitor of a deployment without a county to its one-time setup, and nobody else', async () => {
    const empty = scripted({
      ...unbound,
      'org.needsSetup': { ok: true, data: { needed: true, codeConfigured: true } },
      'system.ping': networkError(),
    })
    previous = setTransport(empty.transport)
    const view = render(<HomePage />)
    fireEvent.click(await screen.findByText('初始化本县 ›'))
    expect(calls.navigateTo).toEqual([{ url: '/packages/org/pages/setup/index' }])
    view.unmount()
    resetTaroMock()
    setTransport(scripted({ ...unbound, 'system.ping': networkError() }).transport)
    render(<HomePage />)
    expect(await screen.findByText('今天谁值班')).toBeTruthy()
    expect(screen.queryByText('初始化本县 ›')).toBeNull()
  })

  it('puts the counts of one summary call on the cards, and opens 消息 with a tap', async () => {
    const { transport, sent } = scripted({
      ...secretary,
      'system.ping': networkError(),
      'system.summary': { ok: true, data: { requestsOpen: 3, ballotsToVote: 1, unreadNotices: 2 } },
    })
    previous = setTransport(transport)
    render(<HomePage />)
    expect(await screen.findByText('待办 3 件')).toBeTruthy()
    expect(screen.getByText('1 个议题待表决')).toBeTruthy()
    expect(screen.getByText('2 条未读')).toBeTruthy()
    expect(sent.filter((k) => k === 'system.summary')).toHaveLength(1)
    fireEvent.click(screen.getByText('消息'))
    expect(calls.navigateTo).toEqual([{ url: '/pages/messages/index' }])
  })

  it('shows no badge where nothing is waiting', async () => {
    const { transport } = scripted({
      ...secretary,
      'system.ping': networkError(),
      'system.summary': { ok: true, data: { requestsOpen: 0, ballotsToVote: 0, unreadNotices: 0 } },
    })
    previous = setTransport(transport)
    render(<HomePage />)
    expect(await screen.findByText('待办的群众诉求')).toBeTruthy()
    expect(screen.queryByText(/待办 \d+ 件|个议题待表决|条未读/)).toBeNull()
  })

  it('shows an unbound visitor how to get an invitation instead of a dead end', async () => {
    previous = setTransport(scripted({ ...unbound, 'system.ping': networkError() }).transport)
    render(<HomePage />)
    expect(await screen.findByText('想在手机上办村里的事？先绑定身份')).toBeTruthy()
    expect(screen.getByText(/身份证/)).toBeTruthy()
    fireEvent.click(screen.getByText('我有邀请码，去输入'))
    expect(calls.switchTab).toEqual([{ url: '/pages/me/index' }])
    expect(screen.queryByText('消息')).toBeNull()
  })

  it('opens a card in its feature subpackage', async () => {
    previous = setTransport(scripted({ ...unbound, 'system.ping': networkError() }).transport)
    render(<HomePage />)
    fireEvent.click(await screen.findByText('今天谁值班'))
    expect(calls.navigateTo).toEqual([{ url: '/packages/duty/pages/index/index' }])
  })
})
