import Taro from '@tarojs/taro'
import { dateLabel, dateTimeLabel } from '@common/rules/human-text'
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

/** "3月10日（周二）09:00" in Beijing time. */
export const beijing = (isoTime: string): string => dateTimeLabel(isoTime)

export const go = (url: string) => Taro.navigateTo({ url })
export const matterUrl = (villageId: string, matterId: string) =>
  `/packages/deliberation/pages/matter/index?villageId=${villageId}&matterId=${matterId}`

/** A meeting's time as picked (Beijing date, optional time) → what `heldAt` stores; nothing picked → undefined. */
export function heldAt(date: string, time: string): string | undefined {
  if (!date) return undefined
  return time ? `${date}T${time}:00+08:00` : date
}

/** `heldAt` in words; older records typed by hand are shown as they were typed. */
export function heldAtLabel(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return dateTimeLabel(value)
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return dateLabel(`${value}T12:00:00+08:00`)
  return value
}
