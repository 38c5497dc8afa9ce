/* eslint-disable @typescript-eslint/no-explicit-any -- answers are read loosely here */
/**
 * duty at its edges (issue 22, domain rules §7 §8), through the real main against the local cloud: a position
 * that no GPS error explains is refused at check-out as at check-in even with a declared location exception;
 * the county's cap on exceptions per cadre per month; the secretary's list of exceptions (who, when, which proof,
 * why — check-out exceptions too); late arrival and early departure against the shift; a public board that
 * agrees with itself after a check-out.
 */
import type { Envelope } from '../../common/errors'
import type { Role } from '../../common/roles'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { C } from '../../cloudfunctions/_lib/collections'
import { startTestCloud } from '../support/local-cloud'
import { REAL_TIMERS } from '../support/test-now'
import { openidOf, orgDocs, personIdOf, writeDocs } from './org-fixture'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
let main: Main
let db: typeof import('../../cloudfunctions/_lib/cloud').db

/** Sets the clock (Date only) to a Beijing wall time. */
const at = (beijing: string) => jest.useFakeTimers({ now: new Date(`${beijing}+08:00`), doNotFake: [...REAL_TIMERS] })

const as = (role: Role | string, action: string, data: Record<string, unknown>) =>
  invokeAs(main, { action, data }, { openid: role.startsWith('o-') ? role : openidOf(role as Role) }) as Promise<
    Envelope<any>
  >
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
/** 2.2 km north of the centre. */
const FAR = { latitude: 32.5 + 2200 / 111_195, longitude: 112.3 }
const COMMITTEE = personIdOf('v1', 'branch_committee_member')
const VC = personIdOf('v1', 'village_committee_member')
let screenToken = ''
const code = async () => (await okData(as('o-nobody', 'screenCode', { villageId: 'v1', screenToken }))).digits as string
const locationMissing = { missing: 'location', reason: '手机定位一直不准' }

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  main = (await import('../../cloudfunctions/duty')).main as Main
  ;({ db } = await import('../../cloudfunctions/_lib/cloud'))
  at('2026-03-02T08:00:00')
  screenToken = (await okData(as('branch_secretary', 'pairScreen', { villageId: 'v1', label: '大厅' }))).token
  for (const date of ['2026-03-02', '2026-03-03', '2026-03-04'])
    await okData(
      as('branch_secretary', 'saveDay', {
        villageId: 'v1',
        date,
        shifts: [
          { personId: COMMITTEE, start: '08:30', end: '17:30' },
          { personId: VC, start: '08:30', end: '17:30' },
        ],
      }),
    )
  // The county allows each cadre two exceptions a month.
  await db
    .collection(C.counties)
    .doc('xinye')
    .update({ data: { settings: { dutyExceptionsPerCadreMonth: 2 } } })
})
afterAll(async () => {
  jest.useRealTimers()
  await cloud.close()
})

