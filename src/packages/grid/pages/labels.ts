import { REQUEST_CATEGORY_LABELS, REQUEST_URGENCY_LABELS, type RequestCategory } from '@common/rules/request-deadlines'
import {
  HANDLING_LEVEL_LABELS,
  RATING_LABELS,
  REQUEST_ACTION_LABELS,
  REQUEST_STATUS_LABELS,
} from '@common/rules/request-flow'
import { VISIT_DUE_LABELS } from '@common/rules/visits-due'
import { formatBeijing } from '@common/rules/beijing-time'

export {
  HANDLING_LEVEL_LABELS,
  RATING_LABELS,
  REQUEST_ACTION_LABELS,
  REQUEST_CATEGORY_LABELS,
  REQUEST_STATUS_LABELS,
  REQUEST_URGENCY_LABELS,
  VISIT_DUE_LABELS,
}
export const CATEGORY_KEYS = Object.keys(REQUEST_CATEGORY_LABELS) as RequestCategory[]
export const when = (iso?: string) => (iso ? formatBeijing(iso, 'M月D日 HH:mm') : '')
export const GRID_PAGES = '/packages/grid/pages'
export const OVERDUE_LABELS = { verify: '超过核实时限', resolve: '超过办结时限' } as const
export function todayBeijing(): string {
  return formatBeijing(Date.now(), 'YYYY-MM-DD')
}
