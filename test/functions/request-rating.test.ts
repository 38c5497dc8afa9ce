/* eslint-disable @typescript-eslint/no-explicit-any -- stored documents are read loosely here */
/**
 * Issue 23: 办结 only once the resident has seen the reply (or rated it, or the rating window passed since the
 * reply), a confirmation-worthy close that reminds the resident to rate, and rating after 办结 within the village's
 * rating window (`requestRatingDays`, default 7) — through the real requests main on the test clock.
 */
import type { Envelope } from '../../common/errors'
import type { Role } from '../../common/roles'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { C } from '../../cloudfunctions/_lib/collections'
import { startTestCloud } from '../support/local-cloud'
import { REAL_TIMERS } from '../support/test-now'
import { openidOf, orgDocs, writeDocs } from './org-fixture'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
let main: Main
let db: typeof import('../../cloudfunctions/_lib/cloud').db

const DAY = 86_400_000
const START = new Date('2026-03-02T01:00:00.000Z').getTime() // Monday 09:00 Beijing
let clock = START
const at = (instant: number) => {
  clock = instant
  jest.useFakeTimers({ now: new Date(instant), doNotFake: [...REAL_TIMERS] })
}

beforeAll(async () => {
  at(START)
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  main = (await import('../../cloudfunctions/requests')).main as Main
  ;({ db } = await import('../../cloudfunctions/_lib/cloud'))
})
afterAll(async () => {
  jest.useRealTimers()
  await cloud.close()
})

const raw = async (action: string, data: Record<string, unknown>, role: Role) =>
  (await invokeAs(main, { action, data }, { openid: openidOf(role) })) as Envelope<any>
const call = async (action: string, data: Record<string, unknown>, role: Role) => {
  const r = await raw(action, data, role)
  if (!r.ok) throw new Error(`${action}: ${r.error.code} ${r.error.message}`)
  return r.data
}
const code = (r: Envelope<unknown>) => (r.ok ? 'ok' : r.error.code)
const stored = async (id: string) =>
  ((await db.collection(C.requests).where({ _id: id }).limit(1).get()) as any).data[0] as Record<string, any>
const get = (requestId: string, role: Role) => call('get', { villageId: 'v1', requestId }, role)

/** A request of the resident, answered by the secretary. */
async function answered(description: string): Promise<string> {
  const { requestId } = await call('raise', { villageId: 'v1', category: 'help', description }, 'resident')
  await call('act', { villageId: 'v1', requestId, action: 'accept' }, 'branch_secretary')
  await call(
    'act',
    { villageId: 'v1', requestId, action: 'reply', reply: '已经联系乡镇，下周来修' },
    'branch_secretary',
  )
  return requestId
}

