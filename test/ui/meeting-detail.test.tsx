import { act, fireEvent, render, screen } from '@testing-library/react'
import type { Envelope } from '@common/errors'
import { setTransport } from '../../src/api/client'
import { SAVED_OFFLINE_MESSAGE } from '../../src/api/draft'
import { networkError, type Transport } from '../../src/api/transport'
import MeetingDetailPage from '../../src/packages/meetings/pages/detail'
import { decodeRendered } from '../support/qr'
import { scriptedBackend as backend } from '../support/scripted-backend'
import { resetTaroMock, scanCalls, setPageParams, setScanResult } from '../mocks/taro'

const whoami = (roles: string[]): Envelope<unknown> => ({
  ok: true,
  data: { bound: true, memberships: [{ villageId: 'v025', personId: 'p1', name: '王平', roles }] },
})

const tally = {
  expected: 5,
  expectedVoters: 4,
  present: 2,
  presentVoters: 2,
  inPerson: 1,
  remote: 1,
  onLeave: 1,
  absent: 2,
}

/** A 支部党员大会 as getMeeting answers it; `over` changes parts. */
function meeting(over: Record<string, unknown> = {}): Envelope<unknown> {
  return {
    ok: true,
    data: {
      id: 'mt1',
      kind: 'branch_assembly',
      kindLabel: '支部党员大会',
      topic: '审议道路硬化方案',
      startsAt: '2026-11-27T01:00:00.000Z',
      endsAt: '2026-11-27T03:00:00.000Z',
      place: '村党群服务中心会议室',
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
      tally,
      quorum: {
        applies: true,
        met: false,
        needed: 3,
        base: 4,
        present: 2,
        text: '有表决权的到会人数 2，须达到应到会有表决权党员 4 的半数以上，即至少 3：未达到',
      },
      attendees: [],
      canManage: false,
      votes: [],
      ...over,
    },
  }
}

let previous: Transport
beforeEach(() => setPageParams({ villageId: 'v025', meetingId: 'mt1' }))
afterEach(() => {
  setTransport(previous)
  resetTaroMock()
})

