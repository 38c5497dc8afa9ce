/**
 * Rate limits on actions that can be abused (issue 13): raising requests, guessing meeting sign-in codes.
 * Invitation redemption and duty codes have their own tests (identity.test.ts, duty.test.ts).
 */
import type { Envelope } from '../../common/errors'
import { MEETING_CODE_LIMIT, REQUEST_RAISE_LIMIT } from '../../common/rules/rate-limit'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, personIdOf, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
let requests: Main
let meetings: Main
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  requests = (await import('../../cloudfunctions/requests')).main as Main
  meetings = (await import('../../cloudfunctions/meetings')).main as Main
  db = (await import('../../cloudfunctions/_lib/cloud')).db
})
afterAll(() => cloud.close())

const call = (main: Main, action: string, data: unknown, openid: string) =>
  invokeAs(main, { action, data }, { openid }) as Promise<Envelope<unknown>>
const code = (r: Envelope<unknown>) => (r.ok ? 'ok' : r.error.code)

describe('rate limits', () => {
  it(`stop a resident after ${REQUEST_RAISE_LIMIT.max} requests in a day, with a clear message, and record nothing more`, async () => {
    const resident = openidOf('resident')
    const raise = (i: number) =>
      call(requests, 'raise', { villageId: 'v1', category: 'help', description: `第 ${i} 件：路灯坏了` }, resident)
    for (let i = 1; i <= REQUEST_RAISE_LIMIT.max; i++) expect(code(await raise(i))).toBe('ok')
    const refused = await raise(REQUEST_RAISE_LIMIT.max + 1)
    expect(refused).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } })
    if (!refused.ok)
      expect(refused.error.message).toMatch(/今天提出的诉求已经很多了，请于 \d{2}-\d{2} \d{2}:\d{2} 后再试/)
    const total = ((await db.collection(C.requests).where({ villageId: 'v1' }).count()) as { total: number }).total
    expect(total).toBe(REQUEST_RAISE_LIMIT.max)
    // Another person of the village is not affected.
    expect(
      code(
        await call(
          requests,
          'raise',
          { villageId: 'v1', category: 'help', description: '村东水渠堵了' },
          openidOf('party_member'),
        ),
      ),
    ).toBe('ok')
  })

  it(`pause a member after ${MEETING_CODE_LIMIT.max} wrong meeting sign-in codes`, async () => {
    const secretary = openidOf('branch_secretary')
    const start = Date.now() + 3 * 24 * 3600_000
    const called = await call(
      meetings,
      'callMeeting',
      {
        villageId: 'v1',
        kind: 'branch_assembly',
        topic: '研究本月工作',
        agenda: '一、学习；二、讨论',
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 2 * 3600_000).toISOString(),
        place: '村党群服务中心',
        chairPersonId: personIdOf('v1', 'branch_secretary'),
        recorderPersonId: personIdOf('v1', 'branch_committee_member'),
        remoteOpen: false,
      },
      secretary,
    )
    if (!called.ok) throw new Error(`callMeeting: ${called.error.code} ${called.error.message}`)
    const meetingId = (called.data as { meetingId: string }).meetingId
    // The meeting started ten minutes ago: sign-in is open.
    const began = Date.now() - 10 * 60_000
    await db
      .collection(C.meetings)
      .doc(meetingId)
      .update({ data: { startsAt: new Date(began), endsAt: new Date(began + 2 * 3600_000) } })
    const signIn = (digits: string) =>
      call(meetings, 'signIn', { villageId: 'v1', meetingId, mode: 'in_person', code: digits }, secretary)
    for (let i = 0; i < MEETING_CODE_LIMIT.max; i++) expect(code(await signIn('000000'))).toBe('FAILED_PRECONDITION')
    expect(code(await signIn('000000'))).toBe('RATE_LIMITED')
  })
})
