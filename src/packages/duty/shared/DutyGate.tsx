import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'

/**
 * The duty pages' first screen: 正在读取… while the caller's village and roles load, then either the page or, when
 * `refusal` is given (no village, or a role that may not use the page), that instead.
 */
export function DutyGate({
  pageClass,
  loading,
  refusal,
  children,
}: {
  pageClass: string
  loading: boolean
  refusal?: ReactNode
  children: ReactNode
}) {
  return (
    <View className={pageClass}>{loading ? <Text className="duty__hint">正在读取…</Text> : (refusal ?? children)}</View>
  )
}
