/**
 * A grid, new or edited (`?gridId=` to edit; from 花名册 → 网格), by those who keep the roster: its name and its
 * grid leader (a person of the village, found by name).
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

export default function GridPage() {
  const { pageClass } = useLargeText()
  const view = useVillage()
  const { villageId } = view
  const keeper = canIn(view)('roster.saveGrid')
  const { gridId = '' } = usePageParams()
  const grids = useCall('roster', 'listGrids', { villageId })
  const existing = gridId ? grids.data?.grids.find((g) => g.id === gridId) : undefined
  const [name, setName] = useState('')
  const [leader, setLeader] = useState<{ id: string; name: string }>()
  const [query, setQuery] = useState('')
  const [search, setSearch] = useState('')
  const people = useCall('roster', 'listPeople', { villageId, query: search || undefined, limit: 10, offset: 0 })
  const [loaded, setLoaded] = useState(!gridId)
  const [error, setError] = useState<ErrorBody>()
  const [sending, setSending] = useState(false)
  const [saved, setSaved] = useState('')
  const [requestId, setRequestId] = useState(newRequestId)
  useEffect(() => {
    if (!existing || loaded) return
    setName(existing.name)
    if (existing.leaderPersonId) setLeader({ id: existing.leaderPersonId, name: existing.leaderName ?? '' })
    setLoaded(true)
  }, [existing, loaded])

  async function save() {
    if (sending) return
    if (!name.trim()) return setError({ code: 'INVALID_ARGUMENT', message: '请填写网格名称' })
    setSending(true)
    setError(undefined)
    const result = await callFunction(
      'roster',
      'saveGrid',
      { villageId, ...(gridId ? { gridId } : {}), name: name.trim(), leaderPersonId: leader?.id },
      { requestId },
    )
    setSending(false)
    if (!result.ok) return setError(result.error)
    setRequestId(newRequestId())
    if (gridId) return void Taro.navigateBack().catch(() => undefined)
    setSaved(`已新增网格：${name.trim()}`)
    setName('')
    setLeader(undefined)
  }

  if (gridId && !loaded)
    return (
      <View className={pageClass}>
        {grids.error ? <ErrorNotice error={grids.error} onRetry={grids.reload} /> : null}
        <View className="card">
          <Text>{grids.data ? '本村没有这个网格' : '正在读取…'}</Text>
        </View>
      </View>
    )
  if (!keeper && existing)
    return (
      <View className={pageClass}>
        <View className="card">
          <Text className="roster__title">{existing.name}</Text>
          <Text className="roster__meta">{`网格长 ${existing.leaderName ?? '未设'} · ${existing.householdCount} 户`}</Text>
        </View>
      </View>
    )
  const candidates = (people.data?.people ?? []).map((p) => ({ key: p.id, title: p.name }))
  return (
    <View className={pageClass}>
      <View className="card">
        <Text className="roster__title">{gridId ? '修改网格' : '新增网格'}</Text>
        <Field label="网格名称" value={name} onChange={setName} placeholder="如 第一网格" />
        <Text className="xz-label">{`网格长：${leader?.name || '未设'}`}</Text>
        <Field label="查找网格长" value={query} onChange={setQuery} placeholder="姓名或手机号后四位" />
        <Button size="mini" onClick={() => setSearch(query.trim())}>
          查找
        </Button>
        <Choices
          options={[{ key: '', title: '不设网格长' }, ...candidates]}
          value={leader?.id ?? ''}
          onChange={(id) => {
            const chosen = candidates.find((c) => c.key === id)
            setLeader(chosen ? { id, name: chosen.title } : undefined)
          }}
        />
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
