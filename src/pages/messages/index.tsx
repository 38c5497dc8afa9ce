import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { dateTimeLabel } from '@common/rules/human-text'
import { callFunction } from '@/api/client'
import { useCall } from '@/api/useCall'
import Button from '@/components/Button'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { useLargeText } from '@/state/prefs'
import '../../state/large-text.css'
import './index.css'

const TAB_PAGES = ['pages/index/index', 'pages/services/index', 'pages/me/index']

/** Opens what a notice is about: its page inside the app (a tab page by switchTab, which takes no query). */
export function openNoticePage(page: string): void {
  const path = page.replace(/^\/+/, '')
  const route = path.split('?')[0]!
  if (TAB_PAGES.includes(route)) void Taro.switchTab({ url: `/${route}` })
  else void Taro.navigateTo({ url: `/${path}` })
}

/** 我的消息: notices sent to me (meetings, votes, requests, filings, binding changes), newest first. */
export default function MessagesPage() {
  const { pageClass } = useLargeText()
  const list = useCall('account', 'myNotices', { limit: 30 })
  // Read locally at once (the tap opens the page without waiting); the server is told in the background.
  const [readHere, setReadHere] = useState<ReadonlySet<string>>(new Set())
  const [allRead, setAllRead] = useState(false)
  const notices = list.data?.notices ?? []
  const isRead = (n: { id: string; read: boolean }) => n.read || allRead || readHere.has(n.id)
  const unread = notices.filter((n) => !isRead(n)).length

  function open(n: (typeof notices)[number]) {
    if (!isRead(n)) {
      setReadHere(new Set([...readHere, n.id]))
      void callFunction('account', 'markNoticesRead', { ids: [n.id] })
    }
    openNoticePage(n.page)
  }

  async function markAll() {
    setAllRead(true)
    const result = await callFunction('account', 'markNoticesRead', {})
    if (!result.ok) setAllRead(false)
    list.reload()
  }

  return (
    <View className={pageClass}>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? (
        <View className="card">
          <Text>正在读取消息…</Text>
        </View>
      ) : null}
      {list.data && notices.length === 0 ? (
        <EmptyState title="还没有消息" description="会议通知、表决提醒、诉求答复等会显示在这里" />
      ) : null}
      {notices.length ? (
        <View className="card">
          <View className="msg__head">
            <Text className="msg__count">{unread ? `${unread} 条未读` : '全部已读'}</Text>
            {unread ? (
              <Button size="mini" onClick={markAll}>
                全部标为已读
              </Button>
            ) : null}
          </View>
          {notices.map((n) => (
            <View
              key={n.id}
              className={`xz-row msg__item${isRead(n) ? '' : ' msg__item--unread'}`}
              aria-role="link"
              onClick={() => open(n)}
            >
              <View className="msg__body">
                <Text className="msg__title">
                  {isRead(n) ? '' : '● '}
                  {n.title}
                </Text>
                {n.lines.map((l) => (
                  <Text key={l.label} className="msg__line">
                    {l.label}：{l.value}
                  </Text>
                ))}
                <Text className="msg__time">{dateTimeLabel(n.at)}</Text>
              </View>
              <Text className="msg__more">›</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  )
}
