/** roster: stored documents → the contract's output shapes (no I/O). */
import { type Role } from '../../common/roles'
import { maskPhone } from '../../common/rules/masking'
import { type PersonDoc } from '../_lib/records'

export const personRow = (p: PersonDoc) => ({
  id: p._id,
  name: p.name,
  phoneMasked: p.phone ? maskPhone(p.phone) : '',
  roles: p.roles as Role[],
  householdId: p.householdId ?? undefined,
  gridId: p.gridId ?? undefined,
  party: p.party ?? undefined,
  bound: Boolean(p.openid),
})
