import { View } from '@tarojs/components'
import EmptyState from '../../../../components/EmptyState'

export default function DutyHomePage() {
  return (
    <View className='page'>
      <EmptyState title='值班坐班' description='值班表与值班服务日志即将开放' />
    </View>
  )
}
