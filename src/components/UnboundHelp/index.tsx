import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCall } from '@/api/useCall'
import Button from '../Button'
import './index.css'

/** How a visitor gets an invitation, in the order they do it. */
export const INVITATION_STEPS = [
  '带上身份证（或户口本），到村党群服务中心，或找本村的支部书记、村委委员、网格员。',
  '村干部在花名册里找到您，为您生成一个 10 位的邀请码（也可以是小程序码）。',
  '在「我的」里输入邀请码，或用微信扫一扫小程序码，就绑定好了。',
] as const

/** Tap-to-call: the phone's dialer with the number filled in (the person confirms the call there). */
export function callPhone(phoneNumber: string): void {
  Taro.makePhoneCall({ phoneNumber }).catch(() => undefined)
}

function DutyPhone({ villageId }: { villageId: string }) {
  const board = useCall('org', 'villageBoard', { villageId })
  if (board.error)
    return (
      <View className="xz-unbound__phone">
        <Text className="xz-unbound__hint">{board.error.message}</Text>
        <Button size="mini" onClick={board.reload}>
          重试
        </Button>
      </View>
    )
  if (!board.data) return <Text className="xz-unbound__hint">正在读取村里的值班电话…</Text>
  const { serviceCentre } = board.data
  return (
    <View className="xz-unbound__phone">
      <Text className="xz-unbound__line">
        {board.data.name} · {serviceCentre.name}
      </Text>
      {serviceCentre.address ? <Text className="xz-unbound__hint">{serviceCentre.address}</Text> : null}
      {serviceCentre.phone ? (
        <Button type="primary" onClick={() => callPhone(serviceCentre.phone)}>
          拨打值班电话 {serviceCentre.phone}
        </Button>
      ) : (
        <Text className="xz-unbound__hint">村里还没有登记值班电话，请直接到党群服务中心。</Text>
      )}
    </View>
  )
}

export interface UnboundHelpProps {
  /** The village the visitor chose (its duty phone is shown); none yet: they are told to choose it in 我的. */
  villageId?: string
  /** Show the button that leads to 我的's invitation code form (not on 我的 itself, where the form is). */
  showEnterCode?: boolean
  /** Show the village's duty phone (not where the page shows it already). */
  showPhone?: boolean
  title?: string
}

/**
 * What an unbound visitor can do instead of a dead end: call the village's duty phone, learn how to get an
 * invitation, and enter the code.
 */
export default function UnboundHelp({
  villageId,
  showEnterCode = true,
  showPhone = true,
  title = '这里要先绑定身份才能使用',
}: UnboundHelpProps) {
  return (
    <View className="card xz-unbound" aria-role="region" aria-label="怎样绑定身份">
      <Text className="xz-unbound__title">{title}</Text>
      {!showPhone ? null : villageId ? (
        <DutyPhone villageId={villageId} />
      ) : (
        <Text className="xz-unbound__hint">在「我的」里先选择您所在的村，就能看到村里的值班电话。</Text>
      )}
      <Text className="xz-unbound__line">怎样拿到邀请码：</Text>
      {INVITATION_STEPS.map((step, i) => (
        <Text key={step} className="xz-unbound__step">
          {i + 1}. {step}
        </Text>
      ))}
      {showEnterCode ? (
        <Button onClick={() => Taro.switchTab({ url: '/pages/me/index' })}>我有邀请码，去输入</Button>
      ) : null}
    </View>
  )
}
