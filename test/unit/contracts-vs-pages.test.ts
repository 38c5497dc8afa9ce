/**
 * Issue 23: every action in `common/contracts` has a page that calls it, unless it is system-only (timers, the
 * local server) with its reason. `PENDING` lists actions whose page is still to be built; it may only shrink: the
 * test fails when a pending action gains a caller, so the entry is removed together with the page that calls it.
 * Reachability by tapping is the sweep's job (test/e2e/sweep.e2e.ts); this test finds actions no screen calls.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { contracts } from '../../common/contracts'

const ROOT = join(__dirname, '..', '..')

/** Actions only the runtime calls, never a person. */
const SYSTEM_ONLY: Record<string, string> = {
  'requests.deadlineSweep': 'timer trigger (cloudfunctions/requests/config.json): escalates overdue requests hourly',
  'meetings.notifySweep': 'timer trigger (cloudfunctions/meetings/config.json): sends meeting reminders',
  'imports.sweepStages': 'timer trigger (cloudfunctions/imports/config.json): removes import stages untouched 7 days',
}

/** Actions whose page is not built yet (issues 23 and 24). Remove an entry when its page calls it. */
const PENDING: string[] = []

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : []
  })
}

/** `fn.action` for every `callFunction('fn', …)` / `useCall('fn', …)` in the app; the action may be a ternary. */
function calledFromApp(): Map<string, string> {
  const called = new Map<string, string>()
  for (const file of sources(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/\b(?:callFunction|useCall)\(\s*'([a-z]+)'\s*,\s*([^,]+),/g)) {
      for (const action of m[2].matchAll(/'([A-Za-z]+)'/g)) called.set(`${m[1]}.${action[1]}`, relative(ROOT, file))
    }
  }
  return called
}

const all = Object.entries(contracts).flatMap(([fn, contract]) =>
  Object.keys(contract.actions).map((action) => `${fn}.${action}`),
)
const called = calledFromApp()

describe('every action has a page that calls it', () => {
  it('finds the calls (the scan itself works)', () => {
    expect(called.get('duty.checkIn')).toMatch(/^src\/packages\/duty\//)
    expect(called.get('duty.checkOut')).toBeDefined()
    expect(called.size).toBeGreaterThan(40)
  })

  it.each(all.filter((a) => !(a in SYSTEM_ONLY) && !PENDING.includes(a)))('%s is called by a page', (action) => {
    expect(called.get(action)).toBeDefined()
  })

  it('the pending list only shrinks: an action with a caller is not pending', () => {
    expect(PENDING.filter((a) => called.has(a))).toEqual([])
  })

  it('system-only actions are never called from a page and every listed name exists', () => {
    for (const action of [...Object.keys(SYSTEM_ONLY), ...PENDING]) expect(all).toContain(action)
    expect(Object.keys(SYSTEM_ONLY).filter((a) => called.has(a))).toEqual([])
  })
})
