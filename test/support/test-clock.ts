/**
 * jest setupFilesAfterEnv of the rules and functions projects: Date (only) starts at TEST_NOW in every test file and
 * runs on at the real pace. The test's own `new Date()`, the local cloud and the cloud functions called in-process
 * (their runtime reads cloudfunctions/_lib/clock.ts, which falls back to `new Date()`) all see this one clock, so a
 * test's outcome does not depend on the day it runs. A test that needs another instant fakes Date itself.
 */
import { REAL_TIMERS, TEST_NOW } from './test-now'

jest.useFakeTimers({ now: TEST_NOW, advanceTimers: true, doNotFake: [...REAL_TIMERS] })
