/**
 * 四议两公开 through the real `deliberation` function and the real SDK against the local cloud: the six steps and
 * every illegal transition, advance notice, the frozen roster (流动党员 / 预备党员 excluded; added later cannot
 * vote; removed later keeps the vote), online + in-person votes with one vote per person, votes after the close,
 * 200 concurrent votes, the tally's arithmetic, publication with masking, the public board, township / county views,
 * the audit trail (secret ballots) and role checks.
 *
 * Functions read the real clock, so notice times and window closes are moved in the database to put "now" after them.
 */
import { C } from '../../cloudfunctions/_lib/collections'
import type { Envelope } from '../../common/errors'
import { leftTheMethod } from '../../common/rules/deliberation'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, personIdOf, writeDocs, NOW } from './org-fixture'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
let fn: Main
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any

const SECRETARY = openidOf('branch_secretary')
const COMMITTEE = openidOf('branch_committee_member')
const MEMBER = openidOf('party_member')
const TOWNSHIP = openidOf('township_organiser')
const COUNTY = openidOf('county_organiser')
const DAY = 86_400_000

/** Extra people of v1: 4 full members at home/away, one 流动党员, one 预备党员, and 3 villager representatives. */
const EXTRA = [
  { id: 'v1-p1', name: '党员甲', roles: ['party_member'], party: { standing: 'full', presence: 'home' } },
  { id: 'v1-p2', name: '党员乙', roles: ['party_member'], party: { standing: 'full', presence: 'away' } },
  { id: 'v1-p3', name: '党员丙', roles: ['party_member'], party: { standing: 'full', presence: 'home' } },
  { id: 'v1-p4', name: '党员丁', roles: ['party_member'], party: { standing: 'full', presence: 'home' } },
  { id: 'v1-mobile', name: '流动党员戊', roles: ['party_member'], party: { standing: 'full', presence: 'mobile' } },
  { id: 'v1-prob', name: '预备党员己', roles: ['party_member'], party: { standing: 'probationary', presence: 'home' } },
  { id: 'v1-r1', name: '代表一', roles: ['villager_representative'], party: null },
  { id: 'v1-r2', name: '代表二', roles: ['villager_representative'], party: null },
  { id: 'v1-r3', name: '代表三', roles: ['villager_representative'], party: null },
]
const oid = (personId: string) => `o-${personId}`
/** 200 Party members of v2 for the concurrency test, and v2's secretary. */
const CROWD = Array.from({ length: 200 }, (_, i) => `v2-c${String(i + 1).padStart(3, '0')}`)
const V2_SECRETARY = 'o-v2-secretary'

