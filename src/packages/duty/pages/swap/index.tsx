import { Text, Textarea, View } from '@tarojs/components'
import { dateLabel } from '@common/rules/human-text'
import { useState } from 'react'
import Button from '@/components/Button'
import { callFunction, type CallOutput } from '@/api/client'
import { useDraftForm } from '@/api/draft'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { useLargeText } from '@/state/prefs'
import SwapDecisions from '@/packages/duty/shared/SwapDecisions'
import { DutyGate } from '@/packages/duty/shared/DutyGate'
import { useDutyVillage } from '@/packages/duty/shared/useDutyVillage'
import '../../../../state/large-text.css'
import '../../shared/duty.css'

type Week = CallOutput<'duty', 'week'>
type Shift = Week['days'][number]['shifts'][number]

/**
 * 换班: a cadre asks to give one of their coming shifts to another cadre, with the reason; the secretary (or first
 * secretary) approves or refuses here, and the week's plan — and the public board — then show who is on duty.
 */
export default function DutySwapPage() {
  const { pageClass } = useLargeText()
  const { villageId, personId, isCadre, isPlanner, loading } = useDutyVillage()
  return (
    <DutyGate
      pageClass={pageClass}
      loading={loading}
      refusal={!villageId || !isCadre ? <EmptyState title="只有本村干部可以换班" /> : undefined}
    >
      <Swaps villageId={villageId} personId={personId} isPlanner={isPlanner} />
    </DutyGate>
  )
}

function Swaps({ villageId, personId, isPlanner }: { villageId: string; personId: string; isPlanner: boolean }) {
  const week = useCall('duty', 'week', { villageId })
  const [decided, setDecided] = useState('')
  if (!week.data)
    return week.error ? (
      <ErrorNotice error={week.error} onRetry={week.reload} />
    ) : (
      <Text className="duty__hint">正在读取…</Text>
    )
  return (
    <View>
      {decided ? (
        <View className="card" aria-role="status">
          <Text className="duty__ok">{decided}</Text>
        </View>
      ) : null}
      <SwapDecisions
        villageId={villageId}
        swaps={week.data.swaps}
        isPlanner={isPlanner}
        onDecided={(outcome) => {
          setDecided(outcome)
          week.reload()
        }}
      />
      <RequestSwap villageId={villageId} personId={personId} week={week.data} onSent={week.reload} />
    </View>
  )
}

const EMPTY = { shiftId: '', toPersonId: '', reason: '' }

function RequestSwap({
  villageId,
  personId,
  week,
  onSent,
}: {
  villageId: string
  personId: string
  week: Week
  onSent: () => void
}) {
  const cadres = useCall('duty', 'cadres', { villageId })
  const form = useDraftForm(`duty-swap-${villageId}`, EMPTY)
  const [sent, setSent] = useState('')
  const v = form.value
  // My shifts of the coming week not yet started (checked in) and not already waiting for approval.
  const waiting = new Set(week.swaps.map((s) => `${s.date} ${s.start} ${s.fromName}`))
  const mine: (Shift & { date: string })[] = week.days.flatMap((d) =>
    d.shifts
      .filter((s) => s.personId === personId && !s.checkedIn && !waiting.has(`${d.date} ${s.start} ${s.name}`))
      .map((s) => ({ ...s, date: d.date })),
  )
  const chosen = mine.find((s) => s.id === v.shiftId)
  // Who can take it: another cadre with no shift that day (the server refuses a second shift on one day).
  const busy = new Set(chosen ? week.days.find((d) => d.date === chosen.date)?.shifts.map((s) => s.personId) : [])
  const takers = (cadres.data?.cadres ?? []).filter((c) => c.personId !== personId && !busy.has(c.personId))
  const canSend = !form.submitting && Boolean(chosen) && Boolean(v.toPersonId) && v.reason.trim().length >= 2

  async function submit() {
    if (!canSend || !chosen) return // Taro's H5 Button lets taps through while disabled
    setSent('')
    const to = takers.find((c) => c.personId === v.toPersonId)
    const data = await form.submit((value, requestId) =>
      callFunction(
        'duty',
        'requestSwap',
        { villageId, shiftId: value.shiftId, toPersonId: value.toPersonId, reason: value.reason.trim() },
        { requestId },
      ),
    )
    if (!data) return
    setSent(`已申请：${dateLabel(chosen.date)}的班换给${to?.name ?? '接班干部'}，等书记批准`)
    onSent()
  }

  return (
    <View className="card">
      <Text className="duty__title">申请换班</Text>
      {form.restored ? <Text className="duty__hint">已恢复上次没有提交的内容</Text> : null}
      {sent ? (
        <Text className="duty__ok" aria-role="status">
          {sent}
        </Text>
      ) : null}
      {mine.length === 0 ? (
        <Text className="duty__hint">未来 7 天您没有可以换的班（已签到或已在申请中的班不能再换）</Text>
      ) : (
        <View>
          <Text className="duty__line">换哪一个班：</Text>
          <View className="duty__choices">
            {mine.map((s) => (
              <View
                key={s.id}
                className={`duty__choice${v.shiftId === s.id ? ' duty__choice--on' : ''}`}
                aria-role="radio"
                aria-checked={v.shiftId === s.id}
                onClick={() => form.update({ shiftId: s.id, toPersonId: '' })}
              >
                <Text>
                  {dateLabel(s.date)} {s.start}–{s.end}
                </Text>
              </View>
            ))}
          </View>
          {chosen ? (
            <View>
              <Text className="duty__line">换给谁：</Text>
              {cadres.error ? <ErrorNotice error={cadres.error} onRetry={cadres.reload} /> : null}
              <View className="duty__choices" aria-label="接班干部">
                {takers.map((c) => (
                  <View
                    key={c.personId}
                    className={`duty__choice${v.toPersonId === c.personId ? ' duty__choice--on' : ''}`}
                    aria-role="radio"
                    aria-checked={v.toPersonId === c.personId}
                    onClick={() => form.update({ toPersonId: c.personId })}
                  >
                    <Text>{c.name}</Text>
                  </View>
                ))}
              </View>
              {cadres.data && takers.length === 0 ? (
                <Text className="duty__warn">这一天其他干部都已有班，请找书记调整</Text>
              ) : null}
            </View>
          ) : null}
          <Text className="xz-label">换班原因</Text>
          <Textarea
            className="duty__textarea"
            aria-label="换班原因"
            value={v.reason}
            placeholder="如：那天要去乡里开会"
            onInput={(e) => form.update({ reason: e.detail.value })}
          />
          {form.error ? <ErrorNotice error={form.error} /> : null}
          <Button type="primary" disabled={!canSend} onClick={submit}>
            {form.submitting ? '正在提交…' : '提交换班申请'}
          </Button>
          <Text className="duty__hint">书记批准后，这个班改到接班干部名下，值班公示也会跟着变。</Text>
        </View>
      )}
    </View>
  )
}
