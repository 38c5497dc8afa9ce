/** Shared by the 红白理事会 pages: the village in view, words for statuses and figures, yuan ↔ fen for forms. */
import Taro from '@tarojs/taro'
import {
  COMPLIANCE_LABELS,
  EVENT_KIND_LABELS,
  FILING_STATUS_LABELS,
  figuresOf,
  formatFen,
  yuanToFen,
  type Compliance,
  type EventKind,
  type FigureKey,
  type Figures,
  type FilingStatus,
} from '@common/rules/council-standards'
import { useVillage } from '@/state/village'

/** The village in view (the village context: src/state/village.ts). */
export function useCouncilVillage() {
  return useVillage()
}

export const kindLabel = (k: string) => EVENT_KIND_LABELS[k as EventKind] ?? k
export const statusLabel = (s: string) => FILING_STATUS_LABELS[s as FilingStatus] ?? s
export const complianceLabel = (c: string) => COMPLIANCE_LABELS[c as Compliance] ?? c
export const yuan = (fen: number) => `¥${formatFen(fen)}`

/** A counter row's compliance in words, e.g. "符合 5 · 超标有理由 1 · 超标无理由 0". */
export function complianceLine(c: { within: number; overWithReason: number; overWithoutReason: number }): string {
  return `符合标准 ${c.within} · 超标有理由 ${c.overWithReason} · 超标无理由 ${c.overWithoutReason}`
}

export const go = (url: string) => Taro.navigateTo({ url })

/** The typed figures as numbers (money in fen); `bad` lists those that are not a valid amount or count. */
export function parseFigures(
  kind: EventKind,
  typed: Partial<Record<FigureKey, string>>,
): { figures: Figures; bad: FigureKey[] } {
  const figures: Figures = {}
  const bad: FigureKey[] = []
  for (const def of figuresOf(kind)) {
    const text = (typed[def.key] ?? '').trim()
    if (!text) continue
    const value = def.money ? yuanToFen(text) : /^\d{1,4}$/.test(text) ? Number(text) : null
    if (value === null) bad.push(def.key)
    else figures[def.key] = value
  }
  return { figures, bad }
}
