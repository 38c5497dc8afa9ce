/** Transactions: visibility, rollback, and concurrent transactions on one document. */
import { Engine } from '../../local/cloud/store/engine'
import {
  TRANSACTION_LIFETIME_MS,
  TRANSACTION_NOT_EXIST_MESSAGE,
  TransactionRegistry,
} from '../../local/cloud/transactions'
import { rejection, startWithSdk, type Harness } from './support'

let h: Harness

beforeAll(async () => {
  h = await startWithSdk()
})
afterAll(() => h.cloud.close())

beforeEach(async () => {
  jest.spyOn(console, 'warn').mockImplementation(() => {})
  await h.db
    .collection('accounts')
    .where({ _id: h.db.command.exists(true) })
    .remove()
  await h.db.collection('accounts').add({
    data: [
      { _id: 'alice', balance: 100 },
      { _id: 'bob', balance: 0 },
    ],
  })
})

afterEach(() => jest.restoreAllMocks())

const isConflict = (error: unknown): boolean =>
  /\[ResourceUnavailable\.TransactionConflict\]/.test(
    String((error as { errMsg?: string }).errMsg ?? (error as Error).message),
  )

const balance = async (id: string): Promise<number> => (await h.db.collection('accounts').doc(id).get()).data.balance

test('runTransaction commits all writes at once; nothing is visible before commit', async () => {
  let seenOutside: number | undefined
  const result = await h.db.runTransaction(async (t: Harness['db']) => {
    const a = (await t.collection('accounts').doc('alice').get()).data
    await t
      .collection('accounts')
      .doc('alice')
      .update({ data: { balance: a.balance - 30 } })
    await t
      .collection('accounts')
      .doc('bob')
      .update({ data: { balance: h.db.command.inc(30) } })
    await t.collection('accounts').add({ data: { _id: 'log1', kind: 'transfer' } })
    // Inside: own writes are visible. Outside: not yet.
    expect((await t.collection('accounts').doc('alice').get()).data.balance).toBe(70)
    seenOutside = await balance('alice')
    return 'done'
  })
  expect(result).toBe('done')
  expect(seenOutside).toBe(100)
  expect(await balance('alice')).toBe(70)
  expect(await balance('bob')).toBe(30)
  expect((await h.db.collection('accounts').doc('log1').get()).data.kind).toBe('transfer')
})

test('an error thrown in runTransaction rolls everything back', async () => {
  const error = await rejection(
    h.db.runTransaction(async (t: Harness['db']) => {
      await t
        .collection('accounts')
        .doc('alice')
        .update({ data: { balance: 0 } })
      await t.collection('accounts').add({ data: { _id: 'ghost' } })
      throw new Error('business rule failed')
    }),
  )
  expect(error.message).toBe('business rule failed')
  expect(await balance('alice')).toBe(100)
  await expect(h.db.collection('accounts').doc('ghost').get()).rejects.toMatchObject({ errCode: -1 })
})

test('transaction.rollback(reason) aborts with that reason and leaves no trace', async () => {
  const reason = await rejection(
    h.db.runTransaction(async (t: Harness['db']) => {
      await t
        .collection('accounts')
        .doc('bob')
        .set({ data: { balance: 999 } })
      await t.rollback('insufficient funds')
    }),
  )
  expect(reason).toBe('insufficient funds')
  expect(await balance('bob')).toBe(0)
})

test('startTransaction: commit, and abort', async () => {
  const t = await h.db.startTransaction()
  await t
    .collection('accounts')
    .doc('bob')
    .update({ data: { balance: 5 } })
  await t.commit()
  expect(await balance('bob')).toBe(5)
  const t2 = await h.db.startTransaction()
  await t2.collection('accounts').doc('bob').remove()
  await t2.rollback()
  expect(await balance('bob')).toBe(5)
  // A finished transaction cannot be used any more.
  await expect(t2.collection('accounts').doc('bob').get()).rejects.toMatchObject({
    errMsg: expect.stringContaining('TransactionNotExist'),
  })
})

