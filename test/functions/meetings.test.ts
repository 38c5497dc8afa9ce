/**
 * 三会一课 through the real `meetings` function and the real SDK against the local cloud: calling a 支部党员大会 with
 * notices, leave, in-person (rotating code) and remote sign-in, late sign-in, 30 concurrent sign-ins, the live quorum,
 * votes (流动党员 excluded), minutes locking and corrections, the branch calendar and the township's aggregates, the
 * six-month warning, the member's own view and study hours, the notification sweep, and bad input / role checks.
 *
 * Functions read the real clock, so meetings are called a little ahead and then moved in time in the database
 * (startsAt/endsAt) to put "now" inside, before or after their window.
 */
import { C } from '../../cloudfunctions/_lib/collections'
import { markerId } from '../../cloudfunctions/_lib/idempotency'
import type { Envelope } from '../../common/errors'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { encodeQr } from '../../src/components/QrCode/encode'
import { startTestCloud } from '../support/local-cloud'
import { decodeMatrix } from '../support/qr'
import { openidOf, orgDocs, personIdOf, writeDocs, NOW } from './org-fixture'
import { notBeforeBeijingHour, startTestClockAt, TEST_NOW } from '../support/test-now'

// Meetings here are placed up to 3 hours before "now" and must fall in the current quarter. In the first hours of a
// Beijing day (00:00:01 on 1 January opens a new year, quarter and month) that cannot be, so this file's clock
// starts no earlier than 04:00 of TEST_NOW's day.
startTestClockAt(notBeforeBeijingHour(TEST_NOW, 4))

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
let meetings: Main
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any

/** 30 extra Party members of v1: m01–m24 at home, m25–m27 away (在外), m28 流动党员, m29–m30 预备党员. */
const MEMBERS = Array.from({ length: 30 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0')
  const presence = i >= 24 && i < 27 ? 'away' : i === 27 ? 'mobile' : 'home'
  const standing = i >= 28 ? 'probationary' : 'full'
  return { id: `v1-m${n}`, openid: `om-${n}`, name: `党员${n}`, presence, standing }
})
const MOBILE = MEMBERS[27]!
const AWAY = MEMBERS[24]!
const SECRETARY = openidOf('branch_secretary')
const MEMBER = openidOf('party_member')
const COMMITTEE = openidOf('branch_committee_member')

beforeAll(async () => {
  cloud = await startTestCloud()
  const docs = orgDocs()
  for (const m of MEMBERS) {
    docs.get(C.people)!.push({
      _id: m.id,
      villageId: 'v1',
      townshipId: 't1',
      name: m.name,
      phone: '13800001234',
      roles: ['party_member', 'resident'],
      gridId: Number(m.id.slice(-2)) <= 10 ? 'v1-g2' : 'v1-g1',
      party: { standing: m.standing, presence: m.presence },
      openid: m.openid,
      createdAt: NOW,
      updatedAt: NOW,
    })
    docs.get(C.bindings)!.push({
      _id: m.openid,
      memberships: [
        { villageId: 'v1', townshipId: 't1', personId: m.id, name: m.name, roles: ['party_member', 'resident'] },
      ],
    })
  }
  await writeDocs(cloud, docs)
  meetings = (await import('../../cloudfunctions/meetings')).main as Main
  db = (await import('../../cloudfunctions/_lib/cloud')).db
})
afterAll(() => cloud.close())

async function call<T = Record<string, unknown>>(
  action: string,
  data: unknown,
  openid: string,
  requestId?: string,
): Promise<Envelope<T>> {
  return (await invokeAs(meetings, requestId ? { action, data, requestId } : { action, data }, {
    openid,
  })) as Envelope<T>
}
async function ok<T = Record<string, unknown>>(promise: Promise<Envelope<T>>): Promise<T> {
  const result = await promise
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.data
}
const code = (r: Envelope<unknown>) => (r.ok ? 'ok' : r.error.code)
const message = (r: Envelope<unknown>) => (r.ok ? '' : r.error.message)

const HOUR = 3600_000
function callInput(extra: Record<string, unknown> = {}) {
  const start = Date.now() + 3 * 24 * HOUR
  return {
    villageId: 'v1',
    kind: 'branch_assembly',
    topic: '发展党员讨论',
    agenda: '一、学习；二、讨论',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 2 * HOUR).toISOString(),
    place: '村党群服务中心二楼会议室',
    chairPersonId: personIdOf('v1', 'branch_secretary'),
    recorderPersonId: personIdOf('v1', 'branch_committee_member'),
    remoteOpen: true,
    ...extra,
  }
}
async function callMeeting(extra: Record<string, unknown> = {}) {
  return ok<{ meetingId: string; expectedCount: number; noticesSent: number; remindersQueued: number }>(
    call('callMeeting', callInput(extra), SECRETARY),
  )
}
/** Moves a meeting so that it started `startedMsAgo` ago and lasts `lengthMs`. */
async function moveMeeting(meetingId: string, startedMsAgo: number, lengthMs = 2 * HOUR) {
  const start = Date.now() - startedMsAgo
  await db
    .collection(C.meetings)
    .doc(meetingId)
    .update({ data: { startsAt: new Date(start), endsAt: new Date(start + lengthMs) } })
}
async function signInCode(meetingId: string) {
  return ok<{ digits: string; payload: string }>(call('signInCode', { villageId: 'v1', meetingId }, SECRETARY))
}
async function getMeeting(meetingId: string, openid = SECRETARY) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return ok<any>(call('getMeeting', { villageId: 'v1', meetingId }, openid))
}
async function count(collection: string, where: Record<string, unknown>) {
  return ((await db.collection(collection).where(where).count()) as { total: number }).total
}

