import { Input, Text, Textarea, View } from '@tarojs/components'
import { beijingDate } from '@common/rules/beijing-time'
import { dateLabel, dateTimeLabel } from '@common/rules/human-text'
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
import { confirmAction } from '@/state/confirm'
import { useLargeText } from '@/state/prefs'
import { DateField } from '@/packages/duty/shared/fields'
import { DutyGate } from '@/packages/duty/shared/DutyGate'
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
  // A matter handed over or closed: the day's list reads again (the list of my matters updates itself).
  const [changed, setChanged] = useState(0)
  return (
    <DutyGate
      pageClass={pageClass}
      loading={loading}
      refusal={!villageId || !isCadre ? <EmptyState title="只有本村干部可以记录值班日志" /> : undefined}
    >
      <LogForm villageId={villageId} onSaved={() => setVersion(version + 1)} />
      <Entries key={`mine-${version}`} villageId={villageId} mineOpen onChanged={() => setChanged(changed + 1)} />
      <Day villageId={villageId} refresh={`${version}-${changed}`} />
    </DutyGate>
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

function Day({ villageId, refresh }: { villageId: string; refresh: string }) {
  // Read on the phone's clock: which day's log to show (the server keeps the duty day on the Beijing clock).
  const [today] = useState(() => beijingDate(new Date()))
  const [date, setDate] = useState(today)
  return (
    <View>
      <View className="card">
        <DateField label="查看哪一天的值班日志" value={date} end={today} onChange={setDate} />
      </View>
      <Entries key={`day-${refresh}-${date}`} villageId={villageId} date={date} isToday={date === today} />
    </View>
  )
}

function Entries({
  villageId,
  mineOpen,
  date,
  isToday = true,
  onChanged,
}: {
  villageId: string
  mineOpen?: boolean
  date?: string
  isToday?: boolean
  onChanged?: () => void
}) {
  const { personId } = useDutyVillage()
  const list = useCall('duty', 'listLogs', { villageId, mineOpen, date: mineOpen ? undefined : date, limit: 30 })
  const [error, setError] = useState<ErrorBody>()
  const [handing, setHanding] = useState<string>()
  const [done, setDone] = useState('')
  async function close(entry: Entry) {
    setError(undefined)
    const sure = await confirmAction({
      title: '确认办结？',
      content: `“${entry.matter}”将记为已办结，不再出现在您负责的事里。`,
      confirmText: '办结',
    })
    if (!sure) return
    const result = await callFunction('duty', 'closeLog', { villageId, logId: entry.id, result: '已办结' })
    if (!result.ok) return setError(result.error)
    list.reload()
    onChanged?.()
  }
  const entries = list.data?.entries ?? []
  if (mineOpen && list.data && entries.length === 0 && !done) return null
  const day = date && !isToday ? dateLabel(date) : '今天'
  return (
    <View className="card">
      <Text className="duty__title">{mineOpen ? '我负责、还没办结的事' : `${day}的值班日志`}</Text>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {done ? (
        <Text className="duty__ok" aria-role="status">
          {done}
        </Text>
      ) : null}
      {list.data && entries.length === 0 ? (
        <Text className="duty__hint">{mineOpen ? '没有要办的事了' : `${day}没有记录`}</Text>
      ) : null}
      {entries.map((e) => (
        <View key={e.id}>
          <View className="xz-row">
            <View>
              <Text className="duty__line">
                {hhmm(e.at)} {e.visitorName}：{e.matter}
              </Text>
              <Text className="duty__hint">
                {LOG_OUTCOMES[e.outcome]} · 负责人 {e.ownerName}
                {e.requestLinkId ? ' · 已转为群众诉求' : ''}
                {e.status === 'closed' ? ' · 已办结' : ''}
              </Text>
              {e.handovers.map((h) => (
                <Text key={h.at + h.toName} className="duty__hint">
                  {dateTimeLabel(h.at)} {h.fromName} 移交给 {h.toName}
                </Text>
              ))}
            </View>
            {mineOpen && e.ownerPersonId === personId ? (
              <View className="duty__acts">
                <Button className="duty__act" size="mini" onClick={() => close(e)}>
                  办结
                </Button>
                <Button
                  className="duty__act"
                  size="mini"
                  onClick={() => setHanding(handing === e.id ? undefined : e.id)}
                >
                  {handing === e.id ? '收起' : '移交'}
                </Button>
              </View>
            ) : null}
          </View>
          {handing === e.id ? (
            <HandOver
              villageId={villageId}
              entry={e}
              onDone={(toName) => {
                setHanding(undefined)
                setDone(`已移交给${toName}，由${toName}负责办理`)
                list.reload()
                onChanged?.()
              }}
            />
          ) : null}
        </View>
      ))}
    </View>
  )
}

/** 首问负责: the owner hands a matter to another cadre, after one confirmation naming who will own it. */
function HandOver({ villageId, entry, onDone }: { villageId: string; entry: Entry; onDone: (toName: string) => void }) {
  const cadres = useCall('duty', 'cadres', { villageId })
  const [to, setTo] = useState('')
  const [note, setNote] = useState('')
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<ErrorBody>()
  const others = (cadres.data?.cadres ?? []).filter((c) => c.personId !== entry.ownerPersonId)
  const target = others.find((c) => c.personId === to)
  async function send() {
    if (!target || sending) return
    const sure = await confirmAction({
      title: `移交给${target.name}？`,
      content: `“${entry.matter}”改由${target.name}负责办理，您不再负责；日志会记下这次移交。`,
      confirmText: '移交',
    })
    if (!sure) return
    setSending(true)
    setError(undefined)
    const r = await callFunction('duty', 'handOverLog', {
      villageId,
      logId: entry.id,
      toPersonId: target.personId,
      note: note.trim(),
    })
    setSending(false)
    if (!r.ok) return setError(r.error)
    onDone(target.name)
  }
  return (
    <View className="card" aria-label="移交">
      <Text className="duty__line">移交给哪位干部：</Text>
      {cadres.error ? <ErrorNotice error={cadres.error} onRetry={cadres.reload} /> : null}
      <View className="duty__choices">
        {others.map((c) => (
          <View
            key={c.personId}
            className={`duty__choice${to === c.personId ? ' duty__choice--on' : ''}`}
            aria-role="radio"
            aria-checked={to === c.personId}
            onClick={() => setTo(c.personId)}
          >
            <Text>{c.name}</Text>
          </View>
        ))}
      </View>
      <Textarea
        className="duty__textarea"
        aria-label="移交说明"
        value={note}
        placeholder="移交说明（可不填），如：他分管水利"
        onInput={(e) => setNote(e.detail.value)}
      />
      {error ? <ErrorNotice error={error} /> : null}
      <Button type="primary" disabled={!target || sending} onClick={send}>
        {sending ? '正在移交…' : target ? `移交给${target.name}` : '请先选择干部'}
      </Button>
    </View>
  )
}