test('first writer wins: a second transaction writing the same document fails at once, no lost update', async () => {
  const t1 = await h.db.startTransaction()
  const t2 = await h.db.startTransaction()
  const b1 = (await t1.collection('accounts').doc('alice').get()).data.balance
  const b2 = (await t2.collection('accounts').doc('alice').get()).data.balance
  await t1
    .collection('accounts')
    .doc('alice')
    .update({ data: { balance: b1 + 10 } })
  const error = await rejection(
    t2
      .collection('accounts')
      .doc('alice')
      .update({ data: { balance: b2 + 20 } }),
  )
  expect(isConflict(error)).toBe(true)
  // The conflict aborted t2 (as MongoDB does); t1 is unaffected.
  await expect(t2.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' })
  await t1.commit()
  expect(await balance('alice')).toBe(110)
})

test('wx-server-sdk does not retry a write conflict inside runTransaction: the callback runs once and the call fails', async () => {
  // The conflict surfaces at the write as a wx-server-sdk error ({ errCode, errMsg }, no `code`), so the node SDK's
  // retry-on-DATABASE_TRANSACTION_CONFLICT never sees it — the same SDK code runs in the cloud.
  const blocker = await h.db.startTransaction()
  await blocker
    .collection('accounts')
    .doc('alice')
    .update({ data: { balance: 1 } })
  let runs = 0
  const error = await rejection(
    h.db.runTransaction(async (t: Harness['db']) => {
      runs++
      await t
        .collection('accounts')
        .doc('alice')
        .update({ data: { balance: 2 } })
    }, 10),
  )
  expect(runs).toBe(1)
  expect(isConflict(error)).toBe(true)
  await blocker.commit()
  expect(await balance('alice')).toBe(1)
})

test('concurrent read-modify-write transactions retried on conflict all count (no lost update)', async () => {
  let runs = 0
  const add = async (amount: number): Promise<void> => {
    for (;;) {
      try {
        await h.db.runTransaction(async (t: Harness['db']) => {
          runs++
          const current = (await t.collection('accounts').doc('alice').get()).data.balance
          await new Promise((r) => setTimeout(r, 5))
          await t
            .collection('accounts')
            .doc('alice')
            .update({ data: { balance: current + amount } })
        })
        return
      } catch (error) {
        if (!isConflict(error)) throw error
        await new Promise((r) => setTimeout(r, Math.random() * 20))
      }
    }
  }
  await Promise.all([add(1), add(2), add(3), add(4)])
  expect(await balance('alice')).toBe(110)
  expect(runs).toBeGreaterThanOrEqual(4)
})

test('writing a document changed outside since the snapshot conflicts at the write', async () => {
  const t = await h.db.startTransaction()
  const seen = (await t.collection('accounts').doc('bob').get()).data.balance
  await h.db
    .collection('accounts')
    .doc('bob')
    .update({ data: { balance: 50 } })
  const error = await rejection(
    t
      .collection('accounts')
      .doc('bob')
      .update({ data: { balance: seen + 1 } }),
  )
  expect(isConflict(error)).toBe(true)
  expect(await balance('bob')).toBe(50)
})

test('reads come from the snapshot taken at the first operation, even for documents read later', async () => {
  const t = await h.db.startTransaction()
  expect((await t.collection('accounts').doc('alice').get()).data.balance).toBe(100)
  await h.db
    .collection('accounts')
    .doc('bob')
    .update({ data: { balance: 7 } })
  await h.db.collection('accounts').add({ data: { _id: 'carol', balance: 1 } })
  await h.db.collection('accounts').doc('alice').remove()
  // bob is read for the first time after the outside change: the transaction still sees the snapshot.
  expect((await t.collection('accounts').doc('bob').get()).data.balance).toBe(0)
  expect((await rejection(t.collection('accounts').doc('carol').get())).errMsg).toContain('does not exist')
  const listed = await t
    .collection('accounts')
    .where({ balance: h.db.command.gte(0) })
    .get()
  expect(listed.data.map((d: { _id: string }) => d._id).sort()).toEqual(['alice', 'bob'])
  await t.commit()
  expect(await balance('bob')).toBe(7)
})

test('documents only read never conflict: the transaction commits (write skew is possible, as in the cloud)', async () => {
  let runs = 0
  await h.db.runTransaction(async (t: Harness['db']) => {
    runs++
    const alice = (await t.collection('accounts').doc('alice').get()).data.balance
    if (runs === 1)
      await h.db
        .collection('accounts')
        .doc('alice')
        .update({ data: { balance: 1 } })
    await t
      .collection('accounts')
      .doc('bob')
      .update({ data: { balance: alice } })
  })
  expect(runs).toBe(1)
  expect(await balance('alice')).toBe(1)
  expect(await balance('bob')).toBe(100)
})

test('a write outside transactions to a document a transaction has written waits for its commit', async () => {
  const t = await h.db.startTransaction()
  await t
    .collection('accounts')
    .doc('alice')
    .update({ data: { balance: h.db.command.inc(5) } })
  let outsideDone = false
  const outside = h.db
    .collection('accounts')
    .doc('alice')
    .update({ data: { balance: h.db.command.inc(1) } })
    .then((r: { stats: { updated: number } }) => {
      outsideDone = true
      return r
    })
  await new Promise((r) => setTimeout(r, 50))
  expect(outsideDone).toBe(false)
  await t.commit()
  expect((await outside).stats.updated).toBe(1)
  expect(await balance('alice')).toBe(106)
})

test('a failing write inside a transaction (duplicate _id) fails the call and nothing is committed', async () => {
  const error = await rejection(
    h.db.runTransaction(async (t: Harness['db']) => {
      await t
        .collection('accounts')
        .doc('bob')
        .update({ data: { balance: 1 } })
      await t.collection('accounts').add({ data: { _id: 'alice' } })
    }),
  )
  expect(error.errMsg).toContain('duplicate key')
  expect(await balance('bob')).toBe(0)
})

test('a transaction lives 30 s: then it answers DATABASE_TRANSACTION_FAIL and its locks are released', () => {
  let now = 1_000_000
  const engine = new Engine(new Map([['accounts', { name: 'accounts', indexes: [] }]]))
  const registry = new TransactionRegistry(engine, () => now)
  const t1 = registry.start()
  registry.write(registry.get(t1.id), 'accounts', 'alice', { _id: 'alice', balance: 1 })
  const t2 = registry.start()
  now += TRANSACTION_LIFETIME_MS - 1
  expect(() => registry.write(registry.get(t2.id), 'accounts', 'alice', { _id: 'alice', balance: 2 })).toThrow(
    expect.objectContaining({ code: 'DATABASE_TRANSACTION_CONFLICT' }),
  )
  now += 2
  expect(TRANSACTION_LIFETIME_MS).toBe(30_000)
  expect(() => registry.get(t1.id)).toThrow(
    expect.objectContaining({ code: 'DATABASE_TRANSACTION_FAIL', message: TRANSACTION_NOT_EXIST_MESSAGE }),
  )
  const t3 = registry.start()
  registry.write(registry.get(t3.id), 'accounts', 'alice', { _id: 'alice', balance: 3 })
  expect(registry.holderOf([{ k: 'del', c: 'accounts', id: 'alice' }])).toBe(t3)
  registry.close()
})
