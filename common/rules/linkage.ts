/**
 * 党员联户 (domain rules §6), pure: each Party member is linked to a set of households within their grid; the
 * number is compared with the village's effective range (`linkageMinHouseholds`–`linkageMaxHouseholds`, e.g.
 * 5–10, 10–20). Outside the range is a warning for the village to act on, never a block and never a ranking.
 */
import type { Settings } from './settings'

export type RatioWarning = 'none' | 'below' | 'above' | null

export function ratioWarning(
  count: number,
  range: Pick<Settings, 'linkageMinHouseholds' | 'linkageMaxHouseholds'>,
): RatioWarning {
  if (count === 0) return 'none'
  if (count < range.linkageMinHouseholds) return 'below'
  if (count > range.linkageMaxHouseholds) return 'above'
  return null
}

export function ratioMessage(
  name: string,
  count: number,
  range: Pick<Settings, 'linkageMinHouseholds' | 'linkageMaxHouseholds'>,
): string | null {
  const w = ratioWarning(count, range)
  const span = `${range.linkageMinHouseholds}–${range.linkageMaxHouseholds} 户`
  if (w === 'none') return `${name}还没有联系户（本村要求每名党员联系 ${span}）`
  if (w === 'below') return `${name}联系 ${count} 户，少于本村要求的 ${span}`
  if (w === 'above') return `${name}联系 ${count} 户，多于本村要求的 ${span}`
  return null
}

export interface LinkageSummaryInput {
  members: readonly { personId: string; gridId?: string | null }[]
  households: readonly { id: string; gridId?: string | null }[]
  /** Active links: household → member. */
  links: readonly { householdId: string; memberPersonId: string }[]
}

export interface LinkageSummary {
  countByMember: Map<string, number>
  unlinkedHouseholds: string[]
  membersWithNone: string[]
}

/** Per member counts, households nobody is linked to, and members linked to none. */
export function summariseLinkage({ members, households, links }: LinkageSummaryInput): LinkageSummary {
  const countByMember = new Map<string, number>(members.map((m) => [m.personId, 0]))
  const linked = new Set<string>()
  for (const l of links) {
    linked.add(l.householdId)
    countByMember.set(l.memberPersonId, (countByMember.get(l.memberPersonId) ?? 0) + 1)
  }
  return {
    countByMember,
    unlinkedHouseholds: households.filter((h) => !linked.has(h.id)).map((h) => h.id),
    membersWithNone: members.filter((m) => (countByMember.get(m.personId) ?? 0) === 0).map((m) => m.personId),
  }
}

/**
 * Whether a member may be linked to a household: within the grid (网格党小组) when both have one; a member or a
 * household without a grid may be linked across.
 */
export function sameGridOk(
  memberGridId: string | null | undefined,
  householdGridId: string | null | undefined,
): boolean {
  return !memberGridId || !householdGridId || memberGridId === householdGridId
}
