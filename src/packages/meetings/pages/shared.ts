import Taro from '@tarojs/taro'
import { useVillage, type VillageView } from '@/state/village'

/** The branch the page is about (the village context: see src/state/village.ts) and the caller's roles there. */
export function useBranch(): {
  villageId: string
  roles: string[]
  townshipId?: string
  supervisor: boolean
  loading: boolean
  view: VillageView
} {
  const view = useVillage()
  return {
    villageId: view.villageId,
    roles: view.roles,
    townshipId: view.townshipId,
    supervisor: Boolean(view.supervisor),
    loading: view.loading,
    view,
  }
}

export const isOrganiser = (roles: readonly string[]) =>
  roles.some((r) => r === 'branch_secretary' || r === 'branch_committee_member' || r === 'first_secretary')
export const isSecretary = (roles: readonly string[]) =>
  roles.some((r) => r === 'branch_secretary' || r === 'first_secretary')
export const isMember = (roles: readonly string[]) =>
  roles.some((r) => r === 'party_member' || r === 'branch_secretary' || r === 'branch_committee_member')

export const STATE_LABELS: Record<string, string> = {
  in_person: '现场参加',
  remote: '线上参加',
  leave: '请假（已批准）',
  leave_pending: '请假待批',
  absent: '未到',
}
export const STATUS_LABELS: Record<string, string> = { done: '已开', due: '待开', overdue: '逾期' }

/** "2026-03-10 09:00" in Beijing time. */
export function beijing(isoTime: string): string {
  const d = new Date(new Date(isoTime).getTime() + 8 * 3600_000)
  return d.toISOString().slice(0, 16).replace('T', ' ')
}
export const go = (url: string) => Taro.navigateTo({ url })