describe('办结 waits for the resident to see the reply', () => {
  let id = ''
  it('is not offered right after the reply, and refused if sent anyway', async () => {
    id = await answered('村口路灯坏了两个月了')
    const d = await get(id, 'branch_secretary')
    expect(d.status).toBe('replied')
    expect(d.actions).not.toContain('close')
    expect(d.closeWaits).toMatch(/群众还没有看到答复/)
    const refused = await raw('act', { villageId: 'v1', requestId: id, action: 'close' }, 'branch_secretary')
    expect(code(refused)).toBe('FAILED_PRECONDITION')
    const doc = await stored(id)
    expect(doc.status).toBe('replied')
    expect(doc.closedAt ?? null).toBeNull()
  })

  it('is offered once the resident has opened the reply; the close reminds them to rate', async () => {
    at(clock + 3600_000)
    const mine = await get(id, 'resident')
    expect(mine.actions).toEqual(['rate'])
    expect((await stored(id)).replySeenAt).toBeDefined()
    const d = await get(id, 'branch_secretary')
    expect(d.actions).toContain('close')
    expect(d.closeWaits).toBeUndefined()
    at(clock + 3600_000)
    expect(await call('act', { villageId: 'v1', requestId: id, action: 'close' }, 'branch_secretary')).toEqual({
      status: 'closed',
      level: 'village',
    })
    const notices = ((await db.collection(C.notices).where({ template: 'request_rate' }).limit(10).get()) as any)
      .data as { title: string; page: string; lines: { label: string; value: string }[] }[]
    expect(notices).toHaveLength(1)
    expect(notices[0]!.title).toBe('您的诉求已办结，请评价')
    expect(notices[0]!.page).toContain(id)
  })

  it('lets the resident rate after 办结 within the window; the request stays closed', async () => {
    at(clock + 6 * DAY)
    const d = await get(id, 'resident')
    expect(d.status).toBe('closed')
    expect(d.actions).toEqual(['rate'])
    expect(new Date(d.rateBy).getTime()).toBe(clock - 6 * DAY + 7 * DAY)
    // Someone else of the village cannot rate it.
    expect(code(await raw('rate', { villageId: 'v1', requestId: id, rating: 'satisfied' }, 'party_member'))).toBe(
      'FORBIDDEN',
    )
    expect(await call('rate', { villageId: 'v1', requestId: id, rating: 'basically' }, 'resident')).toEqual({
      status: 'closed',
    })
    const doc = await stored(id)
    expect(doc).toMatchObject({ status: 'closed', rating: 'basically' })
    expect(code(await raw('rate', { villageId: 'v1', requestId: id, rating: 'unsatisfied' }, 'resident'))).toBe(
      'FAILED_PRECONDITION',
    )
    expect((await stored(id)).rating).toBe('basically')
  })
})

describe('the rating window', () => {
  it('closes the window after the village setting; rating later changes nothing', async () => {
    await db
      .collection(C.villages)
      .doc('v1')
      .update({ data: { settingsOverrides: { requestRatingDays: 2 } } })
    const id = await answered('自来水停了三天')
    await get(id, 'resident')
    await call('act', { villageId: 'v1', requestId: id, action: 'close' }, 'branch_secretary')
    at(clock + 2 * DAY - 1000)
    expect((await get(id, 'resident')).actions).toEqual(['rate'])
    at(clock + 1000)
    const late = await get(id, 'resident')
    expect(late.actions).toEqual([])
    expect(late.rateBy).toBeDefined()
    const r = await raw('rate', { villageId: 'v1', requestId: id, rating: 'unsatisfied' }, 'resident')
    expect(code(r)).toBe('FAILED_PRECONDITION')
    expect(!r.ok && r.error.message).toContain('2 天')
    expect((await stored(id)).rating ?? null).toBeNull()
  })

  it('lets the holder close once the window has passed since a reply the resident never opened', async () => {
    const id = await answered('门前排水沟堵了')
    at(clock + 2 * DAY - 1000)
    expect(code(await raw('act', { villageId: 'v1', requestId: id, action: 'close' }, 'branch_secretary'))).toBe(
      'FAILED_PRECONDITION',
    )
    at(clock + 1000)
    expect((await get(id, 'branch_secretary')).actions).toContain('close')
    await call('act', { villageId: 'v1', requestId: id, action: 'close' }, 'branch_secretary')
    await db
      .collection(C.villages)
      .doc('v1')
      .update({ data: { settingsOverrides: db.command.set({}) } })
  })
})

describe('a rating sent twice at once', () => {
  it('is recorded once and counted once in the month', async () => {
    const id = await answered('路灯坏了两盏')
    const month = async () =>
      ((await db.collection(C.request_stats).where({ villageId: 'v1' }).limit(100).get()) as any).data.reduce(
        (n: number, d: any) => n + (d.satisfied ?? 0),
        0,
      ) as number
    const before = await month()
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => raw('rate', { villageId: 'v1', requestId: id, rating: 'satisfied' }, 'resident')),
    )
    expect(answers.filter((a) => a.ok)).toHaveLength(1)
    for (const a of answers) if (!a.ok) expect(['CONFLICT', 'FAILED_PRECONDITION']).toContain(a.error.code)
    expect(await month()).toBe(before + 1)
  })
})
