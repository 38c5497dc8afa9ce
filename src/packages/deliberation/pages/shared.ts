import Taro from '@tarojs/taro'
import { useCall } from '@/api/useCall'
import { pageParams, VILLAGE_KEY } from '@/state/prefs'

/** The village the page is about: from the query, else the one chosen on the device. */
export function useVillageId(): string {
  return pageParams().villageId || String(Taro.getStorageSync(VILLAGE_KEY) || '')
}

/** The caller's roles in this village and their supervising membership (township / county), if any. */
export function useMyRoles(villageId: string) {
  const me = useCall('system', 'whoami', {})
  const memberships = me.data?.memberships ?? []
  const roles = memberships.filter((m) => m.villageId === villageId).flatMap((m) => m.roles)
  const supervisor = memberships.find(
    (m) => !m.villageId && m.roles.some((r) => r === 'township_organiser' || r === 'county_organiser'),
  )
  return { roles, supervisor, bound: Boolean(me.data?.bound), loading: me.loading }
}

/** Those who run a matter (mirrors DELIBERATION_RUNNERS in common/contracts/deliberation.ts). */
export const isRunner = (roles: readonly string[]) =>
  roles.some(
    (r) =>
      r === 'branch_secretary' ||
      r === 'branch_committee_member' ||
      r === 'village_committee_member' ||
      r === 'first_secretary',
  )

/** "2026-03-10 09:00" in Beijing time. */
export function beijing(isoTime: string): string {
  const d = new Date(new Date(isoTime).getTime() + 8 * 3600_000)
  return d.toISOString().slice(0, 16).replace('T', ' ')
}

export const go = (url: string) => Taro.navigateTo({ url })
export const matterUrl = (villageId: string, matterId: string) =>
  `/packages/deliberation/pages/matter/index?villageId=${villageId}&matterId=${matterId}`
