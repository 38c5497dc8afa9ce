import { Text, View } from '@tarojs/components'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import { TownshipPicker } from '@/components/VillagePicker'
import { useLargeText } from '@/state/prefs'
import { useTownship } from '@/state/village'
import { STATUS_LABELS } from '../shared'
import '../../../../state/large-text.css'
import '../meetings.css'

/** 乡镇: each branch's 三会一课 this period, from the per-branch-per-year aggregates (never individuals). */
export default function TownshipCompliancePage() {
  const { pageClass } = useLargeText()
  const { townshipId, choose } = useTownship()
  const list = useCall('meetings', 'townshipCompliance', { townshipId: townshipId || 'none' })
  if (!townshipId)
    return (
      <View className={pageClass}>
        <TownshipPicker onChoose={choose} />
      </View>
    )
  return (
    <View className={pageClass}>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      <View className="card">
        <Text className="mt__title">{list.data?.year ?? ''} 年各支部组织生活</Text>
        <Text className="mt__meta">按会议记录经确认的会议计算；只看支部，不排名个人。</Text>
        {list.data?.villages.map((v) => (
          <View key={v.villageId} className="xz-row">
            <Text>{v.name}</Text>
            <View>
              <Text className="mt__badge mt__badge--done">
                {STATUS_LABELS.done} {v.done}
              </Text>
              <Text className="mt__badge mt__badge--due">
                {STATUS_LABELS.due} {v.due}
              </Text>
              <Text className={`mt__badge mt__badge--${v.overdue ? 'overdue' : 'done'}`}>
                {STATUS_LABELS.overdue} {v.overdue}
              </Text>
            </View>
          </View>
        ))}
      </View>
    </View>
  )
}
