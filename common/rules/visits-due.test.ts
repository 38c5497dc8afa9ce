import { afterVisit, visitDue } from './visits-due'

const s = { visitIntervalDays: 31, visitsPerHouseholdPerYear: 6 }
// 2026-03-02 10:00 Beijing
const now = new Date('2026-03-02T02:00:00Z')

describe('which households are due a visit', () => {
  it('never visited comes first', () => {
    expect(visitDue({}, now, s)).toEqual({ due: 'never', nextBy: null, visitsThisYear: 0, yearTarget: 6 })
  })
  it('is ok, due within a week, then overdue', () => {
    expect(visitDue({ lastVisitDate: '2026-02-20', visitYear: 2026, visitsInYear: 2 }, now, s)).toMatchObject({
      due: 'ok',
      nextBy: '2026-03-23',
      visitsThisYear: 2,
    })
    expect(visitDue({ lastVisitDate: '2026-02-05', visitYear: 2026, visitsInYear: 1 }, now, s)).toMatchObject({
      due: 'due',
      nextBy: '2026-03-08',
    })
    expect(visitDue({ lastVisitDate: '2026-01-30' }, now, s)).toMatchObject({ due: 'due', nextBy: '2026-03-02' })
    expect(visitDue({ lastVisitDate: '2026-01-29' }, now, s)).toMatchObject({ due: 'overdue', nextBy: '2026-03-01' })
  })
  it('counts visits of this Beijing year only', () => {
    expect(
      visitDue({ lastVisitDate: '2025-12-31', visitYear: 2025, visitsInYear: 9 }, new Date('2026-01-01T00:00:00Z'), s)
        .visitsThisYear,
    ).toBe(9 - 9)
    // 2025-12-31T16:30Z is already 2026-01-01 in Beijing
    expect(
      visitDue({ lastVisitDate: '2026-01-01', visitYear: 2026, visitsInYear: 1 }, new Date('2025-12-31T16:30:00Z'), s)
        .visitsThisYear,
    ).toBe(1)
  })
})

describe('visit state after a visit', () => {
  it('moves the last date forward and counts the year', () => {
    expect(afterVisit({}, '2026-03-02')).toEqual({ lastVisitDate: '2026-03-02', visitYear: 2026, visitsInYear: 1 })
    expect(afterVisit({ lastVisitDate: '2026-02-01', visitYear: 2026, visitsInYear: 1 }, '2026-03-02')).toEqual({
      lastVisitDate: '2026-03-02',
      visitYear: 2026,
      visitsInYear: 2,
    })
    expect(afterVisit({ lastVisitDate: '2025-12-20', visitYear: 2025, visitsInYear: 8 }, '2026-01-05')).toEqual({
      lastVisitDate: '2026-01-05',
      visitYear: 2026,
      visitsInYear: 1,
    })
  })
  it('does not move the last date back for a late record', () => {
    expect(afterVisit({ lastVisitDate: '2026-03-02', visitYear: 2026, visitsInYear: 2 }, '2026-02-10')).toEqual({
      lastVisitDate: '2026-03-02',
      visitYear: 2026,
      visitsInYear: 3,
    })
    expect(afterVisit({ lastVisitDate: '2026-01-03', visitYear: 2026, visitsInYear: 1 }, '2025-12-28')).toEqual({
      lastVisitDate: '2026-01-03',
      visitYear: 2026,
      visitsInYear: 1,
    })
  })
})
