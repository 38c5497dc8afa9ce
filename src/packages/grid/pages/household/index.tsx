import { Text, View } from '@tarojs/components'
import { dateLabel } from '@common/rules/human-text'
import Taro from '@tarojs/taro'
import Button from '@/components/Button'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { canIn } from '@/state/access'
import { usePageParams, useLargeText } from '@/state/prefs'
import { useVillage } from '@/state/village'
import { GRID_PAGES, when } from '../labels'
import '../../../../state/large-text.css'
import '../grid.css'

/** 一户的民情日记: visits, newest first, and who has been linked to the household. */
export default function HouseholdPage() {
  const { pageClass } = useLargeText()
  const { villageId = '', householdId = '' } = usePageParams()
  if (!villageId || !householdId) return <EmptyState title="请从“我联系的户”进入" />
  return (
    <View className={pageClass}>
      <History villageId={villageId} householdId={householdId} />
    </View>
  )
}

function History({ villageId, householdId }: { villageId: string; householdId: string }) {
  const h = useCall('grid', 'household', { villageId, householdId })
  const can = canIn(useVillage())
  if (h.error && !h.data) return <ErrorNotice error={h.error} onRetry={h.reload} />
  const d = h.data
  if (!d) return <Text>正在加载…</Text>
  return (
    <View>
      <View className="card">
        <View className="section-title">
          {d.headName}家（{d.number}）
        </View>
        <View className="grid__muted">
          {d.gridName ? `${d.gridName} · ` : ''}
          {d.memberCount} 口人 · 联系党员：{d.memberName ?? '暂无'}
        </View>
        {d.tags.length ? (
          <View className="grid__tabs" aria-label="家庭情况">
            {d.tags.map((t) => (
              <Text key={t} className="grid__tag">
                {t}
              </Text>
            ))}
          </View>
        ) : null}
        {/* Whoever may open this household may record a visit to it (cadres: any household of the village). */}
        {can('grid.recordVisit') ? (
          <Button
            onClick={() =>
              Taro.navigateTo({
                url: `${GRID_PAGES}/visit/index?villageId=${villageId}&householdId=${householdId}&name=${encodeURIComponent(d.headName)}`,
              })
            }
          >
            记走访
          </Button>
        ) : null}
        {can('requests.raise') ? (
          <Button
            onClick={() =>
              Taro.navigateTo({
                url: `${GRID_PAGES}/raise/index?villageId=${villageId}&householdId=${householdId}&name=${encodeURIComponent(d.headName)}`,
              })
            }
          >
            替这户提诉求
          </Button>
        ) : null}
      </View>
      <View className="card" aria-label="家庭成员">
        <View className="section-title">家里的人</View>
        {d.members.length === 0 ? <View className="grid__muted">花名册中还没有这户的人</View> : null}
        {d.members.map((m, i) => (
          <View key={i} className="grid__row">
            <View>
              <Text>{m.name}</Text>
              <View className="grid__muted">{[...m.roles, ...(m.away ? ['在外'] : [])].join('、') || '村民'}</View>
            </View>
            {m.phone ? (
              <Button
                size="mini"
                aria-label={`给${m.name}打电话`}
                onClick={() => void Taro.makePhoneCall({ phoneNumber: m.phone! }).catch(() => undefined)}
              >
                {m.phone}
              </Button>
            ) : null}
          </View>
        ))}
      </View>
      <View className="card">
        <View className="section-title">走访记录</View>
        {d.visits.length === 0 ? <View className="grid__muted">还没有走访记录</View> : null}
        {d.visits.map((v) => (
          <View key={v.id} className="grid__step">
            <Text>
              {dateLabel(v.date)} {v.memberName} 见到 {v.met}
            </Text>
            <View>{v.situation}</View>
            {v.needs ? <View className="grid__muted">需求：{v.needs}</View> : null}
            {v.followUp ? <View className="grid__muted">跟进：{v.followUp}</View> : null}
            {v.requestIds.length ? <View className="grid__muted">当场提出诉求 {v.requestIds.length} 件</View> : null}
          </View>
        ))}
      </View>
      <View className="card">
        <View className="section-title">联系人和网格变更</View>
        {d.links.map((l, i) => (
          <View key={i} className="grid__muted">
            {l.memberName}：{when(l.from)} 起{l.to ? `，${when(l.to)} 止` : '（现在）'}
            {l.by ? `，${l.by}安排` : ''}
            {l.note ? `（${l.note}）` : ''}
          </View>
        ))}
        {d.moves.map((m, i) => (
          <View key={`move-${i}`} className="grid__muted">
            {when(m.at)} {m.by}把这户从{m.fromGridName}调整到{m.toGridName}
          </View>
        ))}
      </View>
    </View>
  )
}
