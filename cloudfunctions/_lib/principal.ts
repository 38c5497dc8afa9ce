import type { Role } from '../../common/roles'
import { getDocs, type Database } from './cloud'
import { C } from './collections'

/** Who is calling, as WeChat says (never as the client says). */
export interface Identity {
  openid: string
  appid: string
  unionid: string
}

/**
 * One line of a binding: the roles a person holds in one village (villageId, and its townshipId), or as a
 * township organiser (townshipId only) or county organiser (neither).
 */
export interface Membership {
  villageId?: string
  townshipId?: string
  /** The roster entry (collection `people`) this WeChat account is bound to. */
  personId?: string
  /** The person's name, kept here so that audit entries can say who acted without another read. */
  name?: string
  roles: Role[]
}

/** The caller's roster binding. Unbound WeChat users have no memberships. */
export interface Principal {
  identity: Identity
  bound: boolean
  memberships: Membership[]
}

export interface BindingDoc {
  _id: string
  memberships?: Membership[]
  updatedAt?: Date
}

/** Bindings are keyed by OPENID, so one WeChat account maps to one binding holding all its memberships. */
export async function loadPrincipal(db: Database, identity: Identity): Promise<Principal> {
  if (!identity.openid) return { identity, bound: false, memberships: [] }
  const [binding] = await getDocs<BindingDoc>(db.collection(C.bindings).where({ _id: identity.openid }).limit(1))
  const memberships = binding?.memberships ?? []
  return { identity, bound: Boolean(binding) && memberships.length > 0, memberships }
}

export function holdsAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.memberships.some((m) => m.roles.some((r) => roles.includes(r)))
}

/** The caller's own roster entries: reads of these are not audited as reads of someone else's data. */
export function ownPersonIds(principal: Principal): string[] {
  return principal.memberships.flatMap((m) => (m.personId ? [m.personId] : []))
}
