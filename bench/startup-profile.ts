/**
 * Start-up time at scale: `N=1000000 tsx bench/startup-profile.ts` writes N documents straight through the
 * engine into a temporary data directory, then opens it in a fresh process (as a restart would) and times it.
 * `--open <dir> [indexes.json]` only opens an existing directory (used by bench/localcloud.ts).
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startLocalCloud } from '../local/cloud'

const N = Number(process.env.N ?? 200_000)
const indexesFile = path.join(__dirname, 'indexes.json')

async function write(dir: string): Promise<void> {
  const cloud = await startLocalCloud({ dataDir: dir, indexesFile })
  for (let i = 0; i < N; i += 10000) {
    const docs = Array.from({ length: Math.min(10000, N - i) }, (_x, k) => ({
      _id: `r${i + k}`,
      villageId: `v${(i + k) % 500}`,
      month: `2024-${String(((i + k) % 12) + 1).padStart(2, '0')}`,
      kind: 'visit',
      score: (i + k) % 100,
      createdAt: new Date(1_704_067_200_000 + (i + k) * 1000),
      note: `record ${i + k} of the benchmark, a short line of text`,
    }))
    await cloud.engine.apply(docs.map((d) => ({ k: 'put' as const, c: 'bench_records', d })))
  }
  if (process.env.SNAPSHOT !== '0') await cloud.flush({ snapshot: true })
  await cloud.close()
}

async function open(dir: string, indexes = indexesFile): Promise<void> {
  const t = Date.now()
  const cloud = await startLocalCloud({ dataDir: dir, indexesFile: indexes })
  const r = cloud.recovery!
  console.log(
    `start with ${r.documents.toLocaleString()} documents: ${Date.now() - t} ms (reading ${r.readMillis} ms, ${r.journalRecords} journal records), RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
  )
  await cloud.close()
}

async function main(): Promise<void> {
  if (process.argv[2] === '--open') return open(process.argv[3]!, process.argv[4])
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-start-'))
  try {
    await write(dir)
    execFileSync(process.execPath, ['--import', 'tsx', __filename, '--open', dir], { stdio: 'inherit' })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
