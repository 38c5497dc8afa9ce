/**
 * Kill test (issue 21, finding 3): the local server with the real functions in it (exactly-once-worker.ts) runs
 * multi-write actions — a person and the village's party counters, a duty log 转入诉求 with its request and two month
 * counters, a visit with two requests, a raised request — four at a time, and is SIGKILLed at random moments, over
 * and over. Every call sent but not answered is resent to the next incarnation with the same request id. At the end:
 * no duplicates, every call's effect present exactly once, counters equal to their records, no dangling links.
 * EXACTLY_ONCE_KILLS sets the number of kills (default 8).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { applyCloudEnv, startLocalCloud } from '../../local/cloud'
import type { SentCall } from './exactly-once-worker'
import { C } from '../../cloudfunctions/_lib/collections'

const KILLS = Number(process.env.EXACTLY_ONCE_KILLS ?? 8)

interface Ledger {
  sent: Map<string, SentCall>
  answered: Map<string, string>
  resent: number
}

function incarnation(dir: string, k: number, ledger: Ledger, final: boolean): Promise<void> {
  const pending = [...ledger.sent.values()].filter((c) => !ledger.answered.has(c.requestId))
  const pendingFile = path.join(dir, `pending-${k}.json`)
  fs.writeFileSync(pendingFile, JSON.stringify(pending))
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', path.join(__dirname, 'exactly-once-worker.ts'), dir, String(k), pendingFile]
    const child = spawn(process.execPath, final ? [...args, 'final'] : args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let buffered = ''
    let stderr = ''
    let timer: NodeJS.Timeout | undefined
    let sends = 0
    const killAfter = 4 + Math.floor(Math.random() * 8)
    const kill = () => child.kill('SIGKILL')
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop()!
      for (const line of lines) {
        // The kill lands a random moment after a random number of new calls went out (whatever the machine's
        // speed, calls are in flight), or 10 s after start-up at the latest.
        if (line === 'ready' && !final) timer = setTimeout(kill, 10_000)
        else if (line.startsWith('send ')) {
          const call = JSON.parse(line.slice(5)) as SentCall
          ledger.sent.set(call.requestId, call)
          if (++sends === killAfter) setTimeout(kill, Math.random() * 150)
        } else if (line.startsWith('ack ')) {
          const [, requestId, outcome] = line.split(' ') as [string, string, string]
          ledger.answered.set(requestId, outcome)
        } else if (line.startsWith('resent ')) ledger.resent += Number(line.slice(7))
      }
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      refusals += chunk.toString()
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (signal === 'SIGKILL' && !final) resolve()
      else if (code === 0 && final) resolve()
      else reject(new Error(`worker ${k} exited with ${code ?? signal}: ${stderr.slice(-2000)}`))
    })
  })
}

type Doc = Record<string, unknown> & { _id: string }
/** What the workers wrote to stderr (the message of every refused call). */
let refusals = ''

test(
  `multi-write actions survive ${KILLS} SIGKILLs and resends: no duplicates, no drift, no dangling links`,
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exactly-once-'))
    const ledger: Ledger = { sent: new Map(), answered: new Map(), resent: 0 }
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      for (let k = 0; k < KILLS; k++) await incarnation(dir, k, ledger, false)
      const unanswered = [...ledger.sent.keys()].filter((id) => !ledger.answered.has(id)).length
      await incarnation(dir, KILLS, ledger, true)

      const cloud = await startLocalCloud({ dataDir: dir })
      try {
        applyCloudEnv(cloud.env)
        const docs = (c: string) => [...cloud.engine.collection(c).docs.values()] as Doc[]
        const people = docs(C.people)
        const logs = docs(C.duty_logs)
        const visits = docs(C.visits)
        const requests = docs(C.requests)
        const requestIds = new Set(requests.map((r) => r._id))
        const count = <T>(list: T[], key: (t: T) => unknown) => {
          const m = new Map<unknown, number>()
          for (const t of list) m.set(key(t), (m.get(key(t)) ?? 0) + 1)
          return m
        }
        const byName = count(people, (p) => p.name)
        const byVisitor = count(logs, (l) => l.visitorName)
        const bySituation = count(visits, (v) => v.situation)
        const byDescription = count(requests, (r) => r.description)

        let duplicates = 0
        let missing = 0
        const tally = (n: number | undefined, answeredOk: boolean) => {
          duplicates += Math.max(0, (n ?? 0) - 1)
          if (answeredOk && !n) missing++
        }
        for (const call of ledger.sent.values()) {
          const ok = ledger.answered.get(call.requestId) === 'ok'
          const d = call.data as Record<string, string>
          if (call.action === 'savePerson' && !d.personId) tally(byName.get(d.name), ok)
          if (call.action === 'addLog') tally(byVisitor.get(d.visitorName), ok)
          if (call.action === 'recordVisit') tally(bySituation.get(d.situation), ok)
          if (call.action === 'raise') tally(byDescription.get(d.description), ok)
        }

        // Links: a log 转入诉求 has its request and the request its log; a visit's requests exist, and each
        // request from a visit belongs to a visit that exists.
        const logIds = new Set(logs.map((l) => l._id))
        const visitIds = new Set(visits.map((v) => v._id))
        let dangling = 0
        for (const l of logs) if (l.outcome === 'handed-off' && !requestIds.has(String(l.requestLinkId))) dangling++
        for (const v of visits) for (const id of v.requestIds as string[]) if (!requestIds.has(id)) dangling++
        for (const r of requests) {
          if (r.source === 'duty-log' && !logIds.has(String(r.sourceId))) dangling++
          if (r.source === 'visit' && !visitIds.has(String(r.sourceId).replace(/-\d+$/, ''))) dangling++
        }

        const { checkCounters } = await import('../../cloudfunctions/_lib/counter-check')
        const { db } = await import('../../cloudfunctions/_lib/cloud')
        const { drift } = await checkCounters(db, { villageIds: ['v1'] })

        const okCount = [...ledger.answered.values()].filter((o) => o === 'ok').length
        console.log(
          `kill test: ${KILLS} kills, ${ledger.sent.size} calls (${okCount} ok), ${unanswered} unanswered at a kill, ` +
            `${ledger.resent} resends, duplicates ${duplicates}, missing ${missing}, dangling ${dangling}, ` +
            `counter drift ${drift.length}`,
        )
        expect({ duplicates, missing, dangling, drift }).toEqual({ duplicates: 0, missing: 0, dangling: 0, drift: [] })
        // Every call was answered in the end, nearly all of them ok (a raise may meet its daily limit).
        expect([...ledger.sent.keys()].filter((id) => !ledger.answered.has(id))).toEqual([])
        expect({
          refused: [...ledger.answered.values()].filter((o) => o !== 'ok' && o !== 'RATE_LIMITED'),
          log: refusals.slice(0, 500),
        }).toEqual({ refused: [], log: '' })
        // The test tested something: kills landed while calls were in flight.
        expect(ledger.sent.size).toBeGreaterThanOrEqual(KILLS * 4)
        expect(unanswered).toBeGreaterThan(0)
      } finally {
        await cloud.close()
      }
    } finally {
      warn.mockRestore()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  },
  // A bound on a hang: ≈ 45 s alone, 80 s on 2 cores shared with other runs.
  60_000 + KILLS * 15_000,
)
