import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import { regionCodeProblem } from '@common/rules/region-code'
import { callFunction } from '@/api/client'
import { DEMO_OPENID_KEY } from '@/api/transport'
import { useCall } from '@/api/useCall'
import Button from '@/components/Button'
import ErrorNotice from '@/components/ErrorNotice'
import { useLargeText } from '@/state/prefs'
import { refreshSession } from '@/state/session'
import '../../../../state/large-text.css'
import '../org.css'

/**
 * The one-time setup of a new deployment: the person holding the deployer's setup code names the county and its
 * 行政区划代码 and becomes its county organiser (bound to their WeChat account). Reached from 首页 while the
 * deployment has no county; afterwards the server refuses every further attempt.
 */
export default function SetupPage() {
  const { pageClass } = useLargeText()
  const status = useCall('org', 'needsSetup', {})
  const [form, setForm] = useState({ code: '', countyName: '', regionCode: '', organiserName: '' })
  const [confirming, setConfirming] = useState(false)
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<ErrorBody>()
  const [done, setDone] = useState<string>()
  const update = (patch: Partial<typeof form>) => {
    setForm((f) => ({ ...f, ...patch }))
    setConfirming(false)
  }

  function check(): string | null {
    if (!form.code.trim()) return '请填写部署人员给您的初始化码'
    if (form.countyName.trim().length < 2) return '请填写县（市、区）名称'
    const region = regionCodeProblem(form.regionCode.trim())
    if (region) return region
    if (form.organiserName.trim().length < 2) return '请填写您的姓名'
    return null
  }

  function review() {
    const problem = check()
    setError(problem ? { code: 'INVALID_ARGUMENT', message: problem } : undefined)
    if (!problem) setConfirming(true)
  }

  async function submit() {
    if (sending) return
    setSending(true)
    setError(undefined)
    // The browser build has no WeChat identity: this browser becomes a new local user, as a WeChat account would.
    if (process.env.TARO_ENV === 'h5' && !Taro.getStorageSync(DEMO_OPENID_KEY))
      Taro.setStorageSync(
        DEMO_OPENID_KEY,
        `local-wx-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
      )
    const result = await callFunction('org', 'setupCounty', {
      code: form.code,
      countyName: form.countyName.trim(),
      regionCode: form.regionCode.trim(),
      organiserName: form.organiserName.trim(),
    })
    setSending(false)
    if (!result.ok) {
      setError(result.error)
      setConfirming(false)
      return
    }
    setDone(result.data.countyName)
    await refreshSession()
  }

  if (done)
    return (
      <View className={pageClass}>
        <View className="card org__form">
          <Text className="org__title">{done}已建立</Text>
          <Text className="org__summary">您已成为本县的县级管理员。下一步：新增乡镇（街道）和村（社区）。</Text>
          <Button type="primary" onClick={() => Taro.redirectTo({ url: '/packages/org/pages/county/index' })}>
            去新增乡镇（街道）
          </Button>
        </View>
      </View>
    )

  return (
    <View className={pageClass}>
      {status.error ? <ErrorNotice error={status.error} onRetry={status.reload} /> : null}
      {status.data && !status.data.needed ? (
        <View className="card">
          <Text className="org__title">本县已经完成初始化</Text>
          <Text className="org__summary">初始化只能进行一次。如需成为管理员，请联系县委组织部。</Text>
        </View>
      ) : null}
      {status.data?.needed ? (
        <View className="card org__form">
          <Text className="org__title">初始化本县</Text>
          <Text className="org__summary">
            部署完成后只需做一次：填写部署人员给您的初始化码，建立本县，您将成为本县的县级管理员（县委组织部）。
          </Text>
          {!status.data.codeConfigured ? (
            <Text className="org__summary">部署时还没有设置初始化码，请先请部署人员完成部署。</Text>
          ) : null}
          <Text className="org__label">初始化码</Text>
          <Input
            className="org__input"
            aria-label="初始化码"
            value={form.code}
            placeholder="如 ABCD-EFGH-JKMN-PQR"
            onInput={(e) => update({ code: e.detail.value })}
          />
          <Text className="org__label">县（市、区）名称</Text>
          <Input
            className="org__input"
            aria-label="县（市、区）名称"
            value={form.countyName}
            placeholder="如 新野县"
            onInput={(e) => update({ countyName: e.detail.value })}
          />
          <Text className="org__label">行政区划代码（6位）</Text>
          <Input
            className="org__input"
            aria-label="行政区划代码"
            type="number"
            maxlength={6}
            value={form.regionCode}
            placeholder="如 411329"
            onInput={(e) => update({ regionCode: e.detail.value })}
          />
          <Text className="org__label">您的姓名</Text>
          <Input
            className="org__input"
            aria-label="您的姓名"
            value={form.organiserName}
            placeholder="县级管理员本人的姓名"
            onInput={(e) => update({ organiserName: e.detail.value })}
          />
          {error ? <ErrorNotice error={error} /> : null}
          {confirming ? (
            <View className="org__confirm">
              <Text className="org__summary">
                {`将建立「${form.countyName.trim()}」（行政区划代码 ${form.regionCode.trim()}），${form.organiserName.trim()}成为县级管理员。初始化只能做一次，建立后不能再次初始化。`}
              </Text>
              <Button type="primary" loading={sending} disabled={sending} onClick={submit}>
                确认建立
              </Button>
              <Button type="default" onClick={() => setConfirming(false)}>
                返回修改
              </Button>
            </View>
          ) : (
            <Button type="primary" onClick={review}>
              建立本县
            </Button>
          )}
        </View>
      ) : null}
    </View>
  )
}
