/**
 * `npm run bench`: the local cloud's figures through the real wx-server-sdk, on a durable data directory:
 * single-document inserts/s (sequential and concurrent, each acknowledged after fsync), bulk load up to
 * BENCH_DOCS documents (default 1,000,000), indexed-query latency p50/p95 with documents examined per query,
 * an unindexed query for contrast, and the restart time at that size.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { applyCloudEnv, startLocalCloud, type LocalCloud } from '../local/cloud'

const TOTAL = Number(process.env.BENCH_DOCS ?? 1_000_000)
const BATCH = 1000
const INDEXES = path.join(__dirname, 'indexes.json')
const VILLAGES = 500

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = any

const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
const ms = (n: number): string => `${n.toFixed(2)} ms`
const mb = (): string => `${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`

function record(i: number): Record<string, unknown> {
  return {
    villageId: `v${i % VILLAGES}`,
    month: `2024-${String((i % 12) + 1).padStart(2, '0')}`,
    kind: ['meeting', 'visit', 'request', 'task'][i % 4],
    score: (i * 7919) % 100,
    createdAt: new Date(1_704_067_200_000 + i * 1000),
    note: `record ${i} of the benchmark, a short line of text`,
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = process.hrtime.bigint()
  const result = await fn()
  return [result, Number(process.hrtime.bigint() - t) / 1e6]
}

async function singleInserts(db: Db, count: number, concurrency: number): Promise<number> {
  let next = 0
  const t = Date.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++
        await db.collection('bench_single').add({ data: record(next) })
      }
    }),
  )
  return count / ((Date.now() - t) / 1000)
}

async function queryLatency(
  cloud: LocalCloud,
  run: (i: number) => Promise<unknown>,
  n: number,
): Promise<{ p50: number; p95: number; examined: number; returned: number }> {
  const times: number[] = []
  const before = cloud.metrics()
  for (let i = 0; i < n; i++) times.push((await timed(() => run(i)))[1])
  const after = cloud.metrics()
  times.sort((a, b) => a - b)
  return {
    p50: pct(times, 50),
    p95: pct(times, 95),
    examined: (after.examined - before.examined) / n,
    returned: (after.returned - before.returned) / n,
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-bench-'))
  console.log(
    `local cloud benchmark — ${TOTAL.toLocaleString()} documents, data in ${dir}, ${os.cpus().length} CPU(s), Node ${process.version}\n`,
  )
  let cloud = await startLocalCloud({ dataDir: dir, indexesFile: INDEXES })
  applyCloudEnv(cloud.env)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk')
  sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV })
  const db: Db = sdk.database()
  const _ = db.command

  try {
    const seq = await singleInserts(db, 1000, 1)
    const conc = await singleInserts(db, 4000, 16)
    console.log('single-document add() through the SDK, each acknowledged after fdatasync:')
    console.log(`  sequential:        ${Math.round(seq)} inserts/s`)
    console.log(`  16 concurrent:     ${Math.round(conc)} inserts/s (group commit)`)

    const loadStart = Date.now()
    let loaded = 0
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (loaded < TOTAL) {
          const from = loaded
          loaded += BATCH
          const docs = Array.from({ length: Math.min(BATCH, TOTAL - from) }, (_x, k) => ({
            _id: `r${from + k}`,
            ...record(from + k),
          }))
          if (docs.length) await db.collection('bench_records').add({ data: docs })
        }
      }),
    )
    const loadSecs = (Date.now() - loadStart) / 1000
    console.log(`\nbulk load, add() of ${BATCH}-document batches, 4 concurrent:`)
    console.log(
      `  ${TOTAL.toLocaleString()} documents in ${loadSecs.toFixed(1)} s = ${Math.round(TOTAL / loadSecs).toLocaleString()} docs/s, RSS ${mb()}`,
    )

    const Q = 300
    const eq = await queryLatency(
      cloud,
      (i) =>
        db
          .collection('bench_records')
          .where({ villageId: `v${(i * 37) % VILLAGES}`, month: '2024-03' })
          .limit(20)
          .get(),
      Q,
    )
    const sorted = await queryLatency(
      cloud,
      (i) =>
        db
          .collection('bench_records')
          .where({ villageId: `v${(i * 53) % VILLAGES}` })
          .orderBy('createdAt', 'desc')
          .limit(20)
          .get(),
      Q,
    )
    const range = await queryLatency(
      cloud,
      (i) =>
        db
          .collection('bench_records')
          .where({ villageId: `v${(i * 11) % VILLAGES}`, month: _.gte('2024-10') })
          .count(),
      Q,
    )
    const byId = await queryLatency(
      cloud,
      (i) =>
        db
          .collection('bench_records')
          .doc(`r${(i * 7717) % TOTAL}`)
          .get(),
      Q,
    )
    const warn = console.warn
    console.warn = () => {}
    const scan = await queryLatency(
      cloud,
      (i) =>
        db
          .collection('bench_records')
          .where({ note: `record ${i} of the benchmark, a short line of text` })
          .get(),
      5,
    )
    console.warn = warn
    console.log(`\nqueries at ${TOTAL.toLocaleString()} documents (${Q} runs each; latency through the SDK and HTTP):`)
    const line = (label: string, r: typeof eq): void =>
      console.log(
        `  ${label.padEnd(58)} p50 ${ms(r.p50).padStart(10)}  p95 ${ms(r.p95).padStart(10)}  examined ${r.examined.toFixed(1).padStart(9)}  returned ${r.returned.toFixed(1)}`,
      )
    line('doc(id).get()', byId)
    line('where({villageId, month}).limit(20).get()       [index]', eq)
    line("where({villageId}).orderBy('createdAt','desc').limit(20)", sorted)
    line('where({villageId, month: gte}).count()          [index]', range)
    line('where({note}).get()      [no index: full scan, 5 runs]', scan)

    await cloud.flush()
    await cloud.close()
    // A restart is a fresh process: measure it in one (this process still holds the loaded heap).
    const restart = (): string =>
      execFileSync(
        process.execPath,
        ['--import', 'tsx', path.join(__dirname, 'startup-profile.ts'), '--open', dir, INDEXES],
        { encoding: 'utf8' },
      ).trim()
    console.log(`\nrestart (fresh process) after the run:    ${restart()}`)
    cloud = await startLocalCloud({ dataDir: dir, indexesFile: INDEXES })
    await cloud.flush({ snapshot: true })
    await cloud.close()
    console.log(`restart (fresh process) from a snapshot:  ${restart()}`)
    const sizes = fs
      .readdirSync(dir)
      .map((f) => `${f} ${(fs.statSync(path.join(dir, f)).size / 1024 / 1024).toFixed(1)} MB`)
    console.log(`data directory: ${sizes.join(', ')}`)
  } finally {
    await cloud.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
