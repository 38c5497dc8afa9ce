import { Input, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import { STEP_LABELS, VOTE_CHOICE_LABELS, VOTE_CHOICES, type Step, type VoteChoice } from '@common/rules/deliberation'
import Button from '@/components/Button'
import { callFunction } from '@/api/client'
import { newRequestId } from '@/api/draft'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { usePageParams, useLargeText } from '@/state/prefs'
import { askToSubscribe } from '@/state/subscribe'
import { beijing, useVillageId } from '../shared'
import '../../../../state/large-text.css'
import '../deliberation.css'

type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody }

/** Voting windows a cadre can choose; a two-minute one only in the local H5 build (demonstrations, tests). */
const DURATIONS = [
  ...(process.env.TARO_ENV === 'h5' ? [{ label: '2分钟（本地演示）', ms: 2 * 60_000 }] : []),
  { label: '1天', ms: 86_400_000 },
  { label: '3天', ms: 3 * 86_400_000 },
  { label: '7天', ms: 7 * 86_400_000 },
]

/** One matter: its six steps, the record of each, the vote (mine, the in-person entry, the result) and publication. */
export default function MatterPage() {
  const { pageClass } = useLargeText()
  const villageId = useVillageId()
  const matterId = usePageParams().matterId ?? ''
  const matter = useCall('deliberation', 'getMatter', { villageId, matterId })
  const [error, setError] = useState<ErrorBody | undefined>()
  const [busy, setBusy] = useState(false)
  const [flash, setFlash] = useState('')

  /** Sends one write (with a request id: a resend after a lost answer is done once), then reloads. */
  async function act<T>(send: (requestId: string) => Promise<Envelope<T>>, done?: string): Promise<T | undefined> {
    setBusy(true)
    setError(undefined)
    const r = await send(newRequestId())
    setBusy(false)
    if (!r.ok) {
      setError(r.error)
      return undefined
    }
    if (done) setFlash(done)
    matter.reload()
    return r.data
  }

  if (!villageId || !matterId) return <EmptyState title="没有找到这个议题" />
  if (matter.error && !matter.data) return <ErrorNotice error={matter.error} onRetry={matter.reload} />
  const m = matter.data
  if (!m)
    return (
      <View className={pageClass}>
        <Text className="dl__meta">正在加载…</Text>
      </View>
    )
  const openWindow = m.windows.find((w) => !w.closed)
  const runner = m.canRun
  const ctx = { villageId, matterId, act, busy }
  return (
    <View className={pageClass}>
      <View className="card">
        <Text className="dl__title">{m.title}</Text>
        <Text className="dl__meta">
          {m.categoryLabel}
          {m.mustGo ? '（必须经过四议两公开）' : ''} · {m.statusLabel}
        </Text>
        <View className="dl__steps">
          {([1, 2, 3, 4, 5, 6] as Step[]).map((s) => {
            const done = s < m.step || m.status === 'completed'
            const now = s === m.step && (m.status === 'working' || m.status === 'voting')
            return (
              <Text key={s} className={`dl__step${done ? ' dl__step--done' : now ? ' dl__step--now' : ''}`}>
                {s} {STEP_LABELS[s]}
              </Text>
            )
          })}
        </View>
        <Text className="dl__text">{m.content}</Text>
      </View>

      {flash ? <Text className="dl__ok">{flash}</Text> : null}
      {error ? <ErrorNotice error={error} /> : null}

      {openWindow ? (
        <Ballot
          {...ctx}
          windowId={openWindow.id}
          closesAt={openWindow.closesAt}
          meetingLabel={openWindow.meetingLabel}
          mine={m.myBallots.find((b) => b.windowId === openWindow.id)}
        />
      ) : null}
      {openWindow && runner ? <InPerson {...ctx} windowId={openWindow.id} closesAt={openWindow.closesAt} /> : null}

      {m.windows
        .filter((w) => w.result)
        .map((w) => (
          <View
            key={w.id}
            className={`card dl__result ${w.result!.passed ? 'dl__result--passed' : 'dl__result--failed'}`}
          >
            <Text className="dl__title">
              第{w.step}步表决结果：{w.result!.outcomeLabel}
            </Text>
            {w.result!.lines.map((l, i) => (
              <Text key={i} className="dl__line">
                {l}
              </Text>
            ))}
          </View>
        ))}

      {runner ? <CadreActions {...ctx} step={m.step as Step} status={m.status} noticeAt={m.noticeAt} /> : null}

      {m.publications.map((p) => (
        <View key={p.id} className="card">
          <Text className="dl__title">已公开：{p.stepLabel}</Text>
          <Text className="dl__text">{p.text}</Text>
          <Text className="dl__meta">{beijing(p.publishedAt)}</Text>
        </View>
      ))}

      <View className="card">
        <Text className="dl__title">办理记录</Text>
        {m.history.map((h, i) => (
          <View key={i} className="xz-row">
            <View>
              <Text>
                第{h.step}步 {STEP_LABELS[h.step as Step]}：{h.actionLabel}
              </Text>
              <Text className="dl__meta">
                {beijing(h.at)} · {h.byName}
                {h.meeting?.place ? ` · ${h.meeting.place}` : ''}
                {h.meeting?.heldAt ? ` · 会议时间 ${h.meeting.heldAt}` : ''}
              </Text>
              {h.meeting?.note || h.note ? (
                <Text className="dl__meta">{[h.meeting?.note, h.note].filter(Boolean).join('；')}</Text>
              ) : null}
            </View>
          </View>
        ))}
      </View>
    </View>
  )
}