describe('duty at its edges', () => {
  it('marks a late arrival, and the board shows the cadre on duty in both places', async () => {
    at('2026-03-02T08:36:00')
    const rec = await okData(
      as('branch_committee_member', 'checkIn', { villageId: 'v1', location: HERE, code: await code() }),
    )
    expect(rec.record).toMatchObject({ lateMinutes: 6, earlyMinutes: null, exception: false })
    const board = await okData(as('o-visitor', 'board', { villageId: 'v1' }))
    expect(board.onDutyNow.map((p: any) => p.name)).toEqual(['v1branch_committee_member'])
    expect(board.today.find((s: any) => s.name === 'v1branch_committee_member')).toMatchObject({ status: 'on_duty' })
  })

  it('refuses a check-out 2.2 km away even with "定位不准" declared, as a check-in is refused', async () => {
    at('2026-03-02T16:00:00')
    const out = await errorOf(
      as('branch_committee_member', 'checkOut', {
        villageId: 'v1',
        location: FAR,
        exception: locationMissing,
        code: await code(),
      }),
    )
    expect(out).toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringContaining('约 2.2 公里') })
    expect(out.message).toContain('不能签退')
    const plain = await errorOf(
      as('branch_committee_member', 'checkOut', { villageId: 'v1', location: FAR, code: await code() }),
    )
    expect(plain.message).toContain('超出签到范围')
    at('2026-03-02T08:40:00')
    const checkIn = await errorOf(
      as('village_committee_member', 'checkIn', {
        villageId: 'v1',
        location: FAR,
        exception: locationMissing,
        code: await code(),
      }),
    )
    expect(checkIn.message).toContain('不能签到')
    const [stored] = ((await db.collection(C.duty_checkins).where({ personId: COMMITTEE }).get()) as any).data
    expect(stored.checkedOutAt).toBeNull()
  })

  it('marks an early departure; after it the board says nobody is on duty and the schedule agrees', async () => {
    at('2026-03-02T16:00:00')
    const rec = await okData(
      as('branch_committee_member', 'checkOut', {
        villageId: 'v1',
        location: { latitude: 32.5 + 400 / 111_195, longitude: 112.3 },
        exception: locationMissing,
        code: await code(),
      }),
    )
    expect(rec.record).toMatchObject({
      lateMinutes: 6,
      earlyMinutes: 90,
      checkOutException: { missing: 'location', reason: '手机定位一直不准' },
      checkOutDistanceMetres: 400,
    })
    const board = await okData(as('o-visitor', 'board', { villageId: 'v1' }))
    expect(board.onDutyNow).toEqual([])
    const mine = board.today.find((s: any) => s.name === 'v1branch_committee_member')
    expect(mine).toMatchObject({ checkedIn: true, status: 'left' })
    expect(board.today.some((s: any) => s.status === 'on_duty')).toBe(false)
  })

  it('caps exceptions per cadre per month at the county setting, counting check-out exceptions', async () => {
    at('2026-03-03T08:30:00')
    // The second exception of the month (the first was yesterday's check-out): allowed.
    const second = await okData(
      as('branch_committee_member', 'checkIn', { villageId: 'v1', code: await code(), exception: locationMissing }),
    )
    expect(second.record).toMatchObject({ exception: true, lateMinutes: 0 })
    // The third: refused with the reason, and nothing changes.
    at('2026-03-03T17:30:00')
    const third = await errorOf(
      as('branch_committee_member', 'checkOut', {
        villageId: 'v1',
        location: HERE,
        exception: { missing: 'code', reason: '屏幕停电了' },
      }),
    )
    expect(third).toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringContaining('最多 2 次') })
    // With both proofs the check-out goes through.
    await okData(as('branch_committee_member', 'checkOut', { villageId: 'v1', location: HERE, code: await code() }))
    // Another cadre has their own allowance.
    at('2026-03-04T08:30:00')
    await okData(
      as('village_committee_member', 'checkIn', { villageId: 'v1', code: await code(), exception: locationMissing }),
    )
  })

  it('lists for the secretary who, when, which proof was missing and why — check-outs too — and late/early', async () => {
    at('2026-03-04T12:00:00')
    const list = await okData(as('branch_secretary', 'exceptions', { villageId: 'v1', month: '2026-03' }))
    expect(list.cap).toBe(2)
    expect(list.entries).toEqual([
      expect.objectContaining({
        name: 'v1village_committee_member',
        at: '2026-03-04T00:30:00.000Z',
        stage: 'check_in',
        missing: 'location',
        missingLabel: '定位不可用或不准',
        reason: '手机定位一直不准',
        usedThisMonth: 1,
      }),
      expect.objectContaining({
        name: 'v1branch_committee_member',
        stage: 'check_in',
        date: '2026-03-03',
        usedThisMonth: 2,
      }),
      expect.objectContaining({
        name: 'v1branch_committee_member',
        at: '2026-03-02T08:00:00.000Z',
        stage: 'check_out',
        missing: 'location',
        distanceMetres: 400,
        usedThisMonth: 2,
      }),
    ])
    expect(list.punctuality).toEqual([
      expect.objectContaining({
        name: 'v1branch_committee_member',
        date: '2026-03-02',
        lateMinutes: 6,
        earlyMinutes: 90,
      }),
    ])
    expect((await errorOf(as('village_committee_member', 'exceptions', { villageId: 'v1' }))).code).toBe('FORBIDDEN')
  })
})
