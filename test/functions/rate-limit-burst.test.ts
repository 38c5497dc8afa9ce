/**
 * Rate limits under concurrency (issue 21, finding 5): a burst of 50 parallel calls gets exactly the limit through —
 * requests raised (20 a day), invitation guesses (5), duty codes (10), meeting codes (10). Before the atomic slot
 * (cloudfunctions/_lib/rate-limit.ts `takeSlot`) each call read the counter, passed, and wrote it back: 57, 29, 17
 * and 21 got through.
 */
import type { Envelope } from '../../common/errors'
import { MAX_WRONG_ATTEMPTS } from '../../common/rules/invitation-code'
import { MEETING_CODE_LIMIT, REQUEST_RAISE_LIMIT } from '../../common/rules/rate-limit'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, personIdOf, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'
import { MAX_WRONG_CODES } from '../../cloudfunctions/duty/store'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
let fns: Record<'requests' | 'account' | 'duty' | 'meetings', Main>
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any

const BURST = 50

beforeAll(async () => {
  // The SDK warns of calls over 3 s: 50 at once on a loaded machine.
  jest.spyOn(console, 'warn').mockImplementation(() => {})
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  fns = {
    requests: (await import('../../cloudfunctions/requests')).main as Main,
    account: (await import('../../cloudfunctions/account')).main as Main,
    duty: (await import('../../cloudfunctions/duty')).main as Main,
    meetings: (await import('../../cloudfunctions/meetings')).main as Main,
  }
  db = (await import('../../cloudfunctions/_lib/cloud')).db
})
afterAll(() => cloud.close())

const call = (main: Main, action: string, data: unknown, openid: string) =>
  invokeAs(main, { action, data }, { openid }) as Promise<Envelope<unknown>>

/** 50 calls at once; the answers' codes counted. */
async function burst(make: (i: number) => Promise<Envelope<unknown>>): Promise<Record<string, number>> {
  const answers = await Promise.all(Array.from({ length: BURST }, (_, i) => make(i)))
  const counts: Record<string, number> = {}
  for (const a of answers) {
    const key = a.ok ? 'ok' : a.error.code
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}

describe(`a burst of ${BURST} parallel calls gets exactly the limit through`, () => {
  it(`requests raised: ${REQUEST_RAISE_LIMIT.max} a day`, async () => {
    const resident = openidOf('resident')
    const counts = await burst((i) =>
      call(fns.requests, 'raise', { villageId: 'v1', category: 'help', description: `第 ${i} 件：路灯坏了` }, resident),
    )
    expect(counts).toEqual({ ok: REQUEST_RAISE_LIMIT.max, RATE_LIMITED: BURST - REQUEST_RAISE_LIMIT.max })
    const stored = await db
      .collection(C.requests)
      .where({ villageId: 'v1', residentPersonId: personIdOf('v1', 'resident') })
      .count()
    expect(stored.total).toBe(REQUEST_RAISE_LIMIT.max)
  })

  it(`invitation guesses: ${MAX_WRONG_ATTEMPTS} wrong codes`, async () => {
    const counts = await burst((i) =>
      call(fns.account, 'redeemInvitation', { code: `ZZZZZ-ZZ${'ABCDEFGHJK'[i % 10]}${'ABCDE'[i % 5]}Z` }, 'o-guesser'),
    )
    expect(counts).toEqual({ NOT_FOUND: MAX_WRONG_ATTEMPTS, RATE_LIMITED: BURST - MAX_WRONG_ATTEMPTS })
  })

  it(`duty codes: ${MAX_WRONG_CODES} wrong codes`, async () => {
    const secretary = openidOf('first_secretary')
    const here = { latitude: 32.5, longitude: 112.3, accuracy: 20 }
    const counts = await burst(() =>
      call(fns.duty, 'checkIn', { villageId: 'v1', location: here, code: '000000' }, secretary),
    )
    expect(counts).toEqual({ FAILED_PRECONDITION: MAX_WRONG_CODES, RATE_LIMITED: BURST - MAX_WRONG_CODES })
  })

  it(`meeting codes: ${MEETING_CODE_LIMIT.max} wrong codes`, async () => {
    const secretary = openidOf('branch_secretary')
    const start = Date.now() + 3 * 24 * 3600_000
    const called = await call(
      fns.meetings,
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
    const began = Date.now() - 10 * 60_000
    await db
      .collection(C.meetings)
      .doc(meetingId)
      .update({ data: { startsAt: new Date(began), endsAt: new Date(began + 2 * 3600_000) } })
    const counts = await burst(() =>
      call(fns.meetings, 'signIn', { villageId: 'v1', meetingId, mode: 'in_person', code: '000000' }, secretary),
    )
    expect(counts).toEqual({
      FAILED_PRECONDITION: MEETING_CODE_LIMIT.max,
      RATE_LIMITED: BURST - MEETING_CODE_LIMIT.max,
    })
  })
})
