/**
 * Once-only actions under concurrency, as one table: N identical calls sent at once (a double tap, a client
 * retrying on a weak network, an attacker replaying) produce exactly one effect. Rows that other test files
 * already prove are listed in docs/security.md (duty check-in, invitation binding, meeting sign-in, deliberation
 * votes, runOnce); the rows here cover the 红白理事会 filing flow and resends with one request id.
 *
 * Also the regressions found by the property tests (test/functions/fuzz.test.ts) in finished modules.
 */
import type { Envelope } from '../../common/errors'
import { beijingDate } from '../../common/rules/beijing-time'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, personIdOf, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
type Any = any // eslint-disable-line @typescript-eslint/no-explicit-any

const N = 20
let cloud: LocalCloud
const mains: Record<string, Main> = {}

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  for (const name of ['council', 'roster', 'duty', 'stars', 'meetings', 'grid', 'requests'])
    mains[name] = (await import(`../../cloudfunctions/${name}`)).main as Main
})
afterAll(() => cloud.close())

const SECRETARY = openidOf('branch_secretary')
const GRID_LEADER = openidOf('grid_leader')
const TOWNSHIP = openidOf('township_organiser')
const COUNTY = openidOf('county_organiser')
const today = () => beijingDate(Date.now())
const inDays = (n: number) => beijingDate(Date.now() + n * 86400_000)

const call = (fn: string, action: string, data: unknown, openid: string, requestId?: string) =>
  invokeAs(mains[fn]!, requestId ? { action, data, requestId } : { action, data }, { openid }) as Promise<Envelope<Any>>
