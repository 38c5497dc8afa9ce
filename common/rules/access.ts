/**
 * Role × scope: whether a caller's memberships let them call an action on a target. Pure; the cloud runtime
 * (cloudfunctions/_lib/runtime.ts) applies it to every call, the access-matrix test walks it through every action.
 */
import type { Scope } from '../contract'
import { PUBLIC, ROLE_LEVEL, type Access, type Role } from '../roles'

/** One line of a binding: the roles a person holds in one village, or as organiser of a township or the county. */
export interface MembershipLike {
  villageId?: string
  townshipId?: string
  roles: readonly Role[]
}

/** What an action acts on, from its input (`villageId`, `townshipId`) and, for a village, the township it is in. */
export interface AccessTarget {
  villageId?: string
  townshipId?: string
  /** The township of `villageId`; needed only when a township organiser asks about a village. */
  villageTownshipId?: string
}

/** Whether `role`, held through membership `m`, reaches `target` under `scope`. */
export function roleReaches(role: Role, m: MembershipLike, scope: Scope, target: AccessTarget): boolean {
  const level = ROLE_LEVEL[role]
  switch (scope) {
    case 'public':
    case 'self':
      return true
    case 'village':
      if (!target.villageId) return false
      if (level === 'village') return m.villageId === target.villageId
      if (level === 'township') return Boolean(m.townshipId) && m.townshipId === target.villageTownshipId
      return true
    case 'township':
      if (!target.townshipId) return false
      if (level === 'township') return Boolean(m.townshipId) && m.townshipId === target.townshipId
      return level === 'county'
    case 'county':
      return level === 'county'
  }
}

/** The memberships through which the caller may act; empty means FORBIDDEN. */
export function grantingMemberships<M extends MembershipLike>(
  roles: readonly Access[],
  scope: Scope,
  memberships: readonly M[],
  target: AccessTarget,
): M[] {
  if (scope === 'public' || roles.includes(PUBLIC)) return [...memberships]
  return memberships.filter((m) => m.roles.some((r) => roles.includes(r) && roleReaches(r, m, scope, target)))
}

export function isAllowed(
  roles: readonly Access[],
  scope: Scope,
  memberships: readonly MembershipLike[],
  target: AccessTarget,
): boolean {
  if (scope === 'public') return true
  return grantingMemberships(roles, scope, memberships, target).length > 0
}

/**
 * True when deciding needs the township of the target village: some membership holds an allowed
 * township-level role and no membership already grants access directly.
 */
export function needsVillageTownship(
  roles: readonly Access[],
  scope: Scope,
  memberships: readonly MembershipLike[],
): boolean {
  return (
    scope === 'village' &&
    memberships.some((m) => m.roles.some((r) => roles.includes(r) && ROLE_LEVEL[r] === 'township'))
  )
}
