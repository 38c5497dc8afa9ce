import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { dateTimeLabel } from '@common/rules/human-text'
import type { Role } from '@common/roles'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import UnboundHelp from '@/components/UnboundHelp'
import { useLargeText } from '@/state/prefs'
import { useVillage } from '@/state/village'
import { cardBadges, homeCardsFor, unreadBadge, type HomeCard, type HomeSummary } from './cards'
import '../../state/large-text.css'
import './index.css'

export default function HomePage() {
  const { pageClass } = useLargeText()
  const view = useVillage()
  const ping = useCall('system', 'ping', {})
  const { bound, unit, villageId } = view
  const level = view.supervisor
    ? view.supervisor.roles.includes('county_organiser')
      ? 'county'
      : 'township'
    : 'village'
  const cards = homeCardsFor({
    bound,
    level: bound ? level : undefined,
    unitId: level === 'village' ? villageId : view.townshipId,
    roles: view.roles as Role[],
  })

  return (
    <View className={pageClass}>
      <View className="card">
        <Text className="home__title">{unit?.name ? `${unit.name}，您好` : '乡治 · 村级党建与治理'}</Text>
        {unit ? (
          <View>
            <Text className="home__unit">
              {unit.townshipName && unit.townshipName !== unit.unitName ? `${unit.townshipName} ` : ''}
              {unit.unitName}
            </Text>
          </View>
        ) : !bound && villageId ? (
          <ChosenVillageName villageId={villageId} />
        ) : null}
        <View>
          <Text className="home__status">
            {ping.data
              ? `服务已连接 · 北京时间 ${dateTimeLabel(ping.data.serverTime)}`
              : ping.loading
                ? '正在连接服务…'
                : '服务暂时无法连接'}
          </Text>
        </View>
      </View>
      {ping.error ? <ErrorNotice error={ping.error} onRetry={ping.reload} /> : null}
      {view.error && !view.whoami ? <ErrorNotice error={view.error} onRetry={view.reload} /> : null}
      {!bound && view.whoami ? <SetupCard /> : null}
      {!bound && !villageId && view.whoami ? (
        <View className="card xz-row" onClick={() => Taro.switchTab({ url: '/pages/me/index' })}>
          <Text>先到「我的」选择您所在的村，或用邀请码绑定身份 ›</Text>
        </View>
      ) : null}
      {bound && level === 'village' && villageId ? (
        <VillageCards villageId={villageId} cards={cards} />
      ) : (
        <>
          {bound ? <MessagesRow /> : null}
          <Cards cards={cards} />
        </>
      )}
      {!bound && view.whoami ? (
        <UnboundHelp villageId={villageId || undefined} title="想在手机上办村里的事？先绑定身份" />
      ) : null}
    </View>
  )
}

/** The cards of a person in their village, with the badges of one summary call (counts per card). */
function VillageCards({ villageId, cards }: { villageId: string; cards: HomeCard[] }) {
  const summary = useCall('system', 'summary', { villageId })
  return (
    <>
      <MessagesRow unread={summary.data?.unreadNotices} />
      <Cards cards={cards} summary={summary.data} />
    </>
  )
}

/** 我的消息: every bound person's notices, one tap from 首页. */
function MessagesRow({ unread }: { unread?: number }) {
  const badge = unreadBadge(unread)
  return (
    <View
      className="card xz-row home__messages"
      hoverClass="home__card--hover"
      onClick={() => Taro.navigateTo({ url: '/pages/messages/index' })}
    >
      <Text className="home__card-title">消息</Text>
      <View className="home__messages-end">
        {badge ? <Text className="home__badge">{badge}</Text> : null}
        <Text className="home__card-hint">›</Text>
      </View>
    </View>
  )
}

function Cards({ cards, summary }: { cards: HomeCard[]; summary?: HomeSummary }) {
  const badges = cardBadges(summary)
  return (
    <>
      <View className="section-title">今天要看的</View>
      {cards.map((c) => (
        <View
          key={c.key}
          className="card home__card"
          hoverClass="home__card--hover"
          onClick={() => Taro.navigateTo({ url: c.path })}
        >
          <View className="home__card-head">
            <Text className="home__card-title">{c.title}</Text>
            {badges[c.key] ? <Text className="home__badge">{badges[c.key]}</Text> : null}
          </View>
          <Text className="home__card-hint">{c.hint}</Text>
        </View>
      ))}
    </>
  )
}

/** A deployment with no county yet: the way to its one-time setup (org.needsSetup is public and cheap). */
function SetupCard() {
  const status = useCall('org', 'needsSetup', {})
  if (!status.data?.needed) return null
  return (
    <View
      className="card xz-row home__card"
      onClick={() => Taro.navigateTo({ url: '/packages/org/pages/setup/index' })}
    >
      <Text className="home__card-title">初始化本县 ›</Text>
      <Text className="home__card-hint">新部署的系统还没有县：持初始化码的县级管理员从这里开始</Text>
    </View>
  )
}

function ChosenVillageName({ villageId }: { villageId: string }) {
  const board = useCall('org', 'villageBoard', { villageId })
  if (!board.data) return null
  return (
    <View>
      <Text className="home__unit">
        {board.data.townshipName} {board.data.name}
      </Text>
    </View>
  )
}
