/**
 * One village (社区): its figures, its 党群服务中心 (address, duty phone, location, check-in radius) edited by those the
 * contract lets (its secretaries, the township for its villages, the county for any), the way to its rules and its
 * audit log, and — for the township and the county — retiring it (村改居) or merging it into another (合村并居).
 */
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import { dateLabel } from '@common/rules/human-text'
import { mergeSummary, retireSummary } from '@common/rules/village-lifecycle'
import { callFunction, type CallOutput } from '@/api/client'
import { newRequestId } from '@/api/draft'
import { useCall } from '@/api/useCall'
import Button from '@/components/Button'
import ErrorNotice from '@/components/ErrorNotice'
import { VillageNeeded } from '@/components/VillagePicker'
import { canIn } from '@/state/access'
import { confirmAction } from '@/state/confirm'
import { useLargeText } from '@/state/prefs'
import { useVillage } from '@/state/village'
import '../../../../state/large-text.css'
import '../org.css'

type Village = CallOutput<'org', 'getVillage'>

export default function VillagePage() {
  const { pageClass } = useLargeText()
  const view = useVillage()
  if (!view.villageId)
    return (
      <View className={pageClass}>
        <VillageNeeded view={view} />
      </View>
    )
  return (
    <View className={pageClass}>
      <VillageInfo view={view} />
    </View>
  )
}

function VillageInfo({ view }: { view: ReturnType<typeof useVillage> }) {
  const { villageId } = view
  const village = useCall('org', 'getVillage', { villageId })
  const can = canIn({ ...view, villageTownshipId: village.data?.townshipId ?? view.villageTownshipId })
  if (!village.data)
    return village.error ? (
      <ErrorNotice error={village.error} onRetry={village.reload} />
    ) : (
      <View className="card">
        <Text>正在读取…</Text>
      </View>
    )
  const v = village.data
  const open = !v.retired && !v.merging
  const go = (page: string) => Taro.navigateTo({ url: `${page}?villageId=${villageId}` })
  return (
    <View>
      <View className="card">
        <Text className="org__title">{v.name}</Text>
        <Text className="org__summary">{v.townshipName}</Text>
        {v.retired ? (
          <Text className="org__summary" aria-role="status">
            {v.retired.mergedInto
              ? `已于${dateLabel(v.retired.at)}并入${v.retired.mergedInto.name}`
              : `已于${dateLabel(v.retired.at)}撤销`}
            {`（${v.retired.byName}办理：${v.retired.reason}）。记录、会议、议题仍可查看，不再接受新的工作。`}
          </Text>
        ) : null}
        {v.merging ? (
          <Text className="org__summary" aria-role="status">
            {`正在并入${v.merging.into.name}（${v.merging.byName}办理）：已并过去 ${v.merging.moved.households} 户、${v.merging.moved.people} 人、${v.merging.moved.grids} 个网格，还没并完，不再接受新的工作。`}
          </Text>
        ) : null}
        <Text className="org__summary">
          {`${v.householdCount} 户 · 花名册 ${v.peopleCount} 人 · 成年村民 ${v.registeredAdults} 人 · 网格 ${v.gridCount} 个`}
        </Text>
        <Text className="org__summary">{`党员 ${v.partyMemberCount} 名（在外 ${v.partyMembersAway} 名）`}</Text>
      </View>

      <View className="card">
        <View className="xz-row" onClick={() => go('/packages/org/pages/settings/index')}>
          <Text>本村规则设置（通知天数、上限、时限）</Text>
          <Text className="org__link">›</Text>
        </View>
        {can('roster.listAudit') ? (
          <View className="xz-row" onClick={() => go('/packages/roster/pages/audit/index')}>
            <Text>本村操作记录</Text>
            <Text className="org__link">›</Text>
          </View>
        ) : null}
      </View>

      <ServiceCentreCard village={v} editable={open && can('org.updateVillage')} onSaved={village.reload} />

      {open && can('org.retireVillage') ? <RetireCard village={v} onDone={village.reload} /> : null}
      {open && can('org.mergeVillage') ? <MergeCard village={v} onDone={village.reload} /> : null}
      {v.merging && can('org.mergeVillage') ? <ContinueMerge village={v} onDone={village.reload} /> : null}
    </View>
  )
}

