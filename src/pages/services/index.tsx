import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import FeatureList from '../../components/FeatureList'
import { FEATURE_AREAS } from '../../features'

export default function ServicesPage() {
  return (
    <View className='page'>
      <FeatureList areas={FEATURE_AREAS} onOpen={(area) => Taro.navigateTo({ url: area.path })} />
    </View>
  )
}
