/* eslint-disable @typescript-eslint/no-explicit-any -- envelopes are read loosely here */
/**
 * 我的消息 (account.myNotices / markNoticesRead) and 首页's badges (system.summary), through the real mains against the
 * local cloud: what a person's list holds (their own due notices, newest first; never cancelled, not yet due or held
 * back ones), marking one or all read, and the counts per card for each role.
 */
import type { Envelope } from '../../common/errors'
import type { Role } from '../../common/roles'
import { CLOSED_WINDOW_REASON } from '../../common/rules/reminders'
import { voteId } from '../../common/rules/deliberation'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { C } from '../../cloudfunctions/_lib/collections'
import { startTestCloud } from '../support/local-cloud'
import { TEST_NOW } from '../support/test-now'
import { openidOf, orgDocs, personIdOf, writeDocs } from './org-fixture'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<any>>
let cloud: LocalCloud
let account: Main
let system: Main

const NOW = TEST_NOW.getTime()
const MIN = 60_000
const REP: Role = 'villager_representative'

function notice(id: string, role: Role, minutesAgo: number, extra: Record<string, unknown> = {}) {
  return {
    _id: id,
    villageId: 'v1',
    townshipId: 't1',
    personId: personIdOf('v1', role),
    openid: openidOf(role),
    template: 'deliberation_notice',
    title: `议题通知 ${id}`,
    lines: [{ label: '议题', value: `议题 ${id}` }],
    page: `packages/deliberation/pages/matter/index?villageId=v1&matterId=${id}`,
    subject: `matter:${id}`,
    dueAt: new Date(NOW - minutesAgo * MIN),
    createdAt: new Date(NOW - minutesAgo * MIN),
    status: 'sent',
    ...extra,
  }
}

function request(id: string, gridId: string, open: boolean, villageId = 'v1') {
  return { _id: id, villageId, townshipId: 't1', gridId, open, status: open ? 'received' : 'closed' }
}

function window(id: string, voters: Role[], closed = false, closesInMinutes = 60) {
  return {
    _id: id,
    matterId: `m-${id}`,
    villageId: 'v1',
    townshipId: 't1',
    step: 4,
    meetingKind: 'representatives',
    openedAt: new Date(NOW - 60 * MIN),
    closesAt: new Date(NOW + closesInMinutes * MIN),
    closed,
    voterIds: voters.map((r) => personIdOf('v1', r)),
    voters: [],
  }
}

beforeAll(async () => {
  cloud = await startTestCloud()
  const docs = orgDocs()
  docs.set(C.notices, [
    notice('n-old', REP, 120),
    notice('n-new', REP, 5),
    notice('n-skipped', REP, 60, { status: 'skipped', reason: '用户未订阅' }),
    notice('n-later', REP, -60, { status: 'queued' }),
    notice('n-cancelled', REP, 30, { status: 'cancelled' }),
    notice('n-too-late', REP, 40, { status: 'skipped', reason: CLOSED_WINDOW_REASON }),
    notice('n-other', 'party_member', 10),
  ] as any)
  docs.set(C.requests, [
    request('rq-1', 'v1-g1', true),
    request('rq-2', 'v1-g2', true),
    request('rq-3', 'v1-g1', false),
    request('rq-4', 'v2-g1', true, 'v2'),
  ] as any)
  docs.set(C.deliberation_windows, [
    window('w-open', [REP, 'party_member']),
    window('w-voted', [REP]),
    window('w-closed', [REP], true),
    window('w-expired', [REP], false, -1),
    window('w-not-mine', ['party_member']),
  ] as any)
  docs.set(C.deliberation_votes, [
    { _id: voteId('w-voted', personIdOf('v1', REP)), windowId: 'w-voted', villageId: 'v1', choice: 'yes' },
  ] as any)
  await writeDocs(cloud, docs as any)
  account = (await import('../../cloudfunctions/account')).main as Main
  system = (await import('../../cloudfunctions/system')).main as Main
})
afterAll(() => cloud.close())

const call = async (main: Main, action: string, data: Record<string, unknown>, role: Role | string) => {
  const openid = role.startsWith('o-') ? role : openidOf(role as Role)
  const r = (await invokeAs(main, { action, data }, { openid })) as Envelope<any>
  if (!r.ok) throw new Error(`${action}: ${r.error.code} ${r.error.message}`)
  return r.data
}

describe('我的消息', () => {
  it('lists the person’s own due notices, newest first, skipped-by-WeChat included, nothing cancelled or held back', async () => {
    const data = await call(account, 'myNotices', {}, REP)
    expect(data.notices.map((n: any) => n.id)).toEqual(['n-new', 'n-skipped', 'n-old'])
    expect(data.notices[0]).toMatchObject({
      title: '议题通知 n-new',
      page: 'packages/deliberation/pages/matter/index?villageId=v1&matterId=n-new',
      read: false,
    })
    expect(data.unread).toBe(3)
  })

  it('marks the opened one read, then all; another person’s notice is untouched', async () => {
    expect(await call(account, 'markNoticesRead', { ids: ['n-new', 'n-other'] }, REP)).toEqual({ marked: 1 })
    let data = await call(account, 'myNotices', {}, REP)
    expect(data.notices.filter((n: any) => n.read).map((n: any) => n.id)).toEqual(['n-new'])
    expect(data.unread).toBe(2)
    // A resend changes nothing.
    expect(await call(account, 'markNoticesRead', { ids: ['n-new'] }, REP)).toEqual({ marked: 0 })
    expect(await call(account, 'markNoticesRead', {}, REP)).toEqual({ marked: 2 })
    data = await call(account, 'myNotices', {}, REP)
    expect(data.unread).toBe(0)
    const other = await call(account, 'myNotices', {}, 'party_member')
    expect(other.notices).toMatchObject([{ id: 'n-other', read: false }])
  })

  it('a WeChat user not on any roster is told to bind first', async () => {
    const r = (await invokeAs(account, { action: 'myNotices', data: {} }, { openid: 'o-stranger' })) as Envelope<any>
    expect(!r.ok && r.error.code).toBe('UNAUTHENTICATED')
  })
})

describe('首页 badges (system.summary)', () => {
  it('count the village’s open requests for a cadre, a grid leader’s own grid, none for a resident', async () => {
    expect(await call(system, 'summary', { villageId: 'v1' }, 'branch_secretary')).toMatchObject({ requestsOpen: 2 })
    expect(await call(system, 'summary', { villageId: 'v1' }, 'grid_leader')).toMatchObject({ requestsOpen: 1 })
    expect((await call(system, 'summary', { villageId: 'v1' }, 'resident')).requestsOpen).toBeUndefined()
  })

  it('count the open votes the person may cast and has not, and their unread messages', async () => {
    expect(await call(system, 'summary', { villageId: 'v1' }, 'party_member')).toEqual({
      ballotsToVote: 2,
      unreadNotices: 1,
    })
    expect(await call(system, 'summary', { villageId: 'v1' }, REP)).toEqual({ ballotsToVote: 1, unreadNotices: 0 })
  })

  it('refuse another village and an unbound visitor', async () => {
    const other = (await invokeAs(
      system,
      { action: 'summary', data: { villageId: 'v2' } },
      { openid: openidOf('branch_secretary') },
    )) as Envelope<any>
    expect(!other.ok && other.error.code).toBe('FORBIDDEN')
    const stranger = (await invokeAs(
      system,
      { action: 'summary', data: { villageId: 'v1' } },
      { openid: 'o-x' },
    )) as Envelope<any>
    expect(!stranger.ok && stranger.error.code).toBe('UNAUTHENTICATED')
  })
})
