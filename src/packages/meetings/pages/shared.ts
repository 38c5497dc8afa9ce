import Taro from '@tarojs/taro'
import { dateTimeLabel } from '@common/rules/human-text'
import { canIn } from '@/state/access'
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

/** What the caller may do in this branch, from the actions' contracts (the server checks the same). */
export function branchAbilities(view: VillageView) {
  const can = canIn(view)
  return {
    /** Calls meetings and publishes study material. */
    organiser: can('meetings.callMeeting'),
    /** Confirms minutes and sees absence warnings. */
    secretary: can('meetings.confirmMinutes'),
    /** Takes part: declares study time. */
    member: can('meetings.declareStudy'),
    warnings: can('meetings.absenceWarnings'),
    calendar: can('meetings.branchCalendar'),
    /** Cancels a meeting not yet begun. */
    cancel: can('meetings.cancelMeeting'),
    /** Lets a member at home take part online this once. */
    allowRemote: can('meetings.allowRemote'),
  }
}

export const STATE_LABELS: Record<string, string> = {
  in_person: '现场参加',
  remote: '线上参加',
  leave: '请假（已批准）',
  leave_pending: '请假待批',
  absent: '未到',
}
export const STATUS_LABELS: Record<string, string> = { done: '已开', due: '待开', overdue: '逾期' }

/** "3月10日（周二）09:00" in Beijing time. */
export const beijing = (isoTime: string): string => dateTimeLabel(isoTime)
export const go = (url: string) => Taro.navigateTo({ url })

/** Who a cancellation tells, for the confirmation: "应到的 12 人（谢文凤、郑飞桂、王平等）". */
export function whoWillBeTold(expected: number, names: string[], shown = 5): string {
  if (!names.length) return `应到的 ${expected} 人`
  const listed = names.slice(0, shown).join('、')
  return `应到的 ${expected} 人（${listed}${names.length > shown ? '等' : ''}）`
}