interface Ctx {
  villageId: string
  matterId: string
  busy: boolean
  act: <T>(send: (requestId: string) => Promise<Envelope<T>>, done?: string) => Promise<T | undefined>
}

function Ballot({
  villageId,
  windowId,
  closesAt,
  meetingLabel,
  mine,
  act,
  busy,
}: Ctx & {
  windowId: string
  closesAt: string
  meetingLabel: string
  mine?: { onRoster: boolean; voted: boolean; choice?: VoteChoice; channel?: string }
}) {
  const [remark, setRemark] = useState('')
  if (!mine?.onRoster) return null
  return (
    <View className="card">
      <Text className="dl__title">{meetingLabel} · 请表决</Text>
      <Text className="dl__meta">{beijing(closesAt)} 截止；每人一票，投出后不能更改</Text>
      {mine.voted ? (
        <Text className="dl__ok">
          您已表决：{VOTE_CHOICE_LABELS[mine.choice!]}（{mine.channel === 'in_person' ? '现场' : '线上'}）
        </Text>
      ) : (
        <View>
          <Input
            className="dl__input"
            value={remark}
            placeholder="意见或建议（可不填）"
            onInput={(e) => setRemark(e.detail.value)}
          />
          <View className="dl__choices">
            {VOTE_CHOICES.map((c) => (
              <Button
                key={c}
                className="dl__choice"
                type={c === 'agree' ? 'primary' : c === 'disagree' ? 'warn' : 'default'}
                disabled={busy}
                onClick={() => {
                  askToSubscribe('deliberation')
                  void act(
                    (requestId) =>
                      callFunction(
                        'deliberation',
                        'castVote',
                        { villageId, windowId, choice: c, remark: remark || undefined },
                        { requestId },
                      ),
                    '表决已提交',
                  )
                }}
              >
                {VOTE_CHOICE_LABELS[c]}
              </Button>
            ))}
          </View>
        </View>
      )}
    </View>
  )
}

