/* eslint-disable @typescript-eslint/no-explicit-any -- stored documents are read loosely here */
/**
 * Notices the request rules imply (issue 22, domain rules §6), through the real requests main against the local
 * cloud, at their boundaries on the test clock: the verify deadline passed (to the holder and the township), the
 * reply deadline approaching (to the holder) and passed (to the holder and the township), each once per level;
 * a hand-up tells the receiving level's organisers at once.
 */
import type { Envelope } from '../../common/errors'
import type { Role } from '../../common/roles'
import { resolveSoonFrom } from '../../common/rules/request-reminders'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { C } from '../../cloudfunctions/_lib/collections'
import { startTestCloud } from '../support/local-cloud'
import { REAL_TIMERS } from '../support/test-now'
import { openidOf, orgDocs, personIdOf, writeDocs } from './org-fixture'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
let main: Main
let db: typeof import('../../cloudfunctions/_lib/cloud').db

/** Sets the clock (Date only; timers stay real so the SDK works). */
const at = (instant: Date | number) => jest.useFakeTimers({ now: new Date(instant), doNotFake: [...REAL_TIMERS] })

beforeAll(async () => {
  at(new Date('2026-03-02T01:00:00.000Z')) // Monday 09:00 Beijing
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  main = (await import('../../cloudfunctions/requests')).main as Main
  ;({ db } = await import('../../cloudfunctions/_lib/cloud'))
})
afterAll(async () => {
  jest.useRealTimers()
  await cloud.close()
})

const call = async (action: string, data: Record<string, unknown>, role: Role) => {
  const r = (await invokeAs(main, { action, data }, { openid: openidOf(role) })) as Envelope<any>
  if (!r.ok) throw new Error(`${action}: ${r.error.code} ${r.error.message}`)
  return r.data
}
/** The timer trigger, as CloudBase calls it: no user, no action. */
const sweep = async () => {
  const r = (await invokeAs(
    main,
    { Type: 'Timer', TriggerName: 'deadlines', Time: '' },
    { openid: '' },
  )) as Envelope<any>
  if (!r.ok) throw new Error(`sweep: ${r.error.code} ${r.error.message}`)
  return r.data as { checked: number; requests: number; notices: number }
}
const noticesOf = async (requestId: string) =>
  ((
    (await db
      .collection(C.notices)
      .where({ page: db.RegExp({ regexp: requestId }) })
      .limit(100)
      .get()) as any
  ).data ?? []) as { template: string; title: string; personId: string; openid: string | null; lines: any[] }[]
const SECRETARY = personIdOf('v1', 'branch_secretary')

describe('deadline notices of a request, at the boundaries', () => {
  let requestId = ''
  let verifyBy = 0
  let resolveBy = 0
  let raisedAt = 0

  beforeAll(async () => {
    const raised = await call(
      'raise',
      { villageId: 'v1', category: 'help', description: '村东路灯坏了三盏，晚上看不见路，联系电话13838001234' },
      'resident',
    )
    requestId = raised.requestId
    const [doc] = ((await db.collection(C.requests).where({ _id: requestId }).get()) as any).data
    verifyBy = new Date(doc.verifyBy).getTime()
    resolveBy = new Date(doc.resolveBy).getTime()
    raisedAt = new Date(doc.raisedAt).getTime()
  })

  it('the verify deadline: nothing a millisecond before, then the holder and the township, once', async () => {
    at(verifyBy - 1)
    await sweep()
    expect(await noticesOf(requestId)).toEqual([])
    at(verifyBy)
    expect(await sweep()).toMatchObject({ requests: 1 })
    const sent = await noticesOf(requestId)
    expect(sent.map((n) => [n.template, n.title, n.personId]).sort()).toEqual(
      [
        ['request_deadline', '诉求已超过核实期限', SECRETARY],
        ['request_deadline', '诉求已超过核实期限（村级在办）', expect.any(String)],
      ].sort(),
    )
    expect(sent.find((n) => n.title.includes('村级在办'))!.openid).toBe(openidOf('township_organiser'))
    // The phone in the request never reaches a notice.
    expect(JSON.stringify(sent)).not.toContain('13838001234')
    at(verifyBy + 60_000)
    expect(await sweep()).toMatchObject({ requests: 0 })
    expect(await noticesOf(requestId)).toHaveLength(2)
  })

  it('the reply deadline approaching: to the holder only, from its lead time on', async () => {
    await call('act', { villageId: 'v1', requestId, action: 'accept' }, 'branch_secretary')
    const soon = resolveSoonFrom({ raisedAt, resolveBy }).getTime()
    at(soon - 1)
    await sweep()
    expect(await noticesOf(requestId)).toHaveLength(2)
    at(soon)
    await sweep()
    const sent = (await noticesOf(requestId)).filter((n) => n.title === '诉求答复期限快到了')
    expect(sent.map((n) => n.personId)).toEqual([SECRETARY])
  })

  it('the reply deadline passed: from its instant on, to the holder and the township, once', async () => {
    at(resolveBy - 1)
    await sweep()
    expect((await noticesOf(requestId)).filter((n) => n.title.startsWith('诉求已超过答复期限'))).toEqual([])
    at(resolveBy)
    await sweep()
    await sweep()
    const passed = (await noticesOf(requestId)).filter((n) => n.title.startsWith('诉求已超过答复期限'))
    expect(passed.map((n) => n.title).sort()).toEqual(['诉求已超过答复期限', '诉求已超过答复期限（村级在办）'])
  })

  it('a hand-up tells the receiving township at once', async () => {
    await call(
      'act',
      { villageId: 'v1', requestId, action: 'escalate', note: '需要乡镇协调供电所' },
      'branch_secretary',
    )
    const up = (await noticesOf(requestId)).filter((n) => n.template === 'request_escalated')
    expect(up).toEqual([
      expect.objectContaining({ title: '有诉求上报到乡镇，请办理', openid: openidOf('township_organiser') }),
    ])
    expect(up[0]!.lines).toContainEqual({ label: '上报理由', value: '需要乡镇协调供电所' })
  })

  it('an answered request is not reminded', async () => {
    const { requestId: other } = await call(
      'raise',
      { villageId: 'v1', category: 'enquiry', description: '想问一下医保缴费截止到哪天' },
      'resident',
    )
    await call('act', { villageId: 'v1', requestId: other, action: 'accept' }, 'branch_secretary')
    await call(
      'act',
      { villageId: 'v1', requestId: other, action: 'reply', reply: '本月底前在村委会缴纳' },
      'branch_secretary',
    )
    at(Date.now() + 30 * 86_400_000)
    await sweep()
    expect((await noticesOf(other)).filter((n) => n.template === 'request_deadline')).toEqual([])
  })
})
