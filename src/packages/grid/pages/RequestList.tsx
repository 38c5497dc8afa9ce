import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { CallOutput } from '@/api/client'
import {
  GRID_PAGES,
  HANDLING_LEVEL_LABELS,
  OVERDUE_LABELS,
  REQUEST_CATEGORY_LABELS,
  REQUEST_STATUS_LABELS,
  when,
} from './labels'

type Row = CallOutput<'requests', 'villageQueue'>['requests'][number]

/** A list of requests; a tap opens the detail with its timeline. */
export default function RequestList({ rows, empty }: { rows: readonly Row[]; empty: string }) {
  if (rows.length === 0) return <View className="grid__muted">{empty}</View>
  return (
    <View>
      {rows.map((r) => (
        <View
          key={r.id}
          className="grid__row"
          aria-label={`诉求 ${r.summary}`}
          onClick={() =>
            Taro.navigateTo({ url: `${GRID_PAGES}/request/index?villageId=${r.villageId}&requestId=${r.id}` })
          }
        >
          <View>
            <Text>{r.summary}</Text>
            <View className="grid__muted">
              {r.villageName ? `${r.villageName} · ` : ''}
              {r.residentName} · {REQUEST_CATEGORY_LABELS[r.category]}
              {r.urgency === 'emergency' ? ' · 紧急' : ''} · {when(r.raisedAt)}
            </View>
          </View>
          <View>
            <Text className={r.overdue ? 'grid__warn' : ''}>
              {r.overdue ? OVERDUE_LABELS[r.overdue] : REQUEST_STATUS_LABELS[r.status]}
            </Text>
            <View className="grid__muted">{HANDLING_LEVEL_LABELS[r.level]}级</View>
          </View>
        </View>
      ))}
    </View>
  )
}
