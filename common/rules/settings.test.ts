import {
  compareFractions,
  crossCheck,
  DEFAULT_SETTINGS,
  effectiveSettings,
  LOCAL_SETTING_KEYS,
  meetsShare,
  SETTING_DEFS,
  settingDef,
  validateCountyPatch,
  validateSettingValue,
  validateVillageOverrides,
  type FractionDef,
  type IntDef,
  type IntListDef,
} from './settings'

const ints = SETTING_DEFS.filter((d) => d.kind === 'int') as IntDef[]
const fractions = SETTING_DEFS.filter((d) => d.kind === 'fraction') as FractionDef[]
const lists = SETTING_DEFS.filter((d) => d.kind === 'intList') as IntListDef[]

describe('setting definitions', () => {
  it('have unique keys, Chinese labels and defaults inside their own ranges', () => {
    expect(new Set(SETTING_DEFS.map((d) => d.key)).size).toBe(SETTING_DEFS.length)
    for (const d of SETTING_DEFS) {
      expect(d.label).toMatch(/[\u4e00-\u9fa5]/)
      expect(validateSettingValue(d, d.default)).toBeNull()
    }
    expect(crossCheck(DEFAULT_SETTINGS)).toEqual([])
  })

  it('never put a range below a statutory floor (or above a statutory ceiling)', () => {
    for (const d of ints) {
      if (d.statutory?.min !== undefined) expect(d.min).toBeGreaterThanOrEqual(d.statutory.min)
      if (d.statutory?.max !== undefined) expect(d.max).toBeLessThanOrEqual(d.statutory.max)
    }
  })

  it('encode the statutory floors of the domain rules', () => {
    expect(settingDef('memberStudyHours')).toMatchObject({ statutory: { min: 32 } })
    expect(settingDef('cadreStudyHours')).toMatchObject({ statutory: { min: 56 } })
    expect(settingDef('villagersMeetingNoticeDays')).toMatchObject({ statutory: { min: 10 } })
    expect(settingDef('assemblyAttendance')).toMatchObject({ statutory: { min: { num: 1, den: 2 } } })
    expect(settingDef('deliberationAttendance')).toMatchObject({
      statutory: { min: { num: 1, den: 2 } },
      default: { num: 2, den: 3 },
    })
    expect(settingDef('representativeQuorum')).toMatchObject({ statutory: { min: { num: 2, den: 3 } } })
    expect(settingDef('absenceWarningMonths')).toMatchObject({ statutory: { below: 6 } })
  })
})

describe('integer settings: every out-of-range value is rejected with a message naming the setting', () => {
  it.each(ints.map((d) => [d.key, d] as const))('%s', (_key, d) => {
    const below = validateSettingValue(d, d.min - 1)
    expect(below).toContain(`「${d.label}」`)
    if (d.statutory?.min !== undefined) expect(below).toContain(`法定标准 ${d.statutory.min}`)
    const above = validateSettingValue(d, d.max + 1)
    expect(above).toContain(`「${d.label}」`)
    if (d.statutory?.max !== undefined) expect(above).toContain(`不能超过法定标准 ${d.statutory.max}`)
    expect(validateSettingValue(d, d.min)).toBeNull()
    expect(validateSettingValue(d, d.max)).toBeNull()
    expect(validateSettingValue(d, d.min + 0.5)).toMatch(/须为整数/)
    expect(validateSettingValue(d, String(d.default))).toMatch(/须为整数/)
    expect(validateSettingValue(d, Number.NaN)).toMatch(/须为整数/)
  })
})