/** The recorder enters the in-person meeting's votes person by person; reminds and counts. */
function InPerson({ villageId, windowId, closesAt, act, busy }: Ctx & { windowId: string; closesAt: string }) {
  const [attempt, setAttempt] = useState(0)
  const voters = useCall('deliberation', 'listVoters', {
    villageId,
    windowId,
    onlyNotVoted: true,
    limit: 200,
    offset: attempt * 0,
  })
  const [ifRejected, setIfRejected] = useState<'rejected' | 'returned'>('rejected')
  const refresh = () => {
    setAttempt((n) => n + 1)
    voters.reload()
  }
  return (
    <View className="card">
      <Text className="dl__title">现场表决录入</Text>
      <Text className="dl__meta">
        {voters.data
          ? `名单 ${voters.data.total + voters.data.votedCount} 人，已表决 ${voters.data.votedCount} 人，未表决 ${voters.data.total} 人`
          : '正在加载名单…'}
        ；{beijing(closesAt)} 截止
      </Text>
      {voters.error ? <ErrorNotice error={voters.error} onRetry={voters.reload} /> : null}
      {(voters.data?.voters ?? []).map((v) => (
        <View key={v.personId} className="xz-row">
          <Text>{v.name}</Text>
          <View>
            {VOTE_CHOICES.map((c) => (
              <Text
                key={c}
                className="dl__pick"
                onClick={async () => {
                  if (busy) return
                  const r = await act((requestId) =>
                    callFunction(
                      'deliberation',
                      'recordInPersonVotes',
                      { villageId, windowId, votes: [{ personId: v.personId, choice: c }] },
                      { requestId },
                    ),
                  )
                  if (r) refresh()
                }}
              >
                {VOTE_CHOICE_LABELS[c]}
              </Text>
            ))}
          </View>
        </View>
      ))}
      <Button
        disabled={busy}
        onClick={() =>
          act(
            (requestId) => callFunction('deliberation', 'remindNonVoters', { villageId, windowId }, { requestId }),
            '已提醒未表决的人',
          )
        }
      >
        提醒未表决的人
      </Button>
      <Text className="dl__line">未通过时：</Text>
      <View>
        <Text
          className={`dl__pick${ifRejected === 'rejected' ? ' dl__pick--on' : ''}`}
          onClick={() => setIfRejected('rejected')}
        >
          终止议题
        </Text>
        <Text
          className={`dl__pick${ifRejected === 'returned' ? ' dl__pick--on' : ''}`}
          onClick={() => setIfRejected('returned')}
        >
          退回修改
        </Text>
      </View>
      <Button
        type="primary"
        disabled={busy}
        onClick={() =>
          act(
            (requestId) =>
              callFunction('deliberation', 'closeVoting', { villageId, windowId, ifRejected }, { requestId }),
            '已计票',
          )
        }
      >
        截止计票
      </Button>
    </View>
  )
}

