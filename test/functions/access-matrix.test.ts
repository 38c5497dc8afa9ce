/**
 * The access matrix, walked through the real functions: every action × every role (and an unbound WeChat user) ×
 * own / other-village-same-township / other-township target, generated from the declarations in
 * common/contracts/. Each expected allow/deny is computed here from the documented meaning of the scopes
 * (docs/access.md), independently of common/rules/access.ts, and compared with what the function answers.
 *
 * A new action fails this test until it has a sample input below — so nothing is added without being walked.
 */
import type { ActionContract, Scope } from '../../common/contract'
import { contracts } from '../../common/contracts'
import type { Envelope } from '../../common/errors'
import { ALL_ROLES, ROLE_LEVEL, type Role } from '../../common/roles'
import { defaultTemplate } from '../../common/rules/stars-template'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, personIdOf, samplePersonOf, writeDocs } from './org-fixture'
import { writeXlsx } from '../../cloudfunctions/_lib/xlsx'
import { TEMPLATES } from '../../common/rules/roster-import'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
interface Target {
  villageId: string
  townshipId: string
}
type Relation = 'own' | 'sibling' | 'foreign' | 'county'

/** 红白理事会 samples: a Beijing date n days from now, and a valid standard. */
const councilDay = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86400_000).toISOString().slice(0, 10)
const COUNCIL_STANDARD = {
  wedding: {
    betrothalGiftCapFen: 3000000,
    engagementGuestsCap: 15,
    carsCap: 10,
    tablesCap: 20,
    tableCostCapFenRural: 30000,
    tableCostCapFenTown: 48000,
    giftMoneyCapFen: 10000,
  },
  funeral: { daysCap: 3, tablesCap: 10, tableCostCapFen: 30000, reportToTownship: true, reportDeadlineHours: 24 },
  rules: '',
  baseline: { weddingFen: null, funeralFen: null, otherFen: null, source: '' },
}