describe('calling a meeting', () => {
  it('freezes who should attend from the roster and sends everyone the notice, with a reminder queued', async () => {
    const called = await callMeeting()
    // 30 added members + the fixture's party member; the secretary and committee member of the fixture hold no
    // party_member role but are branch cadres, so they are members too.
    const meeting = await getMeeting(called.meetingId)
    expect(called.expectedCount).toBe(meeting.tally.expected)
    expect(meeting.attendees.map((a: { personId: string }) => a.personId)).toEqual(
      expect.arrayContaining([
        MOBILE.id,
        AWAY.id,
        personIdOf('v1', 'party_member'),
        personIdOf('v1', 'branch_secretary'),
      ]),
    )
    const mobile = meeting.attendees.find((a: { personId: string }) => a.personId === MOBILE.id)
    expect(mobile).toMatchObject({ votes: false, presence: 'mobile' })
    expect(meeting.attendees.find((a: { personId: string }) => a.personId === 'v1-m29').votes).toBe(false) // 预备党员
    expect(meeting.tally.expectedVoters).toBe(called.expectedCount - 3)
    expect(called.noticesSent).toBe(called.expectedCount)
    expect(called.remindersQueued).toBe(called.expectedCount)
    expect(await count(C.outbox, { subject: `meeting:${called.meetingId}` })).toBe(called.expectedCount)

    // A member added to the roster afterwards is not on the frozen list.
    await db.collection(C.people).add({
      data: {
        _id: 'v1-late',
        villageId: 'v1',
        townshipId: 't1',
        name: '后来者',
        roles: ['party_member'],
        party: { standing: 'full', presence: 'home' },
      },
    })
    expect((await getMeeting(called.meetingId)).tally.expected).toBe(called.expectedCount)
    await db.collection(C.people).doc('v1-late').remove()

    // The member sees the notice in their messages.
    const msgs = await ok<{ messages: { title: string }[] }>(
      call('myMessages', { villageId: 'v1' }, MEMBERS[0]!.openid),
    )
    expect(msgs.messages.some((m) => m.title === '会议通知：支部党员大会')).toBe(true)
  })

  it('refuses a meeting called at shorter notice than configured unless a reason is given', async () => {
    const soon = Date.now() + 2 * HOUR
    const input = { startsAt: new Date(soon).toISOString(), endsAt: new Date(soon + HOUR).toISOString() }
    const refused = await call('callMeeting', callInput(input), SECRETARY)
    expect(code(refused)).toBe('FAILED_PRECONDITION')
    expect(message(refused)).toMatch(/提前 1 天/)
    expect(code(await call('callMeeting', callInput({ ...input, shortNoticeReason: '防汛紧急部署' }), SECRETARY))).toBe(
      'ok',
    )
  })

  it('rejects bad input: end before start, unknown kind, 党小组会 without a group, missing topic, operators', async () => {
    const start = Date.now() + 3 * 24 * HOUR
    expect(
      code(await call('callMeeting', callInput({ endsAt: new Date(start - HOUR).toISOString() }), SECRETARY)),
    ).toBe('INVALID_ARGUMENT')
    expect(code(await call('callMeeting', callInput({ kind: 'picnic' }), SECRETARY))).toBe('INVALID_ARGUMENT')
    expect(code(await call('callMeeting', callInput({ kind: 'party_group' }), SECRETARY))).toBe('INVALID_ARGUMENT')
    expect(code(await call('callMeeting', callInput({ topic: '' }), SECRETARY))).toBe('INVALID_ARGUMENT')
    expect(code(await call('callMeeting', callInput({ villageId: { $ne: null } }), SECRETARY))).toBe('INVALID_ARGUMENT')
    expect(code(await call('callMeeting', callInput({ chairPersonId: 'nobody' }), SECRETARY))).toBe('NOT_FOUND')
    expect(code(await call('signIn', { villageId: 'v1', meetingId: 'x', mode: 'teleport' }, MEMBER))).toBe(
      'INVALID_ARGUMENT',
    )
    expect(
      code(
        await call(
          'recordVote',
          { villageId: 'v1', meetingId: 'x', motion: 'm', yes: -1, no: 0, abstain: 0 },
          SECRETARY,
        ),
      ),
    ).toBe('INVALID_ARGUMENT')
    expect(
      code(await call('declareStudy', { villageId: 'v1', title: '学习', hours: 0.3, date: '2026-01-01' }, MEMBER)),
    ).toBe('INVALID_ARGUMENT')
  })

  it('党小组会 expects only the members of that group; 支委会 only the committee', async () => {
    const group = await callMeeting({ kind: 'party_group', gridId: 'v1-g2' })
    expect(group.expectedCount).toBe(10)
    const committee = await callMeeting({ kind: 'branch_committee' })
    expect(committee.expectedCount).toBe(2) // the fixture's secretary and committee member
  })

  it('cancelling withdraws the queued reminders and tells everyone', async () => {
    const called = await callMeeting({ kind: 'party_lesson' })
    expect(
      await ok(call('cancelMeeting', { villageId: 'v1', meetingId: called.meetingId, reason: '改期' }, SECRETARY)),
    ).toEqual({ cancelled: true })
    expect(await count(C.notices, { subject: `meeting:${called.meetingId}`, status: 'queued' })).toBe(0)
    expect(await count(C.outbox, { subject: `meeting-cancelled:${called.meetingId}` })).toBe(called.expectedCount)
  })
})

