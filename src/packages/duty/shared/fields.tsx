import { Picker, Text, View } from '@tarojs/components'
import { dateLabel } from '@common/rules/human-text'

/**
 * Times and dates in duty forms are picked, never typed: Taro's Picker (mode time / date) opens the phone's own
 * wheel, so a value is always well-formed (HH:mm, YYYY-MM-DD) and nobody has to know the format.
 */
export function TimeField({
  label,
  value,
  onChange,
}: {
  label: string
  value: string
  onChange: (hhmm: string) => void
}) {
  return (
    <View>
      <Text className="xz-label">{label}</Text>
      <Picker mode="time" value={value} aria-label={label} onChange={(e) => onChange(String(e.detail.value))}>
        <View className="duty__input duty__picker">{value || '请选择'}</View>
      </Picker>
    </View>
  )
}

export function DateField({
  label,
  value,
  start,
  end,
  onChange,
}: {
  label: string
  value: string
  start?: string
  end?: string
  onChange: (date: string) => void
}) {
  return (
    <View>
      <Text className="xz-label">{label}</Text>
      <Picker
        mode="date"
        value={value}
        start={start}
        end={end}
        aria-label={label}
        onChange={(e) => onChange(String(e.detail.value))}
      >
        <View className="duty__input duty__picker">{value ? dateLabel(value) : '请选择'}</View>
      </Picker>
    </View>
  )
}
