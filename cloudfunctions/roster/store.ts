/** roster: its collections, their documents, and the reads and writes its handlers share. */
import { ROSTER_KEEPERS, SUPERVISORS, type Role } from '../../common/roles'
import { getDocs, type Database } from '../_lib/cloud'
import { C } from '../_lib/collections'
import type { BindingDoc, Membership } from '../_lib/principal'
import { type GridDoc, type PersonDoc } from '../_lib/records'
import { txGet, type Tx } from '../_lib/transaction'
import { type HandlerContext } from '../_lib/runtime'

export const DAY_MS = 24 * 3600_000

export const WHOLE_VILLAGE_READERS: readonly Role[] = [...ROSTER_KEEPERS, 'resident_cadre', ...SUPERVISORS]

/**
 * A grid leader reads only their own grid(s); every other role that reaches the village reads all of it.
 * Returns the grid ids to restrict to, or null for no restriction.
 */
export async function gridRestriction(ctx: HandlerContext, villageId: string): Promise<string[] | null> {
  // ctx.granted holds only memberships that reach this village, so any whole-village role among them counts.
  if (ctx.granted.some((m) => m.roles.some((r) => WHOLE_VILLAGE_READERS.includes(r)))) return null
  const personIds = ctx.granted.filter((m) => m.villageId === villageId && m.personId).map((m) => m.personId!)
  if (personIds.length === 0) return []
  const grids = await getDocs<GridDoc>(
    ctx.db
      .collection(C.grids)
      .where({ villageId, leaderPersonId: ctx.db.command.in(personIds) })
      .limit(100),
  )
  return grids.map((g) => g._id)
}

/** Whether the call goes through a township organiser's (of this village's township) or the county's membership. */
export const actsAsSupervisor = (ctx: Pick<HandlerContext, 'granted'>): boolean =>
  ctx.granted.some((m) => m.roles.some((r) => (SUPERVISORS as readonly Role[]).includes(r)))

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export function villageCounters(p: Pick<PersonDoc, 'roles' | 'party'> | undefined) {
  const member = Boolean(p?.roles.includes('party_member'))
  return { people: p ? 1 : 0, party: member ? 1 : 0, away: member && p?.party?.presence === 'away' ? 1 : 0 }
}

/** The person's roles and name copied into their binding, inside the transaction that changes the person. */
export async function syncBinding(tx: Tx, db: Database, person: PersonDoc, now: Date): Promise<void> {
  if (!person.openid) return
  const binding = await txGet<BindingDoc>(tx, C.bindings, person.openid)
  if (!binding) return
  const memberships: Membership[] = (binding.memberships ?? []).map((m) =>
    m.personId === person._id ? { ...m, roles: person.roles as Role[], name: person.name } : m,
  )
  await tx
    .collection(C.bindings)
    .doc(person.openid)
    .update({ data: { memberships: db.command.set(memberships), updatedAt: now } })
}
