/**
 * Child process of crash.test.ts: runs a durable local cloud on argv[2] and writes through the real SDK as fast
 * as it can (single adds, batch adds, transactions, increments), printing a line to stdout for every write
 * the SDK saw acknowledged. The parent SIGKILLs it at a random moment.
 */
import { createHash, randomBytes } from 'node:crypto'
import { applyCloudEnv, startLocalCloud } from '../../local/cloud'
import { FIXTURE_INDEXES } from './support'

const [dir, tag] = process.argv.slice(2) as [string, string]

const digest = (text: string): string => createHash('sha256').update(text).digest('hex')

async function main(): Promise<void> {
  const cloud = await startLocalCloud({ dataDir: dir, indexesFile: FIXTURE_INDEXES, compactAfterBytes: 256 * 1024 })
  applyCloudEnv(cloud.env)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk')
  sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV })
  const db = sdk.database()
  const notes = db.collection('notes')
  await notes.add({ data: { _id: 'counter', value: 0 } }).catch(() => {}) // exists after the first run
  process.stdout.write('ready\n')
  let n = 0
  const writer = async (w: number): Promise<never> => {
    for (;;) {
      const i = n++
      const payload = randomBytes(8 + Math.floor(Math.random() * 6000)).toString('base64')
      const doc = { payload, sha: digest(payload), w }
      switch (i % 4) {
        case 0:
          await notes.add({ data: { _id: `${tag}-s${i}`, ...doc } })
          process.stdout.write(`doc ${tag}-s${i}\n`)
          break
        case 1: {
          const ids = [0, 1, 2].map((k) => `${tag}-b${i}-${k}`)
          await notes.add({ data: ids.map((_id) => ({ _id, ...doc })) })
          process.stdout.write(`doc ${ids.join(' ')}\n`)
          break
        }
        case 2:
          await db.runTransaction(async (t: typeof db) => {
            await t.collection('notes').add({ data: { _id: `${tag}-t${i}-a`, ...doc } })
            await t.collection('notes').add({ data: { _id: `${tag}-t${i}-b`, ...doc } })
          })
          process.stdout.write(`pair ${tag}-t${i}\n`)
          break
        default:
          await notes.doc('counter').update({ data: { value: db.command.inc(1) } })
          process.stdout.write('inc\n')
      }
    }
  }
  await Promise.all([0, 1, 2, 3].map(writer))
}

main().catch((error) => {
  process.stderr.write(`writer failed: ${error?.stack ?? error}\n`)
  process.exit(1)
})
