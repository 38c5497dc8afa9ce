import {
  addDays,
  comingWeek,
  compactDate,
  coveredMinutes,
  datesOfMonth,
  distanceMetres,
  dutyDate,
  earlyMinutes,
  exceptionCapProblem,
  exceptionUses,
  judgeDeclaredLocation,
  lateMinutes,
  MAX_DECLARED_INACCURACY_METRES,
  PUNCTUALITY_GRACE_MINUTES,
  punctualityLabel,
  shiftInstants,
  dutyMonth,
  dutyRulesFor,
  formatDistance,
  judgeCheckOut,
  judgeLocation,
  judgePlannedDay,
  MAX_DUTY_HOURS,
  minuteOfDay,
  monthCoverage,
  residentDays,
  shiftMinutes,
} from './duty'

const CENTRE = { latitude: 32.5, longitude: 112.3, radiusMetres: 200 }
/** Metres per degree of latitude. */
const M_PER_DEG = 111_195

describe('distance and radius', () => {
  it('measures great-circle distance in metres', () => {
    expect(distanceMetres(CENTRE, CENTRE)).toBe(0)
    expect(distanceMetres(CENTRE, { latitude: 32.5 + 1000 / M_PER_DEG, longitude: 112.3 })).toBeCloseTo(1000, 0)
    // Longitude shrinks with cos(latitude).
    const east = distanceMetres(CENTRE, { latitude: 32.5, longitude: 112.3 + 1000 / M_PER_DEG })
    expect(east).toBeCloseTo(1000 * Math.cos((32.5 * Math.PI) / 180), -1)
  })

  it('accepts within the radius, and adds the phone accuracy up to 50 m', () => {
    const at = (m: number, accuracy?: number) => ({ latitude: 32.5 + m / M_PER_DEG, longitude: 112.3, accuracy })
    expect(judgeLocation(CENTRE, at(199))).toEqual({ within: true, distanceMetres: 199 })
    expect(judgeLocation(CENTRE, at(200)).within).toBe(true)
    expect(judgeLocation(CENTRE, at(202)).within).toBe(false)
    expect(judgeLocation(CENTRE, at(240, 45)).within).toBe(true)
    expect(judgeLocation(CENTRE, at(260, 500)).within).toBe(false)
    expect(judgeLocation(CENTRE, at(240, -5)).within).toBe(false)
    const far = judgeLocation(CENTRE, at(3500))
    expect(far.within).toBe(false)
    expect(far.message).toContain('3.5 公里')
    expect(far.message).toContain('200 米')
  })

  it('formats distances', () => {
    expect(formatDistance(999)).toBe('999 米')
    expect(formatDistance(1000)).toBe('1.0 公里')
  })
})

