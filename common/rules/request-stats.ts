/**
 * "矛盾不上交" figures of residents' requests per village and month, pure. The cloud keeps one counter document
 * per village and Beijing month, updated on every transition (`monthDelta`), so a township's or the county's
 * figures read O(villages) documents (`combineMonths`) instead of the requests themselves.
 *
 * Counted in the month in which it happened: `received` when raised, `escalated` per village→township report,
 * `closed` / `closedInVillage` / `closedLate` and the close time when closed, ratings when rated. Nothing here
 * is about a person: figures are per village, never per cadre or member.
 */
import type { HandlingLevel, Rating } from './request-flow'

export interface MonthCounters {
  received: number
  escalated: number
  closed: number
  closedInVillage: number
  /** Closed after the resolution deadline. */
  closedLate: number
  satisfied: number
  basically: number
  unsatisfied: number
  /** Hours from raising to closing, one entry per closed request (a village closes a handful a month). */
  closeHours: number[]
}

export type CounterKey = Exclude<keyof MonthCounters, 'closeHours'>

export function emptyMonth(): MonthCounters {
  return {
    received: 0,
    escalated: 0,
    closed: 0,
    closedInVillage: 0,
    closedLate: 0,
    satisfied: 0,
    basically: 0,
    unsatisfied: 0,
    closeHours: [],
  }
}

export type StatEvent =
  | { kind: 'raised' }
  | { kind: 'escalated'; from: HandlingLevel }
  | { kind: 'closed'; level: HandlingLevel; hours: number; late: boolean }
  | { kind: 'rated'; rating: Rating }

/** The counters an event adds (increments), and the close time to append, if any. */
export function monthDelta(event: StatEvent): { inc: Partial<Record<CounterKey, number>>; closeHours?: number } {
  switch (event.kind) {
    case 'raised':
      return { inc: { received: 1 } }
    case 'escalated':
      // Only the village's report counts as "went up" for 矛盾不上交; the township's hop to the county is inside the township.
      return { inc: event.from === 'village' ? { escalated: 1 } : {} }
    case 'closed':
      return {
        inc: {
          closed: 1,
          ...(event.level === 'village' ? { closedInVillage: 1 } : {}),
          ...(event.late ? { closedLate: 1 } : {}),
        },
        closeHours: Math.max(0, Math.round(event.hours * 10) / 10),
      }
    case 'rated':
      return { inc: { [event.rating]: 1 } }
  }
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export interface MonthFigures {
  received: number
  escalated: number
  closed: number
  closedInVillage: number
  closedLate: number
  /** Closed in the village out of all closed, in percent (null when none closed). */
  villageSharePercent: number | null
  medianCloseHours: number | null
  rated: number
  /** 满意 + 基本满意 out of rated, in percent. */
  satisfactionPercent: number | null
}

const percent = (num: number, den: number) => (den > 0 ? Math.round((num * 1000) / den) / 10 : null)

/** Sums counter documents (any mix of villages and months) into figures. */
export function combineMonths(docs: readonly Partial<MonthCounters>[]): MonthFigures {
  const sum = emptyMonth()
  for (const d of docs) {
    for (const k of Object.keys(sum) as (keyof MonthCounters)[]) {
      if (k === 'closeHours') sum.closeHours.push(...(d.closeHours ?? []))
      else sum[k] += d[k] ?? 0
    }
  }
  const rated = sum.satisfied + sum.basically + sum.unsatisfied
  return {
    received: sum.received,
    escalated: sum.escalated,
    closed: sum.closed,
    closedInVillage: sum.closedInVillage,
    closedLate: sum.closedLate,
    villageSharePercent: percent(sum.closedInVillage, sum.closed),
    medianCloseHours: median(sum.closeHours),
    rated,
    satisfactionPercent: percent(sum.satisfied + sum.basically, rated),
  }
}

export function statsDocId(villageId: string, month: string): string {
  return `${villageId}_${month}`
}
