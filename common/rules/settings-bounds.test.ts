import { boundsText, editableOnPage, parseSettingInput, settingInputText } from './settings-bounds'
import { SETTING_DEFS, settingDef, validateSettingValue } from './settings'

const def = (key: string) => settingDef(key)!

describe('boundsText', () => {
  it('the 四议两公开 notice days: may be 0, which means the same day', () => {
    const lines = boundsText(def('deliberationNoticeDays'))
    expect(lines).toContain('可设 0 至 30天')
    expect(lines).toContain('设为 0 天即不必提前，送达当天就可以召开、表决')
  })
  it('a statutory floor comes first, with its source (村民会议 10 days)', () => {
    const lines = boundsText(def('villagersMeetingNoticeDays'))
    expect(lines[0]).toMatch(/^法定不少于 10天：《村民委员会组织法》第二十一条/)
    expect(lines.some((l) => l.startsWith('设为 0 天'))).toBe(false)
  })
  it('a statutory ceiling and a fixed value', () => {
    expect(boundsText(def('branchCommitteeIntervalMonths'))).toEqual([
      expect.stringMatching(/^法定不超过 1个月/),
      '只能是 1个月',
    ])
  })
  it('fractions read 过半数 for one half', () => {
    expect(boundsText(def('assemblyAttendance'))[0]).toMatch(/^法定不低于过半数：/)
    expect(boundsText(def('representativeQuorum'))[0]).toMatch(/^法定不低于 2\/3：/)
  })
  it('lists and role lists say their limits', () => {
    expect(boundsText(def('absenceWarningMonths'))[0]).toMatch(/^每个提醒须早于第 6 个月/)
    expect(boundsText(def('townshipGrantedRoles'))[0]).toMatch(/^必须包含支部书记/)
  })
  it('explains every setting with at least one line (a new setting needs no change here)', () => {
    for (const d of SETTING_DEFS) expect(boundsText(d).length).toBeGreaterThan(0)
  })
})

describe('parseSettingInput', () => {
  it('reads integers, fractions and lists as typed on a phone', () => {
    expect(parseSettingInput(def('deliberationNoticeDays'), ' 0 ')).toEqual({ value: 0 })
    expect(parseSettingInput(def('deliberationAttendance'), '2／3')).toEqual({ value: { num: 2, den: 3 } })
    expect(parseSettingInput(def('absenceWarningMonths'), '3、5')).toEqual({ value: [3, 5] })
    expect(parseSettingInput(def('absenceWarningMonths'), '3,4 5')).toEqual({ value: [3, 4, 5] })
  })
  it('refuses what is not a value, in words', () => {
    expect(parseSettingInput(def('deliberationNoticeDays'), '三')).toEqual({ error: '请填写整数' })
    expect(parseSettingInput(def('deliberationNoticeDays'), '-1')).toEqual({ error: '请填写整数' })
    expect(parseSettingInput(def('deliberationAttendance'), '0.5')).toEqual({ error: '请填写分数，如 2/3' })
    expect(parseSettingInput(def('localHolidays'), '2026-12-24')).toEqual({ error: '这一项在本页不能修改' })
  })
  it('round-trips with settingInputText for every editable setting’s default', () => {
    for (const d of SETTING_DEFS.filter(editableOnPage)) {
      const parsed = parseSettingInput(d, settingInputText(d, d.default))
      expect(parsed).toEqual({ value: d.default })
      expect(validateSettingValue(d, (parsed as { value: unknown }).value)).toBeNull()
    }
  })
})
