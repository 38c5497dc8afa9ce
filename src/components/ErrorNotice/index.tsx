import { Text, View } from '@tarojs/components'
import { useVillage } from '@/state/village'
import Button from '../Button'
import UnboundHelp from '../UnboundHelp'
import type { ErrorNoticeProps } from './types'
import './index.css'

export type { ErrorNoticeProps }

/** "请先绑定身份" is never a dead end: the visitor sees their village's duty phone and how to get an invitation. */
function NotBound({ message }: { message: string }) {
  const view = useVillage()
  return (
    <View aria-role="alert">
      <View className="xz-error">
        <Text className="xz-error__message">{message}</Text>
      </View>
      <UnboundHelp villageId={view.villageId || undefined} />
    </View>
  )
}

export default function ErrorNotice({ error, onRetry }: ErrorNoticeProps) {
  if (error.code === 'UNAUTHENTICATED') return <NotBound message={error.message} />
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
