import { Text, View } from '@tarojs/components'
import { dateLabel } from '@common/rules/human-text'
import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import { useRef } from 'react'
import Button from '@/components/Button'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import { VillageNeeded } from '@/components/VillagePicker'
import { useLargeText } from '@/state/prefs'
import PhoneCall from '@/packages/duty/shared/PhoneCall'
import { hhmm, useDutyVillage } from '@/packages/duty/shared/useDutyVillage'
import '../../../../state/large-text.css'
import '../../shared/duty.css'

const go = (page: string, villageId: string) =>
  Taro.navigateTo({ url: `/packages/duty/pages/${page}/index?villageId=${villageId}` })

/** 值班坐班 home: the public board (anyone who chose the village), and for cadres the duty tasks. */
export default function DutyHomePage() {
  const { pageClass } = useLargeText()
  const { villageId, isCadre, isPlanner, canReadRoster, loading, view } = useDutyVillage()
  if (loading)
    return (
      <View className={pageClass}>
        <Text className="duty__hint">正在读取…</Text>
      </View>
    )
  const overview = view.supervisor ? (
    <View className="card duty__links">
      <Button onClick={() => Taro.navigateTo({ url: '/packages/duty/pages/township/index' })}>各村值班情况</Button>
    </View>
  ) : null
  if (!villageId) {
    return (
      <View className={pageClass}>
        {overview}
        <VillageNeeded view={view} description="选好村以后，这里会显示今天谁在党群服务中心值班" />
      </View>
    )
  }
  return (
    <View className={pageClass}>
      {overview}
      <Board villageId={villageId} />
      {isCadre ? (
        <View className="card duty__links">
          <Button type="primary" onClick={() => go('checkin', villageId)}>
            签到 / 签退
          </Button>
          <Button onClick={() => go('log', villageId)}>值班服务日志</Button>
          <Button onClick={() => go('roster', villageId)}>
            {isPlanner ? '排班与本月值班情况' : '值班表与本月值班情况'}
          </Button>
          <Button onClick={() => go('swap', villageId)}>{isPlanner ? '换班（申请与批准）' : '申请换班'}</Button>
          {isPlanner ? <Button onClick={() => go('centre', villageId)}>值班屏（在服务中心的设备上打开）</Button> : null}
          {isPlanner ? <Button onClick={() => go('screens', villageId)}>值班屏设备（停用丢失的屏）</Button> : null}
        </View>
      ) : canReadRoster ? (
        <View className="card duty__links">
          <Button onClick={() => go('roster', villageId)}>值班表与本月值班情况</Button>
        </View>
      ) : null}
    </View>
  )
}

/** The schedule's marks, from the same records as 现在在岗 (the server's `status`), so the two never disagree. */
const BOARD_STATUS = { on_duty: '· 在岗', left: '· 已签退', not_in: '' } as const

export function Board({ villageId }: { villageId: string }) {
  const board = useCall('duty', 'board', { villageId })
  // Coming back from 签到 (or after a while): read the board again, so the page never shows who was on duty earlier.
  const hidden = useRef(false)
  useDidHide(() => {
    hidden.current = true
  })
  useDidShow(() => {
    if (hidden.current) board.reload()
    hidden.current = false
  })
  if (board.error && !board.data) return <ErrorNotice error={board.error} onRetry={board.reload} />
  if (!board.data)
    return (
      <View className="card">
        <Text className="duty__hint">正在读取值班信息…</Text>
      </View>
    )
  const b = board.data
  return (
    <View className="card" aria-label="值班公示">
      <Text className="duty__title">{b.serviceCentre.name || `${b.villageName}党群服务中心`}</Text>
      {b.serviceCentre.address ? <Text className="duty__hint">{b.serviceCentre.address}</Text> : null}
      {b.serviceCentre.phone ? <PhoneCall phone={b.serviceCentre.phone} /> : null}
      <Text className="duty__line">现在在岗：</Text>
      {b.onDutyNow.length ? (
        b.onDutyNow.map((p) => (
          <Text key={p.name + p.since} className="duty__big">
            {p.name}（{hhmm(p.since)} 起）
          </Text>
        ))
      ) : (
        <Text className="duty__warn">现在没有干部签到在岗，有事请打值班电话</Text>
      )}
      <Text className="duty__line">今天（{dateLabel(b.date)}）值班安排：</Text>
      {b.today.length ? (
        b.today.map((s) => (
          <View key={s.name + s.start} className="xz-row">
            <Text>{s.name}</Text>
            <Text>
              {s.start}–{s.end} {BOARD_STATUS[s.status]}
            </Text>
          </View>
        ))
      ) : (
        <Text className="duty__hint">今天还没有排班</Text>
      )}
    </View>
  )
}
