import { Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import { dateLabel } from '@common/rules/human-text'
import Button from '@/components/Button'
import { callFunction, type CallOutput } from '@/api/client'
import { newRequestId } from '@/api/draft'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { confirmAction } from '@/state/confirm'
import { usePageParams, useLargeText } from '@/state/prefs'
import { CATEGORY_KEYS, GRID_PAGES, REQUEST_CATEGORY_LABELS, when } from '../labels'
import '../../../../state/large-text.css'
import Tabs from '../Tabs'
import '../grid.css'

type Finding = CallOutput<'grid', 'findings'>['findings'][number]

const FILTERS = [
  { key: 'open', title: '待处理' },
  { key: 'done', title: '已处理' },
] as const

/**
 * 走访发现的需求: what members wrote as needs on their visits, for the village's cadres — each turned into a
 * request (then handled as every request) or marked handled with how, so a finding never reaches nobody.
 */
export default function FindingsPage() {
  const { pageClass } = useLargeText()
  const { villageId = '' } = usePageParams()
  const [filter, setFilter] = useState<'open' | 'done'>('open')
  if (!villageId) return <EmptyState title="请从“党员联户”进入" />
  return (
    <View className={pageClass}>
      <Tabs tabs={FILTERS} value={filter} onChange={setFilter} />
      <Findings key={filter} villageId={villageId} filter={filter} />
    </View>
  )
}

function Findings({ villageId, filter }: { villageId: string; filter: 'open' | 'done' }) {
  const list = useCall('grid', 'findings', { villageId, filter })
  if (list.error && !list.data) return <ErrorNotice error={list.error} onRetry={list.reload} />
  if (!list.data) return <Text>正在加载…</Text>
  if (list.data.findings.length === 0)
    return <EmptyState title={filter === 'open' ? '没有待处理的需求' : '还没有处理过的需求'} />
  return (
    <View>
      {list.data.findings.map((f) => (
        <FindingCard key={f.visitId} villageId={villageId} f={f} onDone={list.reload} />
      ))}
    </View>
  )
}

function FindingCard({ villageId, f, onDone }: { villageId: string; f: Finding; onDone: () => void }) {
  const [mode, setMode] = useState<'request' | 'handled'>()
  const [note, setNote] = useState('')
  const [error, setError] = useState<ErrorBody>()
  const [busy, setBusy] = useState(false)
  const [requestId] = useState(newRequestId)

  async function resolve(outcome: 'request' | 'handled', category?: (typeof CATEGORY_KEYS)[number]) {
    const ok = await confirmAction(
      outcome === 'request'
        ? {
            title: '转为诉求？',
            content: `把“${f.needs}”作为${f.headName}家的${REQUEST_CATEGORY_LABELS[category!]}诉求，进入本村诉求办理。`,
            confirmText: '转为诉求',
          }
        : { title: '标为已处理？', content: `“${f.needs}”将从待处理中移出，处理情况保留。`, confirmText: '已处理' },
    )
    if (!ok) return
    setBusy(true)
    setError(undefined)
    const r = await callFunction(
      'grid',
      'resolveFinding',
      { villageId, visitId: f.visitId, outcome, category, note: outcome === 'handled' ? note : undefined },
      { requestId },
    )
    setBusy(false)
    if (!r.ok) return setError(r.error)
    onDone()
  }

  return (
    <View className="card" aria-label={`需求 ${f.headName}家`}>
      <View className="section-title">{f.headName}家</View>
      <Text>{f.needs}</Text>
      <View className="grid__muted">
        {dateLabel(f.date)} {f.memberName} 走访时记下
      </View>
      {f.outcome ? (
        <View className="grid__muted">
          {when(f.outcomeAt)} {f.outcomeBy}
          {f.outcome === 'request' ? '转为诉求' : `处理：${f.outcomeNote ?? ''}`}
        </View>
      ) : null}
      {f.requestId ? (
        <View
          className="grid__row"
          onClick={() =>
            Taro.navigateTo({ url: `${GRID_PAGES}/request/index?villageId=${villageId}&requestId=${f.requestId}` })
          }
        >
          <Text>查看这件诉求</Text>
          <Text className="grid__muted">›</Text>
        </View>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {!f.outcome && !mode ? (
        <View>
          <Button type="primary" disabled={busy} onClick={() => setMode('request')}>
            转为诉求
          </Button>
          <Button disabled={busy} onClick={() => setMode('handled')}>
            已处理
          </Button>
        </View>
      ) : null}
      {!f.outcome && mode === 'request' ? (
        <View>
          <View className="grid__muted">选择诉求类别：</View>
          <View className="grid__tabs">
            {CATEGORY_KEYS.map((c) => (
              <View
                key={c}
                className="grid__tab"
                onClick={() => {
                  if (!busy) void resolve('request', c)
                }}
              >
                <Text>{REQUEST_CATEGORY_LABELS[c]}</Text>
              </View>
            ))}
          </View>
        </View>
      ) : null}
      {!f.outcome && mode === 'handled' ? (
        <View>
          <Textarea
            className="grid__textarea"
            aria-label="处理情况"
            value={note}
            placeholder="怎么处理的（如：已帮助联系乡镇民政办）"
            onInput={(e) => setNote(e.detail.value)}
          />
          <Button type="primary" disabled={busy || !note.trim()} onClick={() => resolve('handled')}>
            保存处理情况
          </Button>
        </View>
      ) : null}
    </View>
  )
}
