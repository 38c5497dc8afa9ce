import Taro from '@tarojs/taro'
import { useVillage } from '@/state/village'

/** The village the page is about (the village context: src/state/village.ts). */
export function useVillageId(): string {
  return useVillage().villageId
}

/** The caller's roles in the village in view and their supervising membership (township / county), if any. */
export function useMyRoles() {
  const view = useVillage()
  const roles = view.villages.filter((m) => m.villageId === view.villageId).flatMap((m) => m.roles)
  return { roles, supervisor: view.supervisor, bound: view.bound, loading: view.loading, view }
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
