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
import { TEST_NOW } from '../support/test-now'

/** A study date this year under any instant of the time matrix: the test clock's own Beijing date. */
const STUDY_DATE = new Date(TEST_NOW.getTime() + 8 * 3600_000).toISOString().slice(0, 10)

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
const fns: Record<string, Main> = {}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  for (const name of ['org', 'meetings', 'deliberation', 'roster', 'grid']) {
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

/**
 * Runs `call` with the instance "killed" at the (skip+1)-th `op` on `collection`, inside a transaction or outside
 * one: that write throws, as if the process had died there (what was written before it stays, unless it was in the
 * same transaction).
 */
async function killedAt<T>(collection: string, op: 'add' | 'update', skip: number, call: () => Promise<T>) {
  let seen = 0
  const fault = () => {
    if (seen++ === skip) throw new Error('instance killed')
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const wrap = (source: { collection(name: string): any }) => (name: string) => {
    const ref = source.collection(name)
    if (name !== collection) return ref
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const guard = (target: any): any =>
      new Proxy(target, {
        get(t, key) {
          const value = Reflect.get(t, key)
          if (typeof value !== 'function') return value
          if (key === op)
            return (...args: unknown[]) => {
              fault()
              return value.apply(t, args)
            }
          if (key === 'doc' || key === 'where') return (...args: unknown[]) => guard(value.apply(t, args))
          return value.bind(t)
        },
      })
    return guard(ref)
  }
  const realCollection = db.collection.bind(db)
  // Transactions are opened with startTransaction (cloudfunctions/_lib/transaction.ts): the one it answers is wrapped.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const sdk = db as any
  const realStart = sdk.startTransaction.bind(db)
  const collectionSpy = jest
    .spyOn(db, 'collection')
    .mockImplementation((name) => wrap({ collection: realCollection })(String(name)))
  const txSpy = jest.spyOn(sdk, 'startTransaction').mockImplementation(async () => {
    const tx = await realStart()
    return { collection: wrap(tx), commit: () => tx.commit(), rollback: (reason: unknown) => tx.rollback(reason) }
  })
  try {
    return await call()
  } finally {
    collectionSpy.mockRestore()
    txSpy.mockRestore()
    expect(seen).toBeGreaterThan(skip)
  }
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
    const data = { villageId: 'v1', title: '重发学习', hours: 2, date: STUDY_DATE }
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

  it('org.updateCountySettings: the county document by its fixed id, written again the same, its name kept', async () => {
    const data = { settings: { councilCarsCap: 7, memberStudyHours: 36 } }
    await sendCrashResend('org', 'updateCountySettings', data, COUNTY, 'req-eoadd-county-01')
    const counties = (await db.collection(C.counties).where({}).get()).data
    expect(counties).toHaveLength(1)
    expect(counties[0]).toMatchObject({ _id: 'xinye', name: '测试县', settings: { councilCarsCap: 7 } })
  })

  it('without a request id, two sends are two records (ids are fresh)', async () => {
    const data = { villageId: 'v1', title: '无编号学习', hours: 1, date: STUDY_DATE }
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

describe('roster.saveHousehold and roster.saveGrid: the record and its counts in one transaction', () => {
  const doc = async (collection: string, id: string) =>
    (await db.collection(collection).where({ _id: id }).get()).data[0] as Record<string, number>

  it('a new household counts once in the village and its grid, a resend adds nothing, a move moves the count', async () => {
    const village = await doc(C.villages, 'v1')
    const [g1, g2] = [await doc(C.grids, 'v1-g1'), await doc(C.grids, 'v1-g2')]
    const data = { villageId: 'v1', number: '0099', headName: '重发户', gridId: 'v1-g1', memberCount: 4, adultCount: 2 }
    const first = await send('roster', 'saveHousehold', data, SECRETARY, 'req-eoadd-house-001')
    expect(first).toEqual(expect.objectContaining({ ok: true }))
    expect(await send('roster', 'saveHousehold', data, SECRETARY, 'req-eoadd-house-001')).toEqual(first)
    expect(await countWhere(C.households, { headName: '重发户' })).toBe(1)
    expect((await doc(C.villages, 'v1')).householdCount).toBe(village!.householdCount! + 1)
    expect((await doc(C.grids, 'v1-g1')).householdCount).toBe(g1!.householdCount! + 1)

    const { householdId } = first.ok ? (first.data as { householdId: string }) : { householdId: '' }
    const moved = await send(
      'roster',
      'saveHousehold',
      { ...data, householdId, gridId: 'v1-g2' },
      SECRETARY,
      'req-eoadd-house-002',
    )
    expect(moved).toEqual(expect.objectContaining({ ok: true }))
    expect((await doc(C.grids, 'v1-g1')).householdCount).toBe(g1!.householdCount!)
    expect((await doc(C.grids, 'v1-g2')).householdCount).toBe(g2!.householdCount! + 1)
    expect((await doc(C.villages, 'v1')).householdCount).toBe(village!.householdCount! + 1)
  })

  it('a new grid counts once in the village', async () => {
    const village = await doc(C.villages, 'v1')
    const data = { villageId: 'v1', name: '重发网格' }
    const first = await send('roster', 'saveGrid', data, SECRETARY, 'req-eoadd-grid-0001')
    expect(first).toEqual(expect.objectContaining({ ok: true }))
    expect(await send('roster', 'saveGrid', data, SECRETARY, 'req-eoadd-grid-0001')).toEqual(first)
    expect(await countWhere(C.grids, { name: '重发网格' })).toBe(1)
    expect((await doc(C.villages, 'v1')).gridCount).toBe(village!.gridCount! + 1)
  })

  it('a call that dies between the household and its grid count leaves nothing; its resend writes both once', async () => {
    const village = await doc(C.villages, 'v1')
    const g2 = await doc(C.grids, 'v1-g2')
    const data = { villageId: 'v1', number: '0098', headName: '断电户', gridId: 'v1-g2', memberCount: 2, adultCount: 1 }
    const killed = await killedAt(C.grids, 'update', 0, () =>
      send('roster', 'saveHousehold', data, SECRETARY, 'req-eoadd-house-003'),
    )
    expect(killed).toMatchObject({ ok: false })
    expect(await send('roster', 'saveHousehold', data, SECRETARY, 'req-eoadd-house-003')).toMatchObject({ ok: true })
    expect(await countWhere(C.households, { headName: '断电户' })).toBe(1)
    expect((await doc(C.villages, 'v1')).householdCount).toBe(village!.householdCount! + 1)
    expect((await doc(C.grids, 'v1-g2')).householdCount).toBe(g2!.householdCount! + 1)
  })
})

describe('grid.assign: links ended and added in one transaction', () => {
  it('a call killed after its first new link leaves nothing; its resend links both households once', async () => {
    const memberPersonId = 'v1-party-member'
    const data = { villageId: 'v1', memberPersonId, householdIds: ['v1-h1', 'v1-h2'] }
    const linksBefore = await countWhere(C.linkages, { memberPersonId, active: true })
    const killed = await killedAt(C.linkages, 'add', 1, () =>
      send('grid', 'assign', data, SECRETARY, 'req-eoadd-assign-01'),
    )
    expect(killed).toMatchObject({ ok: false })
    expect(await countWhere(C.linkages, { memberPersonId, active: true })).toBe(linksBefore)
    const resend = await send('grid', 'assign', data, SECRETARY, 'req-eoadd-assign-01')
    expect(resend).toMatchObject({ ok: true, data: { linked: 2, householdCount: 2 } })
    for (const householdId of ['v1-h1', 'v1-h2'])
      expect(await countWhere(C.linkages, { householdId, active: true })).toBe(1)
  })
})

describe('deliberation.publish: the matter moves with its publication or not at all', () => {
  it('a call killed at the publication leaves the matter where it was; its resend publishes once', async () => {
    const matterId = 'dm-eo-publish'
    await db.collection(C.deliberation_matters).add({
      data: {
        _id: matterId,
        villageId: 'v1',
        townshipId: 't1',
        title: '重发公开的议题',
        content: '拟修缮村文化广场。',
        attachments: [],
        category: 'public_works',
        origin: 'members_residents',
        step: 5,
        status: 'working',
        stepSince: new Date(),
        createdAt: new Date(),
        updatedAt: new Date(),
        revision: 1,
        passedSteps: [1, 2, 3, 4],
        history: [],
      },
    })
    const data = { villageId: 'v1', matterId, step: 5, text: '经村民代表会议表决通过。' }
    const killed = await killedAt(C.deliberation_publications, 'add', 0, () =>
      send('deliberation', 'publish', data, SECRETARY, 'req-eoadd-publish-1'),
    )
    expect(killed).toMatchObject({ ok: false })
    const stayed = (await db.collection(C.deliberation_matters).where({ _id: matterId }).get()).data[0]
    expect(stayed).toMatchObject({ step: 5, passedSteps: [1, 2, 3, 4] })
    const resend = await send('deliberation', 'publish', data, SECRETARY, 'req-eoadd-publish-1')
    expect(resend).toMatchObject({ ok: true, data: { step: 6 } })
    expect(await countWhere(C.deliberation_publications, { matterId })).toBe(1)
  })
})

describe('derivedId', () => {
  it('is the same for the same caller, action, request id and number, and differs when any of them does', async () => {
    const { derivedId } = await import('../../cloudfunctions/_lib/runtime')
    const id = derivedId('sr', 'o-1', 'meetings.declareStudy', 'req-aaaaaaaaaaaaaaaa', 0)
    expect(id).toMatch(/^sr-[A-Za-z0-9]{16}$/)
    expect(derivedId('sr', 'o-1', 'meetings.declareStudy', 'req-aaaaaaaaaaaaaaaa', 0)).toBe(id)
    const others = [
      derivedId('sr', 'o-2', 'meetings.declareStudy', 'req-aaaaaaaaaaaaaaaa', 0),
      derivedId('sr', 'o-1', 'meetings.publishMaterial', 'req-aaaaaaaaaaaaaaaa', 0),
      derivedId('sr', 'o-1', 'meetings.declareStudy', 'req-aaaaaaaaaaaaaaab', 0),
      derivedId('sr', 'o-1', 'meetings.declareStudy', 'req-aaaaaaaaaaaaaaaa', 1),
    ]
    expect(new Set([id, ...others]).size).toBe(5)
  })
})
