import {
  FIGURES,
  MIN_EVENTS_FOR_PUBLIC_MONEY,
  addCounters,
  checkFigures,
  comparePlanned,
  contribution,
  costOf,
  counterDelta,
  deathInstant,
  defaultStandard,
  describeOver,
  estimateSavings,
  figuresOf,
  formatFen,
  isBeijingDate,
  publicBoard,
  reportedOnTime,
  standardInForce,
  validateFigures,
  validateStandard,
  yuanToFen,
  type EventKind,
  type Figures,
  type LedgerFacts,
  type Standard,
  type Venue,
} from './council-standards'
import { DEFAULT_SETTINGS } from './settings'

/** 伊川's standard (domain rules §5) as a village version. */
const YICHUAN: Standard = {
  version: 1,
  effectiveFrom: '2026-01-01',
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
  rules: '不大操大办',
  baseline: { weddingFen: 15_000_000, funeralFen: 4_000_000, otherFen: null, source: '2019年村里对30户的调查' },
}
/** 淇县韦庄村: 彩礼 ≤ ¥50,000, ≤ 6 tables, funerals ≤ 5 days, from 2026-07-01. */
const WEIZHUANG: Standard = {
  ...YICHUAN,
  version: 2,
  effectiveFrom: '2026-07-01',
  wedding: { ...YICHUAN.wedding, betrothalGiftCapFen: 5_000_000, tablesCap: 6 },
  funeral: { ...YICHUAN.funeral, daysCap: 5 },
}

const WITHIN_WEDDING: Figures = {
  betrothalGiftFen: 2_800_000,
  engagementGuests: 12,
  cars: 6,
  tables: 15,
  tableCostFen: 20_000,
  giftMoneyFen: 10_000,
}

describe('money in integer fen', () => {
  it.each([
    ['30000', 3_000_000],
    ['300', 30_000],
    ['0', 0],
    ['1234.5', 123_450],
    ['1234.56', 123_456],
    ['1,234.56', 123_456],
    ['¥480', 48_000],
    ['480元', 48_000],
    [' 100 ', 10_000],
    ['0.01', 1],
  ])('yuanToFen(%p) = %p', (text, fen) => {
    expect(yuanToFen(text)).toBe(fen)
  })

  it.each(['-1', '-0.01', '1.234', 'abc', '', '1e5', '12.', '.5', 'NaN', '999999999'])('refuses %p', (text) => {
    expect(yuanToFen(text)).toBeNull()
  })

  it('never goes through floating point: 0.1 + 0.2 style amounts are exact', () => {
    expect(yuanToFen('0.29')).toBe(29)
    expect(yuanToFen('1.10')).toBe(110)
    expect(yuanToFen('19.99')).toBe(1999)
  })

  it('formats fen as yuan with thousands separators', () => {
    expect(formatFen(3_000_000)).toBe('30,000')
    expect(formatFen(123_456)).toBe('1,234.56')
    expect(formatFen(5)).toBe('0.05')
    expect(formatFen(0)).toBe('0')
    expect(formatFen(-880_000)).toBe('-8,800')
    expect(formatFen(12_000_000_000)).toBe('120,000,000')
  })
})

describe('the county default standard', () => {
  it('comes from the 红白理事会 settings, yuan turned into fen', () => {
    const s = defaultStandard(DEFAULT_SETTINGS)
    expect(s.version).toBe(0)
    expect(s.wedding).toEqual({
      betrothalGiftCapFen: 3_000_000,
      engagementGuestsCap: 15,
      carsCap: 10,
      tablesCap: 20,
      tableCostCapFenRural: 30_000,
      tableCostCapFenTown: 48_000,
      giftMoneyCapFen: 10_000,
    })
    expect(s.funeral).toEqual({
      daysCap: 3,
      tablesCap: 10,
      tableCostCapFen: 30_000,
      reportToTownship: true,
      reportDeadlineHours: 24,
    })
    expect(s.baseline.weddingFen).toBeNull()
  })

  it('follows a village override of a cap', () => {
    expect(
      defaultStandard({ ...DEFAULT_SETTINGS, councilBetrothalGiftCapYuan: 50000, councilWeddingTablesCap: 6 }).wedding,
    ).toMatchObject({
      betrothalGiftCapFen: 5_000_000,
      tablesCap: 6,
    })
  })
})

