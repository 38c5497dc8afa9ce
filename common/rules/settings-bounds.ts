/**
 * A setting's bounds in plain words for the settings pages: the range a county or village may choose, the legal
 * floor or ceiling with where it comes from, and what the smallest value means in practice. Read from the setting
 * definitions (common/rules/settings.ts), so a setting added there is explained here without a change. Pure.
 */
import { ROLE_LABELS, type Role } from '../roles'
import { formatFraction, type SettingDef } from './settings'

/** What a value of 0 means for a notice or reminder setting, where 0 is allowed. */
function zeroMeaning(def: SettingDef): string | null {
  if (def.kind !== 'int' || def.min !== 0) return null
  if (/Notice/.test(def.key)) return '设为 0 天即不必提前，送达当天就可以召开、表决'
  return null
}

/** The lines that explain what may be set, strongest rule first. */
export function boundsText(def: SettingDef): string[] {
  const lines: string[] = []
  switch (def.kind) {
    case 'int': {
      const s = def.statutory
      if (s?.min !== undefined) lines.push(`法定不少于 ${s.min}${def.unit}：${s.source}`)
      if (s?.max !== undefined) lines.push(`法定不超过 ${s.max}${def.unit}：${s.source}`)
      lines.push(def.min === def.max ? `只能是 ${def.min}${def.unit}` : `可设 ${def.min} 至 ${def.max}${def.unit}`)
      const zero = zeroMeaning(def)
      if (zero) lines.push(zero)
      break
    }
    case 'fraction': {
      const min = def.statutory?.min
      if (min && def.statutory)
        lines.push(
          `法定不低于${formatFraction(min) === '半数' ? '过半数' : ` ${formatFraction(min)}`}：${def.statutory.source}`,
        )
      lines.push('填写分数，如 2/3')
      break
    }
    case 'intList':
      if (def.statutory) lines.push(`每个提醒须早于第 ${def.statutory.below} 个月：${def.statutory.source}`)
      lines.push(`可设 ${def.min} 至 ${def.max}${def.unit}，最多 ${def.maxItems} 个，用顿号隔开`)
      break
    case 'dateList':
      lines.push(`最多 ${def.maxItems} 天`)
      break
    case 'roleList':
      lines.push(
        `必须包含${def.required.roles.map((r) => ROLE_LABELS[r as Role] ?? r).join('、')}：${def.required.source}`,
      )
      break
  }
  if (def.help) lines.push(def.help)
  return lines
}

/** A typed value (an int, a fraction "2/3", a list "3、5") as the setting's value, or a message. */
export function parseSettingInput(def: SettingDef, typed: string): { value: unknown } | { error: string } {
  const t = typed.trim()
  if (def.kind === 'int') {
    if (!/^\d{1,7}$/.test(t)) return { error: '请填写整数' }
    return { value: Number(t) }
  }
  if (def.kind === 'fraction') {
    const m = /^(\d{1,3})\s*[/／]\s*(\d{1,3})$/.exec(t)
    if (!m) return { error: '请填写分数，如 2/3' }
    return { value: { num: Number(m[1]), den: Number(m[2]) } }
  }
  if (def.kind === 'intList') {
    const parts = t.split(/[、,，\s]+/).filter(Boolean)
    if (!parts.length || !parts.every((p) => /^\d{1,3}$/.test(p))) return { error: '请填写整数，用顿号隔开，如 3、5' }
    return { value: parts.map(Number) }
  }
  return { error: '这一项在本页不能修改' }
}

/** The value as the input shows it for editing (the inverse of parseSettingInput). */
export function settingInputText(def: SettingDef, value: unknown): string {
  if (def.kind === 'fraction') {
    const f = value as { num: number; den: number }
    return `${f.num}/${f.den}`
  }
  if (def.kind === 'intList') return (value as number[]).join('、')
  return String(value)
}

/** Whether the settings pages can edit this kind of setting (lists of dates and roles are shown, not edited). */
export const editableOnPage = (def: SettingDef): boolean =>
  def.kind === 'int' || def.kind === 'fraction' || def.kind === 'intList'
