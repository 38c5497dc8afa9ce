/**
 * Situation tags of a household for the member who visits it (党员联户, domain rules §6): what can be read from the
 * records the village already keeps — household size, adults, who of the household is away (在外、流动党员) —
 * plus the tags a roster import or a cadre stored on the household (低保, 五保, 残疾…). Nothing is asked twice
 * (domain rules §8: data reported once). Pure; no I/O.
 */

/** Tags a household record may carry as stored; anything else stored is ignored. */
export const STORED_SITUATION_TAGS = [
  '低保',
  '五保',
  '特困',
  '残疾',
  '脱贫监测',
  '军属',
  '独居老人',
  '留守儿童',
] as const

export interface HouseholdFacts {
  memberCount: number
  adultCount: number
  /** Tags stored on the household record. */
  tags?: readonly string[] | null
}

export interface PersonFacts {
  /** 在外 (working away) or 流动 (a mobile Party member): not living at home now. */
  away: boolean
}

/** Presence of a Party member as the roster keeps it → away from home. */
export const isAway = (party?: { presence?: string } | null) =>
  party?.presence === 'away' || party?.presence === 'mobile'

/**
 * The tags, in a fixed order: 独居 (one person, or only one left at home), 留守 (someone away, others at home),
 * 有未成年人, then the stored ones. `people` are the household's people on the roster (usually not all of them).
 */
export function situationTags(h: HouseholdFacts, people: readonly PersonFacts[]): string[] {
  const tags: string[] = []
  const size = Math.max(h.memberCount, people.length)
  const away = people.filter((p) => p.away).length
  const atHome = size - away
  if (atHome === 1) tags.push('独居')
  if (away > 0 && atHome >= 1) tags.push('留守')
  if (h.adultCount < size && h.adultCount >= 0) tags.push('有未成年人')
  for (const t of h.tags ?? [])
    if ((STORED_SITUATION_TAGS as readonly string[]).includes(t) && !tags.includes(t)) tags.push(t)
  return tags
}
