import { Text, View } from '@tarojs/components'
import { monthLabel } from '@common/rules/human-text'
import { useCall } from '@/api/useCall'
import { TownshipPicker } from '@/components/VillagePicker'
import ErrorNotice from '@/components/ErrorNotice'
import { useLargeText } from '@/state/prefs'
import { useTownship } from '@/state/village'
import '../../../../state/large-text.css'
import '../../shared/duty.css'

/** 乡镇：各村本月值班覆盖（村一级，不看个人，按乡镇的村序排列，不排名）。 ?townshipId= */
export default function TownshipDutyPage() {
  const { pageClass } = useLargeText()
  const { townshipId, choose } = useTownship()
  const summary = useCall('duty', 'townshipSummary', { townshipId: townshipId || 'none' })
  if (!townshipId)
    return (
      <View className={pageClass}>
        <TownshipPicker onChoose={choose} />
      </View>
    )
  return (
    <View className={pageClass}>
      {summary.error ? <ErrorNotice error={summary.error} onRetry={summary.reload} /> : null}
      {summary.data ? (
        <View className="card">
          <Text className="duty__title">{monthLabel(summary.data.month)}各村值班情况</Text>
          {summary.data.villages.map((v) => (
            <View key={v.villageId} className="xz-row">
              <Text>{v.name}</Text>
              <Text className={v.coveredDays < v.requiredDays ? 'duty__warn' : 'duty__hint'}>
                有人值班 {v.coveredDays}/{v.requiredDays} 天 · 办理 {v.matters} 件
              </Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  )
}
