import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ROLE_LABELS, type Role } from '@common/roles'
import Button from '@/components/Button'
import { callFunction } from '@/api/client'
import { useDraftForm } from '@/api/draft'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import UnboundHelp, { callPhone } from '@/components/UnboundHelp'
import VillagePicker from '@/components/VillagePicker'
import { canIn } from '@/state/access'
import { pageParams, useLargeText } from '@/state/prefs'
import { refreshSession } from '@/state/session'
import { chooseVillage, useVillage, type VillageView } from '@/state/village'
import '../../state/large-text.css'
import './index.css'

const roleText = (roles: readonly string[]) => roles.map((r) => ROLE_LABELS[r as Role] ?? r).join('、')

/** The code a scanned mini-program code carries: scene "c=<code>". */
function codeFromScene(): string {
  const scene = decodeURIComponent(pageParams().scene ?? '')
  return scene.startsWith('c=') ? scene.slice(2) : ''
}

function BindForm({ onBound }: { onBound: () => void }) {
  // Kept on the phone and sent with one request id: a code typed on a weak network is never lost, and a resend
  // after a dropped answer is answered with the first result instead of "code already used".
  const form = useDraftForm('bind-invitation', { code: codeFromScene() })
  const [done, setDone] = useState('')
  const code = form.value.code
  async function submit() {
    const data = await form.submit((value, requestId) =>
      callFunction('account', 'redeemInvitation', { code: value.code }, { requestId }),
    )
    if (!data) return
    setDone(`绑定成功：${data.villageName} ${data.personName}（${roleText(data.roles)}）`)
    onBound()
  }
  const { error } = form
  const busy = form.submitting
  const setCode = (value: string) => form.update({ code: value })
  return (
    <View className="card">
      <Text className="me__title">绑定身份</Text>
      <Text className="me__hint me__line">请输入村干部给您的邀请码（10 位字母和数字），或用微信扫一扫小程序码。</Text>
      <Input
        className="me__input"
        aria-label="邀请码"
        value={code}
        maxlength={14}
        placeholder="例如 ABCDE-FGHJK"
        onInput={(e) => setCode(e.detail.value)}
      />
      {error ? <ErrorNotice error={error} /> : null}
      {done ? <Text className="me__success me__line">{done}</Text> : null}
      <Button type="primary" disabled={busy || code.trim().length < 10} onClick={submit}>
        {busy ? '正在绑定…' : '绑定'}
      </Button>
    </View>
  )
}

function ChosenVillage({ villageId, title, onChange }: { villageId: string; title: string; onChange: () => void }) {
  const board = useCall('org', 'villageBoard', { villageId })
  return (
    <View className="card">
      <Text className="me__hint">{title}</Text>
      {board.data ? (
        <View>
          <Text className="me__title me__line">
            {board.data.townshipName} {board.data.name}
          </Text>
          <Text className="me__line">{board.data.serviceCentre.name}</Text>
          <Text className="me__line me__hint">
            {board.data.serviceCentre.address} · 电话 {board.data.serviceCentre.phone}
          </Text>
          {board.data.serviceCentre.phone ? (
            <Button size="mini" onClick={() => callPhone(board.data!.serviceCentre.phone)}>
              拨打值班电话
            </Button>
          ) : null}
        </View>
      ) : null}
      {board.error ? <ErrorNotice error={board.error} onRetry={board.reload} /> : null}
      <Button size="mini" onClick={onChange}>
        换一个村
      </Button>
    </View>
  )
}

