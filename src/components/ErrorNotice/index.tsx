import { Text, View } from '@tarojs/components'
import Button from '../Button'
import type { ErrorNoticeProps } from './types'
import './index.css'

export type { ErrorNoticeProps }

export default function ErrorNotice({ error, onRetry }: ErrorNoticeProps) {
  return (
    <View className="xz-error" aria-role="alert">
      <Text className="xz-error__message">{error.message}</Text>
      {error.retryable && onRetry ? (
        <Button className="xz-error__retry" size="mini" onClick={onRetry}>
          重试
        </Button>
      ) : null}
    </View>
  )
}
