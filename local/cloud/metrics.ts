/**
 * Counters of database work: round trips (requests to the endpoint), documents examined (tested against a filter
 * or fed to a pipeline) and documents returned. Kept cumulatively, and per request scope when the caller ran
 * inside `runInScope` (see caller-context.ts), so one function invocation's cost can be read exactly.
 */
export interface Metrics {
  roundTrips: number
  examined: number
  returned: number
}

export const newMetrics = (): Metrics => ({ roundTrips: 0, examined: 0, returned: 0 })

export function addMetrics(target: Metrics, delta: Metrics): void {
  target.roundTrips += delta.roundTrips
  target.examined += delta.examined
  target.returned += delta.returned
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
