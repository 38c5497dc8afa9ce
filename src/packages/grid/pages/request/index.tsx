import { Image, Input, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import { dueDayLabel, workingDaysLabel } from '@common/rules/deadline-format'
import { dateTimeLabel } from '@common/rules/human-text'
import type { Rating, RequestAction } from '@common/rules/request-flow'
import { SUPERVISORS, VILLAGE_CADRES } from '@common/roles'
import Button from '@/components/Button'
import { callFunction, type CallOutput } from '@/api/client'
import { newRequestId } from '@/api/draft'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { canIn } from '@/state/access'
import { confirmAction } from '@/state/confirm'
import { usePageParams, useLargeText } from '@/state/prefs'
import { askToSubscribe } from '@/state/subscribe'
import { useVillage } from '@/state/village'
import {
  HANDLING_LEVEL_LABELS,
  OVERDUE_LABELS,
  RATING_LABELS,
  REQUEST_ACTION_LABELS,
  REQUEST_CATEGORY_LABELS,
  REQUEST_STATUS_LABELS,
  REQUEST_URGENCY_LABELS,
  when,
} from '../labels'
import '../../../../state/large-text.css'
import '../grid.css'

type Detail = CallOutput<'requests', 'get'>
const BY_LABELS = { resident: '群众', village: '村', township: '乡镇', county: '县' } as const

/** One request: what was asked, its deadlines, every step (who, when, why), and what the caller can do now. */
export default function RequestPage() {
  const { pageClass } = useLargeText()
  const { villageId = '', requestId = '' } = usePageParams()
  if (!villageId || !requestId) return <EmptyState title="没有找到这件诉求" />
  return (
    <View className={pageClass}>
      <RequestView villageId={villageId} requestId={requestId} />
    </View>
  )
}

const WHOLE_VILLAGE = [...VILLAGE_CADRES, ...SUPERVISORS]

function RequestView({ villageId, requestId }: { villageId: string; requestId: string }) {
  const detail = useCall('requests', 'get', { villageId, requestId })
  // Those who see every household of the village (cadres, organisers: cloudfunctions/grid WHOLE_VILLAGE) may open
  // the household's page; members and grid leaders see only their own households there.
  const view = useVillage()
  const wholeVillage =
    canIn(view)('grid.household') && view.roles.some((r) => (WHOLE_VILLAGE as readonly string[]).includes(r))
  if (detail.error && !detail.data) return <ErrorNotice error={detail.error} onRetry={detail.reload} />
  const d = detail.data
  if (!d) return <Text>正在加载…</Text>
  return (
    <View>
      <View className="card">
        <View className="section-title">
          {REQUEST_CATEGORY_LABELS[d.category]}
          {d.urgency === 'emergency' ? `（${REQUEST_URGENCY_LABELS.emergency}）` : ''}
        </View>
        <Text>{d.description}</Text>
        <View className="grid__muted">
          {d.residentName}
          {d.residentPhone ? ` · ${d.residentPhone}` : ''}
        </View>
        <View aria-label="状态">
          <Text className={d.overdue ? 'grid__warn' : ''}>
            {REQUEST_STATUS_LABELS[d.status]} · {HANDLING_LEVEL_LABELS[d.level]}级办理
            {d.department ? `（${d.department}）` : ''}
            {d.overdue ? ` · ${OVERDUE_LABELS[d.overdue]}` : ''}
          </Text>
        </View>
        <View className="grid__muted">
          最晚答复：{dueDayLabel(d.resolveBy)}
          {d.resolveTerm ? ` · ${workingDaysLabel(d.resolveTerm)}` : ''}
        </View>
        {d.resolveTerm?.note ? <View className="grid__muted">{d.resolveTerm.note}</View> : null}
        {d.photos.map((f) => (
          <Photo key={f} villageId={villageId} requestId={requestId} fileId={f} />
        ))}
        {d.householdId && wholeVillage ? (
          <View
            className="xz-row"
            onClick={() =>
              Taro.navigateTo({
                url: `/packages/grid/pages/household/index?villageId=${villageId}&householdId=${d.householdId}`,
              })
            }
          >
            <Text>这户的联系党员和走访记录</Text>
            <Text className="grid__muted">›</Text>
          </View>
        ) : null}
      </View>
      {d.reply ? (
        <View className="card" aria-label="答复">
          <View className="section-title">答复</View>
          <Text>{d.reply}</Text>
          {d.rating ? (
            <View>
              群众评价：{RATING_LABELS[d.rating]}
              {d.ratingComment ? `，${d.ratingComment}` : ''}
            </View>
          ) : null}
          {d.rateBy ? (
            <View className="grid__muted" aria-label="评价期限">
              {d.actions.includes('rate') ? '已办结，' : '群众'}可在 {dateTimeLabel(d.rateBy)} 前评价
            </View>
          ) : null}
          {d.closeWaits ? (
            <View className="grid__muted" aria-label="办结">
              {d.closeWaits}
            </View>
          ) : null}
        </View>
      ) : null}
      {d.actions.length ? <Actions d={d} villageId={villageId} onDone={detail.reload} /> : null}
      <View className="card">
        <View className="section-title">办理经过</View>
        {d.timeline.map((t, i) => (
          <View key={i} className="grid__step">
            <Text>
              {when(t.at)} {BY_LABELS[t.by]} {t.actorName} {REQUEST_ACTION_LABELS[t.action]}
              {t.toLevel ? ` → ${HANDLING_LEVEL_LABELS[t.toLevel]}` : ''}
              {t.department ? `（${t.department}）` : ''}
            </Text>
            {t.note ? <View className="grid__muted">{t.note}</View> : null}
          </View>
        ))}
      </View>
    </View>
  )
}

function Photo({ villageId, requestId, fileId }: { villageId: string; requestId: string; fileId: string }) {
  const photo = useCall('requests', 'photo', { villageId, requestId, fileId })
  return photo.data ? <Image className="grid__photo" src={photo.data.dataUrl} mode="aspectFill" /> : null
}

function Actions({ d, villageId, onDone }: { d: Detail; villageId: string; onDone: () => void }) {
  const [text, setText] = useState('')
  const [department, setDepartment] = useState('')
  const [error, setError] = useState<ErrorBody>()
  const [busy, setBusy] = useState(false)
  // One id per screen of actions: a resend of the same press is done once.
  const [requestId, setRequestId] = useState(newRequestId)

  async function run(action: RequestAction, rating?: Rating) {
    // First, before any await (WeChat accepts the request only from the tap): the handler's deadline notices.
    if (action !== 'rate') askToSubscribe('requestHandler')
    if (
      action === 'close' &&
      !(await confirmAction({
        title: '确认办结？',
        content: d.rating
          ? '办结后这件诉求就结束了，不能再办理。'
          : '办结后这件诉求就结束了，不能再办理；群众会收到提醒，可在期限内评价。',
        confirmText: '办结',
      }))
    )
      return
    setBusy(true)
    setError(undefined)
    const result =
      action === 'rate'
        ? await callFunction(
            'requests',
            'rate',
            { villageId, requestId: d.id, rating: rating!, comment: text || undefined },
            { requestId },
          )
        : await callFunction(
            'requests',
            'act',
            {
              villageId,
              requestId: d.id,
              action: action as Exclude<RequestAction, 'rate'>,
              note: action !== 'reply' ? text || undefined : undefined,
              reply: action === 'reply' ? text : undefined,
              department: action === 'escalate' && d.level === 'township' ? department : undefined,
            },
            { requestId },
          )
    setBusy(false)
    if (!result.ok) return setError(result.error)
    setText('')
    setRequestId(newRequestId())
    onDone()
  }

  const rating = d.actions.includes('rate')
  return (
    <View className="card">
      <View className="section-title">{rating ? '请您评价' : '办理'}</View>
      <Textarea
        className="grid__textarea"
        aria-label={rating ? '留言' : '答复或说明'}
        value={text}
        placeholder={rating ? '想说的话（可不填）' : '答复群众的内容，或上报的理由'}
        onInput={(e) => setText(e.detail.value)}
      />
      {d.actions.includes('escalate') && d.level === 'township' ? (
        <Input
          className="grid__input"
          aria-label="县直部门"
          value={department}
          placeholder="交县里时填写承办部门"
          onInput={(e) => setDepartment(e.detail.value)}
        />
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {rating
        ? (['satisfied', 'basically', 'unsatisfied'] as const).map((r) => (
            <Button key={r} disabled={busy} onClick={() => run('rate', r)}>
              {RATING_LABELS[r]}
            </Button>
          ))
        : d.actions.map((a) => (
            <Button key={a} type={a === 'reply' ? 'primary' : 'default'} disabled={busy} onClick={() => run(a)}>
              {a === 'escalate' ? (d.level === 'village' ? '上报乡镇' : '交县里办理') : REQUEST_ACTION_LABELS[a]}
            </Button>
          ))}
    </View>
  )
}
