import { act, fireEvent, render, screen } from '@testing-library/react'
import type { Envelope } from '@common/errors'
import { setTransport } from '../../src/api/client'
import { SAVED_OFFLINE_MESSAGE } from '../../src/api/draft'
import { networkError, type Transport } from '../../src/api/transport'
import CheckInPage, { offlineMessage } from '../../src/packages/duty/pages/checkin'
import { EXCEPTION_MISSING } from '../../common/rules/duty'
import { gcj02ToWgs84 } from '../../src/packages/duty/shared/gcj02'
import { encodeQr } from '../../src/components/QrCode/encode'
import { decodeMatrix } from '../support/qr'
import { scriptedBackend as backend } from '../support/scripted-backend'
import { resetTaroMock, scanCalls, setLocation, setPageParams, setScanResult } from '../mocks/taro'

const CENTRE = { latitude: 32.449102, longitude: 112.507672 }
const cadre: Envelope<unknown> = {
  ok: true,
  data: {
    bound: true,
    memberships: [
      { villageId: 'v025', personId: 'p1', name: '郑飞桂', roles: ['party_member', 'branch_committee_member'] },
    ],
  },
}
const resident: Envelope<unknown> = {
  ok: true,
  data: { bound: true, memberships: [{ villageId: 'v025', personId: 'p9', name: '彭磊贵', roles: ['resident'] }] },
}
const myDuty: Envelope<unknown> = {
  ok: true,
  data: {
    date: '2026-11-27',
    shift: {
      id: 'sh-20261127-p1',
      personId: 'p1',
      name: '郑飞桂',
      start: '08:30',
      end: '15:30',
      checkedIn: false,
      checkedOut: false,
    },
    today: null,
    month: '2026-11',
    days: 4,
    hours: 27.5,
    records: [],
    residence: null,
  },
}
const record = {
  id: 'ci-20261127-p1',
  date: '2026-11-27',
  kind: 'duty',
  checkedInAt: '2026-11-27T00:31:00.000Z',
  checkedOutAt: null,
  minutes: null,
  exception: false,
  exceptionMissing: null,
  exceptionReason: null,
  distanceMetres: 12,
}

let previous: Transport
beforeEach(() => setPageParams({ villageId: 'v025' }))
afterEach(() => {
  setTransport(previous)
  resetTaroMock()
})

async function fillProofs(code: string) {
  const locate = await screen.findByText('获取我的位置')
  await act(async () => fireEvent.click(locate))
  expect(await screen.findByText('已取得位置（精度约 20 米）')).toBeTruthy()
  fireEvent.change(screen.getByLabelText('签到码'), { target: { value: code } })
}

