import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { callFunction } from '../../../../api/client'
import { newRequestId } from '../../../../api/draft'
import { useCall } from '../../../../api/useCall'
import ErrorNotice from '../../../../components/ErrorNotice'
import { pageParams, useLargeText } from '../../../../state/prefs'
import '../../../../state/large-text.css'
import '../stars.css'

/** 供给清单 / 需求清单：村提需求（对应一项任务），乡镇对接供给并记录进度。?villageId= 或 ?townshipId= */
export default function StarsSupplyPage() {
  const { pageClass } = useLargeText()
  const { villageId = '', townshipId = '' } = pageParams()
  const supplies = useCall('stars', 'listSupply', {})
  const needs = townshipId ? useCall('stars', 'townshipNeeds', { townshipId }) : useCall('stars', 'villageNeeds', { villageId: villageId || 'none' })
  const [title, setTitle] = useState('')
  const [taskKey, setTaskKey] = useState('')
  const [message, setMessage] = useState('')
  const post = async () => {
    const r = await callFunction('stars', 'postNeed', { villageId, taskKey, title, detail: '' }, { requestId: newRequestId() })
    setMessage(r.ok ? '需求已提交乡镇' : r.error.message)
    needs.reload()
  }
  const match = async (needVillageId: string, needId: string, supplyId: string) => {
    const r = await callFunction('stars', 'matchNeed', { villageId: needVillageId, needId, supplyId, note: '' }, { requestId: newRequestId() })
    setMessage(r.ok ? '已对接' : r.error.message)
    needs.reload()
  }
  const next = { matched: 'agreed', agreed: 'delivering', delivering: 'delivered' } as const
  const move = async (needVillageId: string, needId: string, status: 'agreed' | 'delivering' | 'delivered') => {
    const r = await callFunction('stars', 'moveMatch', { villageId: needVillageId, needId, status, note: '' }, { requestId: newRequestId() })
    setMessage(r.ok ? '进度已记录' : r.error.message)
    needs.reload()
  }
  const open = (supplies.data?.supplies ?? []).filter((s) => s.open)
  return (
    <View className={pageClass}>
      {supplies.error ? <ErrorNotice error={supplies.error} onRetry={supplies.reload} /> : null}
      {message ? <View className='card'><Text className='stars__meta'>{message}</Text></View> : null}
      <View className='card'>
        <Text className='stars__title'>供给清单</Text>
        {open.length === 0 ? <Text className='stars__meta'>县里还没有发布供给</Text> : null}
        {open.map((s) => (
          <View key={s.id} className='xz-row stars__item'>
            <Text className='stars__line'>{`${s.name}（${s.department}）`}</Text>
            <Text className='stars__meta'>{`${s.amountYuan !== null ? `¥${s.amountYuan} · ` : ''}${s.conditions}`}</Text>
          </View>
        ))}
      </View>
      {villageId || townshipId ? (
      <View className='card'>
        <Text className='stars__title'>需求清单</Text>
        {needs.error ? <ErrorNotice error={needs.error} onRetry={needs.reload} /> : null}
        {(needs.data?.needs ?? []).map((n) => (
          <View key={n.id} className='xz-row stars__item'>
            <Text className='stars__line'>{`${townshipId ? `${n.villageName} · ` : ''}${n.title}`}</Text>
            <Text className='stars__meta'>{`对应任务：${n.taskName}${n.match ? ` · ${n.match.supplyName} · ${n.match.statusLabel}` : ' · 待对接'}`}</Text>
            {townshipId && !n.match ? open.map((s) => <Button key={s.id} size='mini' onClick={() => match(n.villageId, n.id, s.id)}>{`对接：${s.name}`}</Button>) : null}
            {townshipId && n.match && n.match.status in next ? (
              <Button size='mini' onClick={() => move(n.villageId, n.id, next[n.match!.status as keyof typeof next])}>记录下一步</Button>
            ) : null}
          </View>
        ))}
        {villageId && !townshipId ? (
          <View>
            <Input className='stars__input' placeholder='需求（如：修排水沟）' value={title} onInput={(e) => setTitle(e.detail.value)} />
            <Input className='stars__input' placeholder='对应任务编号（如 e4）' value={taskKey} onInput={(e) => setTaskKey(e.detail.value)} />
            <Button onClick={post}>提交需求</Button>
          </View>
        ) : null}
      </View>
      ) : null}
    </View>
  )
}
