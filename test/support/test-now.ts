/**
 * The instant the rules and functions tests run at: XZ_TEST_NOW when set (scripts/time-matrix.sh runs both projects
 * under several instants), else a fixed ordinary working morning. Every test file starts its clock there
 * (test/support/test-clock.ts).
 */
export const DEFAULT_TEST_NOW = '2026-11-18T10:00:00+08:00'

export const TEST_NOW = new Date(process.env.XZ_TEST_NOW || DEFAULT_TEST_NOW)
if (Number.isNaN(TEST_NOW.getTime())) throw new Error(`XZ_TEST_NOW is not an instant: ${process.env.XZ_TEST_NOW}`)

/** Everything jest can fake except Date: timers, ticks and hrtime stay real, so the SDK and the local cloud work. */
export const REAL_TIMERS = [
  'nextTick',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
  'queueMicrotask',
  'hrtime',
  'performance',
] as const

const HOUR = 3600_000

/**
 * Restarts this test file's clock at `at` (it runs on from there). For a file whose scenario cannot exist at
 * TEST_NOW — e.g. "a meeting that ended an hour ago, this quarter" in the first seconds of a quarter.
 */
export function startTestClockAt(at: Date): void {
  const shifted = Date as unknown as { startAt?: (ms: number) => void }
  if (!shifted.startAt) throw new Error('the test clock (test/support/test-clock.ts) is not installed')
  shifted.startAt(at.getTime())
}

/** `at`, or `hours`:00 Beijing of the same Beijing day if `at` is earlier in that day. */
export function notBeforeBeijingHour(at: Date, hours: number): Date {
  const dayStart = Math.floor((at.getTime() + 8 * HOUR) / (24 * HOUR)) * 24 * HOUR - 8 * HOUR
  return new Date(Math.max(at.getTime(), dayStart + hours * HOUR))
}

/**
 * `at`, or 00:00:30 Beijing of the next day if `at` falls in the last `minutes` of its Beijing day: for a file that
 * compares dates taken at different moments of a scenario, which the day turning mid-file would shift by one.
 */
export function notInLastMinutesOfDay(at: Date, minutes: number): Date {
  const dayStart = Math.floor((at.getTime() + 8 * HOUR) / (24 * HOUR)) * 24 * HOUR - 8 * HOUR
  const nextDay = dayStart + 24 * HOUR
  return nextDay - at.getTime() <= minutes * 60_000 ? new Date(nextDay + 30_000) : at
}
