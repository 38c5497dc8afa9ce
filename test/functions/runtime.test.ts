import { defineAction, defineFunction } from '../../common/contract'
import { AppError, type Envelope } from '../../common/errors'
import { PUBLIC } from '../../common/roles'
import { z } from '../../common/schema'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { C } from '../../cloudfunctions/_lib/collections'

const contract = defineFunction('probe', '测试用', {
  echo: defineAction({
    summary: '回显',
    roles: [PUBLIC],
    scope: 'public',
    input: z.object({ text: z.string().max(10) }),
    output: z.object({ text: z.string() }),
  }),
  boom: defineAction({
    summary: '抛出异常',
    roles: [PUBLIC],
    scope: 'public',
    input: z.object({}),
    output: z.object({}),
  }),
  refuse: defineAction({
    summary: '业务拒绝',
    roles: [PUBLIC],
    scope: 'public',
    input: z.object({}),
    output: z.object({}),
    errors: ['FAILED_PRECONDITION'],
  }),
  submit: defineAction({
    summary: '提交（写入）',
    roles: [PUBLIC],
    scope: 'public',
    audit: 'write',
    input: z.object({ text: z.string() }),
    output: z.object({ id: z.string() }),
  }),
  cadreOnly: defineAction({
    summary: '仅书记',
    roles: ['branch_secretary'],
    scope: 'self',
    input: z.object({}),
    output: z.object({ villageId: z.string() }),
  }),
  cadreWrite: defineAction({
    summary: '书记写入：先读后写',
    roles: ['branch_secretary'],
    scope: 'self',
    audit: 'write',
    input: z.object({ text: z.string(), grantedFirst: z.boolean() }),
    output: z.object({ roles: z.array(z.string()), read: z.number() }),
  }),
})

