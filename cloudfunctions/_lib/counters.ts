import type { Database } from './cloud'
import type { CollectionName } from './collections'
import { firstAttempt, txAddAbsent, txGet, txUpdateExisting, type Tx } from './transaction'
import { isDuplicateKey, updatedCount } from './writes'

/** Rounds of update-then-add before giving up (each round loses only to a concurrent creator). */
export const COUNTER_ATTEMPTS = 3

/**
 * Adds to a counters document, creating it on first use: one request when the document exists, two when this call
 * creates it. `update` holds the commands (`_.inc(n)`, `_.push([…])`), `created()` the whole first document.
 *
 * Concurrent first callers: one `add` wins, the others fail on the duplicate key and update on the next round. After
 * COUNTER_ATTEMPTS rounds the call throws: an increment is written or the action fails — never lost silently.
 */
export async function incrementOrCreate(
  db: Database,
  collection: CollectionName,
  id: string,
  update: Record<string, unknown>,
  created: () => Record<string, unknown>,
): Promise<void> {
  if (!Object.keys(update).length) return
  const counters = db.collection(collection)
  for (let attempt = 0; attempt < COUNTER_ATTEMPTS; attempt++) {
    if (updatedCount(await counters.where({ _id: id }).update({ data: update })) > 0) return
    try {
      await counters.add({ data: { _id: id, ...created() } })
      return
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
    }
  }
  throw new Error(`${collection}/${id}: the counters could not be updated after ${COUNTER_ATTEMPTS} attempts`)
}

/** `{ 'days.07.cadres': 1 }` → `{ days: { '07': { cadres: 1 } } }`: the first document of dot-path increments. */
export function nestFromPaths(
  values: Record<string, number>,
  into: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const [path, value] of Object.entries(values)) {
    const parts = path.split('.')
    let target = into
    for (const part of parts.slice(0, -1)) {
      const next = target[part]
      target = (target[part] = typeof next === 'object' && next !== null ? next : {}) as Record<string, unknown>
    }
    target[parts[parts.length - 1]!] = value
  }
  return into
}

/** Dot paths and amounts → `_.inc` commands, leaving out zeros. */
export function incrementsOf(db: Database, values: Record<string, number>): Record<string, unknown> {
  const _ = db.command
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, n]) => n !== 0)
      .map(([path, n]) => [path, _.inc(n)]),
  )
}

/**
 * `incrementOrCreate` inside a transaction (where no query may run): reads the document by id, then updates it with
 * `update` or creates it with `created()`. A concurrent creator makes the transaction conflict and retry.
 */
export async function txIncrementOrCreate(
  tx: Tx,
  collection: CollectionName,
  id: string,
  update: Record<string, unknown>,
  created: () => Record<string, unknown>,
): Promise<void> {
  if (!Object.keys(update).length) return
  const existing = await txGet<Record<string, unknown>>(tx, collection, id)
  if (existing) await tx.collection(collection).doc(id).update({ data: update })
  else await tx.collection(collection).doc(id).set({ data: created() })
}

/**
 * `txIncrementOrCreate` without a read inside the transaction, when the caller read outside it whether the document
 * exists (`exists`): an `_.inc` update of the existing document, or the add of the first one. A wrong guess (created
 * or removed meanwhile) fails the transaction at its write and runs it again, and the retry reads inside it.
 */
export async function txIncrementKnown(
  tx: Tx,
  collection: CollectionName,
  id: string,
  update: Record<string, unknown>,
  created: () => Record<string, unknown>,
  exists: boolean,
): Promise<void> {
  if (!Object.keys(update).length) return
  if (!firstAttempt(tx)) return txIncrementOrCreate(tx, collection, id, update, created)
  if (exists) await txUpdateExisting(tx, collection, id, update)
  else await txAddAbsent(tx, collection, { ...created(), _id: id })
}