function ServiceCentreCard({
  village: v,
  editable,
  onSaved,
}: {
  village: Village
  editable: boolean
  onSaved: () => void
}) {
  const c = v.serviceCentre
  const initial = {
    address: c.address,
    phone: c.phone,
    latitude: String(c.latitude),
    longitude: String(c.longitude),
    radius: String(c.radiusMetres),
    adults: String(v.registeredAdults),
  }
  const [editing, setEditing] = useState(false)
  const [form, setForm] = useState(initial)
  const [error, setError] = useState<ErrorBody>()
  const [sending, setSending] = useState(false)
  const [saved, setSaved] = useState(false)
  const update = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }))

  function problem(): string | null {
    if (form.address.trim().length < 4) return '请填写党群服务中心地址'
    if (!/^(1\d{10}|0\d{2,3}-?\d{7,8})$/.test(form.phone.trim()))
      return '电话应为11位手机号或带区号的固定电话，例如 0377-6612345'
    const lat = Number(form.latitude)
    const lng = Number(form.longitude)
    if (!(lat >= 3 && lat <= 54) || !(lng >= 73 && lng <= 136)) return '请填写服务中心的纬度、经度（如 32.52、112.36）'
    const radius = Number(form.radius)
    if (!Number.isInteger(radius) || radius < 30 || radius > 2000) return '签到半径应为 30 至 2000 米'
    const adults = Number(form.adults)
    if (!/^\d{1,6}$/.test(form.adults.trim()) || adults > 100000) return '成年村民人数应为整数'
    return null
  }

  async function pickLocation() {
    try {
      const place = await Taro.chooseLocation({})
      update({ latitude: place.latitude.toFixed(6), longitude: place.longitude.toFixed(6) })
    } catch {
      // Cancelled, or no map in this build: the numbers can be typed.
    }
  }

  async function save() {
    if (sending) return
    const p = problem()
    if (p) return setError({ code: 'INVALID_ARGUMENT', message: p })
    setSending(true)
    setError(undefined)
    const result = await callFunction('org', 'updateVillage', {
      villageId: v.id,
      serviceCentre: {
        name: c.name,
        address: form.address.trim(),
        phone: form.phone.trim(),
        latitude: Number(form.latitude),
        longitude: Number(form.longitude),
        radiusMetres: Number(form.radius),
      },
      registeredAdults: Number(form.adults),
    })
    setSending(false)
    if (!result.ok) return setError(result.error)
    setSaved(true)
    setEditing(false)
    onSaved()
  }

  if (!editing)
    return (
      <View className="card">
        <Text className="org__name">{c.name}</Text>
        <Text className="org__summary">{`地址：${c.address}`}</Text>
        <View className="xz-row" onClick={() => Taro.makePhoneCall({ phoneNumber: c.phone }).catch(() => undefined)}>
          <Text>{`值班电话：${c.phone}`}</Text>
          <Text className="org__link">拨打</Text>
        </View>
        <Text className="org__summary">{`签到范围：服务中心周围 ${c.radiusMetres} 米`}</Text>
        {saved ? (
          <Text className="org__summary" aria-role="status">
            已保存
          </Text>
        ) : null}
        {editable ? (
          <Button
            onClick={() => {
              setForm(initial)
              setSaved(false)
              setEditing(true)
            }}
          >
            修改服务中心信息
          </Button>
        ) : null}
      </View>
    )
  const field = (key: keyof typeof form, label: string, type?: 'digit' | 'number') => (
    <View key={key}>
      <Text className="org__label">{label}</Text>
      <Input
        className="org__input"
        aria-label={label}
        type={type}
        value={form[key]}
        onInput={(e) => update({ [key]: e.detail.value })}
      />
    </View>
  )
  return (
    <View className="card org__form">
      <Text className="org__name">修改服务中心信息</Text>
      {field('address', '党群服务中心地址')}
      {field('phone', '值班电话')}
      {process.env.TARO_ENV === 'weapp' ? <Button onClick={pickLocation}>在地图上选服务中心位置</Button> : null}
      {field('latitude', '纬度', 'digit')}
      {field('longitude', '经度', 'digit')}
      {field('radius', '签到半径（米）', 'number')}
      {field('adults', '户籍成年村民人数', 'number')}
      {error ? <ErrorNotice error={error} /> : null}
      <Button type="primary" loading={sending} disabled={sending} onClick={save}>
        保存
      </Button>
      <Button onClick={() => setEditing(false)}>取消</Button>
    </View>
  )
}

/** The reason field both irreversible cards share (the county's or township's document number). */
function ReasonInput({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <View>
      <Text className="org__label">依据</Text>
      <Input
        className="org__input"
        aria-label="依据"
        value={value}
        placeholder="如 乡党委文件或会议决定"
        onInput={(e) => onChange(e.detail.value)}
      />
    </View>
  )
}

function RetireCard({ village: v, onDone }: { village: Village; onDone: () => void }) {
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<ErrorBody>()
  const [requestId] = useState(newRequestId)
  const [sending, setSending] = useState(false)
  async function retire() {
    if (sending) return
    if (reason.trim().length < 2) return setError({ code: 'INVALID_ARGUMENT', message: '请写明撤销的依据' })
    const yes = await confirmAction({
      title: `确认撤销${v.name}？`,
      content: retireSummary(v, v.boundCount),
      confirmText: '撤销',
    })
    if (!yes) return
    setSending(true)
    setError(undefined)
    const result = await callFunction(
      'org',
      'retireVillage',
      { villageId: v.id, reason: reason.trim(), confirmName: v.name },
      { requestId },
    )
    setSending(false)
    if (!result.ok) return setError(result.error)
    onDone()
  }
  if (!open)
    return (
      <View className="card xz-row" onClick={() => setOpen(true)}>
        <Text>撤销本村（村改居等）</Text>
        <Text className="org__link">›</Text>
      </View>
    )
  return (
    <View className="card org__form">
      <Text className="org__name">撤销{v.name}</Text>
      <Text className="org__summary">
        撤销后记录仍可查看，不再接受新的工作。要把户和人员并到别的村，请用“并入其他村”。
      </Text>
      <ReasonInput value={reason} onChange={setReason} />
      {error ? <ErrorNotice error={error} /> : null}
      <Button type="warn" loading={sending} disabled={sending} onClick={retire}>
        撤销本村
      </Button>
    </View>
  )
}

