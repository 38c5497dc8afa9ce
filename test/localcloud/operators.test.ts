/**
 * Where mingo (the query library) or the old local cloud answered differently from MongoDB/CloudBase, through the
 * real wx-server-sdk: each case states MongoDB's answer.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startLocalCloud } from '../../local/cloud'
import { portFromEnv } from '../../scripts/cloud'
import { FIXTURE_INDEXES, post, rejection, startWithSdk, type Harness } from './support'

let h: Harness

beforeAll(async () => {
  h = await startWithSdk()
})
afterAll(() => h.cloud.close())

beforeEach(async () => {
  await h.db
    .collection('notes')
    .where({ _id: h.db.command.exists(true) })
    .remove()
})

const notes = () => h.db.collection('notes')
const $ = () => h.db.command.aggregate

test('$bucket: a value equal to a boundary belongs to the bucket that boundary opens', async () => {
  await notes().add({ data: [{ v: 0 }, { v: 10 }, { v: 20 }, { v: 25 }, { v: 99 }] })
  const res = await notes()
    .aggregate()
    .bucket({ groupBy: '$v', boundaries: [0, 10, 20, 30], default: 'other' })
    .end()
  expect(res.list).toEqual([
    { _id: 0, count: 1 },
    { _id: 10, count: 1 },
    { _id: 20, count: 2 },
    { _id: 'other', count: 1 },
  ])
})

test('$week: Sunday-based, days before the first Sunday are week 0', async () => {
  await notes().add({
    data: [
      { k: 1, d: new Date('2019-01-05T12:00:00Z') }, // Saturday before the first Sunday
      { k: 2, d: new Date('2019-01-06T12:00:00Z') }, // first Sunday
      { k: 3, d: new Date('2019-05-14T09:38:51Z') },
    ],
  })
  const res = await notes()
    .aggregate()
    .sort({ k: 1 })
    .project({ _id: 0, w: $().week('$d') })
    .end()
  expect(res.list).toEqual([{ w: 0 }, { w: 1 }, { w: 19 }])
})

test('elemMatch with field criteria matches array elements that are documents, never scalars', async () => {
  await notes().add({
    data: [
      { kind: 'scalars', tags: [1, 2, 3] },
      { kind: 'docs', tags: [{ value: 1 }, { value: 7 }] },
    ],
  })
  const _ = h.db.command
  const gt = await notes()
    .where({ tags: _.elemMatch({ value: _.gt(0) }) })
    .get()
  expect(gt.data.map((d: { kind: string }) => d.kind)).toEqual(['docs'])
  const exists = await notes()
    .where({ tags: _.elemMatch({ value: _.exists(true) }) })
    .get()
  expect(exists.data.map((d: { kind: string }) => d.kind)).toEqual(['docs'])
  const scalar = await notes()
    .where({ tags: _.elemMatch(_.gt(2)) })
    .get()
  expect(scalar.data.map((d: { kind: string }) => d.kind)).toEqual(['scalars'])
})

test('$substr / $substrBytes with a negative length take the rest; $indexOfCP counts code points', async () => {
  await notes().add({ data: { s: '2024/05/17', t: '村委会议' } })
  const res = await notes()
    .aggregate()
    .project({
      _id: 0,
      day: $().substr(['$s', 8, -1]),
      rest: $().substrBytes(['$s', 5, -1]),
      cp: $().indexOfCP(['$t', '会']),
      bytes: $().indexOfBytes(['$t', '会']),
      none: $().indexOfCP(['$t', '党']),
    })
    .end()
  expect(res.list).toEqual([{ day: '17', rest: '05/17', cp: 2, bytes: 6, none: -1 }])
})

test('$jsonSchema is evaluated; a keyword it cannot evaluate fails naming it', async () => {
  await notes().add({ data: [{ name: '张三', age: 30 }, { name: 7 }, { other: true }] })
  const _ = h.db.command
  const valid = await notes()
    .where(
      _.jsonSchema({
        required: ['name'],
        properties: { name: { bsonType: 'string' }, age: { bsonType: 'int', minimum: 18 } },
      }),
    )
    .get()
  expect(valid.data.map((d: { name: string }) => d.name)).toEqual(['张三'])
  const error = await rejection(
    notes()
      .where(_.jsonSchema({ dependencies: { a: ['b'] } }))
      .get(),
  )
  expect(error.errMsg).toContain('keyword dependencies is not supported')
})

test('positional $ updates the element the query matched', async () => {
  const { _id } = await notes().add({
    data: {
      tags: ['a', 'b', 'c'],
      objs: [
        { k: 'x', n: 1 },
        { k: 'y', n: 2 },
      ],
    },
  })
  await notes()
    .where({ _id, tags: 'b' })
    .update({ data: { 'tags.$': 'B' } })
  await notes()
    .where({ _id, 'objs.k': 'y' })
    .update({ data: { 'objs.$.n': 20 } })
  const doc = (await notes().doc(_id).get()).data
  expect(doc.tags).toEqual(['a', 'B', 'c'])
  expect(doc.objs).toEqual([
    { k: 'x', n: 1 },
    { k: 'y', n: 20 },
  ])
})

test('a merge update creating a field inside an array (or below a scalar) fails as in MongoDB', async () => {
  const { _id } = await notes().add({ data: { tags: [1, 2], n: 5 } })
  const error = await rejection(
    notes()
      .doc(_id)
      .update({ data: { tags: { x: 1 } } }),
  )
  expect(error.errMsg).toContain("Cannot create field 'x' in element {tags: [1,2]}")
  const below = await rejection(
    notes()
      .doc(_id)
      .update({ data: { 'n.m': 1 } }),
  )
  expect(below.errMsg).toContain("Cannot create field 'm' in element {n: 5}")
  expect((await notes().doc(_id).get()).data).toEqual({ _id, tags: [1, 2], n: 5 })
})

test('field names: "." is allowed (MongoDB 5), a leading "$" fails with DATABASE_REQUEST_FAILED', async () => {
  const { _id } = await notes().add({ data: { 'key.': 1 } })
  expect((await notes().doc(_id).get()).data['key.']).toBe(1)
  const body = await post(h.cloud.url, {
    action: 'database.insertDocument',
    collectionName: 'notes',
    data: ['{"$k": 1}'],
  })
  expect(body.code).toBe('DATABASE_REQUEST_FAILED')
  expect(body.message).toContain("Document can't have $ prefixed field names")
})

test('updated counts: doc().set() of identical content counts 1; an update changing nothing counts 0', async () => {
  const { _id } = await notes().add({ data: { a: 1 } })
  const set = await notes()
    .doc(_id)
    .set({ data: { a: 1 } })
  expect(set.stats.updated).toBe(1)
  const same = await notes()
    .where({ _id })
    .update({ data: { a: 1 } })
  expect(same.stats.updated).toBe(0)
  const body = await post(h.cloud.url, {
    action: 'database.modifyAndReturnDoc',
    collectionName: 'notes',
    queryType: 'WHERE',
    query: JSON.stringify({ _id }),
    data: '{"$set": {"a": 1}}',
  })
  expect((body.data as { updated: number }).updated).toBe(1)
})

test('a query on _id that no plan can use scans without warning about a missing index', async () => {
  await notes().add({ data: [{ _id: 'n1' }, { _id: 'n2' }] })
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
  try {
    const res = await notes()
      .where({ _id: h.db.RegExp({ regexp: '^n' }) })
      .get()
    expect(res.data).toHaveLength(2)
    expect(warn.mock.calls.filter((c) => String(c[0]).includes('no declared index'))).toEqual([])
  } finally {
    warn.mockRestore()
  }
})

test('ObjectId _ids: inserted, found, answered as hex strings, removed — and the same after a restart', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-oid-'))
  const hex = '64b7f0c2a1b2c3d4e5f60718'
  const call = (url: string, body: Record<string, unknown>) => post(url, { collectionName: 'notes', ...body })
  try {
    let cloud = await startLocalCloud({ dataDir: dir, indexesFile: FIXTURE_INDEXES })
    const added = await call(cloud.url, {
      action: 'database.insertDocument',
      data: [`{"_id":{"$oid":"${hex}"},"n":1}`],
    })
    expect((added.data as { insertedIds: unknown[] }).insertedIds).toEqual([hex])
    const byId = JSON.stringify({ _id: { $oid: hex } })
    const got = await call(cloud.url, { action: 'database.getDocument', queryType: 'DOC', query: byId })
    expect((got.data as { list: string[] }).list).toEqual([`{"_id":"${hex}","n":1}`])
    await cloud.close()
    cloud = await startLocalCloud({ dataDir: dir, indexesFile: FIXTURE_INDEXES })
    const again = await call(cloud.url, { action: 'database.getDocument', queryType: 'WHERE', query: byId })
    expect((again.data as { list: string[] }).list).toHaveLength(1)
    const removed = await call(cloud.url, { action: 'database.removeDocument', queryType: 'DOC', query: byId })
    expect((removed.data as { deleted: number }).deleted).toBe(1)
    await cloud.close()
    cloud = await startLocalCloud({ dataDir: dir, indexesFile: FIXTURE_INDEXES })
    const gone = await call(cloud.url, { action: 'database.getDocument', queryType: 'WHERE', query: byId })
    expect((gone.data as { list: string[] }).list).toHaveLength(0)
    await cloud.close()
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('npm run cloud reads PORT like npm start, then LOCAL_CLOUD_PORT, and says which', () => {
  expect(portFromEnv({ PORT: '9820', LOCAL_CLOUD_PORT: '1' })).toEqual({ port: 9820, source: 'PORT' })
  expect(portFromEnv({ LOCAL_CLOUD_PORT: '4000' })).toEqual({ port: 4000, source: 'LOCAL_CLOUD_PORT' })
  expect(portFromEnv({}).port).toBe(39881)
  expect(portFromEnv({}).source).toContain('set PORT')
  expect(() => portFromEnv({ PORT: 'abc' })).toThrow('PORT=abc is not a port number')
})
