import { Text, View } from '@tarojs/components'

/** The filter tabs over a grid page's list (本村的诉求, 走访发现的需求, 乡镇/县里的诉求). */
export default function Tabs<K extends string>({
  tabs,
  value,
  onChange,
}: {
  tabs: readonly { key: K; title: string }[]
  value: K
  onChange: (key: K) => void
}) {
  return (
    <View className="grid__tabs">
      {tabs.map((t) => (
        <View
          key={t.key}
          className={`grid__tab${t.key === value ? ' grid__tab--on' : ''}`}
          aria-role="tab"
          onClick={() => onChange(t.key)}
        >
          <Text>{t.title}</Text>
        </View>
      ))}
    </View>
  )
}
