import { Text, View } from '@tarojs/components'
import { dateLabel } from '@common/rules/human-text'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import Button from '@/components/Button'
import { callFunction, type CallOutput } from '@/api/client'
import ErrorNotice from '@/components/ErrorNotice'
import { confirmAction } from '@/state/confirm'

export type Swap = CallOutput<'duty', 'week'>['swaps'][number]

/** What a decision on a swap will do, in the words the confirmation shows. */
export function swapQuestion(s: Swap, approve: boolean) {
  const when = `${dateLabel(s.date)} ${s.start}–${s.end}`
  return approve
    ? {
        title: '同意换班？',
        content: `${when}的班改由${s.toName}值，${s.fromName}不再值这个班。同意后不能撤回。`,
        confirmText: '同意',
      }
    : {
        title: '不同意换班？',
        content: `${when}的班仍由${s.fromName}值，${s.fromName}会看到申请没有通过。`,
        confirmText: '不同意',
      }
}

/**
 * Swaps waiting for the secretary: each names the day, the hours and both cadres. Planners decide (after one
 * confirmation); everyone else sees that the swap waits for approval.
 */
export default function SwapDecisions({
  villageId,
  swaps,
  isPlanner,
  onDecided,
}: {
  villageId: string
  swaps: readonly Swap[]
  isPlanner: boolean
  onDecided: (outcome: string) => void
}) {
  const [error, setError] = useState<ErrorBody>()
  const [busy, setBusy] = useState('')
  async function decide(s: Swap, approve: boolean) {
    if (busy) return
    if (!(await confirmAction(swapQuestion(s, approve)))) return
    setBusy(s.id)
    setError(undefined)
    const r = await callFunction('duty', 'decideSwap', { villageId, swapId: s.id, approve })
    setBusy('')
    if (!r.ok) return setError(r.error)
    onDecided(
      r.data.status === 'approved'
        ? `已同意：${dateLabel(s.date)}的班改由${s.toName}值`
        : `已不同意：${dateLabel(s.date)}的班仍由${s.fromName}值`,
    )
  }
  if (!swaps.length) return null
  return (
    <View className="card" aria-label="换班申请">
      <Text className="duty__title">{isPlanner ? '待您批准的换班' : '等书记批准的换班'}</Text>
      {error ? <ErrorNotice error={error} /> : null}
      {swaps.map((s) => (
        <View key={s.id} className="xz-row">
          <View>
            <Text className="duty__line">
              {dateLabel(s.date)} {s.start}–{s.end}：{s.fromName} → {s.toName}
            </Text>
            <Text className="duty__hint">原因：{s.reason}</Text>
          </View>
          {isPlanner ? (
            <View className="duty__acts">
              <Button className="duty__act" size="mini" type="primary" onClick={() => decide(s, true)}>
                同意
              </Button>
              <Button className="duty__act" size="mini" onClick={() => decide(s, false)}>
                不同意
              </Button>
            </View>
          ) : (
            <Text className="duty__hint">待批准</Text>
          )}
        </View>
      ))}
    </View>
  )
}
