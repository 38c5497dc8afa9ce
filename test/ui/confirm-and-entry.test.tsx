/**
 * Issue 23: irreversible one-tap actions ask once, naming what will happen (Taro.showModal), and send nothing when
 * the person says no; the in-person vote entry keeps its rows in place and takes back the last tap.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { Envelope } from '@common/errors'
import { setTransport } from '../../src/api/client'
import type { Transport } from '../../src/api/transport'
import MatterPage from '../../src/packages/deliberation/pages/matter'
import MeetingDetailPage from '../../src/packages/meetings/pages/detail'
import { scriptedBackend as backend } from '../support/scripted-backend'
import { resetTaroMock, setPageParams } from '../mocks/taro'

const whoami = (roles: string[]): Envelope<unknown> => ({
  ok: true,
  data: { bound: true, memberships: [{ villageId: 'v025', personId: 'p1', name: '谢文凤', roles }] },
})

/** Answers the next confirmations with `answers` in turn, recording what each asked. */
const modals: { title: string; content: string }[] = []
function answerModals(...answers: boolean[]) {
  ;(Taro as unknown as { showModal: (o: { title: string; content: string }) => Promise<unknown> }).showModal = (o) => {
    modals.push({ title: o.title, content: o.content })
    return Promise.resolve({ confirm: answers.shift() ?? false, cancel: false })
  }
}

let previous: Transport
afterEach(() => {
  setTransport(previous)
  resetTaroMock()
  modals.length = 0
})

const attendee = (personId: string, name: string) => ({
  personId,
  name,
  votes: true,
  presence: 'home',
  state: 'absent',
})

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
      expectedCount: 3,
      mine: { expected: true },
      agenda: '',
      chairName: '谢文凤',
      recorderName: '郑飞桂',
      studyHours: 0,
      window: { inPerson: 'not_open', remote: 'not_open' },
      tally: {
        expected: 3,
        expectedVoters: 3,
        present: 0,
        presentVoters: 0,
        inPerson: 0,
        remote: 0,
        onLeave: 0,
        absent: 3,
      },
      quorum: { applies: true, met: false, needed: 2, base: 3, present: 0, text: '' },
      attendees: [attendee('p1', '谢文凤'), attendee('p2', '郑飞桂'), attendee('p3', '王平')],
      canManage: true,
      votes: [],
      ...over,
    },
  }
}

describe('cancelling a meeting', () => {
  beforeEach(() => setPageParams({ villageId: 'v025', meetingId: 'mt1' }))

  it('asks once, naming who will be told, and cancels only on yes', async () => {
    const { transport, sent } = backend({
      'system.whoami': whoami(['party_member', 'branch_secretary']),
      'meetings.getMeeting': meeting(),
      'meetings.cancelMeeting': { ok: true, data: { cancelled: true } },
    })
    previous = setTransport(transport)
    render(<MeetingDetailPage />)
    fireEvent.click(await screen.findByText('取消会议'))
    fireEvent.change(screen.getByLabelText('取消原因'), { target: { value: '乡镇临时安排培训' } })
    answerModals(false)
    await act(async () => fireEvent.click(screen.getByText('取消这次会议')))
    expect(modals[0]!.content).toBe(
      '将通知应到的 3 人（谢文凤、郑飞桂、王平）：会议取消，原因“乡镇临时安排培训”。取消后不能恢复，需要时请重新召开。',
    )
    expect(sent.some((s) => s.key === 'meetings.cancelMeeting')).toBe(false)
    answerModals(true)
    await act(async () => fireEvent.click(screen.getByText('取消这次会议')))
    expect(sent.filter((s) => s.key === 'meetings.cancelMeeting').map((s) => s.data)).toEqual([
      { villageId: 'v025', meetingId: 'mt1', reason: '乡镇临时安排培训' },
    ])
  })

  it('is not offered to a member who may not cancel, nor once the meeting has begun', async () => {
    const { transport } = backend({
      'system.whoami': whoami(['party_member']),
      'meetings.getMeeting': meeting({ canManage: false, attendees: [] }),
    })
    previous = setTransport(transport)
    const first = render(<MeetingDetailPage />)
    expect(await screen.findByText('支部党员大会：审议道路硬化方案')).toBeTruthy()
    expect(screen.queryByText('取消会议')).toBeNull()
    first.unmount()
    const begun = backend({
      'system.whoami': whoami(['party_member', 'branch_secretary']),
      'meetings.getMeeting': meeting({ window: { inPerson: 'open', remote: 'open' } }),
    })
    setTransport(begun.transport)
    render(<MeetingDetailPage />)
    expect(await screen.findByText('支部党员大会：审议道路硬化方案')).toBeTruthy()
    expect(screen.queryByText('取消会议')).toBeNull()
  })

  it('records a vote only after a yes that repeats the counts', async () => {
    const { transport, sent } = backend({
      'system.whoami': whoami(['party_member', 'branch_secretary']),
      'meetings.getMeeting': meeting({ window: { inPerson: 'open', remote: 'open' } }),
    })
    previous = setTransport(transport)
    render(<MeetingDetailPage />)
    fireEvent.change(await screen.findByLabelText('表决事项'), { target: { value: '同意方案' } })
    fireEvent.change(screen.getByLabelText('赞成'), { target: { value: '2' } })
    answerModals(false)
    await act(async () => fireEvent.click(screen.getByText('记录表决', { selector: 'button' })))
    expect(modals[0]!.content).toMatch(/^「同意方案」赞成 2 票、反对 0 票、弃权 0 票。/)
    expect(sent.some((s) => s.key === 'meetings.recordVote')).toBe(false)
  })
})

