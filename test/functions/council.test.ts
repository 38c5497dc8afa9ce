/**
 * 红白理事会 through the real function and the real SDK: council, versioned standards, filings checked against
 * the version in force on the event date, review, actual figures and savings, the ledger counters, the public
 * board and the township/county summaries; bad input and role checks.
 */
import type { Envelope } from '../../common/errors'
import { beijingDate } from '../../common/rules/beijing-time'
import { COUNTER_KEYS, contribution, addCounters, type LedgerFacts } from '../../common/rules/council-standards'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, personIdOf, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'
import { notInLastMinutesOfDay, startTestClockAt, TEST_NOW } from '../support/test-now'

// Fixtures and assertions here take "today" at different moments; at 23:59:59 (the time matrix) the day would turn
// between them, so this file starts at 00:00:30 of the next day instead, still a day boundary.
startTestClockAt(notInLastMinutesOfDay(TEST_NOW, 5))

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
let council: Main
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  council = (await import('../../cloudfunctions/council')).main as Main
  db = (await import('../../cloudfunctions/_lib/cloud')).db
})
afterAll(() => cloud.close())

const SECRETARY = openidOf('branch_secretary')
const GRID_LEADER = openidOf('grid_leader')
const RESIDENT = openidOf('resident')
const PARTY_MEMBER = openidOf('party_member')
const REPRESENTATIVE = openidOf('villager_representative')
const TOWNSHIP = openidOf('township_organiser')
const COUNTY = openidOf('county_organiser')

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any
async function call(action: string, data: unknown, openid: string, requestId?: string): Promise<Envelope<Any>> {
  return (await invokeAs(council, requestId ? { action, data, requestId } : { action, data }, {
    openid,
  })) as Envelope<Any>
}
async function ok(promise: Promise<Envelope<Any>>): Promise<Any> {
  const result = await promise
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.data
}
async function err(
  promise: Promise<Envelope<Any>>,
): Promise<{ code: string; message: string; fields?: { path: string }[] }> {
  const result = await promise
  if (result.ok) throw new Error(`expected an error, got ok: ${JSON.stringify(result.data).slice(0, 200)}`)
  return result.error
}

const DAY = 86400_000
const today = () => beijingDate(Date.now())
const inDays = (n: number) => beijingDate(Date.now() + n * DAY)

const STANDARD = {
  wedding: {
    betrothalGiftCapFen: 3_000_000,
    engagementGuestsCap: 15,
    carsCap: 10,
    tablesCap: 20,
    tableCostCapFenRural: 30_000,
    tableCostCapFenTown: 48_000,
    giftMoneyCapFen: 10_000,
  },
  funeral: { daysCap: 3, tablesCap: 10, tableCostCapFen: 30_000, reportToTownship: true, reportDeadlineHours: 24 },
  rules: '红事新办，白事简办；不燃放大型烟花。',
  baseline: { weddingFen: 15_000_000, funeralFen: 4_000_000, otherFen: null, source: '2019年村里对30户的调查' },
}
const WEDDING = {
  betrothalGiftFen: 2_800_000,
  engagementGuests: 12,
  cars: 6,
  tables: 15,
  tableCostFen: 20_000,
  giftMoneyFen: 10_000,
}

async function fileWedding(openid: string, extra: Record<string, unknown> = {}, requestId?: string) {
  return call(
    'file',
    { villageId: 'v1', householdId: 'v1-h1', kind: 'wedding', eventDate: today(), planned: WEDDING, ...extra },
    openid,
    requestId,
  )
}

async function statsOf(villageId: string) {
  const { data } = await db.collection(C.council_stats).where({ villageId }).limit(100).get()
  return addCounters(...data)
}

/** The counters recomputed from the filings themselves: the incremental aggregates must always equal this. */
async function recount(villageId: string) {
  const { data } = await db.collection(C.council_filings).where({ villageId }).limit(1000).get()
  return addCounters(
    ...data.map((f: Any) =>
      contribution({
        kind: f.kind,
        status: f.status,
        compliance: f.compliance,
        funeral: f.funeral ?? undefined,
        savings: f.savings ?? null,
      } as LedgerFacts),
    ),
  )
}

