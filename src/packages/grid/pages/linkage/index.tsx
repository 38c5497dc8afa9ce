import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import Button from '@/components/Button'
import { callFunction } from '@/api/client'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { usePageParams, useLargeText } from '@/state/prefs'
import '../../../../state/large-text.css'
import '../grid.css'

/**
 * 联户安排: per grid, each Party member's number of households against the village's range (warnings, not
 * rankings), the households nobody visits, members with none; choose a member, tick households, assign.
 */
export default function LinkagePage() {
  const { pageClass } = useLargeText()
  const { villageId = '' } = usePageParams()
  if (!villageId) return <EmptyState title="请从“党员联户”进入" />
  return (
    <View className={pageClass}>
      <Overview villageId={villageId} />
    </View>
  )
}

function Overview({ villageId }: { villageId: string }) {
  const view = useCall('grid', 'overview', { villageId })
  const [member, setMember] = useState<string>()
  const [picked, setPicked] = useState<string[]>([])
  const [error, setError] = useState<ErrorBody>()
  const [message, setMessage] = useState<string>()
  if (view.error && !view.data) return <ErrorNotice error={view.error} onRetry={view.reload} />
  const d = view.data
  if (!d) return <Text>正在加载…</Text>

  async function assign() {
    if (!member || picked.length === 0) return
    setError(undefined)
    const result = await callFunction('grid', 'assign', { villageId, memberPersonId: member, householdIds: picked })
    if (!result.ok) return setError(result.error)
    setMessage(result.data.message ?? `已安排 ${result.data.linked} 户`)
    setPicked([])
    view.reload()
  }

  return (
    <View>
      <View className="card">
        <Text>
          本村要求每名党员联系 {d.range.min}–{d.range.max} 户；还有 {d.unlinkedCount} 户无人联系。
        </Text>
        {d.membersWithNone.length ? (
          <View className="grid__warn">没有联系户的党员：{d.membersWithNone.map((m) => m.name).join('、')}</View>
        ) : null}
        {message ? <View aria-label="结果">{message}</View> : null}
        {error ? <ErrorNotice error={error} /> : null}
      </View>
      {d.grids.map((g) => (
        <View key={g.id} className="card">
          <View className="section-title">
            {g.name}（{g.householdCount} 户）
          </View>
          {g.members.map((m) => (
            <View
              key={m.personId}
              className={`grid__row${member === m.personId ? ' grid__tab--on' : ''}`}
              onClick={() => setMember(m.personId)}
            >
              <Text>{m.name}</Text>
              <Text className={m.warning ? 'grid__warn' : 'grid__ok'}>
                联系 {m.householdCount} 户{m.warning ? ' ⚠' : ''}
              </Text>
            </View>
          ))}
          {g.unlinkedHouseholds.length ? (
            <View className="grid__muted">无人联系的户（点选后安排给上面选中的党员）：</View>
          ) : null}
          <View className="grid__tabs">
            {g.unlinkedHouseholds.map((h) => (
              <View
                key={h.id}
                className={`grid__tab${picked.includes(h.id) ? ' grid__tab--on' : ''}`}
                onClick={() => setPicked(picked.includes(h.id) ? picked.filter((x) => x !== h.id) : [...picked, h.id])}
              >
                <Text>{h.headName}家</Text>
              </View>
            ))}
          </View>
        </View>
      ))}
      <Button type="primary" disabled={!member || picked.length === 0} onClick={assign}>
        把选中的 {picked.length} 户安排给选中的党员
      </Button>
    </View>
  )
}
