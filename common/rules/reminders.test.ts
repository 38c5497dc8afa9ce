import { reminderTooLate } from './reminders'

describe('a reminder after its window has closed', () => {
  const closesAt = new Date('2026-05-10T02:00:00Z')

  it('is sent up to the last millisecond before the close and never from the close on', () => {
    expect(reminderTooLate(closesAt, new Date(closesAt.getTime() - 1))).toBe(false)
    expect(reminderTooLate(closesAt, closesAt)).toBe(true)
    expect(reminderTooLate(closesAt, new Date(closesAt.getTime() + 8 * 60_000))).toBe(true)
  })

  it('accepts stored ISO strings, and a notice with no window is never too late', () => {
    expect(reminderTooLate(closesAt.toISOString(), new Date('2026-05-10T03:00:00Z'))).toBe(true)
    expect(reminderTooLate(undefined, new Date('2099-01-01T00:00:00Z'))).toBe(false)
    expect(reminderTooLate(null, new Date('2099-01-01T00:00:00Z'))).toBe(false)
  })
})