describe('the standards', () => {
  it('before the village adopts its own, the county default (version 0) applies and the branch secretary may review', async () => {
    const c = await ok(call('getCouncil', { villageId: 'v1' }, SECRETARY))
    expect(c.council).toBeNull()
    expect(c.standards.map((s: Any) => s.version)).toEqual([0])
    expect(c.standards[0].wedding.betrothalGiftCapFen).toBe(3_000_000)
    expect(c.me).toMatchObject({ canFile: true, canReview: true, canManage: true, fileScope: 'all' })
    const resident = await ok(call('getCouncil', { villageId: 'v1' }, RESIDENT))
    expect(resident.me).toMatchObject({ canFile: true, canReview: false, canManage: false, fileScope: 'household' })
  })

  it('a new version effective today is version 1; a date in the past is refused', async () => {
    const past = await err(call('addStandard', { villageId: 'v1', effectiveFrom: inDays(-1), ...STANDARD }, SECRETARY))
    expect(past.code).toBe('FAILED_PRECONDITION')
    const v1 = await ok(call('addStandard', { villageId: 'v1', effectiveFrom: today(), ...STANDARD }, SECRETARY))
    expect(v1).toEqual({ version: 1, effectiveFrom: today() })
    const c = await ok(call('getCouncil', { villageId: 'v1' }, SECRETARY))
    expect(c.current).toBe(1)
    expect(c.standards.map((s: Any) => s.version)).toEqual([1, 0])
  })

  it('refuses negative and fractional caps, and a baseline without its source', async () => {
    const negative = await err(
      call(
        'addStandard',
        {
          villageId: 'v1',
          effectiveFrom: inDays(5),
          ...STANDARD,
          wedding: { ...STANDARD.wedding, betrothalGiftCapFen: -1 },
        },
        SECRETARY,
      ),
    )
    expect(negative.code).toBe('INVALID_ARGUMENT')
    expect(negative.message).toMatch(/不能是负数/)
    const fraction = await err(
      call(
        'addStandard',
        {
          villageId: 'v1',
          effectiveFrom: inDays(5),
          ...STANDARD,
          wedding: { ...STANDARD.wedding, tableCostCapFenRural: 300.5 },
        },
        SECRETARY,
      ),
    )
    expect(fraction.code).toBe('INVALID_ARGUMENT')
    const noSource = await err(
      call(
        'addStandard',
        { villageId: 'v1', effectiveFrom: inDays(5), ...STANDARD, baseline: { ...STANDARD.baseline, source: '' } },
        SECRETARY,
      ),
    )
    expect(noSource.fields?.[0]?.path).toBe('baseline.source')
  })

  it('only the secretary, first secretary and organisers adopt standards or appoint the council', async () => {
    expect(
      (await err(call('addStandard', { villageId: 'v1', effectiveFrom: inDays(5), ...STANDARD }, GRID_LEADER))).code,
    ).toBe('FORBIDDEN')
    expect(
      (
        await err(
          call(
            'saveCouncil',
            {
              villageId: 'v1',
              chairPersonId: personIdOf('v1', 'branch_secretary'),
              members: [],
              termStart: today(),
              termEnd: inDays(3 * 365),
            },
            RESIDENT,
          ),
        )
      ).code,
    ).toBe('FORBIDDEN')
  })

  it('before joining the council, a grid leader files and sees only for the grids they lead', async () => {
    const outside = await err(fileWedding(GRID_LEADER, { householdId: 'v1-h3' }))
    expect(outside).toMatchObject({ code: 'NOT_FOUND', message: '本网格没有这一户：网格长只能为本网格的户报备' })
    await ok(fileWedding(SECRETARY, { householdId: 'v1-h3' }))
    await ok(fileWedding(GRID_LEADER, { householdId: 'v1-h2' }))
    const seen = await ok(call('listFilings', { villageId: 'v1', limit: 50 }, GRID_LEADER))
    expect(seen.filings.map((f: Any) => f.householdId)).toEqual(['v1-h2'])
    const homes = await ok(call('households', { villageId: 'v1' }, GRID_LEADER))
    expect(homes.households.map((h: Any) => h.id)).toEqual(['v1-h1', 'v1-h2'])
    const own = await ok(call('households', { villageId: 'v1' }, RESIDENT))
    expect(own.households.map((h: Any) => h.id)).toEqual(['v1-h1'])
    const all = await ok(call('households', { villageId: 'v1', query: '户主3' }, SECRETARY))
    expect(all.households.map((h: Any) => h.id)).toEqual(['v1-h3'])
  })

  it('the public board shows the standard in force and no household', async () => {
    const board = await ok(call('board', { villageId: 'v1' }, 'anyone-at-all'))
    expect(board.standard.version).toBe(1)
    expect(board.standard.rules).toMatch(/红事新办/)
    expect((await err(call('board', { villageId: 'nope' }, 'anyone-at-all'))).code).toBe('NOT_FOUND')
  })
})

