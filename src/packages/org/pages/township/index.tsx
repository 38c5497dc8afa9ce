import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { CallOutput } from '@/api/client'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { TownshipPicker } from '@/components/VillagePicker'
import { useLargeText } from '@/state/prefs'
import { useTownship } from '@/state/village'
import { useSession } from '@/state/session'
import { NewVillageCard } from '../forms'
import '../../../../state/large-text.css'
import '../org.css'

type Village = CallOutput<'org', 'listVillages'>['villages'][number]

/** 五星支部 filter: all, one star level (二星 to 五星), or below 二星 (0). */
type StarFilter = 'all' | 0 | 2 | 3 | 4 | 5
const STAR_FILTERS: { key: StarFilter; title: string }[] = [
  { key: 'all', title: '全部' },
  { key: 5, title: '五星' },
  { key: 4, title: '四星' },
  { key: 3, title: '三星' },
  { key: 2, title: '二星' },
  { key: 0, title: '未达二星' },
]

/** The level as the 五星 pages word it: "3星（县确认）" or "3星（测算）"; below 二星 "未达二星". */
function starText(v: Pick<Village, 'starLevel' | 'starLevelConfirmed'>): string {
  if (v.starLevel < 2) return '未达二星'
  return `${v.starLevel}星（${v.starLevelConfirmed ? '县确认' : '测算'}）`
}

const sum = (
  villages: readonly Village[],
  key: 'householdCount' | 'registeredAdults' | 'partyMemberCount' | 'partyMembersAway' | 'gridCount' | 'boundCount',
) => villages.reduce((n, v) => n + v[key], 0)

/**
 * 乡镇级: the villages and communities of one township with their households, adults, Party members (and how
 * many work away), grids, bound roster entries and 五星支部 level. Opened from 我的 (township organiser) or from
 * the county view (county organiser), with `?townshipId=`.
 */
export default function TownshipPage() {
  const { pageClass } = useLargeText()
  const { townshipId, choose } = useTownship()
  if (!townshipId)
    return (
      <View className={pageClass}>
        <TownshipPicker onChoose={choose} />
      </View>
    )
  return (
    <View className={pageClass}>
      <Villages townshipId={townshipId} />
    </View>
  )
}

function Villages({ townshipId }: { townshipId: string }) {
  const list = useCall('org', 'listVillages', { townshipId })
  const session = useSession()
  const mayAdd = session.memberships.some(
    (m) =>
      m.roles.includes('county_organiser') || (m.roles.includes('township_organiser') && m.townshipId === townshipId),
  )
  const [query, setQuery] = useState('')
  const [stars, setStars] = useState<StarFilter>('all')

  if (list.loading && !list.data) {
    return (
      <View className="card">
        <Text>正在读取本乡镇的村（社区）…</Text>
      </View>
    )
  }
  if (!list.data) return list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null

  const { township, villages } = list.data
  const q = query.trim()
  const shown = villages.filter(
    (v) => (stars === 'all' || (stars === 0 ? v.starLevel < 2 : v.starLevel === stars)) && (!q || v.name.includes(q)),
  )

  return (
    <View>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      <View className="card">
        <Text className="org__title">{township.name}</Text>
        <Text className="org__summary">
          {`${villages.length} 个村（社区） · ${sum(villages, 'householdCount')} 户 · 成年村民 ${sum(villages, 'registeredAdults')} 人`}
        </Text>
        <Text className="org__summary">
          {`党员 ${sum(villages, 'partyMemberCount')} 名（在外 ${sum(villages, 'partyMembersAway')} 名） · 网格 ${sum(villages, 'gridCount')} 个 · 已绑定微信 ${sum(villages, 'boundCount')} 人`}
        </Text>
      </View>

      <View className="card">
        <Input
          className="org__input"
          aria-label="查找村"
          value={query}
          placeholder="输入村（社区）名称查找"
          onInput={(e) => setQuery(e.detail.value)}
        />
        <View className="org__filters">
          {STAR_FILTERS.map((f) => (
            <View
              key={String(f.key)}
              className={`org__filter${f.key === stars ? ' org__filter--on' : ''}`}
              aria-role="radio"
              aria-checked={f.key === stars}
              onClick={() => setStars(f.key)}
            >
              <Text>{f.title}</Text>
            </View>
          ))}
        </View>
      </View>

      {mayAdd ? <NewVillageCard townshipId={townshipId} onCreated={list.reload} /> : null}
      {villages.length === 0 ? <EmptyState title="本乡镇还没有村（社区）" /> : null}
      {villages.length > 0 && shown.length === 0 ? (
        <EmptyState title="没有符合条件的村（社区）" description="换个名称或星级再试" />
      ) : null}
      {shown.length > 0 ? (
        <View className="card">
          {shown.length < villages.length ? <Text className="org__hint">找到 {shown.length} 个</Text> : null}
          {shown.map((v) => (
            <VillageRow key={v.id} village={v} />
          ))}
        </View>
      ) : null}
    </View>
  )
}

function VillageRow({ village: v }: { village: Village }) {
  const open = () => Taro.navigateTo({ url: `/packages/roster/pages/index/index?villageId=${v.id}` })
  return (
    <View className="xz-row org__item" onClick={open}>
      <View className="org__body">
        <View className="org__head">
          <Text className="org__name">
            {v.name}
            {v.kind === 'community' && !v.name.endsWith('社区') ? '（社区）' : ''}
          </Text>
          <Text className={`org__stars${v.starLevel >= 2 ? '' : ' org__stars--none'}`}>{starText(v)}</Text>
        </View>
        <Text className="org__meta">
          {v.householdCount} 户 · 成年村民 {v.registeredAdults} 人 · 网格 {v.gridCount} 个
        </Text>
        <Text className="org__meta">{`上年星级 ${v.lastYearStarLevel >= 2 ? `${v.lastYearStarLevel}星` : '未评'}`}</Text>
        <Text className="org__meta">
          党员 {v.partyMemberCount} 名（在外 {v.partyMembersAway} 名） · 已绑定微信 {v.boundCount} 人
        </Text>
      </View>
      <Text className="org__link">花名册 ›</Text>
    </View>
  )
}
