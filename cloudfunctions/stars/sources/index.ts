import type { MetricKey } from '../../../common/rules/stars-template'
import { councilSource } from './council'
import { deliberationSource } from './deliberation'
import { dutySource } from './duty'
import { meetingsSource } from './meetings'
import { requestsSource } from './requests'
import type { EvidenceSource } from './types'

/** Every evidence source, one per module (grid visits and others: add a file and a line here). */
export const SOURCES: readonly EvidenceSource[] = [
  dutySource,
  meetingsSource,
  deliberationSource,
  requestsSource,
  councilSource,
]

export function sourceOf(metric: MetricKey): EvidenceSource | undefined {
  return SOURCES.find((s) => s.metrics.includes(metric))
}

export type { EvidenceSource, SourceScope, VillageFigures, EvidenceRecord } from './types'