beforeAll(async () => {
  cloud = await startTestCloud()
  const docs = orgDocs()
  const person = (villageId: string, p: { id: string; name: string; roles: string[]; party: unknown }) => ({
    _id: p.id,
    villageId,
    townshipId: villageId === 'v3' ? 't2' : 't1',
    name: p.name,
    phone: '13800001234',
    roles: p.roles,
    householdId: `${villageId}-h3`,
    gridId: `${villageId}-g1`,
    party: p.party,
    openid: oid(p.id),
    createdAt: NOW,
    updatedAt: NOW,
  })
  for (const p of EXTRA) {
    docs.get(C.people)!.push(person('v1', p))
    docs.get(C.bindings)!.push({
      _id: oid(p.id),
      memberships: [{ villageId: 'v1', townshipId: 't1', personId: p.id, name: p.name, roles: p.roles }],
    })
  }
  for (const id of CROWD) {
    docs.get(C.people)!.push(
      person('v2', {
        id,
        name: `群众党员${id.slice(-3)}`,
        roles: ['party_member'],
        party: { standing: 'full', presence: 'home' },
      }),
    )
    docs.get(C.bindings)!.push({
      _id: oid(id),
      memberships: [{ villageId: 'v2', townshipId: 't1', personId: id, name: id, roles: ['party_member'] }],
    })
  }
  docs.get(C.bindings)!.push({
    _id: V2_SECRETARY,
    memberships: [
      {
        villageId: 'v2',
        townshipId: 't1',
        personId: personIdOf('v2', 'branch_secretary'),
        name: 'v2书记',
        roles: ['branch_secretary'],
      },
    ],
  })
  await writeDocs(cloud, docs)
  fn = (await import('../../cloudfunctions/deliberation')).main as Main
  db = (await import('../../cloudfunctions/_lib/cloud')).db
})
afterAll(() => cloud.close())

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call<T = any>(action: string, data: unknown, openid: string): Promise<Envelope<T>> {
  return (await invokeAs(fn, { action, data }, { openid })) as Envelope<T>
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function ok<T = any>(promise: Promise<Envelope<T>>): Promise<T> {
  const result = await promise
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.data
}
const code = (r: Envelope<unknown>) => (r.ok ? 'ok' : r.error.code)
const message = (r: Envelope<unknown>) => (r.ok ? '' : r.error.message)
const inAMinute = () => new Date(Date.now() + 2 * 60_000).toISOString()
const inADay = () => new Date(Date.now() + DAY).toISOString()

async function newMatter(villageId = 'v1', openid = SECRETARY, extra: Record<string, unknown> = {}) {
  const { matterId } = await ok<{ matterId: string }>(
    call(
      'createMatter',
      {
        villageId,
        title: '修建村东生产路',
        content: '拟用集体收益12万元硬化村东生产路1.2公里。',
        category: 'public_works',
        origin: 'members_residents',
        ...extra,
      },
      openid,
    ),
  )
  return matterId
}
async function backdateNotice(matterId: string, step: 3 | 4, days: number) {
  await db
    .collection(C.deliberation_matters)
    .doc(matterId)
    .update({ data: { [`notice${step}At`]: new Date(Date.now() - days * DAY) } })
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** Moves a window's close to now: votes already cast were cast before it, anything later is after it. */
async function expire(windowId: string) {
  await sleep(5)
  await db
    .collection(C.deliberation_windows)
    .doc(windowId)
    .update({ data: { closesAt: new Date() } })
  await sleep(5)
}
async function toStep3(villageId = 'v1', openid = SECRETARY) {
  const matterId = await newMatter(villageId, openid)
  await ok(
    call(
      'recordStep',
      {
        villageId,
        matterId,
        step: 2,
        outcome: 'passed',
        meeting: { heldAt: '2026-03-01 09:00', place: '村委会', note: '两委一致同意' },
      },
      openid,
    ),
  )
  await ok(call('sendNotice', { villageId, matterId, step: 3 }, openid))
  await backdateNotice(matterId, 3, 3)
  return matterId
}
const count = async (collection: string, where: Record<string, unknown>) =>
  ((await db.collection(collection).where(where).count()) as { total: number }).total

describe('the six steps, end to end', () => {
  it('goes through all six steps with online and in-person votes, publishes masked, and the township sees it', async () => {
    const matterId = await newMatter()
    let m = await ok(call('getMatter', { villageId: 'v1', matterId }, MEMBER))
    expect(m).toMatchObject({ step: 2, status: 'working', mustGo: true, canRun: false })
    expect(m.history[0]).toMatchObject({ step: 1, action: 'proposed', byName: 'v1branch_secretary' })

    // step 2 with its meeting recorded
    await ok(
      call(
        'recordStep',
        {
          villageId: 'v1',
          matterId,
          step: 2,
          outcome: 'passed',
          meeting: { heldAt: '2026-03-01 09:00', place: '村委会', note: '两委商议' },
        },
        SECRETARY,
      ),
    )
    // step 3: notice, refused too early, then open
    await ok(call('sendNotice', { villageId: 'v1', matterId, step: 3 }, SECRETARY))
    const early = await call('openVoting', { villageId: 'v1', matterId, step: 3, closesAt: inADay() }, SECRETARY)
    expect(code(early)).toBe('FAILED_PRECONDITION')
    expect(message(early)).toMatch(/提前3天/)
    await backdateNotice(matterId, 3, 3)
    const opened = await ok(call('openVoting', { villageId: 'v1', matterId, step: 3, closesAt: inADay() }, SECRETARY))
    // voters: fixture party member, secretary, committee member + p1–p4; not the 流动党员, not the 预备党员
    expect(opened.rosterSize).toBe(7)
    expect(await count(C.outbox, { subject: `deliberation:${opened.windowId}` })).toBe(7)
    const w3 = opened.windowId

    // online votes
    for (const p of ['v1-p1', 'v1-p2', 'v1-p3'])
      await ok(call('castVote', { villageId: 'v1', windowId: w3, choice: 'agree', remark: '同意' }, oid(p)))
    expect(code(await call('castVote', { villageId: 'v1', windowId: w3, choice: 'agree' }, oid('v1-mobile')))).toBe(
      'FAILED_PRECONDITION',
    )
    expect(code(await call('castVote', { villageId: 'v1', windowId: w3, choice: 'agree' }, oid('v1-prob')))).toBe(
      'FAILED_PRECONDITION',
    )
    // resent (same choice) → answered as already cast; a different choice → refused, the vote is immutable
    expect((await ok(call('castVote', { villageId: 'v1', windowId: w3, choice: 'agree' }, oid('v1-p1')))).already).toBe(
      true,
    )
    expect(code(await call('castVote', { villageId: 'v1', windowId: w3, choice: 'disagree' }, oid('v1-p1')))).toBe(
      'CONFLICT',
    )

    // in person: p1 already voted online → refused; others recorded
    const inPerson = await ok(
      call(
        'recordInPersonVotes',
        {
          villageId: 'v1',
          windowId: w3,
          votes: [
            { personId: 'v1-p1', choice: 'agree' },
            { personId: 'v1-p4', choice: 'disagree' },
            { personId: personIdOf('v1', 'party_member'), choice: 'abstain' },
            { personId: 'v1-mobile', choice: 'agree' },
          ],
        },
        COMMITTEE,
      ),
    )
    expect(inPerson.recorded).toBe(2)
    expect(inPerson.refused.map((r: { personId: string }) => r.personId).sort()).toEqual(['v1-mobile', 'v1-p1'])
    // and online after in person → refused
    const twice = await call('castVote', { villageId: 'v1', windowId: w3, choice: 'agree' }, oid('v1-p4'))
    expect(code(twice)).toBe('CONFLICT')
    expect(message(twice)).toMatch(/现场/)

    // a member added after the window opened cannot vote; one removed keeps the vote cast
    await db.collection(C.people).add({
      data: {
        _id: 'v1-late',
        villageId: 'v1',
        townshipId: 't1',
        name: '后来者',
        roles: ['party_member'],
        party: { standing: 'full', presence: 'home' },
        openid: oid('v1-late'),
      },
    })
    await db.collection(C.bindings).add({
      data: {
        _id: oid('v1-late'),
        memberships: [
          { villageId: 'v1', townshipId: 't1', personId: 'v1-late', name: '后来者', roles: ['party_member'] },
        ],
      },
    })
    const late = await call('castVote', { villageId: 'v1', windowId: w3, choice: 'agree' }, oid('v1-late'))
    expect(code(late)).toBe('FAILED_PRECONDITION')
    expect(message(late)).toMatch(/名单/)
    await db.collection(C.people).doc('v1-p3').remove()

    // the list shows who voted and how they voted (channel), never the choice
    const voters = await ok(call('listVoters', { villageId: 'v1', windowId: w3 }, SECRETARY))
    expect(voters).toMatchObject({ total: 7, votedCount: 5 })
    expect(JSON.stringify(voters)).not.toMatch(/agree|disagree|abstain/)
    const waiting = await ok(call('listVoters', { villageId: 'v1', windowId: w3, onlyNotVoted: true }, SECRETARY))
    expect(waiting.voters.map((v: { personId: string }) => v.personId).sort()).toEqual([
      personIdOf('v1', 'branch_committee_member'),
      personIdOf('v1', 'branch_secretary'),
    ])
    // the count of votes is the window's maintained one (issue 25), not a count over the votes: the voters' list
    // shows what the window says, and a window opened before it was kept is counted
    const window = async () =>
      (await db.collection(C.deliberation_windows).doc(w3).get()) as unknown as { data: { votedCount?: number } }
    expect((await window()).data.votedCount).toBe(5)
    await db
      .collection(C.deliberation_windows)
      .doc(w3)
      .update({ data: { votedCount: 6 } })
    expect((await ok(call('listVoters', { villageId: 'v1', windowId: w3 }, SECRETARY))).votedCount).toBe(6)
    await db
      .collection(C.deliberation_windows)
      .doc(w3)
      .update({ data: { votedCount: db.command.remove() } })
    expect((await ok(call('listVoters', { villageId: 'v1', windowId: w3 }, SECRETARY))).votedCount).toBe(5)
    await db
      .collection(C.deliberation_windows)
      .doc(w3)
      .update({ data: { votedCount: 5 } })
    // pages by keyset: each page starts after the last person of the one before
    const pages: string[][] = []
    let after: string | undefined
    do {
      const page = await ok(call('listVoters', { villageId: 'v1', windowId: w3, limit: 3, after }, SECRETARY))
      pages.push(page.voters.map((v: { personId: string }) => v.personId))
      after = page.nextAfter
    } while (after && pages.length < 5)
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1])
    expect(pages.flat()).toEqual(voters.voters.map((v: { personId: string }) => v.personId))
    const firstWaiting = await ok(
      call('listVoters', { villageId: 'v1', windowId: w3, onlyNotVoted: true, limit: 1 }, SECRETARY),
    )
    const nextWaiting = await ok(
      call(
        'listVoters',
        { villageId: 'v1', windowId: w3, onlyNotVoted: true, limit: 1, after: firstWaiting.nextAfter },
        SECRETARY,
      ),
    )
    expect([...firstWaiting.voters, ...nextWaiting.voters].map((v: { personId: string }) => v.personId)).toEqual(
      waiting.voters.map((v: { personId: string }) => v.personId),
    )
    expect(nextWaiting.nextAfter).toBeUndefined()
    expect((await ok(call('remindNonVoters', { villageId: 'v1', windowId: w3 }, SECRETARY))).reminded).toBe(2)

    // not closable before its time while people are still to vote; after the close nothing counts
    expect(code(await call('closeVoting', { villageId: 'v1', windowId: w3 }, SECRETARY))).toBe('FAILED_PRECONDITION')
    await expire(w3)
    expect(code(await call('castVote', { villageId: 'v1', windowId: w3, choice: 'agree' }, SECRETARY))).toBe(
      'FAILED_PRECONDITION',
    )
    expect(
      code(
        await call(
          'recordInPersonVotes',
          {
            villageId: 'v1',
            windowId: w3,
            votes: [{ personId: personIdOf('v1', 'branch_secretary'), choice: 'agree' }],
          },
          COMMITTEE,
        ),
      ),
    ).toBe('FAILED_PRECONDITION')
    // a vote slipped in with a time after the close (e.g. clock skew) does not count
    await db.collection(C.deliberation_votes).add({
      data: {
        _id: `${w3}__x`,
        windowId: w3,
        matterId,
        villageId: 'v1',
        step: 3,
        personId: personIdOf('v1', 'branch_secretary'),
        choice: 'agree',
        channel: 'online',
        at: new Date(Date.now() + 60_000),
      },
    })

    const closed = await ok(call('closeVoting', { villageId: 'v1', windowId: w3 }, SECRETARY))
    // 7 should attend; 5 present (p1 p2 p3 online, p4 + member in person) ≥ 2/3 of 7 (5); yes 3 ≤ half of 7 → rejected
    expect(closed.result).toMatchObject({
      shouldAttend: 7,
      present: 5,
      yes: 3,
      no: 1,
      abstain: 1,
      online: 3,
      inPerson: 2,
      quorumMet: true,
      passed: false,
      outcome: 'rejected',
    })
    expect(closed.result.lines.join('\n')).toContain('即至少 4')
    expect(closed).toMatchObject({ step: 3, status: 'rejected' })
    expect(code(await call('recordStep', { villageId: 'v1', matterId, step: 3, outcome: 'passed' }, SECRETARY))).toBe(
      'FAILED_PRECONDITION',
    )
    m = await ok(call('getMatter', { villageId: 'v1', matterId }, SECRETARY))
    expect(m.windows[0].result.outcome).toBe('rejected')

    // put the roster back for the other tests
    await db.collection(C.people).doc('v1-late').remove()
    await db.collection(C.people).add({
      data: {
        _id: 'v1-p3',
        villageId: 'v1',
        townshipId: 't1',
        name: '党员丙',
        roles: ['party_member'],
        party: { standing: 'full', presence: 'home' },
        householdId: 'v1-h3',
        openid: oid('v1-p3'),
      },
    })
  })

  it('a passing matter reaches step 6; the public board shows the result masked; the township and county see it', async () => {
    const matterId = await toStep3()
    const { windowId: w3 } = await ok(
      call('openVoting', { villageId: 'v1', matterId, step: 3, closesAt: inADay() }, SECRETARY),
    )
    for (const p of ['v1-p1', 'v1-p2', 'v1-p4'])
      await ok(call('castVote', { villageId: 'v1', windowId: w3, choice: 'agree' }, oid(p)))
    await ok(call('castVote', { villageId: 'v1', windowId: w3, choice: 'agree' }, MEMBER))
    await ok(
      call(
        'recordInPersonVotes',
        {
          villageId: 'v1',
          windowId: w3,
          votes: [
            { personId: personIdOf('v1', 'branch_secretary'), choice: 'agree' },
            { personId: personIdOf('v1', 'branch_committee_member'), choice: 'disagree' },
          ],
        },
        COMMITTEE,
      ),
    )
    await expire(w3)
    const r3 = await ok(call('closeVoting', { villageId: 'v1', windowId: w3 }, SECRETARY))
    expect(r3.result).toMatchObject({ shouldAttend: 7, present: 6, yes: 5, passed: true })
    expect(r3).toMatchObject({ step: 4, status: 'working' })

    // step 4: 村民代表会议 (reps + village committee member), no notice days needed
    const { windowId: w4, rosterSize } = await ok(
      call(
        'openVoting',
        { villageId: 'v1', matterId, step: 4, meetingKind: 'representatives', closesAt: inADay() },
        SECRETARY,
      ),
    )
    expect(rosterSize).toBe(5) // fixture rep + committee member + 3 reps
    await ok(call('castVote', { villageId: 'v1', windowId: w4, choice: 'agree' }, oid('v1-r1')))
    await ok(call('castVote', { villageId: 'v1', windowId: w4, choice: 'agree' }, oid('v1-r2')))
    await ok(
      call(
        'recordInPersonVotes',
        {
          villageId: 'v1',
          windowId: w4,
          votes: [
            { personId: 'v1-r3', choice: 'abstain' },
            { personId: personIdOf('v1', 'village_committee_member'), choice: 'agree' },
          ],
        },
        SECRETARY,
      ),
    )
    // everyone but one voted: still before the close → refused; the last one votes → closable early
    expect(code(await call('closeVoting', { villageId: 'v1', windowId: w4 }, SECRETARY))).toBe('FAILED_PRECONDITION')
    await ok(
      call('castVote', { villageId: 'v1', windowId: w4, choice: 'disagree' }, openidOf('villager_representative')),
    )
    const r4 = await ok(call('closeVoting', { villageId: 'v1', windowId: w4 }, SECRETARY))
    expect(r4.result).toMatchObject({
      meetingKind: 'representatives',
      shouldAttend: 5,
      present: 5,
      yes: 3,
      no: 1,
      abstain: 1,
      passed: true,
    })
    expect(r4).toMatchObject({ step: 5, status: 'working' })

    // step 5: preview, then publish masked
    const text =
      '经村民代表会议表决通过。施工联系人张师傅，电话13838776655；工程款打入账号6222021234567890123。咨询请拨0377-6600000。'
    const preview = await ok(call('previewPublication', { villageId: 'v1', matterId, text }, SECRETARY))
    expect(preview.masked.map((x: { kind: string }) => x.kind)).toEqual(['mobile', 'bank_account'])
    expect(preview.text).toContain('咨询请拨0377-6600000') // the service centre's public phone is kept
    const pub5 = await ok(call('publish', { villageId: 'v1', matterId, step: 5, text }, SECRETARY))
    expect(pub5).toMatchObject({ step: 6, status: 'working' })
    expect(pub5.masked.map((x: { original: string }) => x.original)).toEqual(['13838776655', '6222021234567890123'])

    // the public board (any WeChat user, unbound) shows it masked, with the arithmetic, without who voted how
    const board = await ok(call('publicBoard', { villageId: 'v1' }, 'o-stranger'))
    expect(board.publications).toHaveLength(1)
    const shown = JSON.stringify(board)
    expect(shown).not.toContain('13838776655')
    expect(shown).not.toContain('6222021234567890123')
    expect(shown).toContain('138****6655')
    expect(board.publications[0].resultLines.join('\n')).toContain('应到 5，实到 5')
    expect(shown).not.toMatch(/党员甲|代表一/)

    expect(code(await call('publish', { villageId: 'v1', matterId, step: 5, text: '再发一次' }, SECRETARY))).toBe(
      'FAILED_PRECONDITION',
    )
    const pub6 = await ok(
      call(
        'publish',
        { villageId: 'v1', matterId, step: 6, text: '道路已于6月完工，验收合格，实际支出118000元。' },
        SECRETARY,
      ),
    )
    expect(pub6).toMatchObject({ status: 'completed', masked: [] })
    expect((await ok(call('publicBoard', { villageId: 'v1' }, 'o-stranger'))).publications).toHaveLength(2)

    // township view and county counts
    const t = await ok(call('townshipOverview', { townshipId: 't1' }, TOWNSHIP))
    expect(t.matters.find((x: { id: string }) => x.id === matterId)).toMatchObject({
      status: 'completed',
      villageName: 'v1村',
    })
    const c = await ok(call('countyOverview', {}, COUNTY))
    expect(c.byCategory.find((x: { category: string }) => x.category === 'public_works').count).toBeGreaterThanOrEqual(
      2,
    )
    expect(c.byStage.find((x: { key: string }) => x.key === 'completed').count).toBeGreaterThanOrEqual(1)
    // The overview reads per-village counters: they must equal a count of the matters themselves.
    const all = (await db.collection(C.deliberation_matters).limit(1000).get()).data as {
      category: string
      step: number
      status: string
    }[]
    const expectStage: Record<string, number> = {}
    const expectCategory: Record<string, number> = {}
    for (const m of all) {
      const key = m.status === 'working' || m.status === 'voting' ? `step${m.step}` : m.status
      expectStage[key] = (expectStage[key] ?? 0) + 1
      expectCategory[m.category] = (expectCategory[m.category] ?? 0) + 1
    }
    expect(Object.fromEntries(c.byStage.map((x: { key: string; count: number }) => [x.key, x.count]))).toEqual(
      expectStage,
    )
    expect(
      Object.fromEntries(
        c.byCategory
          .filter((x: { count: number }) => x.count > 0)
          .map((x: { category: string; count: number }) => [x.category, x.count]),
      ),
    ).toEqual(expectCategory)
    expect(c.total).toBe(all.length)

    // audit trail: every transition and every vote's time and channel; choices hidden when ballots are secret
    const audit = await ok(call('matterAudit', { villageId: 'v1', matterId }, TOWNSHIP))
    expect(audit.votes).toHaveLength(11)
    expect(audit.votes.filter((v: { channel: string }) => v.channel === 'in_person')).toHaveLength(4)
    expect(audit.votes[0].choice).toBeDefined()
    expect(audit.transitions.map((x: { actionLabel: string }) => x.actionLabel)).toEqual(
      expect.arrayContaining(['提议', '通过', '议题送达', '开始表决', '表决截止并计票', '公开']),
    )
    await db
      .collection(C.counties)
      .doc('xinye')
      .update({ data: { settings: { deliberationSecretBallot: 1 } } })
    const secret = await ok(call('matterAudit', { villageId: 'v1', matterId }, TOWNSHIP))
    expect(secret.secret).toBe(true)
    expect(secret.votes.every((v: { choice?: string }) => v.choice === undefined)).toBe(true)
    await db
      .collection(C.counties)
      .doc('xinye')
      .update({ data: { settings: {} } })
  })
})

