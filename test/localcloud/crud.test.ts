/** Core CRUD through the real wx-server-sdk against the in-memory local cloud. */
import { rejection, startWithSdk, type Harness } from './support'

let h: Harness

beforeAll(async () => {
  h = await startWithSdk()
})
afterAll(() => h.cloud.close())

describe('documents', () => {
  test('add, then doc().get() returns it with types intact', async () => {
    const when = new Date('2024-05-01T08:00:00Z')
    const { _id } = await h.db
      .collection('notes')
      .add({ data: { title: '村务', n: 3, f: 1.5, when, tags: ['a', 'b'], nested: { x: null } } })
    expect(typeof _id).toBe('string')
    expect(_id).toMatch(/^[0-9a-f]{32}$/)
    const { data } = await h.db.collection('notes').doc(_id).get()
    expect(data).toEqual({ _id, title: '村务', n: 3, f: 1.5, when, tags: ['a', 'b'], nested: { x: null } })
    expect(data.when).toBeInstanceOf(Date)
  })

  test('doc().get() on a missing document throws like the cloud', async () => {
    const error = await rejection(h.db.collection('notes').doc('nope').get())
    expect(error.errMsg).toContain('document.get:fail document with _id nope does not exist')
  })

  test('duplicate _id on add fails with -502001 and leaves the original untouched', async () => {
    await h.db.collection('notes').add({ data: { _id: 'dup', v: 1 } })
    const error = await rejection(h.db.collection('notes').add({ data: { _id: 'dup', v: 2 } }))
    expect(error.errCode).toBe(-502001)
    expect(error.errMsg).toContain('duplicate key')
    expect((await h.db.collection('notes').doc('dup').get()).data.v).toBe(1)
  })

  test('set replaces (creating when absent), update merges, remove deletes', async () => {
    const notes = h.db.collection('notes')
    const created = await notes.doc('s1').set({ data: { a: 1, b: 2 } })
    expect(created.stats).toEqual({ updated: 0, created: 1 })
    const replaced = await notes.doc('s1').set({ data: { c: 3 } })
    expect(replaced.stats).toEqual({ updated: 1, created: 0 })
    expect((await notes.doc('s1').get()).data).toEqual({ _id: 's1', c: 3 })
    const updated = await notes.doc('s1').update({ data: { d: { e: 4 } } })
    expect(updated.stats.updated).toBe(1)
    expect((await notes.doc('s1').get()).data).toEqual({ _id: 's1', c: 3, d: { e: 4 } })
    expect((await notes.doc('missing').update({ data: { a: 1 } })).stats.updated).toBe(0)
    expect((await notes.doc('s1').remove()).stats.removed).toBe(1)
    expect((await notes.doc('s1').remove()).stats.removed).toBe(0)
  })

  test('an unknown collection fails with -502005 (collections must exist, as in the cloud)', async () => {
    const error = await rejection(h.db.collection('undeclared').add({ data: { a: 1 } }))
    expect(error.errCode).toBe(-502005)
    await h.db.createCollection('created_later')
    await h.db.collection('created_later').add({ data: { a: 1 } })
    expect((await h.db.collection('created_later').count()).total).toBe(1)
  })
})

describe('queries', () => {
  beforeAll(async () => {
    const items = Array.from({ length: 1200 }, (_, i) => ({
      _id: `i${String(i).padStart(4, '0')}`,
      group: i % 3,
      rank: i,
      createdAt: new Date(1_700_000_000_000 + i * 1000),
      label: `item ${i}`,
    }))
    for (let i = 0; i < items.length; i += 400) await h.db.collection('items').add({ data: items.slice(i, i + 400) })
  })

  test('get() returns 100 by default and limit() is capped at 1000', async () => {
    expect((await h.db.collection('items').get()).data).toHaveLength(100)
    expect((await h.db.collection('items').limit(5000).get()).data).toHaveLength(1000)
    expect((await h.db.collection('items').limit(7).get()).data).toHaveLength(7)
  })

  test('where with commands, orderBy, skip, limit, field', async () => {
    const _ = h.db.command
    const res = await h.db
      .collection('items')
      .where({ group: 1, rank: _.gte(100).and(_.lt(200)) })
      .orderBy('rank', 'desc')
      .skip(2)
      .limit(3)
      .field({ rank: true })
      .get()
    expect(res.data).toEqual([
      { _id: 'i0193', rank: 193 },
      { _id: 'i0190', rank: 190 },
      { _id: 'i0187', rank: 187 },
    ])
  })

  test('count and where().update / where().remove', async () => {
    const _ = h.db.command
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
    expect((await h.db.collection('items').where({ group: 2 }).count()).total).toBe(400)
    const up = await h.db
      .collection('items')
      .where({ group: 2, rank: _.lt(30) })
      .update({ data: { flagged: true } })
    expect(up.stats.updated).toBe(10)
    expect((await h.db.collection('items').where({ flagged: true }).count()).total).toBe(10)
    const rm = await h.db.collection('items').where({ flagged: true }).remove()
    expect(rm.stats.removed).toBe(10)
    expect((await h.db.collection('items').count()).total).toBe(1190)
    warn.mockRestore()
  })
})

describe('metrics', () => {
  test('count round trips, examined and returned documents', async () => {
    const before = h.cloud.metrics()
    await h.db.collection('items').where({ group: 0, rank: 3 }).get()
    const after = h.cloud.metrics()
    expect(after.roundTrips - before.roundTrips).toBe(1)
    expect(after.returned - before.returned).toBe(1)
    expect(after.examined - before.examined).toBe(1)
  })
})
