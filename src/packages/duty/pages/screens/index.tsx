import { Text, View } from '@tarojs/components'
import { dateTimeLabel } from '@common/rules/human-text'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import Button from '@/components/Button'
import { callFunction, type CallOutput } from '@/api/client'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { confirmAction } from '@/state/confirm'
import { useLargeText } from '@/state/prefs'
import { DutyGate } from '@/packages/duty/shared/DutyGate'
import { useDutyVillage } from '@/packages/duty/shared/useDutyVillage'
import '../../../../state/large-text.css'
import '../../shared/duty.css'

type Screen = CallOutput<'duty', 'listScreens'>['screens'][number]

/**
 * 值班屏设备: the devices paired as the centre's duty screen. A lost or stolen one is stopped here: from then on it
 * shows no check-in code (the server refuses its token) and must be set up again by the secretary.
 */
export default function DutyScreensPage() {
  const { pageClass } = useLargeText()
  const { villageId, isPlanner, loading } = useDutyVillage()
  return (
    <DutyGate
      pageClass={pageClass}
      loading={loading}
      refusal={!villageId || !isPlanner ? <EmptyState title="只有支部书记或第一书记可以管理值班屏" /> : undefined}
    >
      <Screens villageId={villageId} />
    </DutyGate>
  )
}

function Screens({ villageId }: { villageId: string }) {
  const list = useCall('duty', 'listScreens', { villageId })
  const [error, setError] = useState<ErrorBody>()
  const [done, setDone] = useState('')
  const [busy, setBusy] = useState(false)
  async function revoke(s: Screen) {
    if (busy) return
    const sure = await confirmAction({
      title: `停用“${s.label}”？`,
      content: '停用后这台设备不再显示签到码，干部不能再用它签到；要再用，需书记在设备上重新设置。',
      confirmText: '停用',
    })
    if (!sure) return
    setBusy(true)
    setError(undefined)
    const r = await callFunction('duty', 'revokeScreen', { villageId, screenId: s.id })
    setBusy(false)
    if (!r.ok) return setError(r.error)
    setDone(`已停用“${s.label}”，它不再显示签到码`)
    list.reload()
  }
  if (!list.data)
    return list.error ? (
      <ErrorNotice error={list.error} onRetry={list.reload} />
    ) : (
      <Text className="duty__hint">正在读取…</Text>
    )
  const screens = list.data.screens
  const active = screens.filter((s) => !s.revoked)
  const revoked = screens.filter((s) => s.revoked)
  return (
    <View>
      <View className="card">
        <Text className="duty__title">本村的值班屏</Text>
        <Text className="duty__hint">值班屏丢了、被人拿走或换了设备，请在这里停用，旧设备就不能再显示签到码。</Text>
        {done ? (
          <Text className="duty__ok" aria-role="status">
            {done}
          </Text>
        ) : null}
        {error ? <ErrorNotice error={error} /> : null}
        {active.length === 0 ? <Text className="duty__line">现在没有在用的值班屏</Text> : null}
        {active.map((s) => (
          <View key={s.id} className="xz-row" aria-label={`值班屏 ${s.label}`}>
            <View>
              <Text className="duty__line">{s.label}</Text>
              <Text className="duty__hint">
                {s.createdByName ? `${s.createdByName} ` : ''}
                {dateTimeLabel(s.createdAt)}设置 · 在用
              </Text>
            </View>
            <Button className="duty__act" size="mini" onClick={() => revoke(s)}>
              停用
            </Button>
          </View>
        ))}
      </View>
      {revoked.length ? (
        <View className="card">
          <Text className="duty__title">已停用</Text>
          {revoked.map((s) => (
            <View key={s.id} className="xz-row">
              <Text className="duty__line">{s.label}</Text>
              <Text className="duty__hint">{dateTimeLabel(s.createdAt)}设置 · 已停用</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  )
}
