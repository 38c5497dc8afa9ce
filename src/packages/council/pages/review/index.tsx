import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import Button from '@/components/Button'
import { callFunction } from '@/api/client'
import { useDraftForm } from '@/api/draft'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { dateLabel } from '@common/rules/human-text'
import { canIn } from '@/state/access'
import { confirmAction } from '@/state/confirm'
import { VillageNeeded } from '@/components/VillagePicker'
import { pageParams, useLargeText } from '@/state/prefs'
import {
  describeOver,
  figuresOf,
  formatFigure,
  yuanToFen,
  type EventKind,
  type FigureKey,
} from '@common/rules/council-standards'
import { complianceLabel, kindLabel, parseFigures, statusLabel, yuan, useCouncilVillage } from '../shared'
import '../../../../state/large-text.css'
import '../council.css'

/** 审核与登记: filings waiting for the council, each opened to approve/advise/disagree, record actual figures, report a funeral to the township. */
export default function CouncilReviewPage() {
  const { pageClass } = useLargeText()
  const view = useCouncilVillage()
  const villageId = view.villageId
  const [open, setOpen] = useState(pageParams().filingId ?? '')
  if (!villageId)
    return (
      <View className={pageClass}>
        <VillageNeeded view={view} />
      </View>
    )
  return (
    <View className={pageClass}>
      {open ? (
        <Detail villageId={villageId} filingId={open} onBack={() => setOpen('')} can={canIn(view)} />
      ) : (
        <Queue villageId={villageId} onOpen={setOpen} />
      )}
    </View>
  )
}

const WAITING = ['filed', 'approved', 'advised', 'disagreed']

function Queue({ villageId, onOpen }: { villageId: string; onOpen: (id: string) => void }) {
  const list = useCall('council', 'listFilings', { villageId, limit: 50 })
  if (!list.data)
    return list.error ? (
      <ErrorNotice error={list.error} onRetry={list.reload} />
    ) : (
      <Text className="council__meta">正在读取…</Text>
    )
  const waiting = list.data.filings.filter((f) => WAITING.includes(f.status))
  const toReview = waiting.filter((f) => f.status === 'filed')
  const toRecord = waiting.filter((f) => f.status !== 'filed')
  if (!waiting.length) return <EmptyState title="没有待办的报备" description="新的报备会出现在这里" />
  const rows = (items: typeof waiting) =>
    items.map((f) => (
      <View key={f.id} className="xz-row" onClick={() => onOpen(f.id)}>
        <View>
          <Text className="council__line">{`${kindLabel(f.kind)} · ${f.householdLabel}`}</Text>
          <Text className="council__meta">{`${dateLabel(f.eventDate)} · ${statusLabel(f.status)} · ${f.overCount ? `${f.overCount} 项超标` : '符合标准'}${f.filedLate ? ' · 报备晚了' : ''}`}</Text>
        </View>
        <Text className="council__meta">办理 ›</Text>
      </View>
    ))
  return (
    <View>
      {toReview.length ? (
        <View className="card">
          <Text className="council__title">{`待审核 ${toReview.length} 件`}</Text>
          {rows(toReview)}
        </View>
      ) : null}
      {toRecord.length ? (
        <View className="card">
          <Text className="council__title">{`办完后待登记实际 ${toRecord.length} 件`}</Text>
          {rows(toRecord)}
        </View>
      ) : null}
    </View>
  )
}

