import { Button, Input, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { beijingMonth } from '@common/rules/beijing-time'
import type { StarTemplate } from '@common/rules/stars-template'
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
    for (const task of s.tasks) {
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

/**
 * 县里修改某年的五星支部任务模板：每项任务的目标、每颗星的达标比例、各星级目标村数。Villages and townships read the
 * same page without the inputs (only the county may save it).
 */
export default function StarsTemplatePage() {
  const { pageClass } = useLargeText()
  const canSave = canIn(useVillage())('stars.saveTemplate')
  const thisYear = Number(beijingMonth(Date.now()).slice(0, 4))
  const [year, setYear] = useState(thisYear)
  const loaded = useCall('stars', 'template', { year })
  const [values, setValues] = useState<Record<string, string>>({})
  const [message, setMessage] = useState('')
  const t = loaded.data?.template as StarTemplate | undefined
  useEffect(() => {
    if (t) setValues(valuesOf(t))
  }, [t])
  const locked = loaded.data?.locked ?? false
  const save = async () => {
    if (!t) return
    const next = applyValues(t, values)
    if (typeof next === 'string') return setMessage(next)
    const r = await callFunction('stars', 'saveTemplate', { template: next }, { requestId: newRequestId() })
    setMessage(r.ok ? `${r.data.year} 年模板已保存` : r.error.message)
    if (r.ok) loaded.reload()
  }
  const input = (key: string, label: string) =>
    canSave ? (
      <Input
        className="stars__input"
        aria-label={label}
        value={values[key] ?? ''}
        onInput={(e) => setValues({ ...values, [key]: e.detail.value })}
      />
    ) : (
      <Text className="stars__meta">{values[key] ?? ''}</Text>
    )
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
              {s.tasks.map((task) => (
                <View key={task.key} className="xz-row stars__item">
                  <Text className="stars__meta">{`${task.key} ${task.name}${task.measure.kind === 'reported' ? '（村填报，写明要提供的材料）' : task.measure.unit === 'share' ? `（目标 ${task.measure.op === '>=' ? '不低于' : '不高于'}，%）` : `（目标 ${task.measure.op === '>=' ? '不少于' : '不多于'}）`}`}</Text>
                  {input(`task:${task.key}`, `${task.name}目标`)}
                </View>
              ))}
            </View>
          ))}
          {locked || !canSave ? null : (
            <View className="card">
              <Button onClick={save}>{`保存 ${year} 年模板`}</Button>
            </View>
          )}
        </>
      ) : null}
    </View>
  )
}