describe('the version in force on the event date', () => {
  const versions = [YICHUAN, WEIZHUANG]
  it('is none before the first version (the county default applies)', () => {
    expect(standardInForce(versions, '2025-12-31')).toBeUndefined()
  })
  it('is the first version on its effective date and until the day before the next', () => {
    expect(standardInForce(versions, '2026-01-01')?.version).toBe(1)
    expect(standardInForce(versions, '2026-06-30')?.version).toBe(1)
  })
  it('is the new version on the very day it takes effect', () => {
    expect(standardInForce(versions, '2026-07-01')?.version).toBe(2)
    expect(standardInForce(versions, '2030-01-01')?.version).toBe(2)
  })
  it('does not depend on the order versions are listed in', () => {
    expect(standardInForce([WEIZHUANG, YICHUAN], '2026-03-01')?.version).toBe(1)
  })
  it('takes the later version of two with the same date (a correction)', () => {
    const correction = { ...WEIZHUANG, version: 3 }
    expect(standardInForce([correction, WEIZHUANG, YICHUAN], '2026-07-01')?.version).toBe(3)
    expect(standardInForce([WEIZHUANG, correction], '2026-07-01')?.version).toBe(3)
  })
  it('ignores the county default (no date)', () => {
    expect(standardInForce([{ ...YICHUAN, version: 0, effectiveFrom: '' }], '2026-07-01')).toBeUndefined()
  })

  it('judges the same figures by the version of their day: ¥40,000 彩礼 is over on 06-30, 8 tables are over the new cap of 6 on 07-01', () => {
    const figures = { ...WITHIN_WEDDING, tables: 8, betrothalGiftFen: 4_000_000 }
    const before = checkFigures('wedding', 'rural', figures, standardInForce(versions, '2026-06-30')!)
    const on = checkFigures('wedding', 'rural', figures, standardInForce(versions, '2026-07-01')!)
    expect(before.overKeys).toEqual(['betrothalGiftFen'])
    expect(on.overKeys).toEqual(['tables'])
  })
})

