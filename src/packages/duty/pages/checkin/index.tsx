import { Text, Textarea, View } from '@tarojs/components'
import { monthLabel } from '@common/rules/human-text'
import { useRef, useState } from 'react'
import type { ErrorBody } from '@common/errors'
import { EXCEPTION_MISSING, punctualityLabel, type ExceptionMissing } from '@common/rules/duty'
import Button from '@/components/Button'
import CodeInput from '@/components/CodeInput'
import { callFunction } from '@/api/client'
import { newRequestId } from '@/api/draft'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { useLargeText } from '@/state/prefs'
import { currentPosition, type Position } from '@/packages/duty/shared/position'
import { DutyGate } from '@/packages/duty/shared/DutyGate'
import { hhmm, useDutyVillage } from '@/packages/duty/shared/useDutyVillage'
import '../../../../state/large-text.css'
import '../../shared/duty.css'

/**
 * Check-in / check-out: two proofs — the phone's position (gcj02) within the centre's radius, and the code shown
 * on the centre's duty screen (scanned in WeChat, typed as 6 digits in the H5 build). When one is impossible the
 * cadre says which and why; the record is then marked for the secretary.
 */
export default function CheckInPage() {
  const { pageClass } = useLargeText()
  const { villageId, isCadre, loading } = useDutyVillage()
  return (
    <DutyGate
      pageClass={pageClass}
      loading={loading}
      refusal={
        !villageId || !isCadre ? (
          <EmptyState title="只有本村干部需要签到" description="群众可以在“值班坐班”里看到今天谁在值班" />
        ) : undefined
      }
    >
      <CheckIn villageId={villageId} />
    </DutyGate>
  )
}

/**
 * What a check-in (or check-out) that did not reach the server tells the cadre. The rotating code it carried will
 * have expired long before the network is back, so it is not "saved to retry later": scan (or type) the code again
 * once online. An exception check-in without a code carries nothing that expires, so it can simply be sent again.
 */
export function offlineMessage(checkingOut: boolean, withCode: boolean): string {
  const what = checkingOut ? '签退' : '签到'
  return withCode
    ? `网络不通，没有${what}成功。屏幕上的签到码每 30 秒更换，这个码过一会儿就失效，不能留到以后再交；请等有网络时，重新扫屏幕上的码（或输入最新的 6 位数字）再点“${what}”。`
    : `网络不通，没有${what}成功。填写的内容还在，等有网络时再点“${what}”即可。`
}

