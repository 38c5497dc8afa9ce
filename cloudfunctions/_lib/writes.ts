/**
 * What a write answered, typed. The SDK's .d.ts types `update()`/`remove()` as `Promise<result> | void` (for its
 * callback overloads); these read the counts without casting, and treat anything else as "nothing written".
 */

function statsOf(result: unknown): Record<string, unknown> | undefined {
  if (typeof result !== 'object' || result === null || !('stats' in result)) return undefined
  const { stats } = result
  return typeof stats === 'object' && stats !== null ? { ...stats } : undefined
}

/** How many documents an `update()` changed (0 when it matched none). */
export function updatedCount(result: unknown): number {
  const updated = statsOf(result)?.updated
  return typeof updated === 'number' ? updated : 0
}

/** How many documents a `remove()` removed. */
export function removedCount(result: unknown): number {
  const removed = statsOf(result)?.removed
  return typeof removed === 'number' ? removed : 0
}

/**
 * Whether an `add()` failed because a document with that `_id` (or unique key) exists: the real database answers
 * E11000 "duplicate key", the local cloud the same text.
 */
export function isDuplicateKey(error: unknown): boolean {
  return /E11000|duplicate key/i.test(errorText(error))
}

/** The SDK's `errMsg`, else the error's message, else the value as text. */
function errorText(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    if ('errMsg' in error && typeof error.errMsg === 'string') return error.errMsg
    if ('message' in error && typeof error.message === 'string') return error.message
  }
  return String(error)
}

/**
 * Adds a document whose `_id` came from `ctx.newId` (derived from the request id): a resend of a call that died
 * after this write but before its idempotency marker was done finds the document there and goes on as if it had
 * written it — one record, the same answer. Returns whether this call wrote it.
 */
export async function addOnce(
  collection: { add(options: { data: Record<string, unknown> }): unknown },
  data: { _id: string } & Record<string, unknown>,
): Promise<boolean> {
  try {
    await collection.add({ data })
    return true
  } catch (error) {
    if (isDuplicateKey(error)) return false
    throw error
  }
}