describe('leave, sign-in, quorum and votes', () => {
  let meetingId: string
  beforeAll(async () => {
    meetingId = (await callMeeting()).meetingId
  })

  it('a member asks for leave before the start; the secretary approves; other roles cannot decide', async () => {
    const asked = await ok(
      call('requestLeave', { villageId: 'v1', meetingId, reason: '在医院陪护' }, MEMBERS[0]!.openid),
    )
    expect(asked).toEqual({ status: 'pending' })
    await ok(call('requestLeave', { villageId: 'v1', meetingId, reason: '外出' }, MEMBERS[1]!.openid))
    expect(
      code(await call('decideLeave', { villageId: 'v1', meetingId, personId: MEMBERS[0]!.id, approve: true }, MEMBER)),
    ).toBe('FORBIDDEN')
    expect(
      await ok(call('decideLeave', { villageId: 'v1', meetingId, personId: MEMBERS[0]!.id, approve: true }, SECRETARY)),
    ).toEqual({ status: 'approved' })
    expect(
      await ok(
        call('decideLeave', { villageId: 'v1', meetingId, personId: MEMBERS[1]!.id, approve: false }, SECRETARY),
      ),
    ).toEqual({ status: 'refused' })
    // Asking again after a decision does not reopen it.
    expect(await ok(call('requestLeave', { villageId: 'v1', meetingId, reason: '再请' }, MEMBERS[0]!.openid))).toEqual({
      status: 'approved',
    })
    const m = await getMeeting(meetingId)
    expect(m.tally.onLeave).toBe(1)
  })

  it('the leave request reaches the secretary, and the decision reaches the member', async () => {
    const asker = MEMBERS[0]!
    const secretaryId = personIdOf('v1', 'branch_secretary')
    const toSecretary = await db
      .collection(C.outbox)
      .where({ subject: `leave:${meetingId}:${asker.id}`, personId: secretaryId })
      .get()
    expect(toSecretary.data[0]).toMatchObject({
      title: `请假申请：${asker.name}`,
      lines: expect.arrayContaining([{ label: '原因', value: '在医院陪护' }]),
    })
    const inbox = await ok<{ messages: { title: string }[] }>(call('myMessages', { villageId: 'v1' }, asker.openid))
    expect(inbox.messages.map((m) => m.title)).toContain('请假已批准')
  })

  it('no sign-in before the window; only organisers see the code', async () => {
    const early = await call('signInCode', { villageId: 'v1', meetingId }, SECRETARY)
    expect(code(early)).toBe('FAILED_PRECONDITION')
    await moveMeeting(meetingId, 10 * 60_000)
    expect(code(await call('signInCode', { villageId: 'v1', meetingId }, MEMBER))).toBe('FORBIDDEN')
    expect(code(await call('requestLeave', { villageId: 'v1', meetingId, reason: '晚了' }, MEMBERS[2]!.openid))).toBe(
      'FAILED_PRECONDITION',
    )
  })

  it('signs in 30 members at once (half typed the digits, half scanned the QR code): 30 records, no duplicates, and resends change nothing', async () => {
    const { digits, payload } = await signInCode(meetingId)
    // What a phone's camera reads off the QR code the organiser's screen draws of the payload.
    const scanned = decodeMatrix(encodeQr(payload).modules)!.text
    expect(scanned).toBe(payload)
    const wrong = await call(
      'signIn',
      { villageId: 'v1', meetingId, mode: 'in_person', code: '000000' === digits ? '111111' : '000000' },
      MEMBERS[3]!.openid,
    )
    expect(code(wrong)).toBe('FAILED_PRECONDITION')

    // The fixture's party member plus m03..m31 minus the away/mobile... : take 30 callers among the expected.
    const callers = [MEMBER, ...MEMBERS.slice(2).map((m) => m.openid), SECRETARY].slice(0, 30)
    expect(callers).toHaveLength(30)
    const results = await Promise.all(
      callers.map((openid, i) =>
        call<{ already: boolean }>(
          'signIn',
          { villageId: 'v1', meetingId, mode: 'in_person', code: i % 2 ? scanned : digits },
          openid,
        ),
      ),
    )
    expect(results.map(code)).toEqual(new Array(30).fill('ok'))
    expect(await count(C.meeting_attendance, { meetingId })).toBe(30)
    // The same 30 again, concurrently: each answered "already", still 30 records.
    const again = await Promise.all(
      callers.map((openid) =>
        call<{ already: boolean }>('signIn', { villageId: 'v1', meetingId, mode: 'in_person', code: digits }, openid),
      ),
    )
    expect(again.every((r) => r.ok && r.data.already)).toBe(true)
    expect(await count(C.meeting_attendance, { meetingId })).toBe(30)
  })

  it('remote attendance needs confirmation and keeps the remark; the record says how each person attended', async () => {
    await db
      .collection(C.meeting_attendance)
      .doc(`${meetingId}_${AWAY.id}`)
      .remove()
      .catch(() => undefined)
    expect(code(await call('signIn', { villageId: 'v1', meetingId, mode: 'remote' }, AWAY.openid))).toBe(
      'INVALID_ARGUMENT',
    )
    const remote = await ok(
      call(
        'signIn',
        { villageId: 'v1', meetingId, mode: 'remote', followed: true, remark: '同意发展对象' },
        AWAY.openid,
      ),
    )
    expect(remote).toMatchObject({ mode: 'remote', already: false })
    const m = await getMeeting(meetingId)
    const away = m.attendees.find((a: { personId: string }) => a.personId === AWAY.id)
    expect(away).toMatchObject({ state: 'remote', remark: '同意发展对象' })
    expect(m.attendees.find((a: { personId: string }) => a.personId === MEMBERS[0]!.id).state).toBe('leave')
    // A member sees only themself.
    const own = await getMeeting(meetingId, AWAY.openid)
    expect(own.attendees).toHaveLength(1)
    expect(own.canManage).toBe(false)
  })

  it('the quorum indicator counts voters only: exactly half is not a quorum, one more is', async () => {
    // Re-set attendance to an exact number of voters.
    await db.collection(C.meeting_attendance).where({ meetingId }).remove()
    const m0 = await getMeeting(meetingId)
    const voters: { personId: string }[] = m0.attendees.filter((a: { votes: boolean }) => a.votes)
    const base = voters.length
    expect(base % 2).toBe(0) // the boundary below needs an even base
    const half = base / 2
    const put = (ids: string[]) =>
      db.collection(C.meeting_attendance).add({
        data: ids.map((personId) => ({
          _id: `${meetingId}_${personId}`,
          meetingId,
          villageId: 'v1',
          townshipId: 't1',
          personId,
          mode: 'in_person',
          at: new Date(),
          studyHours: 0,
          month: '2026-01',
        })),
      })
    // Non-voters present (流动党员, 预备党员) do not count toward the quorum.
    await put([MOBILE.id, 'v1-m29', 'v1-m30', ...voters.slice(0, half).map((v) => v.personId)])
    let m = await getMeeting(meetingId)
    expect(m.tally.presentVoters).toBe(half)
    expect(m.quorum).toMatchObject({ applies: true, met: false, needed: half + 1, base })
    const refused = await call(
      'recordVote',
      { villageId: 'v1', meetingId, motion: '接收预备党员', yes: half, no: 0, abstain: 0 },
      SECRETARY,
    )
    expect(code(refused)).toBe('FAILED_PRECONDITION')
    expect(message(refused)).toMatch(/不能表决/)
    await put([voters[half]!.personId])
    m = await getMeeting(meetingId)
    expect(m.quorum.met).toBe(true)
  })

  it('a motion passes only with yes > half of those who should attend; 流动党员 cannot add votes', async () => {
    const m = await getMeeting(meetingId)
    const base = m.tally.expectedVoters
    const present = m.tally.presentVoters // base/2 + 1
    // More votes than voters present (as if the 流动党员 and 预备党员 had voted) is refused.
    const tooMany = await call(
      'recordVote',
      { villageId: 'v1', meetingId, motion: '超票', yes: present, no: 3, abstain: 0 },
      SECRETARY,
    )
    expect(code(tooMany)).toBe('INVALID_ARGUMENT')
    const halfYes = await ok<{ passed: boolean; shouldAttend: number }>(
      call('recordVote', { villageId: 'v1', meetingId, motion: '事项一', yes: base / 2, no: 1, abstain: 0 }, SECRETARY),
    )
    expect(halfYes).toMatchObject({ passed: false, shouldAttend: base })
    const more = await ok<{ passed: boolean }>(
      call(
        'recordVote',
        { villageId: 'v1', meetingId, motion: '事项二', yes: base / 2 + 1, no: 0, abstain: 0 },
        COMMITTEE,
      ),
    )
    expect(more.passed).toBe(true)
    // An ordinary member who is neither chair nor recorder cannot record votes.
    expect(
      code(
        await call('recordVote', { villageId: 'v1', meetingId, motion: '事项三', yes: 1, no: 0, abstain: 0 }, MEMBER),
      ),
    ).toBe('FORBIDDEN')
    expect((await getMeeting(meetingId)).votes).toHaveLength(2)
  })

  it('a vote resent after its first run pushed it but lost its marker is recorded once, with the same answer', async () => {
    const before = (await getMeeting(meetingId)).votes.length
    const data = { villageId: 'v1', meetingId, motion: '重发事项', yes: 1, no: 0, abstain: 0 }
    const requestId = 'req-meeting-vote-resend-1'
    const first = await call('recordVote', data, SECRETARY, requestId)
    expect(first.ok).toBe(true)
    // What a crash after the push but before the marker's `done` leaves: the vote, and a stale pending claim.
    const marker = markerId(SECRETARY, 'meetings.recordVote', requestId)
    const [held] = (await db.collection(C.idempotency).where({ _id: marker }).get()).data
    expect(held).toMatchObject({ status: 'done' })
    await db
      .collection(C.idempotency)
      .doc(marker)
      .set({ data: { status: 'pending', at: new Date(0), inputHash: held.inputHash } })
    expect(await call('recordVote', data, SECRETARY, requestId)).toEqual(first)
    expect((await getMeeting(meetingId)).votes).toHaveLength(before + 1)
  })

  it('late sign-in after the end is refused and not recorded', async () => {
    await moveMeeting(meetingId, 3 * HOUR, 2 * HOUR)
    const late = MEMBERS[5]!
    await db
      .collection(C.meeting_attendance)
      .doc(`${meetingId}_${late.id}`)
      .remove()
      .catch(() => undefined)
    const before = await count(C.meeting_attendance, { meetingId })
    const r = await call('signIn', { villageId: 'v1', meetingId, mode: 'remote', followed: true }, late.openid)
    expect(code(r)).toBe('FAILED_PRECONDITION')
    expect(message(r)).toMatch(/补签不计入出勤/)
    expect(await count(C.meeting_attendance, { meetingId })).toBe(before)
  })

  it('minutes: saved by the recorder, confirmed and locked by the secretary; corrections are appended', async () => {
    const minutes = {
      agenda: '一、学习',
      remarks: '大家发言踊跃',
      resolutions: '同意',
      absenteeReasons: [{ personId: MEMBERS[1]!.id, reason: '外出务工' }],
    }
    expect(code(await call('confirmMinutes', { villageId: 'v1', meetingId }, SECRETARY))).toBe('FAILED_PRECONDITION') // nothing saved yet
    await ok(call('saveMinutes', { villageId: 'v1', meetingId, minutes }, COMMITTEE))
    expect(code(await call('confirmMinutes', { villageId: 'v1', meetingId }, COMMITTEE))).toBe('FORBIDDEN')
    // The late sign-in test above took one voter away: half of the voters present is no quorum, so not held.
    const noQuorum = await call('confirmMinutes', { villageId: 'v1', meetingId }, SECRETARY)
    expect(message(noQuorum)).toMatch(/未达到法定人数/)
    const m0 = await getMeeting(meetingId)
    const missing = m0.attendees.find((a: { votes: boolean; state: string }) => a.votes && a.state === 'absent')
    await db.collection(C.meeting_attendance).add({
      data: {
        _id: `${meetingId}_${missing.personId}`,
        meetingId,
        villageId: 'v1',
        townshipId: 't1',
        personId: missing.personId,
        mode: 'in_person',
        at: new Date(),
        studyHours: 0,
        month: '2026-01',
      },
    })
    await ok(call('confirmMinutes', { villageId: 'v1', meetingId }, SECRETARY))
    const overwrite = await call(
      'saveMinutes',
      { villageId: 'v1', meetingId, minutes: { ...minutes, resolutions: '改了' } },
      COMMITTEE,
    )
    expect(code(overwrite)).toBe('FAILED_PRECONDITION')
    expect(
      code(
        await call(
          'recordVote',
          { villageId: 'v1', meetingId, motion: '会后补票', yes: 30, no: 0, abstain: 0 },
          SECRETARY,
        ),
      ),
    ).toBe('FAILED_PRECONDITION')
    expect(code(await call('confirmMinutes', { villageId: 'v1', meetingId }, SECRETARY))).toBe('FAILED_PRECONDITION')
    expect(
      await ok(call('appendCorrection', { villageId: 'v1', meetingId, text: '缺席人员原因更正：在外务工' }, SECRETARY)),
    ).toEqual({ count: 1 })
    const m = await getMeeting(meetingId)
    expect(m.minutes).toMatchObject({ resolutions: '同意', lockedAt: expect.any(String) })
    expect(m.minutes.corrections).toEqual([expect.objectContaining({ text: '缺席人员原因更正：在外务工' })])
    expect(m.minutesLocked).toBe(true)
  })

  it('the branch calendar and the township view show the assembly as done this quarter', async () => {
    const cal = await ok<{ kinds: { kind: string; status: string; heldThisPeriod: number }[] }>(
      call('branchCalendar', { villageId: 'v1' }, SECRETARY),
    )
    expect(cal.kinds.find((k) => k.kind === 'branch_assembly')).toMatchObject({ status: 'done', heldThisPeriod: 1 })
    const town = await ok<{ villages: { villageId: string; kinds: { kind: string; status: string }[] }[] }>(
      call('townshipCompliance', { townshipId: 't1' }, openidOf('township_organiser')),
    )
    const v1 = town.villages.find((v) => v.villageId === 'v1')!
    expect(v1.kinds.find((k) => k.kind === 'branch_assembly')!.status).toBe('done')
    expect(
      town.villages.find((v) => v.villageId === 'v2')!.kinds.find((k) => k.kind === 'branch_assembly')!.status,
    ).not.toBe('done')
    expect(code(await call('townshipCompliance', { townshipId: 't2' }, openidOf('township_organiser')))).toBe(
      'FORBIDDEN',
    )
  })

  it('the member sees history and study hours from lessons plus declared study, against the 32-hour target', async () => {
    const lesson = await callMeeting({ kind: 'party_lesson', studyHours: 3 })
    await moveMeeting(lesson.meetingId, 10 * 60_000)
    await ok(
      call('signIn', { villageId: 'v1', meetingId: lesson.meetingId, mode: 'remote', followed: true }, AWAY.openid),
    )
    const { yearHours } = await ok<{ yearHours: number }>(
      call(
        'declareStudy',
        {
          villageId: 'v1',
          title: '学习党章',
          hours: 1.5,
          date: new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 10),
        },
        AWAY.openid,
      ),
    )
    expect(yearHours).toBe(1.5)
    // The lesson's hours count only once it is held: ended, and its minutes confirmed.
    const before = await ok<{ study: { fromMeetings: number } }>(call('myMeetings', { villageId: 'v1' }, AWAY.openid))
    expect(before.study.fromMeetings).toBe(0)
    await ok(
      call(
        'saveMinutes',
        { villageId: 'v1', meetingId: lesson.meetingId, minutes: { agenda: '党课', remarks: '', resolutions: '' } },
        SECRETARY,
      ),
    )
    await moveMeeting(lesson.meetingId, 3 * HOUR, 2 * HOUR)
    await ok(call('confirmMinutes', { villageId: 'v1', meetingId: lesson.meetingId }, SECRETARY))
    const mine = await ok<{
      study: { hours: number; target: number; fromMeetings: number }
      history: { meetingId: string; state: string }[]
      upcoming: { id: string; mine?: { attended?: string } }[]
    }>(call('myMeetings', { villageId: 'v1' }, AWAY.openid))
    expect(mine.study).toMatchObject({ hours: 4.5, fromMeetings: 3, target: 32 })
    expect(mine.history.find((h) => h.meetingId === lesson.meetingId)?.state).toBe('remote')
    // The assembly's attendance was reset above without this member: it is in the history as absent.
    expect(mine.history.find((h) => h.meetingId === meetingId)?.state).toBe('absent')
    const secretaryView = await ok<{ study: { target: number } }>(call('myMeetings', { villageId: 'v1' }, SECRETARY))
    expect(secretaryView.study.target).toBe(56)
    expect(
      code(await call('declareStudy', { villageId: 'v1', title: '未来', hours: 1, date: '2099-01-01' }, AWAY.openid)),
    ).toBe('FAILED_PRECONDITION')
  })
})

