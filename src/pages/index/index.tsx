import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatBeijing } from '@common/rules/beijing-time'
import type { Role } from '@common/roles'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import { useLargeText, useStoredString, VILLAGE_KEY } from '@/state/prefs'
import { homeCardsFor } from './cards'
import '../../state/large-text.css'
import './index.css'

export default function HomePage() {
  const { pageClass } = useLargeText()
  const [villageId] = useStoredString(VILLAGE_KEY)
  const ping = useCall('system', 'ping', {})
  const me = useCall('system', 'whoami', {})
  const bound = Boolean(me.data?.bound)
  const profile = useCall('account', 'myProfile', {})
  const memberships = bound ? (profile.data?.memberships ?? []) : []
  const current = memberships.find((m) => m.unitId === villageId) ?? memberships[0]
  const cards = homeCardsFor({
    bound,
    level: current?.level,
    unitId: current?.unitId,
    roles: (current?.roles ?? []) as Role[],
  })

  return (
    <View className={pageClass}>
      <View className="card">
        <Text className="home__title">{current?.name ? `${current.name}，您好` : '乡治 · 村级党建与治理'}</Text>
        {current ? (
          <View>
            <Text className="home__unit">
              {current.townshipName && current.townshipName !== current.unitName ? `${current.townshipName} ` : ''}
              {current.unitName}
            </Text>
          </View>
        ) : null}
        <View>
          <Text className="home__status">
            {ping.data
              ? `服务已连接 · 北京时间 ${formatBeijing(ping.data.serverTime)}`
              : ping.loading
                ? '正在连接服务…'
                : '服务暂时无法连接'}
          </Text>
        </View>
      </View>
      {ping.error ? <ErrorNotice error={ping.error} onRetry={ping.reload} /> : null}
      {!bound && !villageId && me.data ? (
        <View className="card xz-row" onClick={() => Taro.switchTab({ url: '/pages/me/index' })}>
          <Text>先到「我的」选择您所在的村，或用邀请码绑定身份 ›</Text>
        </View>
      ) : null}
      <View className="section-title">今天要看的</View>
      {cards.map((c) => (
        <View
          key={c.key}
          className="card home__card"
          hoverClass="home__card--hover"
          onClick={() => Taro.navigateTo({ url: c.path })}
        >
          <Text className="home__card-title">{c.title}</Text>
          <Text className="home__card-hint">{c.hint}</Text>
        </View>
      ))}
    </View>
  )
}