describe('the state machine through the function', () => {
  it('refuses every out-of-order step', async () => {
    const matterId = await newMatter()
    expect(code(await call('recordStep', { villageId: 'v1', matterId, step: 3, outcome: 'passed' }, SECRETARY))).toBe(
      'FAILED_PRECONDITION',
    )
    expect(code(await call('recordStep', { villageId: 'v1', matterId, step: 1, outcome: 'passed' }, SECRETARY))).toBe(
      'FAILED_PRECONDITION',
    )
    expect(code(await call('openVoting', { villageId: 'v1', matterId, step: 3, closesAt: inADay() }, SECRETARY))).toBe(
      'FAILED_PRECONDITION',
    )
    expect(code(await call('sendNotice', { villageId: 'v1', matterId, step: 3 }, SECRETARY))).toBe(
      'FAILED_PRECONDITION',
    )
    expect(code(await call('publish', { villageId: 'v1', matterId, step: 5, text: '公开' }, SECRETARY))).toBe(
      'FAILED_PRECONDITION',
    )
    expect(code(await call('repropose', { villageId: 'v1', matterId }, SECRETARY))).toBe('FAILED_PRECONDITION')
    // sent back at step 2, then re-proposed: both recorded
    await ok(
      call('recordStep', { villageId: 'v1', matterId, step: 2, outcome: 'returned', note: '补充预算明细' }, SECRETARY),
    )
    expect(code(await call('recordStep', { villageId: 'v1', matterId, step: 2, outcome: 'passed' }, SECRETARY))).toBe(
      'FAILED_PRECONDITION',
    )
    await ok(call('repropose', { villageId: 'v1', matterId, content: '补充：预算明细见附件。' }, SECRETARY))
    const m = await ok(call('getMatter', { villageId: 'v1', matterId }, SECRETARY))
    expect(m).toMatchObject({ step: 2, status: 'working', content: '补充：预算明细见附件。' })
    expect(m.history.map((h: { action: string }) => h.action)).toEqual(['proposed', 'returned', 'reproposed'])
    // a window shorter than a minute or at step 3 while voting is refused; withdrawing a must-go matter flags the township
    await ok(call('withdraw', { villageId: 'v1', matterId, note: '暂缓实施' }, SECRETARY))
    expect(code(await call('recordStep', { villageId: 'v1', matterId, step: 2, outcome: 'passed' }, SECRETARY))).toBe(
      'FAILED_PRECONDITION',
    )
    const t = await ok(call('townshipOverview', { townshipId: 't1', onlyAttention: true }, TOWNSHIP))
    expect(t.matters.find((x: { id: string }) => x.id === matterId)).toMatchObject({ leftMethod: true })
    // The township figures come from the per-village counters the transitions maintain: equal to a recount.
    const all = (await db.collection(C.deliberation_matters).where({ townshipId: 't1' }).limit(1000).get())
      .data as Parameters<typeof leftTheMethod>[0][]
    expect(t.counts.leftMethod).toBe(
      all.filter((x) => leftTheMethod({ ...x, passedSteps: x.passedSteps ?? [] })).length,
    )
    expect(t.counts.leftMethod).toBeGreaterThanOrEqual(1)
    expect(t.counts.total).toBe(all.length)
    expect(t.counts.completed).toBe(all.filter((x) => x.status === 'completed').length)
    expect(t.counts.open).toBe(all.filter((x) => ['working', 'voting', 'returned'].includes(x.status)).length)
  })

  it('refuses a second window on the same step and a window closing in under a minute', async () => {
    const matterId = await toStep3()
    expect(
      code(
        await call(
          'openVoting',
          { villageId: 'v1', matterId, step: 3, closesAt: new Date(Date.now() + 10_000).toISOString() },
          SECRETARY,
        ),
      ),
    ).toBe('FAILED_PRECONDITION')
    await ok(call('openVoting', { villageId: 'v1', matterId, step: 3, closesAt: inAMinute() }, SECRETARY))
    expect(
      code(await call('openVoting', { villageId: 'v1', matterId, step: 3, closesAt: inAMinute() }, SECRETARY)),
    ).toBe('FAILED_PRECONDITION')
    expect(code(await call('withdraw', { villageId: 'v1', matterId, note: '不办了' }, SECRETARY))).toBe(
      'FAILED_PRECONDITION',
    )
  })

  it('a 村民会议 needs 10 days of notice', async () => {
    const matterId = await toStep3()
    const { windowId } = await ok(
      call('openVoting', { villageId: 'v1', matterId, step: 3, closesAt: inADay() }, SECRETARY),
    )
    for (const p of ['v1-p1', 'v1-p2', 'v1-p3', 'v1-p4'])
      await call('castVote', { villageId: 'v1', windowId, choice: 'agree' }, oid(p))
    await ok(call('castVote', { villageId: 'v1', windowId, choice: 'agree' }, MEMBER))
    await expire(windowId)
    await ok(call('closeVoting', { villageId: 'v1', windowId }, SECRETARY))
    await ok(call('sendNotice', { villageId: 'v1', matterId, step: 4, meetingKind: 'villagers' }, SECRETARY))
    await backdateNotice(matterId, 4, 9)
    const early = await call(
      'openVoting',
      { villageId: 'v1', matterId, step: 4, meetingKind: 'villagers', closesAt: inADay() },
      SECRETARY,
    )
    expect(message(early)).toMatch(/提前10天/)
    await backdateNotice(matterId, 4, 10)
    const opened = await ok(
      call(
        'openVoting',
        { villageId: 'v1', matterId, step: 4, meetingKind: 'villagers', closesAt: inADay() },
        SECRETARY,
      ),
    )
    // everyone on the roster but the outsiders (第一书记, 驻村干部); should attend = max(registered adults, roster)
    expect(opened.rosterSize).toBeGreaterThan(10)
    expect(opened.shouldAttend).toBe(opened.rosterSize)
    // the tally counts the households represented: the distinct households of those who voted, online or in person
    const { data: w } = (await db.collection(C.deliberation_windows).doc(opened.windowId).get()) as unknown as {
      data: { voters: { personId: string; householdId: string | null }[] }
    }
    const inPerson = w.voters.filter((v) => v.personId !== personIdOf('v1', 'party_member')).slice(0, 8)
    await ok(
      call(
        'recordInPersonVotes',
        {
          villageId: 'v1',
          windowId: opened.windowId,
          votes: inPerson.map((v) => ({ personId: v.personId, choice: 'agree' })),
        },
        COMMITTEE,
      ),
    )
    await ok(call('castVote', { villageId: 'v1', windowId: opened.windowId, choice: 'agree' }, MEMBER))
    const voted = [...inPerson, ...w.voters.filter((v) => v.personId === personIdOf('v1', 'party_member'))]
    const households = new Set(voted.map((v) => v.householdId).filter((h) => h !== null))
    expect(households.size).toBeGreaterThan(1)
    expect(households.size).toBeLessThan(voted.length)
    await expire(opened.windowId)
    const closed = await ok(call('closeVoting', { villageId: 'v1', windowId: opened.windowId }, SECRETARY))
    expect(closed.result.households.represented).toBe(households.size)
    expect(closed.result).toMatchObject({ present: voted.length, yes: voted.length, online: 1 })
  })
})

