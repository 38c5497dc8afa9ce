import { View } from '@tarojs/components'
import EmptyState from '../../../../components/EmptyState'

export default function CouncilHomePage() {
  return (
    <View className='page'>
      <EmptyState title='红白理事会' description='婚丧事宜报备与节约台账即将开放' />
    </View>
  )
}