describe('the council', () => {
  it('is appointed from the village roster, members covering grids', async () => {
    await ok(
      call(
        'saveCouncil',
        {
          villageId: 'v1',
          chairPersonId: personIdOf('v1', 'branch_secretary'),
          members: [{ personId: personIdOf('v1', 'grid_leader'), gridIds: ['v1-g1'], groups: '一组、二组' }],
          liaisonPersonId: personIdOf('v1', 'village_committee_member'),
          termStart: today(),
          termEnd: inDays(3 * 365),
        },
        SECRETARY,
      ),
    )
    const c = await ok(call('getCouncil', { villageId: 'v1' }, GRID_LEADER))
    expect(c.council.chair.name).toBe('v1branch_secretary')
    expect(c.council.members[0]).toMatchObject({
      personId: personIdOf('v1', 'grid_leader'),
      gridIds: ['v1-g1'],
      groups: '一组、二组',
    })
    expect(c.me.canReview).toBe(true)
    // Appointing keeps the standards count: the next version is still numbered after the first.
    const doc = (await db.collection(C.council_councils).where({ _id: 'v1' }).get()).data[0]
    expect(doc.standardsCount).toBe(1)
  })

  it('refuses people or grids of another village', async () => {
    const base = {
      villageId: 'v1',
      chairPersonId: personIdOf('v1', 'branch_secretary'),
      termStart: today(),
      termEnd: inDays(365),
    }
    expect(
      (
        await err(
          call(
            'saveCouncil',
            { ...base, members: [{ personId: personIdOf('v2', 'grid_leader'), gridIds: [] }] },
            SECRETARY,
          ),
        )
      ).code,
    ).toBe('NOT_FOUND')
    expect(
      (
        await err(
          call(
            'saveCouncil',
            { ...base, members: [{ personId: personIdOf('v1', 'grid_leader'), gridIds: ['v2-g1'] }] },
            SECRETARY,
          ),
        )
      ).code,
    ).toBe('NOT_FOUND')
    expect((await err(call('saveCouncil', { ...base, termEnd: inDays(-10), members: [] }, SECRETARY))).code).toBe(
      'INVALID_ARGUMENT',
    )
  })
})

