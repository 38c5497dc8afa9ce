/**
 * The cloud functions' one clock. The runtime reads it once per call and hands the instant down as `ctx.now`;
 * handlers and rules never read the time themselves (test/unit/one-clock.test.ts guards this).
 *
 * In CloudBase nothing replaces it: it is the real clock. A host that runs the function bundles in its own process
 * (the local server's settable clock, local/clock.ts; the in-process tests and the budget test) may put a clock on
 * the global object under CLOCK_KEY. It is a global and not an import because every function bundle carries its own
 * copy of this module, and the local clock's code must never be inside a bundle.
 */
export const CLOCK_KEY = Symbol.for('xiangzhi.clock')

export type Clock = () => Date

export function now(): Date {
  const installed = (globalThis as { [CLOCK_KEY]?: unknown })[CLOCK_KEY]
  return typeof installed === 'function' ? new Date((installed as Clock)().getTime()) : new Date()
}
