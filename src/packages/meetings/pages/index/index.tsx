import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import Button from '@/components/Button'
import { callFunction } from '@/api/client'
import { useDraftForm } from '@/api/draft'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import WhenPicker from '@/components/WhenPicker'
import { VillageNeeded } from '@/components/VillagePicker'
import { useLargeText } from '@/state/prefs'
import { beijingDate } from '@common/rules/beijing-time'
import { dateLabel, periodLabel, titled } from '@common/rules/human-text'
import { beijing, branchAbilities, go, STATE_LABELS, STATUS_LABELS, useBranch } from '../shared'
import '../../../../state/large-text.css'
import '../meetings.css'

type Tab = 'mine' | 'meetings' | 'calendar' | 'warnings' | 'study' | 'messages'

/** 三会一课 home: my Party life, the branch's meetings, its calendar, the six-month prompts, 红色课堂, messages. */
export default function MeetingsHomePage() {
  const { pageClass } = useLargeText()
  const { villageId, supervisor, townshipId, loading, view } = useBranch()
  const may = branchAbilities(view)
  const member = may.member
  const [tab, setTab] = useState<Tab | undefined>()
  if (loading)
    return (
      <View className={pageClass}>
        <Text className="mt__meta">正在加载…</Text>
      </View>
    )
  if (!villageId)
    return (
      <View className={pageClass}>
        <VillageNeeded view={view} />
      </View>
    )
  const tabs: { key: Tab; title: string }[] = [
    ...(member ? [{ key: 'mine' as const, title: '我的' }] : []),
    { key: 'meetings', title: '会议' },
    ...(may.calendar && (may.organiser || supervisor) ? [{ key: 'calendar' as const, title: '组织生活日历' }] : []),
    ...(may.warnings ? [{ key: 'warnings' as const, title: '关心提醒' }] : []),
    { key: 'study', title: '红色课堂' },
    ...(member ? [{ key: 'messages' as const, title: '消息' }] : []),
  ]
  const current = tab ?? tabs[0]!.key
  return (
    <View className={pageClass}>
      <View className="mt__tabs">
        {tabs.map((t) => (
          <View
            key={t.key}
            className={`mt__tab${t.key === current ? ' mt__tab--on' : ''}`}
            aria-role="tab"
            onClick={() => setTab(t.key)}
          >
            <Text>{t.title}</Text>
          </View>
        ))}
      </View>
      {current === 'mine' ? <Mine villageId={villageId} /> : null}
      {current === 'meetings' ? <Meetings villageId={villageId} organiser={may.organiser} /> : null}
      {current === 'calendar' ? (
        <Calendar villageId={villageId} townshipId={supervisor ? townshipId : undefined} />
      ) : null}
      {current === 'warnings' ? <Warnings villageId={villageId} /> : null}
      {current === 'study' ? <Study villageId={villageId} organiser={may.organiser} member={member} /> : null}
      {current === 'messages' ? <Messages villageId={villageId} /> : null}
    </View>
  )
}

function MeetingLine({
  villageId,
  m,
}: {
  villageId: string
  m: {
    id: string
    kindLabel: string
    topic: string
    startsAt: string
    status: string
    mine?: { attended?: string; leave?: string }
  }
}) {
  const mine = m.mine?.attended
    ? STATE_LABELS[m.mine.attended]
    : m.mine?.leave === 'approved'
      ? '已请假'
      : m.mine?.leave === 'pending'
        ? '请假待批'
        : ''
  return (
    <View
      className="xz-row"
      onClick={() => go(`/packages/meetings/pages/detail/index?villageId=${villageId}&meetingId=${m.id}`)}
    >
      <View>
        <Text>{titled(m.kindLabel, m.topic)}</Text>
        <Text className="mt__meta">
          {beijing(m.startsAt)}
          {m.status === 'cancelled' ? ' · 已取消' : ''}
          {mine ? ` · ${mine}` : ''}
        </Text>
      </View>
      <Text className="mt__meta">›</Text>
    </View>
  )
}

