import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { callFunction } from '@/api/client'
import { newRequestId } from '@/api/draft'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import { usePageParams, useLargeText } from '@/state/prefs'
import '../../../../state/large-text.css'
import '../stars.css'

type Kind = 'project' | 'policy' | 'fund' | 'service'
const KINDS: Record<Kind, string> = { project: '项目', policy: '政策', fund: '资金', service: '服务' }
interface SupplyForm {
  id: string
  name: string
  department: string
  kind: Kind
  amount: string
  conditions: string
  taskKeys: string[]
}
const EMPTY: SupplyForm = {
  id: '',
  name: '',
  department: '',
  kind: 'project',
  amount: '',
  conditions: '',
  taskKeys: [],
}

/**
 * 供给清单 / 需求清单. ?county=1: the county publishes, edits and withdraws supplies (tagged with star tasks);
 * ?townshipId=: the township matches needs to supplies and records progress; ?villageId=: the village posts a
 * need, choosing the star and then the task from the year's template.
 */
export default function StarsSupplyPage() {
  const { pageClass } = useLargeText()
  const { villageId = '', townshipId = '', county = '' } = usePageParams()
  const supplies = useCall('stars', 'listSupply', {})
  const template = useCall('stars', 'template', {})
  // One hook call whatever the page shows (hooks must run in the same order on every render).
  const needs = useCall(
    'stars',
    townshipId ? 'townshipNeeds' : 'villageNeeds',
    (townshipId ? { townshipId } : { villageId: villageId || 'none' }) as never,
  )
  const [title, setTitle] = useState('')
  const [starIndex, setStarIndex] = useState(-1)
  const [taskIndex, setTaskIndex] = useState(-1)
  const [form, setForm] = useState<SupplyForm>(EMPTY)
  const [message, setMessage] = useState('')
  const stars = template.data?.template.stars ?? []
  const taskName = new Map(stars.flatMap((s) => s.tasks.map((t) => [t.key, `${s.name} · ${t.name}`] as const)))
  const chosenStar = stars[starIndex]
  const chosenTask = chosenStar?.tasks[taskIndex]

  const post = async () => {
    if (!chosenTask) return setMessage('请先选择对应的任务')
    const r = await callFunction(
      'stars',
      'postNeed',
      { villageId, taskKey: chosenTask.key, title, detail: '' },
      { requestId: newRequestId() },
    )
    setMessage(r.ok ? '需求已提交乡镇' : r.error.message)
    if (r.ok) setTitle('')
    needs.reload()
  }
  const save = async () => {
    const amountYuan = form.amount.trim() === '' ? null : Number(form.amount)
    if (amountYuan !== null && !(Number.isInteger(amountYuan) && amountYuan >= 0))
      return setMessage('金额请填整数（元），没有金额就空着')
    const star = stars.find((s) => s.tasks.some((t) => t.key === form.taskKeys[0]))?.key ?? null
    const fields = {
      name: form.name,
      department: form.department,
      kind: form.kind,
      amountYuan,
      conditions: form.conditions,
      star,
      taskKeys: form.taskKeys,
    }
    const r = form.id
      ? await callFunction('stars', 'updateSupply', { supplyId: form.id, ...fields }, { requestId: newRequestId() })
      : await callFunction('stars', 'publishSupply', fields, { requestId: newRequestId() })
    setMessage(r.ok ? (form.id ? '已保存修改' : '已发布') : r.error.message)
    if (r.ok) setForm(EMPTY)
    supplies.reload()
  }
  const withdraw = async (supplyId: string) => {
    const r = await callFunction('stars', 'closeSupply', { supplyId }, { requestId: newRequestId() })
    setMessage(r.ok ? '已撤回' : r.error.message)
    supplies.reload()
  }
  const match = async (needVillageId: string, needId: string, supplyId: string) => {
    const r = await callFunction(
      'stars',
      'matchNeed',
      { villageId: needVillageId, needId, supplyId, note: '' },
      { requestId: newRequestId() },
    )
    setMessage(r.ok ? '已对接' : r.error.message)
    needs.reload()
  }
  const next = { matched: 'agreed', agreed: 'delivering', delivering: 'delivered' } as const
  const move = async (needVillageId: string, needId: string, status: 'agreed' | 'delivering' | 'delivered') => {
    const r = await callFunction(
      'stars',
      'moveMatch',
      { villageId: needVillageId, needId, status, note: '' },
      { requestId: newRequestId() },
    )
    setMessage(r.ok ? '进度已记录' : r.error.message)
    needs.reload()
  }
  const all = supplies.data?.supplies ?? []
  const open = all.filter((s) => s.open)
  const field = (key: 'name' | 'department' | 'amount' | 'conditions', label: string, placeholder: string) => (
    <Input
      className="stars__input"
      aria-label={label}
      placeholder={placeholder}
      value={form[key]}
      onInput={(e) => setForm({ ...form, [key]: e.detail.value })}
    />
  )
  const toggle = (key: string) =>
    setForm({
      ...form,
      taskKeys: form.taskKeys.includes(key) ? form.taskKeys.filter((k) => k !== key) : [...form.taskKeys, key],
    })
  return (
    <View className={pageClass}>
      {supplies.error ? <ErrorNotice error={supplies.error} onRetry={supplies.reload} /> : null}
      {message ? (
        <View className="card">
          <Text className="stars__meta">{message}</Text>
        </View>
      ) : null}
      <View className="card">
        <Text className="stars__title">供给清单</Text>
        {(county ? all : open).length === 0 ? <Text className="stars__meta">县里还没有发布供给</Text> : null}
        {(county ? all : open).map((s) => (
          <View key={s.id} className="xz-row stars__item">
            <Text className="stars__line">{`${s.name}（${s.department}）${s.open ? '' : ' · 已撤回'}`}</Text>
            <Text className="stars__meta">{`${KINDS[s.kind]}${s.amountYuan !== null ? ` · ¥${s.amountYuan}` : ''}${s.conditions ? ` · ${s.conditions}` : ''}`}</Text>
            {s.taskKeys.length ? (
              <Text className="stars__meta">{`对应任务：${s.taskKeys.map((k) => taskName.get(k) ?? k).join('；')}`}</Text>
            ) : null}
            {county && s.open ? (
              <View className="stars__actions">
                <Button
                  size="mini"
                  onClick={() =>
                    setForm({
                      id: s.id,
                      name: s.name,
                      department: s.department,
                      kind: s.kind,
                      amount: s.amountYuan === null ? '' : String(s.amountYuan),
                      conditions: s.conditions,
                      taskKeys: s.taskKeys,
                    })
                  }
                >{`修改：${s.name}`}</Button>
                <Button size="mini" onClick={() => withdraw(s.id)}>{`撤回：${s.name}`}</Button>
              </View>
            ) : null}
          </View>
        ))}
      </View>
      {county ? (
        <View className="card">
          <Text className="stars__title">{form.id ? '修改供给' : '发布供给'}</Text>
          {field('name', '名称', '名称（如：高标准农田建设项目）')}
          {field('department', '部门', '部门（如：县农业农村局）')}
          <View className="stars__actions">
            {(Object.keys(KINDS) as Kind[]).map((k) => (
              <Button
                key={k}
                size="mini"
                aria-checked={form.kind === k}
                className={form.kind === k ? 'stars__on' : ''}
                onClick={() => setForm({ ...form, kind: k })}
              >
                {KINDS[k]}
              </Button>
            ))}
          </View>
          {field('amount', '金额', '金额（元，可不填）')}
          {field('conditions', '条件', '条件（如：连片 500 亩以上）')}
          <Text className="stars__meta">对应的创建任务（可多选）</Text>
          {stars.map((s) => (
            <View key={s.key} className="stars__actions">
              <Text className="stars__meta">{s.name}</Text>
              {s.tasks.map((t) => (
                <Button
                  key={t.key}
                  size="mini"
                  aria-checked={form.taskKeys.includes(t.key)}
                  className={form.taskKeys.includes(t.key) ? 'stars__on' : ''}
                  onClick={() => toggle(t.key)}
                >
                  {t.name}
                </Button>
              ))}
            </View>
          ))}
          <View className="stars__actions">
            <Button onClick={save}>{form.id ? '保存修改' : '发布'}</Button>
            {form.id ? <Button onClick={() => setForm(EMPTY)}>取消修改</Button> : null}
          </View>
        </View>
      ) : null}
      {villageId || townshipId ? (
        <View className="card">
          <Text className="stars__title">需求清单</Text>
          {needs.error ? <ErrorNotice error={needs.error} onRetry={needs.reload} /> : null}
          {(needs.data?.needs ?? []).map((n) => (
            <View key={n.id} className="xz-row stars__item">
              <Text className="stars__line">{`${townshipId ? `${n.villageName} · ` : ''}${n.title}`}</Text>
              <Text className="stars__meta">{`对应任务：${n.taskName}${n.match ? ` · ${n.match.supplyName} · ${n.match.statusLabel}` : ' · 待对接'}`}</Text>
              {townshipId && !n.match
                ? open.map((s) => (
                    <Button
                      key={s.id}
                      size="mini"
                      onClick={() => match(n.villageId, n.id, s.id)}
                    >{`对接：${s.name}`}</Button>
                  ))
                : null}
              {townshipId && n.match && n.match.status in next ? (
                <Button size="mini" onClick={() => move(n.villageId, n.id, next[n.match!.status as keyof typeof next])}>
                  记录下一步
                </Button>
              ) : null}
            </View>
          ))}
          {villageId && !townshipId ? (
            <View>
              <Input
                className="stars__input"
                aria-label="需求"
                placeholder="需求（如：修排水沟）"
                value={title}
                onInput={(e) => setTitle(e.detail.value)}
              />
              <Picker
                mode="selector"
                aria-label="哪颗星"
                range={stars.map((s) => s.name)}
                value={Math.max(0, starIndex)}
                onChange={(e) => {
                  setStarIndex(Number(e.detail.value))
                  setTaskIndex(-1)
                }}
              >
                <View className="stars__input">{chosenStar ? chosenStar.name : '选择对应的星'}</View>
              </Picker>
              {chosenStar ? (
                <Picker
                  mode="selector"
                  aria-label="哪项任务"
                  range={chosenStar.tasks.map((t) => t.name)}
                  value={Math.max(0, taskIndex)}
                  onChange={(e) => setTaskIndex(Number(e.detail.value))}
                >
                  <View className="stars__input">{chosenTask ? chosenTask.name : '选择对应的任务'}</View>
                </Picker>
              ) : null}
              <Button onClick={post}>提交需求</Button>
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
