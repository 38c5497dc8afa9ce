/**
 * 规则设置: every setting of common/rules/settings.ts, by group, with its value, where the value comes from (default,
 * the county, this village) and its bounds in plain words (common/rules/settings-bounds.ts). A village's page
 * (`?villageId=`, from the village page) lets whoever the contract allows change the settings marked local and put
 * them back to the county's; the county's page (`?level=county`, from the county view) changes the county's values.
 * Generic over the definitions: a setting added there appears here by itself.
 */
import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import { SETTING_DEFS, SETTING_GROUPS, describeValue, type SettingDef, type SettingKey } from '@common/rules/settings'
import { boundsText, editableOnPage, parseSettingInput, settingInputText } from '@common/rules/settings-bounds'
import { callFunction, type CallInput } from '@/api/client'
import { useCall } from '@/api/useCall'
import Button from '@/components/Button'
import ErrorNotice from '@/components/ErrorNotice'
import { VillageNeeded } from '@/components/VillagePicker'
import { canIn } from '@/state/access'
import { useLargeText, usePageParams } from '@/state/prefs'
import { useVillage } from '@/state/village'
import '../../../../state/large-text.css'
import '../org.css'

interface Loaded {
  effective: Record<string, unknown>
  county: Record<string, unknown>
  overrides?: Record<string, unknown>
}
type CountyPatch = CallInput<'org', 'updateCountySettings'>['settings']
type VillagePatch = CallInput<'org', 'updateVillageSettings'>['overrides']

export default function SettingsPage() {
  const { pageClass } = useLargeText()
  const params = usePageParams()
  const view = useVillage()
  if (params.level === 'county')
    return (
      <View className={pageClass}>
        <CountySettings />
      </View>
    )
  if (!view.villageId)
    return (
      <View className={pageClass}>
        <VillageNeeded view={view} />
      </View>
    )
  return (
    <View className={pageClass}>
      <VillageSettings villageId={view.villageId} editable={canIn(view)('org.updateVillageSettings')} />
    </View>
  )
}

function CountySettings() {
  const state = useCall('org', 'getCountySettings', {})
  const [data, setData] = useState<Loaded>()
  const shown = data ?? state.data
  async function save(key: SettingKey, value: unknown) {
    const result = await callFunction('org', 'updateCountySettings', { settings: { [key]: value } as CountyPatch })
    if (result.ok) setData(result.data)
    return result.ok ? undefined : result.error
  }
  if (!shown) return state.error ? <ErrorNotice error={state.error} onRetry={state.reload} /> : <Loading />
  return (
    <View>
      <View className="card">
        <Text className="org__title">全县规则设置</Text>
        <Text className="org__summary">各村都按这些设置办理；标明“村里可调整”的项目，各村可在法定范围内另定。</Text>
      </View>
      <Groups loaded={shown} level="county" editable={() => true} onSave={save} />
    </View>
  )
}

function VillageSettings({ villageId, editable }: { villageId: string; editable: boolean }) {
  const state = useCall('org', 'getSettings', { villageId })
  const [data, setData] = useState<Loaded>()
  const shown = data ?? state.data
  async function save(key: SettingKey, value: unknown) {
    const result = await callFunction('org', 'updateVillageSettings', {
      villageId,
      overrides: { [key]: value } as VillagePatch,
    })
    if (result.ok) setData({ ...result.data, county: shown?.county ?? {} })
    return result.ok ? undefined : result.error
  }
  if (!shown) return state.error ? <ErrorNotice error={state.error} onRetry={state.reload} /> : <Loading />
  return (
    <View>
      <View className="card">
        <Text className="org__title">本村规则设置</Text>
        <Text className="org__summary">
          标明“村里可调整”的项目本村可在法定范围内另定，其余由县里统一设置；改后立即生效。
        </Text>
      </View>
      <Groups loaded={shown} level="village" editable={(d) => editable && d.local} onSave={save} />
    </View>
  )
}

function Loading() {
  return (
    <View className="card">
      <Text>正在读取规则设置…</Text>
    </View>
  )
}

type Save = (key: SettingKey, value: unknown) => Promise<ErrorBody | undefined>

function Groups({
  loaded,
  level,
  editable,
  onSave,
}: {
  loaded: Loaded
  level: 'county' | 'village'
  editable: (d: SettingDef) => boolean
  onSave: Save
}) {
  return (
    <View>
      {SETTING_GROUPS.map((group) => {
        const defs = SETTING_DEFS.filter((d) => d.group === group)
        if (defs.length === 0) return null
        return (
          <View key={group} className="card">
            <Text className="org__name">{group}</Text>
            {defs.map((d) => (
              <SettingRow
                key={d.key}
                def={d}
                loaded={loaded}
                level={level}
                editable={editable(d) && editableOnPage(d)}
                onSave={onSave}
              />
            ))}
          </View>
        )
      })}
    </View>
  )
}

/** Where the value in force comes from, in words. */
function sourceText(def: SettingDef, loaded: Loaded, level: 'county' | 'village'): string {
  if (level === 'village' && loaded.overrides?.[def.key] !== undefined) return '本村调整'
  if (loaded.county[def.key] !== undefined) return '县里设置'
  return '默认'
}

function SettingRow({
  def,
  loaded,
  level,
  editable,
  onSave,
}: {
  def: SettingDef
  loaded: Loaded
  level: 'county' | 'village'
  editable: boolean
  onSave: Save
}) {
  const value = loaded.effective[def.key]
  const [editing, setEditing] = useState(false)
  const [typed, setTyped] = useState('')
  const [error, setError] = useState<ErrorBody>()
  const [sending, setSending] = useState(false)
  const overridden = level === 'village' && loaded.overrides?.[def.key] !== undefined

  async function send(next: unknown) {
    if (sending) return
    setSending(true)
    setError(undefined)
    const problem = await onSave(def.key as SettingKey, next)
    setSending(false)
    if (problem) return setError(problem)
    setEditing(false)
  }
  function save() {
    const parsed = parseSettingInput(def, typed)
    if ('error' in parsed) return setError({ code: 'INVALID_ARGUMENT', message: parsed.error })
    void send(parsed.value)
  }

  return (
    <View className="org__item org__setting">
      <View className="org__body">
        <Text className="org__label">{def.label}</Text>
        <Text className="org__meta">
          {`现在：${value === undefined ? '—' : describeValue(def, value)}（${sourceText(def, loaded, level)}）`}
          {def.local ? ' · 村里可调整' : ''}
        </Text>
        {boundsText(def).map((line) => (
          <Text key={line} className="org__hint">
            {line}
          </Text>
        ))}
        {editing ? (
          <View className="org__form">
            <Input
              className="org__input"
              aria-label={def.label}
              value={typed}
              type={def.kind === 'int' ? 'number' : 'text'}
              onInput={(e) => setTyped(e.detail.value)}
            />
            {error ? <ErrorNotice error={error} /> : null}
            <Button type="primary" loading={sending} disabled={sending} onClick={save}>
              保存
            </Button>
            <Button onClick={() => setEditing(false)}>取消</Button>
          </View>
        ) : null}
        {!editing && editable ? (
          <View className="org__filters">
            <Button
              size="mini"
              onClick={() => {
                setTyped(value === undefined ? '' : settingInputText(def, value))
                setError(undefined)
                setEditing(true)
              }}
            >
              修改
            </Button>
            {overridden ? (
              <Button size="mini" disabled={sending} onClick={() => send(null)}>
                恢复县里的设置
              </Button>
            ) : null}
          </View>
        ) : null}
        {!editing && error ? <ErrorNotice error={error} /> : null}
      </View>
    </View>
  )
}
