import type { Envelope } from '../../common/errors'
import { invokeAs } from '../../local/wx-context'
import type { LocalCloud } from '../../local/cloud'
import { startTestCloud } from '../support/local-cloud'
import { C } from '../../cloudfunctions/_lib/collections'

type Main = (event: unknown, context: unknown) => Promise<Envelope<unknown>>

let cloud: LocalCloud
let main: Main
let sdk: typeof import('wx-server-sdk')

beforeAll(async () => {
  cloud = await startTestCloud()
  main = (await import('../../cloudfunctions/system')).main as Main
  sdk = (await import('wx-server-sdk')).default
})
afterAll(() => cloud.close())

const call = (event: unknown, openid = 'o-resident-1') =>
  invokeAs(main, event, { openid }) as Promise<Envelope<unknown>>

describe('system function through its real main and the real wx-server-sdk', () => {
  it('ping answers the server time and its Beijing date', async () => {
    const before = Date.now()
    const result = await call({ action: 'ping', data: {} })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const data = result.data as { serverTime: string; beijingDate: string }
    expect(Date.parse(data.serverTime)).toBeGreaterThanOrEqual(before - 1000)
    expect(data.beijingDate).toBe(new Date(Date.parse(data.serverTime) + 8 * 3600_000).toISOString().slice(0, 10))
  })

  it('refuses an unknown action with INVALID_ARGUMENT in Chinese', async () => {
    expect(await call({ action: 'dropDatabase', data: {} })).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: '未知的操作：dropDatabase' },
    })
  })

  it('refuses an event without an action, and data of the wrong type', async () => {
    const missing = await call({ data: {} })
    expect(!missing.ok && missing.error.code).toBe('INVALID_ARGUMENT')
    const wrongType = await call({ action: 'ping', data: 'hello' })
    expect(!wrongType.ok && wrongType.error.code).toBe('INVALID_ARGUMENT')
    expect(!wrongType.ok && wrongType.error.message).toMatch(/^提交的内容有误/)
  })

  it('whoami reads the binding of the caller only, also for concurrent callers', async () => {
    const db = sdk.database()
    await db.collection(C.bindings).add({
      data: {
        _id: 'o-secretary-1',
        memberships: [{ villageId: 'v-001', roles: ['branch_secretary', 'party_member'] }],
      },
    })
    const [secretary, stranger] = await Promise.all([
      call({ action: 'whoami', data: {} }, 'o-secretary-1'),
      call({ action: 'whoami', data: {} }, 'o-stranger-9'),
    ])
    expect(secretary).toEqual({
      ok: true,
      data: { bound: true, memberships: [{ villageId: 'v-001', roles: ['branch_secretary', 'party_member'] }] },
    })
    expect(stranger).toEqual({ ok: true, data: { bound: false, memberships: [] } })
  })

  it('subscribeTemplates hands out the configured template ids only (ids, not the field mapping)', async () => {
    const saved = process.env.XZ_SUBSCRIBE_TEMPLATES
    try {
      process.env.XZ_SUBSCRIBE_TEMPLATES = JSON.stringify({
        meeting_notice: { id: 'tpl-abc', fields: { thing1: '会议' } },
        meeting_reminder: { id: '  ', fields: {} },
        request_reply: { fields: {} },
      })
      expect(await call({ action: 'subscribeTemplates', data: {} }, 'o-stranger-9')).toEqual({
        ok: true,
        data: { templates: { meeting_notice: 'tpl-abc' } },
      })
      process.env.XZ_SUBSCRIBE_TEMPLATES = '{not json'
      expect(await call({ action: 'subscribeTemplates', data: {} })).toEqual({ ok: true, data: { templates: {} } })
      delete process.env.XZ_SUBSCRIBE_TEMPLATES
      expect(await call({ action: 'subscribeTemplates', data: {} })).toEqual({ ok: true, data: { templates: {} } })
    } finally {
      if (saved === undefined) delete process.env.XZ_SUBSCRIBE_TEMPLATES
      else process.env.XZ_SUBSCRIBE_TEMPLATES = saved
    }
  })
})
