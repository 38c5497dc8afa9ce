/** cloud.callFunction between functions, with the caller's identity, and per-invocation metrics scopes. */
import { runInScope, runMeasured, type Metrics } from '../../local/cloud'
import { rejection, startWithSdk, type Harness } from './support'

let h: Harness
const calls: Array<{ name: string; event: unknown; caller: { openid: string; source?: string } }> = []

beforeAll(async () => {
  h = await startWithSdk()
  await h.db.collection('notes').add({
    data: [
      { _id: 'n1', v: 1 },
      { _id: 'n2', v: 2 },
    ],
  })
  h.cloud.setFunctionInvoker(async (name, event, caller) => {
    calls.push({ name, event, caller })
    if (name === 'boom') throw new Error('exploded')
    await new Promise((r) => setTimeout(r, 5))
    return { echoed: event, openid: caller.openid }
  })
})
afterAll(() => h.cloud.close())

beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => {}))
afterEach(() => jest.restoreAllMocks())

const freshMetrics = (): Metrics => ({ roundTrips: 0, writes: 0, examined: 0, returned: 0, depth: 0 })

test('callFunction reaches the invoker with the event, the caller identity and source wx_server', async () => {
  const res = await runInScope({ caller: { openid: 'user-a' } }, async () => {
    await new Promise((r) => setTimeout(r, 1))
    return h.sdk.callFunction({ name: 'other', data: { x: 1 } })
  })
  expect(res.result).toEqual({ echoed: { x: 1 }, openid: 'user-a' })
  expect(calls.at(-1)).toEqual({ name: 'other', event: { x: 1 }, caller: { openid: 'user-a', source: 'wx_server' } })
})

test('concurrent callers never see each other’s identity', async () => {
  const users = Array.from({ length: 12 }, (_, i) => `user-${i}`)
  const results = await Promise.all(
    users.map((openid) =>
      runInScope({ caller: { openid } }, async () => {
        await h.db.collection('notes').doc('n1').get()
        return (await h.sdk.callFunction({ name: 'whoami', data: { openid } })).result
      }),
    ),
  )
  results.forEach((r: { echoed: { openid: string }; openid: string }, i) => {
    expect(r.openid).toBe(users[i])
    expect(r.echoed.openid).toBe(users[i])
  })
})

test('a failing callee surfaces as a callFunction error', async () => {
  const error = await rejection(runInScope({ caller: { openid: 'u' } }, () => h.sdk.callFunction({ name: 'boom' })))
  expect(error.errMsg).toContain('exploded')
})

test('metrics are attributed to the scope that made the requests, also under concurrency', async () => {
  const a = freshMetrics()
  const b = freshMetrics()
  await Promise.all([
    runInScope({ metrics: a }, async () => {
      await h.db.collection('notes').doc('n1').get()
      await h.db.collection('notes').where({ v: 2 }).get()
    }),
    runInScope({ metrics: b }, async () => {
      await h.db.collection('notes').count()
    }),
  ])
  expect(a).toEqual({ roundTrips: 2, writes: 0, examined: 1 + 2, returned: 2, depth: 0 })
  expect(b).toEqual({ roundTrips: 1, writes: 0, examined: 2, returned: 0, depth: 0 })
})

test('sequential depth: requests one after another add up, requests sent together count once', async () => {
  const one = freshMetrics()
  const together = freshMetrics()
  await Promise.all([
    runMeasured({ metrics: one }, async () => {
      await h.db.collection('notes').doc('n1').get()
      await h.db.collection('notes').where({ v: 2 }).get()
      await h.db.collection('notes').add({ data: { v: 9 } })
    }),
    runMeasured({ metrics: together }, async () => {
      await Promise.all([h.db.collection('notes').count(), h.db.collection('notes').doc('n1').get()])
      await Promise.all([h.db.collection('notes').where({ v: 2 }).get(), h.db.collection('notes').count()])
    }),
  ])
  expect(one).toMatchObject({ roundTrips: 3, writes: 1, depth: 3 })
  expect(together).toMatchObject({ roundTrips: 4, writes: 0, depth: 2 })
})