describe('会议 page', () => {
  it('shows the quorum indicator and the numbers as the server counts them', async () => {
    const { transport } = backend({ 'system.whoami': whoami(['party_member']), 'meetings.getMeeting': meeting() })
    previous = setTransport(transport)
    render(<MeetingDetailPage />)
    expect(await screen.findByText('支部党员大会：审议道路硬化方案')).toBeTruthy()
    expect(screen.getByText('未达到法定人数')).toBeTruthy()
    expect(screen.getByText(/即至少 3：未达到/)).toBeTruthy()
    const panel = screen.getByText('应到').parentElement!.parentElement!
    expect([...panel.querySelectorAll('.mt__num')].map((n) => n.textContent)).toEqual(['5', '2', '1', '2'])
  })

  it('shows no red quorum warning before sign-in opens, only how many must come', async () => {
    const { transport } = backend({
      'system.whoami': whoami(['party_member']),
      'meetings.getMeeting': meeting({ window: { inPerson: 'not_open', remote: 'not_open' } }),
    })
    previous = setTransport(transport)
    render(<MeetingDetailPage />)
    expect(await screen.findByText('会议尚未开始签到')).toBeTruthy()
    expect(screen.queryByText('未达到法定人数')).toBeNull()
    expect(screen.getByText('开会时有表决权的党员至少 3 人到会，才能表决')).toBeTruthy()
  })

  it("shows the server's refusal of a leave request in Chinese and keeps the reason", async () => {
    const { transport } = backend({
      'system.whoami': whoami(['party_member']),
      'meetings.getMeeting': meeting(),
      'meetings.requestLeave': {
        ok: false,
        error: { code: 'FAILED_PRECONDITION', message: '会议已开始，不能再请假；请会后向支部书记说明' },
      },
    })
    previous = setTransport(transport)
    render(<MeetingDetailPage />)
    fireEvent.change(await screen.findByLabelText('请假原因'), { target: { value: '在县医院陪护老人' } })
    await act(async () => fireEvent.click(screen.getByText('请假', { selector: 'button' })))
    expect(await screen.findByText('会议已开始，不能再请假；请会后向支部书记说明')).toBeTruthy()
    expect((screen.getByLabelText('请假原因') as HTMLInputElement).value).toBe('在县医院陪护老人')
  })

  it('when the network drops at sign-in keeps the typed code, says it is saved, and a retry signs in', async () => {
    let offline = true
    let signedIn = false
    const { transport, sent } = backend({
      'system.whoami': whoami(['party_member']),
      'meetings.getMeeting': () => meeting(signedIn ? { mine: { expected: true, attended: 'in_person' } } : {}),
      'meetings.signIn': () => {
        if (offline) return networkError()
        signedIn = true
        return { ok: true, data: { mode: 'in_person', at: '2026-11-27T01:02:00.000Z', already: false } }
      },
    })
    previous = setTransport(transport)
    render(<MeetingDetailPage />)
    fireEvent.change(await screen.findByLabelText('签到码'), { target: { value: '318 274' } })
    await act(async () => fireEvent.click(screen.getByText('现场签到')))
    expect(await screen.findByText(SAVED_OFFLINE_MESSAGE)).toBeTruthy()
    expect((screen.getByLabelText('签到码') as HTMLInputElement).value).toBe('318 274')

    offline = false
    await act(async () => fireEvent.click(screen.getByText('现场签到')))
    expect(await screen.findByText('您已签到：现场参加')).toBeTruthy()
    const attempts = sent.filter((s) => s.key === 'meetings.signIn').map((s) => s.event.data)
    expect(attempts).toEqual([
      { villageId: 'v025', meetingId: 'mt1', mode: 'in_person', code: '318274' },
      { villageId: 'v025', meetingId: 'mt1', mode: 'in_person', code: '318274' },
    ])
  })

  it('the organiser shows the sign-in code as a QR code of the server’s payload, redrawn as it rotates', async () => {
    const payloads = [
      'xzrc1.meeting.mt1.59012345.q0R4kTnW2uYbC8dX-_zA1g',
      'xzrc1.meeting.mt1.59012346.Zx9_bQ1-mR7tLw3eYh5uKA',
    ]
    let served = 0
    const { transport } = backend({
      'system.whoami': whoami(['party_member', 'branch_secretary']),
      'meetings.getMeeting': meeting({ canManage: true, mine: { expected: true, attended: 'in_person' } }),
      'meetings.signInCode': () => {
        const i = Math.min(served++, 1)
        return {
          ok: true,
          data: {
            display: i ? '654 321' : '123 456',
            digits: i ? '654321' : '123456',
            payload: payloads[i]!,
            expiresAt: '2026-11-27T01:00:30.000Z',
            secondsLeft: 20,
          },
        }
      },
    })
    previous = setTransport(transport)
    // The page asks again every 15 s: the test runs that interval's callback itself instead of waiting.
    const setIntervalSpy = jest.spyOn(global, 'setInterval')
    try {
      render(<MeetingDetailPage />)
      const show = await screen.findByText('展示现场签到码')
      await act(async () => fireEvent.click(show))
      expect((await screen.findByLabelText('签到码')).textContent).toBe('123 456')
      expect(decodeRendered(screen.getByRole('img', { name: '签到二维码' }))).toBe(payloads[0])
      const refresh = setIntervalSpy.mock.calls.find(([, ms]) => ms === 15_000)![0] as () => void
      await act(async () => refresh())
      expect((await screen.findByText('654 321')).getAttribute('aria-label')).toBe('签到码')
      expect(decodeRendered(screen.getByRole('img', { name: '签到二维码' }))).toBe(payloads[1])
    } finally {
      setIntervalSpy.mockRestore()
    }
  })

  it('in WeChat a member signs in by scanning the QR code: the payload is sent as the code', async () => {
    const env = process.env.TARO_ENV
    process.env.TARO_ENV = 'weapp'
    try {
      const payload = 'xzrc1.meeting.mt1.59012345.q0R4kTnW2uYbC8dX-_zA1g'
      setScanResult(payload)
      const { transport, sent } = backend({
        'system.whoami': whoami(['party_member']),
        'meetings.getMeeting': meeting(),
        'meetings.signIn': { ok: true, data: { mode: 'in_person', at: '2026-11-27T01:02:00.000Z', already: false } },
      })
      previous = setTransport(transport)
      render(<MeetingDetailPage />)
      const scan = await screen.findByText('扫码签到')
      await act(async () => fireEvent.click(scan))
      expect(scanCalls).toEqual([{ onlyFromCamera: true, scanType: ['qrCode'] }])
      await act(async () => fireEvent.click(screen.getByText('现场签到')))
      expect(await screen.findByText('签到成功')).toBeTruthy()
      expect(sent.find((s) => s.key === 'meetings.signIn')!.event.data).toEqual({
        villageId: 'v025',
        meetingId: 'mt1',
        mode: 'in_person',
        code: payload,
      })
    } finally {
      process.env.TARO_ENV = env
    }
  })

  it('lets the secretary approve a pending leave', async () => {
    const { transport, sent } = backend({
      'system.whoami': whoami(['party_member', 'branch_secretary']),
      'meetings.getMeeting': meeting({
        canManage: true,
        mine: { expected: true, attended: 'in_person' },
        attendees: [
          {
            personId: 'p7',
            name: '卢丽福',
            votes: true,
            presence: 'home',
            state: 'leave_pending',
            leaveReason: '外出送货',
          },
        ],
      }),
      'meetings.decideLeave': { ok: true, data: { status: 'approved' } },
    })
    previous = setTransport(transport)
    render(<MeetingDetailPage />)
    expect(await screen.findByText('请假待批 · 外出送货')).toBeTruthy()
    await act(async () => fireEvent.click(screen.getByLabelText('批准 卢丽福 请假')))
    expect(sent.find((s) => s.key === 'meetings.decideLeave')!.event.data).toEqual({
      villageId: 'v025',
      meetingId: 'mt1',
      personId: 'p7',
      approve: true,
    })
  })

  it('shows confirmed minutes as locked: no editing, only corrections', async () => {
    const { transport } = backend({
      'system.whoami': whoami(['party_member', 'branch_secretary']),
      'meetings.getMeeting': meeting({
        canManage: true,
        minutesLocked: true,
        window: { inPerson: 'closed', remote: 'closed' },
        quorum: { applies: true, met: true, needed: 3, base: 4, present: 3, text: '即至少 3：达到' },
        minutes: {
          agenda: '道路硬化',
          remarks: '逐一发言',
          resolutions: '同意方案',
          absenteeReasons: [],
          photoFileIds: [],
          savedAt: '2026-11-27T03:00:00.000Z',
          lockedAt: '2026-11-27T03:05:00.000Z',
          lockedByName: '谢文凤',
          corrections: [],
        },
      }),
    })
    previous = setTransport(transport)
    render(<MeetingDetailPage />)
    expect(await screen.findByText('会议记录（已确认）')).toBeTruthy()
    expect(screen.getByText('已确认锁定，原记录不能修改，只能追加更正。')).toBeTruthy()
    expect(screen.queryByLabelText('讨论情况')).toBeNull()
    expect(screen.queryByText('确认并锁定记录')).toBeNull()
    expect(screen.getByLabelText('更正')).toBeTruthy()
  })
  it('offers 确认并锁定记录 only after the meeting ended (the server refuses it before)', async () => {
    const saved = {
      agenda: '道路硬化',
      remarks: '逐一发言',
      resolutions: '同意方案',
      absenteeReasons: [],
      photoFileIds: [],
      savedAt: '2026-11-27T01:02:00.000Z',
      corrections: [],
    }
    const during = backend({
      'system.whoami': whoami(['party_member', 'branch_secretary']),
      'meetings.getMeeting': meeting({
        canManage: true,
        window: { inPerson: 'open', remote: 'open' },
        minutes: saved,
      }),
    })
    previous = setTransport(during.transport)
    const first = render(<MeetingDetailPage />)
    expect(await screen.findByText('会议记录（草稿）')).toBeTruthy()
    expect(screen.getByLabelText('讨论情况')).toBeTruthy()
    expect(screen.queryByText('确认并锁定记录')).toBeNull()
    expect(screen.getByText(/会议结束后才能确认并锁定记录/)).toBeTruthy()
    first.unmount()
    setTransport(previous)

    const after = backend({
      'system.whoami': whoami(['party_member', 'branch_secretary']),
      'meetings.getMeeting': meeting({
        canManage: true,
        window: { inPerson: 'closed', remote: 'closed' },
        minutes: saved,
      }),
    })
    previous = setTransport(after.transport)
    render(<MeetingDetailPage />)
    expect(await screen.findByText('确认并锁定记录')).toBeTruthy()
    expect(screen.queryByText(/会议结束后才能确认并锁定记录/)).toBeNull()
  })
})