describe('a meeting counts as held only when it was held (§1)', () => {
  const periodHeld = async (kind: string) => {
    const [p] = (await db.collection(C.meeting_periods).where({ villageId: 'v1' }).get()).data as {
      held?: Record<string, Record<string, number>>
    }[]
    return Object.values(p?.held?.[kind] ?? {}).reduce((n, v) => n + v, 0)
  }
  const minutes = { agenda: '研究低保评议', remarks: '', resolutions: '' }

  it('a 支委会 with 0 of its members present cannot be confirmed: calendar and 五星 evidence unchanged', async () => {
    const { meetingId } = await callMeeting({ kind: 'branch_committee' })
    await ok(call('saveMinutes', { villageId: 'v1', meetingId, minutes }, SECRETARY))
    await moveMeeting(meetingId, 3 * HOUR, 2 * HOUR)
    const heldBefore = await periodHeld('branch_committee')
    const r = await call('confirmMinutes', { villageId: 'v1', meetingId }, SECRETARY)
    expect(code(r)).toBe('FAILED_PRECONDITION')
    expect(message(r)).toMatch(/没有人签到参加，不能确认为已召开/)
    expect(await periodHeld('branch_committee')).toBe(heldBefore)
    expect((await getMeeting(meetingId)).minutesLocked).toBe(false)
  })

  it('confirming is refused until the end; it then freezes attendance; a later sign-in is refused; a correction is its own audited amendment', async () => {
    const { meetingId } = await callMeeting({ kind: 'branch_committee' })
    await moveMeeting(meetingId, 2 * 60_000, 100 * 60_000)
    const { digits } = await signInCode(meetingId)
    await ok(call('signIn', { villageId: 'v1', meetingId, mode: 'in_person', code: digits }, SECRETARY))
    await ok(call('saveMinutes', { villageId: 'v1', meetingId, minutes }, SECRETARY))
    const early = await call('confirmMinutes', { villageId: 'v1', meetingId }, SECRETARY)
    expect(code(early)).toBe('FAILED_PRECONDITION')
    expect(message(early)).toMatch(/会议还没结束/)

    await ok(call('signIn', { villageId: 'v1', meetingId, mode: 'in_person', code: digits }, COMMITTEE))
    const heldBefore = await periodHeld('branch_committee')
    await moveMeeting(meetingId, 3 * HOUR, 2 * HOUR)
    await ok(call('confirmMinutes', { villageId: 'v1', meetingId }, SECRETARY))
    expect(await periodHeld('branch_committee')).toBe(heldBefore + 1)
    const stored = (await db.collection(C.meetings).doc(meetingId).get()).data
    expect(stored.held).toMatchObject({ present: 2 })
    expect(stored.held.attendedIds.sort()).toEqual(
      [personIdOf('v1', 'branch_secretary'), personIdOf('v1', 'branch_committee_member')].sort(),
    )

    // Even with the sign-in window put back open, the lock holds.
    await moveMeeting(meetingId, 10 * 60_000, 2 * HOUR)
    await db
      .collection(C.meeting_attendance)
      .doc(`${meetingId}_${personIdOf('v1', 'branch_committee_member')}`)
      .remove()
    const late = await call('signIn', { villageId: 'v1', meetingId, mode: 'in_person', code: digits }, COMMITTEE)
    expect(code(late)).toBe('FAILED_PRECONDITION')
    expect(message(late)).toMatch(/已确认锁定，不能再签到/)
    // Nor does a leave decided after the lock rewrite the record.
    await db.collection(C.meeting_leaves).add({
      data: {
        _id: `${meetingId}_${personIdOf('v1', 'branch_committee_member')}`,
        meetingId,
        villageId: 'v1',
        personId: personIdOf('v1', 'branch_committee_member'),
        reason: '补请假',
        status: 'pending',
        at: new Date(),
      },
    })
    const leave = await call(
      'decideLeave',
      { villageId: 'v1', meetingId, personId: personIdOf('v1', 'branch_committee_member'), approve: true },
      SECRETARY,
    )
    expect(message(leave)).toMatch(/已确认锁定，不能再审批请假/)

    const audits = () => count(C.audit, { action: 'meetings.appendCorrection' })
    const auditsBefore = await audits()
    await ok(call('appendCorrection', { villageId: 'v1', meetingId, text: '记录人更正：议题为低保评议' }, SECRETARY))
    expect(await audits()).toBe(auditsBefore + 1)
    const m = await getMeeting(meetingId)
    expect(m.minutes).toMatchObject({ agenda: '研究低保评议' })
    expect(m.minutes.corrections).toEqual([expect.objectContaining({ text: '记录人更正：议题为低保评议' })])
  })
})

