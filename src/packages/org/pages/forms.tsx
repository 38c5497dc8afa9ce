/**
 * The "新增" cards of the county view (a township) and the township view (a village with its service centre).
 * Each opens on a tap, checks what it can before sending, and says the server's refusal in its words.
 */
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import { callFunction } from '@/api/client'
import Button from '@/components/Button'
import ErrorNotice from '@/components/ErrorNotice'

const TOWNSHIP_KINDS = ['镇', '乡', '街道'] as const

export function NewTownshipCard({ onCreated }: { onCreated: () => void }) {
  const [open, setOpen] = useState(false)
  const [name, setName] = useState('')
  const [kind, setKind] = useState<(typeof TOWNSHIP_KINDS)[number]>('镇')
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<ErrorBody>()
  const [saved, setSaved] = useState('')

  async function submit() {
    if (sending) return
    if (name.trim().length < 2) return setError({ code: 'INVALID_ARGUMENT', message: '请填写乡镇（街道）名称' })
    setSending(true)
    setError(undefined)
    const result = await callFunction('org', 'createTownship', { name: name.trim(), kind })
    setSending(false)
    if (!result.ok) return setError(result.error)
    setSaved(name.trim())
    setName('')
    onCreated()
  }

  if (!open)
    return (
      <View className="card xz-row" onClick={() => setOpen(true)}>
        <Text>新增乡镇（街道）</Text>
        <Text className="org__link">›</Text>
      </View>
    )
  return (
    <View className="card org__form">
      <Text className="org__name">新增乡镇（街道）</Text>
      {saved ? <Text className="org__summary">已新增「{saved}」，可继续新增</Text> : null}
      <Text className="org__label">名称</Text>
      <Input
        className="org__input"
        aria-label="乡镇（街道）名称"
        value={name}
        placeholder="如 城关镇"
        onInput={(e) => setName(e.detail.value)}
      />
      <Text className="org__label">类别</Text>
      <View className="org__filters">
        {TOWNSHIP_KINDS.map((k) => (
          <View
            key={k}
            className={`org__filter${k === kind ? ' org__filter--on' : ''}`}
            aria-role="radio"
            aria-checked={k === kind}
            onClick={() => setKind(k)}
          >
            <Text>{k}</Text>
          </View>
        ))}
      </View>
      {error ? <ErrorNotice error={error} /> : null}
      <Button type="primary" loading={sending} disabled={sending} onClick={submit}>
        保存乡镇（街道）
      </Button>
    </View>
  )
}

const emptyVillage = {
  name: '',
  kind: 'village' as 'village' | 'community',
  address: '',
  phone: '',
  latitude: '',
  longitude: '',
  radius: '200',
}

export function NewVillageCard({ townshipId, onCreated }: { townshipId: string; onCreated: () => void }) {
  const [open, setOpen] = useState(false)
  const [form, setForm] = useState(emptyVillage)
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<ErrorBody>()
  const [saved, setSaved] = useState('')
  const update = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }))

  async function pickLocation() {
    try {
      const place = await Taro.chooseLocation({})
      update({
        latitude: place.latitude.toFixed(6),
        longitude: place.longitude.toFixed(6),
        address: form.address || place.address,
      })
    } catch {
      // Cancelled, or no map in this build: the numbers can be typed.
    }
  }

  function check(): string | null {
    if (form.name.trim().length < 2) return '请填写村（社区）名称'
    if (form.address.trim().length < 4) return '请填写党群服务中心地址'
    const lat = Number(form.latitude)
    const lng = Number(form.longitude)
    if (!form.latitude || !form.longitude || !(lat >= 3 && lat <= 54) || !(lng >= 73 && lng <= 136))
      return '请在地图上选点，或填写服务中心的纬度、经度（如 32.52、112.36）'
    const radius = Number(form.radius)
    if (!Number.isInteger(radius) || radius < 30 || radius > 2000) return '签到半径应为 30 至 2000 米'
    return null
  }

  async function submit() {
    if (sending) return
    const problem = check()
    if (problem) return setError({ code: 'INVALID_ARGUMENT', message: problem })
    setSending(true)
    setError(undefined)
    const name = form.name.trim()
    const result = await callFunction('org', 'createVillage', {
      townshipId,
      name,
      kind: form.kind,
      serviceCentre: {
        name: `${name}党群服务中心`,
        address: form.address.trim(),
        phone: form.phone.trim(),
        latitude: Number(form.latitude),
        longitude: Number(form.longitude),
        radiusMetres: Number(form.radius),
      },
    })
    setSending(false)
    if (!result.ok) return setError(result.error)
    setSaved(name)
    setForm(emptyVillage)
    onCreated()
  }

  if (!open)
    return (
      <View className="card xz-row" onClick={() => setOpen(true)}>
        <Text>新增村（社区）</Text>
        <Text className="org__link">›</Text>
      </View>
    )
  const field = (key: keyof typeof form, label: string, placeholder: string, type?: 'digit' | 'number') => (
    <View key={key}>
      <Text className="org__label">{label}</Text>
      <Input
        className="org__input"
        aria-label={label}
        type={type}
        value={form[key]}
        placeholder={placeholder}
        onInput={(e) => update({ [key]: e.detail.value })}
      />
    </View>
  )
  return (
    <View className="card org__form">
      <Text className="org__name">新增村（社区）</Text>
      {saved ? <Text className="org__summary">已新增「{saved}」，可继续新增</Text> : null}
      {field('name', '名称', '如 李庄村')}
      <View className="org__filters">
        {(['village', 'community'] as const).map((k) => (
          <View
            key={k}
            className={`org__filter${k === form.kind ? ' org__filter--on' : ''}`}
            aria-role="radio"
            aria-checked={k === form.kind}
            onClick={() => update({ kind: k })}
          >
            <Text>{k === 'village' ? '村' : '社区'}</Text>
          </View>
        ))}
      </View>
      {field('address', '党群服务中心地址', '如 城关镇李庄村村委会院内')}
      {field('phone', '服务中心电话', '如 0377-6612345')}
      {process.env.TARO_ENV === 'weapp' ? (
        <Button type="default" onClick={pickLocation}>
          在地图上选服务中心位置
        </Button>
      ) : null}
      {field('latitude', '纬度', '如 32.52', 'digit')}
      {field('longitude', '经度', '如 112.36', 'digit')}
      {field('radius', '签到半径（米）', '200', 'number')}
      {error ? <ErrorNotice error={error} /> : null}
      <Button type="primary" loading={sending} disabled={sending} onClick={submit}>
        保存村（社区）
      </Button>
    </View>
  )
}
