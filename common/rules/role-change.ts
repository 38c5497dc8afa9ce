/**
 * Who may change whose roles (花名册 角色任免). Pure; roster.savePerson gathers the facts and asks.
 *
 * - Nobody changes their own roles (a committee member cannot make themselves secretary).
 * - Granting or revoking a role the county lists (`townshipGrantedRoles`: at least 支部书记 and 驻村第一书记) needs a
 *   township organiser of the village's township, or the county organiser.
 * - Re-binding someone else's WeChat (更换微信) needs their township (or county) organiser, or the person themself.
 */
import { ROLE_LABELS, type Role } from '../roles'

export const OWN_ROLES_MESSAGE = '不能修改自己的角色，请由其他村干部或乡镇办理'
export const REBIND_MESSAGE = '更换他人的微信须由乡镇组织委员办理（或本人办理）'

/** Roles granted and revoked between `before` and `after`. */
export function roleChanges(before: readonly Role[], after: readonly Role[]): { granted: Role[]; revoked: Role[] } {
  return {
    granted: after.filter((r) => !before.includes(r)),
    revoked: before.filter((r) => !after.includes(r)),
  }
}

export interface RoleChangeFacts {
  /** The roster person being saved; absent for a new person. */
  personId?: string
  /** The caller's own roster persons (in any village). */
  callerPersonIds: readonly string[]
  /** Whether the caller acts here as a township organiser of the village's township or as the county organiser. */
  supervisor: boolean
  before: readonly Role[]
  after: readonly Role[]
  /** The county's `townshipGrantedRoles`. */
  townshipGrantedRoles: readonly string[]
}

/** Null when allowed; otherwise the reason, in plain words. */
export function roleChangeRefusal(f: RoleChangeFacts): string | null {
  const { granted, revoked } = roleChanges(f.before, f.after)
  const changed = [...granted, ...revoked]
  if (changed.length === 0) return null
  if (f.personId && f.callerPersonIds.includes(f.personId)) return OWN_ROLES_MESSAGE
  const guarded = changed.filter((r) => f.townshipGrantedRoles.includes(r))
  if (guarded.length && !f.supervisor)
    return `${guarded.map((r) => ROLE_LABELS[r]).join('、')}的任免须由乡镇组织委员（或县委组织部）办理`
  return null
}

/** Whether the caller may issue a 更换微信 code for this person. */
export function mayRebind(f: { personId: string; callerPersonIds: readonly string[]; supervisor: boolean }): boolean {
  return f.supervisor || f.callerPersonIds.includes(f.personId)
}
