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
