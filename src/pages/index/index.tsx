import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatBeijing } from '@common/rules/beijing-time'
import { useCall } from '../../api/useCall'
import ErrorNotice from '../../components/ErrorNotice'
import FeatureList from '../../components/FeatureList'
import { FEATURE_AREAS } from '../../features'

export default function HomePage() {
  const ping = useCall('system', 'ping', {})
  return (
    <View className='page'>
      <View className='card'>
        <Text className='home__title'>乡治 · 村级党建与治理</Text>
        <View>
          <Text className='home__status'>
            {ping.data
              ? `服务已连接 · 北京时间 ${formatBeijing(ping.data.serverTime)}`
              : ping.loading
                ? '正在连接服务…'
                : '服务暂时无法连接'}
          </Text>
        </View>
      </View>
      {ping.error ? <ErrorNotice error={ping.error} onRetry={ping.reload} /> : null}
      <View className='section-title'>常用服务</View>
      <FeatureList areas={FEATURE_AREAS.slice(0, 4)} onOpen={(area) => Taro.navigateTo({ url: area.path })} />
    </View>
  )
}
