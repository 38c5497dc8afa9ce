/* eslint-disable @typescript-eslint/no-explicit-any -- stored documents are read loosely here */
/**
 * duty through its real main and the real wx-server-sdk against the local cloud: roster, the centre's rotating
 * code, check-in/out with both proofs, the exception path, duplicate and concurrent check-ins, the duty log with
 * its hand-off to requests, summaries from the month aggregate, and Beijing day boundaries (the clock is faked
 * for Date only; timers stay real so the SDK works).
 */
import { createHash } from 'node:crypto'
import type { Envelope } from '../../common/errors'
import type { Role } from '../../common/roles'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { encodeQr } from '../../src/components/QrCode/encode'
import { decodeMatrix } from '../support/qr'
import { startTestCloud } from '../support/local-cloud'
import { REAL_TIMERS } from '../support/test-now'
import { openidOf, orgDocs, personIdOf, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'
import { markerId } from '../../cloudfunctions/_lib/idempotency'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
let main: Main
let db: typeof import('../../cloudfunctions/_lib/cloud').db

/** Sets the clock (Date only). */
function at(iso: string) {
  jest.useFakeTimers({ now: new Date(iso), doNotFake: [...REAL_TIMERS] })
}

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  main = (await import('../../cloudfunctions/duty')).main as Main
  ;({ db } = await import('../../cloudfunctions/_lib/cloud'))
})
afterAll(async () => {
  jest.useRealTimers()
  await cloud.close()
})

const as = (role: Role | string, action: string, data: Record<string, unknown>, requestId?: string) =>
  invokeAs(main, requestId ? { action, data, requestId } : { action, data }, {
    openid: role.startsWith('o-') ? role : openidOf(role as Role),
  }) as Promise<Envelope<any>>
