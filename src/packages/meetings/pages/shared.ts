import Taro from '@tarojs/taro'
import { useCall } from '@/api/useCall'
import { pageParams, VILLAGE_KEY } from '@/state/prefs'

/**
 * The branch the page is about — ?villageId=, else the village chosen on the device, else the caller's own
 * village (a bound member opening 三会一课 from 办事 has chosen nothing) — and the caller's roles there, from one
 * whoami call.
 */
export function useBranch(): {
  villageId: string
  roles: string[]
  townshipId?: string
  supervisor: boolean
  loading: boolean
} {
  const me = useCall('system', 'whoami', {})
  let stored = ''
  try {
    stored = String(Taro.getStorageSync(VILLAGE_KEY) || '')
  } catch {
    stored = ''
  }
  const memberships = me.data?.memberships ?? []
  const villageId = pageParams().villageId || stored || memberships.find((m) => m.villageId)?.villageId || ''
  const here = memberships.filter((m) => m.villageId === villageId)
  const supervisor = memberships.find((m) => !m.villageId)
  return {
    villageId,
    roles: here.flatMap((m) => m.roles),
    townshipId: supervisor?.townshipId,
    supervisor: Boolean(supervisor),
    loading: me.loading && !me.data,
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
