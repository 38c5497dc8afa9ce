import type { Role } from '@common/roles'
import { useVillage, type VillageView } from '@/state/village'

export const CADRE_ROLES: readonly Role[] = [
  'branch_secretary',
  'branch_committee_member',
  'village_committee_member',
  'first_secretary',
  'resident_cadre',
]
export const PLANNER_ROLES: readonly Role[] = ['branch_secretary', 'first_secretary']

/** The village the duty pages are about (the village context: src/state/village.ts) and the caller's roles there. */
export function useDutyVillage(): {
  villageId: string
  roles: Role[]
  loading: boolean
  isCadre: boolean
  isPlanner: boolean
  view: VillageView
} {
  const view = useVillage()
  const roles = view.roles
  return {
    villageId: view.villageId,
    roles,
    loading: view.loading,
    isCadre: roles.some((r) => CADRE_ROLES.includes(r)),
    isPlanner: roles.some((r) => PLANNER_ROLES.includes(r)),
    view,
  }
}

export const hhmm = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000)
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
}
