/**
 * Child process of exactly-once.test.ts: a durable local cloud on argv[2] with the real functions in this process —
 * the database server and the function instance die together, as on a CloudBase timeout. Each incarnation first
 * resends the calls the parent saw sent but never answered (argv[4], a JSON file; same request id, same content),
 * then, unless argv[5] is "final", sends new multi-write calls as fast as it can until the parent SIGKILLs it.
 *
 * stdout protocol: `ready`; `send <json>` before a call goes out; `ack <requestId> <ok|code>` when it is answered
 * for good; `resent <n>` after the resends; `done` (final incarnation only).
 */
import fs from 'node:fs'
import { applyCloudEnv, startLocalCloud } from '../../local/cloud'
import { LocalClock } from '../../local/clock'
import { invokeAs } from '../../local/wx-context'
import { openidOf, orgDocs, writeDocs } from '../functions/org-fixture'
import type { Envelope } from '../../common/errors'

export interface SentCall {
  fn: 'roster' | 'duty' | 'grid' | 'requests'
  action: string
  data: Record<string, unknown>
  requestId: string
  openid: string
}

const [dir, incarnation, pendingFile, mode] = process.argv.slice(2) as [string, string, string, string | undefined]
const k = Number(incarnation)
/**
 * Each incarnation's clock starts a minute after the last one's: a claim left pending by the killed incarnation is
 * stale at once (TRANSACTIONAL_CLAIM_TTL_MS), so resends take it over without waiting in real time. Beijing
 * 2026-11-18 10:00 + k minutes: always the same day.
 */
const CLOCK_START = Date.parse('2026-11-18T02:00:00.000Z') + k * 60_000

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>

const say = (line: string) => process.stdout.write(`${line}\n`)
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function main(): Promise<void> {
  const cloud = await startLocalCloud({ dataDir: dir })
  applyCloudEnv(cloud.env)
  new LocalClock(new Date(CLOCK_START)).install()
  if (k === 0) {
    await writeDocs(cloud, orgDocs())
    const { checkCounters } = await import('../../cloudfunctions/_lib/counter-check')
    const { db } = await import('../../cloudfunctions/_lib/cloud')
    // The fixture's counters are nominal: set them from its records once, so that drift later is the test's.
    await checkCounters(db, { villageIds: ['v1'], repair: true })
  }
  const mains: Record<SentCall['fn'], Main> = {
    roster: (await import('../../cloudfunctions/roster')).main as Main,
    duty: (await import('../../cloudfunctions/duty')).main as Main,
    grid: (await import('../../cloudfunctions/grid')).main as Main,
    requests: (await import('../../cloudfunctions/requests')).main as Main,
  }

  /** Sends a call until it is answered for good (a retryable CONFLICT — the claim is still in progress — is not). */
  const settle = async (call: SentCall): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      const answer = (await invokeAs(
        mains[call.fn],
        { action: call.action, data: call.data, requestId: call.requestId },
        { openid: call.openid },
      )) as Envelope<unknown>
      if (answer.ok) return void say(`ack ${call.requestId} ok`)
      if (!answer.error.retryable || attempt > 200) {
        if (answer.error.code !== 'RATE_LIMITED') process.stderr.write(`${call.action}: ${answer.error.message}\n`)
        return void say(`ack ${call.requestId} ${answer.error.code}`)
      }
      await pause(50)
    }
  }

  say('ready')
  const pending = JSON.parse(fs.readFileSync(pendingFile, 'utf8')) as SentCall[]
  await Promise.all(pending.map(settle))
  say(`resent ${pending.length}`)
  if (mode === 'final') {
    say('done')
    await cloud.close()
    process.exit(0)
  }

  const secretary = openidOf('branch_secretary')
  let seq = 0
  const next = (): SentCall => {
    const n = seq++
    const tag = `k${k}n${n}`
    const requestId = `req-${tag}-${Math.random().toString(36).slice(2, 10)}`
    switch (n % 5) {
      case 0:
        return {
          fn: 'roster',
          action: 'savePerson',
          data: {
            villageId: 'v1',
            name: `杀测${tag}`,
            roles: ['party_member'],
            party: { standing: 'full', presence: 'away' },
          },
          requestId,
          openid: secretary,
        }
      case 1: {
        // An edit that moves the village's party counters one way or the other.
        const member = n % 2 === 1
        return {
          fn: 'roster',
          action: 'savePerson',
          data: {
            villageId: 'v1',
            personId: 'v1-villager-representative',
            name: '村民代表',
            roles: member ? ['villager_representative', 'party_member'] : ['villager_representative'],
            ...(member ? { party: { standing: 'full', presence: n % 4 === 1 ? 'away' : 'home' } } : {}),
          },
          requestId,
          openid: secretary,
        }
      }
      case 2:
        return {
          fn: 'duty',
          action: 'addLog',
          data: {
            villageId: 'v1',
            visitorName: `访${tag}`,
            matter: '咨询低保办理',
            action: '登记转办',
            outcome: 'handed-off',
            dispute: n % 3 === 0,
            emergencyReported: false,
          },
          requestId,
          openid: openidOf('branch_committee_member'),
        }
      case 3:
        return {
          fn: 'grid',
          action: 'recordVisit',
          data: {
            villageId: 'v1',
            householdId: 'v1-h1',
            date: '2026-11-17',
            met: '户主',
            situation: `走访${tag}`,
            requests: [
              { category: 'help', urgency: 'normal', description: `屋顶漏雨${tag}` },
              { category: 'suggestion', urgency: 'normal', description: `路灯不亮${tag}` },
            ],
          },
          requestId,
          openid: openidOf('grid_leader'),
        }
      default:
        return {
          fn: 'requests',
          action: 'raise',
          data: { villageId: 'v1', category: 'help', description: `水渠堵了${tag}` },
          requestId,
          // Spread over bound people: each may raise 20 a day.
          openid: openidOf((['resident', 'party_member', 'household_head'] as const)[n % 3]!),
        }
    }
  }
  const worker = async (): Promise<never> => {
    for (;;) {
      const call = next()
      say(`send ${JSON.stringify(call)}`)
      await settle(call)
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()])
}

main().catch((error) => {
  process.stderr.write(`worker failed: ${error?.stack ?? error}\n`)
  process.exit(1)
})
