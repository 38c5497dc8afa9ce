import { View } from '@tarojs/components'
import EmptyState from '../../../../components/EmptyState'

export default function GridHomePage() {
  return (
    <View className='page'>
      <EmptyState title='党员联户' description='联户走访与群众诉求办理即将开放' />
    </View>
  )
}
