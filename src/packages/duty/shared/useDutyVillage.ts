import Taro from '@tarojs/taro'
import type { Role } from '@common/roles'
import { useCall } from '@/api/useCall'
import { pageParams, VILLAGE_KEY } from '@/state/prefs'

export const CADRE_ROLES: readonly Role[] = [
  'branch_secretary',
  'branch_committee_member',
  'village_committee_member',
  'first_secretary',
  'resident_cadre',
]
export const PLANNER_ROLES: readonly Role[] = ['branch_secretary', 'first_secretary']

/**
 * The village the duty pages are about (?villageId=, else the chosen village, else the caller's first village)
 * and the caller's roles there.
 */
export function useDutyVillage(): {
  villageId: string
  roles: Role[]
  loading: boolean
  isCadre: boolean
  isPlanner: boolean
} {
  const who = useCall('system', 'whoami', {})
  let stored = ''
  try {
    stored = String(Taro.getStorageSync(VILLAGE_KEY) || '')
  } catch {
    stored = ''
  }
  const memberships = who.data?.memberships ?? []
  const villageId = pageParams().villageId || stored || memberships.find((m) => m.villageId)?.villageId || ''
  const roles = (memberships.find((m) => m.villageId === villageId)?.roles ?? []) as Role[]
  return {
    villageId,
    roles,
    loading: who.loading && !who.data,
    isCadre: roles.some((r) => CADRE_ROLES.includes(r)),
    isPlanner: roles.some((r) => PLANNER_ROLES.includes(r)),
  }
}

export const hhmm = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000)
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
}
