import path from 'node:path'
import { parseCron } from '../../local/cron'
import { readTimerTriggers, startTimers } from '../../local/timers'

const beijing = (iso: string) => new Date(`${iso}+08:00`)

describe('CloudBase timer expressions (7 fields, Beijing time)', () => {
  it('matches every 10 minutes at second 0', () => {
    const m = parseCron('0 */10 * * * * *')
    expect(m(beijing('2026-11-27T09:20:00'))).toBe(true)
    expect(m(beijing('2026-11-27T09:20:01'))).toBe(false)
    expect(m(beijing('2026-11-27T09:25:00'))).toBe(false)
  })

  it('reads hours in Beijing time, not UTC', () => {
    const m = parseCron('0 */5 2-3 * * * *')
    expect(m(beijing('2026-11-27T02:00:00'))).toBe(true)
    expect(m(beijing('2026-11-27T03:55:00'))).toBe(true)
    expect(m(beijing('2026-11-27T04:00:00'))).toBe(false)
    expect(m(new Date('2026-11-27T02:00:00Z'))).toBe(false) // 10:00 in Beijing
    expect(m(beijing('2026-11-27T01:59:59'))).toBe(false)
  })

  it('lists, ranges with steps, months, years, and either day field when both are restricted', () => {
    const m = parseCron('30 0 8 1,15 1-12/3 * 2027')
    expect(m(beijing('2027-01-15T08:00:30'))).toBe(true)
    expect(m(beijing('2027-04-01T08:00:30'))).toBe(true)
    expect(m(beijing('2027-02-01T08:00:30'))).toBe(false)
    expect(m(beijing('2026-01-01T08:00:30'))).toBe(false)
    const either = parseCron('0 0 9 1 * 1 *') // the 1st, or any Monday
    expect(either(beijing('2026-11-30T09:00:00'))).toBe(true) // a Monday
    expect(either(beijing('2026-12-01T09:00:00'))).toBe(true) // the 1st, a Tuesday
    expect(either(beijing('2026-12-02T09:00:00'))).toBe(false)
  })

  it.each(['0 * * * *', '0 */0 * * * * *', '61 * * * * * *', '0 * 5-2 * * * *', 'a * * * * * *'])(
    'refuses "%s" with a message',
    (expr) => {
      expect(() => parseCron(expr)).toThrow(/field|fields/)
    },
  )

  it('every config.json trigger of the functions parses, and the stars refresh runs in the night only', () => {
    const triggers = readTimerTriggers(path.resolve(__dirname, '../../cloudfunctions'))
    expect(triggers.map((t) => `${t.functionName}/${t.name}`).sort()).toEqual(
      expect.arrayContaining(['meetings/notify', 'stars/refresh']),
    )
    const stars = triggers.find((t) => t.functionName === 'stars')!
    expect(stars.matches(beijing('2026-11-27T02:05:00'))).toBe(true)
    expect(stars.matches(beijing('2026-11-27T14:05:00'))).toBe(false)
  })
})

describe('npm start runs timer triggers', () => {
  afterEach(() => jest.useRealTimers())

  it('invokes the function with the CloudBase timer event each matching second, never two runs of one trigger at once', async () => {
    jest.useFakeTimers({ now: beijing('2026-11-27T02:04:58') })
    const trigger = {
      functionName: 'stars',
      name: 'refresh',
      config: '0 */5 2-3 * * * *',
      matches: parseCron('0 */5 2-3 * * * *'),
    }
    const every = {
      functionName: 'meetings',
      name: 'tick',
      config: '* * * * * * *',
      matches: parseCron('* * * * * * *'),
    }
    const calls: { name: string; event: unknown }[] = []
    let release!: () => void
    const slow = new Promise<void>((r) => (release = r))
    const stop = startTimers(
      [trigger, every],
      async (name, event) => {
        calls.push({ name, event })
        if (name === 'meetings') await slow // the every-second trigger is still running
        return { ok: true }
      },
      () => undefined,
    )
    await jest.advanceTimersByTimeAsync(5_000)
    stop()
    expect(calls.filter((c) => c.name === 'stars').map((c) => c.event)).toEqual([
      { Type: 'Timer', TriggerName: 'refresh', Time: beijing('2026-11-27T02:05:00').toISOString(), Message: '' },
    ])
    expect(calls.filter((c) => c.name === 'meetings')).toHaveLength(1)
    release()
  })
})
