/**
 * `npm run db:import -- <inDir> [--mode insert|upsert]`: reads <collection>.json JSON Lines files (the CloudBase
 * console export shape) into DATA_DIR. insert (default) refuses existing _ids; upsert replaces them.
 * Run it while the local cloud is stopped.
 */
import path from 'node:path'
import { startLocalCloud } from '../local/cloud'
import { dataDirFromEnv } from '../local/cloud/data-dir'
import { importCollections, type ImportMode } from '../local/cloud/dump'

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const modeAt = args.indexOf('--mode')
  const mode = (modeAt >= 0 ? args.splice(modeAt, 2)[1] : 'insert') as ImportMode
  if (mode !== 'insert' && mode !== 'upsert') throw new Error('--mode must be insert or upsert')
  const inDir = args[0]
  if (!inDir) throw new Error('usage: npm run db:import -- <dir with <collection>.json files> [--mode insert|upsert]')
  const dataDir = dataDirFromEnv()
  const cloud = await startLocalCloud({ dataDir })
  try {
    const counts = await importCollections(cloud.engine, path.resolve(inDir), mode)
    for (const [name, n] of Object.entries(counts)) console.log(`  ${name}: ${n} documents`)
    await cloud.flush({ snapshot: true })
    console.log(`imported into ${dataDir} (${mode})`)
  } finally {
    await cloud.close()
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
