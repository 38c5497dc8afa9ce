import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { dateTimeLabel } from '@common/rules/human-text'
import { callFunction } from '@/api/client'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import { useLargeText } from '@/state/prefs'
import { Dashboard } from '../dashboard'
import { go, openWorkbook } from '../shared'
import '../../../../state/large-text.css'
import '../stars.css'

/** 县级看板：星级与目标、每颗星、走势、月达标排序、连续两月靠后；导出 Excel。 */
export default function StarsCountyPage() {
  const { pageClass } = useLargeText()
  const dash = useCall('stars', 'countyDashboard', {})
  const [message, setMessage] = useState('')
  const refresh = async () => {
    setMessage('正在更新…')
    // A run goes a few townships per call (each call well inside the cloud function's timeout).
    let r = await callFunction('stars', 'refresh', { restart: true })
    for (let i = 0; r.ok && !r.data.complete && i < 500; i++) {
      setMessage(`正在更新… 已算 ${r.data.townshipsDone}/${r.data.townships} 个乡镇`)
      r = await callFunction('stars', 'refresh', {})
    }
    setMessage(
      r.ok ? (r.data.complete ? `已更新全县 ${r.data.townships} 个乡镇` : '更新未完成，请稍后再试') : r.error.message,
    )
    dash.reload()
  }
  const download = async () => {
    setMessage('正在生成 Excel…')
    const r = await callFunction('stars', 'exportMonth', {})
    if (!r.ok) return setMessage(r.error.message)
    await openWorkbook(r.data.name, r.data.url)
    setMessage(`已导出 ${r.data.name}`)
  }
  return (
    <View className={pageClass}>
      <View className="card">
        <Text className="stars__title">全县五星支部看板</Text>
        <Text className="stars__meta">
          {dash.data?.refreshedAt ? `数据更新于 ${dateTimeLabel(dash.data.refreshedAt)}` : '数据每天自动更新'}
        </Text>
        <View className="stars__actions">
          <Button onClick={download}>导出 Excel</Button>
          <Button onClick={refresh}>现在更新</Button>
          <Button onClick={() => go('/packages/stars/pages/supply/index?county=1')}>供给清单</Button>
          <Button onClick={() => go('/packages/stars/pages/template/index')}>任务模板</Button>
        </View>
        {message ? <Text className="stars__meta">{message}</Text> : null}
      </View>
      {dash.error ? <ErrorNotice error={dash.error} onRetry={dash.reload} /> : null}
      {dash.data ? <Dashboard d={dash.data} /> : null}
    </View>
  )
}
