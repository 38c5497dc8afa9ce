/** grid: its collections, their documents, and the reads and writes its handlers share. */
import { SUPERVISORS, VILLAGE_CADRES, type Role } from '../../common/roles'
import { type VisitState } from '../../common/rules/visits-due'
import { callerIn } from '../_lib/caller'
import { getDocs, type Database } from '../_lib/cloud'
import { C } from '../_lib/collections'
import { getAll, type GridDoc } from '../_lib/records'
import { type HandlerContext } from '../_lib/runtime'

/**
 * 党员联户 and visits. A link (collection `linkages`) ties one household to one Party member from `from` until
 * `to`; reassigning ends the old link (kept as history) and starts a new one. The active link also carries the
 * household's visit state (last visit date, visits this year) so that a member's list of due households is one
 * query; the state moves with the household to its next link.
 */
export interface LinkageDoc extends VisitState {
  _id: string
  villageId: string
  townshipId: string
  gridId: string | null
  householdId: string
  memberPersonId: string
  memberName: string
  active: boolean
  from: Date
  to: Date | null
  note?: string | null
  by: string
  /** Why the link ended when the household moved to another grid. */
  endNote?: string | null
}

export interface VisitDoc {
  _id: string
  villageId: string
  townshipId: string
  householdId: string
  memberPersonId: string
  memberName: string
  date: string
  met: string
  situation: string
  needs?: string | null
  followUp?: string | null
  requestIds: string[]
  createdAt: Date
  /** What became of the finding (`needs`): turned into a request, or handled (grid.resolveFinding). */
  needsOutcome?: {
    outcome: 'request' | 'handled'
    requestId?: string | null
    note?: string | null
    by: string
    at: Date
  } | null
}

export const WHOLE_VILLAGE: readonly Role[] = [...VILLAGE_CADRES, ...SUPERVISORS]

export const MAX_VISIT_AGE_DAYS = 92

export const me = callerIn

export const wholeVillage = (ctx: HandlerContext) =>
  ctx.granted.some((m) => m.roles.some((r) => WHOLE_VILLAGE.includes(r)))

/** Null: the whole village; else the grids the caller leads. */
export async function gridScope(ctx: HandlerContext, villageId: string): Promise<string[] | null> {
  if (wholeVillage(ctx)) return null
  const m = me(ctx, villageId)
  if (!m?.personId || !m.roles.includes('grid_leader')) return []
  const grids = await getDocs<GridDoc>(
    ctx.db.collection(C.grids).where({ villageId, leaderPersonId: m.personId }).field({ _id: true }).limit(100),
  )
  return grids.map((g) => g._id)
}

export async function activeLinks(db: Database, where: Record<string, unknown>): Promise<LinkageDoc[]> {
  return getAll<LinkageDoc>(db.collection(C.linkages).where({ ...where, active: true }) as never, 20000)
}