const voters = [
  { personId: 'a', name: '甲一', voted: false },
  { personId: 'b', name: '乙二', voted: true, channel: 'online' },
  { personId: 'c', name: '丙三', voted: false },
  { personId: 'd', name: '丁四', voted: false },
]

function matter(): Envelope<unknown> {
  return {
    ok: true,
    data: {
      id: 'm1',
      villageId: 'v025',
      title: '硬化村南生产路',
      category: 'public_works',
      categoryLabel: '兴办公益事业',
      mustGo: true,
      origin: 'members_residents',
      step: 3,
      stepLabel: '党员大会审议',
      status: 'voting',
      statusLabel: '表决中',
      createdAt: '2026-11-10T01:00:00.000Z',
      stepSince: '2026-11-17T01:00:00.000Z',
      ageDays: 1,
      stuck: false,
      leftMethod: false,
      content: '拟硬化村南生产路800米。',
      attachments: [],
      history: [],
      noticeAt: {},
      windows: [
        {
          id: 'w1',
          step: 3,
          meetingKind: 'party',
          meetingLabel: '党员大会',
          openedAt: '2026-11-18T01:00:00.000Z',
          closesAt: '2026-11-19T01:00:00.000Z',
          phase: 'open',
          closed: false,
          shouldAttend: 4,
          rosterSize: 4,
        },
      ],
      publications: [],
      myBallots: [{ windowId: 'w1', onRoster: true, voted: false }],
      canRun: true,
    },
  }
}

describe('四议两公开 vote and in-person entry', () => {
  beforeEach(() => setPageParams({ villageId: 'v025', matterId: 'm1' }))

  function open() {
    const scripted = backend({
      'system.whoami': whoami(['party_member', 'branch_secretary']),
      'deliberation.getMatter': matter(),
      'deliberation.listVoters': { ok: true, data: { voters, total: 4, votedCount: 1 } },
      'deliberation.recordInPersonVotes': { ok: true, data: { recorded: 1, refused: [] } },
    })
    previous = setTransport(scripted.transport)
    render(<MatterPage />)
    return scripted.sent
  }
  const names = () =>
    Array.from(
      screen.getByText('现场表决录入').parentElement!.querySelectorAll('.xz-row > span:first-child'),
      (n) => n.textContent,
    )

  it('casts an online vote only after a yes naming the matter and the choice', async () => {
    const sent = open()
    answerModals(false)
    const ballot = (await screen.findByText('党员大会 · 请表决')).parentElement!
    await act(async () => fireEvent.click(within(ballot).getByText('同意', { selector: 'button' })))
    expect(modals[0]).toEqual({
      title: '投「同意」？',
      content: '您将对「硬化村南生产路」投「同意」。每人一票，投出后不能更改。',
    })
    expect(sent.some((s) => s.key === 'deliberation.castVote')).toBe(false)
  })

  it('keeps every row in place under the taps, takes back the last one, and sends what is left after a yes', async () => {
    const sent = open()
    await screen.findByText('甲一')
    const before = names()
    expect(before).toEqual(['甲一', '乙二', '丙三', '丁四'])
    fireEvent.click(within(screen.getByLabelText('甲一的表决')).getByText('同意'))
    fireEvent.click(within(screen.getByLabelText('丙三的表决')).getByText('弃权'))
    expect(names()).toEqual(before)
    expect(screen.getByText('待录入 2 人：同意 1、不同意 0、弃权 1')).toBeTruthy()
    fireEvent.click(screen.getByText('撤销上一条（丙三：弃权）'))
    expect(screen.getByText('待录入 1 人：同意 1、不同意 0、弃权 0')).toBeTruthy()
    expect(within(screen.getByLabelText('丙三的表决')).getByText('弃权').className).not.toMatch(/--on/)
    expect(sent.some((s) => s.key === 'deliberation.recordInPersonVotes')).toBe(false)
    answerModals(true)
    await act(async () => fireEvent.click(screen.getByText('录入 1 人的表决')))
    expect(modals[0]!.title).toBe('录入 1 人的现场表决？')
    expect(sent.filter((s) => s.key === 'deliberation.recordInPersonVotes').map((s) => s.data.votes)).toEqual([
      [{ personId: 'a', choice: 'agree' }],
    ])
    expect(names()).toEqual(before)
  })
})
