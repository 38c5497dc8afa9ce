import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'

/** Dials a number with the phone's own dialler (WeChat asks the person first); cancelling is not an error. */
export async function dial(phoneNumber: string): Promise<boolean> {
  try {
    await Taro.makePhoneCall({ phoneNumber: phoneNumber.replace(/[^\d+]/g, '') })
    return true
  } catch {
    return false
  }
}

/** The duty phone as people expect it on a phone: the number, tapped to call. */
export default function PhoneCall({ phone, label = '值班电话' }: { phone: string; label?: string }) {
  return (
    <View
      className="duty__call"
      aria-role="button"
      aria-label={`拨打${label} ${phone}`}
      hoverClass="duty__call--on"
      onClick={() => dial(phone)}
    >
      <Text className="duty__phone">
        {label} {phone}
      </Text>
      <Text className="duty__call-act">拨打</Text>
    </View>
  )
}
