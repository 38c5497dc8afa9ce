import { Input, Text, View } from '@tarojs/components'
import { dateLabel } from '@common/rules/human-text'
import { useState } from 'react'
import Button from '@/components/Button'
import type { CallOutput } from '@/api/client'
import { callFunction } from '@/api/client'
import { useDraftForm } from '@/api/draft'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { VillageNeeded } from '@/components/VillagePicker'
import { useLargeText } from '@/state/prefs'
import { askToSubscribe } from '@/state/subscribe'
import { beijingDate } from '@common/rules/beijing-time'
import {
  EVENT_KIND_LABELS,
  checkFigures,
  describeOver,
  figuresOf,
  isBeijingDate,
  standardInForce,
  type EventKind,
  type FigureKey,
  type Standard,
  type Venue,
} from '@common/rules/council-standards'
import { go, parseFigures, yuan, useCouncilVillage } from '../shared'
import '../../../../state/large-text.css'
import '../council.css'

export interface FilingForm {
  householdId: string
  householdLabel: string
  kind: EventKind
  eventDate: string
  deathDate: string
  deathTime: string
  venue: Venue
  /** As typed: yuan for money, whole numbers for counts. */
  figures: Partial<Record<FigureKey, string>>
  reasons: Partial<Record<FigureKey, string>>
  description: string
}

const blank = (): FilingForm => ({
  householdId: '',
  householdLabel: '',
  kind: 'wedding',
  eventDate: beijingDate(Date.now()),
  deathDate: '',
  deathTime: '',
  venue: 'rural',
  figures: {},
  reasons: {},
  description: '',
})

/** 报备: a household's wedding, funeral or other event with the planned figures, checked as they are typed. */
export default function CouncilFilePage() {
  const { pageClass } = useLargeText()
  const view = useCouncilVillage()
  const villageId = view.villageId
  if (!villageId)
    return (
      <View className={pageClass}>
        <VillageNeeded view={view} />
      </View>
    )
  return (
    <View className={pageClass}>
      <FileForm villageId={villageId} />
    </View>
  )
}

type Filed = CallOutput<'council', 'file'>

