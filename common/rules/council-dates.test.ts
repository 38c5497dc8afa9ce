import { deathDateErrors, eventDateErrors, outsideFilingWindow } from './council-dates'

// 2026-03-02 10:00 in Beijing.
const NOW = new Date('2026-03-02T02:00:00Z')

describe('outsideFilingWindow', () => {
  it('accepts an event from today back 366 days and ahead 732 days (Beijing dates)', () => {
    expect(outsideFilingWindow('2026-03-02', NOW)).toBeNull()
    expect(outsideFilingWindow('2025-03-01', NOW)).toBeNull()
    expect(outsideFilingWindow('2028-03-03', NOW)).toBeNull()
  })

  it('refuses an event more than a year past', () => {
    expect(outsideFilingWindow('2025-02-28', NOW)).toBe('一年以前的事不再补报')
  })

  it('refuses an event more than two years ahead', () => {
    expect(outsideFilingWindow('2028-03-04', NOW)).toBe('办事日期太远，请临近时再报备')
  })

  it('counts in Beijing dates: 23:30 UTC is already the next day', () => {
    const lateEvening = new Date('2026-03-01T23:30:00Z') // 2026-03-02 07:30 in Beijing
    expect(outsideFilingWindow('2025-03-01', lateEvening)).toBeNull()
    expect(outsideFilingWindow('2025-02-28', lateEvening)).toBe('一年以前的事不再补报')
  })
})

describe('eventDateErrors and deathDateErrors', () => {
  const today = '2026-03-02'

  it('have nothing to say about a valid wedding date', () => {
    expect(eventDateErrors('2026-05-01')).toEqual([])
    expect(deathDateErrors('wedding', '2026-05-01', undefined, today)).toEqual([])
  })

  it('refuse a date that does not exist', () => {
    expect(eventDateErrors('2026-02-30')).toEqual([{ path: 'eventDate', message: '办事日期不是有效日期' }])
  })

  it('ask a funeral for the date of death, not after today, not after the funeral', () => {
    expect(deathDateErrors('funeral', '2026-03-03', undefined, today)).toEqual([
      { path: 'deathDate', message: '丧事请填写去世日期' },
    ])
    expect(deathDateErrors('funeral', '2026-03-05', '2026-03-03', today)).toEqual([
      { path: 'deathDate', message: '去世日期不能晚于今天' },
    ])
    expect(deathDateErrors('funeral', '2026-02-27', '2026-02-28', today)).toEqual([
      { path: 'eventDate', message: '出殡日期不能早于去世日期' },
    ])
    expect(deathDateErrors('funeral', '2026-03-04', '2026-03-01', today)).toEqual([])
  })
})
