/**
 * A retired or merged village (村改居, 合村并居) takes no new work in any function area — duty, meetings, requests,
 * deliberation, council, grid, stars, roster — with one clear Chinese refusal and nothing written; its history
 * stays readable and work started before may still be finished (cloudfunctions/_lib/open-village.ts).
 *
 * org.retireVillage also drops the village's people's WeChat bindings and revokes its open invitation codes, so
 * most of these calls would already be FORBIDDEN. The village is marked retired here with the bindings left in
 * place — a caller who still reaches it (a binding restored by a stale code, a supervisor) — so that what refuses
 * is the village check itself.
 */
import type { Envelope } from '../../common/errors'
import { beijingDate, beijingMonth } from '../../common/rules/beijing-time'
import { addDays, dutyDate } from '../../common/rules/duty'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, personIdOf, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'
import { retiredProblem } from '../../cloudfunctions/_lib/open-village'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
type Any = any // eslint-disable-line @typescript-eslint/no-explicit-any

const FUNCTIONS = ['duty', 'meetings', 'requests', 'deliberation', 'council', 'grid', 'stars', 'roster', 'org']
let cloud: LocalCloud
const mains: Record<string, Main> = {}

const SECRETARY = openidOf('branch_secretary')
const CADRE = openidOf('branch_committee_member')
const MEMBER = openidOf('party_member')
const RESIDENT = openidOf('resident')
const GRID_LEADER = openidOf('grid_leader')
const COUNTY = openidOf('county_organiser')
const HOUR = 3600_000

const call = (fn: string, action: string, data: unknown, openid: string) =>
  invokeAs(mains[fn]!, { action, data }, { openid }) as Promise<Envelope<Any>>
