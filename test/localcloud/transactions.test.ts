/** Transactions: visibility, rollback, and concurrent transactions on one document. */
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

test('two concurrent startTransaction read-modify-writes on one document: the second commit fails, no lost update', async () => {
  const t1 = await h.db.startTransaction()
  const t2 = await h.db.startTransaction()
  const b1 = (await t1.collection('accounts').doc('alice').get()).data.balance
  const b2 = (await t2.collection('accounts').doc('alice').get()).data.balance
  await t1
    .collection('accounts')
    .doc('alice')
    .update({ data: { balance: b1 + 10 } })
  await t2
    .collection('accounts')
    .doc('alice')
    .update({ data: { balance: b2 + 20 } })
  await t1.commit()
  const error = await rejection(t2.commit())
  expect(error.code).toBe('DATABASE_TRANSACTION_CONFLICT')
  expect(await balance('alice')).toBe(110)
})

test('concurrent runTransaction increments all count: conflicts are retried by the SDK', async () => {
  const add = (amount: number): Promise<unknown> =>
    h.db.runTransaction(async (t: Harness['db']) => {
      const current = (await t.collection('accounts').doc('alice').get()).data.balance
      await new Promise((r) => setTimeout(r, 5))
      await t
        .collection('accounts')
        .doc('alice')
        .update({ data: { balance: current + amount } })
    }, 10)
  await Promise.all([add(1), add(2), add(3), add(4)])
  expect(await balance('alice')).toBe(110)
})

test('a plain write to a document a transaction has read makes that transaction conflict', async () => {
  const t = await h.db.startTransaction()
  const seen = (await t.collection('accounts').doc('bob').get()).data.balance
  await h.db
    .collection('accounts')
    .doc('bob')
    .update({ data: { balance: 50 } })
  await t
    .collection('accounts')
    .doc('bob')
    .update({ data: { balance: seen + 1 } })
  await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
  expect(await balance('bob')).toBe(50)
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
