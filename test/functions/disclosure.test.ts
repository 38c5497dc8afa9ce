/* eslint-disable @typescript-eslint/no-explicit-any -- answers are read loosely here */
/**
 * De-identification by role (issue 22, domain rules §8, common/rules/disclosure.ts), through the real mains
 * against the local cloud: the matter (提议) text, duty log entries, requests and notices show ID, phone and bank
 * numbers whole only to the cadres who act on them; bound members, residents and other cadres see them covered.
 */
import type { Envelope } from '../../common/errors'
import type { Role } from '../../common/roles'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { C } from '../../cloudfunctions/_lib/collections'
import { startTestCloud } from '../support/local-cloud'
import { notInLastMinutesOfDay, startTestClockAt, TEST_NOW } from '../support/test-now'
import { openidOf, orgDocs, writeDocs } from './org-fixture'

startTestClockAt(notInLastMinutesOfDay(TEST_NOW, 5))

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
const mains: Record<string, Main> = {}
let db: typeof import('../../cloudfunctions/_lib/cloud').db

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  for (const fn of ['deliberation', 'duty', 'requests'])
    mains[fn] = (await import(`../../cloudfunctions/${fn}`)).main as Main
  ;({ db } = await import('../../cloudfunctions/_lib/cloud'))
})
afterAll(() => cloud.close())

const call = async (fn: string, action: string, data: Record<string, unknown>, role: Role) => {
  const r = (await invokeAs(mains[fn]!, { action, data }, { openid: openidOf(role) })) as Envelope<any>
  if (!r.ok) throw new Error(`${fn}.${action} as ${role}: ${r.error.code} ${r.error.message}`)
  return r.data
}

const ID = '411323197503150001'
/** The same ID written in groups, a mobile in full-width digits, a bank card in fours. */
const TEXT = `低保申请：户主身份证 411323 19750315 0001，联系电话１３８３８００１２３４，银行卡号 6222 0212 3456 7890 123。`
const leaks = (s: string) =>
  [ID, '411323 19750315 0001', '１３８３８００１２３４', '3838001234', '6222 0212 3456 7890 123', '0212 3456'].filter(
    (x) => s.includes(x),
  )

describe('free text by role', () => {
  let matterId = ''
  beforeAll(async () => {
    ;({ matterId } = await call(
      'deliberation',
      'createMatter',
      {
        villageId: 'v1',
        title: `低保户认定（身份证${ID}）`,
        content: TEXT,
        category: 'other',
        origin: 'members_residents',
      },
      'branch_secretary',
    ))
  })

  it('the matter text is whole for the runners and the township, de-identified for members and residents', async () => {
    for (const role of ['branch_secretary', 'village_committee_member', 'township_organiser'] as const) {
      const m = await call('deliberation', 'getMatter', { villageId: 'v1', matterId }, role)
      expect([role, m.content]).toEqual([role, TEXT])
    }
    for (const role of ['party_member', 'resident', 'villager_representative', 'grid_leader'] as const) {
      const m = await call('deliberation', 'getMatter', { villageId: 'v1', matterId }, role)
      expect([role, leaks(m.content), leaks(m.title)]).toEqual([role, [], []])
      expect(m.content).toContain('**************0001')
      expect(m.content).toContain('138****1234')
      const list = await call('deliberation', 'listMatters', { villageId: 'v1' }, role)
      expect(leaks(JSON.stringify(list))).toEqual([])
    }
  })

  it('notices about the matter never carry the numbers', async () => {
    await call(
      'deliberation',
      'recordStep',
      {
        villageId: 'v1',
        matterId,
        step: 2,
        outcome: 'passed',
        meeting: { heldAt: '2026-03-01 09:00', place: '村委会', note: `核对了身份证${ID}` },
      },
      'branch_secretary',
    )
    // The step's note is covered for a member, whole for the secretary.
    const member = await call('deliberation', 'getMatter', { villageId: 'v1', matterId }, 'party_member')
    expect(leaks(JSON.stringify(member.history))).toEqual([])
    const secretary = await call('deliberation', 'getMatter', { villageId: 'v1', matterId }, 'branch_secretary')
    expect(JSON.stringify(secretary.history)).toContain(ID)
    await call('deliberation', 'sendNotice', { villageId: 'v1', matterId, step: 3 }, 'branch_secretary')
    const notices = (
      (await db
        .collection(C.notices)
        .where({ subject: `deliberation:${matterId}` })
        .get()) as any
    ).data as { title: string; lines: { value: string }[] }[]
    expect(notices.length).toBeGreaterThan(0)
    expect(leaks(JSON.stringify(notices))).toEqual([])
    expect(notices[0]!.title).toContain('**************0001')
  })

  it('a duty log entry is whole for its owner and the secretary, de-identified for other cadres', async () => {
    await call(
      'duty',
      'addLog',
      { villageId: 'v1', visitorName: '张三丰', matter: TEXT, action: '已登记', outcome: 'follow-up' },
      'branch_committee_member',
    )
    const seen = async (role: Role) =>
      (await call('duty', 'listLogs', { villageId: 'v1', limit: 20 }, role)).entries[0].matter as string
    expect(await seen('branch_committee_member')).toBe(TEXT)
    expect(await seen('branch_secretary')).toBe(TEXT)
    const other = await seen('village_committee_member')
    expect(leaks(other)).toEqual([])
    expect(other).toContain('低保申请')
  })

  it('a request is whole for its handlers, de-identified for a township that only watches it', async () => {
    const { requestId } = await call(
      'requests',
      'raise',
      { villageId: 'v1', category: 'help', description: TEXT },
      'resident',
    )
    const mine = await call('requests', 'get', { villageId: 'v1', requestId }, 'resident')
    expect(mine.description).toBe(TEXT)
    const handler = await call('requests', 'get', { villageId: 'v1', requestId }, 'branch_secretary')
    expect(handler.description).toBe(TEXT)
    const township = await call('requests', 'get', { villageId: 'v1', requestId }, 'township_organiser')
    expect(leaks(township.description + township.summary)).toEqual([])
    const queue = await call('requests', 'villageQueue', { villageId: 'v1' }, 'township_organiser')
    expect(leaks(JSON.stringify(queue))).toEqual([])
  })
})
