/**
 * The local server's clock (never deployed): starts at a chosen instant (`XZ_NOW=2026-12-31T23:59:58+08:00 npm start`)
 * and runs from there at the real pace; `POST /api/local/clock` sets it or jumps it forward. Installed on the global
 * object under the cloud functions' CLOCK_KEY (cloudfunctions/_lib/clock.ts), so every function bundle loaded in this
 * process reads it as its `ctx.now`, and the local timer triggers fire by it.
 */
import { CLOCK_KEY, type Clock } from '../cloudfunctions/_lib/clock'

/** An ISO 8601 instant with an explicit offset or Z (a bare local time would depend on the machine's zone). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/

export function parseInstant(text: string): Date {
  const at = INSTANT.test(text.trim()) ? new Date(text.trim()) : new Date(NaN)
  if (Number.isNaN(at.getTime()))
    throw new Error(`not an instant: ${JSON.stringify(text)} (write e.g. 2026-12-31T23:59:58+08:00)`)
  return at
}

export class LocalClock {
  /** Milliseconds added to the real clock. */
  private offset = 0

  constructor(start?: Date) {
    if (start) this.set(start)
  }

  now(): Date {
    return new Date(Date.now() + this.offset)
  }

  /** Whether the clock differs from the real one (more than a second). */
  get shifted(): boolean {
    return Math.abs(this.offset) >= 1000
  }

  set(at: Date): void {
    this.offset = at.getTime() - Date.now()
  }

  /** Forward only: the functions' records (check-ins, votes, audit) assume time does not run backwards. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error('the clock only moves forward')
    this.offset += ms
  }

  /** Makes this the functions' clock in this process; returns the undo. */
  install(): () => void {
    const global = globalThis as { [CLOCK_KEY]?: Clock }
    const previous = global[CLOCK_KEY]
    const clock: Clock = () => this.now()
    global[CLOCK_KEY] = clock
    return () => {
      if (global[CLOCK_KEY] === clock) {
        if (previous) global[CLOCK_KEY] = previous
        else delete global[CLOCK_KEY]
      }
    }
  }
}

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }

/** A forward jump written as `10d`, `2h30m`, `90s` (days, hours, minutes, seconds). */
export function parseDuration(text: string): number {
  const t = text.trim()
  if (!/^(\d+[dhms])+$/.test(t)) throw new Error(`not a duration: ${JSON.stringify(text)} (write e.g. 10d, 2h30m, 90s)`)
  let ms = 0
  for (const [, n, unit] of t.matchAll(/(\d+)([dhms])/g)) ms += Number(n) * UNIT_MS[unit!]!
  return ms
}
