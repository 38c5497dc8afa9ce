import path from 'node:path'
import { LocalClock, parseInstant } from './clock'
import { seedDemoData } from './seed'
import { startLocalServer } from './server'
import { ensureLocalIdSalt, ensureLocalSetupCode, isCountySetUp } from './setup'

/** `npm start`: the local server on PORT (default 8787), data under DATA_DIR (default .data). */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787)
  const host = process.env.HOST ?? '127.0.0.1'
  const dataDir = path.resolve(process.env.DATA_DIR || '.data')
  // XZ_NOW: the functions' clock starts at that instant — once the server is ready, not while it loads — and runs on
  // from there (POST /api/local/clock moves it).
  const startAt = process.env.XZ_NOW ? parseInstant(process.env.XZ_NOW) : undefined
  const clock = new LocalClock(startAt)
  const server = await startLocalServer({ port, host, dataDir, timers: process.env.XZ_TIMERS !== '0', clock })
  if (startAt) clock.set(startAt)

  // An empty data directory (a fresh machine): the demo county, once — unless XZ_DEMO=0, which starts empty and
  // goes through the same one-time setup as a real deployment (初始化本县 on 首页, with the setup code below).
  const empty = (server.cloud.recovery?.documents ?? 0) === 0
  const wantDemo = process.env.XZ_DEMO !== '0'
  let demoNote = ''
  if (empty && wantDemo) {
    console.log(`\n${dataDir} is empty: loading the demo county (once; XZ_DEMO=0 npm start starts empty instead)…`)
    const report = await seedDemoData(server.cloud, { now: clock.now() })
    await server.cloud.flush({ snapshot: true })
    const total = Object.values(report.counts).reduce((a, b) => a + b, 0)
    demoNote = `demo county loaded: ${total} documents in ${report.generateMs + report.writeMs} ms (npm run db:reset reloads it)`
  }
  ensureLocalIdSalt(dataDir)
  const setupCode = (await isCountySetUp(server.cloud)) ? undefined : ensureLocalSetupCode()

  console.log(`\n乡治 local server: ${server.url}/`)
  console.log(`  cloud functions: ${server.functions.join(', ') || '(none built — run npm run build:functions)'}`)
  console.log(`  data: ${dataDir}`)
  if (demoNote) console.log(`  ${demoNote}`)
  if (setupCode)
    console.log(
      `  no county yet: open 首页 → 初始化本县 and enter the setup code ${setupCode} (XZ_SETUP_CODE; in CloudBase the deploy generates it)`,
    )
  console.log(`  timer triggers (Beijing time; XZ_TIMERS=0 turns them off): ${server.timers.join(', ') || '(none)'}`)
  console.log(
    `  clock: ${clock.now().toISOString()}${clock.shifted ? ' (from XZ_NOW)' : ''} — POST ${server.url}/api/local/clock {"at": …} or {"advance": "10d"} moves it`,
  )
  console.log(`  local cloud: ${server.cloud.url}`)
  console.log('  env for a Node script using its own wx-server-sdk against this local cloud:')
  for (const [key, value] of Object.entries(server.cloud.env)) console.log(`${key}=${shellQuote(String(value))}`)
  console.log('\nCtrl-C to stop.')

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping…`)
    // Writes are on disk before they are acknowledged, so a close that hangs (a stuck socket, a browser that keeps a
    // connection open) loses nothing: give it 10 s, then exit anyway and say so.
    setTimeout(() => {
      console.error('stop: the server did not finish closing within 10 s; exiting anyway')
      process.exit(1)
    }, 10_000).unref()
    server.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
