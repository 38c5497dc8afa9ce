import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { ROLE_LEVEL, type Role } from '@common/roles'
import { usePageParams } from './prefs'
import { useSession, type Membership, type ProfileMembership, type Session } from './session'

/** Kept on the device: the village an unbound visitor or an organiser chose to look at. */
export const VILLAGE_KEY = 'xz.villageId'

function readChoice(): string {
  try {
    return String(Taro.getStorageSync(VILLAGE_KEY) || '')
  } catch {
    return ''
  }
}

const choiceListeners = new Set<(id: string) => void>()

/** Chooses the village in view (stored on the device) and tells every page that is open. */
export function chooseVillage(villageId: string): void {
  try {
    Taro.setStorageSync(VILLAGE_KEY, villageId)
  } catch {
    // Storage unavailable: the choice lasts while the pages are open.
  }
  for (const l of [...choiceListeners]) l(villageId)
}

export interface VillageView extends Session {
  /** The village the page is about; '' when there is none yet (an unbound visitor or organiser who chose none). */
  villageId: string
  /** The township of that village, when known (from the membership, or the organiser's own township). */
  villageTownshipId?: string
  /** How the village was found. */
  source: 'link' | 'own' | 'chosen' | 'none'
  /** The caller's roles that reach this village: village roles held there, and supervising roles. */
  roles: Role[]
  /** The caller's own village memberships. */
  villages: readonly Membership[]
  /** The township or county organiser membership, if any. */
  supervisor?: Membership
  /** The township the caller supervises (township organiser). */
  townshipId?: string
  /** The profile line (names) of the village in view, or of the supervising unit. */
  unit?: ProfileMembership
}

/**
 * Which village I am looking at, for every page: a deep link's `?villageId=` (shared cards, subscribe messages)
 * first; then, for a person bound to villages, their own village (the one chosen among them if several); for
 * organisers and unbound visitors, the village they chose. Pages never read the query or storage themselves.
 */
export function useVillage(): VillageView {
  const session = useSession()
  const [chosen, setChosen] = useState(readChoice)
  useEffect(() => {
    const listener = (id: string) => setChosen(id)
    choiceListeners.add(listener)
    return () => {
      choiceListeners.delete(listener)
    }
  }, [])
  return resolveVillage(session, usePageParams().villageId ?? '', chosen)
}

/** Pure part of useVillage (tested on its own). */
export function resolveVillage(session: Session, linked: string, chosen: string): VillageView {
  const memberships = session.memberships
  const villages = memberships.filter((m) => m.villageId)
  const supervisor = memberships.find((m) => !m.villageId && m.roles.some((r) => ROLE_LEVEL[r as Role] !== 'village'))
  let villageId = ''
  let source: VillageView['source'] = 'none'
  if (linked) {
    villageId = linked
    source = 'link'
  } else if (villages.length && !supervisor) {
    villageId = villages.find((m) => m.villageId === chosen)?.villageId ?? villages[0]!.villageId!
    source = 'own'
  } else if (chosen) {
    villageId = chosen
    source = villages.some((m) => m.villageId === chosen) ? 'own' : 'chosen'
  } else if (villages.length) {
    villageId = villages[0]!.villageId!
    source = 'own'
  }
  const own = villages.filter((m) => m.villageId === villageId)
  const roles = [...new Set([...own.flatMap((m) => m.roles), ...(supervisor?.roles ?? [])])] as Role[]
  const villageTownshipId = own[0]?.townshipId ?? (villageId ? supervisor?.townshipId : undefined)
  const profile = session.profile?.memberships ?? []
  const unit =
    profile.find((p) => p.level === 'village' && p.unitId === villageId) ??
    profile.find((p) => p.level !== 'village') ??
    profile[0]
  return {
    ...session,
    villageId,
    villageTownshipId,
    source,
    roles,
    villages,
    supervisor,
    townshipId: supervisor?.townshipId,
    unit,
  }
}

/**
 * The township a township/county page is about: a link's `?townshipId=`, else the township organiser's own
 * township, else the one a county organiser picked on this page ('' until then).
 */
export function useTownship(): { townshipId: string; choose: (id: string) => void; view: VillageView } {
  const view = useVillage()
  const [picked, setPicked] = useState('')
  const townshipId = usePageParams().townshipId || picked || view.townshipId || ''
  return { townshipId, choose: setPicked, view }
}
