import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import { dueDayLabel, workingDaysLabel } from '@common/rules/deadline-format'
import type { RequestCategory } from '@common/rules/request-deadlines'
import Button from '@/components/Button'
import { callFunction, type CallOutput } from '@/api/client'
import { useDraftForm } from '@/api/draft'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { usePageParams, useLargeText } from '@/state/prefs'
import { askToSubscribe } from '@/state/subscribe'
import { CATEGORY_KEYS, GRID_PAGES, REQUEST_CATEGORY_LABELS } from '../labels'
import { pickPhoto } from '@/api/photo'
import '../../../../state/large-text.css'
import '../grid.css'

interface RaiseForm {
  category: RequestCategory
  emergency: boolean
  description: string
  residentName: string
  residentPhone: string
  photos: string[]
}

/**
 * 提诉求: a bound resident for themselves, or a grid member for a linked household (`?householdId=`). Kept on the
 * phone until sent; a resend creates no second request.
 */
export default function RaisePage() {
  const { pageClass } = useLargeText()
  const { villageId = '', householdId = '', name = '' } = usePageParams()
  if (!villageId) return <EmptyState title="请从“党员联户”进入" />
  return (
    <View className={pageClass}>
      <RaiseFormView villageId={villageId} householdId={householdId} name={decodeURIComponent(name)} />
    </View>
  )
}

function RaiseFormView({ villageId, householdId, name }: { villageId: string; householdId: string; name: string }) {
  const form = useDraftForm<RaiseForm>(`raise.${villageId}.${householdId || 'self'}`, {
    category: 'help',
    emergency: false,
    description: '',
    residentName: name,
    residentPhone: '',
    photos: [],
  })
  const [uploadError, setUploadError] = useState<ErrorBody>()
  const [done, setDone] = useState<CallOutput<'requests', 'raise'>>()
  const v = form.value

  async function addPhoto() {
    setUploadError(undefined)
    const dataUrl = await pickPhoto()
    if (!dataUrl) return
    const result = await callFunction('requests', 'uploadPhoto', {
      villageId,
      name: `照片${v.photos.length + 1}`,
      dataUrl,
    })
    if (!result.ok) return setUploadError(result.error)
    form.update({ photos: [...v.photos, result.data.fileId] })
  }

  async function send() {
    askToSubscribe('requests')
    const result = await form.submit((value, requestId) =>
      callFunction(
        'requests',
        'raise',
        {
          villageId,
          householdId: householdId || undefined,
          residentName: householdId ? value.residentName || undefined : undefined,
          residentPhone: householdId ? value.residentPhone || undefined : undefined,
          category: value.category,
          urgency: value.emergency ? 'emergency' : 'normal',
          description: value.description,
          photos: value.photos,
        },
        { requestId },
      ),
    )
    if (result) setDone(result)
  }

  if (done) {
    return (
      <View className="card">
        <View className="section-title">诉求已提交</View>
        <Text>
          村里会尽快核实办理，最晚 {dueDayLabel(done.resolveBy)}答复
          {done.resolveTerm ? `（${workingDaysLabel(done.resolveTerm)}）` : ''}。
        </Text>
        <Button
          onClick={() =>
            Taro.redirectTo({ url: `${GRID_PAGES}/request/index?villageId=${villageId}&requestId=${done.requestId}` })
          }
        >
          查看进度
        </Button>
      </View>
    )
  }
  return (
    <View className="card">
      <View className="section-title">{householdId ? `替${name || '群众'}提诉求` : '我要提诉求'}</View>
      {form.restored ? <View className="grid__muted">已恢复上次没有提交的内容</View> : null}
      <Text className="grid__label">什么事</Text>
      <View className="grid__tabs">
        {CATEGORY_KEYS.map((c) => (
          <View
            key={c}
            className={`grid__tab${v.category === c ? ' grid__tab--on' : ''}`}
            aria-role="radio"
            onClick={() => form.update({ category: c })}
          >
            <Text>{REQUEST_CATEGORY_LABELS[c]}</Text>
          </View>
        ))}
        <View
          className={`grid__tab${v.emergency ? ' grid__tab--on' : ''}`}
          aria-role="checkbox"
          onClick={() => form.update({ emergency: !v.emergency })}
        >
          <Text>紧急</Text>
        </View>
      </View>
      <Textarea
        className="grid__textarea"
        aria-label="诉求内容"
        value={v.description}
        placeholder="请写清楚要办的事"
        onInput={(e) => form.update({ description: e.detail.value })}
      />
      {householdId ? (
        <View>
          <View className="grid__field">
            <Text className="grid__label">群众姓名（可不填，默认户主）</Text>
            <Input
              className="grid__input"
              aria-label="群众姓名"
              value={v.residentName}
              onInput={(e) => form.update({ residentName: e.detail.value })}
            />
          </View>
          <View className="grid__field">
            <Text className="grid__label">联系电话（可不填）</Text>
            <Input
              className="grid__input"
              type="number"
              aria-label="联系电话"
              value={v.residentPhone}
              onInput={(e) => form.update({ residentPhone: e.detail.value })}
            />
          </View>
        </View>
      ) : null}
      <View className="grid__field">
        <Text className="grid__muted">照片（可不传）：已传 {v.photos.length} 张</Text>
        {v.photos.length < 3 ? (
          <Button size="mini" onClick={addPhoto}>
            加照片
          </Button>
        ) : null}
        {uploadError ? <ErrorNotice error={uploadError} /> : null}
      </View>
      {form.error ? <ErrorNotice error={form.error} onRetry={send} /> : null}
      <Button type="primary" loading={form.submitting} disabled={form.submitting} onClick={send}>
        提交
      </Button>
    </View>
  )
}