function CadreActions({
  villageId,
  matterId,
  step,
  status,
  noticeAt,
  act,
  busy,
}: Ctx & { step: Step; status: string; noticeAt: Record<string, string> }) {
  const [place, setPlace] = useState('')
  const [note, setNote] = useState('')
  const [kind, setKind] = useState<'representatives' | 'villagers'>('representatives')
  const [duration, setDuration] = useState(DURATIONS[0]!.ms)
  const [text, setText] = useState('')
  const [preview, setPreview] = useState<
    { text: string; masked: { label: string; original: string; masked: string }[] } | undefined
  >()
  if (status === 'returned') {
    return (
      <View className="card">
        <Text className="dl__title">议题已退回修改</Text>
        <Button
          type="primary"
          disabled={busy}
          onClick={() =>
            act(
              (requestId) => callFunction('deliberation', 'repropose', { villageId, matterId }, { requestId }),
              '已重新提议',
            )
          }
        >
          修改后重新提议
        </Button>
      </View>
    )
  }
  if (status !== 'working') return null
  if (step <= 2) {
    const record = (outcome: 'passed' | 'rejected' | 'returned') =>
      act(
        (requestId) =>
          callFunction(
            'deliberation',
            'recordStep',
            { villageId, matterId, step, outcome, meeting: { place: place || undefined, note: note || undefined } },
            { requestId },
          ),
        '已记录',
      )
    return (
      <View className="card">
        <Text className="dl__title">
          第{step}步：{STEP_LABELS[step]}
        </Text>
        <Text className="xz-label">会议地点</Text>
        <Input className="dl__input" value={place} placeholder="会议地点" onInput={(e) => setPlace(e.detail.value)} />
        <Text className="xz-label">会议纪要</Text>
        <Input className="dl__input" value={note} placeholder="会议纪要" onInput={(e) => setNote(e.detail.value)} />
        <View className="dl__choices">
          <Button className="dl__choice" type="primary" disabled={busy} onClick={() => record('passed')}>
            通过
          </Button>
          <Button className="dl__choice" disabled={busy} onClick={() => record('returned')}>
            退回修改
          </Button>
          <Button className="dl__choice" type="warn" disabled={busy} onClick={() => record('rejected')}>
            不通过
          </Button>
        </View>
      </View>
    )
  }
  if (step === 3 || step === 4) {
    const sent = noticeAt[String(step)]
    return (
      <View className="card">
        <Text className="dl__title">
          第{step}步：{STEP_LABELS[step]}
        </Text>
        {step === 4 ? (
          <View>
            <Text
              className={`dl__pick${kind === 'representatives' ? ' dl__pick--on' : ''}`}
              onClick={() => setKind('representatives')}
            >
              村民代表会议
            </Text>
            <Text
              className={`dl__pick${kind === 'villagers' ? ' dl__pick--on' : ''}`}
              onClick={() => setKind('villagers')}
            >
              村民会议
            </Text>
          </View>
        ) : null}
        <Text className="dl__meta">{sent ? `议题已于 ${beijing(sent)} 送达` : '议题尚未送达参加表决的人'}</Text>
        <Button
          disabled={busy}
          onClick={() =>
            act(
              (requestId) =>
                callFunction(
                  'deliberation',
                  'sendNotice',
                  { villageId, matterId, step, meetingKind: step === 4 ? kind : undefined },
                  { requestId },
                ),
              '议题已送达',
            )
          }
        >
          送达议题
        </Button>
        <Text className="dl__line">表决时间</Text>
        <View>
          {DURATIONS.map((d) => (
            <Text
              key={d.ms}
              className={`dl__pick${duration === d.ms ? ' dl__pick--on' : ''}`}
              onClick={() => setDuration(d.ms)}
            >
              {d.label}
            </Text>
          ))}
        </View>
        <Button
          type="primary"
          disabled={busy}
          onClick={() =>
            act(
              (requestId) =>
                callFunction(
                  'deliberation',
                  'openVoting',
                  {
                    villageId,
                    matterId,
                    step,
                    meetingKind: step === 4 ? kind : undefined,
                    closesAt: new Date(Date.now() + duration).toISOString(),
                  },
                  { requestId },
                ),
              '表决已开始，已通知名单上的每个人',
            )
          }
        >
          开始表决
        </Button>
      </View>
    )
  }
  return (
    <View className="card">
      <Text className="dl__title">
        第{step}步：{STEP_LABELS[step]}
      </Text>
      <Textarea
        className="dl__area"
        value={text}
        maxlength={5000}
        placeholder={step === 5 ? '决议内容' : '实施结果'}
        onInput={(e) => {
          setText(e.detail.value)
          setPreview(undefined)
        }}
      />
      <Button
        disabled={busy || !text.trim()}
        onClick={async () => {
          const r = await act(() =>
            callFunction('deliberation', 'previewPublication', { villageId, matterId, text, keep: [] }),
          )
          if (r) setPreview(r)
        }}
      >
        预览（自动隐去个人信息）
      </Button>
      {preview ? (
        <View>
          <Text className="dl__line">公开后显示为：</Text>
          <Text className="dl__text">{preview.text}</Text>
          {preview.masked.length === 0 ? (
            <Text className="dl__meta">没有需要隐去的个人信息</Text>
          ) : (
            <Text className="dl__line">已隐去 {preview.masked.length} 处：</Text>
          )}
          {preview.masked.map((x, i) => (
            <Text key={i} className="dl__masked">
              {x.label}：{x.original} → {x.masked}
            </Text>
          ))}
          <Button
            type="primary"
            disabled={busy}
            onClick={async () => {
              const r = await act(
                (requestId) =>
                  callFunction(
                    'deliberation',
                    'publish',
                    { villageId, matterId, step: step as 5 | 6, text, keep: [] },
                    { requestId },
                  ),
                '已公开到村务公开栏',
              )
              if (r) {
                setText('')
                setPreview(undefined)
              }
            }}
          >
            确认公开
          </Button>
        </View>
      ) : null}
    </View>
  )
}
