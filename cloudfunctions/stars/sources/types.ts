/**
 * One evidence source per module: reads that module's per-village-per-month (or per-year) aggregate and turns it
 * into 五星支部 figures, and lists the records behind a figure for the drill-down. Adding a module = one file here
 * plus one line in ./index.ts. Reads are O(villages × months of the year so far), never the raw records, except
 * `records`, which lists at most 100 records of one village.
 */
import type { Figures, MetricKey } from '../../../common/rules/stars-template'
import type { Settings } from '../../../common/rules/settings'
import type { Database } from '../../_lib/cloud'
import type { VillageDoc } from '../../_lib/records'

export interface SourceScope {
  /** One village (village board, drill-down) or every village given (refresh). */
  villageId?: string
  villages: Map<string, Pick<VillageDoc, '_id' | 'kind' | 'settingsOverrides'>>
  /** Every township of the county (refresh): queries go through the modules' (townshipId, …) indexes. */
  townshipIds: string[]
  settingsOf(village: Pick<VillageDoc, '_id' | 'kind' | 'settingsOverrides'>): Settings
  year: number
  /** The month figures run up to (YYYY-MM, inclusive). */
  month: string
  now: Date
}

export interface VillageFigures {
  /** The year so far. */
  ytd: Figures
  /** The month alone. */
  month: Figures
  /** Meetings of every kind held in the month (for the comparison). */
  meetingsHeld?: number
}

export interface EvidenceRecord {
  id: string
  date: string
  title: string
  detail: string
  path: string
}

export interface EvidenceSource {
  key: 'duty' | 'meetings' | 'deliberation' | 'requests' | 'council'
  label: string
  metrics: readonly MetricKey[]
  /** The app page listing the module's records. */
  path(villageId: string): string
  load(db: Database, scope: SourceScope): Promise<Map<string, VillageFigures>>
  aggregateIds(villageId: string, scope: Pick<SourceScope, 'year' | 'month'>): string[]
  records(
    db: Database,
    villageId: string,
    scope: Pick<SourceScope, 'year' | 'month' | 'now'>,
    metric: MetricKey,
  ): Promise<EvidenceRecord[]>
}

export function add(target: Figures, key: MetricKey, n: number): void {
  target[key] = (target[key] ?? 0) + n
}

export function entry(map: Map<string, VillageFigures>, villageId: string): VillageFigures {
  let e = map.get(villageId)
  if (!e) map.set(villageId, (e = { ytd: {}, month: {} }))
  return e
}

/** Start of a Beijing month as an instant. */
export function monthStart(month: string): Date {
  return new Date(`${month}-01T00:00:00+08:00`)
}
export function monthEnd(month: string): Date {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 12
    ? new Date(`${y + 1}-01-01T00:00:00+08:00`)
    : new Date(`${y}-${String(m + 1).padStart(2, '0')}-01T00:00:00+08:00`)
}

/** The month counters a source reads: the village's (one village) or the townships' (a board), for these months. */
export function monthsWhere(db: Database, scope: SourceScope, months: string[], extra: Record<string, unknown> = {}) {
  const _ = db.command
  return scope.villageId
    ? { villageId: scope.villageId, ...extra, month: _.in(months) }
    : { townshipId: _.in(scope.townshipIds), ...extra, month: _.in(months) }
}