function Mine({ villageId }: { villageId: string }) {
  const mine = useCall('meetings', 'myMeetings', { villageId })
  if (mine.error) return <ErrorNotice error={mine.error} onRetry={mine.reload} />
  if (!mine.data) return null
  const { study, upcoming, history } = mine.data
  return (
    <View>
      <View className="card">
        <Text className="mt__title">今年学时</Text>
        <Text>
          已学 {study.hours} 学时，目标 {study.target} 学时
        </Text>
        <Text className="mt__meta">
          党课等会议 {study.fromMeetings} 学时，自己申报 {study.declared} 学时（只按申报，不计在线时长）
        </Text>
      </View>
      <View className="card">
        <Text className="mt__title">将要召开</Text>
        {upcoming.length === 0 ? (
          <Text className="mt__meta">近期没有需要参加的会议</Text>
        ) : (
          upcoming.map((m) => <MeetingLine key={m.id} villageId={villageId} m={m} />)
        )}
      </View>
      <View className="card">
        <Text className="mt__title">参加记录</Text>
        {history.length === 0 ? <Text className="mt__meta">还没有记录</Text> : null}
        {history.map((h) => (
          <View key={h.meetingId} className="xz-row">
            <Text>{titled(h.kindLabel, h.topic)}</Text>
            <Text className="mt__meta">
              {dateLabel(h.startsAt)} · {STATE_LABELS[h.state]}
            </Text>
          </View>
        ))}
      </View>
    </View>
  )
}

function Meetings({ villageId, organiser }: { villageId: string; organiser: boolean }) {
  const list = useCall('meetings', 'listMeetings', { villageId, limit: 30 })
  return (
    <View>
      {organiser ? (
        <View className="card">
          <Button type="primary" onClick={() => go(`/packages/meetings/pages/call/index?villageId=${villageId}`)}>
            召开会议
          </Button>
        </View>
      ) : null}
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      <View className="card">
        {list.data && list.data.meetings.length === 0 ? <Text className="mt__meta">还没有会议</Text> : null}
        {list.data?.meetings.map((m) => (
          <MeetingLine key={m.id} villageId={villageId} m={m} />
        ))}
      </View>
    </View>
  )
}

function Calendar({ villageId, townshipId }: { villageId: string; townshipId?: string }) {
  const cal = useCall('meetings', 'branchCalendar', { villageId })
  return (
    <View className="card">
      <Text className="mt__title">{cal.data?.year ?? ''} 年组织生活</Text>
      {cal.error ? <ErrorNotice error={cal.error} onRetry={cal.reload} /> : null}
      {cal.data?.kinds.map((k) => (
        <View key={k.kind} className="xz-row" aria-label={`${k.label} ${STATUS_LABELS[k.status]}`}>
          <View>
            <Text>{k.label}</Text>
            <Text className="mt__meta">
              {k.intervalMonths === 1
                ? '每月'
                : k.intervalMonths === 3
                  ? '每季度'
                  : k.intervalMonths === 12
                    ? '每年'
                    : `每 ${k.intervalMonths} 个月`}
              至少一次 · 本期（{periodLabel(k.period)}）已开 {k.heldThisPeriod} 次 · 今年 {k.heldThisYear} 次
              {k.missed.length ? ` · 未开：${k.missed.map(periodLabel).join('、')}` : ''}
            </Text>
          </View>
          <Text className={`mt__badge mt__badge--${k.status}`}>{STATUS_LABELS[k.status]}</Text>
        </View>
      ))}
      <Text className="mt__meta">会议记录经支部书记确认后计入。</Text>
      {townshipId ? (
        <Button size="mini" onClick={() => go(`/packages/meetings/pages/township/index?townshipId=${townshipId}`)}>
          看本乡镇各支部
        </Button>
      ) : null}
    </View>
  )
}

function Warnings({ villageId }: { villageId: string }) {
  const list = useCall('meetings', 'absenceWarnings', { villageId })
  return (
    <View className="card">
      <Text className="mt__title">需要关心的党员</Text>
      <Text className="mt__meta">
        连续几个月没有参加组织生活（未请假）的党员。请主动联系、了解情况、帮助参加——这是提醒，不是结论。
      </Text>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.data && list.data.warnings.length === 0 ? <Text className="mt__ok">目前没有</Text> : null}
      {list.data?.warnings.map((w) => (
        <View key={w.personId} className="xz-row">
          <Text>{w.name}</Text>
          <Text className="mt__meta">
            自 {w.since} 起连续 {w.months} 个月
            {w.presence === 'away' ? ' · 在外务工' : w.presence === 'mobile' ? ' · 流动党员' : ''}
          </Text>
        </View>
      ))}
    </View>
  )
}