describe('reminders at the close of a voting window', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const remindersOf = async (windowId: string): Promise<any[]> =>
    (
      (await db.collection(C.notices).where({ template: 'deliberation_reminder' }).limit(1000).get()).data as {
        subject: string
      }[]
    ).filter((n) => n.subject.startsWith(`deliberation-remind:${windowId}:`))

  it('表决即将截止 goes out just before the close, and not at all when the sweep only runs after it', async () => {
    const { sendDue } = await import('../../cloudfunctions/_lib/notify')
    const before = await ok(
      call('openVoting', { villageId: 'v1', matterId: await toStep3(), step: 3, closesAt: inAMinute() }, SECRETARY),
    )
    const closeA = new Date(before.closesAt).getTime()
    await sendDue(db, new Date(closeA - 1), { limit: 1000 })
    const sentA = await remindersOf(before.windowId)
    expect(sentA.length).toBeGreaterThan(0)
    expect(sentA.every((n) => n.status === 'sent')).toBe(true)

    const after = await ok(
      call('openVoting', { villageId: 'v1', matterId: await toStep3(), step: 3, closesAt: inAMinute() }, SECRETARY),
    )
    const closeB = new Date(after.closesAt).getTime()
    // The sweep runs 8 minutes after the close: the reminder, though due since a minute before it, is dropped.
    await sendDue(db, new Date(closeB + 8 * 60_000), { limit: 1000 })
    const lateB = await remindersOf(after.windowId)
    expect(lateB.length).toBe(sentA.length)
    expect(lateB.every((n) => n.status === 'skipped' && n.reason === '已截止，不再提醒')).toBe(true)
    expect(await count(C.outbox, { noticeId: db.command.in(lateB.map((n) => n._id)) })).toBe(0)
  })
})