describe('share settings (fractions)', () => {
  it.each(fractions.map((d) => [d.key, d] as const))('%s: below the statutory floor, over 1, malformed', (_key, d) => {
    const floor = d.statutory!.min
    const justBelow = { num: floor.num * 10 - 1, den: floor.den * 10 }
    expect(validateSettingValue(d, justBelow)).toMatch(/不能低于法定标准/)
    expect(validateSettingValue(d, justBelow)).toContain(d.statutory!.source)
    expect(validateSettingValue(d, floor)).toBeNull()
    expect(validateSettingValue(d, { num: 1, den: 1 })).toBeNull()
    expect(validateSettingValue(d, { num: 4, den: 3 })).toMatch(/不能超过全部/)
    expect(validateSettingValue(d, { num: 1, den: 0 })).toMatch(/分母/)
    expect(validateSettingValue(d, { num: 0, den: 3 })).toMatch(/分子/)
    expect(validateSettingValue(d, { num: 1, den: 101 })).toMatch(/分母/)
    expect(validateSettingValue(d, { num: 1.5, den: 3 })).toMatch(/须为分数/)
    expect(validateSettingValue(d, 0.5)).toMatch(/须为分数/)
    expect(validateSettingValue(d, null)).toMatch(/须为分数/)
  })

  it('says “过半数” for the half floor', () => {
    expect(validateSettingValue(settingDef('assemblyAttendance')!, { num: 2, den: 5 })).toContain('“过半数”')
    expect(validateSettingValue(settingDef('representativeQuorum')!, { num: 3, den: 5 })).toContain('2/3')
  })

  it('compares exactly', () => {
    expect(compareFractions({ num: 2, den: 3 }, { num: 4, den: 6 })).toBe(0)
    expect(compareFractions({ num: 33, den: 50 }, { num: 2, den: 3 })).toBeLessThan(0)
  })
})

describe('absence warnings', () => {
  const d = lists[0]!
  it('must come before the sixth month, ascending, without repeats', () => {
    expect(validateSettingValue(d, [3, 6])).toMatch(/须早于第 6 个月/)
    expect(validateSettingValue(d, [5, 3])).toMatch(/从早到晚/)
    expect(validateSettingValue(d, [3, 3])).toMatch(/从早到晚/)
    expect(validateSettingValue(d, [])).toMatch(/至少/)
    expect(validateSettingValue(d, [0])).toMatch(/不能小于/)
    expect(validateSettingValue(d, [1, 2, 3, 4, 5])).toMatch(/最多/)
    expect(validateSettingValue(d, [2.5])).toMatch(/整数列表/)
    expect(validateSettingValue(d, [1, 2, 4, 5])).toBeNull()
  })
})

describe('meetsShare', () => {
  it('reads a half as “more than half” (statutory), other shares as “at least”', () => {
    expect(meetsShare(5, 10, { num: 1, den: 2 })).toBe(false)
    expect(meetsShare(6, 10, { num: 1, den: 2 })).toBe(true)
    expect(meetsShare(20, 30, { num: 2, den: 3 })).toBe(true)
    expect(meetsShare(19, 30, { num: 2, den: 3 })).toBe(false)
    expect(meetsShare(0, 0, { num: 1, den: 2 })).toBe(false)
  })
})

describe('county patches', () => {
  it('accept a valid change and keep earlier changes', () => {
    const result = validateCountyPatch({ deliberationNoticeDays: 5 }, { memberStudyHours: 40 })
    expect(result).toEqual({ ok: true, value: { deliberationNoticeDays: 5, memberStudyHours: 40 } })
  })

  it('refuse a Party-assembly quorum below “more than half”', () => {
    const result = validateCountyPatch({}, { assemblyAttendance: { num: 1, den: 3 } })
    expect(result.ok).toBe(false)
    if (!result.ok)
      expect(result.errors).toEqual([
        { key: 'assemblyAttendance', message: expect.stringContaining('不能低于法定标准“过半数”') },
      ])
  })

  it('refuse unknown keys and report every bad value', () => {
    const result = validateCountyPatch({}, { noSuch: 1, memberStudyHours: 10, villagersMeetingNoticeDays: 7 })
    expect(result.ok).toBe(false)
    if (!result.ok)
      expect(result.errors.map((e) => e.key)).toEqual(['noSuch', 'memberStudyHours', 'villagersMeetingNoticeDays'])
  })

  it('refuse combinations that contradict each other', () => {
    const linkage = validateCountyPatch({ linkageMaxHouseholds: 8 }, { linkageMinHouseholds: 9 })
    expect(!linkage.ok && linkage.errors[0]!.message).toMatch(/下限.*不能大于上限/)
    const visits = validateCountyPatch({}, { visitIntervalDays: 92, visitsPerHouseholdPerYear: 12 })
    expect(!visits.ok && visits.errors[0]!.key).toBe('visitsPerHouseholdPerYear')
    const requests = validateCountyPatch({}, { requestVerifyHours: 5 })
    expect(!requests.ok && requests.errors[0]!.key).toBe('requestVerifyHours')
    const duty = validateCountyPatch({}, { dutyMinHoursVillage: 9 })
    expect(!duty.ok && duty.errors[0]!.key).toBe('dutyMinHoursCommunity')
  })
})

