import { Text, View } from '@tarojs/components'
import type { FeatureListProps } from './types'
import './index.css'

export type { FeatureListProps }

export default function FeatureList({ areas, onOpen }: FeatureListProps) {
  return (
    <View className="xz-features">
      {areas.map((area) => (
        <View
          key={area.key}
          className="xz-features__item"
          hoverClass="xz-features__item--hover"
          onClick={() => onOpen(area)}
        >
          <Text className="xz-features__title">{area.title}</Text>
          <Text className="xz-features__description">{area.description}</Text>
        </View>
      ))}
    </View>
  )
}
