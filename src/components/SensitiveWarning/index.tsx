import { Text } from '@tarojs/components'
import { sensitiveWarning } from '@common/rules/disclosure'
import './index.css'

/**
 * Shown under a text field while the person types: the same rule the server masks with (common/rules/deidentify.ts
 * through disclosure.ts) finds ID, phone and bank numbers and addresses, and says they will be covered for others.
 */
export default function SensitiveWarning({ texts }: { texts: readonly string[] }) {
  const warning = sensitiveWarning(texts.filter(Boolean).join('\n'))
  if (!warning) return null
  return (
    <Text className="xz-sensitive" aria-role="status">
      {warning}
    </Text>
  )
}