describe('village overrides', () => {
  it('are allowed for local rules only', () => {
    for (const d of SETTING_DEFS) {
      const result = validateVillageOverrides({}, {}, { [d.key]: d.default })
      expect(result.ok).toBe(LOCAL_SETTING_KEYS.includes(d.key))
      if (!result.ok) expect(result.errors[0]!.message).toContain('由县里统一设置')
    }
  })

  it('cannot go below the statutory floor either', () => {
    const result = validateVillageOverrides({}, {}, { deliberationAttendance: { num: 1, den: 3 } })
    expect(!result.ok && result.errors[0]!.message).toMatch(/不能低于法定标准/)
  })

  it('are checked together with the county values', () => {
    const result = validateVillageOverrides({ linkageMaxHouseholds: 8 }, {}, { linkageMinHouseholds: 10 })
    expect(result.ok).toBe(false)
  })

  it('are removed with null, back to the county value', () => {
    const result = validateVillageOverrides(
      {},
      { councilCarsCap: 6, councilWeddingTablesCap: 6 },
      { councilCarsCap: null },
    )
    expect(result).toEqual({ ok: true, value: { councilWeddingTablesCap: 6 } })
    expect(validateVillageOverrides({}, {}, { memberStudyHours: null }).ok).toBe(false)
  })
})

describe('effective settings', () => {
  it('layer defaults ← county ← village (local rules only)', () => {
    const s = effectiveSettings({ councilCarsCap: 8, memberStudyHours: 40 }, {
      councilCarsCap: 6,
      memberStudyHours: 80,
    } as never)
    expect(s.councilCarsCap).toBe(6)
    expect(s.memberStudyHours).toBe(40)
    expect(s.deliberationAttendance).toEqual({ num: 2, den: 3 })
  })

  it('ignore stored values that are no longer valid, so no rule runs below a floor', () => {
    const s = effectiveSettings(
      { assemblyAttendance: { num: 1, den: 3 } },
      { deliberationAttendance: { num: 1, den: 4 } },
    )
    expect(s.assemblyAttendance).toEqual({ num: 1, den: 2 })
    expect(s.deliberationAttendance).toEqual({ num: 2, den: 3 })
  })

  it('fall back to the county level when the village overrides contradict the county', () => {
    const s = effectiveSettings({ linkageMaxHouseholds: 8 }, { linkageMinHouseholds: 10 })
    expect(s.linkageMinHouseholds).toBe(5)
  })
})

describe("the county's own holidays and working days", () => {
  it('take real calendar dates, without repeats, and never the same day in both lists', () => {
    const holidays = settingDef('localHolidays')!
    expect(validateSettingValue(holidays, ['2026-12-24', '2027-01-01'])).toBeNull()
    expect(validateSettingValue(holidays, ['2026-02-30'])).toMatch(/日期列表/)
    expect(validateSettingValue(holidays, ['2026-12-24', '2026-12-24'])).toMatch(/重复/)
    expect(validateSettingValue(holidays, [20261224])).toMatch(/日期列表/)
    const patch = validateCountyPatch({}, { localHolidays: ['2026-12-26'], localWorkdays: ['2026-12-26'] })
    expect(patch.ok).toBe(false)
    if (!patch.ok) expect(patch.errors[0]).toMatchObject({ key: 'localWorkdays' })
    expect(validateCountyPatch({}, { localHolidays: ['2026-12-28'], localWorkdays: ['2026-12-26'] }).ok).toBe(true)
  })
})