/** A valid input per action, for a target village/township. Add one for every new action. */
const SAMPLES: Record<string, (t: Target) => Record<string, unknown>> = {
  'system.ping': () => ({}),
  'system.whoami': () => ({}),
  'system.subscribeTemplates': () => ({}),
  'account.redeemInvitation': () => ({ code: 'AAAAA-AAAAA' }),
  'account.myProfile': () => ({}),
  'account.myNotices': () => ({}),
  'account.markNoticesRead': () => ({}),
  'system.summary': (t) => ({ villageId: t.villageId }),
  'org.publicVillages': () => ({}),
  'org.needsSetup': () => ({}),
  'imports.template': (t) => ({ villageId: t.villageId, kind: 'party' }),
  'imports.preview': (t) => ({ villageId: t.villageId, kind: 'party', file: EMPTY_ROSTER }),
  // No such stage: a permitted caller is told so (NOT_FOUND), nothing is written.
  'imports.commit': (t) => ({ villageId: t.villageId, stageId: '0'.repeat(24), chunk: 0 }),
  'imports.discard': (t) => ({ villageId: t.villageId, stageId: '0'.repeat(24) }),
  'imports.sweepStages': () => ({}),
  'imports.export': (t) => ({ villageId: t.villageId, kind: 'party' }),
  // The fixture's county exists: every caller is let in and refused by the handler (setup is closed).
  'org.setupCounty': () => ({ code: 'ABCD-EFGH', countyName: '测试县', regionCode: '411329', organiserName: '王建国' }),
  'org.createTownship': () => ({ name: '矩阵镇', kind: '镇' }),
  'org.createVillage': (t) => ({
    townshipId: t.townshipId,
    name: '矩阵村',
    kind: 'village',
    serviceCentre: {
      name: '矩阵村党群服务中心',
      address: '矩阵村村委会院内',
      phone: '0377-6612345',
      latitude: 32.5,
      longitude: 112.3,
      radiusMetres: 200,
    },
  }),
  'org.villageBoard': (t) => ({ villageId: t.villageId }),
  'org.listTownships': () => ({}),
  'org.listVillages': (t) => ({ townshipId: t.townshipId }),
  'org.getVillage': (t) => ({ villageId: t.villageId }),
  'org.updateVillage': (t) => ({ villageId: t.villageId, registeredAdults: 7 }),
  // A name that is not the village's: access is walked, nothing is retired or merged (later actions need v1 whole).
  'org.retireVillage': (t) => ({ villageId: t.villageId, reason: '矩阵测试', confirmName: '别的村' }),
  'org.mergeVillage': (t) => ({
    villageId: t.villageId,
    targetVillageId: t.villageId,
    reason: '矩阵测试',
    confirmName: '别的村',
  }),
  'org.getSettings': (t) => ({ villageId: t.villageId }),
  'org.updateVillageSettings': (t) => ({ villageId: t.villageId, overrides: { councilCarsCap: 8 } }),
  'org.getCountySettings': () => ({}),
  'org.updateCountySettings': () => ({ settings: { deliberationNoticeDays: 4 } }),
  'roster.listPeople': (t) => ({ villageId: t.villageId }),
  'roster.getPerson': (t) => ({ villageId: t.villageId, personId: samplePersonOf(t.villageId) }),
  'roster.savePerson': (t) => ({ villageId: t.villageId, name: '新村民', roles: ['resident'] }),
  'roster.listHouseholds': (t) => ({ villageId: t.villageId }),
  'roster.saveHousehold': (t) => ({
    villageId: t.villageId,
    householdId: `${t.villageId}-h3`,
    number: '0003',
    headName: '户主3',
    memberCount: 3,
    adultCount: 2,
  }),
  'roster.listGrids': (t) => ({ villageId: t.villageId }),
  'roster.saveGrid': (t) => ({ villageId: t.villageId, gridId: `${t.villageId}-g2`, name: '第2网格' }),
  'roster.createInvitation': (t) => ({
    villageId: t.villageId,
    personId: personIdOf(t.villageId, 'household_head'),
    rebind: false,
  }),
  'roster.listInvitations': (t) => ({ villageId: t.villageId }),
  'roster.revokeInvitation': (t) => ({ villageId: t.villageId, invitationId: 'no-such-invitation' }),
  'roster.listAudit': (t) => ({ villageId: t.villageId }),
  'council.board': (t) => ({ villageId: t.villageId }),
  'council.getCouncil': (t) => ({ villageId: t.villageId }),
  'council.saveCouncil': (t) => ({
    villageId: t.villageId,
    chairPersonId: personIdOf(t.villageId, 'branch_secretary'),
    members: [],
    termStart: councilDay(0),
    termEnd: councilDay(1000),
  }),
  'council.addStandard': (t) => ({ villageId: t.villageId, effectiveFrom: councilDay(30), ...COUNCIL_STANDARD }),
  'council.households': (t) => ({ villageId: t.villageId }),
  'council.file': (t) => ({
    villageId: t.villageId,
    householdId: `${t.villageId}-h1`,
    kind: 'other',
    eventDate: councilDay(5),
    planned: { tables: 3, tableCostFen: 20000 },
  }),
  'council.listFilings': (t) => ({ villageId: t.villageId }),
  'council.getFiling': (t) => ({ villageId: t.villageId, filingId: 'no-such-filing' }),
  'council.review': (t) => ({ villageId: t.villageId, filingId: 'no-such-filing', decision: 'approve' }),
  'council.recordActual': (t) => ({
    villageId: t.villageId,
    filingId: 'no-such-filing',
    actual: { tables: 3, tableCostFen: 20000 },
    familyConfirmed: true,
    confirmedBy: '户主',
  }),
  'council.reportToTownship': (t) => ({ villageId: t.villageId, filingId: 'no-such-filing' }),
  'council.ledger': (t) => ({ villageId: t.villageId, year: 2026 }),
  'council.townshipSummary': (t) => ({ townshipId: t.townshipId, year: 2026 }),
  'council.countySummary': () => ({ year: 2026 }),
  'duty.board': (t) => ({ villageId: t.villageId }),
  'duty.pairScreen': (t) => ({ villageId: t.villageId, label: '服务中心平板' }),
  'duty.listScreens': (t) => ({ villageId: t.villageId }),
  'duty.revokeScreen': (t) => ({ villageId: t.villageId, screenId: 'no-such-screen' }),
  'duty.screenCode': (t) => ({ villageId: t.villageId, screenToken: 'x'.repeat(32) }),
  'duty.checkIn': (t) => ({ villageId: t.villageId, location: { latitude: 32.5, longitude: 112.3 }, code: '123456' }),
  'duty.checkOut': (t) => ({ villageId: t.villageId, location: { latitude: 32.5, longitude: 112.3 }, code: '123456' }),
  'duty.myDuty': (t) => ({ villageId: t.villageId }),
  'duty.week': (t) => ({ villageId: t.villageId }),
  'duty.cadres': (t) => ({ villageId: t.villageId }),
  'duty.saveDay': (t) => ({ villageId: t.villageId, date: '2099-01-01', shifts: [] }),
  'duty.requestSwap': (t) => ({
    villageId: t.villageId,
    shiftId: 'no-such-shift',
    toPersonId: personIdOf(t.villageId, 'village_committee_member'),
    reason: '家里有事',
  }),
  'duty.decideSwap': (t) => ({ villageId: t.villageId, swapId: 'no-such-swap', approve: true }),
  'duty.addLog': (t) => ({ villageId: t.villageId, visitorName: '王五', matter: '咨询政策', outcome: 'resolved' }),
  'duty.listLogs': (t) => ({ villageId: t.villageId }),
  'duty.handOverLog': (t) => ({
    villageId: t.villageId,
    logId: 'no-such-log',
    toPersonId: personIdOf(t.villageId, 'village_committee_member'),
  }),
  'duty.closeLog': (t) => ({ villageId: t.villageId, logId: 'no-such-log', result: '已办好' }),
  'duty.villageMonth': (t) => ({ villageId: t.villageId, month: '2026-03' }),
  'duty.exceptions': (t) => ({ villageId: t.villageId, month: '2026-03' }),
  'duty.townshipSummary': (t) => ({ townshipId: t.townshipId, month: '2026-03' }),
  'meetings.callMeeting': (t) => ({
    villageId: t.villageId,
    kind: 'party_lesson',
    topic: '党课',
    startsAt: '2099-05-01T01:00:00.000Z',
    endsAt: '2099-05-01T03:00:00.000Z',
    place: '村部',
    chairPersonId: personIdOf(t.villageId, 'branch_secretary'),
    recorderPersonId: personIdOf(t.villageId, 'branch_committee_member'),
  }),
  'meetings.cancelMeeting': (t) => ({ villageId: t.villageId, meetingId: 'no-such-meeting', reason: '改期' }),
  'meetings.listMeetings': (t) => ({ villageId: t.villageId }),
  'meetings.getMeeting': (t) => ({ villageId: t.villageId, meetingId: 'no-such-meeting' }),
  'meetings.requestLeave': (t) => ({ villageId: t.villageId, meetingId: 'no-such-meeting', reason: '外出' }),
  'meetings.decideLeave': (t) => ({
    villageId: t.villageId,
    meetingId: 'no-such-meeting',
    personId: personIdOf(t.villageId, 'party_member'),
    approve: true,
  }),
  'meetings.allowRemote': (t) => ({
    villageId: t.villageId,
    meetingId: 'no-such-meeting',
    personId: 'no-such-person',
    reason: '行动不便',
  }),
  'meetings.signInCode': (t) => ({ villageId: t.villageId, meetingId: 'no-such-meeting' }),
  'meetings.signIn': (t) => ({ villageId: t.villageId, meetingId: 'no-such-meeting', mode: 'remote', followed: true }),
  'meetings.recordVote': (t) => ({
    villageId: t.villageId,
    meetingId: 'no-such-meeting',
    motion: '事项',
    yes: 1,
    no: 0,
    abstain: 0,
  }),
  'meetings.saveMinutes': (t) => ({
    villageId: t.villageId,
    meetingId: 'no-such-meeting',
    minutes: { remarks: '记录' },
  }),
  'meetings.confirmMinutes': (t) => ({ villageId: t.villageId, meetingId: 'no-such-meeting' }),
  'meetings.appendCorrection': (t) => ({ villageId: t.villageId, meetingId: 'no-such-meeting', text: '更正' }),
  'meetings.branchCalendar': (t) => ({ villageId: t.villageId }),
  'meetings.townshipCompliance': (t) => ({ townshipId: t.townshipId }),
  'meetings.absenceWarnings': (t) => ({ villageId: t.villageId }),
  'meetings.myMeetings': (t) => ({ villageId: t.villageId }),
  'meetings.listMaterials': (t) => ({ villageId: t.villageId }),
  'meetings.publishMaterial': (t) => ({ villageId: t.villageId, title: '学习资料', kind: 'text', body: '内容' }),
  'meetings.declareStudy': (t) => ({ villageId: t.villageId, title: '学习', hours: 1, date: '2026-01-05' }),
  'meetings.myMessages': (t) => ({ villageId: t.villageId }),
  'meetings.notifySweep': () => ({}),
  'deliberation.listMatters': (t) => ({ villageId: t.villageId }),
  'deliberation.getMatter': (t) => ({ villageId: t.villageId, matterId: 'no-such-matter' }),
  'deliberation.createMatter': (t) => ({
    villageId: t.villageId,
    title: '修建生产路',
    content: '内容',
    category: 'public_works',
    origin: 'cadres',
  }),
  'deliberation.recordStep': (t) => ({
    villageId: t.villageId,
    matterId: 'no-such-matter',
    step: 2,
    outcome: 'passed',
  }),
  'deliberation.repropose': (t) => ({ villageId: t.villageId, matterId: 'no-such-matter' }),
  'deliberation.withdraw': (t) => ({ villageId: t.villageId, matterId: 'no-such-matter', note: '暂缓' }),
  'deliberation.sendNotice': (t) => ({ villageId: t.villageId, matterId: 'no-such-matter', step: 3 }),
  'deliberation.openVoting': (t) => ({
    villageId: t.villageId,
    matterId: 'no-such-matter',
    step: 3,
    closesAt: '2099-01-01T00:00:00.000Z',
  }),
  'deliberation.castVote': (t) => ({ villageId: t.villageId, windowId: 'no-such-window', choice: 'agree' }),
  'deliberation.recordInPersonVotes': (t) => ({
    villageId: t.villageId,
    windowId: 'no-such-window',
    votes: [{ personId: personIdOf(t.villageId, 'party_member'), choice: 'agree' }],
  }),
  'deliberation.listVoters': (t) => ({ villageId: t.villageId, windowId: 'no-such-window' }),
  'deliberation.remindNonVoters': (t) => ({ villageId: t.villageId, windowId: 'no-such-window' }),
  'deliberation.closeVoting': (t) => ({ villageId: t.villageId, windowId: 'no-such-window' }),
  'deliberation.previewPublication': (t) => ({
    villageId: t.villageId,
    matterId: 'no-such-matter',
    text: '电话13838776655',
  }),
  'deliberation.publish': (t) => ({ villageId: t.villageId, matterId: 'no-such-matter', step: 5, text: '决议' }),
  'deliberation.publicBoard': (t) => ({ villageId: t.villageId }),
  'deliberation.myBallots': (t) => ({ villageId: t.villageId }),
  'deliberation.townshipOverview': (t) => ({ townshipId: t.townshipId }),
  'deliberation.countyOverview': () => ({}),
  'deliberation.matterAudit': (t) => ({ villageId: t.villageId, matterId: 'no-such-matter' }),
  'grid.overview': (t) => ({ villageId: t.villageId }),
  'grid.assign': (t) => ({
    villageId: t.villageId,
    memberPersonId: 'no-such-member',
    householdIds: [`${t.villageId}-h1`],
  }),
  'grid.unassign': (t) => ({ villageId: t.villageId, householdId: `${t.villageId}-h1` }),
  'grid.myHouseholds': (t) => ({ villageId: t.villageId }),
  // No such household / visit: a permitted caller is told so (NOT_FOUND), nothing is written.
  'grid.moveHousehold': (t) => ({ villageId: t.villageId, householdId: 'no-such-household', toGridId: 'no-such-grid' }),
  'grid.findings': (t) => ({ villageId: t.villageId }),
  'grid.resolveFinding': (t) => ({
    villageId: t.villageId,
    visitId: 'no-such-visit',
    outcome: 'handled',
    note: '已上门',
  }),
  'grid.household': (t) => ({ villageId: t.villageId, householdId: 'no-such-household' }),
  'grid.recordVisit': (t) => ({
    villageId: t.villageId,
    householdId: 'no-such-household',
    date: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
    met: '户主',
    situation: '家中一切正常',
  }),
  'requests.raise': (t) => ({ villageId: t.villageId, category: 'enquiry', description: '咨询医保缴费时间' }),
  'requests.uploadPhoto': (t) => ({
    villageId: t.villageId,
    name: 'a.png',
    dataUrl: 'data:image/png;base64,iVBORw0KGgo=',
  }),
  'requests.photo': (t) => ({ villageId: t.villageId, requestId: 'no-such-request', fileId: 'no-such-file' }),
  'requests.mine': (t) => ({ villageId: t.villageId }),
  'requests.get': (t) => ({ villageId: t.villageId, requestId: 'no-such-request' }),
  'requests.act': (t) => ({ villageId: t.villageId, requestId: 'no-such-request', action: 'accept' }),
  'requests.rate': (t) => ({ villageId: t.villageId, requestId: 'no-such-request', rating: 'satisfied' }),
  'requests.villageQueue': (t) => ({ villageId: t.villageId }),
  'requests.townshipQueue': (t) => ({ townshipId: t.townshipId }),
  'requests.countyQueue': () => ({}),
  'requests.villageFigures': (t) => ({ villageId: t.villageId, month: '2026-03' }),
  'requests.townshipFigures': (t) => ({ townshipId: t.townshipId, month: '2026-03' }),
  'requests.countyFigures': () => ({ month: '2026-03' }),
  'requests.deadlineSweep': () => ({}),
  'stars.template': () => ({ year: 2026 }),
  'stars.saveTemplate': () => ({ template: defaultTemplate(2091) }),
  'stars.villageBoard': (t) => ({ villageId: t.villageId }),
  'stars.taskEvidence': (t) => ({ villageId: t.villageId, taskKey: 'no-such-task' }),
  'stars.reportTask': (t) => ({ villageId: t.villageId, taskKey: 'no-such-task', done: true, text: '已完成改厕' }),
  'stars.reportPhoto': (t) => ({ villageId: t.villageId, fileId: 'no-such-file' }),
  'stars.submitAssessment': (t) => ({ villageId: t.villageId, period: '2091-01' }),
  'stars.reviewAssessment': (t) => ({ villageId: t.villageId, period: '2091-01', decision: 'accept' }),
  'stars.recordVeto': (t) => ({ villageId: t.villageId, item: 'no-such-item', note: '事由说明' }),
  'stars.confirmLevel': (t) => ({ villageId: t.villageId, year: 2091, level: 5 }),
  'stars.refresh': () => ({ month: '2091-01' }),
  'stars.countyDashboard': () => ({ month: '2091-01' }),
  'stars.townshipDashboard': (t) => ({ townshipId: t.townshipId, month: '2091-01' }),
  'stars.exportMonth': () => ({ month: '2091-01' }),
  'stars.exportTownship': (t) => ({ townshipId: t.townshipId, month: '2091-01' }),
  'stars.listSupply': () => ({}),
  'stars.publishSupply': () => ({ name: '高标准农田项目', department: '农业农村局', kind: 'project' }),
  'stars.closeSupply': () => ({ supplyId: 'no-such-supply' }),
  'stars.updateSupply': () => ({
    supplyId: 'no-such-supply',
    name: '高标准农田项目',
    department: '农业农村局',
    kind: 'project',
  }),
  'stars.postNeed': (t) => ({ villageId: t.villageId, taskKey: 'no-such-task', title: '修排水沟' }),
  'stars.villageNeeds': (t) => ({ villageId: t.villageId }),
  'stars.townshipNeeds': (t) => ({ townshipId: t.townshipId }),
  'stars.matchNeed': (t) => ({ villageId: t.villageId, needId: 'no-such-need', supplyId: 'no-such-supply' }),
  'stars.moveMatch': (t) => ({ villageId: t.villageId, needId: 'no-such-need', status: 'agreed' }),
}

