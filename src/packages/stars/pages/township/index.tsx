import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { periodLabel } from '@common/rules/human-text'
import { callFunction } from '@/api/client'
import { newRequestId } from '@/api/draft'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import { TownshipPicker } from '@/components/VillagePicker'
import { canIn } from '@/state/access'
import { useLargeText } from '@/state/prefs'
import { useTownship } from '@/state/village'
import { Dashboard } from '../dashboard'
import { go, levelWord, openWorkbook } from '../shared'
import '../../../../state/large-text.css'
import '../stars.css'

/** 乡镇：待审核的自评（认可 / 退回并写意见）和本乡镇看板。?townshipId= */
export default function StarsTownshipPage() {
  const { pageClass } = useLargeText()
  const { townshipId, choose, view } = useTownship()
  const dash = useCall('stars', 'townshipDashboard', { townshipId: townshipId || 'none' })
  const [comment, setComment] = useState<Record<string, string>>({})
  const [message, setMessage] = useState('')
  if (!townshipId)
    return (
      <View className={pageClass}>
        <TownshipPicker onChoose={choose} />
      </View>
    )
  const review = async (villageId: string, period: string, decision: 'accept' | 'return') => {
    const r = await callFunction(
      'stars',
      'reviewAssessment',
      { villageId, period, decision, comment: comment[villageId + period] ?? '' },
      { requestId: newRequestId() },
    )
    setMessage(r.ok ? `已${decision === 'accept' ? '认可' : '退回'}` : r.error.message)
    dash.reload()
  }
  const download = async () => {
    setMessage('正在生成 Excel…')
    const r = await callFunction('stars', 'exportTownship', { townshipId })
    if (!r.ok) return setMessage(r.error.message)
    await openWorkbook(r.data.name, r.data.url)
    setMessage(`已导出 ${r.data.name}`)
  }
  const mayExport = canIn(view)('stars.exportTownship', { townshipId })
  const d = dash.data
  return (
    <View className={pageClass}>
      {dash.error ? <ErrorNotice error={dash.error} onRetry={dash.reload} /> : null}
      {d ? (
        <>
          <View className="card">
            <Text className="stars__title">{`${d.townshipName} 待审核的自评`}</Text>
            {message ? <Text className="stars__meta">{message}</Text> : null}
            {d.pending.length === 0 ? <Text className="stars__meta">没有待审核的自评</Text> : null}
            {d.pending.map((p) => (
              <View key={p.villageId + p.period} className="xz-row stars__item">
                <Text
                  className="stars__line stars__link"
                  onClick={() => go(`/packages/stars/pages/index/index?villageId=${p.villageId}`)}
                >{`${p.villageName} ${periodLabel(p.period)} · 任务 ${p.tasksMet} 项 · ${levelWord(p.level)}`}</Text>
                <Textarea
                  className="stars__input"
                  placeholder="意见（退回时必填）"
                  value={comment[p.villageId + p.period] ?? ''}
                  onInput={(e) => setComment({ ...comment, [p.villageId + p.period]: e.detail.value })}
                />
                <View className="stars__actions">
                  <Button size="mini" onClick={() => review(p.villageId, p.period, 'accept')}>
                    认可
                  </Button>
                  <Button size="mini" onClick={() => review(p.villageId, p.period, 'return')}>
                    退回
                  </Button>
                </View>
              </View>
            ))}
            <View className="stars__actions">
              <Button onClick={() => go(`/packages/stars/pages/supply/index?townshipId=${townshipId}`)}>
                需求对接
              </Button>
              <Button onClick={() => go('/packages/stars/pages/template/index')}>任务模板</Button>
              {mayExport ? <Button onClick={download}>导出本乡镇 Excel</Button> : null}
            </View>
          </View>
          <Dashboard d={d} />
        </>
      ) : null}
    </View>
  )
}
