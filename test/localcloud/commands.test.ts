/** Query and update commands, serverDate and regex, through the real SDK. */
import { startWithSdk, type Harness } from './support'

let h: Harness
let _: Harness['db']

beforeAll(async () => {
  h = await startWithSdk()
  _ = h.db.command
  await h.db.collection('people').add({
    data: [
      {
        _id: 'p1',
        name: 'Wang Wei',
        email: 'w@x.cn',
        age: 31,
        tags: ['party', 'grid'],
        scores: [
          { k: 'a', v: 5 },
          { k: 'b', v: 9 },
        ],
        addr: { town: 'East' },
      },
      {
        _id: 'p2',
        name: 'Li Na',
        email: 'l@x.cn',
        age: 45,
        tags: ['grid'],
        scores: [{ k: 'a', v: 2 }],
        addr: { town: 'West' },
      },
      { _id: 'p3', name: 'Zhang San', email: 'z@x.cn', age: 62, tags: [], scores: [], retired: true },
      { _id: 'p4', name: 'wang fang', email: 'f@x.cn', age: 19, tags: ['party'], scores: [{ k: 'c', v: 7 }] },
    ],
  })
})
afterAll(() => h.cloud.close())

beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => {}))
afterEach(() => jest.restoreAllMocks())

async function ids(query: unknown): Promise<string[]> {
  const { data } = await h.db.collection('people').where(query).orderBy('_id', 'asc').get()
  return data.map((d: { _id: string }) => d._id)
}

test.each([
  ['eq / neq', () => ({ age: _.neq(31) }), ['p2', 'p3', 'p4']],
  ['gt/lt chained with and', () => ({ age: _.gt(20).and(_.lt(50)) }), ['p1', 'p2']],
  ['in / nin', () => ({ age: _.in([19, 62]) }), ['p3', 'p4']],
  ['nin', () => ({ age: _.nin([19, 62]) }), ['p1', 'p2']],
  ['or across fields', () => _.or([{ age: _.lt(20) }, { retired: true }]), ['p3', 'p4']],
  ['and', () => _.and([{ tags: 'party' }, { age: _.gt(20) }]), ['p1']],
  ['nor', () => _.nor([{ tags: 'grid' }, { retired: true }]), ['p4']],
  ['not', () => ({ age: _.not(_.gt(40)) }), ['p1', 'p4']],
  ['exists', () => ({ retired: _.exists(false) }), ['p1', 'p2', 'p4']],
  ['size', () => ({ tags: _.size(0) }), ['p3']],
  ['elemMatch', () => ({ scores: _.elemMatch({ k: 'a', v: _.gt(3) }) }), ['p1']],
  ['array contains', () => ({ tags: 'grid' }), ['p1', 'p2']],
  ['all', () => ({ tags: _.all(['party', 'grid']) }), ['p1']],
  ['nested field', () => ({ addr: { town: 'West' } }), ['p2']],
  ['dotted path', () => ({ 'addr.town': 'East' }), ['p1']],
  ['db.RegExp', () => ({ name: h.db.RegExp({ regexp: '^wang', options: 'i' }) }), ['p1', 'p4']],
  ['JS regex', () => ({ name: /San$/ }), ['p3']],
  ['JS regex is case-sensitive without i', () => ({ name: /san$/ }), []],
])('where: %s', async (_label, query, expected) => {
  expect(await ids(query())).toEqual(expected)
})

test('orderBy on two fields and field() exclusion', async () => {
  const { data } = await h.db
    .collection('people')
    .where({ age: _.gt(0) })
    .orderBy('retired', 'desc')
    .orderBy('age', 'asc')
    .field({ scores: false, tags: false, addr: false })
    .get()
  expect(data.map((d: { _id: string }) => d._id)).toEqual(['p3', 'p4', 'p1', 'p2'])
  expect(Object.keys(data[1]).sort()).toEqual(['_id', 'age', 'email', 'name'])
})

