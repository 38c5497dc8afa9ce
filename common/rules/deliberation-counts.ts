/**
 * Per-village counters of 四议两公开 matters (collection `deliberation_counts`, one document per village), so that
 * the county overview reads O(villages) documents instead of every matter ever proposed. A matter counts once under
 * its category and once under its stage: `step1`…`step6` while working or voting, else its status (`returned`,
 * `completed`, `rejected`, `withdrawn`). Maintained by the deliberation function on creation and every transition.
 */
import type { Category, MatterStatus, Step } from './deliberation'

export interface CountsDoc {
  _id: string
  villageId: string
  townshipId: string
  category: Partial<Record<Category, number>>
  stage: Record<string, number>
}

export function stageKey(step: Step, status: MatterStatus): string {
  return status === 'working' || status === 'voting' ? `step${step}` : status
}

/**
 * Increments (field path → delta) for a matter created (`from` null) or moved from one step/status to another;
 * empty when the stage does not change (e.g. step 3 working → voting).
 */
export function countsDelta(category: Category, from: { step: Step; status: MatterStatus } | null, to: { step: Step; status: MatterStatus }): Record<string, number> {
  const next = stageKey(to.step, to.status)
  if (!from) return { [`category.${category}`]: 1, [`stage.${next}`]: 1 }
  const previous = stageKey(from.step, from.status)
  return previous === next ? {} : { [`stage.${previous}`]: -1, [`stage.${next}`]: 1 }
}