describe('filing', () => {
  it('refuses a figure over the cap without a written reason, saying by how much', async () => {
    const e = await err(fileWedding(GRID_LEADER, { planned: { ...WEDDING, betrothalGiftFen: 3_800_000 } }))
    expect(e.code).toBe('INVALID_ARGUMENT')
    expect(e.message).toBe('彩礼 ¥38,000，超出上限 ¥30,000 共 ¥8,000，请写明理由')
    expect(e.fields?.map((f) => f.path)).toEqual(['reasons.betrothalGiftFen'])
    const tooShort = await err(
      fileWedding(GRID_LEADER, {
        planned: { ...WEDDING, betrothalGiftFen: 3_800_000 },
        reasons: { betrothalGiftFen: '没有' },
      }),
    )
    expect(tooShort.code).toBe('INVALID_ARGUMENT')
  })

  it('accepts it with a reason, keeping which figure is over and by how much', async () => {
    const before = await statsOf('v1')
    const r = await ok(
      fileWedding(GRID_LEADER, {
        planned: { ...WEDDING, betrothalGiftFen: 3_800_000 },
        reasons: { betrothalGiftFen: '女方家里坚持，已劝减到三万八', tables: '用不上的理由' },
      }),
    )
    expect(r.standard).toEqual({ version: 1, effectiveFrom: today() })
    expect(r.check.compliance).toBe('over_with_reason')
    expect(r.check.items.filter((i: Any) => i.over > 0)).toEqual([
      expect.objectContaining({ key: 'betrothalGiftFen', over: 800_000, reason: '女方家里坚持，已劝减到三万八' }),
    ])
    const after = await statsOf('v1')
    expect(after.filed - before.filed).toBe(1)
    expect(after.overWithReason - before.overWithReason).toBe(1)
    const detail = await ok(call('getFiling', { villageId: 'v1', filingId: r.filingId }, SECRETARY))
    expect(detail.reasons).toEqual({ betrothalGiftFen: '女方家里坚持，已劝减到三万八' })
    expect(detail.householdLabel).toBe('0001号 户主1')
    expect(detail.filedByName).toBe('v1grid_leader')
    expect(detail.filedLate).toBe(false)
  })

  it('refuses negative money, fractional fen and a figure of the wrong kind', async () => {
    const negative = await err(fileWedding(GRID_LEADER, { planned: { ...WEDDING, tableCostFen: -100 } }))
    expect(negative.code).toBe('INVALID_ARGUMENT')
    expect(negative.message).toMatch(/每桌费用.*不能是负数/)
    expect((await err(fileWedding(GRID_LEADER, { planned: { ...WEDDING, betrothalGiftFen: 1234.5 } }))).code).toBe(
      'INVALID_ARGUMENT',
    )
    expect((await err(fileWedding(GRID_LEADER, { planned: { ...WEDDING, betrothalGiftFen: '30000' } }))).code).toBe(
      'INVALID_ARGUMENT',
    )
    expect(
      (
        await err(
          call(
            'file',
            {
              villageId: 'v1',
              householdId: 'v1-h1',
              kind: 'other',
              eventDate: today(),
              planned: { tables: 2, tableCostFen: 1, betrothalGiftFen: 5 },
            },
            SECRETARY,
          ),
        )
      ).code,
    ).toBe('INVALID_ARGUMENT')
    expect((await err(fileWedding(GRID_LEADER, { eventDate: '2026-02-30' }))).code).toBe('INVALID_ARGUMENT')
  })

  it('refuses a household of another village (NOT_FOUND) and another village altogether (FORBIDDEN)', async () => {
    expect((await err(fileWedding(SECRETARY, { householdId: 'v2-h1' }))).code).toBe('NOT_FOUND')
    expect((await err(fileWedding(SECRETARY, { villageId: 'v2', householdId: 'v2-h1' }))).code).toBe('FORBIDDEN')
  })

  it('a resident files only for their own household; a council member for any household', async () => {
    await ok(fileWedding(RESIDENT))
    expect((await err(fileWedding(RESIDENT, { householdId: 'v1-h3' }))).code).toBe('NOT_FOUND')
    expect((await err(fileWedding(PARTY_MEMBER))).code).toBe('NOT_FOUND')
    await ok(fileWedding(PARTY_MEMBER, { householdId: 'v1-h2' }))
    // On the council, the grid leader files for any household of the village.
    await ok(fileWedding(GRID_LEADER, { householdId: 'v1-h3' }))
    expect((await err(fileWedding(REPRESENTATIVE))).code).toBe('FORBIDDEN')
    expect((await err(fileWedding(TOWNSHIP))).code).toBe('FORBIDDEN')
  })

  it('a resend with the same request id files once', async () => {
    const before = await statsOf('v1')
    const a = await ok(fileWedding(RESIDENT, {}, 'resend-request-0000001'))
    const b = await ok(fileWedding(RESIDENT, {}, 'resend-request-0000001'))
    expect(b.filingId).toBe(a.filingId)
    expect((await statsOf('v1')).filed - before.filed).toBe(1)
  })

  it('judges by the version in force on the event date: the new cap applies from the day it takes effect', async () => {
    // Dates taken once: the matrix starts this file at 23:59:59, and the day may turn while the test runs.
    const t0 = Date.now()
    const on = (n: number) => beijingDate(t0 + n * DAY)
    await ok(
      call(
        'addStandard',
        { villageId: 'v1', effectiveFrom: on(10), ...STANDARD, wedding: { ...STANDARD.wedding, tablesCap: 6 } },
        SECRETARY,
      ),
    )
    const planned = { ...WEDDING, tables: 8 }
    const dayBefore = await ok(fileWedding(GRID_LEADER, { eventDate: on(9), planned }))
    expect(dayBefore.standard.version).toBe(1)
    expect(dayBefore.check.compliance).toBe('within')
    const onTheDay = await err(fileWedding(GRID_LEADER, { eventDate: on(10), planned }))
    expect(onTheDay.message).toBe('宴席桌数 8 桌，超出上限 6 桌 共 2 桌，请写明理由')
    const withReason = await ok(
      fileWedding(GRID_LEADER, { eventDate: on(10), planned, reasons: { tables: '两家合办，亲戚多' } }),
    )
    expect(withReason.standard).toEqual({ version: 2, effectiveFrom: on(10) })
  })

  it('funerals: filed on time against the deadline, reported to the township once', async () => {
    const r = await ok(
      call(
        'file',
        {
          villageId: 'v1',
          householdId: 'v1-h2',
          kind: 'funeral',
          eventDate: inDays(2),
          deathDate: today(),
          planned: { days: 3, tables: 8, tableCostFen: 25_000 },
        },
        GRID_LEADER,
      ),
    )
    const f = await ok(call('getFiling', { villageId: 'v1', filingId: r.filingId }, SECRETARY))
    expect(f.funeral).toMatchObject({
      filedOnTime: true,
      townshipRequired: true,
      townshipOnTime: false,
      deadlineHours: 24,
    })
    expect(await ok(call('reportToTownship', { villageId: 'v1', filingId: r.filingId }, GRID_LEADER))).toEqual({
      townshipOnTime: true,
    })
    expect((await err(call('reportToTownship', { villageId: 'v1', filingId: r.filingId }, GRID_LEADER))).code).toBe(
      'FAILED_PRECONDITION',
    )
    const stats = await statsOf('v1')
    expect(stats.funeralsOnTime).toBeGreaterThanOrEqual(1)
    expect(stats.townshipOnTime).toBeGreaterThanOrEqual(1)
    // A death long past the deadline is filed late.
    const late = await ok(
      call(
        'file',
        {
          villageId: 'v1',
          householdId: 'v1-h2',
          kind: 'funeral',
          eventDate: today(),
          deathDate: inDays(-3),
          deathTime: '08:00',
          planned: { days: 3, tables: 8, tableCostFen: 25_000 },
        },
        GRID_LEADER,
      ),
    )
    expect((await ok(call('getFiling', { villageId: 'v1', filingId: late.filingId }, SECRETARY))).filedLate).toBe(true)
    // Funerals need a death date, not after today.
    expect(
      (
        await err(
          call(
            'file',
            {
              villageId: 'v1',
              householdId: 'v1-h2',
              kind: 'funeral',
              eventDate: today(),
              planned: { days: 3, tables: 8, tableCostFen: 1 },
            },
            GRID_LEADER,
          ),
        )
      ).code,
    ).toBe('INVALID_ARGUMENT')
    const wedding = await ok(fileWedding(GRID_LEADER))
    expect(
      (await err(call('reportToTownship', { villageId: 'v1', filingId: wedding.filingId }, GRID_LEADER))).code,
    ).toBe('FAILED_PRECONDITION')
  })
})

