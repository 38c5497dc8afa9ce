import { View } from '@tarojs/components'
import EmptyState from '../../../../components/EmptyState'

export default function StarsHomePage() {
  return (
    <View className='page'>
      <EmptyState title='五星支部' description='创建任务与月度比对即将开放' />
    </View>
  )
}