describe('every cap at its exact boundary', () => {
  const cases: [EventKind, Venue, keyof Figures, number][] = [
    ['wedding', 'rural', 'betrothalGiftFen', YICHUAN.wedding.betrothalGiftCapFen],
    ['wedding', 'rural', 'engagementGuests', YICHUAN.wedding.engagementGuestsCap],
    ['wedding', 'rural', 'cars', YICHUAN.wedding.carsCap],
    ['wedding', 'rural', 'tables', YICHUAN.wedding.tablesCap],
    ['wedding', 'rural', 'tableCostFen', YICHUAN.wedding.tableCostCapFenRural],
    ['wedding', 'town', 'tableCostFen', YICHUAN.wedding.tableCostCapFenTown],
    ['wedding', 'rural', 'giftMoneyFen', YICHUAN.wedding.giftMoneyCapFen],
    ['funeral', 'rural', 'days', YICHUAN.funeral.daysCap],
    ['funeral', 'rural', 'tables', YICHUAN.funeral.tablesCap],
    ['funeral', 'rural', 'tableCostFen', YICHUAN.funeral.tableCostCapFen],
    ['funeral', 'town', 'tableCostFen', YICHUAN.funeral.tableCostCapFen],
    ['funeral', 'rural', 'giftMoneyFen', YICHUAN.wedding.giftMoneyCapFen],
    ['other', 'rural', 'tables', YICHUAN.wedding.tablesCap],
    ['other', 'town', 'tableCostFen', YICHUAN.wedding.tableCostCapFenTown],
    ['other', 'rural', 'giftMoneyFen', YICHUAN.wedding.giftMoneyCapFen],
  ]
  const base: Record<EventKind, Figures> = {
    wedding: { betrothalGiftFen: 0, engagementGuests: 0, cars: 0, tables: 1, tableCostFen: 0, giftMoneyFen: 0 },
    funeral: { days: 1, tables: 1, tableCostFen: 0, giftMoneyFen: 0 },
    other: { tables: 1, tableCostFen: 0, giftMoneyFen: 0 },
  }

  it.each(cases)('%s (%s) %s: cap − 1 and cap are within, cap + 1 is over by exactly 1', (kind, venue, key, cap) => {
    for (const [value, over] of [
      [cap - 1, 0],
      [cap, 0],
      [cap + 1, 1],
    ] as const) {
      const r = checkFigures(kind, venue, { ...base[kind], [key]: value }, YICHUAN)
      const item = r.items.find((i) => i.key === key)!
      expect({ value, cap: item.cap, over: item.over }).toEqual({ value, cap, over })
      expect(r.overKeys).toEqual(over ? [key] : [])
      expect(r.compliance).toBe(over ? 'over_without_reason' : 'within')
    }
  })

  it('covers every capped figure of every kind', () => {
    for (const kind of ['wedding', 'funeral', 'other'] as const) {
      const capped = figuresOf(kind)
        .filter((f) => f.cap)
        .map((f) => f.key)
      expect(capped.every((k) => cases.some(([ck, , key]) => ck === kind && key === k))).toBe(true)
    }
  })

  it('the town cost cap applies only to banquets in town', () => {
    const figures = { ...WITHIN_WEDDING, tableCostFen: 40_000 }
    expect(checkFigures('wedding', 'rural', figures, YICHUAN).overKeys).toEqual(['tableCostFen'])
    expect(checkFigures('wedding', 'town', figures, YICHUAN).overKeys).toEqual([])
  })

  it('a zero cap means none allowed: 1 is over', () => {
    const noGifts = { ...YICHUAN, wedding: { ...YICHUAN.wedding, betrothalGiftCapFen: 0 } }
    expect(checkFigures('wedding', 'rural', { ...WITHIN_WEDDING, betrothalGiftFen: 0 }, noGifts).overKeys).toEqual([])
    expect(checkFigures('wedding', 'rural', { ...WITHIN_WEDDING, betrothalGiftFen: 1 }, noGifts).items[0]!.over).toBe(1)
  })

  it('other spending has no cap and is never over', () => {
    const r = checkFigures('wedding', 'rural', { ...WITHIN_WEDDING, otherCostFen: 999_999_999 }, YICHUAN)
    expect(r.items.find((i) => i.key === 'otherCostFen')).toMatchObject({ cap: null, over: 0 })
    expect(r.compliance).toBe('within')
  })

  it('absent optional figures are not judged', () => {
    const r = checkFigures('wedding', 'rural', { betrothalGiftFen: 100, tables: 2, tableCostFen: 100 }, YICHUAN)
    expect(r.items.map((i) => i.key)).toEqual(['betrothalGiftFen', 'tables', 'tableCostFen'])
  })
})

describe('reasons for an exceedance', () => {
  const over = { ...WITHIN_WEDDING, betrothalGiftFen: 3_800_000, tables: 22 }
  it('lists which figures are over and by how much', () => {
    const r = checkFigures('wedding', 'rural', over, YICHUAN)
    expect(r.items.filter((i) => i.over).map((i) => [i.key, i.over])).toEqual([
      ['betrothalGiftFen', 800_000],
      ['tables', 2],
    ])
    expect(describeOver(r.items[0]!)).toBe('彩礼 ¥38,000，超出上限 ¥30,000 共 ¥8,000')
    expect(describeOver(r.items.find((i) => i.key === 'tables')!)).toBe('宴席桌数 22 桌，超出上限 20 桌 共 2 桌')
    expect(describeOver(r.items.find((i) => i.key === 'cars')!)).toBe('')
  })
  it('needs a reason for every over figure', () => {
    const one = checkFigures('wedding', 'rural', over, YICHUAN, { betrothalGiftFen: '女方家里要求，已协商减少' })
    expect(one.missingReasons).toEqual(['tables'])
    expect(one.compliance).toBe('over_without_reason')
    const both = checkFigures('wedding', 'rural', over, YICHUAN, {
      betrothalGiftFen: '女方家里要求，已协商减少',
      tables: '亲戚多，两边合办',
    })
    expect(both.missingReasons).toEqual([])
    expect(both.compliance).toBe('over_with_reason')
    expect(both.items[0]!.reason).toBe('女方家里要求，已协商减少')
  })
  it('a blank or too short reason is no reason', () => {
    for (const reason of ['', '   ', '没有', '  无  ', '\n\t']) {
      expect(
        checkFigures('wedding', 'rural', over, YICHUAN, { betrothalGiftFen: reason, tables: '亲戚多，两边合办' })
          .missingReasons,
      ).toEqual(['betrothalGiftFen'])
    }
    expect(
      checkFigures('wedding', 'rural', over, YICHUAN, { betrothalGiftFen: '双方协商', tables: '亲戚多，两边合办' })
        .missingReasons,
    ).toEqual([])
  })
  it('reasons for figures within the caps are not kept on the item', () => {
    const r = checkFigures('wedding', 'rural', WITHIN_WEDDING, YICHUAN, { cars: '以防万一写的理由' })
    expect(r.items.find((i) => i.key === 'cars')!.reason).toBeUndefined()
    expect(r.compliance).toBe('within')
  })
})

