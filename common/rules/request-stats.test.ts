import { combineMonths, emptyMonth, median, monthDelta, statsDocId } from './request-stats'

describe('monthly request figures', () => {
  it('counts only the village report as escalation', () => {
    expect(monthDelta({ kind: 'escalated', from: 'village' })).toEqual({ inc: { escalated: 1 } })
    expect(monthDelta({ kind: 'escalated', from: 'township' })).toEqual({ inc: {} })
  })
  it('counts closing in the village, lateness and the close time', () => {
    expect(monthDelta({ kind: 'closed', level: 'village', hours: 5.04, late: false })).toEqual({
      inc: { closed: 1, closedInVillage: 1 },
      closeHours: 5,
    })
    expect(monthDelta({ kind: 'closed', level: 'township', hours: 30, late: true })).toEqual({
      inc: { closed: 1, closedLate: 1 },
      closeHours: 30,
    })
    expect(monthDelta({ kind: 'rated', rating: 'unsatisfied' })).toEqual({ inc: { unsatisfied: 1 } })
    expect(monthDelta({ kind: 'raised' })).toEqual({ inc: { received: 1 } })
  })
  it('takes the median of odd, even and empty lists', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNull()
  })
  it('combines villages into shares', () => {
    const a = {
      ...emptyMonth(),
      received: 4,
      closed: 3,
      closedInVillage: 3,
      satisfied: 2,
      unsatisfied: 1,
      closeHours: [2, 4, 30],
    }
    const b = { received: 2, escalated: 1, closed: 1, closedLate: 1, basically: 1, closeHours: [50] }
    expect(combineMonths([a, b])).toEqual({
      received: 6,
      escalated: 1,
      closed: 4,
      closedInVillage: 3,
      closedLate: 1,
      villageSharePercent: 75,
      medianCloseHours: 17,
      rated: 4,
      satisfactionPercent: 75,
    })
    expect(combineMonths([])).toMatchObject({
      villageSharePercent: null,
      satisfactionPercent: null,
      medianCloseHours: null,
    })
    expect(statsDocId('v1', '2026-03')).toBe('v1_2026-03')
  })
})
