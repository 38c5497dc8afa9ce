import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
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
  // Why this device no longer shows codes (停用 by the secretary), said once it is back at 设为值班屏.
  const [stopped, setStopped] = useState('')
  useEffect(() => {
    if (villageId && !token && !stopped) setToken(storedToken(villageId))
  }, [villageId, token, stopped])
  const unpaired = useCallback((reason: string) => {
    setStopped(reason)
    setToken('')
  }, [])
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
        {stopped ? (
          <View className="card" aria-role="alert">
            <Text className="duty__warn">{stopped}</Text>
          </View>
        ) : null}
        <Pair
          villageId={villageId}
          isPlanner={isPlanner}
          onPaired={(t) => {
            setStopped('')
            setToken(t)
          }}
        />
      </View>
    )
  return (
    <View className={pageClass}>
      <Screen villageId={villageId} token={token} onUnpaired={unpaired} />
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

/** A shown code still counts this long after its window ends (the server accepts the previous window's code). */
const SHOWN_GRACE_MS = 3000

function Screen({
  villageId,
  token,
  onUnpaired,
}: {
  villageId: string
  token: string
  onUnpaired: (reason: string) => void
}) {
  const [code, setCode] = useState<Code>()
  const [error, setError] = useState<ErrorBody>()
  // When the code shown stops being current, on this device's clock (its window's end as the server said).
  const [validUntil, setValidUntil] = useState(0)
  const [now, setNow] = useState(() => Date.now())

  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    async function fetchCode() {
      const asked = Date.now()
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
          return onUnpaired(r.error.message)
        }
        timer = setTimeout(fetchCode, 5000)
        return
      }
      setError(undefined)
      setCode(r.data)
      setValidUntil(asked + r.data.secondsLeft * 1000)
      setNow(Date.now())
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
    const tick = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(tick)
  }, [])

  const left = Math.max(0, Math.ceil((validUntil - now) / 1000))
  // No new code came in time (no network, or the server cannot be reached): the old one no longer works, so it is
  // not shown as if it did — in big digits a cadre would type it and be refused.
  const expired = Boolean(code) && now > validUntil + SHOWN_GRACE_MS
  return (
    <View className="duty__screen">
      {code ? <Text className="duty__title">{code.centreName || `${code.villageName}党群服务中心`}</Text> : null}
      <Text className="duty__line">值班签到码</Text>
      {code && !expired ? <QrCode value={code.payload} size={300} label="签到二维码" /> : null}
      {expired ? (
        <View aria-role="alert">
          <Text className="duty__big duty__warn">签到码已过期</Text>
          <Text className="duty__line">
            这台设备{error?.code === 'NETWORK' ? '没有网络' : '暂时取不到新码'}
            ，需要联网才能显示新的签到码；联网后会自动显示。
          </Text>
          <Text className="duty__hint">等不到网络时，到岗干部可在签到页选“有一项无法提供”，写明原因后签到。</Text>
        </View>
      ) : (
        <Text className="duty__digits" aria-label="签到码">
          {code ? code.display : '··· ···'}
        </Text>
      )}
      {expired ? null : <Text className="duty__hint">{code ? `${left} 秒后更换` : '正在取码…'}</Text>}
      {error && !expired ? <ErrorNotice error={error} /> : null}
      <Text className="duty__hint">干部到岗后在“值班坐班 → 签到”里扫这个二维码，或输入这 6 位数字</Text>
    </View>
  )
}
