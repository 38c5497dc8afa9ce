/**
 * Counters recomputed from their records (cloudfunctions/_lib/counter-check.ts, `npm run db:check-counters`): after
 * real writes the counters equal the records; drift put in by hand is found, field by field, and repaired.
 */
import type { Envelope } from '../../common/errors'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
let roster: Main
let requests: Main
let duty: Main
let counterCheck: typeof import('../../cloudfunctions/_lib/counter-check')
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  roster = (await import('../../cloudfunctions/roster')).main as Main
  requests = (await import('../../cloudfunctions/requests')).main as Main
  duty = (await import('../../cloudfunctions/duty')).main as Main
  counterCheck = await import('../../cloudfunctions/_lib/counter-check')
  db = (await import('../../cloudfunctions/_lib/cloud')).db
})
afterAll(() => cloud.close())

async function ok(main: Main, action: string, data: unknown, openid: string): Promise<void> {
  const answer = (await invokeAs(main, { action, data }, { openid })) as Envelope<unknown>
  if (!answer.ok) throw new Error(`${action}: ${answer.error.code} ${answer.error.message}`)
}

const v1 = { villageIds: ['v1'] }

test('counters equal their records after writes; drift is found field by field and repaired', async () => {
  // The fixture's village carries no counters: the first repair sets them from the records.
  await counterCheck.checkCounters(db, { ...v1, repair: true })
  expect((await counterCheck.checkCounters(db, v1)).drift).toEqual([])

  const secretary = openidOf('branch_secretary')
  const party = { standing: 'full', presence: 'away' }
  await ok(roster, 'savePerson', { villageId: 'v1', name: '计数甲', roles: ['party_member'], party }, secretary)
  await ok(roster, 'savePerson', { villageId: 'v1', name: '计数乙', roles: ['resident'] }, secretary)
  await ok(
    requests,
    'raise',
    { villageId: 'v1', category: 'help', description: '计数：路灯坏了' },
    openidOf('resident'),
  )
  const log = {
    villageId: 'v1',
    visitorName: '来访人',
    matter: '咨询低保',
    action: '登记',
    outcome: 'handed-off',
    dispute: true,
    emergencyReported: false,
  }
  await ok(duty, 'addLog', log, openidOf('branch_committee_member'))
  expect((await counterCheck.checkCounters(db, v1)).drift).toEqual([])

  const village = (await db.collection(C.villages).doc('v1').get()).data
  const [stats] = (await db.collection(C.request_stats).where({ villageId: 'v1' }).get()).data
  const [month] = (await db.collection(C.duty_months).where({ villageId: 'v1' }).get()).data
  await db
    .collection(C.villages)
    .doc('v1')
    .update({ data: { partyMemberCount: db.command.inc(-3), boundCount: db.command.inc(2) } })
  await db.collection(C.request_stats).doc(stats._id).remove()
  await db
    .collection(C.duty_months)
    .doc(month._id)
    .update({ data: { handedOff: db.command.inc(5) } })

  const found = (await counterCheck.checkCounters(db, v1)).drift
  expect(found).toEqual(
    expect.arrayContaining([
      {
        collection: C.villages,
        id: 'v1',
        field: 'partyMemberCount',
        stored: village.partyMemberCount - 3,
        actual: village.partyMemberCount,
      },
      {
        collection: C.villages,
        id: 'v1',
        field: 'boundCount',
        stored: village.boundCount + 2,
        actual: village.boundCount,
      },
      { collection: C.request_stats, id: stats._id, field: 'received', stored: 0, actual: stats.received },
      {
        collection: C.duty_months,
        id: month._id,
        field: 'handedOff',
        stored: month.handedOff + 5,
        actual: month.handedOff,
      },
    ]),
  )
  expect(found).toHaveLength(4)

  await counterCheck.checkCounters(db, { ...v1, repair: true })
  expect((await counterCheck.checkCounters(db, v1)).drift).toEqual([])
  expect((await db.collection(C.request_stats).doc(stats._id).get()).data).toMatchObject({
    villageId: 'v1',
    month: stats.month,
    received: stats.received,
  })
})

test("an open voting window's count of votes is checked against its votes and repaired", async () => {
  const window = { villageId: 'v1', townshipId: 't1', closed: false, voters: [], voterIds: [] }
  await db.collection(C.deliberation_windows).add({ data: { _id: 'cc-w1', ...window, votedCount: 3 } })
  // A window opened before the count was kept has none to check.
  await db.collection(C.deliberation_windows).add({ data: { _id: 'cc-w0', ...window } })
  for (const id of ['a', 'b'])
    for (const w of ['cc-w1', 'cc-w0'])
      await db.collection(C.deliberation_votes).add({ data: { _id: `${w}__${id}`, windowId: w, villageId: 'v1' } })
  expect((await counterCheck.checkCounters(db, v1)).drift).toEqual([
    { collection: C.deliberation_windows, id: 'cc-w1', field: 'votedCount', stored: 3, actual: 2 },
  ])
  await counterCheck.checkCounters(db, { ...v1, repair: true })
  expect((await counterCheck.checkCounters(db, v1)).drift).toEqual([])
  expect((await db.collection(C.deliberation_windows).doc('cc-w1').get()).data.votedCount).toBe(2)
})
