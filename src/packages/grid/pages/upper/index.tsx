import { Text, View } from '@tarojs/components'
import { monthLabel } from '@common/rules/human-text'
import { useState } from 'react'
import { beijingMonth } from '@common/rules/beijing-time'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import { useLargeText } from '@/state/prefs'
import { useTownship } from '@/state/village'
import Figures from '../Figures'
import RequestList from '../RequestList'
import '../../../../state/large-text.css'
import Tabs from '../Tabs'
import '../grid.css'

const pct = (v: number | null) => (v === null ? '—' : `${v}%`)

/**
 * 乡镇 (`?townshipId=`) or 县 (none): requests held at this level, overdue ones below it, and the month's figures
 * with one line per village (or township), in their usual order — never a ranking of people. Names are masked.
 */
export default function UpperPage() {
  const { pageClass } = useLargeText()
  const { townshipId } = useTownship()
  const filters = townshipId
    ? ([
        { key: 'holding', title: '乡镇在办' },
        { key: 'overdue', title: '各村超时' },
        { key: 'county', title: '交县办理' },
      ] as const)
    : ([
        { key: 'holding', title: '县里在办' },
        { key: 'overdue', title: '全县超时' },
      ] as const)
  const [filter, setFilter] = useState<string>('holding')
  return (
    <View className={pageClass}>
      <Tabs tabs={filters} value={filter} onChange={setFilter} />
      {townshipId ? (
        <TownshipQueue townshipId={townshipId} filter={filter as 'holding'} />
      ) : (
        <CountyQueue filter={filter as 'holding'} />
      )}
      {townshipId ? <TownshipMonth townshipId={townshipId} /> : <CountyMonth />}
    </View>
  )
}

function TownshipQueue({ townshipId, filter }: { townshipId: string; filter: 'holding' | 'overdue' | 'county' }) {
  const list = useCall('requests', 'townshipQueue', { townshipId, filter, limit: 50 })
  if (list.error && !list.data) return <ErrorNotice error={list.error} onRetry={list.reload} />
  return (
    <View className="card">
      {list.data ? <RequestList rows={list.data.requests} empty="这里没有诉求" /> : <Text>正在加载…</Text>}
    </View>
  )
}

function CountyQueue({ filter }: { filter: 'holding' | 'overdue' }) {
  const list = useCall('requests', 'countyQueue', { filter, limit: 50 })
  if (list.error && !list.data) return <ErrorNotice error={list.error} onRetry={list.reload} />
  return (
    <View className="card">
      {list.data ? <RequestList rows={list.data.requests} empty="这里没有诉求" /> : <Text>正在加载…</Text>}
    </View>
  )
}

function TownshipMonth({ townshipId }: { townshipId: string }) {
  const month = beijingMonth(Date.now())
  const f = useCall('requests', 'townshipFigures', { townshipId, month })
  if (!f.data) return null
  return (
    <View>
      <Figures f={f.data.total} title={`本乡镇 ${monthLabel(month)}（矛盾不上交）`} />
      <View className="card" aria-label="各村">
        <View className="section-title">各村</View>
        {f.data.villages.map((v) => (
          <View key={v.villageId} className="grid__row">
            <Text>{v.villageName}</Text>
            <Text className="grid__muted">
              受理 {v.received} · 在村办结 {pct(v.villageSharePercent)} · 上报 {v.escalated} · 超时{' '}
              {v.openOverdue + v.closedLate} · 满意 {pct(v.satisfactionPercent)}
            </Text>
          </View>
        ))}
      </View>
    </View>
  )
}

function CountyMonth() {
  const month = beijingMonth(Date.now())
  const f = useCall('requests', 'countyFigures', { month })
  if (!f.data) return null
  return (
    <View>
      <Figures f={f.data.total} title={`全县 ${monthLabel(month)}（矛盾不上交）`} />
      <View className="card">
        <View className="section-title">各乡镇</View>
        {f.data.townships.map((t) => (
          <View key={t.townshipId} className="grid__row">
            <Text>{t.townshipName}</Text>
            <Text className="grid__muted">
              受理 {t.received} · 在村办结 {pct(t.villageSharePercent)} · 上报 {t.escalated} · 超时{' '}
              {t.openOverdue + t.closedLate}
            </Text>
          </View>
        ))}
      </View>
    </View>
  )
}
