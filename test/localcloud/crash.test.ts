/**
 * Crash test: a child process writes continuously through the SDK and is SIGKILLed at random moments, over and
 * over. After each kill every acknowledged write must be present, no document may be partial, and each
 * transaction must be all-or-nothing. CRASH_KILLS sets the number of kills (default 5; "done" means 50).
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startLocalCloud } from '../../local/cloud'
import { FIXTURE_INDEXES } from './support'

const KILLS = Number(process.env.CRASH_KILLS ?? 5)
const digest = (text: string): string => createHash('sha256').update(text).digest('hex')

interface Acks {
  docs: string[]
  pairs: string[]
  incs: number
}

function runAndKill(dir: string, tag: string): Promise<Acks> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'crash-writer.ts'), dir, tag], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const acks: Acks = { docs: [], pairs: [], incs: 0 }
    let buffered = ''
    let stderr = ''
    let timer: NodeJS.Timeout | undefined
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop()!
      for (const line of lines) {
        if (line === 'ready') {
          timer = setTimeout(() => child.kill('SIGKILL'), 30 + Math.random() * 400)
        } else if (line.startsWith('doc ')) acks.docs.push(...line.slice(4).split(' '))
        else if (line.startsWith('pair ')) acks.pairs.push(line.slice(5))
        else if (line === 'inc') acks.incs++
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (signal === 'SIGKILL') resolve(acks)
      else reject(new Error(`writer exited with ${code}: ${stderr}`))
    })
  })
}

test(
  `acknowledged writes survive ${KILLS} SIGKILLs at random points`,
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'localcloud-crash-'))
    const all: Acks = { docs: [], pairs: [], incs: 0 }
    let snapshots = 0
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      for (let k = 0; k < KILLS; k++) {
        const acks = await runAndKill(dir, `k${k}`)
        all.docs.push(...acks.docs)
        all.pairs.push(...acks.pairs)
        all.incs += acks.incs
        if (fs.readdirSync(dir).some((f) => f.startsWith('snapshot-'))) snapshots++
        const cloud = await startLocalCloud({ dataDir: dir, indexesFile: FIXTURE_INDEXES })
        try {
          const notes = cloud.engine.collection('notes')
          const missing = all.docs.filter((id) => !notes.get(id))
          expect({ kill: k, missing }).toEqual({ kill: k, missing: [] })
          for (const pair of all.pairs) {
            expect([notes.get(`${pair}-a`) !== undefined, notes.get(`${pair}-b`) !== undefined]).toEqual([true, true])
          }
          const pairs = new Map<string, number>()
          for (const doc of notes.docs.values()) {
            if (doc._id === 'counter') continue
            expect({ id: doc._id, sha: digest(String(doc.payload)) }).toEqual({ id: doc._id, sha: doc.sha })
            const m = /^(.*-t\d+)-[ab]$/.exec(String(doc._id))
            if (m) pairs.set(m[1]!, (pairs.get(m[1]!) ?? 0) + 1)
          }
          for (const [pair, count] of pairs) expect({ pair, count }).toEqual({ pair, count: 2 })
          expect(notes.get('counter')!.value as number).toBeGreaterThanOrEqual(all.incs)
        } finally {
          await cloud.close()
        }
      }
      expect(all.docs.length).toBeGreaterThan(KILLS * 5)
      expect(snapshots).toBeGreaterThan(0)
    } finally {
      warn.mockRestore()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  },
  60_000 + KILLS * 5_000,
)