describe('review, actual figures and savings', () => {
  let filingId: string
  beforeAll(async () => {
    filingId = (
      await ok(
        fileWedding(GRID_LEADER, {
          planned: { ...WEDDING, betrothalGiftFen: 3_800_000 },
          reasons: { betrothalGiftFen: '女方家里坚持，已劝减' },
        }),
      )
    ).filingId
  })

  it('only council members review (a Party member not on the council is refused); another village’s id is not found', async () => {
    expect((await err(call('review', { villageId: 'v1', filingId, decision: 'approve' }, PARTY_MEMBER))).code).toBe(
      'FORBIDDEN',
    )
    expect(
      (await err(call('review', { villageId: 'v1', filingId: 'cf-nope', decision: 'approve' }, GRID_LEADER))).code,
    ).toBe('NOT_FOUND')
    expect((await err(call('review', { villageId: 'v2', filingId, decision: 'approve' }, GRID_LEADER))).code).toBe(
      'FORBIDDEN',
    )
    expect(
      (await err(call('review', { villageId: 'v1', filingId, decision: 'advise', advice: '  ' }, GRID_LEADER))).code,
    ).toBe('INVALID_ARGUMENT')
  })

  it('the council member approves with advice', async () => {
    expect(
      await ok(
        call('review', { villageId: 'v1', filingId, decision: 'approve', advice: '彩礼再商量着降一些' }, GRID_LEADER),
      ),
    ).toEqual({ status: 'approved' })
    const f = await ok(call('getFiling', { villageId: 'v1', filingId }, RESIDENT))
    expect(f.review).toMatchObject({ decision: 'approve', advice: '彩礼再商量着降一些', byName: 'v1grid_leader' })
  })

  it('actual figures need the family’s confirmation, and not before the event', async () => {
    const noConfirm = await err(
      call('recordActual', { villageId: 'v1', filingId, actual: WEDDING, confirmedBy: '户主1' }, GRID_LEADER),
    )
    expect(noConfirm.code).toBe('INVALID_ARGUMENT')
    const future = (await ok(fileWedding(GRID_LEADER, { eventDate: inDays(3) }))).filingId
    expect(
      (
        await err(
          call(
            'recordActual',
            { villageId: 'v1', filingId: future, actual: WEDDING, familyConfirmed: true, confirmedBy: '户主1' },
            GRID_LEADER,
          ),
        )
      ).code,
    ).toBe('FAILED_PRECONDITION')
    expect(
      (
        await err(
          call(
            'recordActual',
            {
              villageId: 'v1',
              filingId,
              actual: { ...WEDDING, tables: -1 },
              familyConfirmed: true,
              confirmedBy: '户主1',
            },
            GRID_LEADER,
          ),
        )
      ).code,
    ).toBe('INVALID_ARGUMENT')
  })

  it('records actual figures, compares them with the plan, and estimates the savings with the method shown', async () => {
    const before = await statsOf('v1')
    const actual = {
      betrothalGiftFen: 2_800_000,
      engagementGuests: 10,
      cars: 6,
      tables: 15,
      tableCostFen: 20_000,
      giftMoneyFen: 10_000,
    }
    const r = await ok(
      call(
        'recordActual',
        { villageId: 'v1', filingId, actual, familyConfirmed: true, confirmedBy: '户主1' },
        GRID_LEADER,
      ),
    )
    expect(r.status).toBe('completed')
    expect(r.actualCheck.compliance).toBe('within')
    expect(r.savings).toMatchObject({
      baselineFen: 15_000_000,
      actualCostFen: 3_100_000,
      savedFen: 11_900_000,
      method: 'survey',
    })
    expect(r.savings.methodText).toMatch(/^估算：/)
    const f = await ok(call('getFiling', { villageId: 'v1', filingId }, SECRETARY))
    expect(f.comparison.find((c: Any) => c.key === 'betrothalGiftFen')).toMatchObject({
      planned: 3_800_000,
      actual: 2_800_000,
      delta: -1_000_000,
    })
    expect(f.confirmedBy).toBe('户主1')
    const after = await statsOf('v1')
    expect(after.completed - before.completed).toBe(1)
    expect(after.overWithReason - before.overWithReason).toBe(-1)
    expect(after.within - before.within).toBe(1)
    expect(after.savedFen - before.savedFen).toBe(11_900_000)
    expect(
      (
        await err(
          call(
            'recordActual',
            { villageId: 'v1', filingId, actual, familyConfirmed: true, confirmedBy: '户主1' },
            GRID_LEADER,
          ),
        )
      ).code,
    ).toBe('FAILED_PRECONDITION')
    expect((await err(call('review', { villageId: 'v1', filingId, decision: 'approve' }, GRID_LEADER))).code).toBe(
      'FAILED_PRECONDITION',
    )
  })

  it('an actual figure over the cap with no reason counts as over without reason', async () => {
    const id = (await ok(fileWedding(SECRETARY))).filingId
    const r = await ok(
      call(
        'recordActual',
        {
          villageId: 'v1',
          filingId: id,
          actual: { ...WEDDING, cars: 12 },
          familyConfirmed: true,
          confirmedBy: '户主1',
          familyBaselineFen: 16_000_000,
        },
        SECRETARY,
      ),
    )
    expect(r.actualCheck.compliance).toBe('over_without_reason')
    expect(r.savings.method).toBe('family')
  })
})

