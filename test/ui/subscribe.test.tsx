import { act, fireEvent, render, screen } from '@testing-library/react'
import type { Envelope } from '@common/errors'
import { SUBSCRIBE_TOPICS } from '@common/subscribe-topics'
import { setTransport } from '../../src/api/client'
import type { Transport } from '../../src/api/transport'
import {
  askToSubscribe,
  preloadSubscribeTemplates,
  resetSubscribeTemplates,
  subscribeIdsFor,
} from '../../src/state/subscribe'
import MeetingDetailPage from '../../src/packages/meetings/pages/detail'
import Taro from '../mocks/taro'
import { scriptedBackend, type Answer } from '../support/scripted-backend'
import { resetTaroMock, setPageParams, subscribeCalls, timeline } from '../mocks/taro'

const CONFIGURED = {
  meeting_notice: 'T-notice',
  meeting_reminder: 'T-remind',
  meeting_cancelled: 'T-cancel',
  request_reply: 'T-reply',
}

const backend = (answers: Record<string, Answer>) => scriptedBackend(answers, (key) => timeline.push(key))

let previous: Transport
let env: typeof process.env.TARO_ENV
beforeEach(() => {
  env = process.env.TARO_ENV
  process.env.TARO_ENV = 'weapp'
  resetSubscribeTemplates()
})
afterEach(() => {
  process.env.TARO_ENV = env
  if (previous) setTransport(previous)
  resetTaroMock()
})

describe('subscribe messages (订阅消息) asked from taps', () => {
  it('asks for the configured templates of a topic only, at most 3', async () => {
    const { transport } = backend({ 'system.subscribeTemplates': { ok: true, data: { templates: CONFIGURED } } })
    previous = setTransport(transport)
    await preloadSubscribeTemplates(1_000)
    expect(subscribeIdsFor('meetings')).toEqual(['T-notice', 'T-remind', 'T-cancel'])
    expect(subscribeIdsFor('requests')).toEqual(['T-reply'])
    expect(subscribeIdsFor('deliberation')).toEqual([])
    askToSubscribe('deliberation') // nothing configured: no dialog
    askToSubscribe('requests')
    expect(subscribeCalls).toEqual([{ tmplIds: ['T-reply'] }])
    for (const keys of Object.values(SUBSCRIBE_TOPICS)) expect(keys.length).toBeLessThanOrEqual(3)
  })

  it('keeps a fresh copy for a day and refetches an old one; offline keeps what it had', async () => {
    let answer: Envelope<unknown> = { ok: true, data: { templates: CONFIGURED } }
    const { transport, sent } = backend({ 'system.subscribeTemplates': () => answer })
    previous = setTransport(transport)
    await preloadSubscribeTemplates(1_000)
    resetSubscribeTemplates()
    await preloadSubscribeTemplates(1_000 + 3600_000) // from storage, no call
    expect(sent.map((c) => c.key)).toEqual(['system.subscribeTemplates'])
    expect(subscribeIdsFor('requests')).toEqual(['T-reply'])
    answer = { ok: false, error: { code: 'NETWORK', message: '网络不通' } }
    await preloadSubscribeTemplates(1_000 + 25 * 3600_000)
    expect(sent).toHaveLength(2)
    expect(subscribeIdsFor('requests')).toEqual(['T-reply'])
  })

  it('asks nothing in the H5 build (no subscribe messages in a browser)', async () => {
    const { transport, sent } = backend({ 'system.subscribeTemplates': { ok: true, data: { templates: CONFIGURED } } })
    previous = setTransport(transport)
    process.env.TARO_ENV = 'h5'
    await preloadSubscribeTemplates(1_000)
    askToSubscribe('meetings')
    expect(sent).toEqual([])
    expect(subscribeCalls).toEqual([])
  })

  it('a refusal or a failing WeChat never breaks the tap', async () => {
    const { transport } = backend({ 'system.subscribeTemplates': { ok: true, data: { templates: CONFIGURED } } })
    previous = setTransport(transport)
    await preloadSubscribeTemplates(1_000)
    const original = Taro.requestSubscribeMessage
    Taro.requestSubscribeMessage = () =>
      Promise.reject({ errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.' })
    try {
      expect(() => askToSubscribe('meetings')).not.toThrow()
      await Promise.resolve()
    } finally {
      Taro.requestSubscribeMessage = original
    }
  })

  it('signing in to a meeting asks for the meeting templates before anything is sent', async () => {
    setPageParams({ villageId: 'v025', meetingId: 'mt1' })
    const { transport } = backend({
      'system.subscribeTemplates': { ok: true, data: { templates: CONFIGURED } },
      'system.whoami': {
        ok: true,
        data: {
          bound: true,
          memberships: [{ villageId: 'v025', personId: 'p1', name: '王平', roles: ['party_member'] }],
        },
      },
      'meetings.getMeeting': {
        ok: true,
        data: {
          id: 'mt1',
          kind: 'branch_assembly',
          kindLabel: '支部党员大会',
          topic: '审议道路硬化方案',
          startsAt: '2026-11-27T01:00:00.000Z',
          endsAt: '2026-11-27T03:00:00.000Z',
          place: '会议室',
          remoteOpen: true,
          status: 'called',
          minutesLocked: false,
          expectedCount: 5,
          mine: { expected: true },
          agenda: '',
          chairName: '谢文凤',
          recorderName: '郑飞桂',
          studyHours: 0,
          window: { inPerson: 'open', remote: 'not_open' },
          tally: {
            expected: 5,
            expectedVoters: 4,
            present: 2,
            presentVoters: 2,
            inPerson: 1,
            remote: 1,
            onLeave: 1,
            absent: 2,
          },
          quorum: { applies: true, met: false, needed: 3, base: 4, present: 2, text: '' },
          attendees: [],
          canManage: false,
          votes: [],
        },
      },
      'meetings.signIn': { ok: true, data: { mode: 'in_person', at: '2026-11-27T01:02:00.000Z', already: false } },
    })
    previous = setTransport(transport)
    await preloadSubscribeTemplates(1_000)
    render(<MeetingDetailPage />)
    fireEvent.change(await screen.findByLabelText('签到码'), { target: { value: '123 456' } })
    timeline.length = 0
    await act(async () => fireEvent.click(screen.getByText('现场签到')))
    expect(await screen.findByText('签到成功')).toBeTruthy()
    expect(timeline.slice(0, 2)).toEqual(['requestSubscribeMessage', 'meetings.signIn'])
    expect(subscribeCalls).toEqual([{ tmplIds: ['T-notice', 'T-remind', 'T-cancel'] }])
  })
})