function FileForm({ villageId }: { villageId: string }) {
  const council = useCall('council', 'getCouncil', { villageId })
  const form = useDraftForm<FilingForm>(`council-file-${villageId}`, blank())
  const [filed, setFiled] = useState<Filed>()
  const v = form.value

  if (filed) {
    return (
      <View className="card" aria-role="status">
        <Text className="council__title">已报备</Text>
        <Text className="council__line">
          {filed.check.overKeys.length
            ? `有 ${filed.check.overKeys.length} 项超出标准，已写明理由，等理事会审核。`
            : '各项都符合本村标准，等理事会审核。'}
        </Text>
        <Text className="council__meta">{`按 ${filed.standard.version ? `本村第 ${filed.standard.version} 版标准` : '县里的默认标准'} 核对`}</Text>
        <View className="council__actions">
          <Button onClick={() => setFiled(undefined)}>再报一件</Button>
          <Button onClick={() => go(`/packages/council/pages/ledger/index?villageId=${villageId}&mine=1`)}>
            看我的报备
          </Button>
        </View>
      </View>
    )
  }
  if (!council.data)
    return council.error ? (
      <ErrorNotice error={council.error} onRetry={council.reload} />
    ) : (
      <Text className="council__meta">正在读取本村标准…</Text>
    )
  if (!council.data.me.canFile)
    return <EmptyState title="您不能在本村报备" description="请由本户的人、网格长或理事会成员报备" />

  const versions = council.data.standards as Standard[]
  const fallback = versions.find((s) => s.version === 0)!
  const standard = (isBeijingDate(v.eventDate) ? standardInForce(versions, v.eventDate) : undefined) ?? fallback
  const { figures, bad } = parseFigures(v.kind, v.figures)
  const check = checkFigures(v.kind, v.venue, figures, standard, v.reasons)
  const missingRequired = figuresOf(v.kind).filter((d) => d.required.includes(v.kind) && figures[d.key] === undefined)
  const ready =
    v.householdId &&
    isBeijingDate(v.eventDate) &&
    (v.kind !== 'funeral' || isBeijingDate(v.deathDate)) &&
    !bad.length &&
    !missingRequired.length &&
    !check.missingReasons.length

  async function send() {
    askToSubscribe('council')
    const result = await form.submit((value, requestId) => {
      const parsed = parseFigures(value.kind, value.figures)
      const reasons = Object.fromEntries(
        Object.entries(value.reasons).filter(([k, r]) => r?.trim() && check.overKeys.includes(k as FigureKey)),
      )
      return callFunction(
        'council',
        'file',
        {
          villageId,
          householdId: value.householdId,
          kind: value.kind,
          eventDate: value.eventDate,
          venue: value.venue,
          planned: parsed.figures,
          reasons,
          description: value.description,
          ...(value.kind === 'funeral'
            ? { deathDate: value.deathDate, ...(value.deathTime ? { deathTime: value.deathTime } : {}) }
            : {}),
        },
        { requestId },
      )
    })
    if (result) setFiled(result)
  }

  return (
    <View>
      {form.restored ? <Text className="council__meta">已恢复上次没有提交的内容</Text> : null}
      <View className="card">
        <Text className="council__label">哪一户</Text>
        <HouseholdPicker
          villageId={villageId}
          chosen={v.householdId}
          chosenLabel={v.householdLabel}
          onChoose={(id, label) => form.update({ householdId: id, householdLabel: label })}
        />
        <Text className="council__label">什么事</Text>
        <View className="council__choices">
          {(['wedding', 'funeral', 'other'] as const).map((k) => (
            <View
              key={k}
              aria-role="radio"
              aria-checked={v.kind === k}
              className={`council__choice${v.kind === k ? ' council__choice--on' : ''}`}
              onClick={() => form.update({ kind: k })}
            >
              <Text>{EVENT_KIND_LABELS[k]}</Text>
            </View>
          ))}
        </View>
        {v.kind === 'funeral' ? (
          <View>
            <Text className="council__label">去世日期（如 2026-03-02）</Text>
            <Input
              className="council__input"
              aria-label="去世日期"
              value={v.deathDate}
              placeholder="年-月-日"
              onInput={(e) => form.update({ deathDate: e.detail.value.trim() })}
            />
            <Text className="council__label">去世时间（知道的话填，如 08:30）</Text>
            <Input
              className="council__input"
              aria-label="去世时间"
              value={v.deathTime}
              placeholder="时:分"
              onInput={(e) => form.update({ deathTime: e.detail.value.trim() })}
            />
          </View>
        ) : null}
        <Text className="council__label">{v.kind === 'funeral' ? '出殡日期' : '办事日期'}</Text>
        <Input
          className="council__input"
          aria-label="办事日期"
          value={v.eventDate}
          placeholder="年-月-日"
          onInput={(e) => form.update({ eventDate: e.detail.value.trim() })}
        />
        <Text className="council__label">宴席在哪里办</Text>
        <View className="council__choices">
          {(['rural', 'town'] as const).map((k) => (
            <View
              key={k}
              aria-role="radio"
              aria-checked={v.venue === k}
              className={`council__choice${v.venue === k ? ' council__choice--on' : ''}`}
              onClick={() => form.update({ venue: k })}
            >
              <Text>{k === 'rural' ? '村里' : '镇上或县城饭店'}</Text>
            </View>
          ))}
        </View>
      </View>

      <View className="card">
        <Text className="council__title">计划的花费和规模</Text>
        <Text className="council__meta">{`按${standard.version ? `本村第 ${standard.version} 版标准（${dateLabel(standard.effectiveFrom, { year: true })}起）` : '县里的默认标准'}核对`}</Text>
        {figuresOf(v.kind).map((def) => {
          const item = check.items.find((i) => i.key === def.key)
          return (
            <View key={def.key}>
              <Text className="council__label">
                {def.label}
                {def.money ? '（元）' : `（${def.unit}）`}
                {item?.cap !== null && item?.cap !== undefined
                  ? `　上限 ${def.money ? yuan(item.cap) : `${item.cap} ${def.unit}`}`
                  : ''}
                {def.required.includes(v.kind) ? '' : '　可不填'}
              </Text>
              <Input
                className="council__input"
                aria-label={def.label}
                type="digit"
                value={v.figures[def.key] ?? ''}
                onInput={(e) => form.update({ figures: { ...v.figures, [def.key]: e.detail.value } })}
              />
              {bad.includes(def.key) ? (
                <Text className="council__over">请填写数字{def.money ? '（元，最多两位小数）' : ''}</Text>
              ) : null}
              {item && item.over > 0 ? (
                <View>
                  <Text className="council__over">{describeOver(item)}</Text>
                  <Input
                    className="council__input"
                    aria-label={`${def.label}超标理由`}
                    value={v.reasons[def.key] ?? ''}
                    placeholder="请写明超出的理由"
                    onInput={(e) => form.update({ reasons: { ...v.reasons, [def.key]: e.detail.value } })}
                  />
                </View>
              ) : null}
            </View>
          )
        })}
        <Text className="council__label">说明（可不填）</Text>
        <Input
          className="council__input"
          aria-label="说明"
          value={v.description}
          maxlength={300}
          onInput={(e) => form.update({ description: e.detail.value })}
        />
        {check.overKeys.length === 0 && Object.keys(figures).length ? (
          <Text className="council__ok">各项都在标准以内</Text>
        ) : null}
        {check.costFen ? <Text className="council__meta">{`估计花费 ${yuan(check.costFen)}`}</Text> : null}
      </View>

      {form.error ? <ErrorNotice error={form.error} onRetry={send} /> : null}
      <Button type="primary" disabled={!ready || form.submitting} onClick={send}>
        {form.submitting ? '正在提交…' : '提交报备'}
      </Button>
      {!ready ? (
        <Text className="council__meta">
          {!v.householdId
            ? '请先选择户'
            : check.missingReasons.length
              ? '超出标准的项目请写明理由'
              : '请把必填的项目填完整'}
        </Text>
      ) : null}
    </View>
  )
}

