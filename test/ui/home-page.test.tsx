import { act, fireEvent, render, screen } from '@testing-library/react'
import type { Envelope } from '@common/errors'
import { setTransport } from '../../src/api/client'
import { networkError, type Transport } from '../../src/api/transport'
import HomePage from '../../src/pages/index'
import { calls, resetTaroMock } from '../mocks/taro'

function scripted(answers: Envelope<unknown>[]): { transport: Transport; sent: unknown[] } {
  const sent: unknown[] = []
  const transport: Transport = async (name, event) => {
    sent.push({ name, event })
    const next = answers.shift()
    if (!next) throw new Error('no scripted answer left')
    return next
  }
  return { transport, sent }
}

describe('首页', () => {
  let previous: Transport
  afterEach(() => {
    setTransport(previous)
    resetTaroMock()
  })

  it('calls system.ping and shows the Beijing time the server answered', async () => {
    const { transport, sent } = scripted([{ ok: true, data: { serverTime: '2026-03-01T16:30:00.000Z', beijingDate: '2026-03-02' } }])
    previous = setTransport(transport)
    render(<HomePage />)
    expect(await screen.findByText('服务已连接 · 北京时间 2026-03-02 00:30')).toBeTruthy()
    expect(sent).toEqual([{ name: 'system', event: { action: 'ping', data: {} } }])
  })

  it('shows a dropped network in Chinese and recovers on 重试', async () => {
    const { transport } = scripted([networkError(), { ok: true, data: { serverTime: '2026-03-01T04:00:00.000Z', beijingDate: '2026-03-01' } }])
    previous = setTransport(transport)
    render(<HomePage />)
    expect(await screen.findByText('网络不稳定，请检查网络后重试')).toBeTruthy()
    expect(screen.getByText('服务暂时无法连接')).toBeTruthy()
    await act(async () => fireEvent.click(screen.getByText('重试')))
    expect(await screen.findByText('服务已连接 · 北京时间 2026-03-01 12:00')).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('opens a feature area in its subpackage', async () => {
    previous = setTransport(scripted([networkError()]).transport)
    render(<HomePage />)
    fireEvent.click(screen.getByText('值班坐班'))
    expect(calls.navigateTo).toEqual([{ url: '/packages/duty/pages/index/index' }])
    await screen.findByRole('alert')
  })
})
