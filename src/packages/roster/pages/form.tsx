/** Small pieces the roster's edit pages share: a labelled input and a row of choices. */
import { Input, Text, View } from '@tarojs/components'

export function Field({
  label,
  value,
  onChange,
  type,
  placeholder,
}: {
  label: string
  value: string
  onChange: (v: string) => void
  type?: 'number' | 'text'
  placeholder?: string
}) {
  return (
    <View>
      <Text className="xz-label">{label}</Text>
      <Input
        className="roster__input"
        aria-label={label}
        type={type}
        value={value}
        placeholder={placeholder ?? label}
        onInput={(e) => onChange(e.detail.value)}
      />
    </View>
  )
}

export function Choices<K extends string>({
  options,
  value,
  onChange,
}: {
  options: { key: K; title: string }[]
  value: K
  onChange: (k: K) => void
}) {
  return (
    <View className="roster__choices">
      {options.map((o) => (
        <View
          key={o.key}
          className={`roster__choice${o.key === value ? ' roster__choice--on' : ''}`}
          aria-role="radio"
          aria-checked={o.key === value}
          onClick={() => onChange(o.key)}
        >
          <Text>{o.title}</Text>
        </View>
      ))}
    </View>
  )
}