describe('值班签到 page', () => {
  it('sends the position (shifted to GCJ-02 in the H5 build) and the code, and shows the server’s refusal in Chinese', async () => {
    // The browser reports WGS-84; standing at the centre, the page must send the centre's GCJ-02 position.
    setLocation({ ...gcj02ToWgs84(CENTRE), accuracy: 20 })
    let refuse = true
    const { transport, sent } = backend({
      'system.whoami': cadre,
      'duty.myDuty': myDuty,
      'duty.checkIn': () =>
        refuse
          ? { ok: false, error: { code: 'FAILED_PRECONDITION', message: '码不对，请核对屏幕上最新的码再试' } }
          : { ok: true, data: { record } },
    })
    previous = setTransport(transport)
    render(<CheckInPage />)
    expect(await screen.findByText('今天的班次：08:30–15:30')).toBeTruthy()
    await fillProofs('123456')
    await act(async () => fireEvent.click(screen.getByText('签到', { selector: 'button' })))
    expect(await screen.findByText('码不对，请核对屏幕上最新的码再试')).toBeTruthy()
    // The form stays as typed, to correct.
    expect((screen.getByLabelText('签到码') as HTMLInputElement).value).toBe('123456')

    const checkIn = sent.find((s) => s.key === 'duty.checkIn')!.event.data as {
      location: { latitude: number; longitude: number }
      code: string
    }
    expect(checkIn.code).toBe('123456')
    expect(checkIn.location.latitude).toBeCloseTo(CENTRE.latitude, 5)
    expect(checkIn.location.longitude).toBeCloseTo(CENTRE.longitude, 5)

    refuse = false
    fireEvent.change(screen.getByLabelText('签到码'), { target: { value: '654321' } })
    await act(async () => fireEvent.click(screen.getByText('签到', { selector: 'button' })))
    expect(await screen.findByText('已签到（08:31）')).toBeTruthy()
  })

  it('when the network drops does not promise a later retry: the code will have expired, so it says to scan again once online', async () => {
    setLocation({ ...gcj02ToWgs84(CENTRE), accuracy: 20 })
    let offline = true
    const { transport, sent } = backend({
      'system.whoami': cadre,
      'duty.myDuty': myDuty,
      'duty.checkIn': () => (offline ? networkError() : { ok: true, data: { record } }),
    })
    previous = setTransport(transport)
    render(<CheckInPage />)
    await fillProofs('482913')
    await act(async () => fireEvent.click(screen.getByText('签到', { selector: 'button' })))
    expect(await screen.findByText(offlineMessage(false, true))).toBeTruthy()
    expect(offlineMessage(false, true)).toMatch(/每 30 秒更换.*重新扫屏幕上的码/)
    expect(screen.queryByText(SAVED_OFFLINE_MESSAGE)).toBeNull()
    expect(screen.queryByText(/已保存|稍后重试/)).toBeNull()
    // The expired code is not kept to be sent later; the position is.
    expect((screen.getByLabelText('签到码') as HTMLInputElement).value).toBe('')
    expect(screen.getByText('已取得位置（精度约 20 米）')).toBeTruthy()

    // Back online with the screen's new code: a new request (the old id with another code would be refused).
    offline = false
    fireEvent.change(screen.getByLabelText('签到码'), { target: { value: '105277' } })
    await act(async () => fireEvent.click(screen.getByText('签到', { selector: 'button' })))
    expect(await screen.findByText('已签到（08:31）')).toBeTruthy()
    const attempts = sent.filter((s) => s.key === 'duty.checkIn')
    expect(attempts.map((a) => (a.event.data as { code: string }).code)).toEqual(['482913', '105277'])
    expect(attempts[1]!.event.requestId).toMatch(/^[0-9a-f]{32}$/)
    expect(attempts[1]!.event.requestId).not.toBe(attempts[0]!.event.requestId)
  })

  it('an exception check-in without a code can be sent again later: it says so and resends with the same request id', async () => {
    setLocation({ ...gcj02ToWgs84(CENTRE), accuracy: 20 })
    let offline = true
    const { transport, sent } = backend({
      'system.whoami': cadre,
      'duty.myDuty': myDuty,
      'duty.checkIn': () =>
        offline
          ? networkError()
          : { ok: true, data: { record: { ...record, exception: true, exceptionMissing: 'code' } } },
    })
    previous = setTransport(transport)
    render(<CheckInPage />)
    const locate = await screen.findByText('获取我的位置')
    await act(async () => fireEvent.click(locate))
    fireEvent.click(screen.getByText('有一项无法提供'))
    fireEvent.click(screen.getByText(EXCEPTION_MISSING.code))
    fireEvent.change(screen.getByLabelText('原因'), { target: { value: '服务中心屏幕坏了' } })
    await act(async () => fireEvent.click(screen.getByText('签到', { selector: 'button' })))
    expect(await screen.findByText(offlineMessage(false, false))).toBeTruthy()
    expect(offlineMessage(false, false)).toMatch(/内容还在，等有网络时再点“签到”/)
    offline = false
    await act(async () => fireEvent.click(screen.getByText('签到', { selector: 'button' })))
    expect(await screen.findByText(/^已签到（08:31）/)).toBeTruthy()
    const attempts = sent.filter((s) => s.key === 'duty.checkIn')
    expect(attempts).toHaveLength(2)
    expect(attempts[1]!.event.requestId).toBe(attempts[0]!.event.requestId)
  })

  it('says plainly when the position cannot be read, and sends nothing without both proofs', async () => {
    const { transport, sent } = backend({ 'system.whoami': cadre, 'duty.myDuty': myDuty })
    previous = setTransport(transport)
    render(<CheckInPage />)
    const locate = await screen.findByText('获取我的位置')
    await act(async () => fireEvent.click(locate))
    expect(await screen.findByText('没有取得位置。请在手机设置里允许微信使用位置，或到室外再试')).toBeTruthy()
    fireEvent.change(screen.getByLabelText('签到码'), { target: { value: '482913' } })
    // Taro's H5 Button lets a tap through while disabled: the page itself must not send.
    await act(async () => fireEvent.click(screen.getByText('签到', { selector: 'button' })))
    expect(sent.filter((s) => s.key === 'duty.checkIn')).toHaveLength(0)
  })

  it('checks in with one proof missing only with a stated reason, marked for the secretary', async () => {
    const { transport, sent } = backend({
      'system.whoami': cadre,
      'duty.myDuty': myDuty,
      'duty.checkIn': {
        ok: true,
        data: { record: { ...record, exception: true, exceptionMissing: 'location', exceptionReason: '手机定位坏了' } },
      },
    })
    previous = setTransport(transport)
    render(<CheckInPage />)
    fireEvent.click(await screen.findByText('有一项无法提供'))
    fireEvent.click(screen.getByText('定位不可用或不准'))
    fireEvent.change(screen.getByLabelText('签到码'), { target: { value: '482913' } })
    fireEvent.change(screen.getByLabelText('原因'), { target: { value: '手机定位坏了' } })
    await act(async () => fireEvent.click(screen.getByText('签到', { selector: 'button' })))
    expect(await screen.findByText('已签到（08:31），已标注为例外签到，书记会看到原因')).toBeTruthy()
    expect(sent.find((s) => s.key === 'duty.checkIn')!.event.data).toEqual({
      villageId: 'v025',
      code: '482913',
      exception: { missing: 'location', reason: '手机定位坏了' },
    })
  })

  it('in WeChat, scanning the centre screen’s QR code sends the payload it holds as the code', async () => {
    const env = process.env.TARO_ENV
    process.env.TARO_ENV = 'weapp'
    try {
      setLocation({ ...CENTRE, accuracy: 15 }) // WeChat answers in GCJ-02 directly
      const payload = 'xzrc1.duty.v025.59012345.q0R4kTnW2uYbC8dX-_zA1g'
      // What the camera reads off the screen: the QR the screen draws, decoded.
      setScanResult(decodeMatrix(encodeQr(payload).modules)!.text)
      const { transport, sent } = backend({
        'system.whoami': cadre,
        'duty.myDuty': myDuty,
        'duty.checkIn': { ok: true, data: { record } },
      })
      previous = setTransport(transport)
      render(<CheckInPage />)
      expect(await screen.findByText('第二步：扫描服务中心屏幕上的二维码，或输入屏幕上的 6 位数字')).toBeTruthy()
      await act(async () => fireEvent.click(screen.getByText('获取我的位置')))
      await act(async () => fireEvent.click(screen.getByText('扫一扫')))
      expect(scanCalls).toEqual([{ onlyFromCamera: true, scanType: ['qrCode'] }])
      expect((screen.getByLabelText('签到码') as HTMLInputElement).value).toBe(payload)
      await act(async () => fireEvent.click(screen.getByText('签到', { selector: 'button' })))
      expect(await screen.findByText('已签到（08:31）')).toBeTruthy()
      const checkIn = sent.filter((s) => s.key === 'duty.checkIn')
      expect(checkIn).toHaveLength(1)
      expect(checkIn[0]!.event.data).toEqual({
        villageId: 'v025',
        location: { ...CENTRE, accuracy: 15 },
        code: payload,
      })
    } finally {
      process.env.TARO_ENV = env
    }
  })

  it('a closed camera changes nothing', async () => {
    const env = process.env.TARO_ENV
    process.env.TARO_ENV = 'weapp'
    try {
      const { transport } = backend({ 'system.whoami': cadre, 'duty.myDuty': myDuty })
      previous = setTransport(transport)
      render(<CheckInPage />)
      fireEvent.change(await screen.findByLabelText('签到码'), { target: { value: '4829' } })
      await act(async () => fireEvent.click(screen.getByText('扫一扫')))
      expect(scanCalls).toHaveLength(1)
      expect((screen.getByLabelText('签到码') as HTMLInputElement).value).toBe('4829')
    } finally {
      process.env.TARO_ENV = env
    }
  })

  it('tells a resident that only cadres check in', async () => {
    const { transport } = backend({ 'system.whoami': resident })
    previous = setTransport(transport)
    render(<CheckInPage />)
    expect(await screen.findByText('只有本村干部需要签到')).toBeTruthy()
  })
})