const okData = async (p: Promise<Envelope<any>>) => {
  const r = await p
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.data
}
const errorOf = async (p: Promise<Envelope<any>>) => {
  const r = await p
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.data)}`)
  return r.error
}

const HERE = { latitude: 32.5, longitude: 112.3, accuracy: 20 }
const FAR = { latitude: 32.6, longitude: 112.3 }
const COMMITTEE = personIdOf('v1', 'branch_committee_member')
const VC = personIdOf('v1', 'village_committee_member')
let screenToken = ''
let screenV2Token = ''

async function codeNow(villageId = 'v1', token = screenToken) {
  return okData(as('o-nobody', 'screenCode', { villageId, screenToken: token }))
}

describe('duty', () => {
  // 2026-03-02 10:00 Beijing
  beforeEach(() => at('2026-03-02T02:00:00.000Z'))

  it('the secretary plans a day, the week shows it and flags the empty days', async () => {
    const saved = await okData(
      as('branch_secretary', 'saveDay', {
        villageId: 'v1',
        date: '2026-03-02',
        shifts: [{ personId: COMMITTEE, start: '08:30', end: '17:30' }],
      }),
    )
    expect(saved).toEqual({ date: '2026-03-02', cadres: 1, gap: false, reasons: [] })
    const week = await okData(as('branch_committee_member', 'week', { villageId: 'v1' }))
    expect(week.days).toHaveLength(7)
    expect(week.days[0]).toMatchObject({ date: '2026-03-02', cadres: 1, plannedHours: 9, gap: false })
    expect(week.days[0].shifts[0]).toMatchObject({
      personId: COMMITTEE,
      name: 'v1branch_committee_member',
      checkedIn: false,
    })
    expect(week.days[1]).toMatchObject({ date: '2026-03-03', gap: true, reasons: ['无人值班'] })
    expect(week.gaps).toBe(6)
    // A short day is flagged for its hours.
    const short = await okData(
      as('branch_secretary', 'saveDay', {
        villageId: 'v1',
        date: '2026-03-03',
        shifts: [{ personId: VC, start: '09:00', end: '11:00' }],
      }),
    )
    expect(short).toMatchObject({ gap: true, reasons: ['值班时长不足 6 小时'] })
    // Only cadres of the village can be planned; other roles cannot plan.
    expect(
      (
        await errorOf(
          as('branch_secretary', 'saveDay', {
            villageId: 'v1',
            date: '2026-03-04',
            shifts: [{ personId: personIdOf('v1', 'resident'), start: '08:00', end: '16:00' }],
          }),
        )
      ).code,
    ).toBe('FAILED_PRECONDITION')
    expect(
      (
        await errorOf(
          as('branch_secretary', 'saveDay', {
            villageId: 'v1',
            date: '2026-03-04',
            shifts: [{ personId: personIdOf('v2', 'branch_committee_member'), start: '08:00', end: '16:00' }],
          }),
        )
      ).code,
    ).toBe('NOT_FOUND')
    expect(
      (await errorOf(as('branch_committee_member', 'saveDay', { villageId: 'v1', date: '2026-03-04', shifts: [] })))
        .code,
    ).toBe('FORBIDDEN')
    expect(
      (await errorOf(as('branch_secretary', 'saveDay', { villageId: 'v1', date: '2026-02-30', shifts: [] }))).code,
    ).toBe('INVALID_ARGUMENT')
  })

  it('only a paired screen gets the rotating code', async () => {
    const paired = await okData(as('branch_secretary', 'pairScreen', { villageId: 'v1', label: '服务中心大厅平板' }))
    screenToken = paired.token
    // Supervisors do not pair screens: v2's screen is written straight in, as its secretary would have paired it.
    screenV2Token = 'v2-screen-token-0123456789abcdef'
    const tokenHash = createHash('sha256').update(screenV2Token).digest('hex')
    await db.collection(C.duty_screens).add({
      data: {
        _id: 'scr-v2',
        villageId: 'v2',
        label: '二村平板',
        tokenHash,
        revoked: false,
        createdAt: new Date(),
        createdByName: '',
      },
    })
    expect((await errorOf(as('county_organiser', 'pairScreen', { villageId: 'v2', label: '二村平板' }))).code).toBe(
      'FORBIDDEN',
    )
    const code = await codeNow()
    expect(code.digits).toMatch(/^\d{6}$/)
    expect(code.payload).toMatch(/^xzrc1\.duty\.v1\.\d+\./)
    expect(code.secondsLeft).toBeGreaterThan(0)
    expect((await errorOf(as('o-nobody', 'screenCode', { villageId: 'v1', screenToken: 'x'.repeat(32) }))).code).toBe(
      'NOT_FOUND',
    )
    // The v2 screen's token does not work for v1.
    expect((await errorOf(as('o-nobody', 'screenCode', { villageId: 'v1', screenToken: screenV2Token }))).code).toBe(
      'NOT_FOUND',
    )
    const screens = await okData(as('branch_secretary', 'listScreens', { villageId: 'v1' }))
    expect(screens.screens).toHaveLength(1)
    expect(JSON.stringify(screens)).not.toContain(screenToken)
    // The secret never leaves the server.
    expect(JSON.stringify(code)).not.toMatch(/key/i)
  })

  it('refuses bad check-ins, each with its reason', async () => {
    const code = await codeNow()
    const v2code = await codeNow('v2', screenV2Token)
    const base = { villageId: 'v1', location: HERE, code: code.payload }
    const bad = (data: Record<string, unknown>, role: Role = 'branch_committee_member') =>
      errorOf(as(role, 'checkIn', data))
    expect(await bad({ ...base, location: { latitude: 91, longitude: 112.3 } })).toMatchObject({
      code: 'INVALID_ARGUMENT',
    })
    expect(await bad({ ...base, location: { latitude: 32.5, longitude: -181 } })).toMatchObject({
      code: 'INVALID_ARGUMENT',
    })
    expect(await bad({ ...base, location: FAR })).toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: expect.stringContaining('超出签到范围'),
    })
    expect(await bad({ ...base, code: v2code.payload })).toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: expect.stringContaining('不是本处的'),
    })
    expect(await bad({ ...base, code: 'hello' })).toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: expect.stringContaining('不是有效的签到码'),
    })
    expect(await bad({ ...base, code: undefined })).toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(await bad({ ...base, location: undefined })).toMatchObject({ code: 'INVALID_ARGUMENT' })
    // Not on duty today (a village committee member with no shift on 03-02).
    expect(await bad(base, 'village_committee_member')).toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: expect.stringContaining('没有排您值班'),
    })
    // Not a cadre of this village: refused before anything else.
    expect(await bad(base, 'resident')).toMatchObject({ code: 'FORBIDDEN' })
    expect(await bad(base, 'township_organiser')).toMatchObject({ code: 'FORBIDDEN' })
    // Check-out without check-in.
    expect(await errorOf(as('branch_committee_member', 'checkOut', base))).toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: '您还没有签到，不能签退',
    })
    // Nothing was recorded.
    const { data } = (await db.collection(C.duty_checkins).where({ villageId: 'v1' }).get()) as { data: unknown[] }
    expect(data).toHaveLength(0)
  })

  it('refuses an expired code (replayed a minute later), accepts the previous window', async () => {
    const code = await codeNow()
    at('2026-03-02T02:01:00.000Z') // two windows later
    expect(
      await errorOf(as('branch_committee_member', 'checkIn', { villageId: 'v1', location: HERE, code: code.payload })),
    ).toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: expect.stringContaining('已过期'),
    })
    expect(
      await errorOf(as('branch_committee_member', 'checkIn', { villageId: 'v1', location: HERE, code: code.digits })),
    ).toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: expect.stringContaining('已过期'),
    })
  })

  it('20 identical concurrent check-ins create exactly one record; a later tap is told it is done', async () => {
    const code = await codeNow()
    at('2026-03-02T02:00:35.000Z') // the previous window's code is still accepted
    const requestId = 'checkin-aaaaaaaaaaaaaaaa'
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        as('branch_committee_member', 'checkIn', { villageId: 'v1', location: HERE, code: code.digits }, requestId),
      ),
    )
    const oks = answers.filter((a) => a.ok)
    expect(oks.length).toBeGreaterThanOrEqual(1)
    for (const a of answers) if (!a.ok) expect(a.error.code).toBe('CONFLICT')
    const { data } = (await db.collection(C.duty_checkins).where({ villageId: 'v1', personId: COMMITTEE }).get()) as {
      data: any[]
    }
    expect(data).toHaveLength(1)
    expect(data[0]).toMatchObject({
      _id: `ci-20260302-${COMMITTEE}`,
      kind: 'duty',
      exception: false,
      date: '2026-03-02',
    })
    // Resent after the answer was lost: the same answer.
    const resent = await as(
      'branch_committee_member',
      'checkIn',
      { villageId: 'v1', location: HERE, code: code.digits },
      requestId,
    )
    expect(resent).toEqual(oks[0])
    // 20 concurrent taps with different request ids: still one record.
    const again = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        as(
          'branch_committee_member',
          'checkIn',
          { villageId: 'v1', location: HERE, code: code.digits },
          `checkin-b${String(i).padStart(15, '0')}`,
        ),
      ),
    )
    expect(again.every((a) => !a.ok && a.error.code === 'CONFLICT')).toBe(true)
    expect(
      (await errorOf(as('branch_committee_member', 'checkIn', { villageId: 'v1', location: HERE, code: code.digits })))
        .message,
    ).toContain('已经签到')
    const month = (await db.collection(C.duty_months).where({ _id: 'v1:2026-03' }).get()) as { data: any[] }
    expect(month.data[0]).toMatchObject({ checkins: 1, days: { '02': { cadres: 1 } } })
  })

  it('the public board shows who is on duty now and today, with the centre phone', async () => {
    const board = await okData(as('o-unbound-visitor', 'board', { villageId: 'v1' }))
    expect(board).toMatchObject({ villageName: 'v1村', serviceCentre: { phone: '0377-6600000' }, date: '2026-03-02' })
    expect(board.onDutyNow).toEqual([{ name: 'v1branch_committee_member', since: '2026-03-02T02:00:35.000Z' }])
    expect(board.today).toEqual([
      { name: 'v1branch_committee_member', start: '08:30', end: '17:30', checkedIn: true, status: 'on_duty' },
    ])
  })

  it('logs visitors (names masked in the list), hands one off to the request flow, and hands over ownership', async () => {
    const one = await okData(
      as(
        'branch_committee_member',
        'addLog',
        {
          villageId: 'v1',
          visitorName: '张三丰',
          matter: '咨询低保申请材料',
          action: '讲解了所需材料',
          outcome: 'resolved',
        },
        'log-aaaaaaaaaaaaaaaa01',
      ),
    )
    expect(one.entry).toMatchObject({
      visitorName: '张*丰',
      outcome: 'resolved',
      status: 'closed',
      ownerName: 'v1branch_committee_member',
      requestLinkId: null,
    })
    const two = await okData(
      as('branch_committee_member', 'addLog', {
        villageId: 'v1',
        visitorName: '李四',
        visitorPhone: '13800001111',
        matter: '门前排水沟堵塞',
        action: '登记并转网格',
        outcome: 'handed-off',
        handOff: { category: 'help', urgency: 'normal' },
      }),
    )
    expect(two.entry.requestLinkId).toMatch(/^rq-/)
    const { data: requests } = (await db.collection(C.requests).where({ _id: two.entry.requestLinkId }).get()) as {
      data: any[]
    }
    expect(requests[0]).toMatchObject({
      villageId: 'v1',
      source: 'duty-log',
      sourceId: two.entry.id,
      residentName: '李四',
    })
    const list = await okData(as('village_committee_member', 'listLogs', { villageId: 'v1' }))
    expect(list.entries.map((e: any) => e.visitorName).sort()).toEqual(['张*丰', '李*'])
    expect(JSON.stringify(list)).not.toContain('13800001111')
    // 首问负责: only the owner hands over; then the new owner owns it.
    expect(
      (
        await errorOf(
          as('village_committee_member', 'handOverLog', { villageId: 'v1', logId: two.entry.id, toPersonId: VC }),
        )
      ).code,
    ).toBe('FORBIDDEN')
    const handed = await okData(
      as('branch_committee_member', 'handOverLog', {
        villageId: 'v1',
        logId: two.entry.id,
        toPersonId: VC,
        note: '他分管水利',
      }),
    )
    expect(handed.entry).toMatchObject({ ownerPersonId: VC, ownerName: 'v1village_committee_member' })
    // The log keeps who handed it over to whom, and when.
    const handover = {
      fromName: 'v1branch_committee_member',
      toName: 'v1village_committee_member',
      at: expect.any(String),
    }
    expect(handed.entry.handovers).toEqual([handover])
    const mine = await okData(as('village_committee_member', 'listLogs', { villageId: 'v1', mineOpen: true }))
    expect(mine.entries.map((e: any) => e.id)).toEqual([two.entry.id])
    expect(mine.entries[0].handovers).toEqual([handover])
    expect(list.entries.every((e: any) => Array.isArray(e.handovers) && e.handovers.length === 0)).toBe(true)
    const closed = await okData(
      as('village_committee_member', 'closeLog', { villageId: 'v1', logId: two.entry.id, result: '已疏通' }),
    )
    expect(closed.entry.status).toBe('closed')
    // Residents and other villages see no logs.
    expect((await errorOf(as('resident', 'listLogs', { villageId: 'v1' }))).code).toBe('FORBIDDEN')
  })

  it('checks out after midnight: the minutes count for the check-in day', async () => {
    // An evening shift on 03-03 for the village committee member, checked in at 23:00 Beijing.
    await okData(
      as('branch_secretary', 'saveDay', {
        villageId: 'v1',
        date: '2026-03-03',
        shifts: [{ personId: VC, start: '18:00', end: '00:30' }],
      }),
    )
    at('2026-03-03T15:00:00.000Z') // 23:00 Beijing, 03-03
    const evening = await codeNow()
    const inRec = await okData(
      as('village_committee_member', 'checkIn', { villageId: 'v1', location: HERE, code: evening.digits }),
    )
    expect(inRec.record).toMatchObject({ date: '2026-03-03', kind: 'duty' })
    at('2026-03-03T16:30:00.000Z') // 00:30 Beijing, 03-04
    const late = await codeNow()
    const outRec = await okData(
      as('village_committee_member', 'checkOut', { villageId: 'v1', location: HERE, code: late.payload }),
    )
    expect(outRec.record).toMatchObject({ date: '2026-03-03', minutes: 90 })
    expect(
      (
        await errorOf(
          as('village_committee_member', 'checkOut', { villageId: 'v1', location: HERE, code: late.payload }),
        )
      ).code,
    ).toBe('FAILED_PRECONDITION')
    const month = (await db.collection(C.duty_months).where({ _id: 'v1:2026-03' }).get()) as { data: any[] }
    expect(month.data[0].days['03']).toMatchObject({ cadres: 1, minutes: 90 })
    expect(month.data[0].days['04']).toBeUndefined()
  })

  it('the exception path is recorded and shown to the secretary, never as normal', async () => {
    at('2026-03-05T01:00:00.000Z') // 09:00 Beijing 03-05
    // A short reason is refused.
    expect(
      (
        await errorOf(
          as('first_secretary', 'checkIn', {
            villageId: 'v1',
            code: (await codeNow()).digits,
            exception: { missing: 'location', reason: '没' },
          }),
        )
      ).code,
    ).toBe('INVALID_ARGUMENT')
    // The first secretary has no shift: a residence check-in, with the code but without location.
    const rec = await okData(
      as('first_secretary', 'checkIn', {
        villageId: 'v1',
        code: (await codeNow()).digits,
        exception: { missing: 'location', reason: '手机定位一直失败' },
      }),
    )
    expect(rec.record).toMatchObject({
      kind: 'residence',
      exception: true,
      exceptionMissing: 'location',
      exceptionReason: '手机定位一直失败',
    })
    // The missing proof cannot be the one that is also wrong: a far location with "code missing" is still refused.
    expect(
      (
        await errorOf(
          as('resident_cadre', 'checkIn', {
            villageId: 'v1',
            location: FAR,
            exception: { missing: 'code', reason: '屏幕坏了无法扫码' },
          }),
        )
      ).code,
    ).toBe('FAILED_PRECONDITION')
    const list = await okData(as('branch_secretary', 'exceptions', { villageId: 'v1', month: '2026-03' }))
    expect(list.entries).toEqual([
      expect.objectContaining({ name: 'v1first_secretary', stage: 'check_in', missing: 'location' }),
    ])
    expect((await errorOf(as('branch_committee_member', 'exceptions', { villageId: 'v1' }))).code).toBe('FORBIDDEN')
    const mine = await okData(as('first_secretary', 'myDuty', { villageId: 'v1' }))
    expect(mine.residence).toMatchObject({ days: 1, expected: 20 })
    expect(mine.today).toMatchObject({ kind: 'residence' })
  })

  it('summarises the month from the aggregate: village view and township view without people', async () => {
    at('2026-03-05T01:00:00.000Z')
    const month = await okData(as('branch_secretary', 'villageMonth', { villageId: 'v1', month: '2026-03' }))
    expect(month).toMatchObject({
      requiredDays: 5,
      coveredDays: 2,
      checkins: 3,
      exceptions: 1,
      matters: 2,
      resolvedOnSpot: 1,
      handedOff: 1,
      minCadresPerDay: 1,
      minHours: 6,
    })
    expect(month.hours).toBe(1.5)
    const township = await okData(as('township_organiser', 'townshipSummary', { townshipId: 't1', month: '2026-03' }))
    expect(township.villages.map((v: any) => v.villageId)).toEqual(['v1', 'v2'])
    expect(township.villages[0]).toMatchObject({ coveredDays: 2, requiredDays: 5, matters: 2 })
    expect(township.villages[1]).toMatchObject({ coveredDays: 0, checkins: 0 })
    expect(JSON.stringify(township)).not.toMatch(/branch_committee_member|first_secretary|张|李/)
    expect((await errorOf(as('township_organiser', 'townshipSummary', { townshipId: 't2' }))).code).toBe('FORBIDDEN')
    expect((await errorOf(as('branch_secretary', 'townshipSummary', { townshipId: 't1' }))).code).toBe('FORBIDDEN')
  })

  it('a swap request resent after its first run wrote it but lost its marker is one request, answered the same', async () => {
    at('2026-03-05T01:00:00.000Z')
    await okData(
      as('branch_secretary', 'saveDay', {
        villageId: 'v1',
        date: '2026-03-07',
        shifts: [{ personId: COMMITTEE, start: '08:00', end: '16:00' }],
      }),
    )
    const shiftId = `sh-20260307-${COMMITTEE}`
    const data = { villageId: 'v1', shiftId, toPersonId: VC, reason: '家里有事' }
    const requestId = 'req-duty-swap-resend-01'
    const first = await as('branch_committee_member', 'requestSwap', data, requestId)
    expect(first.ok).toBe(true)
    // What a crash after the add but before the marker's `done` leaves: the swap, and a stale pending claim.
    const marker = markerId(openidOf('branch_committee_member'), 'duty.requestSwap', requestId)
    const { data: held } = (await db.collection(C.idempotency).where({ _id: marker }).get()) as unknown as {
      data: { inputHash: string }[]
    }
    await db
      .collection(C.idempotency)
      .doc(marker)
      .set({ data: { status: 'pending', at: new Date(0), inputHash: held[0]!.inputHash } })
    expect(await as('branch_committee_member', 'requestSwap', data, requestId)).toEqual(first)
    expect(((await db.collection(C.duty_swaps).where({ shiftId }).count()) as { total: number }).total).toBe(1)
    const swapId = first.ok ? (first.data as { swapId: string }).swapId : ''
    await okData(as('branch_secretary', 'decideSwap', { villageId: 'v1', swapId, approve: false }))
  })

  it('a cadre asks to swap a shift, the secretary approves, and the shift moves', async () => {
    at('2026-03-05T01:00:00.000Z')
    await okData(
      as('branch_secretary', 'saveDay', {
        villageId: 'v1',
        date: '2026-03-06',
        shifts: [{ personId: COMMITTEE, start: '08:00', end: '16:00' }],
      }),
    )
    const shiftId = `sh-20260306-${COMMITTEE}`
    expect(
      (
        await errorOf(
          as('village_committee_member', 'requestSwap', { villageId: 'v1', shiftId, toPersonId: VC, reason: '替他' }),
        )
      ).code,
    ).toBe('FAILED_PRECONDITION')
    const { swapId } = await okData(
      as('branch_committee_member', 'requestSwap', { villageId: 'v1', shiftId, toPersonId: VC, reason: '家里有事' }),
    )
    expect(
      (
        await errorOf(
          as('branch_committee_member', 'requestSwap', {
            villageId: 'v1',
            shiftId,
            toPersonId: VC,
            reason: '家里有事',
          }),
        )
      ).code,
    ).toBe('CONFLICT')
    const week = await okData(as('branch_secretary', 'week', { villageId: 'v1', from: '2026-03-06' }))
    expect(week.swaps).toEqual([
      expect.objectContaining({
        id: swapId,
        fromName: 'v1branch_committee_member',
        toName: 'v1village_committee_member',
      }),
    ])
    expect(
      (await errorOf(as('branch_committee_member', 'decideSwap', { villageId: 'v1', swapId, approve: true }))).code,
    ).toBe('FORBIDDEN')
    expect(await okData(as('branch_secretary', 'decideSwap', { villageId: 'v1', swapId, approve: true }))).toEqual({
      status: 'approved',
    })
    const after = await okData(as('branch_secretary', 'week', { villageId: 'v1', from: '2026-03-06' }))
    expect(after.days[0].shifts.map((s: any) => s.personId)).toEqual([VC])
    expect(after.swaps).toEqual([])
    expect(
      (await errorOf(as('branch_secretary', 'decideSwap', { villageId: 'v1', swapId, approve: false }))).code,
    ).toBe('FAILED_PRECONDITION')
  })

  it('locks out guessing the 6 digits after 10 wrong codes', async () => {
    at('2026-03-06T01:00:00.000Z')
    const code = await codeNow()
    const wrong = String((Number(code.digits) + 500_000) % 1_000_000).padStart(6, '0')
    for (let i = 0; i < 10; i++) {
      expect(
        (await errorOf(as('village_committee_member', 'checkIn', { villageId: 'v1', location: HERE, code: wrong })))
          .code,
      ).toBe('FAILED_PRECONDITION')
    }
    expect(
      (await errorOf(as('village_committee_member', 'checkIn', { villageId: 'v1', location: HERE, code: code.digits })))
        .code,
    ).toBe('RATE_LIMITED')
  })

  it('accepts the payload scanned from the QR code the centre screen draws, and refuses it once it is replayed late', async () => {
    at('2026-03-09T00:30:00.000Z') // 08:30 Beijing, Monday 03-09
    await okData(
      as('branch_secretary', 'saveDay', {
        villageId: 'v1',
        date: '2026-03-09',
        shifts: [{ personId: COMMITTEE, start: '08:30', end: '15:30' }],
      }),
    )
    const code = await codeNow()
    // The screen draws code.payload with the QR encoder; the camera reads it back (jsQR stands in for WeChat).
    const scanned = decodeMatrix(encodeQr(code.payload).modules)!.text
    expect(scanned).toBe(code.payload)
    at('2026-03-09T00:30:40.000Z') // the next window: the code on the screen a moment ago still counts
    const rec = await okData(
      as('branch_committee_member', 'checkIn', { villageId: 'v1', location: HERE, code: scanned }),
    )
    expect(rec.record).toMatchObject({ date: '2026-03-09', kind: 'duty', exception: false })
    // A photo of the same QR code sent an hour later for the check-out is refused as expired.
    at('2026-03-09T01:30:00.000Z')
    expect(
      await errorOf(as('branch_committee_member', 'checkOut', { villageId: 'v1', location: HERE, code: scanned })),
    ).toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: expect.stringContaining('已过期'),
    })
  })

  it('10 concurrent check-outs (different request ids) check out once and count the minutes once', async () => {
    at('2026-03-10T01:00:00.000Z') // 09:00 Beijing, 03-10
    await okData(
      as('branch_secretary', 'saveDay', {
        villageId: 'v1',
        date: '2026-03-10',
        shifts: [{ personId: VC, start: '09:00', end: '17:00' }],
      }),
    )
    await okData(
      as('village_committee_member', 'checkIn', { villageId: 'v1', location: HERE, code: (await codeNow()).digits }),
    )
    at('2026-03-10T04:00:00.000Z') // 12:00 Beijing: 180 minutes
    const code = await codeNow()
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        as(
          'village_committee_member',
          'checkOut',
          { villageId: 'v1', location: HERE, code: code.digits },
          `checkout-c${String(i).padStart(15, '0')}`,
        ),
      ),
    )
    expect(answers.filter((a) => a.ok)).toHaveLength(1)
    for (const a of answers) if (!a.ok) expect(a.error.code).toBe('CONFLICT')
    const month = (await db.collection(C.duty_months).where({ _id: 'v1:2026-03' }).get()) as { data: any[] }
    expect(month.data[0].days['10']).toMatchObject({ cadres: 1, minutes: 180 })
  })
})
