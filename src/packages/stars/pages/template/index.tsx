import { Button, Input, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { beijingMonth } from '@common/rules/beijing-time'
import { apportionTargets } from '@common/rules/stars'
import type { NegativeItem, StarKey, StarTemplate } from '@common/rules/stars-template'
import { callFunction } from '@/api/client'
import { newRequestId } from '@/api/draft'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import { canIn } from '@/state/access'
import { useLargeText } from '@/state/prefs'
import { useVillage } from '@/state/village'
import '../../../../state/large-text.css'
import '../stars.css'

const LEVELS = [5, 4, 3, 2] as const
const percent = (share: number) => String(Math.round(share * 1000) / 10)

/** The editable numbers of a template, as the inputs show them (shares in %). */
function valuesOf(t: StarTemplate): Record<string, string> {
  const v: Record<string, string> = {}
  for (const s of t.stars) {
    v[`pass:${s.key}`] = percent(s.passShare)
    for (const task of s.tasks) v[`name:${task.key}`] = task.name
    for (const task of s.tasks)
      v[`task:${task.key}`] =
        task.measure.kind === 'reported'
          ? task.measure.target
          : task.measure.unit === 'share'
            ? percent(task.measure.target)
            : String(task.measure.target)
  }
  for (const l of LEVELS) v[`level:${l}`] = String(t.targets[l])
  return v
}

/** The template with the inputs applied, or the first problem in plain words. */
function applyValues(t: StarTemplate, v: Record<string, string>): StarTemplate | string {
  const num = (key: string, label: string, max: number) => {
    const n = Number(v[key])
    return v[key]?.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= max ? n : `${label}应填 0 到 ${max} 之间的数`
  }
  const stars = []
  for (const s of t.stars) {
    const pass = num(`pass:${s.key}`, `${s.name}的达标比例`, 100)
    if (typeof pass === 'string') return pass
    if (pass === 0) return `${s.name}的达标比例不能为 0`
    const tasks = []
    for (const raw of s.tasks) {
      const name = (v[`name:${raw.key}`] ?? raw.name).trim()
      if (!name) return `任务 ${raw.key} 的名称不能为空`
      const task = { ...raw, name }
      const m = task.measure
      if (m.kind === 'reported') {
        const target = (v[`task:${task.key}`] ?? '').trim()
        if (!target) return `请写明「${task.name}」要提供的材料`
        tasks.push({ ...task, measure: { ...m, target } })
        continue
      }
      const n = num(`task:${task.key}`, `「${task.name}」的目标`, m.unit === 'share' ? 100 : 1e9)
      if (typeof n === 'string') return n
      tasks.push({ ...task, measure: { ...m, target: m.unit === 'share' ? n / 100 : n } })
    }
    stars.push({ ...s, passShare: pass / 100, tasks })
  }
  const targets = { ...t.targets }
  for (const l of LEVELS) {
    const n = num(`level:${l}`, `${l}星目标村数`, 100000)
    if (typeof n === 'string' || !Number.isInteger(n)) return `${l}星目标村数应填整数`
    targets[l] = n
  }
  return { ...t, stars, targets }
}

const VETO_ALL = 'all'

/** The targets handed to townships from the inputs (a township with all four empty is not handed any). */
function townshipTargetsFrom(
  v: Record<string, string>,
  county: StarTemplate['targets'],
): Record<string, StarTemplate['targets']> | string {
  const ids = [...new Set(Object.keys(v).map((k) => k.split(':')[0]!))]
  const out: Record<string, StarTemplate['targets']> = {}
  for (const id of ids) {
    const raw = LEVELS.map((l) => (v[`${id}:${l}`] ?? '').trim())
    if (raw.every((x) => x === '')) continue
    const targets = { ...county }
    for (const [i, l] of LEVELS.entries()) {
      const n = Number(raw[i])
      if (raw[i] === '' || !Number.isInteger(n) || n < 0 || n > county[l])
        return `乡镇目标的${l}星应填 0 到 ${county[l]} 之间的整数（不下达就四项都空着）`
      targets[l] = n
    }
    out[id] = targets
  }
  return out
}

/** 各乡镇目标: the county hands each township its targets, or leaves it to the share by villages. */
function TownshipTargets(props: {
  county: StarTemplate['targets']
  values: Record<string, string>
  onChange: (v: Record<string, string>) => void
  editable: boolean
}) {
  const list = useCall('org', 'listTownships', {})
  const townships = list.data?.townships ?? []
  const share = apportionTargets(
    props.county,
    townships.map((t) => ({ townshipId: t.id, villages: t.villageCount })),
  )
  return (
    <View className="card">
      <Text className="stars__line">各乡镇目标</Text>
      <Text className="stars__meta">县里研判后下达给乡镇的目标；不下达的乡镇按村数占全县的比例折算（四项都空着）</Text>
      {townships.map((t) => (
        <View key={t.id} className="xz-row stars__item">
          <Text className="stars__meta">{`${t.name}（${t.villageCount} 个村）按村数折算：${LEVELS.map((l) => `${l}星 ${share.get(t.id)?.[l] ?? 0}`).join(' · ')}`}</Text>
          <View className="stars__actions">
            {LEVELS.map((l) => (
              <Input
                key={l}
                className="stars__input"
                aria-label={`${t.name}${l}星目标`}
                disabled={!props.editable}
                value={props.values[`${t.id}:${l}`] ?? ''}
                onInput={(e) => props.onChange({ ...props.values, [`${t.id}:${l}`]: e.detail.value })}
              />
            ))}
          </View>
        </View>
      ))}
    </View>
  )
}

/** What will change, in plain words, for the confirmation before saving. */
function changesOf(before: StarTemplate, after: StarTemplate): string[] {
  const out: string[] = []
  const name = (k: string) => before.stars.find((s) => s.key === k)?.name ?? k
  for (const s of after.stars) {
    const old = before.stars.find((x) => x.key === s.key)!
    if (old.passShare !== s.passShare)
      out.push(`${s.name}达标比例 ${percent(old.passShare)}% → ${percent(s.passShare)}%`)
    const pre = (p: string[]) => (p.length ? p.map(name).join('、') : '无')
    if (pre(old.prerequisites) !== pre(s.prerequisites))
      out.push(`${s.name}的前提 ${pre(old.prerequisites)} → ${pre(s.prerequisites)}`)
    for (const task of s.tasks) {
      const was = old.tasks.find((x) => x.key === task.key)!
      if (was.name !== task.name) out.push(`任务「${was.name}」改名为「${task.name}」`)
      if (JSON.stringify(was.measure) !== JSON.stringify(task.measure)) out.push(`「${task.name}」的目标`)
    }
  }
  for (const l of LEVELS)
    if (before.targets[l] !== after.targets[l]) out.push(`${l}星目标 ${before.targets[l]} → ${after.targets[l]} 个村`)
  if (JSON.stringify(before.townshipTargets ?? {}) !== JSON.stringify(after.townshipTargets ?? {}))
    out.push(`各乡镇目标（县里下达的乡镇 ${Object.keys(after.townshipTargets ?? {}).length} 个，其余按村数折算）`)
  if (JSON.stringify(before.negativeList) !== JSON.stringify(after.negativeList))
    out.push(`负面清单（${before.negativeList.length} 项 → ${after.negativeList.length} 项）`)
  return out
}

/**
 * 县里修改某年的五星支部任务模板：任务名称和目标、每颗星的达标比例和前提星、负面清单、各星级目标村数。
 * 保存前列出改动请县里确认；该年已有村的星级经县里确认后只能查看。
 */
export default function StarsTemplatePage() {
  const { pageClass } = useLargeText()
  const canSave = canIn(useVillage())('stars.saveTemplate')
  const thisYear = Number(beijingMonth(Date.now()).slice(0, 4))
  const [year, setYear] = useState(thisYear)
  const loaded = useCall('stars', 'template', { year })
  const [values, setValues] = useState<Record<string, string>>({})
  const [message, setMessage] = useState('')
  const [prerequisites, setPrerequisites] = useState<Record<string, StarKey[]>>({})
  const [negative, setNegative] = useState<NegativeItem[]>([])
  const [pending, setPending] = useState<{ template: StarTemplate; changes: string[] } | null>(null)
  const t = loaded.data?.template as StarTemplate | undefined
  useEffect(() => {
    if (!t) return
    setValues(valuesOf(t))
    setPrerequisites(Object.fromEntries(t.stars.map((s) => [s.key, s.prerequisites])))
    setNegative(t.negativeList)
    setTownshipValues(
      Object.fromEntries(
        Object.entries(t.townshipTargets ?? {}).flatMap(([id, v]) => LEVELS.map((l) => [`${id}:${l}`, String(v[l])])),
      ),
    )
    setPending(null)
  }, [t])
  const locked = loaded.data?.locked ?? false
  const [townshipValues, setTownshipValues] = useState<Record<string, string>>({})
  const may = canIn(useVillage())
  const mayEdit = may('stars.saveTemplate') && !locked
  const review = () => {
    if (!t) return
    const applied = applyValues(t, values)
    if (typeof applied === 'string') return setMessage(applied)
    const items = negative.map((n) => ({ ...n, text: n.text.trim() }))
    const empty = items.find((n) => n.text.length < 2 || (n.vetoes !== VETO_ALL && n.vetoes.length === 0))
    if (empty) return setMessage('负面清单每一项都要写明事项（至少两个字），并选择否决哪颗星')
    const next: StarTemplate = {
      ...applied,
      stars: applied.stars.map((s) => ({ ...s, prerequisites: prerequisites[s.key] ?? s.prerequisites })),
      negativeList: items,
    }
    const handed = townshipTargetsFrom(townshipValues, applied.targets)
    if (typeof handed === 'string') return setMessage(handed)
    if (Object.keys(handed).length || t.townshipTargets) next.townshipTargets = handed
    const changes = changesOf(t, next)
    if (!changes.length) return setMessage('没有改动')
    setMessage('')
    setPending({ template: next, changes })
  }
  const save = async () => {
    if (!pending) return
    const r = await callFunction('stars', 'saveTemplate', { template: pending.template }, { requestId: newRequestId() })
    setPending(null)
    setMessage(r.ok ? `${r.data.year} 年模板已保存` : r.error.message)
    if (r.ok) loaded.reload()
  }
  const input = (key: string, label: string) => (
    <Input
      className="stars__input"
      aria-label={label}
      disabled={!mayEdit}
      value={values[key] ?? ''}
      onInput={(e) => setValues({ ...values, [key]: e.detail.value })}
    />
  )
  const chip = (label: string, on: boolean, toggle: () => void) => (
    <View
      key={label}
      className={on ? 'stars__chip stars__on' : 'stars__chip'}
      aria-checked={on}
      aria-label={label}
      onClick={mayEdit ? toggle : undefined}
    >
      <Text>{label.split('：').pop()}</Text>
    </View>
  )
  const setItem = (i: number, patch: Partial<NegativeItem>) =>
    setNegative(negative.map((n, j) => (j === i ? { ...n, ...patch } : n)))
  const nextKey = () => {
    const used = new Set(negative.map((n) => n.key))
    let i = negative.length + 1
    while (used.has(`n${i}`)) i++
    return `n${i}`
  }
  return (
    <View className={pageClass}>
      {loaded.error ? <ErrorNotice error={loaded.error} onRetry={loaded.reload} /> : null}
      <View className="card">
        <Text className="stars__title">{`${year} 年五星支部任务模板`}</Text>
        <View className="stars__actions">
          <Button
            size="mini"
            aria-checked={year === thisYear}
            onClick={() => setYear(thisYear)}
          >{`${thisYear} 年`}</Button>
          <Button
            size="mini"
            aria-checked={year === thisYear + 1}
            onClick={() => setYear(thisYear + 1)}
          >{`${thisYear + 1} 年`}</Button>
        </View>
        {t ? <Text className="stars__label">{t.isExample ? `示例模板：${t.label}` : t.label}</Text> : null}
        {!canSave ? (
          <Text className="stars__meta">县里定的任务和目标，各村按它创建</Text>
        ) : locked ? (
          <Text className="stars__meta stars__warn">这一年已有村的星级经县里确认，模板不能再改</Text>
        ) : (
          <Text className="stars__meta">按年份保存：改这一年的模板，不影响其他年份</Text>
        )}
        {message ? <Text className="stars__meta">{message}</Text> : null}
      </View>
      {t ? (
        <>
          <View className="card">
            <Text className="stars__line">各星级目标村数</Text>
            {LEVELS.map((l) => (
              <View key={l} className="stars__field">
                <Text className="stars__meta">{`${l}星`}</Text>
                {input(`level:${l}`, `${l}星目标村数`)}
              </View>
            ))}
          </View>
          {t.stars.map((s) => (
            <View key={s.key} className="card">
              <Text className="stars__line">{s.name}</Text>
              <View className="stars__field">
                <Text className="stars__meta">达标比例（%）</Text>
                {input(`pass:${s.key}`, `${s.name}达标比例`)}
              </View>
              <Text className="stars__meta">前提：先得到这些星，这颗星才算</Text>
              <View className="stars__chips">
                {t.stars
                  .filter((o) => o.key !== s.key)
                  .map((o) => {
                    const on = (prerequisites[s.key] ?? []).includes(o.key)
                    return chip(`${s.name}的前提：${o.name}`, on, () =>
                      setPrerequisites({
                        ...prerequisites,
                        [s.key]: on
                          ? (prerequisites[s.key] ?? []).filter((k) => k !== o.key)
                          : [...(prerequisites[s.key] ?? []), o.key],
                      }),
                    )
                  })}
              </View>
              {s.tasks.map((task) => (
                <View key={task.key} className="xz-row stars__item">
                  {input(`name:${task.key}`, `任务 ${task.key} 名称`)}
                  <Text className="stars__meta">{`${task.key}${task.measure.kind === 'reported' ? '（村填报，写明要提供的材料）' : task.measure.unit === 'share' ? `（目标 ${task.measure.op === '>=' ? '不低于' : '不高于'}，%）` : `（目标 ${task.measure.op === '>=' ? '不少于' : '不多于'}）`}`}</Text>
                  {input(`task:${task.key}`, `${task.name}目标`)}
                </View>
              ))}
            </View>
          ))}
          {may('org.listTownships') ? (
            <TownshipTargets
              county={t.targets}
              values={townshipValues}
              onChange={setTownshipValues}
              editable={mayEdit}
            />
          ) : null}
          <View className="card">
            <Text className="stars__line">负面清单（发生一项即否决相应的星或当年星级）</Text>
            {negative.map((n, i) => (
              <View key={n.key} className="xz-row stars__item">
                <Input
                  className="stars__input"
                  aria-label={`负面清单第 ${i + 1} 项`}
                  disabled={!mayEdit}
                  value={n.text}
                  onInput={(e) => setItem(i, { text: e.detail.value })}
                />
                <View className="stars__chips">
                  {chip(`第 ${i + 1} 项否决：全部星级`, n.vetoes === VETO_ALL, () =>
                    setItem(i, { vetoes: n.vetoes === VETO_ALL ? [] : VETO_ALL }),
                  )}
                  {t.stars.map((s) => {
                    const on = n.vetoes !== VETO_ALL && n.vetoes.includes(s.key)
                    return chip(`第 ${i + 1} 项否决：${s.name}`, on, () => {
                      const current = n.vetoes === VETO_ALL ? [] : n.vetoes
                      setItem(i, { vetoes: on ? current.filter((k) => k !== s.key) : [...current, s.key] })
                    })
                  })}
                </View>
                {mayEdit ? (
                  <Button size="mini" onClick={() => setNegative(negative.filter((_, j) => j !== i))}>
                    {`删除第 ${i + 1} 项`}
                  </Button>
                ) : null}
              </View>
            ))}
            {mayEdit && negative.length < 30 ? (
              <Button size="mini" onClick={() => setNegative([...negative, { key: nextKey(), text: '', vetoes: [] }])}>
                添加一项
              </Button>
            ) : null}
          </View>
          {pending ? (
            <View className="card">
              <Text className="stars__line stars__warn">{`确认保存 ${year} 年模板？以下改动会用于该年各村的测算：`}</Text>
              {pending.changes.map((c) => (
                <Text key={c} className="stars__meta">{`· ${c}`}</Text>
              ))}
              <Text className="stars__meta">该年有村的星级经县里确认后，模板就不能再改。</Text>
              <View className="stars__actions">
                <Button onClick={save}>确认保存</Button>
                <Button onClick={() => setPending(null)}>再改改</Button>
              </View>
            </View>
          ) : mayEdit ? (
            <View className="card">
              <Button onClick={review}>{`保存 ${year} 年模板`}</Button>
            </View>
          ) : null}
        </>
      ) : null}
    </View>
  )
}
