import { Text, View } from '@tarojs/components'
import type { EmptyStateProps } from './types'
import './index.css'

export type { EmptyStateProps }

export default function EmptyState({ title, description }: EmptyStateProps) {
  return (
    <View className="xz-empty" aria-role="status">
      <Text className="xz-empty__title">{title}</Text>
      {description ? <Text className="xz-empty__description">{description}</Text> : null}
    </View>
  )
}
