import {
  dateLabel,
  dateTimeLabel,
  MACHINE_TEXT,
  monthLabel,
  periodLabel,
  quarterLabel,
  timeLabel,
  titled,
} from './human-text'

describe('human text', () => {
  it('says a date with its weekday, from a calendar date or an instant on the Beijing clock', () => {
    expect(dateLabel('2026-12-24')).toBe('12月24日（周四）')
    expect(dateLabel('2026-12-24', { year: true })).toBe('2026年12月24日（周四）')
    // 16:30 UTC on the 23rd is already the 24th in Beijing.
    expect(dateLabel('2026-12-23T16:30:00.000Z')).toBe('12月24日（周四）')
    expect(dateLabel('2026-03-01T04:00:00.000Z')).toBe('3月1日（周日）')
    expect(dateLabel('不是日期')).toBe('不是日期')
  })

  it('says a time and a date with time in Beijing', () => {
    expect(timeLabel('2026-12-08T06:15:20.688Z')).toBe('14:15')
    expect(dateTimeLabel('2026-12-08T06:15:20.688Z')).toBe('12月8日（周二）14:15')
  })

  it('says months and quarters in words', () => {
    expect(monthLabel('2026-12')).toBe('2026年12月')
    expect(monthLabel('2026-03', { year: false })).toBe('3月')
    expect(quarterLabel('2026-Q4')).toBe('2026年第四季度')
    expect(quarterLabel('2026-Q1', { year: false })).toBe('第一季度')
    expect(quarterLabel('not a quarter')).toBe('not a quarter')
  })

  it('says a meeting period in words', () => {
    expect(['2026-03', '2026-Q1', '2026', '2026-M01-02'].map(periodLabel)).toEqual(['3月', '第一季度', '全年', '1—2月'])
  })

  it('never doubles a kind in front of a title', () => {
    expect(titled('主题党日', '主题党日：十二月')).toBe('主题党日：十二月')
    expect(titled('主题党日', '学习二十届四中全会精神')).toBe('主题党日：学习二十届四中全会精神')
    expect(titled('主题党日', '主题党日')).toBe('主题党日')
  })

  it('recognises machine text and leaves human text alone', () => {
    const machine = (s: string) => MACHINE_TEXT.some((re) => re.test(s))
    expect(machine('2026-12-08T06:15:20.688Z')).toBe(true)
    expect(machine('2026-Q4')).toBe(true)
    expect(machine('rq-vZ0OdEWJaGDs')).toBe(true)
    expect(machine(dateTimeLabel('2026-12-08T06:15:20.688Z'))).toBe(false)
    expect(machine(quarterLabel('2026-Q4'))).toBe(false)
  })
})
