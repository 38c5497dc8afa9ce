/**
 * Transactions that only write (cloudfunctions/_lib/transaction.ts, docs/performance.md "depth"): what the writes
 * themselves guard when nothing is read inside — a counter whose existence was read outside (a wrong guess runs the
 * transaction again, reading inside), a guard decided outside, and which write found its `_id` taken.
 */
import { txIncrementKnown } from '../../cloudfunctions/_lib/counters'
import type { Database } from '../../cloudfunctions/_lib/cloud'
import { inTransaction, isDuplicateOf } from '../../cloudfunctions/_lib/transaction'
import { startWithSdk, type Harness } from './support'

let h: Harness
let db: Database

beforeAll(async () => {
  h = await startWithSdk()
  db = h.db as Database
})
afterAll(() => h.cloud.close())

beforeEach(async () => {
  jest.spyOn(console, 'warn').mockImplementation(() => {})
  await h.db
    .collection('accounts')
    .where({ _id: h.db.command.exists(true) })
    .remove()
})
afterEach(() => jest.restoreAllMocks())

const value = async (id: string): Promise<number | undefined> => {
  const { data } = (await h.db.collection('accounts').where({ _id: id }).get()) as { data: { n: number }[] }
  return data[0]?.n
}

let runs = 0
const bump = (id: string, exists: boolean) =>
  inTransaction(db, (tx) => {
    runs++
    return txIncrementKnown(tx, 'accounts' as never, id, { n: h.db.command.inc(1) }, () => ({ n: 1 }), exists)
  })

test('a counter read as existing is incremented without a read inside the transaction', async () => {
  await h.db.collection('accounts').add({ data: { _id: 'c1', n: 5 } })
  runs = 0
  await bump('c1', true)
  expect(await value('c1')).toBe(6)
  expect(runs).toBe(1)
})

test('a counter read as existing that is gone: the transaction runs again and creates it', async () => {
  runs = 0
  await bump('c2', true)
  expect(await value('c2')).toBe(1)
  expect(runs).toBe(2)
})

test('a counter read as absent is added without a read inside the transaction', async () => {
  runs = 0
  await bump('c8', false)
  expect(await value('c8')).toBe(1)
  expect(runs).toBe(1)
})

test('a counter read as absent that a concurrent first writer created: run again, incremented, not lost', async () => {
  await h.db.collection('accounts').add({ data: { _id: 'c3', n: 1 } })
  runs = 0
  await bump('c3', false)
  expect(await value('c3')).toBe(2)
  expect(runs).toBe(2)
})

test('20 concurrent first increments that all read the counter as absent count 20', async () => {
  await Promise.all(Array.from({ length: 20 }, () => bump('c4', false)))
  expect(await value('c4')).toBe(20)
})

test('a guard that rejects commits nothing, and its error is the answer', async () => {
  const refused = new Error('no slot')
  await expect(
    inTransaction(db, async (tx) => void (await tx.collection('accounts').add({ data: { _id: 'c5', n: 1 } })), {
      guard: Promise.reject(refused),
    }),
  ).rejects.toBe(refused)
  expect(await value('c5')).toBeUndefined()
})

test('the write whose _id was taken is named on the error', async () => {
  await h.db.collection('accounts').add({ data: { _id: 'c6', n: 1 } })
  const error = await inTransaction(db, async (tx) => {
    await tx.collection('accounts').add({ data: { _id: 'c7', n: 1 } })
    await tx.collection('accounts').add({ data: { _id: 'c6', n: 1 } })
  }).catch((e: unknown) => e)
  expect(isDuplicateOf(error, 'accounts', 'c6')).toBe(true)
  expect(isDuplicateOf(error, 'accounts', 'c7')).toBe(false)
  expect(await value('c7')).toBeUndefined()
})