describe('a resent write after a dropped reply', () => {
  it('with the same request id but edited content is refused, never answered as the old success; a new id saves the edit', async () => {
    const { meetingId } = await callMeeting({ kind: 'party_lesson' })
    const first = { agenda: '学习党章', remarks: '', resolutions: '当场办结' }
    const requestId = 'req-0123456789abcdef0123'
    // The first save succeeds; its reply is lost.
    await ok(call('saveMinutes', { villageId: 'v1', meetingId, minutes: first }, SECRETARY, requestId))
    const edited = { ...first, resolutions: '需后续办理' }
    const resent = await call('saveMinutes', { villageId: 'v1', meetingId, minutes: edited }, SECRETARY, requestId)
    expect(code(resent)).toBe('CONFLICT')
    expect(message(resent)).toBe('内容已修改，请重新提交')
    expect((await getMeeting(meetingId)).minutes.resolutions).toBe('当场办结')
    // Unchanged content with the same id is the same write: answered, done once.
    await ok(call('saveMinutes', { villageId: 'v1', meetingId, minutes: first }, SECRETARY, requestId))
    // The client sends the edit with a new request id: it is saved.
    await ok(
      call('saveMinutes', { villageId: 'v1', meetingId, minutes: edited }, SECRETARY, 'req-fedcba9876543210fedc'),
    )
    expect((await getMeeting(meetingId)).minutes.resolutions).toBe('需后续办理')
  })
})

