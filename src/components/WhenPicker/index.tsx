import { Picker, Text, View } from '@tarojs/components'
import { dateLabel } from '@common/rules/human-text'
import './index.css'

export interface WhenPickerProps {
  mode: 'date' | 'time'
  /** `YYYY-MM-DD` (date) or `HH:mm` (time), Beijing wall clock. */
  value: string
  onChange: (value: string) => void
  /** The field's name, shown above it and used as its accessible name. */
  label: string
  /** Earliest / latest choice, same format as value. */
  start?: string
  end?: string
}

/** What the person sees: "12月24日（周四）" for a date, "09:00" for a time; never the ISO form. */
export function shownWhen(mode: 'date' | 'time', value: string): string {
  if (!value) return '请选择'
  if (mode === 'time') return value
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? dateLabel(`${value}T12:00:00+08:00`, { year: true }) : '请选择'
}

/**
 * A date or a time chosen with the system picker (Taro Picker, mode date/time) instead of being typed: one tap opens
 * the wheel, the chosen value shows in plain words.
 */
export default function WhenPicker({ mode, value, onChange, label, start, end }: WhenPickerProps) {
  return (
    <View className="when">
      <Text className="when__label">{label}</Text>
      <Picker
        mode={mode}
        value={value}
        start={start}
        end={end}
        onChange={(e) => onChange(String(e.detail.value))}
        aria-label={label}
      >
        <View className="when__field" aria-role="button">
          <Text className="when__value">{shownWhen(mode, value)}</Text>
          <Text className="when__change">更改</Text>
        </View>
      </Picker>
    </View>
  )
}
