import { timeLabel } from '@common/rules/human-text'
import type { Role } from '@common/roles'
import { canIn } from '@/state/access'
import { useVillage, type VillageView } from '@/state/village'

/** The village the duty pages are about (the village context: src/state/village.ts) and the caller's roles there. */
export function useDutyVillage(): {
  villageId: string
  /** The caller's own person in this village ('' when not bound there): whose shifts and log entries are mine. */
  personId: string
  roles: Role[]
  loading: boolean
  isCadre: boolean
  isPlanner: boolean
  /** May read the village's roster and month (its cadres, and the township and county organisers over it). */
  canReadRoster: boolean
  view: VillageView
} {
  const view = useVillage()
  const roles = view.roles
  const can = canIn(view)
  return {
    villageId: view.villageId,
    personId: view.villages.find((m) => m.villageId === view.villageId)?.personId ?? '',
    roles,
    loading: view.loading,
    // From the actions' contracts, as the server checks them: cadres on duty check in, planners set the roster.
    isCadre: can('duty.checkIn'),
    isPlanner: can('duty.saveDay'),
    canReadRoster: can('duty.week'),
    view,
  }
}

export const hhmm = (iso: string) => timeLabel(iso)