/** A party roster with its header only: a permitted caller previews or imports nothing. */
const EMPTY_ROSTER = {
  base64: writeXlsx([{ name: '党员花名册', rows: [TEMPLATES.party.columns.map((c) => c.header)] }]).toString('base64'),
}

const TARGETS: Record<Exclude<Relation, 'county'>, Target> = {
  own: { villageId: 'v1', townshipId: 't1' },
  sibling: { villageId: 'v2', townshipId: 't1' },
  foreign: { villageId: 'v3', townshipId: 't2' },
}

function relationsFor(scope: Scope): Relation[] {
  if (scope === 'village') return ['own', 'sibling', 'foreign']
  if (scope === 'township') return ['own', 'foreign']
  return ['county']
}

/** The documented rule (docs/access.md), restated independently of the runtime's code. */
function expected(
  scope: Scope,
  roles: readonly string[],
  role: Role | null,
  relation: Relation,
): 'allow' | 'UNAUTHENTICATED' | 'FORBIDDEN' {
  if (scope === 'public') return 'allow'
  if (role === null) return 'UNAUTHENTICATED'
  if (!roles.includes(role)) return 'FORBIDDEN'
  const level = ROLE_LEVEL[role]
  if (scope === 'self') return 'allow'
  if (scope === 'county') return level === 'county' ? 'allow' : 'FORBIDDEN'
  if (scope === 'township')
    return level === 'county' || (level === 'township' && relation === 'own') ? 'allow' : 'FORBIDDEN'
  // village
  if (level === 'county') return 'allow'
  if (level === 'township') return relation !== 'foreign' ? 'allow' : 'FORBIDDEN'
  return relation === 'own' ? 'allow' : 'FORBIDDEN'
}

