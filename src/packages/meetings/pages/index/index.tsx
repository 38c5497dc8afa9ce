import { View } from '@tarojs/components'
import EmptyState from '../../../../components/EmptyState'

export default function MeetingsHomePage() {
  return (
    <View className='page'>
      <EmptyState title='三会一课' description='会议安排、签到与会议记录即将开放' />
    </View>
  )
}
