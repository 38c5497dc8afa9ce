import { Input, Switch, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { MEETING_KIND_LABELS, MEETING_KINDS, type MeetingKind } from '@common/rules/meetings'
import Button from '@/components/Button'
import { callFunction } from '@/api/client'
import { askToSubscribe } from '@/state/subscribe'
import { useDraftForm } from '@/api/draft'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import WhenPicker from '@/components/WhenPicker'
import { VillageNeeded } from '@/components/VillagePicker'
import { useLargeText } from '@/state/prefs'
import { beijingDate } from '@common/rules/beijing-time'
import { useBranch } from '../shared'
import '../../../../state/large-text.css'
import '../meetings.css'

const tomorrow = () => beijingDate(Date.now() + 2 * 24 * 3600_000)

/** "2026-03-10" + "09:00" (Beijing) → ISO instant with +08:00. */
const at = (date: string, time: string) => `${date}T${time}:00+08:00`

/** Calling a meeting: kept as a draft on the phone until it is sent (weak networks). */
export default function CallMeetingPage() {
  const { pageClass } = useLargeText()
  const { villageId, loading, view } = useBranch()
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
  return <CallForm villageId={villageId} pageClass={pageClass} />
}

function CallForm({ villageId, pageClass }: { villageId: string; pageClass: string }) {
  const cadres = useCall('roster', 'listPeople', { villageId, role: 'branch_committee_member', limit: 50 })
  const secretaries = useCall('roster', 'listPeople', { villageId, role: 'branch_secretary', limit: 10 })
  const grids = useCall('roster', 'listGrids', { villageId })
  const form = useDraftForm(`meetings.call.${villageId}`, {
    kind: 'branch_assembly' as MeetingKind,
    topic: '',
    agenda: '',
    date: tomorrow(),
    start: '09:00',
    end: '11:00',
    place: '村党群服务中心会议室',
    chairPersonId: '',
    recorderPersonId: '',
    remoteOpen: true,
    gridId: '',
    shortNoticeReason: '',
  })
  const [done, setDone] = useState('')
  const people = [...(secretaries.data?.people ?? []), ...(cadres.data?.people ?? [])].filter(
    (p, i, all) => all.findIndex((q) => q.id === p.id) === i,
  )
  const v = form.value
  const chair = v.chairPersonId || people[0]?.id || ''
  const recorder = v.recorderPersonId || people[1]?.id || people[0]?.id || ''

  async function send() {
    if (form.submitting || !v.topic.trim() || !chair) return // Taro's H5 Button lets taps through while disabled
    askToSubscribe('organiser')
    const r = await form.submit((x, requestId) =>
      callFunction(
        'meetings',
        'callMeeting',
        {
          villageId,
          kind: x.kind,
          topic: x.topic.trim(),
          agenda: x.agenda.trim(),
          startsAt: at(x.date, x.start),
          endsAt: at(x.date, x.end),
          place: x.place.trim(),
          chairPersonId: chair,
          recorderPersonId: recorder,
          remoteOpen: x.remoteOpen,
          gridId: x.kind === 'party_group' ? x.gridId || undefined : undefined,
          shortNoticeReason: x.shortNoticeReason.trim() || undefined,
        },
        { requestId },
      ),
    )
    if (r) {
      setDone(`已召开，应到 ${r.expectedCount} 人，已通知 ${r.noticesSent} 人`)
      Taro.redirectTo({ url: `/packages/meetings/pages/detail/index?villageId=${villageId}&meetingId=${r.meetingId}` })
    }
  }

  return (
    <View className={pageClass}>
      {form.restored ? <Text className="mt__meta">已恢复上次没有发出的内容</Text> : null}
      <View className="card">
        <Text className="mt__title">会议类别</Text>
        <View className="mt__kinds">
          {MEETING_KINDS.map((k) => (
            <Button
              key={k}
              className="mt__act"
              size="mini"
              type={k === v.kind ? 'primary' : 'default'}
              onClick={() => form.update({ kind: k })}
            >
              {MEETING_KIND_LABELS[k]}
            </Button>
          ))}
        </View>
        {v.kind === 'party_group' ? (
          <View>
            <Text className="mt__meta">哪个党小组（网格）</Text>
            <View className="mt__kinds">
              {grids.data?.grids.map((g) => (
                <Button
                  key={g.id}
                  className="mt__act"
                  size="mini"
                  type={g.id === v.gridId ? 'primary' : 'default'}
                  onClick={() => form.update({ gridId: g.id })}
                >
                  {g.name}
                </Button>
              ))}
            </View>
          </View>
        ) : null}
      </View>
      <View className="card">
        <Text className="mt__label">议题</Text>
        <Input
          className="mt__input"
          aria-label="议题"
          value={v.topic}
          placeholder="议题，如“讨论发展党员”"
          onInput={(e) => form.update({ topic: e.detail.value })}
        />
        <Text className="mt__label">议程</Text>
        <Input
          className="mt__input"
          aria-label="议程"
          value={v.agenda}
          placeholder="议程（可不填）"
          onInput={(e) => form.update({ agenda: e.detail.value })}
        />
        <WhenPicker
          mode="date"
          label="日期"
          value={v.date}
          start={beijingDate(Date.now())}
          onChange={(date) => form.update({ date })}
        />
        <WhenPicker mode="time" label="开始时间" value={v.start} onChange={(start) => form.update({ start })} />
        <WhenPicker mode="time" label="结束时间" value={v.end} onChange={(end) => form.update({ end })} />
        {v.end <= v.start ? <Text className="mt__meta">结束时间应晚于开始时间</Text> : null}
        <Text className="mt__label">地点</Text>
        <Input
          className="mt__input"
          aria-label="地点"
          value={v.place}
          placeholder="地点"
          onInput={(e) => form.update({ place: e.detail.value })}
        />
      </View>
      <View className="card">
        <Text className="mt__title">主持人</Text>
        <View className="mt__kinds" aria-label="主持人">
          {people.map((p) => (
            <Button
              key={p.id}
              className="mt__act"
              size="mini"
              type={p.id === chair ? 'primary' : 'default'}
              onClick={() => form.update({ chairPersonId: p.id })}
            >
              {p.name}
            </Button>
          ))}
        </View>
        <Text className="mt__title">记录人</Text>
        <View className="mt__kinds" aria-label="记录人">
          {people.map((p) => (
            <Button
              key={p.id}
              className="mt__act"
              size="mini"
              type={p.id === recorder ? 'primary' : 'default'}
              onClick={() => form.update({ recorderPersonId: p.id })}
            >
              {p.name}
            </Button>
          ))}
        </View>
        <View className="xz-row">
          <Text>在外党员可线上参加</Text>
          <Switch checked={v.remoteOpen} onChange={(e) => form.update({ remoteOpen: Boolean(e.detail.value) })} />
        </View>
        <Text className="mt__label">临时召开原因（通知时间不够时填写）</Text>
        <Input
          className="mt__input"
          aria-label="临时召开原因"
          value={v.shortNoticeReason}
          placeholder="临时召开（通知时间不够）请写明原因"
          onInput={(e) => form.update({ shortNoticeReason: e.detail.value })}
        />
      </View>
      {form.error ? <ErrorNotice error={form.error} /> : null}
      {done ? <Text className="mt__ok">{done}</Text> : null}
      <Button type="primary" disabled={form.submitting || !v.topic.trim() || !chair} onClick={send}>
        {form.submitting ? '正在发送…' : '召开并通知'}
      </Button>
    </View>
  )
}
