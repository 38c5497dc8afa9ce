/**
 * `npm run db:export [-- <outDir> [collection…]]`: writes DATA_DIR's collections as JSON Lines, one
 * <collection>.json per collection — the shape the CloudBase console imports. Default outDir: .data-export.
 * Run it while the local cloud is stopped (the data directory is locked while in use).
 */
import path from 'node:path'
import { startLocalCloud } from '../local/cloud'
import { dataDirFromEnv } from '../local/cloud/data-dir'
import { exportCollections } from '../local/cloud/dump'

async function main(): Promise<void> {
  const [outArg, ...only] = process.argv.slice(2)
  const dataDir = dataDirFromEnv()
  const outDir = path.resolve(outArg ?? '.data-export')
  const cloud = await startLocalCloud({ dataDir })
  try {
    const counts = exportCollections(cloud.engine, outDir, only.length ? only : undefined)
    for (const [name, n] of Object.entries(counts)) console.log(`  ${name}.json: ${n} documents`)
    console.log(`exported to ${outDir}`)
  } finally {
    await cloud.close()
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
