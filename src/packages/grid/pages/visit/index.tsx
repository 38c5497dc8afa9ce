import { Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { RequestCategory } from '@common/rules/request-deadlines'
import Button from '@/components/Button'
import { callFunction } from '@/api/client'
import { useDraftForm } from '@/api/draft'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { usePageParams, useLargeText } from '@/state/prefs'
import { CATEGORY_KEYS, REQUEST_CATEGORY_LABELS, todayBeijing } from '../labels'
import '../../../../state/large-text.css'
import '../grid.css'

interface VisitForm {
  date: string
  met: string
  situation: string
  needs: string
  followUp: string
  raise: boolean
  category: RequestCategory
  emergency: boolean
  description: string
}

/**
 * 走访 (民情日记): one visit to a linked household. Kept on the phone until sent; a resend after a dropped network
 * uses the same request id, so the server records it once.
 */
export default function VisitPage() {
  const { pageClass } = useLargeText()
  const { villageId = '', householdId = '', name = '' } = usePageParams()
  if (!villageId || !householdId) return <EmptyState title="请从“我联系的户”进入" />
  return (
    <View className={pageClass}>
      <VisitFormView villageId={villageId} householdId={householdId} name={decodeURIComponent(name)} />
    </View>
  )
}

function VisitFormView({ villageId, householdId, name }: { villageId: string; householdId: string; name: string }) {
  const form = useDraftForm<VisitForm>(`visit.${villageId}.${householdId}`, {
    date: todayBeijing(),
    met: '',
    situation: '',
    needs: '',
    followUp: '',
    raise: false,
    category: 'help',
    emergency: false,
    description: '',
  })
  const [done, setDone] = useState<{ requestIds: string[] }>()
  const v = form.value

  async function send() {
    const result = await form.submit((value, requestId) =>
      callFunction(
        'grid',
        'recordVisit',
        {
          villageId,
          householdId,
          date: value.date,
          met: value.met,
          situation: value.situation,
          needs: value.needs || undefined,
          followUp: value.followUp || undefined,
          requests: value.raise
            ? [
                {
                  category: value.category,
                  urgency: value.emergency ? 'emergency' : 'normal',
                  description: value.description,
                },
              ]
            : [],
        },
        { requestId },
      ),
    )
    if (result) setDone(result)
  }

  if (done) {
    return (
      <View className="card">
        <View className="section-title">走访已记录</View>
        {done.requestIds.length ? <Text>提出的诉求已交村里办理，可在“本村的诉求”里查看进度。</Text> : null}
        <Button onClick={() => Taro.navigateBack()}>返回</Button>
      </View>
    )
  }
  return (
    <View className="card">
      <View className="section-title">走访 {name}家</View>
      {form.restored ? <View className="grid__muted">已恢复上次没有提交的内容</View> : null}
      <View className="grid__field">
        <Text className="grid__label">走访日期</Text>
        <Picker
          mode="date"
          value={v.date}
          end={todayBeijing()}
          onChange={(e) => form.update({ date: String(e.detail.value) })}
        >
          <View className="grid__input">{v.date}</View>
        </Picker>
      </View>
      <View className="grid__field">
        <Text className="grid__label">见到了谁</Text>
        <Input
          className="grid__input"
          aria-label="见到了谁"
          value={v.met}
          placeholder="如：户主、老人"
          onInput={(e) => form.update({ met: e.detail.value })}
        />
      </View>
      <View className="grid__field">
        <Text className="grid__label">家里情况</Text>
        <Textarea
          className="grid__textarea"
          aria-label="家里情况"
          value={v.situation}
          onInput={(e) => form.update({ situation: e.detail.value })}
        />
      </View>
      <View className="grid__field">
        <Text className="grid__label">发现的需求（可不填）</Text>
        <Textarea
          className="grid__textarea"
          aria-label="发现的需求"
          value={v.needs}
          onInput={(e) => form.update({ needs: e.detail.value })}
        />
      </View>
      <View className="grid__field">
        <Text className="grid__label">后续跟进（可不填）</Text>
        <Input
          className="grid__input"
          aria-label="后续跟进"
          value={v.followUp}
          onInput={(e) => form.update({ followUp: e.detail.value })}
        />
      </View>
      <View className="grid__tabs">
        <View
          className={`grid__tab${v.raise ? ' grid__tab--on' : ''}`}
          aria-role="checkbox"
          onClick={() => form.update({ raise: !v.raise })}
        >
          <Text>群众当场提出诉求</Text>
        </View>
      </View>
      {v.raise ? (
        <View>
          <View className="grid__tabs">
            {CATEGORY_KEYS.map((c) => (
              <View
                key={c}
                className={`grid__tab${v.category === c ? ' grid__tab--on' : ''}`}
                onClick={() => form.update({ category: c })}
              >
                <Text>{REQUEST_CATEGORY_LABELS[c]}</Text>
              </View>
            ))}
            <View
              className={`grid__tab${v.emergency ? ' grid__tab--on' : ''}`}
              onClick={() => form.update({ emergency: !v.emergency })}
            >
              <Text>紧急</Text>
            </View>
          </View>
          <Textarea
            className="grid__textarea"
            aria-label="诉求内容"
            value={v.description}
            placeholder="群众要办的事"
            onInput={(e) => form.update({ description: e.detail.value })}
          />
        </View>
      ) : null}
      {form.error ? <ErrorNotice error={form.error} onRetry={send} /> : null}
      <Button type="primary" loading={form.submitting} disabled={form.submitting} onClick={send}>
        提交走访记录
      </Button>
    </View>
  )
}