describe('figures are validated', () => {
  it('accepts a complete wedding', () => {
    expect(validateFigures('wedding', WITHIN_WEDDING)).toEqual([])
  })
  it('refuses negative money and counts', () => {
    expect(validateFigures('wedding', { ...WITHIN_WEDDING, betrothalGiftFen: -1 })).toEqual([
      { path: 'planned.betrothalGiftFen', message: '「彩礼」不能是负数' },
    ])
    expect(validateFigures('funeral', { days: -2, tables: 1, tableCostFen: 0 }, 'actual')).toEqual([
      { path: 'actual.days', message: '「办理天数」不能是负数' },
    ])
  })
  it('refuses fractional fen, NaN, infinities and strings', () => {
    for (const bad of [0.5, 3000.01, Number.NaN, Number.POSITIVE_INFINITY, '300' as unknown as number]) {
      expect(validateFigures('other', { tables: 1, tableCostFen: bad })).toHaveLength(1)
    }
  })
  it('refuses amounts above the largest accepted', () => {
    expect(validateFigures('other', { tables: 1, tableCostFen: 1_000_000_001 })[0]!.message).toMatch(/超出/)
    expect(validateFigures('other', { tables: 1001, tableCostFen: 1 })[0]!.message).toMatch(/超出/)
  })
  it('needs the required figures of the kind', () => {
    expect(validateFigures('wedding', { tables: 1, tableCostFen: 1 }).map((e) => e.path)).toEqual([
      'planned.betrothalGiftFen',
    ])
    expect(validateFigures('funeral', {}).map((e) => e.path)).toEqual([
      'planned.days',
      'planned.tables',
      'planned.tableCostFen',
    ])
  })
  it('refuses a figure that does not belong to the kind (彩礼 on a funeral)', () => {
    expect(validateFigures('funeral', { days: 3, tables: 1, tableCostFen: 1, betrothalGiftFen: 100 })).toEqual([
      { path: 'planned.betrothalGiftFen', message: '丧事没有「彩礼」这一项' },
    ])
  })
  it('every figure definition has a label, a unit and a positive maximum', () => {
    for (const f of FIGURES) expect(f.label && f.unit && f.max > 0).toBeTruthy()
  })
})

describe('cost, and planned against actual', () => {
  it('cost = 彩礼 + tables × cost per table + other (weddings); no 彩礼 otherwise', () => {
    // The typical after-reform wedding: ¥28,000 彩礼 + 15 tables at ¥200.
    expect(costOf('wedding', { betrothalGiftFen: 2_800_000, tables: 15, tableCostFen: 20_000 })).toBe(3_100_000)
    expect(
      costOf('wedding', { betrothalGiftFen: 2_800_000, tables: 15, tableCostFen: 20_000, otherCostFen: 500_000 }),
    ).toBe(3_600_000)
    expect(costOf('funeral', { days: 3, tables: 8, tableCostFen: 25_000 })).toBe(200_000)
    expect(costOf('other', {})).toBe(0)
  })
  it('compares actual with planned figure by figure', () => {
    const rows = comparePlanned(
      'wedding',
      { betrothalGiftFen: 3_800_000, tables: 22, tableCostFen: 30_000 },
      { betrothalGiftFen: 3_000_000, tables: 20, tableCostFen: 30_000, cars: 4 },
    )
    expect(rows.map((r) => [r.key, r.planned, r.actual, r.delta])).toEqual([
      ['betrothalGiftFen', 3_800_000, 3_000_000, -800_000],
      ['cars', undefined, 4, undefined],
      ['tables', 22, 20, -2],
      ['tableCostFen', 30_000, 30_000, 0],
    ])
  })
})

