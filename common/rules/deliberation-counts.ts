/**
 * Per-village counters of 四议两公开 matters (collection `deliberation_counts`, one document per village), so that
 * the county overview reads O(villages) documents instead of every matter ever proposed. A matter counts once under
 * its category and once under its stage: `step1`…`step6` while working or voting, else its status (`returned`,
 * `completed`, `rejected`, `withdrawn`). Maintained by the deliberation function on creation and every transition.
 */
import { STATUS_LABELS, STEP_LABELS, type Category, type MatterStatus, type Step } from './deliberation'

export interface CountsDoc {
  _id: string
  villageId: string
  townshipId: string
  category: Partial<Record<Category, number>>
  stage: Record<string, number>
  /** `leftMethod`: matters that closed without going through the method (township overview). */
  attention?: { leftMethod?: number }
}

/** The township overview lists open matters and those closed in this many days (its figures count all). */
export const RECENT_DAYS = 90

export function stageKey(step: Step, status: MatterStatus): string {
  return status === 'working' || status === 'voting' ? `step${step}` : status
}

/**
 * Increments (field path → delta) for a matter created (`from` null) or moved from one step/status to another;
 * empty when the stage does not change (e.g. step 3 working → voting). `leftMethod`: the new state left the method
 * (`leftTheMethod`, only ever true of a closed matter, reached once) — counted under `attention.leftMethod`.
 */
export function countsDelta(
  category: Category,
  from: { step: Step; status: MatterStatus } | null,
  to: { step: Step; status: MatterStatus },
  leftMethod = false,
): Record<string, number> {
  const next = stageKey(to.step, to.status)
  const attention: Record<string, number> = leftMethod ? { 'attention.leftMethod': 1 } : {}
  if (!from) return { [`category.${category}`]: 1, [`stage.${next}`]: 1, ...attention }
  const previous = stageKey(from.step, from.status)
  return previous === next ? {} : { [`stage.${previous}`]: -1, [`stage.${next}`]: 1, ...attention }
}

/** The counters of a township's villages summed: what the township overview shows above its list. */
export function townshipCounts(docs: readonly Pick<CountsDoc, 'stage' | 'attention'>[]): {
  total: number
  open: number
  completed: number
  leftMethod: number
} {
  const out = { total: 0, open: 0, completed: 0, leftMethod: 0 }
  for (const d of docs) {
    for (const [key, n] of Object.entries(d.stage ?? {})) {
      out.total += n
      if (key.startsWith('step') || key === 'returned') out.open += n
      if (key === 'completed') out.completed += n
    }
    out.leftMethod += d.attention?.leftMethod ?? 0
  }
  return out
}

/** The county overview's stages, in display order (keys of `stageKey`). */
export const STAGE_KEYS = [
  'step1',
  'step2',
  'step3',
  'step4',
  'step5',
  'step6',
  'returned',
  'completed',
  'rejected',
  'withdrawn',
]

/** A stage as the county reads it: `第3步 …` for a step, else the status. */
export function stageLabel(key: string): string {
  return key.startsWith('step')
    ? `第${key.slice(4)}步 ${STEP_LABELS[Number(key.slice(4)) as Step]}`
    : STATUS_LABELS[key as MatterStatus]
}

/** A village's counters document created by its first delta (`group.key` → count). */
export function countsDocFrom(villageId: string, townshipId: string, delta: Record<string, number>): CountsDoc {
  const doc: CountsDoc = { _id: villageId, villageId, townshipId, category: {}, stage: {}, attention: {} }
  for (const [k, n] of Object.entries(delta)) {
    const [group, key] = k.split('.') as ['category' | 'stage' | 'attention', string]
    ;(doc[group] as Record<string, number>)[key] = n
  }
  return doc
}