function Study({ villageId, organiser, member }: { villageId: string; organiser: boolean; member: boolean }) {
  const list = useCall('meetings', 'listMaterials', { villageId })
  const today = beijingDate(Date.now())
  const declare = useDraftForm(`meetings.study.${villageId}`, { title: '', hours: '1', date: today })
  const publish = useDraftForm(`meetings.material.${villageId}`, { title: '', body: '', url: '' })
  const [done, setDone] = useState('')
  async function sendDeclare() {
    const r = await declare.submit((v, requestId) =>
      callFunction(
        'meetings',
        'declareStudy',
        { villageId, title: v.title.trim(), hours: Number(v.hours), date: v.date },
        { requestId },
      ),
    )
    if (r) setDone(`已记录，今年自己申报共 ${r.yearHours} 学时`)
  }
  async function sendPublish() {
    const v = publish.value
    const r = await publish.submit((x, requestId) =>
      callFunction(
        'meetings',
        'publishMaterial',
        {
          villageId,
          title: x.title.trim(),
          kind: x.url.trim() ? 'link' : 'text',
          body: x.body.trim() || undefined,
          url: x.url.trim() || undefined,
        },
        { requestId },
      ),
    )
    if (r) {
      setDone(`已发布：${v.title}`)
      list.reload()
    }
  }
  return (
    <View>
      {done ? <Text className="mt__ok">{done}</Text> : null}
      <View className="card">
        <Text className="mt__title">学习资料</Text>
        {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
        {list.data && list.data.materials.length === 0 ? <Text className="mt__meta">支部还没有发布资料</Text> : null}
        {list.data?.materials.map((m) => (
          <View key={m.id} className="xz-row">
            <View>
              <Text>{m.title}</Text>
              <Text className="mt__meta">
                {m.kind === 'link' ? m.url : m.kind === 'file' ? '云文件' : (m.body ?? '').slice(0, 60)}
              </Text>
            </View>
            {member ? (
              <Button
                size="mini"
                onClick={() => declare.update({ title: m.title, hours: String(m.suggestedHours || 1) })}
              >
                学完了
              </Button>
            ) : null}
          </View>
        ))}
      </View>
      {member ? (
        <View className="card">
          <Text className="mt__title">申报学习时间</Text>
          <Text className="xz-label">学了什么</Text>
          <Input
            className="mt__input"
            aria-label="学习内容"
            value={declare.value.title}
            placeholder="学了什么"
            onInput={(e) => declare.update({ title: e.detail.value })}
          />
          <Text className="xz-label">学时</Text>
          <Input
            className="mt__input"
            aria-label="学时"
            type="digit"
            value={declare.value.hours}
            placeholder="学时，如 1 或 1.5"
            onInput={(e) => declare.update({ hours: e.detail.value })}
          />
          <WhenPicker
            mode="date"
            label="学习日期"
            value={declare.value.date}
            end={today}
            onChange={(date) => declare.update({ date })}
          />
          {declare.error ? <ErrorNotice error={declare.error} /> : null}
          <Button type="primary" disabled={declare.submitting || !declare.value.title.trim()} onClick={sendDeclare}>
            申报
          </Button>
        </View>
      ) : null}
      {organiser ? (
        <View className="card">
          <Text className="mt__title">发布资料</Text>
          <Text className="xz-label">标题</Text>
          <Input
            className="mt__input"
            aria-label="资料标题"
            value={publish.value.title}
            placeholder="标题"
            onInput={(e) => publish.update({ title: e.detail.value })}
          />
          <Text className="xz-label">文字内容</Text>
          <Input
            className="mt__input"
            aria-label="资料内容"
            value={publish.value.body}
            placeholder="文字内容"
            onInput={(e) => publish.update({ body: e.detail.value })}
          />
          <Text className="xz-label">或填链接</Text>
          <Input
            className="mt__input"
            aria-label="链接"
            value={publish.value.url}
            placeholder="或链接（https://…）"
            onInput={(e) => publish.update({ url: e.detail.value })}
          />
          {publish.error ? <ErrorNotice error={publish.error} /> : null}
          <Button type="default" disabled={publish.submitting || !publish.value.title.trim()} onClick={sendPublish}>
            发布
          </Button>
        </View>
      ) : null}
    </View>
  )
}

function Messages({ villageId }: { villageId: string }) {
  const list = useCall('meetings', 'myMessages', { villageId })
  return (
    <View className="card">
      <Text className="mt__title">我的消息</Text>
      <Text className="mt__meta">会议通知和会前提醒。在微信里以订阅消息送达；本地演示环境显示在这里。</Text>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.data && list.data.messages.length === 0 ? <Text className="mt__meta">没有消息</Text> : null}
      {list.data?.messages.map((m) => (
        <View key={m.id} className="xz-row" onClick={() => go(`/${m.page}`)}>
          <View>
            <Text>{m.title}</Text>
            {m.lines.map((l) => (
              <Text key={l.label} className="mt__meta">
                {l.label}：{l.value}
              </Text>
            ))}
          </View>
          <Text className="mt__meta">{beijing(m.at)}</Text>
        </View>
      ))}
    </View>
  )
}