const actions = Object.values(contracts).flatMap((fn) =>
  Object.entries(fn.actions as Record<string, ActionContract>).map(([name, action]) => ({
    fn: fn.name,
    name,
    key: `${fn.name}.${name}`,
    action,
  })),
)

let cloud: LocalCloud
const mains: Record<string, Main> = {}

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  for (const name of Object.keys(contracts)) mains[name] = (await import(`../../cloudfunctions/${name}`)).main as Main
})
afterAll(() => cloud.close())

describe('access matrix', () => {
  it('has a sample input for every action (add one for a new action)', () => {
    const missing = actions.filter((a) => !SAMPLES[a.key]).map((a) => a.key)
    expect(missing).toEqual([])
    expect(Object.keys(SAMPLES).filter((k) => !actions.some((a) => a.key === k))).toEqual([])
  })

  const callers: (Role | null)[] = [...ALL_ROLES, null]
  let checked = 0
  let allowed = 0

  it.each(actions)('$key: every role × scope answers as declared', async ({ fn, key, action }) => {
    const sample = SAMPLES[key]
    if (!sample) throw new Error(`no sample input for ${key}`)
    const mismatches: string[] = []
    for (const relation of relationsFor(action.scope)) {
      const target = relation === 'county' ? TARGETS.own : TARGETS[relation]
      for (const role of callers) {
        const want = expected(action.scope, action.roles, role, relation)
        const openid = role ? openidOf(role) : 'm-unbound'
        const result = (await invokeAs(
          mains[fn]!,
          { action: key.split('.')[1], data: sample(target) },
          { openid },
        )) as Envelope<unknown>
        const got = result.ok ? 'allow' : result.error.code
        checked++
        if (want === 'allow') {
          allowed++
          if (got === 'FORBIDDEN' || got === 'UNAUTHENTICATED' || got === 'INVALID_ARGUMENT' || got === 'INTERNAL') {
            mismatches.push(
              `${role ?? 'unbound'} @${relation}: expected allow, got ${got} ${result.ok ? '' : result.error.message}`,
            )
          }
        } else if (got !== want) {
          mismatches.push(`${role ?? 'unbound'} @${relation}: expected ${want}, got ${got}`)
        }
      }
    }
    expect(mismatches).toEqual([])
  })

  afterAll(() => {
    // The size of the walk, for the record (printed once per run).
    console.log(
      `access matrix: ${actions.length} actions, ${callers.length} callers, ${checked} calls checked (${allowed} allowed)`,
    )
  })
})
