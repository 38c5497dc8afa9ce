/**
 * `npm run db:check-counters [-- --repair] [villageId…]`: recomputes DATA_DIR's counters from their records
 * (cloudfunctions/_lib/counter-check.ts) and lists every drift; with --repair, sets them right. Run it while the
 * local cloud is stopped (the data directory is locked while in use). Exit code 1 when drift was found and not
 * repaired. Against CloudBase the same `checkCounters(db)` runs from a function with the real SDK.
 */
import { applyCloudEnv, startLocalCloud } from '../local/cloud'
import { dataDirFromEnv } from '../local/cloud/data-dir'

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const repair = args.includes('--repair')
  const villageIds = args.filter((a) => !a.startsWith('--'))
  const cloud = await startLocalCloud({ dataDir: dataDirFromEnv() })
  try {
    applyCloudEnv(cloud.env)
    const { checkCounters } = await import('../cloudfunctions/_lib/counter-check')
    const { db } = await import('../cloudfunctions/_lib/cloud')
    const { villages, drift } = await checkCounters(db, {
      villageIds: villageIds.length ? villageIds : undefined,
      repair,
    })
    for (const d of drift)
      console.log(`  ${d.collection}/${d.id} ${d.field}: stored ${d.stored}, records say ${d.actual}`)
    console.log(
      `${villages} villages checked: ${drift.length} drifted counters${drift.length && repair ? ' (repaired)' : ''}`,
    )
    if (drift.length && !repair) process.exitCode = 1
  } finally {
    await cloud.close()
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