let cloud: LocalCloud
let main: (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
const seen: unknown[] = []
const submitted: string[] = []

beforeAll(async () => {
  cloud = await startTestCloud()
  const { createMain } = await import('../../cloudfunctions/_lib/runtime')
  const { db } = await import('../../cloudfunctions/_lib/cloud')
  main = createMain(contract, {
    async echo(input) {
      seen.push(input)
      return { text: input.text, secretIdNumber: '410000199001011234' } as { text: string }
    },
    async boom() {
      throw new Error('connection string mongodb://admin:hunter2@db')
    },
    async refuse() {
      throw new AppError('FAILED_PRECONDITION', '议题已公开，不能再修改')
    },
    async submit(input, ctx) {
      if (input.text === 'bad') throw new AppError('INVALID_ARGUMENT', '内容不合规')
      // Its effect goes through ctx.db, as every handler's does: a resend's write never passes the runtime's gate.
      await ctx.db.collection(C.files).add({ data: { probe: 'submit', text: input.text } })
      submitted.push(input.text)
      return { id: `doc-${submitted.length}` }
    },
    async cadreOnly(_input, ctx) {
      const principal = await ctx.principal()
      return { villageId: principal.memberships[0]!.villageId! }
    },
    async cadreWrite(input, ctx) {
      const roles = input.grantedFirst ? ctx.granted.flatMap((m) => m.roles) : []
      const read = (await ctx.db.collection(C.files).where({ probe: 'cadre' }).count()) as { total: number }
      await ctx.db.collection(C.files).add({ data: { probe: 'cadre', text: input.text } })
      return { roles: input.grantedFirst ? roles : ctx.granted.flatMap((m) => m.roles), read: read.total }
    },
  })
  await db
    .collection(C.bindings)
    .add({ data: { _id: 'o-sec', memberships: [{ villageId: 'v-9', roles: ['branch_secretary'] }] } })
  await db
    .collection(C.bindings)
    .add({ data: { _id: 'o-res', memberships: [{ villageId: 'v-9', roles: ['resident'] }] } })
})
afterAll(() => cloud.close())

let timerMain: typeof main
const swept: string[] = []
beforeAll(async () => {
  const { createMain } = await import('../../cloudfunctions/_lib/runtime')
  const noop = async () => ({})
  timerMain = createMain(
    contract,
    {
      echo: async (input) => input,
      boom: noop,
      refuse: noop,
      submit: async () => {
        swept.push('timer')
        return { id: 'swept' }
      },
      cadreOnly: async () => ({ villageId: '' }),
      cadreWrite: async () => ({ roles: [], read: 0 }),
    },
    { timerAction: 'submit' },
  )
})

const call = (event: unknown, openid = 'o-anyone') => invokeAs(main, event, { openid }) as Promise<Envelope<unknown>>

describe('createMain: the convention every cloud function follows', () => {
  it('validates input before the handler runs', async () => {
    seen.length = 0
    const result = await call({ action: 'echo', data: { text: 'far too long for ten' } })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_ARGUMENT')
      expect(result.error.fields?.[0]?.path).toBe('text')
    }
    expect(seen).toEqual([])
  })

  it('passes NoSQL operators through to no handler', async () => {
    seen.length = 0
    const result = await call({ action: 'echo', data: { text: { $ne: null } } })
    expect(!result.ok && result.error.code).toBe('INVALID_ARGUMENT')
    expect(seen).toEqual([])
  })

  it('trims the result to the declared output, so undeclared fields never leave the function', async () => {
    expect(await call({ action: 'echo', data: { text: 'hi', extra: 1 } })).toEqual({ ok: true, data: { text: 'hi' } })
    expect(seen.at(-1)).toEqual({ text: 'hi' })
  })

  it('answers INTERNAL for a thrown error without leaking its detail', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const result = await call({ action: 'boom', data: {} })
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后重试' } })
    expect(JSON.stringify(result)).not.toContain('hunter2')
    expect(spy).toHaveBeenCalled()
    spy.mockRestore()
  })

  it('answers an AppError with its own code and message', async () => {
    expect(await call({ action: 'refuse', data: {} })).toEqual({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: '议题已公开，不能再修改' },
    })
  })

  it('checks roles on the server: unbound, wrong role, right role', async () => {
    expect(await call({ action: 'cadreOnly', data: {} }, 'o-nobody')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    })
    expect(await call({ action: 'cadreOnly', data: {} }, 'o-res')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    expect(await call({ action: 'cadreOnly', data: {} }, 'o-sec')).toEqual({ ok: true, data: { villageId: 'v-9' } })
  })

  it('starts the handler with the access check, but lets none of its writes through for a refused caller', async () => {
    const written = async (text: string) => {
      const { db } = await import('../../cloudfunctions/_lib/cloud')
      return ((await db.collection(C.files).where({ probe: 'cadre', text }).count()) as { total: number }).total
    }
    for (const openid of ['o-nobody', 'o-res']) {
      const result = await call({ action: 'cadreWrite', data: { text: `by-${openid}`, grantedFirst: false } }, openid)
      expect(result.ok).toBe(false)
      await new Promise((resolve) => setTimeout(resolve, 50)) // a speculative write would have landed by now
      expect(await written(`by-${openid}`)).toBe(0)
    }
    // Read before the check answered, ctx.granted makes the handler run again once it has: the same answer.
    for (const grantedFirst of [false, true]) {
      const text = `sec-${grantedFirst}`
      expect(await call({ action: 'cadreWrite', data: { text, grantedFirst } }, 'o-sec')).toMatchObject({
        ok: true,
        data: { roles: ['branch_secretary'] },
      })
      expect(await written(text)).toBe(1)
    }
  })

  it("sends the binding read with the handler's first read, and the audit entry after its write: 3 steps", async () => {
    const { runMeasured } = await import('../../local/cloud')
    const { newMetrics } = await import('../../local/cloud/metrics')
    const metrics = newMetrics()
    const event = { action: 'cadreWrite', data: { text: 'depth', grantedFirst: false } }
    const result = await runMeasured({ caller: { openid: 'o-sec' }, metrics }, () =>
      invokeAs(main, event, { openid: 'o-sec' }),
    )
    expect(result).toMatchObject({ ok: true })
    // binding ‖ count, then the write, then the audit entry: 4 requests, 3 one after another.
    expect(metrics.roundTrips).toBe(4)
    expect(metrics.depth).toBe(3)
  })

  it('does not let an inherited property name act as an action', async () => {
    expect(await call({ action: 'constructor', data: {} })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    })
    expect(await call({ action: '__proto__', data: {} })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    })
  })

  it('does a write resent with the same request id once, answering the resend with the first answer', async () => {
    submitted.length = 0
    const event = { action: 'submit', data: { text: '走访记录' }, requestId: 'r-0123456789abcdef' }
    const first = await call(event, 'o-member')
    const resend = await call(event, 'o-member')
    expect(first).toEqual({ ok: true, data: { id: 'doc-1' } })
    expect(resend).toEqual(first)
    expect(submitted).toEqual(['走访记录'])
    // Without a request id, or with another one, it is a new submission.
    expect(await call({ action: 'submit', data: { text: '第二条' } }, 'o-member')).toEqual({
      ok: true,
      data: { id: 'doc-2' },
    })
    expect(await call({ ...event, requestId: 'r-fedcba9876543210' }, 'o-member')).toEqual({
      ok: true,
      data: { id: 'doc-3' },
    })
  })

  it('lets a refused write be corrected and resent with the same request id', async () => {
    submitted.length = 0
    const requestId = 'r-aaaabbbbccccdddd'
    expect(await call({ action: 'submit', data: { text: 'bad' }, requestId }, 'o-member')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    })
    expect(await call({ action: 'submit', data: { text: 'good' }, requestId }, 'o-member')).toEqual({
      ok: true,
      data: { id: 'doc-1' },
    })
    expect(submitted).toEqual(['good'])
  })

  it('refuses a malformed request id', async () => {
    expect(await call({ action: 'submit', data: { text: 'x' }, requestId: { $gt: '' } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    })
  })

  it('runs the declared timer action for a CloudBase timer event, and only without a user', async () => {
    swept.length = 0
    const timer = { Type: 'Timer', TriggerName: 'notify', Time: '2026-11-27T04:00:00Z', Message: '' }
    expect(await invokeAs(timerMain, timer, { openid: '' })).toEqual({ ok: true, data: { id: 'swept' } })
    expect(swept).toEqual(['timer'])
    // A mini-program user sending a timer-shaped event gets nothing run.
    expect(await invokeAs(timerMain, timer, { openid: 'o-user' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    })
    expect(await call(timer, '')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(swept).toEqual(['timer'])
  })
})
