import { Input, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import { STEP_LABELS, VOTE_CHOICE_LABELS, VOTE_CHOICES, type Step, type VoteChoice } from '@common/rules/deliberation'
import Button from '@/components/Button'
import { callFunction, type CallOutput } from '@/api/client'
import { newRequestId, useDraftForm } from '@/api/draft'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import WhenPicker from '@/components/WhenPicker'
import { canIn } from '@/state/access'
import { confirmAction } from '@/state/confirm'
import { usePageParams, useLargeText } from '@/state/prefs'
import { askToSubscribe } from '@/state/subscribe'
import { useVillage } from '@/state/village'
import { beijingDate } from '@common/rules/beijing-time'
import { beijing, heldAt, heldAtLabel, useVillageId } from '../shared'
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
  const can = canIn(useVillage())
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
          title={m.title}
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
      {/* The rules allow withdrawing only while no vote is open and the matter is not returned or ended. */}
      {runner && m.status === 'working' && can('deliberation.withdraw') ? (
        <Withdraw {...ctx} title={m.title} mustGo={m.mustGo} />
      ) : null}

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
                {h.meeting?.heldAt ? ` · 会议时间 ${heldAtLabel(h.meeting.heldAt)}` : ''}
              </Text>
              {h.meeting?.note || h.note ? (
                <Text className="dl__meta">{[h.meeting?.note, h.note].filter(Boolean).join('；')}</Text>
              ) : null}
            </View>
          </View>
        ))}
      </View>
      {can('deliberation.matterAudit') ? <Audit villageId={villageId} matterId={matterId} /> : null}
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
  title,
  windowId,
  closesAt,
  meetingLabel,
  mine,
  act,
  busy,
}: Ctx & {
  title: string
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
                onClick={async () => {
                  if (busy) return
                  // WeChat refuses the subscription request after an await in the tap: asked before the confirmation.
                  askToSubscribe('deliberation')
                  const sure = await confirmAction({
                    title: `投「${VOTE_CHOICE_LABELS[c]}」？`,
                    content: `您将对「${title}」投「${VOTE_CHOICE_LABELS[c]}」。每人一票，投出后不能更改。`,
                    confirmText: '投出',
                  })
                  if (!sure) return
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

type Voter = CallOutput<'deliberation', 'listVoters'>['voters'][number]

interface Entry {
  personId: string
  name: string
  choice: VoteChoice
}

/**
 * The recorder enters the in-person meeting's paper votes: one tap per person marks that person's choice on the
 * phone, rows never move (the whole roster stays in its order, those who voted online shown as such), 撤销上一条
 * takes back the last tap, and 录入 sends the marked votes at once after one confirmation. Entries are kept on the
 * phone until sent (weak networks). Then reminds and counts.
 */
function InPerson({ villageId, windowId, closesAt, act, busy }: Ctx & { windowId: string; closesAt: string }) {
  const voters = useCall('deliberation', 'listVoters', { villageId, windowId, onlyNotVoted: false, limit: 200 })
  // A villagers' roll runs to thousands: further pages of 200 are added by 加载更多 (the first page's reload starts over).
  const [more, setMore] = useState<{
    after: string
    voters: Voter[]
    next?: string
    loading?: boolean
    error?: ErrorBody
  }>()
  const shown = voters.data
    ? [...voters.data.voters, ...(more && more.after === voters.data.nextAfter ? more.voters : [])]
    : []
  const nextAfter = more && more.after === voters.data?.nextAfter ? more.next : voters.data?.nextAfter
  async function loadMore() {
    const first = voters.data?.nextAfter
    if (!first || !nextAfter || more?.loading) return
    const base = more && more.after === first ? more : { after: first, voters: [] as Voter[] }
    setMore({ ...base, next: nextAfter, loading: true })
    const page = await callFunction('deliberation', 'listVoters', {
      villageId,
      windowId,
      onlyNotVoted: false,
      limit: 200,
      after: nextAfter,
    })
    setMore(
      page.ok
        ? { after: first, voters: [...base.voters, ...page.data.voters], next: page.data.nextAfter }
        : { ...base, next: nextAfter, error: page.error },
    )
  }
  const entry = useDraftForm(`deliberation.inPerson.${windowId}`, { entries: [] as Entry[] })
  const [ifRejected, setIfRejected] = useState<'rejected' | 'returned'>('rejected')
  const [refused, setRefused] = useState<string[]>([])
  const entries = entry.value.entries
  const marked = new Map(entries.map((e) => [e.personId, e.choice]))
  const mark = (personId: string, name: string, choice: VoteChoice) =>
    entry.update({ entries: [...entries.filter((e) => e.personId !== personId), { personId, name, choice }] })
  const last = entries[entries.length - 1]
  const counts = VOTE_CHOICES.map((c) => `${VOTE_CHOICE_LABELS[c]} ${entries.filter((e) => e.choice === c).length}`)
  async function send() {
    if (entry.submitting || !entries.length) return
    const sure = await confirmAction({
      title: `录入 ${entries.length} 人的现场表决？`,
      content: `${counts.join('、')}。录入后计入表决结果，不能更改。`,
      confirmText: '录入',
    })
    if (!sure) return
    const names = new Map(entries.map((e) => [e.personId, e.name]))
    const r = await entry.submit((v, requestId) =>
      callFunction(
        'deliberation',
        'recordInPersonVotes',
        { villageId, windowId, votes: v.entries.map(({ personId, choice }) => ({ personId, choice })) },
        { requestId },
      ),
    )
    if (r) {
      setRefused(r.refused.map((x) => `${names.get(x.personId) ?? ''}：${x.reason}`))
      voters.reload()
    }
  }
  const total = voters.data?.total ?? 0
  const voted = voters.data?.votedCount ?? 0
  return (
    <View className="card">
      <Text className="dl__title">现场表决录入</Text>
      <Text className="dl__meta">
        {voters.data ? `名单 ${total} 人，已表决 ${voted} 人，未表决 ${total - voted} 人` : '正在加载名单…'}；
        {beijing(closesAt)} 截止
      </Text>
      <Text className="dl__meta">按纸质表决票逐人点选，核对无误后点“录入”。</Text>
      {voters.error ? <ErrorNotice error={voters.error} onRetry={voters.reload} /> : null}
      {shown.map((v) => (
        <View key={v.personId} className="xz-row">
          <Text>{v.name}</Text>
          {v.voted ? (
            <Text className="dl__meta">已表决（{v.channel === 'in_person' ? '现场' : '线上'}）</Text>
          ) : (
            <View aria-label={`${v.name}的表决`}>
              {VOTE_CHOICES.map((c) => (
                <Text
                  key={c}
                  className={`dl__pick${marked.get(v.personId) === c ? ' dl__pick--on' : ''}`}
                  onClick={() => mark(v.personId, v.name, c)}
                >
                  {VOTE_CHOICE_LABELS[c]}
                </Text>
              ))}
            </View>
          )}
        </View>
      ))}
      {nextAfter ? (
        <Button size="mini" disabled={more?.loading} onClick={loadMore}>
          {more?.loading ? '正在加载…' : `加载更多（已显示 ${shown.length} 人，共 ${total} 人）`}
        </Button>
      ) : null}
      {more?.error ? <ErrorNotice error={more.error} onRetry={loadMore} /> : null}
      <Text className="dl__line" aria-label="待录入">
        {entries.length ? `待录入 ${entries.length} 人：${counts.join('、')}` : '还没有点选'}
      </Text>
      {last ? (
        <Button size="mini" disabled={entry.submitting} onClick={() => entry.update({ entries: entries.slice(0, -1) })}>
          {`撤销上一条（${last.name}：${VOTE_CHOICE_LABELS[last.choice]}）`}
        </Button>
      ) : null}
      {entry.error ? <ErrorNotice error={entry.error} /> : null}
      {refused.map((x) => (
        <Text key={x} className="dl__meta">
          未录入 {x}
        </Text>
      ))}
      <Button type="primary" disabled={entry.submitting || !entries.length} onClick={send}>
        {entries.length ? `录入 ${entries.length} 人的表决` : '录入'}
      </Button>
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
        onClick={async () => {
          if (busy) return
          const sure = await confirmAction({
            title: '现在截止计票？',
            content: `截止后不能再表决${entries.length ? `，还有 ${entries.length} 人的现场表决没有录入` : ''}；按规则计票，未通过时${ifRejected === 'rejected' ? '终止议题' : '退回修改'}。`,
            confirmText: '截止计票',
          })
          if (!sure) return
          void act(
            (requestId) =>
              callFunction('deliberation', 'closeVoting', { villageId, windowId, ifRejected }, { requestId }),
            '已计票',
          )
        }}
      >
        截止计票
      </Button>
    </View>
  )
}

/** Withdrawing a matter: a reason, and one confirmation saying it cannot be resumed (and who sees it). */
function Withdraw({ villageId, matterId, title, mustGo, act, busy }: Ctx & { title: string; mustGo: boolean }) {
  const [shown, setShown] = useState(false)
  const [note, setNote] = useState('')
  if (!shown)
    return (
      <View className="card">
        <Button size="mini" onClick={() => setShown(true)}>
          撤回议题
        </Button>
      </View>
    )
  async function withdraw() {
    if (busy || note.trim().length < 2) return
    const sure = await confirmAction({
      title: '撤回这个议题？',
      content: `「${title}」撤回后不再办理，不能恢复；撤回理由记入办理记录${mustGo ? '。这是必须经过四议两公开的事项，乡镇会看到撤回' : ''}。`,
      confirmText: '撤回',
    })
    if (!sure) return
    const r = await act(
      (requestId) =>
        callFunction('deliberation', 'withdraw', { villageId, matterId, note: note.trim() }, { requestId }),
      '议题已撤回',
    )
    if (r) setShown(false)
  }
  return (
    <View className="card">
      <Text className="dl__title">撤回议题</Text>
      <Text className="xz-label">撤回理由</Text>
      <Input
        className="dl__input"
        aria-label="撤回理由"
        value={note}
        placeholder="如：上级已统一安排，本村不再单独办理"
        onInput={(e) => setNote(e.detail.value)}
      />
      <Button type="warn" disabled={busy || note.trim().length < 2} onClick={withdraw}>
        撤回这个议题
      </Button>
      <Button size="mini" onClick={() => setShown(false)}>
        不撤回
      </Button>
    </View>
  )
}

/** The matter's history as the audit keeps it: each transition and each ballot's time and channel. */
function Audit({ villageId, matterId }: { villageId: string; matterId: string }) {
  const [shown, setShown] = useState(false)
  if (!shown)
    return (
      <View className="card">
        <Button size="mini" onClick={() => setShown(true)}>
          查看操作记录
        </Button>
      </View>
    )
  return <AuditList villageId={villageId} matterId={matterId} />
}

function AuditList({ villageId, matterId }: { villageId: string; matterId: string }) {
  const audit = useCall('deliberation', 'matterAudit', { villageId, matterId, limit: 200 })
  const a = audit.data
  return (
    <View className="card" aria-label="操作记录">
      <Text className="dl__title">操作记录</Text>
      {audit.error ? <ErrorNotice error={audit.error} onRetry={audit.reload} /> : null}
      {!a && !audit.error ? <Text className="dl__meta">正在加载…</Text> : null}
      {a?.transitions.map((t, i) => (
        <View key={`t${i}`} className="xz-row">
          <View>
            <Text>
              第{t.step}步 {t.actionLabel}
            </Text>
            <Text className="dl__meta">
              {beijing(t.at)} · {t.byName}
              {t.note ? ` · ${t.note}` : ''}
            </Text>
          </View>
        </View>
      ))}
      {a?.votes.length ? (
        <Text className="dl__line">
          表决记录（{a.votes.length} 票{a.secret ? '，保密表决不显示内容' : ''}）
        </Text>
      ) : null}
      {a?.votes.map((v, i) => (
        <View key={`v${i}`} className="xz-row">
          <View>
            <Text>
              {v.personName} · 第{v.step}步 · {v.channel === 'in_person' ? '现场' : '线上'}
              {v.choice ? ` · ${VOTE_CHOICE_LABELS[v.choice]}` : ''}
            </Text>
            <Text className="dl__meta">
              {beijing(v.at)}
              {v.recordedByName ? ` · ${v.recordedByName}录入` : ''}
            </Text>
          </View>
        </View>
      ))}
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
  const [heldDate, setHeldDate] = useState('')
  const [heldTime, setHeldTime] = useState('')
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
    const record = async (outcome: 'passed' | 'rejected' | 'returned') => {
      if (busy) return
      if (
        outcome === 'rejected' &&
        !(await confirmAction({
          title: '记录为不通过？',
          content: `第${step}步「${STEP_LABELS[step]}」不通过，议题就此终止，不能再办理；如需修改后再议，请选“退回修改”。`,
          confirmText: '不通过',
        }))
      )
        return
      const meeting = {
        heldAt: heldAt(heldDate, heldTime),
        place: place || undefined,
        note: note || undefined,
      }
      return act(
        (requestId) =>
          callFunction('deliberation', 'recordStep', { villageId, matterId, step, outcome, meeting }, { requestId }),
        '已记录',
      )
    }
    return (
      <View className="card">
        <Text className="dl__title">
          第{step}步：{STEP_LABELS[step]}
        </Text>
        <WhenPicker
          mode="date"
          label="会议日期"
          value={heldDate}
          end={beijingDate(Date.now())}
          onChange={setHeldDate}
        />
        <WhenPicker mode="time" label="会议开始时间" value={heldTime} onChange={setHeldTime} />
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
          onClick={async () => {
            if (busy) return
            const sure = await confirmAction({
              title: '开始表决？',
              content: `${step === 3 ? '党员大会' : kind === 'villagers' ? '村民会议' : '村民代表会议'}的表决名单从现在起固定，名单上的每个人都会收到表决通知；表决 ${DURATIONS.find((d) => d.ms === duration)?.label ?? ''} 后截止。开始后议题不能撤回。`,
              confirmText: '开始表决',
            })
            if (!sure) return
            return act(
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
          }}
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
