/**
 * `npm run db:repair`: when the local cloud refused to start on a damaged snapshot or journal (it names the file and
 * the byte offset), keeps what is provably intact. Copies the snapshots and journals of DATA_DIR (default .data) to
 * DATA_DIR/damaged-<time>/ first, then keeps every document and journal record whose checksum holds and writes them
 * as one new snapshot; what was left out is listed. Refuses while a local cloud holds the directory.
 */
import path from 'node:path'
import { dataDirFromEnv } from '../local/cloud/data-dir'
import { repairDataDir } from '../local/cloud/store/persistence'

function main(): void {
  const dataDir = dataDirFromEnv()
  const report = repairDataDir(dataDir)
  console.log(`copied the damaged files to ${report.backupDir} (untouched)`)
  console.log(`kept ${report.documents} document(s), ${report.journalRecords} journal record(s) replayed`)
  if (report.skipped.length === 0) console.log('nothing was left out')
  for (const d of report.skipped)
    console.log(
      `left out ${d.bytes} byte(s) at byte ${d.offset} of ${path.join(report.backupDir, path.basename(d.file))}: ${d.why}`,
    )
}

try {
  main()
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