async function ok<T = Any>(p: Promise<Envelope<Any>>): Promise<T> {
  const r = await p
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`)
  return r.data as T
}
const docs = (collection: string) => [...(cloud.engine.collections.get(collection)?.docs.values() ?? [])] as Any[]
const codes = (answers: Envelope<Any>[]) => answers.map((a) => (a.ok ? 'ok' : a.error.code)).sort()
const burst = (make: () => Promise<Envelope<Any>>) => Promise.all(Array.from({ length: N }, make))

describe(`once-only actions: ${N} identical concurrent calls, one effect`, () => {
  beforeAll(async () => {
    await ok(
      call(
        'council',
        'saveCouncil',
        {
          villageId: 'v1',
          chairPersonId: personIdOf('v1', 'branch_secretary'),
          members: [{ personId: personIdOf('v1', 'grid_leader'), gridIds: ['v1-g1'], groups: '一组' }],
          termStart: today(),
          termEnd: inDays(1000),
        },
        SECRETARY,
      ),
    )
  })

  it('council.file resent with one request id: one filing, one set of counters', async () => {
    const data = {
      villageId: 'v1',
      householdId: 'v1-h1',
      kind: 'other',
      eventDate: inDays(5),
      planned: { tables: 3, tableCostFen: 20000 },
    }
    const answers = await burst(() => call('council', 'file', data, GRID_LEADER, 'concurrent-file-000001'))
    const ids = new Set(answers.filter((a) => a.ok).map((a) => (a as Any).data.filingId))
    expect(ids.size).toBe(1)
    expect(docs(C.council_filings).filter((f) => f.kind === 'other')).toHaveLength(1)
    // Those not answered with the first answer were told to wait (CONFLICT, retryable), never INTERNAL.
    expect(codes(answers).filter((c) => c !== 'ok' && c !== 'CONFLICT')).toEqual([])
  })

  it('council.review resent with one request id: the filer is told once', async () => {
    const { filingId } = await ok(
      call(
        'council',
        'file',
        {
          villageId: 'v1',
          householdId: 'v1-h1',
          kind: 'other',
          eventDate: inDays(6),
          planned: { tables: 2, tableCostFen: 10000 },
        },
        openidOf('resident'),
      ),
    )
    const about = () => docs(C.notices).filter((n) => n.subject === `council:${filingId}`).length
    const before = about()
    const answers = await burst(() =>
      call(
        'council',
        'review',
        { villageId: 'v1', filingId, decision: 'approve' },
        GRID_LEADER,
        'concurrent-review-0001',
      ),
    )
    expect(answers.some((a) => a.ok)).toBe(true)
    expect(codes(answers).filter((c) => c !== 'ok' && c !== 'CONFLICT')).toEqual([])
    expect(about() - before).toBe(1)
  })

  it('council.recordActual: the filing is completed once and counted once', async () => {
    const { filingId } = await ok(
      call(
        'council',
        'file',
        {
          villageId: 'v1',
          householdId: 'v1-h2',
          kind: 'other',
          eventDate: today(),
          planned: { tables: 4, tableCostFen: 20000 },
        },
        GRID_LEADER,
      ),
    )
    const completedCount = () =>
      docs(C.council_stats)
        .filter((d) => d.villageId === 'v1')
        .reduce((n, d) => n + (d.completed ?? 0), 0)
    const countedBefore = completedCount()
    const answers = await burst(() =>
      call(
        'council',
        'recordActual',
        {
          villageId: 'v1',
          filingId,
          actual: { tables: 4, tableCostFen: 20000 },
          familyConfirmed: true,
          confirmedBy: '户主',
        },
        GRID_LEADER,
      ),
    )
    expect(codes(answers).filter((c) => c === 'ok')).toHaveLength(1)
    expect(codes(answers).filter((c) => c !== 'ok' && c !== 'FAILED_PRECONDITION' && c !== 'CONFLICT')).toEqual([])
    // One completed filing, counted once in the month counters the ledger and summaries read.
    expect(docs(C.council_filings).filter((f) => f.villageId === 'v1' && f.status === 'completed')).toHaveLength(1)
    expect(completedCount() - countedBefore).toBe(1)
  })

  it('council.reportToTownship: a funeral is reported once', async () => {
    const { filingId } = await ok(
      call(
        'council',
        'file',
        {
          villageId: 'v1',
          householdId: 'v1-h2',
          kind: 'funeral',
          eventDate: inDays(2),
          deathDate: today(),
          planned: { days: 3, tables: 8, tableCostFen: 25000 },
        },
        GRID_LEADER,
      ),
    )
    const answers = await burst(() => call('council', 'reportToTownship', { villageId: 'v1', filingId }, GRID_LEADER))
    expect(codes(answers).filter((c) => c === 'ok')).toHaveLength(1)
    expect(codes(answers).filter((c) => c !== 'ok' && c !== 'FAILED_PRECONDITION' && c !== 'CONFLICT')).toEqual([])
  })

  it('roster.createInvitation resent with one request id: one invitation', async () => {
    const before = docs(C.invitations).length
    const answers = await burst(() =>
      call(
        'roster',
        'createInvitation',
        { villageId: 'v1', personId: personIdOf('v1', 'household_head'), rebind: true },
        TOWNSHIP, // 更换微信 of someone else is the township's to issue (issue 21)
        'concurrent-invite-001',
      ),
    )
    expect(answers.some((a) => a.ok)).toBe(true)
    expect(docs(C.invitations).length - before).toBe(1)
  })
})

describe(`request transitions: ${N} identical concurrent presses, one transition`, () => {
  it('accept and escalate happen once; the timeline and the month counters say so', async () => {
    const { requestId } = await ok<{ requestId: string }>(
      call(
        'requests',
        'raise',
        { villageId: 'v1', category: 'help', description: '桥边护栏断了' },
        openidOf('resident'),
      ),
    )
    const accepts = await burst(() =>
      call('requests', 'act', { villageId: 'v1', requestId, action: 'accept' }, SECRETARY),
    )
    expect(accepts.filter((a) => a.ok)).toHaveLength(1)
    for (const a of accepts)
      if (!a.ok) expect(['CONFLICT', 'FAILED_PRECONDITION', 'INVALID_ARGUMENT']).toContain(a.error.code)
    const escalations = await burst(() =>
      call(
        'requests',
        'act',
        { villageId: 'v1', requestId, action: 'escalate', note: '需要乡里协调交通部门' },
        SECRETARY,
      ),
    )
    expect(escalations.filter((a) => a.ok)).toHaveLength(1)
    const request = docs(C.requests).find((r) => r._id === requestId)
    expect(request.timeline.map((t: { action: string }) => t.action)).toEqual(['raise', 'accept', 'escalate'])
    const escalatedInMonth = docs(C.request_stats)
      .filter((s) => s.villageId === 'v1')
      .reduce((sum, s) => sum + (Number(s.escalated) || 0), 0)
    expect(escalatedInMonth).toBe(1)
  })
})

describe('regressions found by the property tests', () => {
  it('a search with a control character is refused, not a crash (roster, council)', async () => {
    const nul = await call('roster', 'listPeople', { villageId: 'v1', query: 'a\u0000b' }, SECRETARY)
    expect(!nul.ok && nul.error.code).toBe('INVALID_ARGUMENT')
    const households = await call('roster', 'listHouseholds', { villageId: 'v1', query: '\u0007' }, SECRETARY)
    expect(!households.ok && households.error.code).toBe('INVALID_ARGUMENT')
    const council = await call('council', 'households', { villageId: 'v1', query: 'x\u0000' }, GRID_LEADER)
    expect(!council.ok && council.error.code).toBe('INVALID_ARGUMENT')
    // An ordinary search still works.
    expect((await call('roster', 'listPeople', { villageId: 'v1', query: 'v1' }, SECRETARY)).ok).toBe(true)
  })

  it('a month or period of year 0054 is refused, not a crash (duty, stars)', async () => {
    for (const [fn, action, data, who] of [
      ['duty', 'exceptions', { villageId: 'v1', month: '0054-10' }, SECRETARY],
      ['duty', 'villageMonth', { villageId: 'v1', month: '0999-01' }, SECRETARY],
      ['stars', 'refresh', { month: '0451-12' }, COUNTY],
      ['stars', 'submitAssessment', { villageId: 'v1', period: '0392-11' }, SECRETARY],
      ['stars', 'townshipDashboard', { townshipId: 't1', month: '1999-12' }, TOWNSHIP],
    ] as const) {
      const answer = await call(fn, action, data, who)
      expect([fn, action, !answer.ok && answer.error.code]).toEqual([fn, action, 'INVALID_ARGUMENT'])
    }
    expect((await call('duty', 'exceptions', { villageId: 'v1', month: '2026-03' }, SECRETARY)).ok).toBe(true)
  })

  it('a date that is not on the calendar is refused (meetings, council, duty, grid, requests)', async () => {
    const study = await call(
      'meetings',
      'declareStudy',
      { villageId: 'v1', title: '学习', hours: 1, date: '2026-02-30' },
      openidOf('party_member'),
    )
    expect(!study.ok && study.error.code).toBe('INVALID_ARGUMENT')
    const filing = await call(
      'council',
      'file',
      {
        villageId: 'v1',
        householdId: 'v1-h1',
        kind: 'other',
        eventDate: '2026-13-01',
        planned: { tables: 1, tableCostFen: 1 },
      },
      GRID_LEADER,
    )
    expect(!filing.ok && filing.error.code).toBe('INVALID_ARGUMENT')
    const day = await call('duty', 'saveDay', { villageId: 'v1', date: '0463-05-08', shifts: [] }, SECRETARY)
    expect(!day.ok && day.error.code).toBe('INVALID_ARGUMENT')
    const visit = await call(
      'grid',
      'recordVisit',
      { villageId: 'v1', householdId: 'v1-h1', date: '0569-17-10', met: '户主', situation: '正常' },
      SECRETARY,
    )
    expect(!visit.ok && visit.error.code).toBe('INVALID_ARGUMENT')
    const figures = await call('requests', 'villageFigures', { villageId: 'v1', month: '0054-10' }, SECRETARY)
    expect(!figures.ok && figures.error.code).toBe('INVALID_ARGUMENT')
  })
})
