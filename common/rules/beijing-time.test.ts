import { beijingDate, beijingMonth, formatBeijing, startOfBeijingDate } from './beijing-time'

describe('Beijing dates from UTC instants (cloud functions run in UTC)', () => {
  it('puts 00:30 Beijing time on the Beijing date, not the UTC date', () => {
    // 2026-03-01T16:30Z is 2026-03-02 00:30 in Beijing.
    expect(beijingDate('2026-03-01T16:30:00Z')).toBe('2026-03-02')
  })

  it('keeps 23:59 Beijing time on the same Beijing date', () => {
    expect(beijingDate('2026-03-02T15:59:59.999Z')).toBe('2026-03-02')
    expect(beijingDate('2026-03-02T16:00:00.000Z')).toBe('2026-03-03')
  })

  it('crosses month and year boundaries on Beijing time', () => {
    expect(beijingMonth('2026-01-31T16:00:00Z')).toBe('2026-02')
    expect(beijingDate('2026-12-31T16:00:00Z')).toBe('2027-01-01')
    expect(beijingDate('2028-02-28T16:00:00Z')).toBe('2028-02-29')
  })

  it('does not depend on the host time zone', () => {
    const instant = new Date('2026-06-30T17:00:00Z')
    expect(formatBeijing(instant, 'YYYY-MM-DD HH:mm')).toBe('2026-07-01 01:00')
    expect(formatBeijing(instant.getTime(), 'HH:mm Z')).toBe('01:00 +08:00')
  })

  it('finds the UTC instant at which a Beijing date starts', () => {
    expect(startOfBeijingDate('2026-03-02').toISOString()).toBe('2026-03-01T16:00:00.000Z')
    expect(beijingDate(startOfBeijingDate('2026-03-02'))).toBe('2026-03-02')
    expect(beijingDate(new Date(startOfBeijingDate('2026-03-02').getTime() - 1))).toBe('2026-03-01')
  })

  it('refuses what is not a calendar date', () => {
    expect(() => startOfBeijingDate('2026-02-30')).toThrow(RangeError)
    expect(() => startOfBeijingDate('2026-3-2')).toThrow(RangeError)
  })
})

describe('inBeijing reads like dayjs did (its replacement: ~1 KB instead of ~9 KB in each function bundle)', () => {
  it('agrees with dayjs on getters, formats, start of month, adding months and days, and roll-over setters', async () => {
    const { default: dayjs } = await import('dayjs')
    const { default: utc } = await import('dayjs/plugin/utc')
    dayjs.extend(utc)
    const { inBeijing } = await import('./beijing-time')
    const patterns = [
      'YYYY-MM-DD HH:mm',
      'MM-DD HH:mm',
      'HH:mm',
      'M月D日 HH:mm',
      'YYYY-MM',
      'YYYYMM',
      'HH:mm:ss Z',
      '[第]D[天]',
    ]
    // Month and year ends, leap days, the last millisecond of a Beijing day, and a spread over ten years.
    const instants = [
      '2026-01-31T16:00:00Z',
      '2026-12-31T15:59:59.999Z',
      '2028-02-28T16:00:00Z',
      '2026-03-30T17:00:00Z',
      ...Array.from({ length: 200 }, (_, i) => 1_700_000_000_000 + i * 1_618_033_988),
    ]
    for (const at of instants) {
      const ours = inBeijing(at)
      const theirs = dayjs(at).utcOffset(480)
      for (const p of patterns) expect(ours.format(p)).toBe(theirs.format(p))
      expect([ours.year(), ours.month(), ours.date(), ours.day(), ours.hour()]).toEqual([
        theirs.year(),
        theirs.month(),
        theirs.date(),
        theirs.day(),
        theirs.hour(),
      ])
      expect(ours.subtract(6, 'month').startOf('month').format('YYYY-MM-DD')).toBe(
        theirs.subtract(6, 'month').startOf('month').format('YYYY-MM-DD'),
      )
      expect(ours.subtract(1, 'month').format('YYYY-MM-DD HH:mm')).toBe(
        theirs.subtract(1, 'month').format('YYYY-MM-DD HH:mm'),
      )
      expect(ours.add(3, 'day').toDate().getTime()).toBe(theirs.add(3, 'day').toDate().getTime())
      const set = (t: typeof ours | typeof theirs) => t.startOf('month').date(28).hour(27).minute(0).second(0)
      expect(set(ours).millisecond(0).toDate().getTime()).toBe(set(theirs).millisecond(0).toDate().getTime())
    }
    expect(inBeijing('not a date').isValid()).toBe(false)
  })
})
