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
