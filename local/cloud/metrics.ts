/**
 * Counters of database work: round trips (requests to the endpoint), documents examined (tested against a filter
 * or fed to a pipeline) and documents returned. Kept cumulatively, and per request scope when the caller ran
 * inside `runInScope` (see caller-context.ts), so one function invocation's cost can be read exactly.
 */
export interface Metrics {
  roundTrips: number
  /** Of the round trips, those CloudBase bills as writes (insert, modify, remove, a transaction's commit). */
  writes: number
  examined: number
  returned: number
  /**
   * Sequential depth: the longest chain of requests of one invocation each sent after the previous one's answer
   * arrived (requests in flight together — `Promise.all` — are one step). Set per scope, see `sequentialDepth`.
   */
  depth: number
}

export const newMetrics = (): Metrics => ({ roundTrips: 0, writes: 0, examined: 0, returned: 0, depth: 0 })

export function addMetrics(target: Metrics, delta: Omit<Metrics, 'depth'>): void {
  target.roundTrips += delta.roundTrips
  target.writes += delta.writes
  target.examined += delta.examined
  target.returned += delta.returned
}

/** Database actions billed as writes; every other database action is a read. */
export const WRITE_ACTIONS: ReadonlySet<string> = new Set([
  'database.insertDocument',
  'database.modifyDocument',
  'database.modifyAndReturnDoc',
  'database.removeDocument',
  'database.commitTransaction',
])

/** One request to the local cloud as its client saw it: sent at `start`, answer (headers) received at `end`. */
export interface Trip {
  start: number
  end: number
}

/**
 * The critical path of a set of requests: a request sent after another's answer arrived follows it; requests
 * that overlap in time ran in parallel. Each request's depth is 1 + the deepest request answered before it was
 * sent; the result is the deepest of all (0 for none). Measured at the client, where `Promise.all` sends every
 * request before any answer can arrive, so parallel requests never look sequential however fast the server is.
 */
export function sequentialDepth(trips: readonly Trip[]): number {
  const sorted = [...trips].sort((a, b) => a.start - b.start)
  const depth: number[] = []
  let deepest = 0
  for (let i = 0; i < sorted.length; i++) {
    let before = 0
    for (let j = 0; j < i; j++) if (sorted[j]!.end <= sorted[i]!.start) before = Math.max(before, depth[j]!)
    depth.push(before + 1)
    deepest = Math.max(deepest, before + 1)
  }
  return deepest
}

const warned = new Set<string>()

/** Logs, once per collection and field set, that a filter is answered by scanning the whole collection. */
export function warnUnindexed(collection: string, fields: string[], scanned: number): void {
  const key = `${collection}\u0000${[...fields].sort().join(',')}`
  if (warned.has(key)) return
  warned.add(key)
  console.warn(
    `[local-cloud] WARN no declared index covers the query on collection "${collection}" filtering on {${fields.join(', ')}} — it scanned ${scanned} document(s). Add an index to cloudbase/indexes.json (and create it in the CloudBase console).`,
  )
}
