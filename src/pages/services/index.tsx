import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import FeatureList from '@/components/FeatureList'
import { FEATURE_AREAS } from '@/features'
import { useLargeText } from '@/state/prefs'
import '../../state/large-text.css'

export default function ServicesPage() {
  const { pageClass } = useLargeText()
  return (
    <View className={pageClass}>
      <FeatureList areas={FEATURE_AREAS} onOpen={(area) => Taro.navigateTo({ url: area.path })} />
    </View>
  )
}
