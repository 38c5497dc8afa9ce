/**
 * 党员联户, visits and residents' requests through the real `grid` and `requests` functions and the real SDK.
 */
import type { Envelope } from '../../common/errors'
import { beijingDate, beijingMonth } from '../../common/rules/beijing-time'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, personIdOf, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'
import { notInLastMinutesOfDay, startTestClockAt, TEST_NOW } from '../support/test-now'

// Requests raised in one step are counted "this month" in a later one; at 23:59:59 on a month's last day (the time
// matrix) the month would turn between them, so this file starts at 00:00:30 of the next day instead.
startTestClockAt(notInLastMinutesOfDay(TEST_NOW, 5))

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
let grid: Main
let requests: Main
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  grid = (await import('../../cloudfunctions/grid')).main as Main
  requests = (await import('../../cloudfunctions/requests')).main as Main
  db = (await import('../../cloudfunctions/_lib/cloud')).db
})
afterAll(() => cloud.close())

const SECRETARY = openidOf('branch_secretary')
const MEMBER = openidOf('party_member')
const RESIDENT = openidOf('resident')
const REPRESENTATIVE = openidOf('villager_representative')
const GRID_LEADER = openidOf('grid_leader')
const TOWNSHIP = openidOf('township_organiser')
const COUNTY = openidOf('county_organiser')
const today = () => beijingDate(new Date())

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call<T = any>(
  main: Main,
  action: string,
  data: unknown,
  openid: string,
  requestId?: string,
): Promise<Envelope<T>> {
  return (await invokeAs(main, { action, data, ...(requestId ? { requestId } : {}) }, { openid })) as Envelope<T>
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function ok<T = any>(promise: Promise<Envelope<T>>): Promise<T> {
  const result = await promise
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.data
}
const code = (r: Envelope<unknown>) => (r.ok ? 'ok' : r.error.code)
const act = (openid: string, requestId: string, action: string, extra: Record<string, unknown> = {}) =>
  call(requests, 'act', { villageId: 'v1', requestId, action, ...extra }, openid)
async function count(collection: string, where: Record<string, unknown>): Promise<number> {
  return ((await db.collection(collection).where(where).count()) as { total: number }).total
}

describe('联户: assigning households to Party members', () => {
  it('links households, warns below the range, lists the unlinked ones', async () => {
    const res = await ok(
      call(
        grid,
        'assign',
        { villageId: 'v1', memberPersonId: personIdOf('v1', 'party_member'), householdIds: ['v1-h1', 'v1-h2'] },
        SECRETARY,
      ),
    )
    expect(res).toMatchObject({ linked: 2, moved: 0, householdCount: 2, warning: 'below' })
    expect(res.message).toContain('少于')
    const view = await ok(call(grid, 'overview', { villageId: 'v1' }, SECRETARY))
    expect(view.range).toEqual({ min: 5, max: 10 })
    const g1 = view.grids.find((g: { id: string }) => g.id === 'v1-g1')
    expect(g1.members).toEqual([
      expect.objectContaining({ personId: personIdOf('v1', 'party_member'), householdCount: 2, warning: 'below' }),
    ])
    expect(
      view.grids.find((g: { id: string }) => g.id === 'v1-g2').unlinkedHouseholds.map((h: { id: string }) => h.id),
    ).toEqual(['v1-h3'])
    expect(view.unlinkedCount).toBe(1)
  })

  it('warns above the range once the village narrows it', async () => {
    await db
      .collection(C.villages)
      .doc('v1')
      .update({ data: { settingsOverrides: { linkageMinHouseholds: 1, linkageMaxHouseholds: 1 } } })
    const view = await ok(call(grid, 'overview', { villageId: 'v1' }, SECRETARY))
    expect(view.grids[0].members[0].warning).toBe('above')
    await db
      .collection(C.villages)
      .doc('v1')
      .update({ data: { settingsOverrides: db.command.set({}) } })
  })

  it('refuses linking across grids and linking someone who is not a member', async () => {
    expect(
      code(
        await call(
          grid,
          'assign',
          { villageId: 'v1', memberPersonId: personIdOf('v1', 'party_member'), householdIds: ['v1-h3'] },
          SECRETARY,
        ),
      ),
    ).toBe('FAILED_PRECONDITION')
    expect(
      code(
        await call(
          grid,
          'assign',
          { villageId: 'v1', memberPersonId: personIdOf('v1', 'resident'), householdIds: ['v1-h1'] },
          SECRETARY,
        ),
      ),
    ).toBe('FAILED_PRECONDITION')
    expect(
      code(
        await call(
          grid,
          'assign',
          { villageId: 'v1', memberPersonId: personIdOf('v1', 'party_member'), householdIds: ['v2-h1'] },
          SECRETARY,
        ),
      ),
    ).toBe('NOT_FOUND')
  })

  it('keeps history when a household is unlinked and linked again', async () => {
    expect(await ok(call(grid, 'unassign', { villageId: 'v1', householdId: 'v1-h2' }, GRID_LEADER))).toEqual({
      ended: true,
    })
    await ok(
      call(
        grid,
        'assign',
        {
          villageId: 'v1',
          memberPersonId: personIdOf('v1', 'party_member'),
          householdIds: ['v1-h2'],
          note: '重新安排',
        },
        SECRETARY,
      ),
    )
    const h = await ok(call(grid, 'household', { villageId: 'v1', householdId: 'v1-h2' }, SECRETARY))
    expect(h.links).toHaveLength(2)
    expect(h.links[0]).toMatchObject({ note: '重新安排' })
    expect(h.links[0].to).toBeUndefined()
    expect(h.links[1].to).toBeDefined()
  })

  it('lets a grid leader arrange only their own grid', async () => {
    expect(code(await call(grid, 'unassign', { villageId: 'v1', householdId: 'v1-h3' }, GRID_LEADER))).toBe('FORBIDDEN')
    expect(code(await call(grid, 'overview', { villageId: 'v1', gridId: 'v1-g2' }, GRID_LEADER))).toBe('FORBIDDEN')
  })
})

describe('visits (走访)', () => {
  let visitRequestId = ''

  it('records a visit that raises a request, once however often it is resent', async () => {
    const input = {
      villageId: 'v1',
      householdId: 'v1-h1',
      date: today(),
      met: '户主',
      situation: '老人腿脚不便',
      needs: '申请残疾证',
      requests: [
        { category: 'help', description: '想办残疾证，不知道去哪办', residentPersonId: personIdOf('v1', 'resident') },
      ],
    }
    const first = await ok(call(grid, 'recordVisit', input, MEMBER, 'visit-request-000001'))
    const again = await ok(call(grid, 'recordVisit', input, MEMBER, 'visit-request-000001'))
    expect(again).toEqual(first)
    expect(first.requestIds).toHaveLength(1)
    expect(await count(C.visits, { villageId: 'v1', householdId: 'v1-h1' })).toBe(1)
    expect(await count(C.requests, { villageId: 'v1', source: 'visit' })).toBe(1)
    visitRequestId = first.requestIds[0]
  })

  it('shows the member which households are due', async () => {
    const mine = await ok(call(grid, 'myHouseholds', { villageId: 'v1' }, MEMBER))
    expect(mine.yearTarget).toBe(6)
    const byId = Object.fromEntries(mine.households.map((h: { householdId: string }) => [h.householdId, h]))
    expect(byId['v1-h2']).toMatchObject({ due: 'never', visitsThisYear: 0 })
    expect(byId['v1-h1']).toMatchObject({ due: 'ok', visitsThisYear: 1, lastVisitDate: today() })
    expect(mine.households[0].householdId).toBe('v1-h2')
  })

  it('refuses a visit to a household the member is not linked to, and a future date', async () => {
    expect(
      code(
        await call(
          grid,
          'recordVisit',
          { villageId: 'v1', householdId: 'v1-h3', date: today(), met: '户主', situation: '正常' },
          MEMBER,
        ),
      ),
    ).toBe('FORBIDDEN')
    expect(
      code(
        await call(
          grid,
          'recordVisit',
          { villageId: 'v1', householdId: 'v1-h1', date: '2999-01-01', met: '户主', situation: '正常' },
          MEMBER,
        ),
      ),
    ).toBe('INVALID_ARGUMENT')
  })

  it('lets the resident see the request the visit raised, and reply → rate → close', async () => {
    const mine = await ok(call(requests, 'mine', { villageId: 'v1' }, RESIDENT))
    expect(mine.requests.map((r: { id: string }) => r.id)).toContain(visitRequestId)
    expect(code(await call(requests, 'get', { villageId: 'v1', requestId: visitRequestId }, REPRESENTATIVE))).toBe(
      'FORBIDDEN',
    )
    expect(code(await act(SECRETARY, visitRequestId, 'close'))).toBe('FAILED_PRECONDITION')
    expect(await ok(act(SECRETARY, visitRequestId, 'accept'))).toEqual({ status: 'accepted', level: 'village' })
    expect(code(await act(SECRETARY, visitRequestId, 'accept'))).toBe('FAILED_PRECONDITION')
    expect(await ok(act(GRID_LEADER, visitRequestId, 'start'))).toEqual({ status: 'in_progress', level: 'village' })
    expect(code(await act(SECRETARY, visitRequestId, 'reply'))).toBe('INVALID_ARGUMENT')
    await ok(act(SECRETARY, visitRequestId, 'reply', { reply: '带户口本到乡镇残联窗口办理，村里可代办' }))
    expect(
      code(
        await call(requests, 'rate', { villageId: 'v1', requestId: visitRequestId, rating: 'satisfied' }, GRID_LEADER),
      ),
    ).toBe('FORBIDDEN')
    const detail = await ok(call(requests, 'get', { villageId: 'v1', requestId: visitRequestId }, RESIDENT))
    expect(detail.reply).toContain('残联')
    expect(detail.actions).toEqual(['rate'])
    await ok(
      call(
        requests,
        'rate',
        { villageId: 'v1', requestId: visitRequestId, rating: 'satisfied', comment: '很快' },
        RESIDENT,
      ),
    )
    expect(
      code(
        await call(requests, 'rate', { villageId: 'v1', requestId: visitRequestId, rating: 'unsatisfied' }, RESIDENT),
      ),
    ).toBe('FAILED_PRECONDITION')
    expect(await ok(act(SECRETARY, visitRequestId, 'close'))).toEqual({ status: 'closed', level: 'village' })
    const closed = await ok(call(requests, 'get', { villageId: 'v1', requestId: visitRequestId }, SECRETARY))
    expect(closed.timeline.map((t: { action: string }) => t.action)).toEqual([
      'raise',
      'accept',
      'start',
      'reply',
      'rate',
      'close',
    ])
  })
})

describe('requests: raising and escalation 村报告、乡处理、县办结', () => {
  let escalated = ''

  it('lets a resident raise only their own request, and a member only for linked households', async () => {
    expect(
      code(
        await call(
          requests,
          'raise',
          { villageId: 'v1', householdId: 'v1-h3', category: 'help', description: '替别人提的诉求' },
          RESIDENT,
        ),
      ),
    ).toBe('FORBIDDEN')
    expect(
      code(
        await call(
          requests,
          'raise',
          { villageId: 'v1', householdId: 'v1-h3', category: 'help', description: '不是我联系的户' },
          MEMBER,
        ),
      ),
    ).toBe('FORBIDDEN')
    const r = await ok(
      call(
        requests,
        'raise',
        { villageId: 'v1', householdId: 'v1-h2', category: 'enquiry', description: '问一下合作医疗缴费' },
        MEMBER,
      ),
    )
    expect(r.requestId).toMatch(/^rq-/)
  })

  it('escalates from the village to the township, which handles it; the village can no longer act', async () => {
    const { requestId } = await ok(
      call(
        requests,
        'raise',
        { villageId: 'v1', category: 'dispute', description: '与邻村的地界纠纷，村里调解不了' },
        RESIDENT,
        'raise-dispute-00000001',
      ),
    )
    escalated = requestId
    expect(code(await act(SECRETARY, requestId, 'escalate'))).toBe('INVALID_ARGUMENT')
    expect(code(await act(TOWNSHIP, requestId, 'accept'))).toBe('FORBIDDEN')
    expect(await ok(act(SECRETARY, requestId, 'escalate', { note: '涉及两个村，需乡镇协调' }))).toEqual({
      status: 'received',
      level: 'township',
    })
    expect(code(await act(SECRETARY, requestId, 'accept'))).toBe('FORBIDDEN')
    const queue = await ok(call(requests, 'townshipQueue', { townshipId: 't1', filter: 'holding' }, TOWNSHIP))
    const row = queue.requests.find((r: { id: string }) => r.id === requestId)
    expect(row.residentName).toBe('v********t') // v1resident, masked
    expect(row.villageName).toBe('v1村')
    await ok(act(TOWNSHIP, requestId, 'accept'))
    await ok(act(TOWNSHIP, requestId, 'reply', { reply: '乡镇司法所已组织两村调解，地界按1998年图纸确认' }))
    await ok(call(requests, 'rate', { villageId: 'v1', requestId, rating: 'basically' }, RESIDENT))
    await ok(act(TOWNSHIP, requestId, 'close'))
  })

  it('needs a county department for the township hop, and only the county acts after it', async () => {
    const { requestId } = await ok(
      call(
        requests,
        'raise',
        { villageId: 'v1', category: 'complaint', description: '村口道路多年未修，需县里立项' },
        RESIDENT,
      ),
    )
    await ok(act(SECRETARY, requestId, 'escalate', { note: '需要县交通局' }))
    expect(code(await act(TOWNSHIP, requestId, 'escalate', { note: '乡镇无力解决' }))).toBe('INVALID_ARGUMENT')
    expect(
      await ok(act(TOWNSHIP, requestId, 'escalate', { note: '乡镇无力解决', department: '县交通运输局' })),
    ).toEqual({ status: 'received', level: 'county' })
    expect(code(await act(TOWNSHIP, requestId, 'accept'))).toBe('FORBIDDEN')
    expect(code(await act(COUNTY, requestId, 'escalate', { note: '再往上' }))).toBe('FAILED_PRECONDITION')
    const county = await ok(call(requests, 'countyQueue', { filter: 'holding' }, COUNTY))
    expect(county.requests.map((r: { id: string }) => r.id)).toContain(requestId)
    const detail = await ok(call(requests, 'get', { villageId: 'v1', requestId }, COUNTY))
    expect(detail.residentName).toBe('v1resident')
    expect(detail.department).toBe('县交通运输局')
  })

  it('shows names to the village and masked ones to the township for requests held in the village', async () => {
    const { requestId } = await ok(
      call(requests, 'raise', { villageId: 'v1', category: 'help', description: '低保申请材料咨询' }, RESIDENT),
    )
    const village = await ok(call(requests, 'villageQueue', { villageId: 'v1', filter: 'open' }, SECRETARY))
    expect(village.requests.find((r: { id: string }) => r.id === requestId).residentName).toBe('v1resident')
    const fromTownship = await ok(call(requests, 'villageQueue', { villageId: 'v1', filter: 'open' }, TOWNSHIP))
    expect(fromTownship.requests.find((r: { id: string }) => r.id === requestId).residentName).toBe('v********t')
    const detail = await ok(call(requests, 'get', { villageId: 'v1', requestId }, TOWNSHIP))
    expect(detail.residentPhone).toBe('138****1234')
  })

  it('keeps the monthly figures of the village and the township from the counters', async () => {
    const month = beijingMonth(new Date())
    const t = await ok(call(requests, 'townshipFigures', { townshipId: 't1', month }, TOWNSHIP))
    const v1 = t.villages.find((v: { villageId: string }) => v.villageId === 'v1')
    expect(v1).toMatchObject({
      received: 5,
      escalated: 2,
      closed: 2,
      closedInVillage: 1,
      rated: 2,
      satisfactionPercent: 100,
      villageSharePercent: 50,
    })
    expect(t.villages.map((v: { villageId: string }) => v.villageId)).toEqual(['v1', 'v2'])
    expect(t.total.received).toBe(5)
    const v = await ok(call(requests, 'villageFigures', { villageId: 'v1', month }, SECRETARY))
    expect(v.months).toHaveLength(12)
    expect(v.months[0]).toMatchObject({ month, received: 5 })
    const c = await ok(call(requests, 'countyFigures', { month }, COUNTY))
    expect(c.townships.find((x: { townshipId: string }) => x.townshipId === 't1').closed).toBe(2)
    expect(escalated).not.toBe('')
  })

  it('stores a photo behind the file interface and shows it only with the request', async () => {
    const dataUrl =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
    const { fileId } = await ok(call(requests, 'uploadPhoto', { villageId: 'v1', name: 'road.png', dataUrl }, RESIDENT))
    const { requestId } = await ok(
      call(
        requests,
        'raise',
        { villageId: 'v1', category: 'complaint', description: '路灯坏了一个月', photos: [fileId] },
        RESIDENT,
      ),
    )
    expect(await ok(call(requests, 'photo', { villageId: 'v1', requestId, fileId }, SECRETARY))).toEqual({ dataUrl })
    expect(code(await call(requests, 'photo', { villageId: 'v1', requestId, fileId }, REPRESENTATIVE))).toBe(
      'FORBIDDEN',
    )
    expect(
      code(
        await call(
          requests,
          'uploadPhoto',
          { villageId: 'v1', name: 'x.exe', dataUrl: 'data:application/x-msdownload;base64,AAAA' },
          RESIDENT,
        ),
      ),
    ).toBe('INVALID_ARGUMENT')
  })

  it('rejects bad input', async () => {
    expect(
      code(
        await call(requests, 'raise', { villageId: 'v1', category: 'gossip', description: '随便说说说说' }, RESIDENT),
      ),
    ).toBe('INVALID_ARGUMENT')
    expect(
      code(await call(requests, 'raise', { villageId: 'v1', category: 'help', description: '短' }, RESIDENT)),
    ).toBe('INVALID_ARGUMENT')
    expect(
      code(await call(requests, 'act', { villageId: 'v1', requestId: escalated, action: 'rate' }, SECRETARY)),
    ).toBe('INVALID_ARGUMENT')
    expect(code(await call(requests, 'townshipFigures', { townshipId: 't1', month: '2026-13' }, TOWNSHIP))).toBe(
      'INVALID_ARGUMENT',
    )
    expect(
      code(await call(grid, 'assign', { villageId: 'v1', memberPersonId: 'x', householdIds: [] }, SECRETARY)),
    ).toBe('INVALID_ARGUMENT')
  })
})