function Detail({
  villageId,
  filingId,
  onBack,
  can,
}: {
  villageId: string
  filingId: string
  onBack: () => void
  can: ReturnType<typeof canIn>
}) {
  const filing = useCall('council', 'getFiling', { villageId, filingId })
  // Besides the role (the contract), reviewing needs a seat on this village's council: the server says so.
  const council = useCall('council', 'getCouncil', { villageId })
  const onCouncil = Boolean(council.data?.me.canReview)
  const f = filing.data
  return (
    <View>
      <Button size="mini" onClick={onBack}>
        ‹ 返回列表
      </Button>
      {filing.error ? <ErrorNotice error={filing.error} onRetry={filing.reload} /> : null}
      {f ? (
        <View>
          <View className="card">
            <Text className="council__title">{`${kindLabel(f.kind)} · ${f.householdLabel}`}</Text>
            <Text className="council__line">{`${f.kind === 'funeral' ? '出殡' : '办事'}日期 ${dateLabel(f.eventDate)} · ${statusLabel(f.status)}`}</Text>
            <Text className="council__meta">{`${f.filedByName} 报备 · 按${f.standard.version ? `本村第 ${f.standard.version} 版标准` : '县里的默认标准'}核对 · ${complianceLabel(f.compliance)}`}</Text>
            {f.check.items.map((i) =>
              i.over > 0 ? (
                <View key={i.key}>
                  <Text className="council__over">{describeOver(i)}</Text>
                  <Text className="council__meta">{`理由：${f.reasons[i.key as FigureKey] ?? '未写'}`}</Text>
                </View>
              ) : (
                <Text
                  key={i.key}
                  className="council__line"
                >{`${i.label} ${formatFigure(i, i.value)}${i.cap !== null ? `（上限 ${formatFigure(i, i.cap)}）` : ''}`}</Text>
              ),
            )}
            {f.description ? <Text className="council__meta">{`说明：${f.description}`}</Text> : null}
            {f.funeral ? (
              <Text className="council__meta">{`去世 ${dateLabel(f.funeral.deathDate)}${f.funeral.deathTime ? ` ${f.funeral.deathTime}` : ''} · ${f.funeral.filedOnTime ? '按时报备' : `超过 ${f.funeral.deadlineHours} 小时才报备`}`}</Text>
            ) : null}
            {f.review ? (
              <Text className="council__line">{`审核：${statusLabel(f.status === 'completed' ? (f.review.decision === 'approve' ? 'approved' : f.review.decision === 'advise' ? 'advised' : 'disagreed') : f.status)}${f.review.advice ? `，${f.review.advice}` : ''}（${f.review.byName}）`}</Text>
            ) : null}
          </View>
          {f.status !== 'completed' && f.status !== 'withdrawn' && onCouncil && can('council.review') ? (
            <Review villageId={villageId} filingId={filingId} onDone={filing.reload} />
          ) : null}
          {f.funeral?.townshipRequired && onCouncil && can('council.reportToTownship') ? (
            <Township
              villageId={villageId}
              filingId={filingId}
              reportedAt={f.funeral.townshipReportedAt}
              onDone={filing.reload}
            />
          ) : null}
          {f.status !== 'completed' && f.status !== 'withdrawn' && onCouncil && can('council.recordActual') ? (
            <Actual villageId={villageId} filingId={filingId} kind={f.kind} onDone={filing.reload} />
          ) : null}
          {f.actual ? (
            <View className="card">
              <Text className="council__title">实际与计划</Text>
              {f.comparison?.map((c) => (
                <View key={c.key} className="council__table-row">
                  <Text>{c.label}</Text>
                  <Text>{`计划 ${c.planned === undefined ? '—' : formatFigure(c, c.planned)} · 实际 ${c.actual === undefined ? '—' : formatFigure(c, c.actual)}`}</Text>
                </View>
              ))}
              <Text className="council__meta">{`本户确认人：${f.confirmedBy ?? ''}`}</Text>
              {f.savings ? (
                <Text className="council__big">{`估算节约 ${yuan(f.savings.savedFen)}`}</Text>
              ) : (
                <Text className="council__meta">没有移风易俗前的花费基数，不估算节约</Text>
              )}
              {f.savings ? <Text className="council__meta">{f.savings.methodText}</Text> : null}
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}

function Review({ villageId, filingId, onDone }: { villageId: string; filingId: string; onDone: () => void }) {
  const form = useDraftForm(`council-review-${filingId}`, { advice: '' })
  const [done, setDone] = useState('')
  async function decide(decision: 'approve' | 'advise' | 'disagree') {
    if (form.submitting) return
    if (
      decision === 'disagree' &&
      !(await confirmAction({
        title: '记录不同意见？',
        content: `理事会不同意本次报备：“${form.value.advice.trim()}”。意见记入台账，报备人会看到。`,
        confirmText: '不同意',
      }))
    )
      return
    const result = await form.submit((value, requestId) =>
      callFunction('council', 'review', { villageId, filingId, decision, advice: value.advice }, { requestId }),
    )
    if (result) {
      setDone(statusLabel(result.status))
      onDone()
    }
  }
  return (
    <View className="card">
      <Text className="council__title">理事会意见</Text>
      <Input
        className="council__input"
        aria-label="意见或建议"
        value={form.value.advice}
        placeholder="意见或建议（同意时可不填）"
        onInput={(e) => form.update({ advice: e.detail.value })}
      />
      {form.error ? <ErrorNotice error={form.error} /> : null}
      {done ? <Text className="council__ok">{`已记录：${done}`}</Text> : null}
      <View className="council__actions">
        <Button type="primary" disabled={form.submitting} onClick={() => decide('approve')}>
          同意
        </Button>
        <Button disabled={form.submitting || !form.value.advice.trim()} onClick={() => decide('advise')}>
          提出修改建议
        </Button>
        <Button disabled={form.submitting || !form.value.advice.trim()} onClick={() => decide('disagree')}>
          记录不同意见
        </Button>
      </View>
    </View>
  )
}

function Township({
  villageId,
  filingId,
  reportedAt,
  onDone,
}: {
  villageId: string
  filingId: string
  reportedAt?: string
  onDone: () => void
}) {
  const form = useDraftForm(`council-township-${filingId}`, {})
  if (reportedAt) return <Text className="council__ok">{`已报乡镇民政所（${dateLabel(reportedAt)}）`}</Text>
  async function report() {
    if (
      await form.submit((_v, requestId) =>
        callFunction('council', 'reportToTownship', { villageId, filingId }, { requestId }),
      )
    )
      onDone()
  }
  return (
    <View className="card">
      {form.error ? <ErrorNotice error={form.error} /> : null}
      <Button disabled={form.submitting} onClick={report}>
        已报乡镇民政所
      </Button>
    </View>
  )
}

function Actual({
  villageId,
  filingId,
  kind,
  onDone,
}: {
  villageId: string
  filingId: string
  kind: EventKind
  onDone: () => void
}) {
  const form = useDraftForm(`council-actual-${filingId}`, {
    figures: {} as Partial<Record<FigureKey, string>>,
    confirmed: false,
    confirmedBy: '',
    familyBaseline: '',
  })
  const v = form.value
  const { figures, bad } = parseFigures(kind, v.figures)
  const baselineFen = v.familyBaseline.trim() ? yuanToFen(v.familyBaseline) : undefined
  const missing = figuresOf(kind).filter((d) => d.required.includes(kind) && figures[d.key] === undefined)
  const ready = v.confirmed && v.confirmedBy.trim() && !bad.length && !missing.length && baselineFen !== null
  async function save() {
    if (form.submitting || !ready) return
    const sure = await confirmAction({
      title: '保存实际数字？',
      content: `这件事按这些数字办结，由${v.confirmedBy.trim()}代表本户确认；保存后不能再改。`,
      confirmText: '保存',
    })
    if (!sure) return
    const result = await form.submit((value, requestId) =>
      callFunction(
        'council',
        'recordActual',
        {
          villageId,
          filingId,
          actual: parseFigures(kind, value.figures).figures,
          familyConfirmed: true,
          confirmedBy: value.confirmedBy,
          ...(baselineFen !== undefined && baselineFen !== null ? { familyBaselineFen: baselineFen } : {}),
        },
        { requestId },
      ),
    )
    if (result) onDone()
  }
  return (
    <View className="card">
      <Text className="council__title">办完以后：登记实际数字</Text>
      {figuresOf(kind).map((def) => (
        <View key={def.key}>
          <Text className="council__label">{`实际${def.label}${def.money ? '（元）' : `（${def.unit}）`}`}</Text>
          <Input
            className="council__input"
            aria-label={`实际${def.label}`}
            type="digit"
            value={v.figures[def.key] ?? ''}
            onInput={(e) => form.update({ figures: { ...v.figures, [def.key]: e.detail.value } })}
          />
          {bad.includes(def.key) ? <Text className="council__over">请填写数字</Text> : null}
        </View>
      ))}
      <Text className="council__label">按旧俗办大概要花多少（本户自述，可不填；不填按村里调查的平均数估算）</Text>
      <Input
        className="council__input"
        aria-label="按旧俗办理的花费"
        type="digit"
        value={v.familyBaseline}
        onInput={(e) => form.update({ familyBaseline: e.detail.value })}
      />
      <View
        className={`council__choice${v.confirmed ? ' council__choice--on' : ''}`}
        aria-role="checkbox"
        aria-checked={v.confirmed}
        onClick={() => form.update({ confirmed: !v.confirmed })}
      >
        <Text>{v.confirmed ? '☑ 本户已确认这些数字' : '☐ 本户已确认这些数字'}</Text>
      </View>
      <Text className="council__label">确认人</Text>
      <Input
        className="council__input"
        aria-label="确认人"
        value={v.confirmedBy}
        placeholder="本户确认人姓名"
        onInput={(e) => form.update({ confirmedBy: e.detail.value })}
      />
      {form.error ? <ErrorNotice error={form.error} onRetry={save} /> : null}
      <Button type="primary" disabled={!ready || form.submitting} onClick={save}>
        保存实际数字
      </Button>
    </View>
  )
}