test('update commands', async () => {
  const doc = h.db.collection('people').doc('p2')
  await doc.update({ data: { age: _.inc(1), tags: _.push(['new']), visits: _.inc(2) } })
  await doc.update({ data: { tags: _.addToSet('grid'), scores: _.pull({ k: 'a' }), addr: _.remove() } })
  await doc.update({ data: { stack: _.set([1, 2, 3, 4]), weight: _.set(10) } })
  await doc.update({ data: { stack: _.pop(), weight: _.mul(3), low: _.min(5), high: _.max(8) } })
  await doc.update({ data: { stack: _.shift() } })
  await doc.update({ data: { stack: _.unshift([0]), tags: _.pullAll(['new']) } })
  await doc.update({ data: { visits: _.rename('visitCount') } })
  const { data } = await doc.get()
  expect(data).toEqual({
    _id: 'p2',
    name: 'Li Na',
    email: 'l@x.cn',
    age: 46,
    tags: ['grid'],
    scores: [],
    visitCount: 2,
    stack: [0, 2, 3],
    weight: 30,
    low: 5,
    high: 8,
  })
})

test('update with a nested object merges field by field; set() replaces', async () => {
  await h.db
    .collection('people')
    .doc('p1')
    .update({ data: { addr: { zip: '100' } } })
  expect((await h.db.collection('people').doc('p1').get()).data.addr).toEqual({ town: 'East', zip: '100' })
  await h.db
    .collection('people')
    .doc('p1')
    .update({ data: { addr: _.set({ zip: '200' }) } })
  expect((await h.db.collection('people').doc('p1').get()).data.addr).toEqual({ zip: '200' })
})

test('serverDate sets the server time, with an offset', async () => {
  const before = Date.now()
  await h.db
    .collection('notes')
    .add({ data: { _id: 'sd', at: h.db.serverDate(), later: h.db.serverDate({ offset: 60_000 }) } })
  await h.db
    .collection('notes')
    .doc('sd')
    .update({ data: { touched: h.db.serverDate() } })
  const { data } = await h.db.collection('notes').doc('sd').get()
  expect(data.at).toBeInstanceOf(Date)
  expect(data.at.getTime()).toBeGreaterThanOrEqual(before)
  expect(data.at.getTime()).toBeLessThanOrEqual(Date.now())
  expect(data.later.getTime() - data.at.getTime()).toBeGreaterThanOrEqual(59_000)
  expect(data.touched.getTime()).toBeGreaterThanOrEqual(data.at.getTime())
  expect(
    (
      await h.db
        .collection('notes')
        .where({ at: _.lte(new Date()) })
        .count()
    ).total,
  ).toBe(1)
})

test('the _id of a document cannot be changed by update', async () => {
  await expect(
    h.db
      .collection('people')
      .doc('p4')
      .update({ data: { _id: 'other' } }),
  ).rejects.toMatchObject({ errMsg: expect.stringContaining('_id') })
  expect((await h.db.collection('people').doc('p4').get()).data._id).toBe('p4')
})

test('a unique index rejects a duplicate value and changes nothing', async () => {
  await expect(h.db.collection('people').add({ data: { _id: 'p9', email: 'w@x.cn' } })).rejects.toMatchObject({
    errCode: -502001,
  })
  await expect(
    h.db
      .collection('people')
      .doc('p4')
      .update({ data: { email: 'l@x.cn' } }),
  ).rejects.toMatchObject({ errCode: -502001 })
  expect((await h.db.collection('people').doc('p4').get()).data.email).toBe('f@x.cn')
  expect((await h.db.collection('people').count()).total).toBe(4)
})

test('remove() with where ignores skip/limit/orderBy (the SDK warns), removing every match', async () => {
  await h.db.collection('notes').add({ data: [{ k: 1 }, { k: 1 }, { k: 1 }, { k: 2 }] })
  const res = await h.db.collection('notes').where({ k: 1 }).limit(1).remove()
  expect(res.stats.removed).toBe(3)
  expect(
    (
      await h.db
        .collection('notes')
        .where({ k: _.exists(true) })
        .count()
    ).total,
  ).toBe(1)
})
