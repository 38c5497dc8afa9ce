import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { CallOutput } from '@/api/client'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { useLargeText } from '@/state/prefs'
import { NewTownshipCard } from '../forms'
import '../../../../state/large-text.css'
import '../org.css'

type Township = CallOutput<'org', 'listTownships'>['townships'][number]

const sum = (
  townships: readonly Township[],
  key: 'villageCount' | 'householdCount' | 'partyMemberCount' | 'partyMembersAway',
) => townships.reduce((n, t) => n + t[key], 0)

/** Share of Party members working away, as a whole percentage ("—" when there are none). */
function awayShare(away: number, total: number): string {
  return total > 0 ? `${Math.round((away * 100) / total)}%` : '—'
}

/**
 * 县级: every township and street of the county with its villages, households and Party members; a township
 * opens the township view of its villages.
 */
export default function CountyPage() {
  const { pageClass } = useLargeText()
  const list = useCall('org', 'listTownships', {})
  const townships = list.data?.townships ?? []

  return (
    <View className={pageClass}>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? (
        <View className="card">
          <Text>正在读取全县乡镇（街道）…</Text>
        </View>
      ) : null}

      {list.data ? (
        <View className="card">
          <Text className="org__title">{list.data.county.name || '全县'}</Text>
          <Text className="org__summary">
            {`${townships.length} 个乡镇（街道） · ${sum(townships, 'villageCount')} 个村（社区） · ${sum(townships, 'householdCount')} 户`}
          </Text>
          <Text className="org__summary">
            {`党员 ${sum(townships, 'partyMemberCount')} 名，其中在外 ${sum(townships, 'partyMembersAway')} 名（${awayShare(sum(townships, 'partyMembersAway'), sum(townships, 'partyMemberCount'))}）`}
          </Text>
        </View>
      ) : null}

      {list.data ? (
        <View
          className="card xz-row"
          onClick={() => Taro.navigateTo({ url: '/packages/org/pages/settings/index?level=county' })}
        >
          <Text>全县规则设置（通知天数、上限、时限）</Text>
          <Text className="org__link">›</Text>
        </View>
      ) : null}
      {list.data ? <NewTownshipCard onCreated={list.reload} /> : null}
      {list.data && townships.length === 0 ? <EmptyState title="还没有乡镇（街道）" /> : null}
      {townships.length > 0 ? (
        <View className="card">
          <Text className="org__hint">点一个乡镇，查看它的村（社区）</Text>
          {townships.map((t) => (
            <View
              key={t.id}
              className="xz-row org__item"
              onClick={() => Taro.navigateTo({ url: `/packages/org/pages/township/index?townshipId=${t.id}` })}
            >
              <View className="org__body">
                <Text className="org__name">{t.name}</Text>
                <Text className="org__meta">
                  {t.villageCount} 个村（社区） · {t.householdCount} 户
                </Text>
                <Text className="org__meta">
                  党员 {t.partyMemberCount} 名（在外 {t.partyMembersAway} 名，
                  {awayShare(t.partyMembersAway, t.partyMemberCount)}）
                </Text>
              </View>
              <Text className="org__link">›</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  )
}
