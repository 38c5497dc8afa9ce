/**
 * The facts `common/rules/raise-link.ts` needs, read for one caller and one target; refuses with FORBIDDEN (or
 * NOT_FOUND for a person or household of another village) before anything is written. Used by requests.raise
 * and the requests raised inside grid.recordVisit.
 */
import { AppError } from '../../common/errors'
import { VILLAGE_CADRES, type Role } from '../../common/roles'
import { raiseLinkRefusal } from '../../common/rules/raise-link'
import { getDocs, type Database } from './cloud'
import { C } from './collections'
import { findById, getInVillage, type HouseholdDoc, type PersonDoc } from './records'

export interface RaiseTarget {
  householdId?: string | null
  residentPersonId?: string | null
}

export async function assertRaiseLink(
  db: Database,
  villageId: string,
  caller: { personId: string; roles: readonly Role[] },
  target: RaiseTarget,
): Promise<void> {
  const person = target.residentPersonId
    ? await getInVillage<PersonDoc>(db, C.people, villageId, target.residentPersonId, '人员')
    : undefined
  const householdId = target.householdId ?? person?.householdId ?? null
  const cadre = caller.roles.some((r) => (VILLAGE_CADRES as readonly Role[]).includes(r))
  const [household, me, links, grids] = await Promise.all([
    householdId ? getInVillage<HouseholdDoc>(db, C.households, villageId, householdId, '户') : undefined,
    cadre ? undefined : findById<PersonDoc>(db, C.people, caller.personId),
    cadre
      ? []
      : getDocs<{ householdId: string }>(
          db
            .collection(C.linkages)
            .where({ villageId, memberPersonId: caller.personId, active: true })
            .field({ householdId: true })
            .limit(200),
        ),
    cadre || !caller.roles.includes('grid_leader')
      ? []
      : getDocs<{ _id: string }>(
          db.collection(C.grids).where({ villageId, leaderPersonId: caller.personId }).field({ _id: true }).limit(100),
        ),
  ])
  const refusal = raiseLinkRefusal({
    cadre,
    ownHouseholdId: me?.householdId ?? null,
    linkedHouseholdIds: links.map((l) => l.householdId),
    ledGridIds: grids.map((g) => g._id),
    householdId,
    householdGridId: household?.gridId ?? null,
    ...(person ? { personHouseholdId: person.householdId ?? null } : {}),
  })
  if (refusal) throw new AppError('FORBIDDEN', refusal)
}
