import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Role } from '@common/roles'
import FeatureList from '@/components/FeatureList'
import { FEATURE_AREAS, type FeatureArea } from '@/features'
import { rolesMayCall, type ActionKey } from '@/state/access'
import { useLargeText } from '@/state/prefs'
import { useVillage } from '@/state/village'
import '../../state/large-text.css'

/**
 * Areas that only some people may open: shown when the caller may call one of the actions its first page loads
 * (the contracts' roles, as the server checks them). 三会一课 is the Party branch's life; 五星支部 the cadres' and
 * organisers' work. The other areas have a public side for everyone.
 */
const OPENED_BY: Partial<Record<FeatureArea['key'], ActionKey[]>> = {
  meetings: ['meetings.listMeetings', 'meetings.townshipCompliance'],
  stars: ['stars.villageBoard', 'stars.townshipDashboard', 'stars.countyDashboard'],
}

export default function ServicesPage() {
  const { pageClass } = useLargeText()
  const roles = useVillage().memberships.flatMap((m) => m.roles as Role[])
  const areas = FEATURE_AREAS.filter(
    (area) => !OPENED_BY[area.key] || OPENED_BY[area.key]!.some((a) => rolesMayCall(a, roles)),
  )
  return (
    <View className={pageClass}>
      <FeatureList areas={areas} onOpen={(area) => Taro.navigateTo({ url: area.path })} />
    </View>
  )
}
