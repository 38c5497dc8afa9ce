import { Text, View } from '@tarojs/components'
import { dateLabel } from '@common/rules/human-text'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { usePageParams, useLargeText } from '@/state/prefs'
import { go, useStarsVillage } from '../shared'
import '../../../../state/large-text.css'
import '../stars.css'

/** 一项自动计算的任务来自哪些记录：?villageId=&taskKey= */
export default function StarsEvidencePage() {
  const { pageClass } = useLargeText()
  const { villageId } = useStarsVillage()
  const taskKey = usePageParams().taskKey ?? ''
  const ev = useCall('stars', 'taskEvidence', { villageId: villageId || 'none', taskKey: taskKey || 'none' })
  const e = ev.data
  return (
    <View className={pageClass}>
      {ev.error ? <ErrorNotice error={ev.error} onRetry={ev.reload} /> : null}
      {e ? (
        <View className="card">
          <Text className="stars__title">{e.taskName}</Text>
          <Text className="stars__line">{`${e.metric}：${e.value}`}</Text>
          <Text className="stars__meta">{`来源：${e.sourceLabel}${e.aggregateIds.length ? `（汇总 ${e.aggregateIds.length} 份月度统计）` : ''}`}</Text>
          {e.records.length === 0 ? <EmptyState title="今年还没有相关记录" /> : null}
          {e.records.map((r) => (
            <View key={r.id} className="xz-row stars__item" onClick={() => go(r.path)}>
              <Text className="stars__line">{r.title}</Text>
              <Text className="stars__meta">{`${dateLabel(r.date)} ${r.detail}`}</Text>
            </View>
          ))}
          {e.truncated ? <Text className="stars__meta">只列出最近 100 条</Text> : null}
        </View>
      ) : null}
    </View>
  )
}
