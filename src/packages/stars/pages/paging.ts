/**
 * Keeps the county dashboard's long lists to a bounded size on screen. Every row a page renders goes through one
 * setData; with all of a county's villages at once (262 here, 2,620 at 10×) the payload passes WeChat's 256 KB
 * guidance at 10× (measured in test/weapp/setdata-size.test.ts). So the ranking shows a page of rows at a time and
 * the village grid one township at a time.
 */

/** Rows of the 月达标排序 per page. */
export const COMPARISON_PAGE = 50

export interface Page<T> {
  rows: T[]
  /** 0-based, clamped to the pages there are. */
  page: number
  pages: number
}

export function pageOf<T>(rows: readonly T[], page: number, size = COMPARISON_PAGE): Page<T> {
  const pages = Math.max(1, Math.ceil(rows.length / size))
  const at = Math.min(Math.max(0, Math.floor(page)), pages - 1)
  return { rows: rows.slice(at * size, (at + 1) * size), page: at, pages }
}

export interface TownshipGroup<V> {
  townshipId: string
  name: string
  villages: V[]
}

/**
 * The villages grouped by township, in the order townships first appear. Names come from rows that carry both
 * the village and its township's name (the ranking, the 连续两月靠后 list); a township missing from both is
 * numbered.
 */
export function townshipGroups<V extends { villageId: string; townshipId: string }>(
  villages: readonly V[],
  named: readonly { villageId: string; townshipName: string }[],
): TownshipGroup<V>[] {
  const nameOfVillage = new Map(named.map((n) => [n.villageId, n.townshipName]))
  const groups = new Map<string, TownshipGroup<V>>()
  for (const v of villages) {
    let group = groups.get(v.townshipId)
    if (!group) {
      group = { townshipId: v.townshipId, name: '', villages: [] }
      groups.set(v.townshipId, group)
    }
    group.villages.push(v)
    if (!group.name) group.name = nameOfVillage.get(v.villageId) ?? ''
  }
  return [...groups.values()].map((g, i) => (g.name ? g : { ...g, name: `乡镇 ${i + 1}` }))
}
