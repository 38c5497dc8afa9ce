/**
 * One household, new or edited (`?householdId=` to edit; opened from 花名册 → 户), by those who keep the roster:
 * number, head, members and adults; its grid when it is new. Moving a household to another grid or linked member
 * is 联户安排's (grid package), which keeps the move's history.
 */
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { ErrorBody } from '@common/errors'
import { callFunction } from '@/api/client'
import { newRequestId } from '@/api/draft'
import { useCall } from '@/api/useCall'
import Button from '@/components/Button'
import ErrorNotice from '@/components/ErrorNotice'
import { canIn } from '@/state/access'
import { useLargeText, usePageParams } from '@/state/prefs'
import { useVillage } from '@/state/village'
import { Choices, Field } from '../form'
import '../../../../state/large-text.css'
import '../edit.css'

/** H5's router hands query values over still encoded; the mini-program decodes them. */
function decodeOnce(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

export default function HouseholdPage() {
  const { pageClass } = useLargeText()
  const view = useVillage()
  const { villageId } = view
  const keeper = canIn(view)('roster.saveHousehold')
  const { householdId = '', head: headParam = '' } = usePageParams()
  const head = decodeOnce(headParam)
  // The list page passes the head's name; the household is found among the village's by it (no read-one action).
  const found = useCall('roster', 'listHouseholds', { villageId, query: head || undefined, limit: 50, offset: 0 })
  const grids = useCall('roster', 'listGrids', { villageId })
  const existing = householdId ? found.data?.households.find((h) => h.id === householdId) : undefined
  const [form, setForm] = useState({ number: '', headName: '', members: '', adults: '', gridId: '' })
  const [loaded, setLoaded] = useState(!householdId)
  const [error, setError] = useState<ErrorBody>()
  const [sending, setSending] = useState(false)
  const [saved, setSaved] = useState('')
  const [requestId, setRequestId] = useState(newRequestId)
  useEffect(() => {
    if (!existing || loaded) return
    setForm({
      number: existing.number,
      headName: existing.headName,
      members: String(existing.memberCount),
      adults: String(existing.adultCount),
      gridId: existing.gridId ?? '',
    })
    setLoaded(true)
  }, [existing, loaded])
  const update = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }))

  async function save() {
    if (sending) return
    const members = Number(form.members)
    const adults = Number(form.adults)
    if (!form.number.trim()) return setError({ code: 'INVALID_ARGUMENT', message: '请填写户号或门牌' })
    if (!form.headName.trim()) return setError({ code: 'INVALID_ARGUMENT', message: '请填写户主姓名' })
    if (!/^\d{1,2}$/.test(form.members.trim()) || members < 1 || members > 50)
      return setError({ code: 'INVALID_ARGUMENT', message: '全户人数应为 1 至 50' })
    if (!/^\d{1,2}$/.test(form.adults.trim()) || adults > members)
      return setError({ code: 'INVALID_ARGUMENT', message: '成年人数应为整数，且不多于全户人数' })
    setSending(true)
    setError(undefined)
    const result = await callFunction(
      'roster',
      'saveHousehold',
      {
        villageId,
        ...(householdId ? { householdId } : {}),
        number: form.number.trim(),
        headName: form.headName.trim(),
        memberCount: members,
        adultCount: adults,
        gridId: form.gridId || undefined,
      },
      { requestId },
    )
    setSending(false)
    if (!result.ok) return setError(result.error)
    setRequestId(newRequestId())
    setSaved(`已保存：${form.number.trim()} 号，户主 ${form.headName.trim()}`)
    if (!householdId) setForm({ number: '', headName: '', members: '', adults: '', gridId: form.gridId })
    else Taro.navigateBack().catch(() => undefined)
  }

  if (householdId && !loaded)
    return (
      <View className={pageClass}>
        {found.error ? <ErrorNotice error={found.error} onRetry={found.reload} /> : null}
        <View className="card">
          <Text>{found.data ? '本村没有这一户' : '正在读取…'}</Text>
        </View>
      </View>
    )
  if (!keeper && existing)
    return (
      <View className={pageClass}>
        <View className="card">
          <Text className="roster__title">{`${existing.number} 号 · 户主 ${existing.headName}`}</Text>
          <Text className="roster__meta">{`${existing.memberCount} 口人，成年 ${existing.adultCount}`}</Text>
          <Text className="roster__meta">
            {grids.data?.grids.find((g) => g.id === existing.gridId)?.name ?? '未分网格'}
          </Text>
        </View>
      </View>
    )
  return (
    <View className={pageClass}>
      <View className="card">
        <Text className="roster__title">{householdId ? '修改户的信息' : '新增一户'}</Text>
        <Field label="户号或门牌" value={form.number} onChange={(v) => update({ number: v })} />
        <Field label="户主姓名" value={form.headName} onChange={(v) => update({ headName: v })} />
        <Field label="全户人数" value={form.members} onChange={(v) => update({ members: v })} type="number" />
        <Field label="成年人数" value={form.adults} onChange={(v) => update({ adults: v })} type="number" />
        <Text className="xz-label">所属网格</Text>
        {householdId ? (
          // An existing household changes grid (and linked member) in 联户安排, where the move keeps its history.
          <Text className="roster__meta">
            {`${grids.data?.grids.find((g) => g.id === form.gridId)?.name ?? '未分网格'}（换网格请在联户安排中办理）`}
          </Text>
        ) : (
          <Choices
            options={[
              { key: '', title: '未分网格' },
              ...(grids.data?.grids ?? []).map((g) => ({ key: g.id, title: g.name })),
            ]}
            value={form.gridId}
            onChange={(gridId) => update({ gridId })}
          />
        )}
        {error ? <ErrorNotice error={error} /> : null}
        {saved ? (
          <Text className="roster__meta" aria-role="status">
            {saved}
          </Text>
        ) : null}
        <Button type="primary" loading={sending} disabled={sending} onClick={save}>
          保存
        </Button>
      </View>
    </View>
  )
}
