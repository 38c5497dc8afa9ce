import { View, Text } from '@tarojs/components'
import { monthLabel } from '@common/rules/human-text'
import { useState } from 'react'
import { beijingMonth } from '@common/rules/beijing-time'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { usePageParams, useLargeText } from '@/state/prefs'
import Figures from '../Figures'
import RequestList from '../RequestList'
import '../../../../state/large-text.css'
import Tabs from '../Tabs'
import '../grid.css'

const FILTERS = [
  { key: 'open', title: '待办' },
  { key: 'overdue', title: '超时' },
  { key: 'escalated', title: '已上报' },
  { key: 'done', title: '已答复' },
  { key: 'all', title: '全部' },
] as const
type Filter = (typeof FILTERS)[number]['key']

/** 本村的诉求: the village's queue by stage, and its month's figures (矛盾不上交). */
export default function QueuePage() {
  const { pageClass } = useLargeText()
  const { villageId = '' } = usePageParams()
  const [filter, setFilter] = useState<Filter>('open')
  if (!villageId) return <EmptyState title="请从“党员联户”进入" />
  return (
    <View className={pageClass}>
      <Tabs tabs={FILTERS} value={filter} onChange={setFilter} />
      <Queue villageId={villageId} filter={filter} />
      <Month villageId={villageId} />
    </View>
  )
}

function Queue({ villageId, filter }: { villageId: string; filter: Filter }) {
  const list = useCall('requests', 'villageQueue', { villageId, filter, limit: 50 })
  if (list.error && !list.data) return <ErrorNotice error={list.error} onRetry={list.reload} />
  return (
    <View className="card">
      {list.data ? <RequestList rows={list.data.requests} empty="这里没有诉求" /> : <Text>正在加载…</Text>}
    </View>
  )
}

function Month({ villageId }: { villageId: string }) {
  const figures = useCall('requests', 'villageFigures', { villageId, month: beijingMonth(Date.now()) })
  const current = figures.data?.months[0]
  return current ? <Figures f={current} title={`本月（${monthLabel(current.month)}）`} /> : null
}
