/**
 * The local server's clock (local/clock.ts): started at a chosen instant (what `XZ_NOW=… npm start` does), it runs on
 * from there; `POST /api/local/clock` sets it or jumps it forward; the functions read it as their `ctx.now`; the
 * timer triggers fire by it. Only from a loopback address.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { LocalClock, parseDuration, parseInstant } from '../../local/clock'
import { startLocalServer, type LocalServer } from '../../local/server'
import { readTimerTriggers, startTimers } from '../../local/timers'

const ROOT = path.resolve(__dirname, '../..')
const START = '2026-12-31T23:59:58+08:00'

let server: LocalServer

beforeAll(async () => {
  const functionsDir = mkdtempSync(path.join(tmpdir(), 'xz-fns-'))
  mkdirSync(path.join(functionsDir, 'system'))
  writeFileSync(
    path.join(functionsDir, 'system', 'index.js'),
    `module.exports = require(${JSON.stringify(path.join(ROOT, 'cloudfunctions', 'system', 'index.ts'))})\n`,
  )
  server = await startLocalServer({
    port: 0,
    h5Dir: mkdtempSync(path.join(tmpdir(), 'xz-h5-')),
    functionsDir,
    clock: new LocalClock(parseInstant(START)),
  })
})
afterAll(() => server.close())

async function ping(): Promise<{ serverTime: string; beijingDate: string }> {
  const res = await fetch(`${server.url}/api/functions/system`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'ping', data: {} }),
  })
  return ((await res.json()) as { data: { serverTime: string; beijingDate: string } }).data
}

async function clock(body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/api/local/clock`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

describe('the local clock', () => {
  it('starts the functions at the chosen instant and runs on from there', async () => {
    const { serverTime, beijingDate } = await ping()
    const ms = Date.parse(serverTime) - Date.parse(START)
    expect(ms).toBeGreaterThanOrEqual(0)
    expect(ms).toBeLessThan(60_000)
    expect(beijingDate).toBe(new Date(Date.parse(serverTime) + 8 * 3600_000).toISOString().slice(0, 10))
    expect(['2026-12-31', '2027-01-01']).toContain(beijingDate)
    const read = await clock()
    expect(read.status).toBe(200)
    expect(read.json).toMatchObject({ ok: true, data: { shifted: true } })
  })

  it('jumps forward and is set by POST /api/local/clock; the functions see the new instant', async () => {
    expect((await clock({ at: '2027-03-01T08:00:00+08:00' })).status).toBe(200)
    expect((await ping()).beijingDate).toBe('2027-03-01')
    const jumped = await clock({ advance: '10d' })
    expect(jumped.status).toBe(200)
    const now = Date.parse((jumped.json.data as { now: string }).now)
    expect(now - Date.parse('2027-03-11T08:00:00+08:00')).toBeGreaterThanOrEqual(0)
    expect(now - Date.parse('2027-03-11T08:00:00+08:00')).toBeLessThan(60_000)
    expect((await ping()).beijingDate).toBe('2027-03-11')
  })

  it('refuses a bare local time, a backward jump and anything but one of at / advance, leaving the clock alone', async () => {
    const before = Date.parse(((await clock()).json.data as { now: string }).now)
    for (const body of [{ at: '2027-01-01 08:00' }, { advance: '-1d' }, { at: START, advance: '1d' }, {}]) {
      const answer = await clock(body)
      expect(answer.status).toBe(400)
      expect(answer.json).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    }
    const after = Date.parse(((await clock()).json.data as { now: string }).now)
    expect(after - before).toBeGreaterThanOrEqual(0)
    expect(after - before).toBeLessThan(60_000)
  })

  it('parses instants with their offset and durations in d/h/m/s', () => {
    expect(parseInstant('2026-12-31T23:59:58+08:00').toISOString()).toBe('2026-12-31T15:59:58.000Z')
    expect(() => parseInstant('2026-12-31T23:59:58')).toThrow(/not an instant/)
    expect(parseDuration('1d2h30m5s')).toBe(86_400_000 + 2 * 3_600_000 + 30 * 60_000 + 5000)
    expect(() => parseDuration('10')).toThrow(/not a duration/)
  })

  it('fires a timer trigger at the midnight of the local clock, not of the real one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xz-timer-fns-'))
    mkdirSync(path.join(dir, 'nightly'))
    writeFileSync(path.join(dir, 'nightly', 'index.js'), 'exports.main = async () => ({ ok: true })\n')
    // Every day at 00:00:00 Beijing (CloudBase cron fields: second minute hour day month weekday year).
    writeFileSync(
      path.join(dir, 'nightly', 'config.json'),
      JSON.stringify({ triggers: [{ name: 'midnight', type: 'timer', config: '0 0 0 * * * *' }] }),
    )
    const local = new LocalClock(parseInstant('2027-01-01T23:59:58+08:00'))
    const fired: string[] = []
    const stop = startTimers(
      readTimerTriggers(dir),
      async (_name, event) => void fired.push(event.Time),
      () => undefined,
      () => local.now(),
    )
    try {
      await new Promise((r) => setTimeout(r, 3500))
    } finally {
      stop()
    }
    expect(fired).toEqual(['2027-01-01T16:00:00.000Z'])
  })
})
