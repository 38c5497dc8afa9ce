/**
 * The first organiser of a deployment (org.needsSetup / org.setupCounty) from an empty local cloud, then the
 * county's organisation edited in the app (org.createTownship / org.createVillage), through the real function and
 * the real SDK.
 */
import type { Envelope } from '../../common/errors'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { C } from '../../cloudfunctions/_lib/collections'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
let cloud: LocalCloud
let org: Main
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any

const CODE = 'ABCD-EFGH-JKMN-PQR'
const savedCode = process.env.XZ_SETUP_CODE

beforeAll(async () => {
  process.env.XZ_SETUP_CODE = CODE
  cloud = await startTestCloud()
  org = (await import('../../cloudfunctions/org')).main as Main
  db = (await import('../../cloudfunctions/_lib/cloud')).db
})
afterAll(async () => {
  if (savedCode === undefined) delete process.env.XZ_SETUP_CODE
  else process.env.XZ_SETUP_CODE = savedCode
  await cloud.close()
})

const call = async <T = Record<string, unknown>>(action: string, data: unknown, openid: string) =>
  (await invokeAs(org, { action, data }, { openid })) as Envelope<T>
const code = (r: Envelope<unknown>) => (r.ok ? 'ok' : r.error.code)
const message = (r: Envelope<unknown>) => (r.ok ? '' : r.error.message)
const setupInput = (extra: Record<string, unknown> = {}) => ({
  code: CODE,
  countyName: '新野县',
  regionCode: '411329',
  organiserName: '王建国',
  ...extra,
})
async function all(collection: string) {
  return (await db.collection(collection).limit(1000).get()).data as Record<string, unknown>[]
}
const centre = {
  name: '李庄村党群服务中心',
  address: '城关镇李庄村村委会院内',
  phone: '0377-6612345',
  latitude: 32.52,
  longitude: 112.36,
  radiusMetres: 200,
}

describe('first organiser', () => {
  it('an empty deployment needs setup, and says whether the deployer set a code', async () => {
    expect(await call('needsSetup', {}, '')).toEqual({ ok: true, data: { needed: true, codeConfigured: true } })
    delete process.env.XZ_SETUP_CODE
    const withoutCode = await call('setupCounty', setupInput(), 'wx-first')
    expect(code(withoutCode)).toBe('FAILED_PRECONDITION')
    expect(message(withoutCode)).toContain('初始化码')
    expect(await call('needsSetup', {}, '')).toMatchObject({ ok: true, data: { codeConfigured: false } })
    process.env.XZ_SETUP_CODE = CODE
  })

  it('refuses a wrong code, a caller without OPENID and a region code that is not a county, in Chinese', async () => {
    const wrong = await call('setupCounty', setupInput({ code: 'ABCD-EFGH-JKMN-PQS' }), 'wx-first')
    expect(code(wrong)).toBe('FORBIDDEN')
    expect(message(wrong)).toBe('初始化码不正确，请向部署人员核对')
    expect(code(await call('setupCounty', setupInput(), ''))).toBe('UNAUTHENTICATED')
    const region = await call('setupCounty', setupInput({ regionCode: '411300' }), 'wx-first')
    expect(code(region)).toBe('INVALID_ARGUMENT')
    expect(message(region)).toContain('地级行政区划代码')
    expect(await all(C.counties)).toEqual([])
    expect(await all(C.bindings)).toEqual([])
  })

  it('of twelve concurrent setups with the right code exactly one wins; the others are refused as closed', async () => {
    const callers = Array.from({ length: 12 }, (_, i) => `wx-racer-${i}`)
    const answers = await Promise.all(
      callers.map((openid, i) =>
        call('setupCounty', setupInput({ code: 'abcd efgh jkmn pqr', countyName: `第${i}县` }), openid),
      ),
    )
    const winners = answers.flatMap((a, i) => (a.ok ? [i] : []))
    expect(winners).toHaveLength(1)
    for (const a of answers.filter((x) => !x.ok)) {
      expect(code(a)).toBe('FAILED_PRECONDITION')
      expect(message(a)).toContain('已经完成初始化')
    }
    const winner = winners[0]!
    const counties = await all(C.counties)
    expect(counties).toHaveLength(1)
    expect(counties[0]).toMatchObject({ name: `第${winner}县`, regionCode: '411329', setupBy: callers[winner] })
    const bindings = await all(C.bindings)
    expect(bindings).toEqual([
      expect.objectContaining({
        _id: callers[winner],
        memberships: [{ roles: ['county_organiser'], name: '王建国' }],
      }),
    ])
    const audit = (await all(C.audit)).filter((e) => e.action === 'org.setupCounty')
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor: { openid: callers[winner], roles: ['county_organiser'] } })

    // Closed for good: status, and a later attempt with the right code from anyone, the winner included.
    expect(await call('needsSetup', {}, 'wx-later')).toMatchObject({ ok: true, data: { needed: false } })
    for (const openid of ['wx-later', callers[winner]!]) {
      const later = await call('setupCounty', setupInput(), openid)
      expect(code(later)).toBe('FAILED_PRECONDITION')
    }
    expect(await all(C.counties)).toHaveLength(1)
    // The organiser is one: the county's own views answer them.
    const county = await call<{ county: { name: string } }>('listTownships', {}, callers[winner]!)
    expect(county).toMatchObject({ ok: true, data: { county: { name: `第${winner}县` }, townships: [] } })
  })
})

