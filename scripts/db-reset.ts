/**
 * `npm run db:reset`: deletes the local cloud's files in DATA_DIR (default .data) — snapshots, journals, LOCK,
 * nothing else — and re-seeds the demo data. Refuses while a local cloud holds the directory, and refuses
 * directories that cannot be a data directory (empty DATA_DIR, the project root, home, /).
 */
import { startLocalCloud } from '../local/cloud'
import { dataDirFromEnv } from '../local/cloud/data-dir'
import { wipeDataDir } from '../local/cloud/store/persistence'
import { parseInstant } from '../local/clock'
import { seedDemoData } from '../local/seed'

async function main(): Promise<void> {
  const dataDir = dataDirFromEnv()
  const { removed, leftInPlace } = wipeDataDir(dataDir)
  console.log(
    `wiped ${removed.length} local-cloud file(s) in ${dataDir}${leftInPlace.length ? ` (left other files in place: ${leftInPlace.join(', ')})` : ''}`,
  )
  const cloud = await startLocalCloud({ dataDir })
  try {
    // The demo's "today": XZ_NOW when set (the instant `XZ_NOW=… npm start` will start its clock at), else now.
    const now = process.env.XZ_NOW ? parseInstant(process.env.XZ_NOW) : new Date()
    const report = await seedDemoData(cloud, { now })
    console.log(`demo data as of ${now.toISOString()}`)
    await cloud.flush({ snapshot: true })
    const total = Object.values(report.counts).reduce((a, b) => a + b, 0)
    console.log(`seeded ${total} documents in ${report.generateMs + report.writeMs} ms:`)
    for (const [name, count] of Object.entries(report.counts)) console.log(`  ${name}: ${count}`)
  } finally {
    await cloud.close()
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
