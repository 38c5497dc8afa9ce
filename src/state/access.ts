import type { ActionName, FunctionName } from '@common/contracts'
import { isAllowed, type AccessTarget, type MembershipLike } from '@common/rules/access'
import { ALL_ROLES, PUBLIC, type Access, type Role } from '@common/roles'
import { ACCESS_TABLE } from './access-table'
import type { VillageView } from './village'

export type ActionKey = { [F in FunctionName]: `${F}.${ActionName<F>}` }[FunctionName]

/** The roles of a mask in the generated table. */
export function rolesOf(mask: number): Access[] {
  const roles: Access[] = ALL_ROLES.filter((_, i) => mask & (1 << i))
  if (mask & (1 << ALL_ROLES.length)) roles.push(PUBLIC)
  return roles
}

/**
 * Whether the server would let these memberships call `action` on `target` — the contract's roles × scope through
 * the same rule the runtime applies. A page shows a button only when this is true.
 */
export function mayCall(action: ActionKey, memberships: readonly MembershipLike[], target: AccessTarget): boolean {
  const entry = ACCESS_TABLE[action]
  if (!entry) return false
  return isAllowed(rolesOf(entry[1]), entry[0], memberships, target)
}

/** `mayCall` for the village (and township) a page is looking at. */
export function canIn(view: Pick<VillageView, 'memberships' | 'villageId' | 'villageTownshipId' | 'townshipId'>) {
  const target: AccessTarget = {
    villageId: view.villageId || undefined,
    villageTownshipId: view.villageTownshipId,
    townshipId: view.townshipId ?? view.villageTownshipId,
  }
  const memberships = view.memberships.map((m) => ({ ...m, roles: m.roles as Role[] }))
  return (action: ActionKey, override: AccessTarget = {}) => mayCall(action, memberships, { ...target, ...override })
}

/**
 * Whether someone holding `roles` (anywhere) may call `action` at all, whatever the village: for showing a whole
 * area to the people it is for. The server still checks the village when the call is made.
 */
export function rolesMayCall(action: ActionKey, roles: readonly Role[]): boolean {
  const entry = ACCESS_TABLE[action]
  if (!entry) return false
  const allowed = rolesOf(entry[1])
  return allowed.includes(PUBLIC) || roles.some((r) => allowed.includes(r))
}
