/**
 * jest setupFilesAfterEnv of the rules and functions projects: the clock of every test file starts at TEST_NOW
 * (XZ_TEST_NOW, or the fixed default of test/support/test-now.ts) and runs on at the real pace. Only Date is shifted
 * — `new Date()` and `Date.now()` — by a constant offset: timers, ticks and hrtime stay real, so the SDK, the local
 * cloud and waits work as before. The test's own `new Date()`, the local cloud and the cloud functions called
 * in-process (their runtime reads cloudfunctions/_lib/clock.ts, which falls back to `new Date()`) all see this one
 * clock, so a test's outcome does not depend on the day it runs. A test that needs another instant fakes Date itself
 * (jest.useFakeTimers, as duty.test.ts does).
 *
 * Not jest's `advanceTimers`: that advances a fake clock by fixed steps from a real interval, so under load the fake
 * clock falls behind the real one (a timer test saw 1 tick in 2.6 s).
 */
import { TEST_NOW } from './test-now'

const NativeDate = Date
let offset = TEST_NOW.getTime() - NativeDate.now()
const now = () => NativeDate.now() + offset

/** A subclass, not a Proxy: it constructs as fast as Date itself (the seeds make hundreds of thousands). */
class ShiftedDate extends NativeDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(now())
    else super(...(args as [string]))
  }

  static now(): number {
    return now()
  }

  /** Restarts the clock at another instant (startTestClockAt in test-now.ts). */
  static startAt(at: number): void {
    offset = at - NativeDate.now()
  }
}

globalThis.Date = ShiftedDate as unknown as DateConstructor