describe('savings are an estimate with its method', () => {
  const actual = { betrothalGiftFen: 2_800_000, tables: 15, tableCostFen: 20_000 }
  it('uses the village survey baseline and says so', () => {
    const s = estimateSavings('wedding', actual, YICHUAN.baseline)!
    expect(s).toMatchObject({
      baselineFen: 15_000_000,
      actualCostFen: 3_100_000,
      savedFen: 11_900_000,
      method: 'survey',
    })
    expect(s.methodText).toMatch(
      /^估算：村里移风易俗前的婚事平均花费（2019年村里对30户的调查） ¥150,000 − 本次实际花费 ¥31,000/,
    )
  })
  it('prefers the family’s own statement when given', () => {
    const s = estimateSavings('wedding', actual, YICHUAN.baseline, 16_000_000)!
    expect(s).toMatchObject({ baselineFen: 16_000_000, savedFen: 12_900_000, method: 'family' })
    expect(s.methodText).toMatch(/家庭自述/)
  })
  it('makes no estimate without a baseline', () => {
    expect(estimateSavings('other', { tables: 3, tableCostFen: 10_000 }, YICHUAN.baseline)).toBeNull()
    expect(estimateSavings('wedding', actual, defaultStandard(DEFAULT_SETTINGS).baseline)).toBeNull()
  })
  it('can be negative when the event cost more than the baseline', () => {
    expect(estimateSavings('funeral', { days: 5, tables: 200, tableCostFen: 30_000 }, YICHUAN.baseline)!.savedFen).toBe(
      4_000_000 - 6_000_000,
    )
  })
})

describe('funerals reported on time', () => {
  it('counts from the death time in Beijing', () => {
    expect(deathInstant('2026-03-01', '08:30').toISOString()).toBe('2026-03-01T00:30:00.000Z')
  })
  it('without a time, counts from the end of the day (never against the family)', () => {
    expect(deathInstant('2026-03-01').toISOString()).toBe('2026-03-01T15:59:00.000Z')
  })
  it('refuses a malformed time', () => {
    expect(() => deathInstant('2026-03-01', '25:00')).toThrow(RangeError)
    expect(() => deathInstant('2026-02-30', '08:00')).toThrow(RangeError)
  })
  it('exactly on the deadline is on time; a minute later is late', () => {
    const death = deathInstant('2026-03-01', '08:00')
    expect(reportedOnTime(death, new Date(death.getTime() + 24 * 3600_000), 24)).toBe(true)
    expect(reportedOnTime(death, new Date(death.getTime() + 24 * 3600_000 + 60_000), 24)).toBe(false)
    expect(reportedOnTime(death, death, 1)).toBe(true)
  })
})

describe('standards versions are validated', () => {
  const values = {
    wedding: YICHUAN.wedding,
    funeral: YICHUAN.funeral,
    rules: YICHUAN.rules,
    baseline: YICHUAN.baseline,
  }
  it('accepts a valid version effective today or later', () => {
    expect(validateStandard(values, '2026-03-02', '2026-03-02')).toEqual([])
    expect(validateStandard(values, '2026-04-01', '2026-03-02')).toEqual([])
  })
  it('refuses a date in the past: past events stay judged by their own standard', () => {
    expect(validateStandard(values, '2026-03-01', '2026-03-02').map((e) => e.path)).toEqual(['effectiveFrom'])
  })
  it('refuses an impossible date', () => {
    expect(validateStandard(values, '2026-02-30', '2026-01-01').map((e) => e.path)).toEqual(['effectiveFrom'])
    expect(isBeijingDate('2026-2-3')).toBe(false)
  })
  it('refuses negative or fractional caps', () => {
    const bad = {
      ...values,
      wedding: { ...values.wedding, betrothalGiftCapFen: -100, tableCostCapFenTown: 1.5 },
      funeral: { ...values.funeral, daysCap: 0 },
    }
    expect(validateStandard(bad, '2026-04-01', '2026-03-02').map((e) => e.path)).toEqual([
      'wedding.betrothalGiftCapFen',
      'wedding.tableCostCapFenTown',
      'funeral.daysCap',
    ])
  })
  it('needs the source of a baseline', () => {
    expect(
      validateStandard({ ...values, baseline: { ...values.baseline, source: ' ' } }, '2026-04-01', '2026-03-02').map(
        (e) => e.path,
      ),
    ).toEqual(['baseline.source'])
    expect(
      validateStandard(
        { ...values, baseline: { weddingFen: null, funeralFen: null, otherFen: null, source: '' } },
        '2026-04-01',
        '2026-03-02',
      ),
    ).toEqual([])
  })
})

