/** Aggregation through the real SDK: group, lookup, unwind, the default of 20, and $facet on the wire. */
import { post, startWithSdk, type Harness } from './support'

let h: Harness

beforeAll(async () => {
  h = await startWithSdk()
  await h.db.collection('people').add({
    data: [
      { _id: 'a', name: 'A', email: 'a@x' },
      { _id: 'b', name: 'B', email: 'b@x' },
    ],
  })
  const orders = Array.from({ length: 30 }, (_, i) => ({
    _id: `o${i}`,
    personId: i % 3 === 0 ? 'a' : 'b',
    amount: i,
    items: ['x', 'y'].slice(0, (i % 2) + 1),
  }))
  await h.db.collection('orders').add({ data: orders })
})
afterAll(() => h.cloud.close())

beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => {}))
afterEach(() => jest.restoreAllMocks())

test('returns 20 results when the pipeline has no limit, as the cloud does', async () => {
  expect(
    (
      await h.db
        .collection('orders')
        .aggregate()
        .match({ amount: h.db.command.gte(0) })
        .end()
    ).list,
  ).toHaveLength(20)
  expect((await h.db.collection('orders').aggregate().limit(25).end()).list).toHaveLength(25)
})

test('group with accumulators, sort', async () => {
  const $ = h.db.command.aggregate
  const { list } = await h.db
    .collection('orders')
    .aggregate()
    .group({ _id: '$personId', total: $.sum('$amount'), n: $.sum(1), max: $.max('$amount') })
    .sort({ _id: 1 })
    .end()
  expect(list).toEqual([
    { _id: 'a', total: 0 + 3 + 6 + 9 + 12 + 15 + 18 + 21 + 24 + 27, n: 10, max: 27 },
    { _id: 'b', total: 435 - 135, n: 20, max: 29 },
  ])
})

test('lookup (localField and pipeline forms), unwind, project', async () => {
  const { list } = await h.db
    .collection('orders')
    .aggregate()
    .match({ amount: h.db.command.lt(2) })
    .lookup({ from: 'people', localField: 'personId', foreignField: '_id', as: 'person' })
    .unwind('$person')
    .project({ _id: 1, who: '$person.name' })
    .sort({ _id: 1 })
    .end()
  expect(list).toEqual([
    { _id: 'o0', who: 'A' },
    { _id: 'o1', who: 'B' },
  ])
  const _ = h.db.command
  const $ = _.aggregate
  const joined = await h.db
    .collection('people')
    .aggregate()
    .lookup({
      from: 'orders',
      let: { pid: '$_id' },
      pipeline: $.pipeline()
        .match(_.expr($.eq(['$personId', '$$pid'])))
        .project({ _id: 0, amount: 1 })
        .done(),
      as: 'orders',
    })
    .project({ _id: 1, count: $.size('$orders') })
    .sort({ _id: 1 })
    .end()
  expect(joined.list).toEqual([
    { _id: 'a', count: 10 },
    { _id: 'b', count: 20 },
  ])
})

test('unwind of an array field and sortByCount', async () => {
  const { list } = await h.db.collection('orders').aggregate().unwind('$items').sortByCount('$items').end()
  expect(list).toEqual([
    { _id: 'x', count: 30 },
    { _id: 'y', count: 15 },
  ])
})

test('stages working on looked-up documents never change the stored ones', async () => {
  await h.db
    .collection('orders')
    .aggregate()
    .lookup({ from: 'people', localField: 'personId', foreignField: '_id', as: 'p' })
    .unwind('$p')
    .addFields({ 'p.name': 'changed' })
    .end()
  expect((await h.db.collection('people').doc('a').get()).data.name).toBe('A')
})

test('$facet (not exposed by the pinned node SDK, but part of the protocol) works on the wire', async () => {
  const body = await post(h.cloud.url, {
    action: 'database.aggregateDocuments',
    collectionName: 'orders',
    stages: [
      {
        stageKey: '$facet',
        stageValue: JSON.stringify({
          small: [{ $match: { amount: { $lt: 3 } } }, { $count: 'n' }],
          big: [{ $match: { amount: { $gte: 28 } } }, { $count: 'n' }],
        }),
      },
    ],
  })
  expect(body.code).toBeUndefined()
  expect((body.data as { list: string[] }).list.map((s) => JSON.parse(s))).toEqual([
    { small: [{ n: 3 }], big: [{ n: 2 }] },
  ])
})

test('geo stages and operators fail loudly', async () => {
  await expect(
    h.db
      .collection('orders')
      .aggregate()
      .geoNear({ near: h.db.Geo.Point(113, 23), distanceField: 'd' })
      .end(),
  ).rejects.toMatchObject({
    errMsg: expect.stringContaining('not supported by the local CloudBase emulator'),
  })
  await expect(
    h.db
      .collection('orders')
      .where({ loc: h.db.command.geoNear({ geometry: h.db.Geo.Point(113, 23), maxDistance: 10 }) })
      .get(),
  ).rejects.toMatchObject({
    errMsg: expect.stringContaining('Geo query operator $nearSphere'),
  })
  await expect(
    h.db
      .collection('orders')
      .where({
        loc: h.db.command.geoWithin({
          geometry: h.db.Geo.Polygon([
            h.db.Geo.LineString([
              h.db.Geo.Point(0, 0),
              h.db.Geo.Point(1, 0),
              h.db.Geo.Point(1, 1),
              h.db.Geo.Point(0, 0),
            ]),
          ]),
        }),
      })
      .get(),
  ).rejects.toMatchObject({ errMsg: expect.stringContaining('$geoWithin') })
})