async function ok<T = Any>(p: Promise<Envelope<Any>>): Promise<T> {
  const r = await p
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`)
  return r.data as T
}
const docs = (collection: string) => [...(cloud.engine.collections.get(collection)?.docs.values() ?? [])] as Any[]
/** Everything but the bookkeeping a refused call may touch (a rate-limit slot taken and given back). */
const IGNORED = new Set<string>([C.rate_limits, C.idempotency, C.secrets, C.duty_code_attempts, C.redeem_attempts])
const state = () =>
  JSON.stringify(
    Object.values(C)
      .filter((c) => !IGNORED.has(c))
      .map((c) => [c, docs(c)]),
  )

/** History made before the village was retired. */
const before: { requestId: string; matterId: string; meetingId: string; shiftId: string } = {
  requestId: '',
  matterId: '',
  meetingId: '',
  shiftId: '',
}

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  for (const name of FUNCTIONS) mains[name] = (await import(`../../cloudfunctions/${name}`)).main as Main

  before.requestId = (
    await ok(call('requests', 'raise', { villageId: 'v1', category: 'help', description: '路灯坏了' }, RESIDENT))
  ).requestId
  before.matterId = (
    await ok(
      call(
        'deliberation',
        'createMatter',
        {
          villageId: 'v1',
          title: '修建村东生产路',
          content: '拟用集体收益硬化村东生产路。',
          category: 'public_works',
          origin: 'members_residents',
        },
        SECRETARY,
      ),
    )
  ).matterId
  const start = Date.now() + 3 * 24 * HOUR
  before.meetingId = (
    await ok(
      call(
        'meetings',
        'callMeeting',
        meetingInput(new Date(start).toISOString(), new Date(start + 2 * HOUR).toISOString()),
        SECRETARY,
      ),
    )
  ).meetingId
  const tomorrow = addDays(dutyDate(new Date()), 1)
  await ok(
    call(
      'duty',
      'saveDay',
      {
        villageId: 'v1',
        date: tomorrow,
        shifts: [{ personId: personIdOf('v1', 'branch_committee_member'), start: '08:30', end: '17:30' }],
      },
      SECRETARY,
    ),
  )
  before.shiftId = docs(C.duty_shifts)[0]._id
  await ok(
    call(
      'duty',
      'addLog',
      {
        villageId: 'v1',
        visitorName: '来访人',
        matter: '咨询低保',
        action: '登记',
        outcome: 'resolved',
        dispute: false,
        emergencyReported: false,
      },
      CADRE,
    ),
  )

  // Retired as org.retireVillage marks it (the bindings left in place: see the comment at the top).
  const v1 = docs(C.villages).find((v) => v._id === 'v1')
  await writeDocs(
    cloud,
    new Map([[C.villages, [{ ...v1, retired: { at: new Date(), byName: '县委组织部甲', reason: '村改居' } }]]]),
  )
})
afterAll(() => cloud.close())

function meetingInput(startsAt: string, endsAt: string) {
  return {
    villageId: 'v1',
    kind: 'branch_assembly',
    topic: '发展党员讨论',
    agenda: '一、学习；二、讨论',
    startsAt,
    endsAt,
    place: '村党群服务中心二楼会议室',
    chairPersonId: personIdOf('v1', 'branch_secretary'),
    recorderPersonId: personIdOf('v1', 'branch_committee_member'),
    remoteOpen: true,
  }
}

const refusal = (what: string) => `v1村已撤销，不能再${what}；本村的记录仍可查看`

/** The call is refused with the village's message and changes nothing. */
async function refused(fn: string, action: string, data: unknown, openid: string, what: string) {
  const was = state()
  const answer = await call(fn, action, data, openid)
  expect([fn, action, answer.ok ? 'ok' : answer.error.code, answer.ok ? '' : answer.error.message]).toEqual([
    fn,
    action,
    'FAILED_PRECONDITION',
    refusal(what),
  ])
  expect(state()).toBe(was)
}

describe('the refusal', () => {
  it('says which village, what cannot be done, and where to go after a merge', () => {
    expect(retiredProblem({ name: '张庄村', retired: null }, '签到')).toBeNull()
    expect(retiredProblem({ name: '张庄村', retired: { at: new Date(), byName: '', reason: '' } }, '签到')).toBe(
      '张庄村已撤销，不能再签到；本村的记录仍可查看',
    )
    expect(
      retiredProblem(
        {
          name: '张庄村',
          retired: { at: new Date(), byName: '', reason: '', mergedInto: { id: 'v2', name: '李营社区' } },
        },
        '签到',
      ),
    ).toBe('张庄村已并入李营社区，不能再签到；请到李营社区办理，本村的记录仍可查看')
  })
})

describe('duty: no check-in, log, shift, swap or screen in a retired village', () => {
  it('refuses new work', async () => {
    await refused(
      'duty',
      'checkIn',
      { villageId: 'v1', location: { latitude: 32.5, longitude: 112.3, accuracy: 20 }, code: '123456' },
      CADRE,
      '签到',
    )
    await refused(
      'duty',
      'addLog',
      {
        villageId: 'v1',
        visitorName: '来访人',
        matter: '咨询',
        action: '登记',
        outcome: 'resolved',
        dispute: false,
        emergencyReported: false,
      },
      CADRE,
      '记值班日志',
    )
    await refused(
      'duty',
      'saveDay',
      { villageId: 'v1', date: addDays(dutyDate(new Date()), 2), shifts: [] },
      SECRETARY,
      '排值班',
    )
    await refused(
      'duty',
      'requestSwap',
      {
        villageId: 'v1',
        shiftId: before.shiftId,
        toPersonId: personIdOf('v1', 'village_committee_member'),
        reason: '家里有事',
      },
      CADRE,
      '申请换班',
    )
    await refused('duty', 'pairScreen', { villageId: 'v1', label: '大厅' }, SECRETARY, '配对值班屏')
  })

  it('its logs and week stay readable', async () => {
    const logs = await ok(call('duty', 'listLogs', { villageId: 'v1' }, SECRETARY))
    expect(logs.entries.map((e: Any) => e.matter)).toEqual(['咨询低保'])
    const week = await ok(call('duty', 'week', { villageId: 'v1' }, SECRETARY))
    expect(week.days.flatMap((d: Any) => d.shifts).map((s: Any) => s.id)).toContain(before.shiftId)
  })
})

describe('meetings: no meeting called, no sign-in, no material in a retired village', () => {
  it('refuses new work', async () => {
    const start = Date.now() + 4 * 24 * HOUR
    await refused(
      'meetings',
      'callMeeting',
      meetingInput(new Date(start).toISOString(), new Date(start + 2 * HOUR).toISOString()),
      SECRETARY,
      '召开会议',
    )
    await refused(
      'meetings',
      'signIn',
      { villageId: 'v1', meetingId: before.meetingId, mode: 'remote', followed: true },
      MEMBER,
      '签到',
    )
    await refused(
      'meetings',
      'publishMaterial',
      { villageId: 'v1', title: '党章学习', kind: 'text', body: '第一章 党员' },
      SECRETARY,
      '发布学习资料',
    )
  })

  it('its meetings stay readable', async () => {
    const got = await ok(call('meetings', 'getMeeting', { villageId: 'v1', meetingId: before.meetingId }, SECRETARY))
    expect(got.topic ?? got.meeting?.topic).toBe('发展党员讨论')
  })
})

describe('requests: no new request in a retired village; one raised before is still handled', () => {
  it('refuses a new request and gives the day’s slot back', async () => {
    await refused(
      'requests',
      'raise',
      { villageId: 'v1', category: 'help', description: '桥边护栏断了' },
      RESIDENT,
      '提出新的诉求',
    )
  })

  it('the request raised before is readable and may still be accepted', async () => {
    const got = await ok(call('requests', 'get', { villageId: 'v1', requestId: before.requestId }, SECRETARY))
    expect(got.description ?? got.request?.description).toBe('路灯坏了')
    await ok(call('requests', 'act', { villageId: 'v1', requestId: before.requestId, action: 'accept' }, SECRETARY))
  })
})

describe('deliberation: no new 议题 in a retired village', () => {
  it('refuses a new matter and re-proposing one', async () => {
    await refused(
      'deliberation',
      'createMatter',
      { villageId: 'v1', title: '新议题', content: '内容', category: 'public_works', origin: 'members_residents' },
      SECRETARY,
      '提出新的议题',
    )
    await refused(
      'deliberation',
      'repropose',
      { villageId: 'v1', matterId: before.matterId, note: '再议' },
      SECRETARY,
      '重新提出议题',
    )
  })

  it('its matters stay readable', async () => {
    const list = await ok(call('deliberation', 'listMatters', { villageId: 'v1' }, SECRETARY))
    expect(list.matters.map((m: Any) => m.id)).toContain(before.matterId)
  })
})

describe('council: no new 红白事 filing in a retired village', () => {
  it('refuses a filing', async () => {
    await refused(
      'council',
      'file',
      {
        villageId: 'v1',
        householdId: 'v1-h1',
        kind: 'other',
        eventDate: beijingDate(Date.now() + 5 * 86400_000),
        planned: { tables: 3, tableCostFen: 20000 },
      },
      GRID_LEADER,
      '报备红白事',
    )
  })

  it('its filings stay readable', async () => {
    expect((await call('council', 'listFilings', { villageId: 'v1' }, SECRETARY)).ok).toBe(true)
  })
})

describe('grid: no visit, no new 联户 in a retired village', () => {
  it('refuses a visit and an assignment', async () => {
    await refused(
      'grid',
      'recordVisit',
      { villageId: 'v1', householdId: 'v1-h1', date: beijingDate(new Date()), met: '户主', situation: '正常' },
      MEMBER,
      '记录走访',
    )
    await refused(
      'grid',
      'assign',
      { villageId: 'v1', memberPersonId: personIdOf('v1', 'party_member'), householdIds: ['v1-h3'] },
      SECRETARY,
      '安排联户',
    )
  })

  it('its grids and households stay readable', async () => {
    expect((await call('grid', 'overview', { villageId: 'v1' }, SECRETARY)).ok).toBe(true)
  })
})

describe('stars: no report, assessment or need in a retired village', () => {
  it('refuses new work', async () => {
    await refused(
      'stars',
      'reportTask',
      { villageId: 'v1', taskKey: 'e2', done: true, text: '全村改厕' },
      SECRETARY,
      '填报五星任务',
    )
    await refused(
      'stars',
      'submitAssessment',
      { villageId: 'v1', period: beijingMonth(Date.now()) },
      SECRETARY,
      '提交五星评定',
    )
    await refused('stars', 'postNeed', { villageId: 'v1', taskKey: 'e4', title: '修排水沟' }, SECRETARY, '提出新的需求')
  })

  it('its board stays readable', async () => {
    expect((await call('stars', 'villageBoard', { villageId: 'v1' }, SECRETARY)).ok).toBe(true)
  })
})

describe('roster and org: no roster change, no invitation code', () => {
  it('refuses new work', async () => {
    await refused(
      'roster',
      'savePerson',
      { villageId: 'v1', name: '新村民', roles: ['resident'] },
      SECRETARY,
      '修改花名册',
    )
    await refused(
      'roster',
      'createInvitation',
      { villageId: 'v1', personId: personIdOf('v1', 'resident'), rebind: true },
      COUNTY,
      '生成绑定邀请码',
    )
    await refused(
      'org',
      'updateVillageSettings',
      { villageId: 'v1', overrides: { deliberationNoticeDays: 0 } },
      COUNTY,
      '修改规则设置',
    )
  })

  it('its roster stays readable', async () => {
    const people = await ok(call('roster', 'listPeople', { villageId: 'v1', limit: 50 }, COUNTY))
    expect(people.people.length).toBeGreaterThan(0)
  })
})

describe('retiring revokes the village’s open invitation codes', () => {
  it('a code handed out before cannot bind a WeChat to the retired village', async () => {
    const { code } = await ok(
      call('roster', 'createInvitation', { villageId: 'v2', personId: personIdOf('v2', 'resident') }, COUNTY),
    )
    expect(
      docs(C.invitations)
        .filter((i) => i.villageId === 'v2')
        .map((i) => i.status),
    ).toEqual(['open'])
    await ok(call('org', 'retireVillage', { villageId: 'v2', reason: '村改居', confirmName: 'v2村' }, COUNTY))
    expect(
      docs(C.invitations)
        .filter((i) => i.villageId === 'v2')
        .map((i) => i.status),
    ).toEqual(['revoked'])
    const account = (await import('../../cloudfunctions/account')).main as Main
    const redeemed = (await invokeAs(
      account,
      { action: 'redeemInvitation', data: { code } },
      { openid: 'a-new-wechat' },
    )) as Envelope<Any>
    expect(redeemed.ok ? 'ok' : redeemed.error.message).toBe('这个邀请码已作废，请向村干部重新索取')
  })
})