describe('online participation (§1: 在外党员)', () => {
  it('is refused to members at home and 流动党员, allowed to members away, and to one at home with an exception the secretary recorded', async () => {
    const { meetingId } = await callMeeting({ kind: 'party_lesson' })
    await moveMeeting(meetingId, 10 * 60_000)
    const home = MEMBERS[6]!
    const remote = (openid: string) =>
      call('signIn', { villageId: 'v1', meetingId, mode: 'remote', followed: true }, openid)
    const refused = await remote(home.openid)
    expect(code(refused)).toBe('FAILED_PRECONDITION')
    expect(message(refused)).toMatch(/仅限花名册登记为在外的党员/)
    expect(code(await remote(MOBILE.openid))).toBe('FAILED_PRECONDITION')
    expect((await getMeeting(meetingId, home.openid)).mine.remoteAllowed).toBe(false)
    expect((await getMeeting(meetingId, AWAY.openid)).mine.remoteAllowed).toBe(true)
    expect(await count(C.meeting_attendance, { meetingId })).toBe(0)
    await ok(remote(AWAY.openid))

    const allow = { villageId: 'v1', meetingId, personId: home.id, reason: '腿伤行动不便' }
    expect(code(await call('allowRemote', allow, COMMITTEE))).toBe('FORBIDDEN')
    const audits = () => count(C.audit, { action: 'meetings.allowRemote' })
    const auditsBefore = await audits()
    expect(await ok(call('allowRemote', allow, SECRETARY))).toEqual({ allowed: 1 })
    expect(await audits()).toBe(auditsBefore + 1)
    const stored = (await db.collection(C.meetings).doc(meetingId).get()).data
    expect(stored.remoteExceptions).toEqual([
      expect.objectContaining({ personId: home.id, reason: '腿伤行动不便', byName: expect.any(String) }),
    ])
    expect((await getMeeting(meetingId, home.openid)).mine.remoteAllowed).toBe(true)
    expect(await ok(remote(home.openid))).toMatchObject({ mode: 'remote', already: false })
    expect(await count(C.meeting_attendance, { meetingId })).toBe(2)
  })
})