export default function MePage() {
  const { largeText, setLargeText, pageClass } = useLargeText()
  const [choosing, setChoosing] = useState(false)
  const view = useVillage()
  const { bound, villageId } = view
  const memberships = view.profile?.memberships ?? []
  const current = view.unit

  return (
    <View className={pageClass}>
      {view.error && !view.whoami ? <ErrorNotice error={view.error} onRetry={view.reload} /> : null}
      {view.loading ? (
        <View className="card">
          <Text>正在读取身份…</Text>
        </View>
      ) : null}

      {current ? (
        <View className="card">
          <Text className="me__title">{current.name ?? '我'}</Text>
          <Text className="me__line">
            {current.townshipName && current.townshipName !== current.unitName ? `${current.townshipName} ` : ''}
            {current.unitName}
          </Text>
          <Text className="me__line me__roles">{roleText(current.roles)}</Text>
          {current.phoneMasked ? <Text className="me__line me__hint">手机 {current.phoneMasked}</Text> : null}
          {current.household ? (
            <Text className="me__line me__hint">
              我家：{current.household.number} 号，户主 {current.household.headName}，{current.household.memberCount}{' '}
              口人（成年 {current.household.adultCount} 人）
            </Text>
          ) : null}
          {current.gridName ? <Text className="me__line me__hint">所在网格：{current.gridName}</Text> : null}
        </View>
      ) : null}

      {memberships.filter((m) => m.level === 'village').length > 1 ? (
        <View className="card">
          <Text className="me__hint">切换身份（我在多个村有角色）</Text>
          {memberships
            .filter((m) => m.level === 'village')
            .map((m) => (
              <View key={`${m.level}-${m.unitId}`} className="xz-row" onClick={() => chooseVillage(m.unitId)}>
                <Text>
                  {m.unitName} · {roleText(m.roles)}
                </Text>
                <Text className="me__roles">{m === current ? '当前' : '切换'}</Text>
              </View>
            ))}
        </View>
      ) : null}

      {bound ? (
        <View className="card">
          <View className="xz-row" onClick={() => Taro.navigateTo({ url: '/pages/messages/index' })}>
            <Text>我的消息</Text>
            <Text className="me__hint">›</Text>
          </View>
        </View>
      ) : null}

      {bound ? <WorkLinks view={view} /> : null}

      {/* One form in one place: it keeps its success message when the page turns from unbound to bound. */}
      {view.whoami ? <BindForm onBound={() => void refreshSession()} /> : null}

      {view.whoami && (!bound || view.supervisor) ? (
        villageId && !choosing ? (
          <ChosenVillage
            villageId={villageId}
            title={view.supervisor ? '正在查看的村' : '我的村'}
            onChange={() => setChoosing(true)}
          />
        ) : (
          <VillagePicker
            title={view.supervisor ? '选择要查看的村（社区）' : '选择我的村'}
            townshipId={view.supervisor?.roles.includes('township_organiser') ? view.townshipId : undefined}
            onChosen={() => setChoosing(false)}
          />
        )
      ) : null}

      {view.whoami && !bound ? <UnboundHelp showPhone={false} showEnterCode={false} title="没有邀请码？" /> : null}

      <View className="card">
        <View className="xz-row" onClick={() => setLargeText(!largeText)} aria-role="switch" aria-checked={largeText}>
          <Text>大字模式</Text>
          <Text className="me__roles">{largeText ? '已开启' : '已关闭'}</Text>
        </View>
        {process.env.TARO_ENV === 'h5' ? (
          <View className="xz-row" onClick={() => Taro.navigateTo({ url: '/packages/demo/pages/login/index' })}>
            <Text>演示登录（仅本地）</Text>
            <Text className="me__hint">›</Text>
          </View>
        ) : null}
      </View>
    </View>
  )
}

function WorkLinks({ view }: { view: VillageView }) {
  const links: { title: string; url: string }[] = []
  const can = canIn(view)
  const township = view.supervisor?.roles.includes('township_organiser') ? view.townshipId : undefined
  const county = view.supervisor?.roles.includes('county_organiser')
  if (view.villageId && can('roster.listPeople'))
    links.push({ title: '花名册管理（人员、户、网格、邀请码）', url: '/packages/roster/pages/index/index' })
  if (view.villages.some((m) => m.villageId === view.villageId))
    links.push({ title: '本村信息与规则', url: '/packages/org/pages/village/index' })
  if (township) links.push({ title: '本乡镇的村（社区）', url: '/packages/org/pages/township/index' })
  if (county) links.push({ title: '全县乡镇（街道）', url: '/packages/org/pages/county/index' })
  if (township || county) {
    links.push({
      title: township ? '本乡镇五星支部看板' : '全县五星支部看板',
      url: township ? '/packages/stars/pages/township/index' : '/packages/stars/pages/county/index',
    })
    links.push({ title: '各村值班情况', url: '/packages/duty/pages/township/index' })
    links.push({ title: '各支部三会一课落实', url: '/packages/meetings/pages/township/index' })
  }
  if (links.length === 0) return null
  return (
    <View className="card">
      {links.map((l) => (
        <View key={l.url} className="xz-row" onClick={() => Taro.navigateTo({ url: l.url })}>
          <Text>{l.title}</Text>
          <Text className="me__hint">›</Text>
        </View>
      ))}
    </View>
  )
}