function CheckIn({ villageId }: { villageId: string }) {
  const mine = useCall('duty', 'myDuty', { villageId })
  const [position, setPosition] = useState<Position>()
  const [locating, setLocating] = useState(false)
  const [locationError, setLocationError] = useState('')
  const [code, setCode] = useState('')
  const [useException, setUseException] = useState(false)
  const [missing, setMissing] = useState<ExceptionMissing>('location')
  const [reason, setReason] = useState('')
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<ErrorBody>()
  const [done, setDone] = useState('')
  // One id per attempt: a resend after a dropped answer is done once on the server.
  const requestId = useRef(newRequestId())

  const today = mine.data?.today
  const checkingOut = Boolean(today && !today.checkedOutAt)
  const finished = Boolean(today?.checkedOutAt)

  async function locate() {
    setLocating(true)
    setLocationError('')
    try {
      setPosition(await currentPosition())
    } catch {
      setLocationError('没有取得位置。请在手机设置里允许微信使用位置，或到室外再试')
    }
    setLocating(false)
  }

  async function send() {
    if (!ready || sending) return // Taro's H5 Button lets taps through while disabled
    setSending(true)
    setError(undefined)
    const data = {
      villageId,
      location: position,
      code: useException && missing === 'code' ? undefined : code.trim() || undefined,
      exception: useException ? { missing, reason: reason.trim() } : undefined,
    }
    const result = await callFunction('duty', checkingOut ? 'checkOut' : 'checkIn', data, {
      requestId: requestId.current,
    })
    setSending(false)
    if (!result.ok) {
      // Dropped network: the code on the centre's screen changes every 30 seconds, so this attempt cannot be kept
      // and sent later — say so, and what to do. Without a code (exception path) a resend later still works.
      if (result.error.code === 'NETWORK') {
        setError({ ...result.error, message: offlineMessage(checkingOut, Boolean(data.code)) })
        if (data.code) {
          setCode('')
          // The next attempt carries a new code: it is another request (the same id with other content is refused).
          requestId.current = newRequestId()
        }
        return
      }
      return setError(result.error)
    }
    requestId.current = newRequestId()
    const r = result.data.record
    setDone(
      checkingOut
        ? `已签退（${hhmm(r.checkedOutAt ?? '')}），本次值班 ${r.minutes ?? 0} 分钟${
            r.earlyMinutes ? `；比班次结束${punctualityLabel('early', r.earlyMinutes)}，书记会看到` : ''
          }`
        : `已签到（${hhmm(r.checkedInAt)}）${r.exception ? '，已标注为例外签到，书记会看到原因' : ''}${
            r.lateMinutes ? `；比班次开始${punctualityLabel('late', r.lateMinutes)}，书记会看到` : ''
          }`,
    )
    setCode('')
    mine.reload()
  }

  const isWeapp = process.env.TARO_ENV === 'weapp'
  const needLocation = !(useException && missing === 'location')
  const needCode = !(useException && missing === 'code')
  const ready =
    (!needLocation || position) &&
    (!needCode || code.trim().length >= 6) &&
    (!useException || reason.trim().length >= 4)

  return (
    <View>
      <View className="card">
        <Text className="duty__title">{finished ? '今天的值班已签退' : checkingOut ? '签退' : '签到'}</Text>
        {mine.data?.shift ? (
          <Text className="duty__line">
            今天的班次：{mine.data.shift.start}–{mine.data.shift.end}
          </Text>
        ) : mine.data?.residence ? (
          <Text className="duty__line">今天没有排班；作为驻村干部签到，计入在村天数</Text>
        ) : mine.data ? (
          <Text className="duty__warn">今天没有排您值班</Text>
        ) : null}
        {today ? (
          <Text className="duty__hint">
            签到时间 {hhmm(today.checkedInAt)}
            {today.checkedOutAt ? `，签退 ${hhmm(today.checkedOutAt)}` : ''}
          </Text>
        ) : null}
        {today && (today.lateMinutes || today.earlyMinutes) ? (
          <Text className="duty__warn">
            {[
              today.lateMinutes ? punctualityLabel('late', today.lateMinutes) : '',
              today.earlyMinutes ? punctualityLabel('early', today.earlyMinutes) : '',
            ]
              .filter(Boolean)
              .join('，')}
          </Text>
        ) : null}
        {mine.error ? <ErrorNotice error={mine.error} onRetry={mine.reload} /> : null}
      </View>

      {done ? (
        <View className="card" aria-role="status">
          <Text className="duty__ok">{done}</Text>
        </View>
      ) : null}

      {!finished ? (
        <View className="card">
          <Text className="duty__line">第一步：确认您在党群服务中心</Text>
          {position ? (
            <Text className="duty__ok">已取得位置（精度约 {Math.round(position.accuracy ?? 0)} 米）</Text>
          ) : null}
          {locationError ? <Text className="duty__warn">{locationError}</Text> : null}
          <Button type="default" onClick={locate} disabled={locating}>
            {locating ? '正在定位…' : position ? '重新定位' : '获取我的位置'}
          </Button>

          <Text className="duty__line">
            第二步：{isWeapp ? '扫描服务中心屏幕上的二维码，或输入屏幕上的 6 位数字' : '输入服务中心屏幕上的 6 位数字'}
          </Text>
          <CodeInput
            className="duty__input duty__code-input"
            value={code}
            onChange={setCode}
            placeholder="6 位数字"
            scanLabel="扫一扫"
          />

          <View className="duty__choices">
            <View
              className={`duty__choice${useException ? ' duty__choice--on' : ''}`}
              aria-role="checkbox"
              aria-checked={useException}
              onClick={() => setUseException(!useException)}
            >
              <Text>有一项无法提供</Text>
            </View>
          </View>
          {useException ? (
            <View>
              <View className="duty__choices">
                {(Object.keys(EXCEPTION_MISSING) as ExceptionMissing[]).map((k) => (
                  <View
                    key={k}
                    className={`duty__choice${missing === k ? ' duty__choice--on' : ''}`}
                    aria-role="radio"
                    aria-checked={missing === k}
                    onClick={() => setMissing(k)}
                  >
                    <Text>{EXCEPTION_MISSING[k]}</Text>
                  </View>
                ))}
              </View>
              <Textarea
                className="duty__textarea"
                aria-label="原因"
                value={reason}
                placeholder="请说明原因（至少 4 个字），书记会看到"
                onInput={(e) => setReason(e.detail.value)}
              />
            </View>
          ) : null}

          {error ? <ErrorNotice error={error} /> : null}
          <Button type="primary" disabled={!ready || sending} onClick={send}>
            {sending ? '正在提交…' : checkingOut ? '签退' : '签到'}
          </Button>
        </View>
      ) : null}

      {mine.data ? (
        <View className="card">
          <Text className="duty__line">
            {monthLabel(mine.data.month)}本人：值班 {mine.data.days} 天，{mine.data.hours} 小时
          </Text>
          {mine.data.residence ? (
            <Text
              className={mine.data.residence.days >= mine.data.residence.expectedSoFar ? 'duty__hint' : 'duty__warn'}
            >
              在村 {mine.data.residence.days} 天（县里要求每月 {mine.data.residence.expected} 天，按日子算到今天约{' '}
              {mine.data.residence.expectedSoFar} 天）
            </Text>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