describe('Beijing duty dates', () => {
  it('puts 23:59 and 00:00 Beijing on different duty dates', () => {
    expect(dutyDate(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01') // 23:59:59 Beijing
    expect(dutyDate(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02') // 00:00 Beijing
  })

  it('puts month ends in the right Beijing month', () => {
    expect(dutyMonth(new Date('2026-01-31T15:59:59Z'))).toBe('2026-01')
    expect(dutyMonth(new Date('2026-01-31T16:00:00Z'))).toBe('2026-02')
    expect(dutyMonth(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01')
  })

  it('adds days across month and year ends and leap days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31')
    expect(addDays('2026-03-10', 0)).toBe('2026-03-10')
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError)
  })

  it('lists the dates of a month', () => {
    expect(datesOfMonth('2026-02')).toHaveLength(28)
    expect(datesOfMonth('2028-02')).toHaveLength(29)
    expect(datesOfMonth('2026-12').at(-1)).toBe('2026-12-31')
    expect(() => datesOfMonth('2026-13')).toThrow(RangeError)
  })

  it('gives the coming week from the Beijing date, not the UTC one', () => {
    // 2026-03-01 20:00Z is 2026-03-02 04:00 Beijing.
    expect(comingWeek(new Date('2026-03-01T20:00:00Z'))).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ])
  })

  it('compacts dates for ids', () => {
    expect(compactDate('2026-03-02')).toBe('20260302')
  })
})

describe('shifts and gaps', () => {
  it('reads HH:mm', () => {
    expect(minuteOfDay('00:00')).toBe(0)
    expect(minuteOfDay('23:59')).toBe(1439)
    expect(() => minuteOfDay('24:00')).toThrow(RangeError)
    expect(() => minuteOfDay('8:30')).toThrow(RangeError)
  })

  it('counts shift minutes, past midnight too', () => {
    expect(shiftMinutes({ start: '08:30', end: '17:30' })).toBe(540)
    expect(shiftMinutes({ start: '20:00', end: '08:00' })).toBe(720)
    expect(shiftMinutes({ start: '08:00', end: '08:00' })).toBe(1440)
  })

  it('counts overlapping shifts once', () => {
    expect(coveredMinutes([])).toBe(0)
    expect(
      coveredMinutes([
        { start: '08:00', end: '12:00' },
        { start: '10:00', end: '14:00' },
      ]),
    ).toBe(360)
    expect(
      coveredMinutes([
        { start: '08:00', end: '12:00' },
        { start: '14:00', end: '18:00' },
      ]),
    ).toBe(480)
    expect(
      coveredMinutes([
        { start: '08:00', end: '18:00' },
        { start: '09:00', end: '10:00' },
      ]),
    ).toBe(600)
    expect(coveredMinutes([{ start: '00:00', end: '01:00' }])).toBe(60)
  })

  it('takes the floors for villages and communities from the settings', () => {
    const s = { dutyMinCadresPerDay: 1, dutyMinHoursVillage: 6, dutyMinHoursCommunity: 8 }
    expect(dutyRulesFor('village', s)).toEqual({ minCadresPerDay: 1, minHours: 6 })
    expect(dutyRulesFor('community', s)).toEqual({ minCadresPerDay: 1, minHours: 8 })
  })

  it('flags empty days, too few cadres and too few hours', () => {
    const rules = { minCadresPerDay: 2, minHours: 6 }
    expect(judgePlannedDay('2026-03-07', [], rules)).toEqual({
      date: '2026-03-07',
      cadres: 0,
      plannedMinutes: 0,
      gap: true,
      reasons: ['无人值班'],
    })
    const one = judgePlannedDay('2026-03-07', [{ personId: 'a', start: '08:00', end: '12:00' }], rules)
    expect(one.reasons).toEqual(['值班干部少于 2 人', '值班时长不足 6 小时'])
    const ok = judgePlannedDay(
      '2026-03-07',
      [
        { personId: 'a', start: '08:00', end: '12:00' },
        { personId: 'b', start: '12:00', end: '14:00' },
      ],
      rules,
    )
    expect(ok).toMatchObject({ cadres: 2, plannedMinutes: 360, gap: false, reasons: [] })
    // The same person twice is one cadre.
    const same = judgePlannedDay(
      '2026-03-07',
      [
        { personId: 'a', start: '08:00', end: '12:00' },
        { personId: 'a', start: '13:00', end: '17:00' },
      ],
      rules,
    )
    expect(same.cadres).toBe(1)
    expect(same.gap).toBe(true)
  })
})

describe('check-out', () => {
  const inAt = new Date('2026-03-02T12:00:00Z') // 20:00 Beijing
  it('counts minutes, also past midnight Beijing', () => {
    expect(judgeCheckOut(inAt, new Date('2026-03-02T16:30:00Z'))).toEqual({ ok: true, minutes: 270 })
  })
  it('refuses after the limit and before the check-in', () => {
    expect(judgeCheckOut(inAt, inAt.getTime() + MAX_DUTY_HOURS * 3_600_000)).toEqual({
      ok: true,
      minutes: MAX_DUTY_HOURS * 60,
    })
    expect(judgeCheckOut(inAt, inAt.getTime() + MAX_DUTY_HOURS * 3_600_000 + 1)).toMatchObject({
      ok: false,
      reason: 'too-late',
    })
    expect(judgeCheckOut(inAt, inAt.getTime() - 1)).toMatchObject({ ok: false, reason: 'before-check-in' })
  })
})

describe('month coverage from the aggregate', () => {
  const rules = { minCadresPerDay: 1, minHours: 6 }
  it('counts days so far, covered days and full-hour days', () => {
    const now = new Date('2026-03-03T16:00:00Z') // 2026-03-04 00:00 Beijing: 4 days so far
    const c = monthCoverage(
      '2026-03',
      {
        days: {
          '01': { cadres: 1, minutes: 400 },
          '02': { cadres: 2, minutes: 300, exceptions: 1 },
          '04': { cadres: 0 },
        },
        minutes: 700,
        checkins: 3,
        exceptions: 1,
        matters: 5,
        resolvedOnSpot: 3,
      },
      rules,
      now,
    )
    expect(c).toMatchObject({
      requiredDays: 4,
      coveredDays: 2,
      fullHoursDays: 1,
      hours: 11.7,
      checkins: 3,
      exceptions: 1,
      matters: 5,
      resolvedOnSpot: 3,
      handedOff: 0,
    })
    expect(c.days.map((d) => d.covered)).toEqual([true, true, false, false])
    expect(c.days[1]).toEqual({ date: '2026-03-02', cadres: 2, hours: 5, covered: true, exceptions: 1 })
  })

  it('requires the whole of a past month and nothing of a future one', () => {
    const now = new Date('2026-03-10T04:00:00Z')
    expect(monthCoverage('2026-02', undefined, rules, now)).toMatchObject({
      requiredDays: 28,
      coveredDays: 0,
      hours: 0,
    })
    expect(monthCoverage('2026-04', undefined, rules, now)).toMatchObject({ requiredDays: 0, days: [] })
  })

  it('counts the last day of a month only once it has begun in Beijing', () => {
    expect(monthCoverage('2026-03', undefined, rules, new Date('2026-03-30T15:59:59Z')).requiredDays).toBe(30)
    expect(monthCoverage('2026-03', undefined, rules, new Date('2026-03-30T16:00:00Z')).requiredDays).toBe(31)
  })

  it('needs the minimum number of cadres for a covered day', () => {
    const c = monthCoverage(
      '2026-02',
      { days: { '01': { cadres: 1 }, '02': { cadres: 2 } } },
      { minCadresPerDay: 2, minHours: 6 },
      new Date('2026-03-10T00:00:00Z'),
    )
    expect(c.coveredDays).toBe(1)
  })
})

describe('resident cadres', () => {
  it('counts distinct days in the month against the expectation, pro-rated while it runs', () => {
    const now = new Date('2026-03-10T04:00:00Z') // day 10 of 31
    const r = residentDays('2026-03', ['2026-03-01', '2026-03-02', '2026-03-02', '2026-02-28'], 20, now)
    expect(r).toEqual({ month: '2026-03', days: 2, expected: 20, expectedSoFar: 7, met: false })
    const done = residentDays(
      '2026-02',
      Array.from({ length: 20 }, (_, i) => `2026-02-${String(i + 1).padStart(2, '0')}`),
      20,
      now,
    )
    expect(done).toMatchObject({ days: 20, expectedSoFar: 20, met: true })
  })
})

describe('exceptions', () => {
  it('a declared location exception still refuses a position no GPS error explains (at check-in and check-out)', () => {
    const limit = CENTRE.radiusMetres + MAX_DECLARED_INACCURACY_METRES
    const at = (m: number) => ({ latitude: CENTRE.latitude + m / M_PER_DEG, longitude: CENTRE.longitude })
    expect(judgeDeclaredLocation(CENTRE, at(limit - 1), 'out').within).toBe(true)
    const far = judgeDeclaredLocation(CENTRE, at(2200), 'out')
    expect(far).toMatchObject({ within: false, distanceMetres: 2200 })
    expect(far.message).toContain('约 2.2 公里')
    expect(far.message).toContain('不能签退')
    expect(judgeDeclaredLocation(CENTRE, at(limit + 2), 'in').message).toContain('不能签到')
  })

  it('counts a check-in and its check-out exception separately', () => {
    expect(exceptionUses({ exception: false, checkOutException: null })).toBe(0)
    expect(exceptionUses({ exception: true, checkOutException: null })).toBe(1)
    expect(exceptionUses({ exception: true, checkOutException: { missing: 'code', reason: '停电了' } })).toBe(2)
  })

  it('allows exceptions up to the cap and refuses the next with the reason', () => {
    expect(exceptionCapProblem(0, 3)).toBeUndefined()
    expect(exceptionCapProblem(2, 3)).toBeUndefined()
    expect(exceptionCapProblem(3, 3)).toContain('最多 3 次')
    expect(exceptionCapProblem(0, 0)).toContain('最多 0 次')
  })
})

describe('late arrival and early departure against the shift', () => {
  const shift = { start: '08:30', end: '17:30' }
  const bj = (hhmmss: string) => new Date(`2026-03-02T${hhmmss}+08:00`)
  it('places the shift on its Beijing date; an overnight shift ends the next day', () => {
    expect(shiftInstants('2026-03-02', shift)).toEqual({ start: bj('08:30:00'), end: bj('17:30:00') })
    expect(shiftInstants('2026-03-02', { start: '20:00', end: '08:00' }).end).toEqual(
      new Date('2026-03-03T08:00:00+08:00'),
    )
  })
  it('marks lateness only beyond the grace', () => {
    expect(PUNCTUALITY_GRACE_MINUTES).toBe(5)
    expect(lateMinutes('2026-03-02', shift, bj('08:00:00'))).toBe(0)
    expect(lateMinutes('2026-03-02', shift, bj('08:35:59'))).toBe(0)
    expect(lateMinutes('2026-03-02', shift, bj('08:36:00'))).toBe(6)
    expect(lateMinutes('2026-03-02', shift, bj('10:00:00'))).toBe(90)
  })
  it('marks an early departure only beyond the grace', () => {
    expect(earlyMinutes('2026-03-02', shift, bj('17:30:00'))).toBe(0)
    expect(earlyMinutes('2026-03-02', shift, bj('17:25:00'))).toBe(0)
    expect(earlyMinutes('2026-03-02', shift, bj('17:24:00'))).toBe(6)
    expect(earlyMinutes('2026-03-02', shift, bj('15:00:00'))).toBe(150)
    expect(earlyMinutes('2026-03-02', shift, bj('19:00:00'))).toBe(0)
  })
  it('says it in plain words', () => {
    expect(punctualityLabel('late', 12)).toBe('迟到 12 分钟')
    expect(punctualityLabel('early', 65)).toBe('早退 1 小时 5 分钟')
    expect(punctualityLabel('early', 120)).toBe('早退 2 小时')
  })
})