describe('the organisation, edited in the app', () => {
  let organiser: string
  beforeAll(async () => {
    organiser = String((await all(C.counties))[0]!.setupBy)
  })

  it('the county organiser adds townships and villages; each change is audited', async () => {
    const town = await call<{ townshipId: string }>('createTownship', { name: '城关镇', kind: '镇' }, organiser)
    expect(town.ok).toBe(true)
    const townshipId = town.ok ? town.data.townshipId : ''
    expect(code(await call('createTownship', { name: '城关镇', kind: '镇' }, organiser))).toBe('CONFLICT')
    const village = await call<{ villageId: string }>(
      'createVillage',
      { townshipId, name: '李庄村', kind: 'village', serviceCentre: centre },
      organiser,
    )
    expect(village.ok).toBe(true)
    const villageId = village.ok ? village.data.villageId : ''
    const board = await call('villageBoard', { villageId }, '')
    expect(board).toMatchObject({
      ok: true,
      data: { name: '李庄村', townshipName: '城关镇', serviceCentre: { phone: '0377-6612345' } },
    })
    const listed = await call<{ villages: { name: string }[] }>('listVillages', { townshipId }, organiser)
    expect(listed.ok && listed.data.villages.map((v) => v.name)).toEqual(['李庄村'])
    const audit = await all(C.audit)
    expect(audit.filter((e) => e.action === 'org.createTownship')).toHaveLength(1)
    expect(audit.filter((e) => e.action === 'org.createVillage')).toEqual([
      expect.objectContaining({ townshipId, subjects: [{ collection: C.villages, id: villageId }] }),
    ])
  })

  it('a village needs an address and a phone that are real, said in Chinese', async () => {
    const [township] = await all(C.townships)
    const bad = await call(
      'createVillage',
      { townshipId: township!._id, name: '王庄村', kind: 'village', serviceCentre: { ...centre, phone: '12345' } },
      organiser,
    )
    expect(code(bad)).toBe('INVALID_ARGUMENT')
    expect(message(bad)).toContain('电话应为11位手机号')
  })

  it('a township organiser adds villages in its own township only; nobody else adds townships', async () => {
    const other = await call<{ townshipId: string }>('createTownship', { name: '河口乡', kind: '乡' }, organiser)
    const [mine] = await all(C.townships)
    const otherId = other.ok ? other.data.townshipId : ''
    await db
      .collection(C.bindings)
      .doc('wx-township')
      .set({ data: { memberships: [{ townshipId: mine!._id, roles: ['township_organiser'], name: '赵乡' }] } })
    const input = (townshipId: unknown, name: string) => ({ townshipId, name, kind: 'village', serviceCentre: centre })
    expect(code(await call('createVillage', input(mine!._id, '张庄村'), 'wx-township'))).toBe('ok')
    expect(code(await call('createVillage', input(otherId, '刘庄村'), 'wx-township'))).toBe('FORBIDDEN')
    expect(code(await call('createTownship', { name: '新镇', kind: '镇' }, 'wx-township'))).toBe('FORBIDDEN')
    expect(code(await call('createTownship', { name: '新镇', kind: '镇' }, 'wx-nobody'))).toBe('UNAUTHENTICATED')
  })
})
