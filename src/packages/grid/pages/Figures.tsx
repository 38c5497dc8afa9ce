import { Text, View } from '@tarojs/components'
import type { CallOutput } from '@/api/client'

type F = CallOutput<'requests', 'townshipFigures'>['total']
const pct = (v: number | null) => (v === null ? '—' : `${v}%`)

/** 矛盾不上交: a month's figures of a village, a township or the county. */
export default function Figures({ f, title }: { f: F; title: string }) {
  return (
    <View className="card" aria-label={title}>
      <View className="section-title">{title}</View>
      <View className="grid__figures">
        <View className="grid__figure">
          <Text className="grid__big">{f.received}</Text>
          <View>受理</View>
        </View>
        <View className="grid__figure">
          <Text className="grid__big">{pct(f.villageSharePercent)}</Text>
          <View>
            在村办结占比（{f.closedInVillage}/{f.closed}）
          </View>
        </View>
        <View className="grid__figure">
          <Text className="grid__big">{f.escalated}</Text>
          <View>上报乡镇</View>
        </View>
        <View className="grid__figure">
          <Text className={f.openOverdue || f.closedLate ? 'grid__big grid__warn' : 'grid__big'}>
            {f.openOverdue + f.closedLate}
          </Text>
          <View>
            超时（在办 {f.openOverdue}，逾期办结 {f.closedLate}）
          </View>
        </View>
        <View className="grid__figure">
          <Text className="grid__big">{f.medianCloseHours === null ? '—' : `${f.medianCloseHours}小时`}</Text>
          <View>办结用时中位数</View>
        </View>
        <View className="grid__figure">
          <Text className="grid__big">{pct(f.satisfactionPercent)}</Text>
          <View>群众满意（{f.rated} 件评价）</View>
        </View>
      </View>
    </View>
  )
}