describe('the six-month rule', () => {
  it('warns the secretary at 3 and 5 consecutive months of unexcused absence, and not for excused months', async () => {
    const now = new Date()
    const monthsAgo = (n: number) => {
      const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 12, 2))
      return d
    }
    const expected = [
      { personId: MEMBERS[10]!.id, name: MEMBERS[10]!.name, votes: true, presence: 'home', cadre: false },
      { personId: MEMBERS[11]!.id, name: MEMBERS[11]!.name, votes: true, presence: 'home', cadre: false },
      { personId: MEMBERS[12]!.id, name: MEMBERS[12]!.name, votes: true, presence: 'away', cadre: false },
    ]
    const docs = []
    const leaves = []
    for (let n = 5; n >= 1; n--) {
      const startsAt = monthsAgo(n)
      const _id = `six-${n}`
      docs.push({
        _id,
        villageId: 'v2',
        townshipId: 't1',
        kind: 'theme_day',
        topic: '主题党日',
        agenda: '',
        startsAt,
        endsAt: new Date(startsAt.getTime() + HOUR),
        place: '村部',
        chairPersonId: 'x',
        chairName: 'x',
        recorderPersonId: 'x',
        recorderName: 'x',
        remoteOpen: true,
        studyHours: 0,
        status: 'called',
        expected,
        expectedIds: expected.map((e) => e.personId),
        quorumSettings: {},
        votes: [],
        minutes: null,
        locked: true,
        corrections: [],
        calledAt: startsAt,
        calledBy: 'x',
      })
      // m12 had approved leave in the last three months; m13 missed only the last three.
      if (n <= 3)
        leaves.push({
          _id: `six-${n}_${MEMBERS[11]!.id}`,
          meetingId: _id,
          villageId: 'v2',
          personId: MEMBERS[11]!.id,
          reason: '住院',
          status: 'approved',
          at: startsAt,
        })
      if (n > 3) {
        for (const who of [MEMBERS[11]!, MEMBERS[12]!]) {
          await db.collection(C.meeting_attendance).add({
            data: {
              _id: `${_id}_${who.id}`,
              meetingId: _id,
              villageId: 'v2',
              townshipId: 't1',
              personId: who.id,
              mode: 'in_person',
              at: startsAt,
              studyHours: 0,
              month: '',
            },
          })
        }
      }
    }
    await db.collection(C.meetings).add({ data: docs })
    await db.collection(C.meeting_leaves).add({ data: leaves })
    const secretaryV2 = 'om-secretary-v2'
    await db.collection(C.bindings).add({
      data: {
        _id: secretaryV2,
        memberships: [
          {
            villageId: 'v2',
            townshipId: 't1',
            personId: personIdOf('v2', 'branch_secretary'),
            name: 'v2书记',
            roles: ['branch_secretary'],
          },
        ],
      },
    })
    const result = await ok<{ thresholds: number[]; warnings: { personId: string; months: number; level: number }[] }>(
      call('absenceWarnings', { villageId: 'v2' }, secretaryV2),
    )
    expect(result.thresholds).toEqual([3, 5])
    expect(result.warnings.map((w) => [w.personId, w.months, w.level])).toEqual([
      [MEMBERS[10]!.id, 5, 5],
      [MEMBERS[12]!.id, 3, 3],
    ])
    expect(code(await call('absenceWarnings', { villageId: 'v1' }, MEMBER))).toBe('FORBIDDEN')
  })
})

