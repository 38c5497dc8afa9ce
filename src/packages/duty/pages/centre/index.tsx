import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { ErrorBody } from '@common/errors'
import Button from '@/components/Button'
import { callFunction, type CallOutput } from '@/api/client'
import ErrorNotice from '@/components/ErrorNotice'
import { VillageNeeded } from '@/components/VillagePicker'
import QrCode from '@/components/QrCode'
import { useLargeText } from '@/state/prefs'
import { useDutyVillage } from '@/packages/duty/shared/useDutyVillage'
import '../../../../state/large-text.css'
import '../../shared/duty.css'

type Code = CallOutput<'duty', 'screenCode'>
const tokenKey = (villageId: string) => `xz.dutyScreen.${villageId}`

function storedToken(villageId: string): string {
  try {
    return String(Taro.getStorageSync(tokenKey(villageId)) || '')
  } catch {
    return ''
  }
}

/**
 * Duty mode on the centre's phone or screen: the rotating check-in code as a QR code (scanned in WeChat) and in big
 * digits (typed in the H5 build), fetched again as each 30-second window ends. The device must first be paired by the secretary (a token kept on this device only).
 */
export default function CentreScreenPage() {
  const { pageClass } = useLargeText()
  const { villageId, isPlanner, loading, view } = useDutyVillage()
  const [token, setToken] = useState(() => (villageId ? storedToken(villageId) : ''))
  useEffect(() => {
    if (villageId && !token) setToken(storedToken(villageId))
  }, [villageId, token])
  if (loading)
    return (
      <View className={pageClass}>
        <Text className="duty__hint">正在读取…</Text>
      </View>
    )
  if (!villageId)
    return (
      <View className={pageClass}>
        <VillageNeeded view={view} />
      </View>
    )
  if (!token)
    return (
      <View className={pageClass}>
        <Pair villageId={villageId} isPlanner={isPlanner} onPaired={setToken} />
      </View>
    )
  return (
    <View className={pageClass}>
      <Screen villageId={villageId} token={token} onUnpaired={() => setToken('')} />
    </View>
  )
}

function Pair({
  villageId,
  isPlanner,
  onPaired,
}: {
  villageId: string
  isPlanner: boolean
  onPaired: (token: string) => void
}) {
  const [label, setLabel] = useState('服务中心值班屏')
  const [error, setError] = useState<ErrorBody>()
  async function pair() {
    setError(undefined)
    const r = await callFunction('duty', 'pairScreen', { villageId, label: label.trim() })
    if (!r.ok) return setError(r.error)
    try {
      Taro.setStorageSync(tokenKey(villageId), r.data.token)
    } catch {
      // kept for this session only
    }
    onPaired(r.data.token)
  }
  return (
    <View className="card">
      <Text className="duty__title">设为值班屏</Text>
      <Text className="duty__line">这台设备放在党群服务中心，屏幕上显示签到码，干部到岗时扫码或输入数字签到。</Text>
      {isPlanner ? (
        <View>
          <Input
            className="duty__input"
            aria-label="设备名称"
            value={label}
            onInput={(e) => setLabel(e.detail.value)}
          />
          {error ? <ErrorNotice error={error} /> : null}
          <Button type="primary" onClick={pair}>
            把这台设备设为值班屏
          </Button>
        </View>
      ) : (
        <Text className="duty__warn">请支部书记或第一书记在服务中心的设备上设置。</Text>
      )}
    </View>
  )
}

function Screen({ villageId, token, onUnpaired }: { villageId: string; token: string; onUnpaired: () => void }) {
  const [code, setCode] = useState<Code>()
  const [error, setError] = useState<ErrorBody>()
  const [left, setLeft] = useState(0)

  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    async function fetchCode() {
      const r = await callFunction('duty', 'screenCode', { villageId, screenToken: token })
      if (stopped) return
      if (!r.ok) {
        setError(r.error)
        if (r.error.code === 'NOT_FOUND') {
          try {
            Taro.removeStorageSync(tokenKey(villageId))
          } catch {
            // nothing stored
          }
          return onUnpaired()
        }
        timer = setTimeout(fetchCode, 5000)
        return
      }
      setError(undefined)
      setCode(r.data)
      setLeft(r.data.secondsLeft)
      // Next code just after this window ends (the previous one stays valid 30 s more, so a small delay is harmless).
      timer = setTimeout(fetchCode, r.data.secondsLeft * 1000 + 300)
    }
    fetchCode()
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
    }
  }, [villageId, token, onUnpaired])

  useEffect(() => {
    const tick = setInterval(() => setLeft((n) => Math.max(0, n - 1)), 1000)
    return () => clearInterval(tick)
  }, [])

  return (
    <View className="duty__screen">
      {code ? <Text className="duty__title">{code.centreName || `${code.villageName}党群服务中心`}</Text> : null}
      <Text className="duty__line">值班签到码</Text>
      {code ? <QrCode value={code.payload} size={300} label="签到二维码" /> : null}
      <Text className="duty__digits" aria-label="签到码">
        {code ? code.display : '··· ···'}
      </Text>
      <Text className="duty__hint">{code ? `${left} 秒后更换` : '正在取码…'}</Text>
      {error ? <ErrorNotice error={error} /> : null}
      <Text className="duty__hint">干部到岗后在“值班坐班 → 签到”里扫这个二维码，或输入这 6 位数字</Text>
    </View>
  )
}
