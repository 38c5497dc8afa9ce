import { View } from '@tarojs/components'
import EmptyState from '../../../../components/EmptyState'

export default function DeliberationHomePage() {
  return (
    <View className='page'>
      <EmptyState title='四议两公开' description='议题六步流程与线上表决即将开放' />
    </View>
  )
}
