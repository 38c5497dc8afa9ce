/**
 * The duty pages people act on (issue 23): 换班 requested and decided, 移交 of a logged matter, a lost duty screen
 * stopped, the duty phone called by a tap, times picked rather than typed.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { Envelope } from '@common/errors'
import { setTransport } from '../../src/api/client'
import type { Transport } from '../../src/api/transport'
import DutyHomePage from '../../src/packages/duty/pages/index'
import DutyLogPage from '../../src/packages/duty/pages/log'
import DutyRosterPage from '../../src/packages/duty/pages/roster'
import DutyScreensPage from '../../src/packages/duty/pages/screens'
import DutySwapPage from '../../src/packages/duty/pages/swap'
import { scriptedBackend as backend } from '../support/scripted-backend'
import { modalCalls, phoneCalls, resetTaroMock, setModalAnswer, setPageParams } from '../mocks/taro'

const who = (personId: string, name: string, roles: string[]): Envelope<unknown> => ({
  ok: true,
  data: { bound: true, memberships: [{ villageId: 'v025', personId, name, roles: ['party_member', ...roles] }] },
})
const CADRE = who('p1', '郑飞桂', ['branch_committee_member'])
const SECRETARY = who('p0', '谢文凤', ['branch_secretary'])

const cadres: Envelope<unknown> = {
  ok: true,
  data: {
    cadres: [
      { personId: 'p0', name: '谢文凤', roles: ['branch_secretary'] },
      { personId: 'p1', name: '郑飞桂', roles: ['branch_committee_member'] },
      { personId: 'p2', name: '李红梅', roles: ['village_committee_member'] },
      { personId: 'p3', name: '王建国', roles: ['village_committee_member'] },
    ],
  },
}
const shift = (date: string, personId: string, name: string, checkedIn = false) => ({
  id: `sh-${date.replace(/-/g, '')}-${personId}`,
  personId,
  name,
  start: '08:30',
  end: '15:30',
  checkedIn,
  checkedOut: false,
})
const day = (date: string, shifts: ReturnType<typeof shift>[]) => ({
  date,
  shifts,
  cadres: shifts.length,
  plannedHours: 7,
  gap: false,
  reasons: [],
})
const PENDING_SWAP = {
  id: 'sw-1',
  date: '2026-11-30',
  fromName: '王建国',
  toName: '李红梅',
  reason: '要去乡里开会',
  start: '08:30',
  end: '15:30',
}
const week = (swaps: (typeof PENDING_SWAP)[] = []): Envelope<unknown> => ({
  ok: true,
  data: {
    minCadresPerDay: 1,
    minHours: 7,
    gaps: 0,
    days: [
      day('2026-11-27', [shift('2026-11-27', 'p1', '郑飞桂', true)]),
      day('2026-11-28', [shift('2026-11-28', 'p1', '郑飞桂'), shift('2026-11-28', 'p2', '李红梅')]),
      day('2026-11-30', [shift('2026-11-30', 'p3', '王建国')]),
    ],
    swaps,
  },
})

let previous: Transport
beforeEach(() => setPageParams({ villageId: 'v025' }))
afterEach(() => {
  setTransport(previous)
  resetTaroMock()
})

describe('换班', () => {
  it('a cadre offers only shifts not yet started, to a cadre free that day, with a reason', async () => {
    const { transport, sent } = backend({
      'system.whoami': CADRE,
      'duty.week': week(),
      'duty.cadres': cadres,
      'duty.requestSwap': { ok: true, data: { swapId: 'sw-9' } },
    })
    previous = setTransport(transport)
    render(<DutySwapPage />)
    // Today's shift is checked in: it cannot be swapped; tomorrow's can.
    const tomorrow = await screen.findByText('11月28日（周六） 08:30–15:30')
    expect(screen.queryByText('11月27日（周五） 08:30–15:30')).toBeNull()
    fireEvent.click(tomorrow)
    // 李红梅 is already on duty that day, and nobody swaps with themself.
    const takers = within(screen.getByLabelText('接班干部'))
    await takers.findByText('王建国')
    expect(takers.queryByText('李红梅')).toBeNull()
    expect(takers.queryByText('郑飞桂')).toBeNull()
    fireEvent.click(takers.getByText('王建国'))
    fireEvent.change(screen.getByLabelText('换班原因'), { target: { value: '孩子生病' } })
    await act(async () => fireEvent.click(screen.getByText('提交换班申请')))
    expect(await screen.findByText('已申请：11月28日（周六）的班换给王建国，等书记批准')).toBeTruthy()
    const request = sent.find((s) => s.key === 'duty.requestSwap')!
    expect(request.data).toEqual({
      villageId: 'v025',
      shiftId: 'sh-20261128-p1',
      toPersonId: 'p3',
      reason: '孩子生病',
    })
    expect(request.event.requestId).toMatch(/^[0-9a-f]{32}$/)
  })

  it('the secretary approves only after a confirmation naming the day and both cadres; cancelling sends nothing', async () => {
    let decided = false
    const { transport, sent } = backend({
      'system.whoami': SECRETARY,
      'duty.week': () => week(decided ? [] : [PENDING_SWAP]),
      'duty.cadres': cadres,
      'duty.decideSwap': () => {
        decided = true
        return { ok: true, data: { status: 'approved' } }
      },
    })
    previous = setTransport(transport)
    render(<DutySwapPage />)
    await screen.findByText('待您批准的换班')
    setModalAnswer(false)
    await act(async () => fireEvent.click(screen.getByText('同意')))
    expect(modalCalls).toHaveLength(1)
    expect(sent.filter((s) => s.key === 'duty.decideSwap')).toHaveLength(0)

    setModalAnswer(true)
    await act(async () => fireEvent.click(screen.getByText('同意')))
    expect(modalCalls[1]).toEqual({
      title: '同意换班？',
      content: '11月30日（周一） 08:30–15:30的班改由李红梅值，王建国不再值这个班。同意后不能撤回。',
      confirmText: '同意',
    })
    expect(sent.find((s) => s.key === 'duty.decideSwap')!.data).toEqual({
      villageId: 'v025',
      swapId: 'sw-1',
      approve: true,
    })
    expect(await screen.findByText('已同意：11月30日（周一）的班改由李红梅值')).toBeTruthy()
    await waitFor(() => expect(screen.queryByText('待您批准的换班')).toBeNull())
  })

  it('the roster asks the same confirmation before 不同意, and other cadres only see that a swap waits', async () => {
    const { transport, sent } = backend({
      'system.whoami': SECRETARY,
      'duty.week': week([PENDING_SWAP]),
      'duty.decideSwap': { ok: true, data: { status: 'rejected' } },
    })
    previous = setTransport(transport)
    const { unmount } = render(<DutyRosterPage />)
    const refuse = await screen.findByText('不同意')
    await act(async () => fireEvent.click(refuse))
    expect(modalCalls[0]).toMatchObject({ title: '不同意换班？', confirmText: '不同意' })
    expect(sent.find((s) => s.key === 'duty.decideSwap')!.data.approve).toBe(false)
    unmount()

    const other = backend({ 'system.whoami': CADRE, 'duty.week': week([PENDING_SWAP]), 'duty.cadres': cadres })
    setTransport(other.transport)
    render(<DutySwapPage />)
    await screen.findByText('等书记批准的换班')
    expect(screen.queryByText('同意')).toBeNull()
    expect(screen.getByText('待批准')).toBeTruthy()
  })
})

describe('排班 times are picked', () => {
  it('the day editor takes its hours from time pickers (no typed times) and saves them', async () => {
    const { transport, sent } = backend({
      'system.whoami': SECRETARY,
      'duty.week': week(),
      'duty.cadres': cadres,
      'duty.saveDay': { ok: true, data: { date: '2026-11-30', cadres: 2, gap: false, reasons: [] } },
    })
    previous = setTransport(transport)
    render(<DutyRosterPage />)
    const rows = await screen.findAllByText('排班')
    fireEvent.click(rows[2]!)
    const start = screen.getByLabelText('开始时间') as HTMLInputElement
    expect(start.dataset.mode).toBe('time')
    expect((screen.getByLabelText('结束时间') as HTMLInputElement).dataset.mode).toBe('time')
    fireEvent.change(start, { target: { value: '09:00' } })
    fireEvent.change(screen.getByLabelText('结束时间'), { target: { value: '17:00' } })
    fireEvent.click(await screen.findByText('李红梅'))
    await act(async () => fireEvent.click(screen.getByText('保存这一天')))
    expect(sent.find((s) => s.key === 'duty.saveDay')!.data.shifts).toEqual([
      { personId: 'p3', start: '08:30', end: '15:30' },
      { personId: 'p2', start: '09:00', end: '17:00' },
    ])
  })
})

const logEntry = {
  id: 'dl-1',
  date: '2026-11-27',
  at: '2026-11-27T02:10:00.000Z',
  visitorName: '李*国',
  matter: '反映门前排水沟堵塞',
  action: '',
  outcome: 'follow-up',
  dispute: false,
  emergencyReported: false,
  ownerPersonId: 'p1',
  ownerName: '郑飞桂',
  loggedByName: '郑飞桂',
  requestLinkId: null,
  status: 'open',
  handovers: [],
}

describe('移交 (首问负责)', () => {
  it('hands a matter I own to another cadre after a confirmation, and the log shows who handed it to whom', async () => {
    let handed = false
    const handedEntry = {
      ...logEntry,
      ownerPersonId: 'p2',
      ownerName: '李红梅',
      handovers: [{ at: '2026-11-27T03:00:00.000Z', fromName: '郑飞桂', toName: '李红梅' }],
    }
    const { transport, sent } = backend({
      'system.whoami': CADRE,
      'duty.cadres': cadres,
      'duty.listLogs': (e) =>
        (e.data as { mineOpen?: boolean }).mineOpen
          ? { ok: true, data: { entries: handed ? [] : [logEntry] } }
          : { ok: true, data: { entries: [handed ? handedEntry : logEntry] } },
      'duty.handOverLog': () => {
        handed = true
        return { ok: true, data: { entry: handedEntry } }
      },
    })
    previous = setTransport(transport)
    render(<DutyLogPage />)
    fireEvent.click(await screen.findByText('移交'))
    const panel = within(screen.getByLabelText('移交'))
    // The owner is not offered.
    await panel.findByText('李红梅')
    expect(panel.queryByText('郑飞桂')).toBeNull()
    fireEvent.click(panel.getByText('李红梅'))
    fireEvent.change(panel.getByLabelText('移交说明'), { target: { value: '她分管水利' } })
    await act(async () => fireEvent.click(panel.getByText('移交给李红梅')))
    expect(modalCalls).toEqual([
      {
        title: '移交给李红梅？',
        content: '“反映门前排水沟堵塞”改由李红梅负责办理，您不再负责；日志会记下这次移交。',
        confirmText: '移交',
      },
    ])
    expect(sent.find((s) => s.key === 'duty.handOverLog')!.data).toEqual({
      villageId: 'v025',
      logId: 'dl-1',
      toPersonId: 'p2',
      note: '她分管水利',
    })
    expect(await screen.findByText('已移交给李红梅，由李红梅负责办理')).toBeTruthy()
    expect(await screen.findByText('11月27日（周五）11:00 郑飞桂 移交给 李红梅')).toBeTruthy()
  })

  it('a refused confirmation hands nothing over, and 办结 asks first too', async () => {
    setModalAnswer(false)
    const { transport, sent } = backend({
      'system.whoami': CADRE,
      'duty.cadres': cadres,
      'duty.listLogs': { ok: true, data: { entries: [logEntry] } },
    })
    previous = setTransport(transport)
    render(<DutyLogPage />)
    const close = await screen.findByText('办结')
    await act(async () => fireEvent.click(close))
    fireEvent.click(screen.getByText('移交'))
    fireEvent.click(await within(screen.getByLabelText('移交')).findByText('王建国'))
    await act(async () => fireEvent.click(screen.getByText('移交给王建国')))
    expect(modalCalls.map((m) => m.title)).toEqual(['确认办结？', '移交给王建国？'])
    expect(sent.filter((s) => s.key === 'duty.handOverLog' || s.key === 'duty.closeLog')).toHaveLength(0)
  })

  it("another day's log is chosen with a date picker", async () => {
    const { transport, sent } = backend({
      'system.whoami': CADRE,
      'duty.listLogs': { ok: true, data: { entries: [] } },
    })
    previous = setTransport(transport)
    render(<DutyLogPage />)
    const picker = (await screen.findByLabelText('查看哪一天的值班日志')) as HTMLInputElement
    expect(picker.dataset.mode).toBe('date')
    fireEvent.change(picker, { target: { value: '2026-11-20' } })
    expect(await screen.findByText('11月20日（周五）的值班日志')).toBeTruthy()
    await waitFor(() => expect(sent.some((s) => s.key === 'duty.listLogs' && s.data.date === '2026-11-20')).toBe(true))
  })
})

const screensList = (revoked: boolean): Envelope<unknown> => ({
  ok: true,
  data: {
    screens: [
      {
        id: 'scr-1',
        label: '服务中心值班屏',
        createdAt: '2026-11-20T01:00:00.000Z',
        createdByName: '谢文凤',
        revoked,
      },
    ],
  },
})

describe('值班屏设备', () => {
  it('the secretary stops a lost screen after a confirmation saying it will show no codes', async () => {
    let revoked = false
    const { transport, sent } = backend({
      'system.whoami': SECRETARY,
      'duty.listScreens': () => screensList(revoked),
      'duty.revokeScreen': () => {
        revoked = true
        return { ok: true, data: { revoked: true } }
      },
    })
    previous = setTransport(transport)
    render(<DutyScreensPage />)
    const row = within(await screen.findByLabelText('值班屏 服务中心值班屏'))
    expect(row.getByText('谢文凤 11月20日（周五）09:00设置 · 在用')).toBeTruthy()
    await act(async () => fireEvent.click(row.getByText('停用')))
    expect(modalCalls[0]).toMatchObject({ title: '停用“服务中心值班屏”？', confirmText: '停用' })
    expect(modalCalls[0]!.content).toMatch(/不再显示签到码/)
    expect(sent.find((s) => s.key === 'duty.revokeScreen')!.data).toEqual({ villageId: 'v025', screenId: 'scr-1' })
    expect(await screen.findByText('已停用“服务中心值班屏”，它不再显示签到码')).toBeTruthy()
    expect(await screen.findByText('现在没有在用的值班屏')).toBeTruthy()
    expect(screen.getByText('11月20日（周五）09:00设置 · 已停用')).toBeTruthy()
  })

  it('a cadre who is not a planner cannot manage screens', async () => {
    const { transport, sent } = backend({ 'system.whoami': CADRE })
    previous = setTransport(transport)
    render(<DutyScreensPage />)
    expect(await screen.findByText('只有支部书记或第一书记可以管理值班屏')).toBeTruthy()
    expect(sent.some((s) => s.key === 'duty.listScreens')).toBe(false)
  })
})

describe('值班电话', () => {
  it('tapping the duty phone on the board calls it', async () => {
    const { transport } = backend({
      'system.whoami': who('p9', '彭磊贵', ['resident']),
      'duty.board': {
        ok: true,
        data: {
          villageName: '邱铺村',
          serviceCentre: { name: '邱铺村党群服务中心', address: '', phone: '0377-6612345' },
          date: '2026-11-27',
          onDutyNow: [],
          today: [],
        },
      },
    })
    previous = setTransport(transport)
    render(<DutyHomePage />)
    fireEvent.click(await screen.findByLabelText('拨打值班电话 0377-6612345'))
    await waitFor(() => expect(phoneCalls).toEqual([{ phoneNumber: '03776612345' }]))
  })
})
