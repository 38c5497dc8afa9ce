/**
 * The local cloud's shortcuts on its per-request path (docs/performance.md, local server) must answer exactly as
 * the slow paths they replace.
 */
import { EJSON, ObjectId } from 'bson'
import { cloneValue, decodeWire, encodeWire, sameValue } from '../../local/cloud/codec'
import { MINGO_OPTIONS, QUERY_OPTIONS, compileFilter } from '../../local/cloud/query/matcher'
import { applyUpdate, parseUpdate } from '../../local/cloud/update'

/** Deterministic pseudo-random numbers (the same cases on every run). */
function random(seed: number): () => number {
  let s = seed
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648
}

describe('sameValue', () => {
  const rnd = random(7)
  const scalars: unknown[] = [
    0,
    -0,
    1,
    1.5,
    NaN,
    Infinity,
    '',
    'a',
    'b',
    true,
    false,
    null,
    undefined,
    new Date(0),
    new Date(1),
    /a/i,
    /a/m,
    new ObjectId('5f1d7e0c9b1e8a0012345678'),
    new ObjectId('5f1d7e0c9b1e8a0012345679'),
  ]
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const gen = (depth: number): unknown => {
    const r = rnd()
    if (depth > 2 || r < 0.5) return pick(scalars)
    if (r < 0.75) return Array.from({ length: Math.floor(rnd() * 3) }, () => gen(depth + 1))
    const out: Record<string, unknown> = {}
    for (let i = 0, n = Math.floor(rnd() * 3); i < n; i++) out[pick(['x', 'y', 'z'])] = gen(depth + 1)
    return out
  }
  const mutate = (value: unknown): unknown => {
    if (rnd() < 0.3) return gen(1)
    if (Array.isArray(value)) return value.map(mutate)
    if (value && typeof value === 'object' && value.constructor === Object) {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) out[k] = mutate(v)
      if (rnd() < 0.2) out.w = 1
      return out
    }
    return value
  }

  it('agrees with comparing the wire texts on 20,000 random pairs', () => {
    let equal = 0
    for (let i = 0; i < 20_000; i++) {
      const a = { v: gen(0) }
      const b = rnd() < 0.5 ? cloneValue(a) : { v: mutate(a.v) }
      const expected = encodeWire(a) === encodeWire(b)
      if (expected) equal++
      expect([encodeWire(a), encodeWire(b), sameValue(a, b)]).toEqual([encodeWire(a), encodeWire(b), expected])
    }
    expect(equal).toBeGreaterThan(1000)
    expect(equal).toBeLessThan(19_000)
  })

  it('counts field order and takes undefined for null, as the wire text does', () => {
    expect(sameValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false)
    expect(sameValue({ a: 1, b: undefined }, { a: 1, b: null })).toBe(true)
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(false)
    expect(sameValue([undefined], [null])).toBe(true)
    expect(sameValue({ d: new Date(5) }, { d: new Date(5) })).toBe(true)
  })
})

describe('decodeWire', () => {
  it('reads plain JSON as EJSON would', () => {
    const texts = [
      '{"_id":"a","n":1,"f":1.5,"big":12345678901234567890,"s":"$100","nested":{"a":[1,"x",null,true]}}',
      '{"villageId":"v0001","date":"2026-12-18"}',
      '[1,2,{"a":"b"}]',
    ]
    for (const text of texts)
      expect(decodeWire(text, 'query', 0)).toEqual(EJSON.parse(text, { relaxed: true }) as unknown)
  })

  it('still revives EJSON values and refuses a NUL in a field name', () => {
    expect(decodeWire('{"d":{"$date":"2026-12-18T00:00:00Z"}}', 'data', 0)).toEqual({
      d: new Date('2026-12-18T00:00:00Z'),
    })
    expect(() => decodeWire('{"a\\u0000b":1}', 'data', 0)).toThrow(/not valid Extended JSON/)
  })
})

describe('shared mingo options', () => {
  it('are one ComputeOptions shared by every query, not the plain options copied per query', () => {
    expect(QUERY_OPTIONS).not.toBe(MINGO_OPTIONS)
    expect(QUERY_OPTIONS.constructor.name).toBe('ComputeOptions')
  })

  it('keep the cloud operators ($elemMatch on scalar arrays matches nothing)', () => {
    expect(compileFilter({ tags: { $elemMatch: { a: 1 } } })({ tags: [1, 2] })).toBe(false)
    expect(compileFilter({ tags: { $elemMatch: { a: 1 } } })({ tags: [{ a: 1 }] })).toBe(true)
  })
})

describe('plain updates', () => {
  it('are marked plain only with value operators and no positional path', () => {
    expect(parseUpdate({ $inc: { n: 1 }, $set: { a: 2 } }).plain).toBe(true)
    expect(parseUpdate({ a: 2 }).plain).toBe(true)
    expect(parseUpdate({ $push: { tags: 1 } }).plain).toBe(false)
    expect(parseUpdate({ $pull: { tags: { $elemMatch: { a: 1 } } } }).plain).toBe(false)
    expect(parseUpdate({ $set: { 'objs.$.n': 1 } }).plain).toBe(false)
  })

  it('apply as before', () => {
    const doc = { _id: 'a', n: 1, nested: { x: 1 }, tags: [{ a: 1 }, 2] }
    expect(
      applyUpdate(doc, parseUpdate({ $inc: { n: 2, 'nested.y': 1 }, $set: { s: 's' }, $unset: { tags: '' } })),
    ).toEqual({ _id: 'a', n: 3, nested: { x: 1, y: 1 }, s: 's' })
    expect(applyUpdate(doc, parseUpdate({ $pull: { tags: { a: 1 } } }))).toEqual({ ...doc, tags: [2] })
    expect(applyUpdate(doc, parseUpdate({ $max: { n: 0 } }))).toBeNull()
  })
})
