/**
 * Retiring and merging villages (村改居, 合村并居) without losing their history: who may, which pairs may merge, what
 * the moved records are called in their new village, and how the counters follow. Pure; no I/O.
 */

export interface LifecycleVillage {
  id: string
  name: string
  townshipId: string
  retired?: { mergedInto?: { name: string } } | null
}

/** The caller, as the runtime granted them: a county organiser, or the township organiser of these townships. */
export interface LifecycleActor {
  county: boolean
  townshipIds: readonly string[]
}

/** Why this village cannot be retired now, or null. */
export function retireProblem(village: LifecycleVillage): string | null {
  if (village.retired)
    return village.retired.mergedInto
      ? `${village.name}已并入${village.retired.mergedInto.name}，不能再撤销`
      : `${village.name}已经撤销`
  return null
}

/** Why `source` cannot be merged into `target` by this caller, or null. */
export function mergeProblem(source: LifecycleVillage, target: LifecycleVillage, actor: LifecycleActor): string | null {
  if (source.id === target.id) return '不能把一个村并入它自己'
  const sourceRetired = retireProblem(source)
  if (sourceRetired) return sourceRetired
  if (target.retired) return `${target.name}已经撤销，不能再并入其他村`
  if (!actor.county && !actor.townshipIds.includes(target.townshipId))
    return `${target.name}不在本乡镇，跨乡镇合并须由县委组织部办理`
  return null
}

/** A grid keeps its name with its old village's in front, so two villages' 第一网格 stay apart (at most 20 chars). */
export function mergedGridName(sourceVillageName: string, gridName: string): string {
  if (gridName.startsWith(sourceVillageName)) return gridName.slice(0, 20)
  return `${sourceVillageName}${gridName}`.slice(0, 20)
}

export interface MovedPerson {
  roles: readonly string[]
  party?: { presence?: string } | null
  openid?: string | null
}

export interface VillageCounters {
  householdCount: number
  gridCount: number
  peopleCount: number
  partyMemberCount: number
  partyMembersAway: number
  boundCount: number
  registeredAdults: number
}

/** The counters the moved records add to the target (the source's become zero). */
export function movedCounters(
  people: readonly MovedPerson[],
  households: number,
  grids: number,
  registeredAdults: number,
): VillageCounters {
  const members = people.filter((p) => p.roles.includes('party_member'))
  return {
    householdCount: households,
    gridCount: grids,
    peopleCount: people.length,
    partyMemberCount: members.length,
    partyMembersAway: members.filter((p) => p.party?.presence === 'away').length,
    boundCount: people.filter((p) => p.openid).length,
    registeredAdults,
  }
}

/** What a confirmation says will happen, in plain words. */
export function mergeSummary(
  source: Pick<LifecycleVillage, 'name'>,
  target: Pick<LifecycleVillage, 'name'>,
  counts: { households: number; people: number; grids: number },
): string {
  return (
    `${source.name}的 ${counts.households} 户、${counts.people} 人、${counts.grids} 个网格将并入${target.name}，` +
    `${source.name}随即撤销，不再接受新的工作；它的记录、会议、议题仍可查看。此操作不能撤回。`
  )
}

export function retireSummary(village: Pick<LifecycleVillage, 'name'>, bound: number): string {
  return (
    `${village.name}撤销后不再接受新的工作，本村 ${bound} 人的微信绑定随之解除；` +
    `它的花名册、记录、会议、议题仍可由乡镇、县查看。此操作不能撤回。`
  )
}