describe('ledger, board and summaries', () => {
  it('the incremental month counters equal a recount of the filings', async () => {
    const stats = await statsOf('v1')
    const counted = await recount('v1')
    for (const k of COUNTER_KEYS) expect([k, stats[k]]).toEqual([k, counted[k]])
  })

  it('the ledger gives months and totals', async () => {
    const year = Number(today().slice(0, 4))
    const l = await ok(call('ledger', { villageId: 'v1', year }, GRID_LEADER))
    expect(l.months.length).toBeGreaterThanOrEqual(1)
    expect(l.totals.filed).toBe((await recount('v1')).filed - (await countOtherYears('v1', year)))
    expect((await err(call('ledger', { villageId: 'v1', year }, RESIDENT))).code).toBe('FORBIDDEN')
  })

  it('lists filings by who may see them: a resident their household, a grid leader their grids', async () => {
    const all = await ok(call('listFilings', { villageId: 'v1', limit: 50 }, SECRETARY))
    const mine = await ok(call('listFilings', { villageId: 'v1', limit: 50 }, RESIDENT))
    const grids = await ok(call('listFilings', { villageId: 'v1', limit: 50 }, GRID_LEADER))
    const rep = await ok(call('listFilings', { villageId: 'v1', limit: 50 }, PARTY_MEMBER))
    const none = await ok(call('listFilings', { villageId: 'v1', limit: 50 }, REPRESENTATIVE))
    expect(none.filings).toEqual([])
    expect(mine.filings.length).toBeGreaterThan(0)
    expect(mine.filings.every((f: Any) => f.householdId === 'v1-h1')).toBe(true)
    expect(rep.filings.length).toBeGreaterThan(0)
    expect(rep.filings.every((f: Any) => f.householdId === 'v1-h2')).toBe(true)
    // The grid leader now sits on the council: the whole village.
    expect(grids.filings.length).toBe(all.filings.length)
    const h2 = all.filings.find((f: Any) => f.householdId === 'v1-h2')
    expect((await err(call('getFiling', { villageId: 'v1', filingId: h2.id }, RESIDENT))).code).toBe('NOT_FOUND')
    const completed = await ok(call('listFilings', { villageId: 'v1', status: 'completed' }, SECRETARY))
    expect(completed.filings.every((f: Any) => f.status === 'completed')).toBe(true)
  })

  it('the public board counts events, withholds money while few, and names no household', async () => {
    const board = await ok(call('board', { villageId: 'v1' }, 'anyone-at-all'))
    const text = JSON.stringify(board)
    expect(board.events).toBeGreaterThan(0)
    expect(board.savingsCount).toBe(2)
    expect(board.savedFen).toBeNull()
    expect(board.moneyWithheld).toBe(true)
    for (const leak of ['户主1', 'v1-h1', 'v1-h2', '0001号', 'v1grid_leader', '女方家里'])
      expect(text).not.toContain(leak)
  })

  it('the township sees its villages’ compliance and savings, filterable by month; the county by township', async () => {
    const year = Number(today().slice(0, 4))
    const month = today().slice(0, 7)
    const t = await ok(call('townshipSummary', { townshipId: 't1', year, month }, TOWNSHIP))
    const v1 = t.villages.find((v: Any) => v.id === 'v1')
    expect(t.villages.map((v: Any) => v.id)).toEqual(['v1', 'v2'])
    expect(v1.completed).toBe(2)
    expect(v1.savedFen).toBe(11_900_000 + (16_000_000 - 3_100_000))
    expect(t.villages.find((v: Any) => v.id === 'v2').filed).toBe(0)
    expect((await err(call('townshipSummary', { townshipId: 't2', year }, TOWNSHIP))).code).toBe('FORBIDDEN')
    expect(
      (await err(call('townshipSummary', { townshipId: 't1', year, month: `${year + 1}-01` }, TOWNSHIP))).code,
    ).toBe('INVALID_ARGUMENT')
    const c = await ok(call('countySummary', { year }, COUNTY))
    expect(c.townships.map((x: Any) => x.id)).toEqual(['t1', 't2'])
    expect(c.totals.savedFen).toBe((await statsOf('v1')).savedFen)
    expect((await err(call('countySummary', { year }, TOWNSHIP))).code).toBe('FORBIDDEN')
  })
})

async function countOtherYears(villageId: string, year: number): Promise<number> {
  const { data } = await db.collection(C.council_filings).where({ villageId }).limit(1000).get()
  return data.filter((f: Any) => f.year !== year && f.status !== 'withdrawn').length
}