describe('one person, one vote under load', () => {
  it('200 concurrent votes from 200 members give exactly 200 votes, and resends add none', async () => {
    const matterId = await toStep3('v2', V2_SECRETARY)
    const { windowId, rosterSize } = await ok(
      call('openVoting', { villageId: 'v2', matterId, step: 3, closesAt: inADay() }, V2_SECRETARY),
    )
    expect(rosterSize).toBe(203) // the crowd + the fixture's party member, secretary and committee member of v2
    const choices = ['agree', 'agree', 'disagree', 'abstain'] as const
    const results = await Promise.all(
      CROWD.map((p, i) => call('castVote', { villageId: 'v2', windowId, choice: choices[i % 4] }, oid(p))),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(200)
    // the same 50 resent concurrently (weak network) and 50 trying to change their vote
    const again = await Promise.all(
      CROWD.slice(0, 100).map((p, i) =>
        call('castVote', { villageId: 'v2', windowId, choice: i < 50 ? choices[i % 4] : 'disagree' }, oid(p)),
      ),
    )
    expect(again.slice(0, 50).every((r) => r.ok && (r.data as { already: boolean }).already)).toBe(true)
    expect(again.slice(50).filter((r) => !r.ok)).toHaveLength(
      again.slice(50).filter((_, i) => choices[(i + 50) % 4] !== 'disagree').length,
    )
    expect(await count(C.deliberation_votes, { windowId })).toBe(200)
    // the window's maintained count moved once per vote, resends included
    expect((await ok(call('listVoters', { villageId: 'v2', windowId }, V2_SECRETARY))).votedCount).toBe(200)
    await expire(windowId)
    const { result } = await ok(call('closeVoting', { villageId: 'v2', windowId }, V2_SECRETARY))
    expect(result).toMatchObject({ present: 200, yes: 100, no: 50, abstain: 50, online: 200, passed: false })
  }, 60_000)
})

describe('role checks', () => {
  it('only village cadres run matters; supervisors read; anyone reads the public board', async () => {
    const input = { villageId: 'v1', title: '测试议题', content: '内容', category: 'other', origin: 'cadres' }
    expect(code(await call('createMatter', input, MEMBER))).toBe('FORBIDDEN')
    expect(code(await call('createMatter', input, TOWNSHIP))).toBe('FORBIDDEN')
    expect(code(await call('createMatter', input, 'o-stranger'))).toBe('UNAUTHENTICATED')
    expect(code(await call('createMatter', { ...input, villageId: 'v3' }, SECRETARY))).toBe('FORBIDDEN')
    expect(code(await call('listMatters', { villageId: 'v1' }, TOWNSHIP))).toBe('ok')
    expect(code(await call('listMatters', { villageId: 'v3' }, TOWNSHIP))).toBe('FORBIDDEN')
    expect(code(await call('townshipOverview', { townshipId: 't2' }, TOWNSHIP))).toBe('FORBIDDEN')
    expect(code(await call('countyOverview', {}, TOWNSHIP))).toBe('FORBIDDEN')
    expect(code(await call('matterAudit', { villageId: 'v1', matterId: 'x' }, MEMBER))).toBe('FORBIDDEN')
    expect(code(await call('publicBoard', { villageId: 'v3' }, 'o-stranger'))).toBe('ok')
    expect(code(await call('castVote', { villageId: 'v1', windowId: 'nope', choice: 'agree' }, TOWNSHIP))).toBe(
      'FORBIDDEN',
    )
    expect(code(await call('castVote', { villageId: 'v1', windowId: 'nope', choice: 'agree' }, MEMBER))).toBe(
      'NOT_FOUND',
    )
  })
})
