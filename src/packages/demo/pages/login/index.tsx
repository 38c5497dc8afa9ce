import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { DEMO_OPENID_KEY } from '@/api/transport'
import ErrorNotice from '@/components/ErrorNotice'
import { resetSession } from '@/state/session'
import { VILLAGE_KEY } from '@/state/village'

/**
 * Local H5 build only (this subpackage is not in the weapp build): choose a demo person of `npm run db:reset`;
 * the H5 transport then sends their OPENID as `x-demo-openid`, which only the local server reads.
 */
export interface DemoLogin {
  openid: string
  name: string
  role: string
  roleLabel: string
  unitName: string
  townshipName: string
  note: string
}

export default function DemoLoginPage() {
  const [logins, setLogins] = useState<DemoLogin[]>()
  const [hint, setHint] = useState('')
  const [failed, setFailed] = useState(false)
  const current = String(Taro.getStorageSync(DEMO_OPENID_KEY) || '')

  useEffect(() => {
    fetch('/api/demo/logins')
      .then((res) => res.json())
      .then((body: { data?: { logins: DemoLogin[]; hint?: string } }) => {
        setLogins(body.data?.logins ?? [])
        setHint(body.data?.hint ?? '')
      })
      .catch(() => setFailed(true))
  }, [])

  function choose(openid: string) {
    Taro.setStorageSync(DEMO_OPENID_KEY, openid)
    Taro.setStorageSync(VILLAGE_KEY, '')
    resetSession()
    const relaunch = (Taro as unknown as { reLaunch?: (o: { url: string }) => Promise<unknown> }).reLaunch
    void relaunch?.({ url: '/pages/me/index' })
  }

  const groups = new Map<string, DemoLogin[]>()
  for (const l of logins ?? []) groups.set(l.roleLabel, [...(groups.get(l.roleLabel) ?? []), l])

  return (
    <View className="page">
      <View className="card">
        <Text>本页只在本地演示环境出现：选一个身份，即以此人登录。当前：{current || '未登录（普通微信用户）'}</Text>
      </View>
      {failed ? <ErrorNotice error={{ code: 'NETWORK', message: '读取演示身份失败，请确认本地服务已启动' }} /> : null}
      {hint ? <ErrorNotice error={{ code: 'NOT_FOUND', message: hint }} /> : null}
      <View className="card">
        <View
          className="xz-row"
          onClick={() => choose(`demo-wx-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`)}
        >
          <Text>一个新的微信用户（未绑定，可用邀请码绑定）</Text>
        </View>
      </View>
      {[...groups.entries()].map(([label, people]) => (
        <View key={label} className="card">
          <Text className="section-title">{label}</Text>
          {people.map((p) => (
            <View key={p.openid} className="xz-row" onClick={() => choose(p.openid)}>
              <Text>
                {p.name} · {p.townshipName && p.townshipName !== p.unitName ? `${p.townshipName} ` : ''}
                {p.unitName}
              </Text>
              <Text>{p.note}</Text>
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}
