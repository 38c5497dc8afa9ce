/**
 * Raising a request (诉求) for someone else needs a real link between the caller and that person's household:
 * their own household, a household linked to them (党员联户), or — for a grid leader — a household of a grid they
 * lead. Village cadres handle every request of the village and may raise for anyone in it. Pure; the requests
 * and grid functions gather the facts and ask this.
 */
export interface RaiseLinkFacts {
  /** The caller holds a village cadre role in this village. */
  cadre: boolean
  /** The caller's own household, if any. */
  ownHouseholdId: string | null
  /** Households linked to the caller (active 联户). */
  linkedHouseholdIds: readonly string[]
  /** Grids the caller leads. */
  ledGridIds: readonly string[]
  /** The household the request is for (given, or the named person's). */
  householdId: string | null
  /** That household's grid. */
  householdGridId: string | null
  /** When a roster person is named: their household (null when they have none). */
  personHouseholdId?: string | null
}

export const NOT_IN_HOUSEHOLD_MESSAGE = '所选的人不在这一户，请核对'
export const NO_LINK_MESSAGE = '只能替本户、自己联系的户或本网格的户提出诉求'

/** Null when the caller may raise for this household / person; otherwise the reason, in plain words. */
export function raiseLinkRefusal(f: RaiseLinkFacts): string | null {
  if (f.personHouseholdId !== undefined && f.householdId && f.personHouseholdId !== f.householdId)
    return NOT_IN_HOUSEHOLD_MESSAGE
  if (f.cadre) return null
  const h = f.householdId
  if (!h) return NO_LINK_MESSAGE
  if (h === f.ownHouseholdId) return null
  if (f.linkedHouseholdIds.includes(h)) return null
  if (f.householdGridId && f.ledGridIds.includes(f.householdGridId)) return null
  return NO_LINK_MESSAGE
}
