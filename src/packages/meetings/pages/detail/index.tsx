import { Input, Text, Textarea, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { ErrorBody } from '@common/errors'
import Button from '@/components/Button'
import CodeInput from '@/components/CodeInput'
import { callFunction, type CallOutput } from '@/api/client'
import { SAVED_OFFLINE_MESSAGE, useDraftForm } from '@/api/draft'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import QrCode from '@/components/QrCode'
import { confirmAction } from '@/state/confirm'
import { usePageParams, useLargeText } from '@/state/prefs'
import { askToSubscribe } from '@/state/subscribe'
import { timeLabel, titled } from '@common/rules/human-text'
import { beijing, branchAbilities, STATE_LABELS, useBranch, whoWillBeTold } from '../shared'
import '../../../../state/large-text.css'
import '../meetings.css'

type Meeting = CallOutput<'meetings', 'getMeeting'>

/** One meeting: details, the live quorum indicator, my leave / sign-in, and for its organisers code, votes, minutes. */
export default function MeetingDetailPage() {
  const { pageClass } = useLargeText()
  const { villageId, loading, view } = useBranch()
  const meetingId = usePageParams().meetingId ?? ''
  if (loading)
    return (
      <View className={pageClass}>
        <Text className="mt__meta">正在加载…</Text>
      </View>
    )
  if (!villageId || !meetingId)
    return (
      <View className={pageClass}>
        <EmptyState title="没有找到这次会议" />
      </View>
    )
  return <MeetingView villageId={villageId} meetingId={meetingId} can={branchAbilities(view)} pageClass={pageClass} />
}

function MeetingView({
  villageId,
  meetingId,
  can,
  pageClass,
}: {
  villageId: string
  meetingId: string
  can: ReturnType<typeof branchAbilities>
  pageClass: string
}) {
  const secretary = can.secretary
  const meeting = useCall('meetings', 'getMeeting', { villageId, meetingId })
  const m = meeting.data
  return (
    <View className={pageClass}>
      {meeting.error ? <ErrorNotice error={meeting.error} onRetry={meeting.reload} /> : null}
      {m ? (
        <View>
          <View className="card">
            <Text className="mt__title">{titled(m.kindLabel, m.topic)}</Text>
            <Text className="mt__meta">
              {beijing(m.startsAt)}—{timeLabel(m.endsAt)} · {m.place}
            </Text>
            <Text className="mt__meta">
              主持人 {m.chairName} · 记录人 {m.recorderName}
              {m.remoteOpen ? ' · 在外党员可线上参加' : ''}
            </Text>
            {m.agenda ? <Text className="mt__meta">议程：{m.agenda}</Text> : null}
            {m.status === 'cancelled' ? (
              <Text className="mt__badge mt__badge--overdue">已取消：{m.cancelReason}</Text>
            ) : null}
          </View>
          {m.status === 'called' && m.window.remote === 'not_open' && can.cancel ? (
            <CancelMeeting m={m} villageId={villageId} onChange={meeting.reload} />
          ) : null}
          <Attendance m={m} />
          {m.status === 'called' ? <MyPart m={m} villageId={villageId} onChange={meeting.reload} /> : null}
          {m.canManage && m.status === 'called' ? (
            <Manage m={m} villageId={villageId} secretary={secretary} onChange={meeting.reload} />
          ) : null}
          {m.canManage && m.status === 'called' && m.remoteOpen && can.allowRemote ? (
            <AllowRemote m={m} villageId={villageId} onChange={meeting.reload} />
          ) : null}
          <Votes m={m} />
          <MinutesView m={m} />
          <Button size="mini" onClick={meeting.reload}>
            刷新
          </Button>
        </View>
      ) : null}
    </View>
  )
}

function Attendance({ m }: { m: Meeting }) {
  const t = m.tally
  const begun = m.window.inPerson !== 'not_open' || m.window.remote !== 'not_open' || m.status !== 'called'
  return (
    <View className="card">
      {m.quorum.applies ? (
        <View
          className={`mt__quorum ${m.quorum.met ? 'mt__quorum--met' : begun ? 'mt__quorum--not' : 'mt__quorum--pending'}`}
          aria-label="到会情况"
        >
          {/* Before sign-in opens nobody can be present yet: no red warning, just what is needed. */}
          <Text>{m.quorum.met ? '已达到法定人数' : begun ? '未达到法定人数' : '会议尚未开始签到'}</Text>
          <Text className="mt__meta">
            {begun ? m.quorum.text : `开会时有表决权的党员至少 ${m.quorum.needed} 人到会，才能表决`}
          </Text>
        </View>
      ) : null}
      <View className="mt__nums">
        {[
          ['应到', t.expected],
          ['实到', t.present],
          ['请假', t.onLeave],
          ['未到', t.absent],
        ].map(([label, n]) => (
          <View key={label as string}>
            <Text className="mt__num">{n}</Text>
            <Text className="mt__meta">{label}</Text>
          </View>
        ))}
      </View>
      <Text className="mt__meta">
        现场 {t.inPerson} 人，线上 {t.remote} 人；有表决权 应到 {t.expectedVoters}、实到 {t.presentVoters}
        （流动党员、预备党员无表决权）
      </Text>
    </View>
  )
}

function MyPart({ m, villageId, onChange }: { m: Meeting; villageId: string; onChange: () => void }) {
  const leave = useDraftForm(`meetings.leave.${m.id}`, { reason: '' })
  const remote = useDraftForm(`meetings.remote.${m.id}`, { remark: '' })
  const [code, setCode] = useState('')
  const [error, setError] = useState<ErrorBody>()
  const [done, setDone] = useState('')
  if (!m.mine?.expected) return null
  if (m.mine.attended) return <Text className="mt__ok">您已签到：{STATE_LABELS[m.mine.attended]}</Text>
  async function askLeave() {
    if (leave.submitting || !leave.value.reason.trim()) return // Taro's H5 Button lets taps through while disabled
    askToSubscribe('leave')
    const r = await leave.submit((v, requestId) =>
      callFunction('meetings', 'requestLeave', { villageId, meetingId: m.id, reason: v.reason.trim() }, { requestId }),
    )
    if (r) {
      setDone('请假已提交，等待支部书记审批')
      onChange()
    }
  }
  async function signInHere() {
    if (code.replace(/\s/g, '').length < 6) return
    askToSubscribe('meetings')
    setError(undefined)
    const r = await callFunction('meetings', 'signIn', {
      villageId,
      meetingId: m.id,
      mode: 'in_person',
      code: code.replace(/\s/g, ''),
    })
    // Dropped network: the typed code stays; signing in twice makes one record on the server.
    if (!r.ok) return setError(r.error.code === 'NETWORK' ? { ...r.error, message: SAVED_OFFLINE_MESSAGE } : r.error)
    setDone('签到成功')
    onChange()
  }
  async function joinRemote() {
    if (remote.submitting) return
    askToSubscribe('meetings')
    const r = await remote.submit((v, requestId) =>
      callFunction(
        'meetings',
        'signIn',
        { villageId, meetingId: m.id, mode: 'remote', followed: true, remark: v.remark.trim() || undefined },
        { requestId },
      ),
    )
    if (r) {
      setDone('已确认线上参加')
      onChange()
    }
  }
  return (
    <View className="card">
      <Text className="mt__title">我</Text>
      {done ? <Text className="mt__ok">{done}</Text> : null}
      {m.window.inPerson === 'open' ? (
        <View>
          <CodeInput
            className="mt__input"
            value={code}
            onChange={setCode}
            placeholder="输入会场屏幕上的 6 位签到码"
            scanLabel="扫码签到"
          />
          {error ? <ErrorNotice error={error} /> : null}
          <Button type="primary" disabled={code.replace(/\s/g, '').length < 6} onClick={signInHere}>
            现场签到
          </Button>
        </View>
      ) : null}
      {m.remoteOpen && m.window.remote === 'open' && m.mine.remoteAllowed !== false ? (
        <View>
          <Text className="xz-label">意见或留言（可不填）</Text>
          <Input
            className="mt__input"
            aria-label="留言"
            value={remote.value.remark}
            placeholder="意见或留言（可不填）"
            onInput={(e) => remote.update({ remark: e.detail.value })}
          />
          {remote.error ? <ErrorNotice error={remote.error} /> : null}
          <Button type="default" disabled={remote.submitting} onClick={joinRemote}>
            我已线上参加本次会议
          </Button>
        </View>
      ) : null}
      {m.remoteOpen && m.window.remote === 'open' && m.mine.remoteAllowed === false ? (
        <Text className="mt__meta">线上参加仅限在外党员；确有特殊情况，请联系支部书记登记同意。</Text>
      ) : null}
      {m.window.inPerson === 'closed' ? <Text className="mt__meta">会议已结束，补签不计入出勤。</Text> : null}
      {m.window.remote === 'not_open' && m.mine.leave !== 'approved' ? (
        <View>
          {m.mine.leave ? (
            <Text className="mt__meta">请假：{m.mine.leave === 'pending' ? '待审批' : '未批准'}</Text>
          ) : null}
          <Text className="xz-label">请假原因</Text>
          <Input
            className="mt__input"
            aria-label="请假原因"
            value={leave.value.reason}
            placeholder="不能参加？写明原因请假"
            onInput={(e) => leave.update({ reason: e.detail.value })}
          />
          {leave.error ? <ErrorNotice error={leave.error} /> : null}
          <Button type="default" disabled={leave.submitting || !leave.value.reason.trim()} onClick={askLeave}>
            请假
          </Button>
        </View>
      ) : null}
      {m.mine.leave === 'approved' ? <Text className="mt__ok">请假已批准</Text> : null}
    </View>
  )
}

function SignInCode({ m, villageId }: { m: Meeting; villageId: string }) {
  const [shown, setShown] = useState(false)
  if (m.window.inPerson !== 'open') return <Text className="mt__meta">会前 30 分钟可展示现场签到码。</Text>
  if (!shown) return <Button onClick={() => setShown(true)}>展示现场签到码</Button>
  return <CodeDisplay meetingId={m.id} villageId={villageId} />
}

/** The rotating code, refreshed every 15 s (each code lives 30–60 s). */
function CodeDisplay({ meetingId, villageId }: { meetingId: string; villageId: string }) {
  const code = useCall('meetings', 'signInCode', { villageId, meetingId })
  const { reload } = code
  useEffect(() => {
    const timer = setInterval(reload, 15_000)
    return () => clearInterval(timer)
  }, [reload])
  return (
    <View>
      {code.error ? <ErrorNotice error={code.error} onRetry={code.reload} /> : null}
      {code.data ? <QrCode value={code.data.payload} label="签到二维码" /> : null}
      {code.data ? (
        <Text className="mt__code" aria-label="签到码">
          {code.data.display}
        </Text>
      ) : null}
      <Text className="mt__meta">请参会党员扫这个二维码，或在手机上输入这个码；每 30 秒更换。</Text>
    </View>
  )
}

function Manage({
  m,
  villageId,
  secretary,
  onChange,
}: {
  m: Meeting
  villageId: string
  secretary: boolean
  onChange: () => void
}) {
  const [error, setError] = useState<ErrorBody>()
  const vote = useDraftForm(`meetings.vote.${m.id}`, { motion: '', yes: '', no: '0', abstain: '0' })
  const minutes = useDraftForm(`meetings.minutes.${m.id}`, {
    agenda: m.minutes?.agenda ?? m.agenda,
    remarks: m.minutes?.remarks ?? '',
    resolutions: m.minutes?.resolutions ?? '',
  })
  const correction = useDraftForm(`meetings.correction.${m.id}`, { text: '' })
  const [done, setDone] = useState('')
  const locked = Boolean(m.minutes?.lockedAt)
  const started = m.window.remote !== 'not_open'
  // The server confirms only after the end (common/rules/meeting-conduct.ts confirmProblem): same boundary.
  const ended = m.window.inPerson === 'closed'
  async function decide(personId: string, name: string, approve: boolean) {
    if (
      !approve &&
      !(await confirmAction({
        title: `不批准${name}的请假？`,
        content: `${name}会收到“请假未批准”的通知，本次会议未到将记为缺席。`,
        confirmText: '不批准',
      }))
    )
      return
    setError(undefined)
    const r = await callFunction('meetings', 'decideLeave', { villageId, meetingId: m.id, personId, approve })
    if (!r.ok) return setError(r.error)
    onChange()
  }
  async function sendVote() {
    if (vote.submitting || !vote.value.motion.trim() || vote.value.yes === '') return
    const { motion, yes, no, abstain } = vote.value
    const sure = await confirmAction({
      title: '记录这次表决？',
      content: `「${motion.trim()}」赞成 ${Number(yes)} 票、反对 ${Number(no)} 票、弃权 ${Number(abstain)} 票。记录后按应到会有表决权人数判定是否通过，不能修改或删除。`,
      confirmText: '记录表决',
    })
    if (!sure) return
    const r = await vote.submit((v, requestId) =>
      callFunction(
        'meetings',
        'recordVote',
        {
          villageId,
          meetingId: m.id,
          motion: v.motion.trim(),
          yes: Number(v.yes),
          no: Number(v.no),
          abstain: Number(v.abstain),
        },
        { requestId },
      ),
    )
    if (r) {
      setDone(`表决已记录：${r.outcomeLabel}`)
      onChange()
    }
  }
  async function saveMinutes() {
    const absent = m.attendees.filter((a) => a.state === 'leave' || a.state === 'absent')
    const r = await minutes.submit((v, requestId) =>
      callFunction(
        'meetings',
        'saveMinutes',
        {
          villageId,
          meetingId: m.id,
          minutes: {
            agenda: v.agenda,
            remarks: v.remarks,
            resolutions: v.resolutions,
            absenteeReasons: absent.map((a) => ({
              personId: a.personId,
              reason: a.state === 'leave' ? (a.leaveReason ?? '请假') : '未到',
            })),
          },
        },
        { requestId },
      ),
    )
    if (r) {
      setDone('会议记录已保存')
      onChange()
    }
  }
  async function confirm() {
    const sure = await confirmAction({
      title: '确认并锁定会议记录？',
      content: '锁定后会议记录和出席情况不能再修改，只能追加更正；本次会议计入组织生活日历。',
      confirmText: '锁定记录',
    })
    if (!sure) return
    setError(undefined)
    const r = await callFunction('meetings', 'confirmMinutes', { villageId, meetingId: m.id })
    if (!r.ok) return setError(r.error)
    setDone('会议记录已确认并锁定')
    onChange()
  }
  async function addCorrection() {
    if (correction.submitting || !correction.value.text.trim()) return
    const sure = await confirmAction({
      title: '追加这条更正？',
      content: '更正会附在已锁定的会议记录后面，署上您的姓名，追加后不能删除。',
      confirmText: '追加',
    })
    if (!sure) return
    const r = await correction.submit((v, requestId) =>
      callFunction('meetings', 'appendCorrection', { villageId, meetingId: m.id, text: v.text.trim() }, { requestId }),
    )
    if (r) onChange()
  }
  return (
    <View>
      <View className="card">
        <Text className="mt__title">签到</Text>
        <SignInCode m={m} villageId={villageId} />
      </View>
      <View className="card">
        <Text className="mt__title">应到人员</Text>
        {error ? <ErrorNotice error={error} /> : null}
        {done ? <Text className="mt__ok">{done}</Text> : null}
        {[...m.attendees]
          .sort((a, b) => Number(b.state === 'leave_pending') - Number(a.state === 'leave_pending'))
          .map((a) => (
            <View key={a.personId} className="xz-row">
              <View>
                <Text>
                  {a.name}
                  {a.presence === 'away' ? '（在外）' : a.presence === 'mobile' ? '（流动党员）' : ''}
                </Text>
                <Text className="mt__meta">
                  {STATE_LABELS[a.state]}
                  {a.leaveReason ? ` · ${a.leaveReason}` : ''}
                  {a.remark ? ` · 留言：${a.remark}` : ''}
                </Text>
              </View>
              {secretary && a.state === 'leave_pending' ? (
                <View className="mt__acts">
                  <Button
                    className="mt__act"
                    size="mini"
                    type="primary"
                    aria-label={`批准 ${a.name} 请假`}
                    onClick={() => decide(a.personId, a.name, true)}
                  >
                    批准
                  </Button>
                  <Button
                    className="mt__act"
                    size="mini"
                    aria-label={`不批准 ${a.name} 请假`}
                    onClick={() => decide(a.personId, a.name, false)}
                  >
                    不批准
                  </Button>
                </View>
              ) : null}
            </View>
          ))}
      </View>
      {m.quorum.applies && started && !locked ? (
        <View className="card">
          <Text className="mt__title">记录表决</Text>
          <Text className="mt__label">表决事项</Text>
          <Input
            className="mt__input"
            aria-label="表决事项"
            value={vote.value.motion}
            placeholder="表决事项"
            onInput={(e) => vote.update({ motion: e.detail.value })}
          />
          <Text className="mt__label">赞成票数</Text>
          <Input
            className="mt__input"
            aria-label="赞成"
            type="number"
            value={vote.value.yes}
            placeholder="赞成票数"
            onInput={(e) => vote.update({ yes: e.detail.value })}
          />
          <Text className="mt__label">反对票数</Text>
          <Input
            className="mt__input"
            aria-label="反对"
            type="number"
            value={vote.value.no}
            placeholder="反对票数"
            onInput={(e) => vote.update({ no: e.detail.value })}
          />
          <Text className="mt__label">弃权票数</Text>
          <Input
            className="mt__input"
            aria-label="弃权"
            type="number"
            value={vote.value.abstain}
            placeholder="弃权票数"
            onInput={(e) => vote.update({ abstain: e.detail.value })}
          />
          {vote.error ? <ErrorNotice error={vote.error} /> : null}
          <Button
            type="default"
            disabled={vote.submitting || !vote.value.motion.trim() || vote.value.yes === ''}
            onClick={sendVote}
          >
            记录表决
          </Button>
        </View>
      ) : null}
      {started ? (
        <View className="card">
          <Text className="mt__title">会议记录</Text>
          {locked ? (
            <View>
              <Text className="mt__meta">已确认锁定，原记录不能修改，只能追加更正。</Text>
              <Text className="xz-label">更正说明</Text>
              <Input
                className="mt__input"
                aria-label="更正"
                value={correction.value.text}
                placeholder="更正说明"
                onInput={(e) => correction.update({ text: e.detail.value })}
              />
              {correction.error ? <ErrorNotice error={correction.error} /> : null}
              <Button
                type="default"
                disabled={correction.submitting || !correction.value.text.trim()}
                onClick={addCorrection}
              >
                追加更正
              </Button>
            </View>
          ) : (
            <View>
              <Text className="xz-label">议程</Text>
              <Textarea
                className="mt__area"
                aria-label="议程"
                value={minutes.value.agenda}
                placeholder="议程"
                onInput={(e) => minutes.update({ agenda: e.detail.value })}
              />
              <Text className="xz-label">发言和讨论情况</Text>
              <Textarea
                className="mt__area"
                aria-label="讨论情况"
                value={minutes.value.remarks}
                placeholder="发言和讨论情况"
                onInput={(e) => minutes.update({ remarks: e.detail.value })}
              />
              <Text className="xz-label">形成的决议</Text>
              <Textarea
                className="mt__area"
                aria-label="决议"
                value={minutes.value.resolutions}
                placeholder="形成的决议"
                onInput={(e) => minutes.update({ resolutions: e.detail.value })}
              />
              <Text className="mt__meta">出席、缺席人员按签到和请假自动带出；照片可不传。</Text>
              {minutes.error ? <ErrorNotice error={minutes.error} /> : null}
              <Button type="default" disabled={minutes.submitting} onClick={saveMinutes}>
                保存会议记录
              </Button>
              {secretary && m.minutes?.savedAt && ended ? (
                <Button type="primary" onClick={confirm}>
                  确认并锁定记录
                </Button>
              ) : null}
              {secretary && !ended ? (
                <Text className="mt__meta">会议结束后才能确认并锁定记录；确认后出席情况不再变化。</Text>
              ) : null}
            </View>
          )}
        </View>
      ) : null}
    </View>
  )
}

/** Cancelling a meeting not yet begun: a reason, and a confirmation naming who will be told. */
function CancelMeeting({ m, villageId, onChange }: { m: Meeting; villageId: string; onChange: () => void }) {
  const form = useDraftForm(`meetings.cancel.${m.id}`, { reason: '' })
  const [open, setOpen] = useState(false)
  async function cancel() {
    const reason = form.value.reason.trim()
    if (form.submitting || !reason) return
    const told = whoWillBeTold(
      m.tally.expected,
      m.attendees.map((a) => a.name),
    )
    const sure = await confirmAction({
      title: '取消这次会议？',
      content: `将通知${told}：会议取消，原因“${reason}”。取消后不能恢复，需要时请重新召开。`,
      confirmText: '确认取消',
    })
    if (!sure) return
    const r = await form.submit((v, requestId) =>
      callFunction('meetings', 'cancelMeeting', { villageId, meetingId: m.id, reason: v.reason.trim() }, { requestId }),
    )
    if (r) onChange()
  }
  if (!open)
    return (
      <View className="card">
        <Button size="mini" onClick={() => setOpen(true)}>
          取消会议
        </Button>
      </View>
    )
  return (
    <View className="card">
      <Text className="mt__title">取消会议</Text>
      <Text className="mt__meta">会议开始前可以取消；应到人员会收到取消通知。</Text>
      <Text className="xz-label">取消原因</Text>
      <Input
        className="mt__input"
        aria-label="取消原因"
        value={form.value.reason}
        placeholder="如：乡镇临时安排培训，改期召开"
        onInput={(e) => form.update({ reason: e.detail.value })}
      />
      {form.error ? <ErrorNotice error={form.error} /> : null}
      <Button type="warn" disabled={form.submitting || !form.value.reason.trim()} onClick={cancel}>
        取消这次会议
      </Button>
      <Button size="mini" onClick={() => setOpen(false)}>
        不取消
      </Button>
    </View>
  )
}

/**
 * The secretary lets a member at home take part online this once (online is for members away, 在外党员): one person,
 * with the reason kept on file.
 */
function AllowRemote({ m, villageId, onChange }: { m: Meeting; villageId: string; onChange: () => void }) {
  const form = useDraftForm(`meetings.allowRemote.${m.id}`, { personId: '', reason: '' })
  const [done, setDone] = useState('')
  if (m.window.remote === 'closed') return null
  const home = m.attendees.filter((a) => a.presence === 'home' && (a.state === 'absent' || a.state === 'leave_pending'))
  if (!home.length) return null
  const chosen = home.find((a) => a.personId === form.value.personId)
  async function allow() {
    if (form.submitting || !chosen || !form.value.reason.trim()) return
    const r = await form.submit((v, requestId) =>
      callFunction(
        'meetings',
        'allowRemote',
        { villageId, meetingId: m.id, personId: v.personId, reason: v.reason.trim() },
        { requestId },
      ),
    )
    if (r) {
      setDone(`已同意${chosen.name}线上参加（本次会议共 ${r.allowed} 人经同意线上参加）`)
      onChange()
    }
  }
  return (
    <View className="card">
      <Text className="mt__title">同意在家党员线上参加</Text>
      <Text className="mt__meta">
        线上参加原则上仅限在外党员；确有特殊情况（生病、照顾家人等），写明原因后同意，留档备查。
      </Text>
      {done ? <Text className="mt__ok">{done}</Text> : null}
      <View className="mt__kinds" aria-label="线上参加的党员">
        {home.map((a) => (
          <Button
            key={a.personId}
            className="mt__act"
            size="mini"
            type={a.personId === form.value.personId ? 'primary' : 'default'}
            onClick={() => form.update({ personId: a.personId })}
          >
            {a.name}
          </Button>
        ))}
      </View>
      <Text className="xz-label">原因</Text>
      <Input
        className="mt__input"
        aria-label="线上参加原因"
        value={form.value.reason}
        placeholder="如：腿伤在家休养"
        onInput={(e) => form.update({ reason: e.detail.value })}
      />
      {form.error ? <ErrorNotice error={form.error} /> : null}
      <Button disabled={form.submitting || !chosen || !form.value.reason.trim()} onClick={allow}>
        {chosen ? `同意${chosen.name}线上参加` : '先选择党员'}
      </Button>
    </View>
  )
}

function Votes({ m }: { m: Meeting }) {
  if (m.votes.length === 0) return null
  return (
    <View className="card">
      <Text className="mt__title">表决</Text>
      {m.votes.map((v) => (
        <View key={v.id} className="xz-row">
          <View>
            <Text>
              {v.motion}：{v.outcomeLabel}
            </Text>
            {v.lines.map((l) => (
              <Text key={l} className="mt__meta">
                {l}
              </Text>
            ))}
          </View>
        </View>
      ))}
    </View>
  )
}

function MinutesView({ m }: { m: Meeting }) {
  if (!m.minutes) return null
  const present = m.attendees.filter((a) => a.state === 'in_person' || a.state === 'remote').map((a) => a.name)
  const absent = m.attendees
    .filter((a) => a.state === 'leave' || a.state === 'absent' || a.state === 'leave_pending')
    .map((a) => (a.state === 'leave' ? `${a.name}（请假${a.leaveReason ? `：${a.leaveReason}` : ''}）` : a.name))
  return (
    <View className="card" aria-label="会议记录">
      <Text className="mt__title">会议记录{m.minutes.lockedAt ? '（已确认）' : '（草稿）'}</Text>
      <Text className="mt__meta">
        时间 {beijing(m.startsAt)} · 地点 {m.place} · 主持人 {m.chairName} · 记录人 {m.recorderName}
      </Text>
      {present.length ? <Text className="mt__meta">出席：{present.join('、')}</Text> : null}
      {absent.length ? <Text className="mt__meta">缺席：{absent.join('、')}</Text> : null}
      <Text className="mt__meta">议程：{m.minutes.agenda}</Text>
      <Text className="mt__meta">讨论：{m.minutes.remarks}</Text>
      <Text className="mt__meta">决议：{m.minutes.resolutions}</Text>
      {m.minutes.corrections.map((c) => (
        <Text key={c.at} className="mt__meta">
          更正（{beijing(c.at)} {c.byName}）：{c.text}
        </Text>
      ))}
    </View>
  )
}