describe('notifications', () => {
  it('the sweep sends reminders when they come due, once', async () => {
    const { scheduleNotices, sendDue } = await import('../../cloudfunctions/_lib/notify')
    const now = new Date()
    const later = new Date(now.getTime() + HOUR)
    const base = {
      villageId: 'v3',
      townshipId: 't2',
      template: 'meeting_reminder',
      title: '会前提醒',
      lines: [{ label: '会议', value: '测试' }],
      page: 'x',
      subject: 'sweep-test',
    }
    const scheduled = await scheduleNotices(
      db,
      [
        { ...base, personId: 'p1', openid: 'o1', dueAt: later },
        { ...base, personId: 'p2', openid: null, dueAt: later },
      ],
      now,
    )
    expect(scheduled).toMatchObject({ queued: 2, delivered: 0 })
    expect(await sendDue(db, now)).toEqual({ sent: 0, skipped: 0, failed: 0 })
    const [first, second] = await Promise.all([
      sendDue(db, new Date(later.getTime() + 1000)),
      sendDue(db, new Date(later.getTime() + 1000)),
    ])
    expect(first.sent + second.sent).toBe(2)
    expect(await count(C.outbox, { subject: 'sweep-test' })).toBe(2)
    expect(await count(C.notices, { subject: 'sweep-test', status: 'sent' })).toBe(2)
  })

  it('a 会前提醒 that could only go out after the meeting started is not sent', async () => {
    const { sendDue } = await import('../../cloudfunctions/_lib/notify')
    const { meetingId } = await callMeeting({ kind: 'party_lesson' })
    const stored = (await db.collection(C.meetings).doc(meetingId).get()).data
    const startsAt = new Date(stored.startsAt).getTime()
    const subject = `meeting:${meetingId}`
    expect(await count(C.notices, { subject, template: 'meeting_reminder', status: 'queued' })).toBeGreaterThan(0)
    await sendDue(db, new Date(startsAt + 8 * 60_000), { limit: 1000 })
    expect(await count(C.notices, { subject, template: 'meeting_reminder', status: 'queued' })).toBe(0)
    expect(await count(C.notices, { subject, template: 'meeting_reminder', status: 'sent' })).toBe(0)
    expect(await count(C.outbox, { subject, template: 'meeting_reminder' })).toBe(0)
  })
})
