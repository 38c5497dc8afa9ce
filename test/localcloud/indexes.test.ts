/** Declared indexes answer queries without full scans; results always equal a full scan's. */
import { Query } from 'mingo'
import { parseIndexConfig } from '../../local/cloud/index-config'
import { findDocs } from '../../local/cloud/query/find'
import { sortDocs } from '../../local/cloud/query/matcher'
import type { SortSpec } from '../../local/cloud/query/plan'
import { CollectionStore } from '../../local/cloud/store/collection'
import { startWithSdk, type Harness } from './support'

describe('through the SDK', () => {
  let h: Harness
  let warn: jest.SpyInstance
  beforeAll(async () => {
    h = await startWithSdk()
    const items = Array.from({ length: 3000 }, (_, i) => ({
      _id: `i${i}`,
      group: i % 10,
      rank: i,
      createdAt: new Date(1_700_000_000_000 + i * 60_000),
      label: `item ${i}`,
    }))
    for (let i = 0; i < items.length; i += 1000) await h.db.collection('items').add({ data: items.slice(i, i + 1000) })
  })
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
  })
  afterEach(() => warn.mockRestore())
  afterAll(() => h.cloud.close())

  async function measure(
    run: () => Promise<unknown>,
  ): Promise<{ examined: number; returned: number; roundTrips: number }> {
    const before = h.cloud.metrics()
    await run()
    const after = h.cloud.metrics()
    return {
      examined: after.examined - before.examined,
      returned: after.returned - before.returned,
      roundTrips: after.roundTrips - before.roundTrips,
    }
  }

  test('equality prefix + range uses the compound index', async () => {
    const _ = h.db.command
    const m = await measure(() =>
      h.db
        .collection('items')
        .where({ group: 3, rank: _.gte(1000).and(_.lt(1100)) })
        .get(),
    )
    expect(m).toEqual({ examined: 10, returned: 10, roundTrips: 1 })
    expect(warn).not.toHaveBeenCalled()
  })

  test('$in on the first field and equality on the second', async () => {
    const _ = h.db.command
    const m = await measure(() =>
      h.db
        .collection('items')
        .where({ group: _.in([1, 2, 7]), rank: 2 })
        .get(),
    )
    expect(m).toEqual({ examined: 1, returned: 1, roundTrips: 1 })
  })

  test('orderBy served by an index stops after the limit', async () => {
    let data: Array<{ _id: string }> = []
    const m = await measure(async () => {
      data = (await h.db.collection('items').orderBy('createdAt', 'desc').limit(5).get()).data
    })
    expect(data.map((d) => d._id)).toEqual(['i2999', 'i2998', 'i2997', 'i2996', 'i2995'])
    expect(m.examined).toBe(5)
    const g = await measure(() => h.db.collection('items').where({ group: 4 }).orderBy('rank', 'desc').limit(3).get())
    expect(g).toEqual({ examined: 3, returned: 3, roundTrips: 1 })
  })

  test('count uses the index too', async () => {
    const m = await measure(async () =>
      expect((await h.db.collection('items').where({ group: 5 }).count()).total).toBe(300),
    )
    expect(m.examined).toBe(300)
  })

  test('$or with every branch indexed is a union of index scans', async () => {
    const _ = h.db.command
    const m = await measure(() =>
      h.db
        .collection('items')
        .where(_.or([{ group: 1, rank: 11 }, { _id: 'i5' }]))
        .get(),
    )
    expect(m).toEqual({ examined: 2, returned: 2, roundTrips: 1 })
  })

  test('a filter no index covers scans everything and warns, naming collection and fields', async () => {
    const m = await measure(() => h.db.collection('items').where({ label: 'item 7', rank: 7 }).get())
    expect(m).toEqual({ examined: 3000, returned: 1, roundTrips: 1 })
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]![0]).toMatch(/collection "items" filtering on \{label, rank\}/)
  })
})

describe('planner equivalence with a full scan (randomised)', () => {
  // mulberry32: small, seedable, and without the short low-bit cycles of a power-of-two LCG.
  let seed = Number(process.env.PLANNER_SEED ?? 12345)
  const rnd = (n: number): number => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)
  }
  const values = (): unknown => {
    switch (rnd(9)) {
      case 0:
        return null
      case 1:
        return undefined
      case 2:
        return `s${rnd(5)}`
      case 3:
        return [rnd(5), rnd(5)]
      case 4:
        return new Date(1_700_000_000_000 + rnd(5) * 1000)
      case 5:
        return true
      default:
        return rnd(6) - 1 + (rnd(3) === 0 ? 0.5 : 0)
    }
  }
  const operand = (): unknown => {
    switch (rnd(5)) {
      case 0:
        return `s${rnd(5)}`
      case 1:
        return new Date(1_700_000_000_000 + rnd(5) * 1000)
      case 2:
        return null
      default:
        return rnd(6) - 1
    }
  }
  const condition = (): unknown => {
    switch (rnd(6)) {
      case 0:
        return operand()
      case 1:
        return { $in: [operand(), operand()] }
      case 2:
        return { $gt: operand() }
      case 3:
        return { $gte: operand(), $lt: operand() }
      case 4:
        return { $lte: operand() }
      default:
        return { $ne: operand() }
    }
  }

  test('600 random filters over 400 documents give identical results with and without indexes', () => {
    const specs = parseIndexConfig({
      collections: { c: { indexes: [{ fields: { a: 1, b: -1 } }, { fields: { b: 1 } }] } },
    }).get('c')!.indexes
    const coll = new CollectionStore('c', specs)
    for (let i = 0; i < 400; i++) {
      const doc: Record<string, unknown> = { _id: `d${i}` }
      const a = values()
      const b = values()
      if (a !== undefined) doc.a = a
      if (b !== undefined) doc.b = b
      coll.put(doc)
    }
    for (let i = 0; i < 50; i++) coll.delete(`d${rnd(400)}`)
    const remaining = [...coll.docs.values()]
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
    let usedIndex = 0
    for (let q = 0; q < 600; q++) {
      const filter: Record<string, unknown> = {}
      if (rnd(4) > 0) filter.a = condition()
      if (rnd(2) > 0) filter.b = condition()
      if (rnd(10) === 0) Object.assign(filter, { $or: [{ a: condition() }, { b: condition() }] })
      const sort: SortSpec = rnd(2) ? [['b', rnd(2) ? 1 : -1]] : []
      const work = { examined: 0 }
      const got = findDocs(coll, filter, { sort, limit: rnd(3) === 0 ? 5 : null }, work)
      const matcher = new Query(filter, {})
      const expectedAll = sortDocs(
        remaining.filter((d) => matcher.test(d)),
        sort,
      )
      if (work.examined < remaining.length) usedIndex++
      if (got.length === 5 && expectedAll.length > 5) {
        // With a limit, any 5 matches in a valid order are correct: check membership and order.
        expect(got.every((d) => expectedAll.includes(d))).toBe(true)
        if (sort.length)
          expect({ filter, sort, got: sortDocs([...got], sort).map((d) => [d._id, d.a, d.b]) }).toEqual({
            filter,
            sort,
            got: got.map((d) => [d._id, d.a, d.b]),
          })
      } else {
        const key = (docs: Array<Record<string, unknown>>): string[] => docs.map((d) => String(d._id)).sort()
        expect({ filter, ids: key(got) }).toEqual({ filter, ids: key(expectedAll) })
      }
    }
    warn.mockRestore()
    expect(usedIndex).toBeGreaterThan(200)
  })
})