function MergeCard({ village: v, onDone }: { village: Village; onDone: () => void }) {
  const [open, setOpen] = useState(false)
  if (!open)
    return (
      <View className="card xz-row" onClick={() => setOpen(true)}>
        <Text>并入其他村（合村并居）</Text>
        <Text className="org__link">›</Text>
      </View>
    )
  return <MergeForm village={v} onDone={onDone} />
}

/**
 * Calls mergeVillage until it answers `done` — one chunk of at most 3,000 records per call, each call its own
 * request id (a resend of one call is answered from its record; the next call moves the next chunk).
 */
async function mergeAll(
  input: { villageId: string; targetVillageId: string; reason: string; confirmName: string },
  onProgress: (left: number) => void,
): Promise<ErrorBody | undefined> {
  for (;;) {
    const result = await callFunction('org', 'mergeVillage', input, { requestId: newRequestId() })
    if (!result.ok) return result.error
    if (result.data.done) return undefined
    onProgress(result.data.left)
  }
}

/** A merge that stopped half-way (a network drop, the page closed): continued into the same village. */
function ContinueMerge({ village: v, onDone }: { village: Village; onDone: () => void }) {
  const [error, setError] = useState<ErrorBody>()
  const [left, setLeft] = useState<number>()
  const [sending, setSending] = useState(false)
  const merging = v.merging!
  async function go() {
    if (sending) return
    setSending(true)
    setError(undefined)
    const failed = await mergeAll(
      { villageId: v.id, targetVillageId: merging.into.id, reason: merging.reason, confirmName: v.name },
      setLeft,
    )
    setSending(false)
    if (failed) return setError(failed)
    onDone()
  }
  return (
    <View className="card org__form">
      {left !== undefined ? <Text className="org__hint">{`还有 ${left} 条没并过去，正在接着并…`}</Text> : null}
      {error ? <ErrorNotice error={error} /> : null}
      <Button type="primary" loading={sending} disabled={sending} onClick={go}>
        继续并入{merging.into.name}
      </Button>
    </View>
  )
}

function MergeForm({ village: v, onDone }: { village: Village; onDone: () => void }) {
  const list = useCall('org', 'listVillages', { townshipId: v.townshipId })
  const [targetId, setTargetId] = useState('')
  const [reason, setReason] = useState('')
  const [error, setError] = useState<ErrorBody>()
  const [left, setLeft] = useState<number>()
  const [sending, setSending] = useState(false)
  const targets = (list.data?.villages ?? []).filter((t) => t.id !== v.id && !t.retired && !t.merging)
  const target = targets.find((t) => t.id === targetId)
  async function merge() {
    if (sending) return
    if (!target) return setError({ code: 'INVALID_ARGUMENT', message: '请选择并入哪个村（社区）' })
    if (reason.trim().length < 2) return setError({ code: 'INVALID_ARGUMENT', message: '请写明合并的依据' })
    const yes = await confirmAction({
      title: `确认并入${target.name}？`,
      content: mergeSummary(v, target, { households: v.householdCount, people: v.peopleCount, grids: v.gridCount }),
      confirmText: '合并',
    })
    if (!yes) return
    setSending(true)
    setError(undefined)
    let started = false
    const failed = await mergeAll(
      { villageId: v.id, targetVillageId: target.id, reason: reason.trim(), confirmName: v.name },
      (n) => {
        started = true
        setLeft(n)
      },
    )
    setSending(false)
    // Stopped half-way: the village page shows how far it got and offers 继续并入.
    if (failed && !started) return setError(failed)
    onDone()
  }
  return (
    <View className="card org__form">
      <Text className="org__name">{v.name}并入</Text>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      <View className="org__filters">
        {targets.map((t) => (
          <View
            key={t.id}
            className={`org__filter${t.id === targetId ? ' org__filter--on' : ''}`}
            aria-role="radio"
            aria-checked={t.id === targetId}
            onClick={() => setTargetId(t.id)}
          >
            <Text>{t.name}</Text>
          </View>
        ))}
      </View>
      {list.data && targets.length === 0 ? <Text className="org__hint">本乡镇没有可并入的村（社区）</Text> : null}
      <ReasonInput value={reason} onChange={setReason} />
      {left !== undefined ? <Text className="org__hint">{`还有 ${left} 条没并过去，正在接着并…`}</Text> : null}
      {error ? <ErrorNotice error={error} /> : null}
      <Button type="warn" loading={sending} disabled={sending} onClick={merge}>
        并入所选的村
      </Button>
    </View>
  )
}
