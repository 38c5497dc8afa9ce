/** Limits, bad input and unknown actions: always an error answer, never a corrupted store. */
import { post, rejection, startWithSdk, type Harness } from './support'

let h: Harness

beforeAll(async () => {
  h = await startWithSdk()
  await h.db.collection('notes').add({ data: { _id: 'keep', v: 1 } })
})
afterAll(() => h.cloud.close())

const intact = async (): Promise<void> => {
  expect((await h.db.collection('notes').doc('keep').get()).data).toEqual({ _id: 'keep', v: 1 })
}

test('documents over 512 KB are refused, on add and on update', async () => {
  const big = 'x'.repeat(512 * 1024)
  const error = await rejection(h.db.collection('notes').add({ data: { _id: 'big', s: big } }))
  expect(error.errCode).toBe(-502001)
  expect(error.errMsg).toContain('512 KB')
  await h.db.collection('notes').add({ data: { _id: 'almost', s: 'x'.repeat(500 * 1024) } })
  await expect(
    h.db
      .collection('notes')
      .doc('almost')
      .update({ data: { t: 'y'.repeat(20 * 1024) } }),
  ).rejects.toMatchObject({ errCode: -502001 })
  expect((await h.db.collection('notes').doc('almost').get()).data.t).toBeUndefined()
  await expect(h.db.collection('notes').doc('big').get()).rejects.toMatchObject({ errCode: -1 })
})

test('a batch add with one bad document adds none of them', async () => {
  const error = await rejection(h.db.collection('notes').add({ data: [{ _id: 'b1' }, { _id: 'keep' }, { _id: 'b3' }] }))
  expect(error.errCode).toBe(-502001)
  expect(
    (
      await h.db
        .collection('notes')
        .where({ _id: h.db.command.in(['b1', 'b3']) })
        .count()
    ).total,
  ).toBe(0)
})

test('an unknown action answers an explicit error naming it', async () => {
  const body = await post(h.cloud.url, { action: 'database.teleportDocument', collectionName: 'notes' })
  expect(body.code).toBe('INVALID_PARAM')
  expect(body.message).toContain('database.teleportDocument')
  const storage = await rejection(h.sdk.getTempFileURL({ fileList: ['cloud://x/y.png'] }))
  expect(storage.errMsg).toContain('action storage.batchGetDownloadUrl is not supported')
})

test('malformed JSON, invalid EJSON, wrong types and oversized bodies get error answers', async () => {
  const malformed = await post(h.cloud.url, null, '{"action": "database.insertDocument", "data": [')
  expect(malformed.code).toBe('INVALID_PARAM')
  expect(malformed.message).toContain('not valid JSON')
  const badEjson = await post(h.cloud.url, {
    action: 'database.insertDocument',
    collectionName: 'notes',
    data: ['{"_id": "e1", "d": {"$date": {"$numberLong": "nope"}}}'],
  })
  expect(badEjson.code).toBe('INVALID_PARAM')
  const notString = await post(h.cloud.url, {
    action: 'database.insertDocument',
    collectionName: 'notes',
    data: [{ _id: 'e2' }],
  })
  expect(notString.code).toBe('INVALID_PARAM')
  const badQuery = await post(h.cloud.url, {
    action: 'database.getDocument',
    collectionName: 'notes',
    queryType: 'WHERE',
    query: '{"v": {"$nonsense": 1}}',
  })
  expect(badQuery.code).toBe('DATABASE_INVALID_OPERRATOR')
  const dollarField = await post(h.cloud.url, {
    action: 'database.insertDocument',
    collectionName: 'notes',
    data: ['{"_id": "e3", "$set": 1}'],
  })
  // As the cloud answers it (Tencent's "验证throwOnCode" case expects DATABASE_REQUEST_FAILED).
  expect(dollarField.code).toBe('DATABASE_REQUEST_FAILED')
  const badLimit = await post(h.cloud.url, {
    action: 'database.getDocument',
    collectionName: 'notes',
    queryType: 'WHERE',
    limit: -3,
  })
  expect(badLimit.code).toBe('INVALID_PARAM')
  const huge = await post(
    h.cloud.url,
    null,
    JSON.stringify({
      action: 'database.insertDocument',
      collectionName: 'notes',
      data: ['x'.repeat(33 * 1024 * 1024)],
    }),
  )
  expect(huge.code).toBe('INVALID_PARAM')
  expect(huge.message).toContain('exceeds')
  const unsigned = await post(h.cloud.url, { action: 'database.getDocument', collectionName: 'notes' }, undefined, {
    authorization: '',
  })
  expect(unsigned.code).toBe('INVALID_COMMON_PARAM')
  const otherEnv = await post(h.cloud.url, {
    action: 'database.getDocument',
    collectionName: 'notes',
    envName: 'prod-123',
  })
  expect(otherEnv.code).toBe('INVALIID_ENV')
  expect(
    (
      await h.db
        .collection('notes')
        .where({ _id: h.db.command.in(['e1', 'e2', 'e3']) })
        .count()
    ).total,
  ).toBe(0)
  await intact()
})

test('transactions that are unknown fail clearly', async () => {
  const body = await post(h.cloud.url, { action: 'database.commitTransaction', transactionId: 'nope' })
  expect(body.code).toBe('DATABASE_TRANSACTION_FAIL')
  expect(body.message).toContain('[ResourceUnavailable.TransactionNotExist]')
})
