import { Input, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import { LOG_OUTCOMES, type LogOutcome } from '@common/rules/duty'
import Button from '@/components/Button'
import { callFunction, type CallOutput } from '@/api/client'
import { useDraftForm } from '@/api/draft'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import SensitiveWarning from '@/components/SensitiveWarning'
import { useLargeText } from '@/state/prefs'
import { hhmm, useDutyVillage } from '@/packages/duty/shared/useDutyVillage'
import '../../../../state/large-text.css'
import '../../shared/duty.css'

type Entry = CallOutput<'duty', 'listLogs'>['entries'][number]

const EMPTY = {
  visitorName: '',
  visitorPhone: '',
  matter: '',
  action: '',
  outcome: 'resolved' as LogOutcome,
  dispute: false,
  emergencyReported: false,
}

/** 值班服务日志: record a visitor's matter (kept on the phone until sent), today's entries, my open matters. */
export default function DutyLogPage() {
  const { pageClass } = useLargeText()
  const { villageId, isCadre, loading } = useDutyVillage()
  const [version, setVersion] = useState(0)
  if (loading)
    return (
      <View className={pageClass}>
        <Text className="duty__hint">正在读取…</Text>
      </View>
    )
  if (!villageId || !isCadre)
    return (
      <View className={pageClass}>
        <EmptyState title="只有本村干部可以记录值班日志" />
      </View>
    )
  return (
    <View className={pageClass}>
      <LogForm villageId={villageId} onSaved={() => setVersion(version + 1)} />
      <Entries key={`mine-${version}`} villageId={villageId} mineOpen />
      <Entries key={`today-${version}`} villageId={villageId} />
    </View>
  )
}

function LogForm({ villageId, onSaved }: { villageId: string; onSaved: () => void }) {
  const form = useDraftForm(`duty-log-${villageId}`, EMPTY)
  const [saved, setSaved] = useState('')
  const v = form.value
  const canSend = !form.submitting && Boolean(v.visitorName.trim()) && v.matter.trim().length >= 2
  async function submit() {
    if (!canSend) return // Taro's H5 Button lets taps through while disabled
    setSaved('')
    const data = await form.submit((value, requestId) =>
      callFunction(
        'duty',
        'addLog',
        {
          villageId,
          visitorName: value.visitorName.trim(),
          visitorPhone: value.visitorPhone.trim() || undefined,
          matter: value.matter.trim(),
          action: value.action.trim(),
          outcome: value.outcome,
          dispute: value.dispute,
          emergencyReported: value.emergencyReported,
          handOff:
            value.outcome === 'handed-off'
              ? {
                  category: value.dispute ? 'dispute' : 'help',
                  urgency: value.emergencyReported ? 'emergency' : 'normal',
                }
              : undefined,
        },
        { requestId },
      ),
    )
    if (!data) return
    setSaved(data.entry.requestLinkId ? '已记录，并已转入群众诉求办理' : '已记录')
    onSaved()
  }
  return (
    <View className="card">
      <Text className="duty__title">记录一位来访群众</Text>
      {form.restored ? <Text className="duty__hint">已恢复上次没有提交的内容</Text> : null}
      <Text className="xz-label">来访群众姓名</Text>
      <Input
        className="duty__input"
        aria-label="来访群众姓名"
        value={v.visitorName}
        placeholder="来访群众姓名"
        onInput={(e) => form.update({ visitorName: e.detail.value })}
      />
      <Text className="xz-label">联系电话（可不填）</Text>
      <Input
        className="duty__input"
        aria-label="联系电话"
        type="number"
        value={v.visitorPhone}
        placeholder="联系电话（可不填）"
        onInput={(e) => form.update({ visitorPhone: e.detail.value })}
      />
      <Text className="xz-label">来办什么事</Text>
      <Textarea
        className="duty__textarea"
        aria-label="事项"
        value={v.matter}
        placeholder="来办什么事"
        onInput={(e) => form.update({ matter: e.detail.value })}
      />
      <Text className="xz-label">怎么办的（可不填）</Text>
      <Textarea
        className="duty__textarea"
        aria-label="办理情况"
        value={v.action}
        placeholder="怎么办的（可不填）"
        onInput={(e) => form.update({ action: e.detail.value })}
      />
      <SensitiveWarning texts={[v.matter, v.action]} />
      <Text className="duty__line">结果：</Text>
      <View className="duty__choices">
        {(Object.keys(LOG_OUTCOMES) as LogOutcome[]).map((k) => (
          <View
            key={k}
            className={`duty__choice${v.outcome === k ? ' duty__choice--on' : ''}`}
            aria-role="radio"
            aria-checked={v.outcome === k}
            onClick={() => form.update({ outcome: k })}
          >
            <Text>{LOG_OUTCOMES[k]}</Text>
          </View>
        ))}
      </View>
      <View className="duty__choices">
        <View
          className={`duty__choice${v.dispute ? ' duty__choice--on' : ''}`}
          aria-role="checkbox"
          aria-checked={v.dispute}
          onClick={() => form.update({ dispute: !v.dispute })}
        >
          <Text>调解了矛盾纠纷</Text>
        </View>
        <View
          className={`duty__choice${v.emergencyReported ? ' duty__choice--on' : ''}`}
          aria-role="checkbox"
          aria-checked={v.emergencyReported}
          onClick={() => form.update({ emergencyReported: !v.emergencyReported })}
        >
          <Text>紧急情况已报告乡镇</Text>
        </View>
      </View>
      {form.error ? <ErrorNotice error={form.error} /> : null}
      {saved ? (
        <Text className="duty__ok" aria-role="status">
          {saved}
        </Text>
      ) : null}
      <Button type="primary" disabled={!canSend} onClick={submit}>
        {form.submitting ? '正在保存…' : '保存'}
      </Button>
      <Text className="duty__hint">谁接待谁负责（首问负责）：需后续办理的事由您负责，直到办结或移交。</Text>
    </View>
  )
}

function Entries({ villageId, mineOpen }: { villageId: string; mineOpen?: boolean }) {
  const list = useCall('duty', 'listLogs', { villageId, mineOpen, limit: 30 })
  const [error, setError] = useState<ErrorBody>()
  async function close(entry: Entry) {
    setError(undefined)
    const result = await callFunction('duty', 'closeLog', { villageId, logId: entry.id, result: '已办结' })
    if (!result.ok) return setError(result.error)
    list.reload()
  }
  const entries = list.data?.entries ?? []
  if (mineOpen && list.data && entries.length === 0) return null
  return (
    <View className="card">
      <Text className="duty__title">{mineOpen ? '我负责、还没办结的事' : '今天的值班日志'}</Text>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {list.data && entries.length === 0 ? <Text className="duty__hint">今天还没有记录</Text> : null}
      {entries.map((e) => (
        <View key={e.id} className="xz-row">
          <View>
            <Text className="duty__line">
              {hhmm(e.at)} {e.visitorName}：{e.matter}
            </Text>
            <Text className="duty__hint">
              {LOG_OUTCOMES[e.outcome]} · 负责人 {e.ownerName}
              {e.requestLinkId ? ' · 已转为群众诉求' : ''}
              {e.status === 'closed' ? ' · 已办结' : ''}
            </Text>
          </View>
          {mineOpen ? (
            <Button className="duty__act" size="mini" onClick={() => close(e)}>
              办结
            </Button>
          ) : null}
        </View>
      ))}
    </View>
  )
}