function HouseholdPicker({
  villageId,
  chosen,
  chosenLabel,
  onChoose,
}: {
  villageId: string
  chosen: string
  chosenLabel: string
  onChoose: (id: string, label: string) => void
}) {
  const [query, setQuery] = useState('')
  const [search, setSearch] = useState('')
  const list = useCall('council', 'households', { villageId, query: search || undefined })
  const households = list.data?.households ?? []
  return (
    <View>
      {chosen ? <Text className="council__line">{`已选：${chosenLabel}`}</Text> : null}
      <Input
        className="council__input"
        aria-label="查找户"
        value={query}
        placeholder="户主姓名或户号"
        onInput={(e) => setQuery(e.detail.value)}
      />
      <Button size="mini" onClick={() => setSearch(query.trim())}>
        查找
      </Button>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {households.map((h) => {
        const label = `${h.number}号 ${h.headName}`
        return (
          <View
            key={h.id}
            className={`xz-row${h.id === chosen ? ' council__choice--on' : ''}`}
            aria-role="radio"
            aria-checked={h.id === chosen}
            onClick={() => onChoose(h.id, label)}
          >
            <Text>{label}</Text>
            <Text className="council__meta">{h.id === chosen ? '已选' : '选这户'}</Text>
          </View>
        )
      })}
      {list.data && households.length === 0 ? <Text className="council__meta">没有找到可以报备的户</Text> : null}
    </View>
  )
}