describe('ledger counters', () => {
  const wedding: LedgerFacts = { kind: 'wedding', status: 'filed', compliance: 'over_with_reason' }
  it('a new filing counts once as filed, by kind and compliance', () => {
    expect(contribution(wedding)).toMatchObject({
      filed: 1,
      wedding: 1,
      reviewed: 0,
      overWithReason: 1,
      within: 0,
      completed: 0,
      savedFen: 0,
    })
  })
  it('review then completion move the counters without double counting', () => {
    const reviewed: LedgerFacts = { ...wedding, status: 'approved' }
    const done: LedgerFacts = {
      ...reviewed,
      status: 'completed',
      compliance: 'within',
      savings: { savedFen: 11_900_000, baselineFen: 15_000_000, actualCostFen: 3_100_000 },
    }
    const d1 = counterDelta(null, wedding)
    const d2 = counterDelta(wedding, reviewed)
    const d3 = counterDelta(reviewed, done)
    expect(d2).toMatchObject({ filed: 0, reviewed: 1 })
    expect(d3).toMatchObject({
      filed: 0,
      completed: 1,
      overWithReason: -1,
      within: 1,
      savingsCount: 1,
      savedFen: 11_900_000,
    })
    expect(addCounters(d1, d2, d3)).toEqual(contribution(done))
  })
  it('withdrawing takes everything back', () => {
    const total = addCounters(counterDelta(null, wedding), counterDelta(wedding, { ...wedding, status: 'withdrawn' }))
    expect(Object.values(total).every((v) => v === 0)).toBe(true)
  })
  it('funerals count reports on time and to the township', () => {
    const c = contribution({
      kind: 'funeral',
      status: 'completed',
      compliance: 'within',
      funeral: { filedOnTime: true, townshipRequired: true, townshipOnTime: false },
    })
    expect(c).toMatchObject({ funeral: 1, funeralsOnTime: 1, townshipRequired: 1, townshipOnTime: 0 })
    expect(
      contribution({
        kind: 'funeral',
        status: 'filed',
        compliance: 'within',
        funeral: { filedOnTime: false, townshipRequired: false, townshipOnTime: true },
      }),
    ).toMatchObject({
      funeralsOnTime: 0,
      townshipRequired: 0,
      townshipOnTime: 0,
    })
  })
})

describe('the public board names no household', () => {
  const month = (savedFen: number, savingsCount: number) => ({
    filed: savingsCount,
    wedding: savingsCount,
    completed: savingsCount,
    savingsCount,
    savedFen,
  })
  it('withholds money while fewer than the minimum events would reveal one family’s figures', () => {
    const one = publicBoard([month(11_900_000, 1)])
    expect(one).toMatchObject({ events: 1, savedFen: null, moneyWithheld: true })
    const two = publicBoard([month(11_900_000, 1), month(9_000_000, 1)])
    expect(two.savedFen).toBeNull()
  })
  it('publishes the total once there are enough events', () => {
    const board = publicBoard([
      month(11_900_000, 1),
      month(9_000_000, 1),
      month(1_000_000, MIN_EVENTS_FOR_PUBLIC_MONEY - 2),
    ])
    expect(board).toMatchObject({ events: MIN_EVENTS_FOR_PUBLIC_MONEY, savedFen: 21_900_000, moneyWithheld: false })
  })
  it('has no field that could hold a household (only counts and one total)', () => {
    const board = publicBoard([month(1, 5)])
    expect(Object.keys(board).sort()).toEqual([
      'completed',
      'events',
      'funerals',
      'moneyWithheld',
      'others',
      'savedFen',
      'savingsCount',
      'weddings',
      'within',
    ])
    expect(Object.values(board).every((v) => typeof v === 'number' || typeof v === 'boolean' || v === null)).toBe(true)
  })
  it('an empty year is all zeros, nothing withheld', () => {
    expect(publicBoard([])).toMatchObject({ events: 0, savedFen: null, moneyWithheld: false })
  })
})
