import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseCron, type CronMatcher } from './cron'

interface Trigger {
  functionName: string
  name: string
  config: string
  matches: CronMatcher
}

export type TimerInvoke = (
  functionName: string,
  event: { Type: 'Timer'; TriggerName: string; Time: string; Message: string },
) => Promise<unknown>

/** The timer triggers declared in the built functions' config.json files (what DevTools deploys). */
export function readTimerTriggers(functionsDir: string): Trigger[] {
  if (!existsSync(functionsDir)) return []
  const out: Trigger[] = []
  for (const entry of readdirSync(functionsDir, { withFileTypes: true })) {
    const file = path.join(functionsDir, entry.name, 'config.json')
    if (!entry.isDirectory() || !existsSync(file)) continue
    const config = JSON.parse(readFileSync(file, 'utf8')) as {
      triggers?: { name: string; type: string; config: string }[]
    }
    for (const t of config.triggers ?? []) {
      if (t.type === 'timer')
        out.push({ functionName: entry.name, name: t.name, config: t.config, matches: parseCron(t.config) })
    }
  }
  return out
}

/** Seconds a late tick still catches up on; a longer gap is a clock jump. */
const MAX_CATCH_UP_SECONDS = 60

/**
 * `npm start`'s stand-in for CloudBase timer triggers: every second that matches a trigger's expression invokes
 * the function with the event CloudBase sends (no user). A trigger whose previous run has not finished is skipped
 * for that second rather than run twice at once. `clock` is the local server's (local/clock.ts). Returns a stop
 * function.
 */
export function startTimers(
  triggers: Trigger[],
  invoke: TimerInvoke,
  log: (line: string) => void = console.log,
  clock: () => Date = () => new Date(),
): () => void {
  if (!triggers.length) return () => undefined
  const running = new Set<Trigger>()
  const second = () => Math.floor(clock().getTime() / 1000)
  let last = second()
  const tick = () => {
    const now = second()
    // Every second since the last tick, so a late timer does not skip a matching second. A jump of the local clock
    // (POST /api/local/clock) is not replayed: the triggers carry on from the new instant.
    if (now < last || now - last > MAX_CATCH_UP_SECONDS) last = now - 1
    for (let s = last + 1; s <= now; s++) {
      const at = new Date(s * 1000)
      for (const t of triggers) {
        if (!t.matches(at) || running.has(t)) continue
        running.add(t)
        invoke(t.functionName, { Type: 'Timer', TriggerName: t.name, Time: at.toISOString(), Message: '' })
          .then((result) => {
            const r = result as { ok?: boolean; error?: { code?: string; message?: string } } | undefined
            if (r && r.ok === false)
              log(`[timer] ${t.functionName}/${t.name}: ${r.error?.code} ${r.error?.message ?? ''}`)
          })
          .catch((error) => log(`[timer] ${t.functionName}/${t.name} failed: ${String(error)}`))
          .finally(() => running.delete(t))
      }
    }
    last = now
  }
  const interval = setInterval(tick, 1000)
  interval.unref()
  return () => clearInterval(interval)
}
