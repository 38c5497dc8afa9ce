/**
 * Write actions that add one record (docs/exactly-once.md, strategy D): the record's id is derived from the call's
 * request id (`ctx.newId`), so a resend after a crash between the write and the idempotency marker's `done` writes
 * the same `_id`, collides, and is answered as the first run — one record, not two.
 */
import type { Envelope } from '../../common/errors'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, writeDocs } from './org-fixture'
import { C } from '../../cloudfunctions/_lib/collections'
import { markerId } from '../../cloudfunctions/_lib/idempotency'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
const fns: Record<string, Main> = {}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  for (const name of ['org', 'meetings', 'deliberation']) {
    fns[name] = (await import(`../../cloudfunctions/${name}`)).main as Main
  }
  db = (await import('../../cloudfunctions/_lib/cloud')).db
})
afterAll(() => cloud.close())

const COUNTY = openidOf('county_organiser')
const SECRETARY = openidOf('branch_secretary')
const MEMBER = openidOf('party_member')

async function send(fn: string, action: string, data: unknown, openid: string, requestId: string) {
  return (await invokeAs(fns[fn]!, { action, data, requestId }, { openid })) as Envelope<unknown>
}

/** What a crash after the write but before the marker's `done` leaves: the effect, and a claim long stale. */
async function forgetAnswer(openid: string, action: string, requestId: string) {
  const _id = markerId(openid, action, requestId)
  const { data } = await db.collection(C.idempotency).doc(_id).get()
  const marker = Array.isArray(data) ? data[0] : data
  expect(marker).toMatchObject({ status: 'done' })
  await db
    .collection(C.idempotency)
    .doc(_id)
    .set({ data: { status: 'pending', at: new Date(0), inputHash: marker.inputHash } })
}

async function countWhere(collection: string, where: Record<string, unknown>): Promise<number> {
  const { total } = await db.collection(collection).where(where).count()
  return total
}

/** Sends the call, makes its answer lost as a crash would, resends it: the same answer both times. */
async function sendCrashResend(fn: string, action: string, data: unknown, openid: string, requestId: string) {
  const first = await send(fn, action, data, openid, requestId)
  expect(first).toEqual(expect.objectContaining({ ok: true }))
  await forgetAnswer(openid, `${fn}.${action}`, requestId)
  const resend = await send(fn, action, data, openid, requestId)
  expect(resend).toEqual(first)
  return first.ok ? (first.data as Record<string, unknown>) : {}
}

describe('a resend after a crash between the add and the marker adds nothing more', () => {
  it('org.createTownship and org.createVillage: one township, one village, the same ids', async () => {
    const { townshipId } = await sendCrashResend(
      'org',
      'createTownship',
      { name: '重发镇', kind: '镇' },
      COUNTY,
      'req-eoadd-town-0001',
    )
    expect(await countWhere(C.townships, { name: '重发镇' })).toBe(1)
    const { villageId } = await sendCrashResend(
      'org',
      'createVillage',
      {
        townshipId,
        name: '重发村',
        kind: 'village',
        serviceCentre: {
          name: '重发村党群服务中心',
          address: '重发镇重发村村委会院内',
          phone: '0377-6612345',
          latitude: 32.52,
          longitude: 112.36,
          radiusMetres: 200,
        },
      },
      COUNTY,
      'req-eoadd-vill-0001',
    )
    expect(await countWhere(C.villages, { name: '重发村' })).toBe(1)
    expect(villageId).toEqual(expect.any(String))
  })

  it('meetings.declareStudy: the hours counted once', async () => {
    const data = { villageId: 'v1', title: '重发学习', hours: 2, date: '2026-01-05' }
    const { yearHours } = await sendCrashResend('meetings', 'declareStudy', data, MEMBER, 'req-eoadd-study-001')
    expect(await countWhere(C.study_records, { title: '重发学习' })).toBe(1)
    expect(yearHours).toEqual(expect.any(Number))
  })

  it('deliberation.createMatter: one matter, counted once', async () => {
    const counts = async () => (await db.collection(C.deliberation_counts).where({ _id: 'v1' }).get()).data
    const data = {
      villageId: 'v1',
      title: '重发议题',
      content: '拟硬化村西生产路0.8公里。',
      category: 'public_works',
      origin: 'members_residents',
    }
    const requestId = 'req-eoadd-matter-01'
    const first = await send('deliberation', 'createMatter', data, SECRETARY, requestId)
    expect(first.ok).toBe(true)
    const countedOnce = await counts()
    expect(countedOnce).toHaveLength(1)
    await forgetAnswer(SECRETARY, 'deliberation.createMatter', requestId)
    expect(await send('deliberation', 'createMatter', data, SECRETARY, requestId)).toEqual(first)
    expect(await countWhere(C.deliberation_matters, { title: '重发议题' })).toBe(1)
    expect(await counts()).toEqual(countedOnce)
  })

  it('without a request id, two sends are two records (ids are fresh)', async () => {
    const data = { villageId: 'v1', title: '无编号学习', hours: 1, date: '2026-01-06' }
    for (let i = 0; i < 2; i++) {
      const r = (await invokeAs(
        fns.meetings!,
        { action: 'declareStudy', data },
        { openid: MEMBER },
      )) as Envelope<unknown>
      expect(r.ok).toBe(true)
    }
    expect(await countWhere(C.study_records, { title: '无编号学习' })).toBe(2)
  })
})
