import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ROLE_LABELS, ROSTER_KEEPERS, type Role } from '@common/roles'
import Button from '@/components/Button'
import { callFunction } from '@/api/client'
import { useDraftForm } from '@/api/draft'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import { pageParams, useLargeText, useStoredString, VILLAGE_KEY } from '@/state/prefs'
import '../../state/large-text.css'
import './index.css'

const roleText = (roles: readonly string[]) => roles.map((r) => ROLE_LABELS[r as Role] ?? r).join('、')
const ROSTER_ROLES: readonly Role[] = [...ROSTER_KEEPERS, 'resident_cadre', 'grid_leader']

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

function VillageChooser({ onChoose }: { onChoose: (villageId: string) => void }) {
  const list = useCall('org', 'publicVillages', {})
  const [townshipId, setTownshipId] = useState('')
  const township = list.data?.townships.find((t) => t.id === townshipId)
  return (
    <View className="card">
      <Text className="me__title">选择我的村</Text>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {!township ? (
        list.data?.townships.map((t) => (
          <View key={t.id} className="xz-row" onClick={() => setTownshipId(t.id)}>
            <Text>{t.name}</Text>
            <Text className="me__hint">›</Text>
          </View>
        ))
      ) : (
        <TownshipVillages
          townshipId={township.id}
          townshipName={township.name}
          onBack={() => setTownshipId('')}
          onChoose={onChoose}
        />
      )}
    </View>
  )
}

/** The villages of one township, fetched when it is chosen (a county may have thousands). */
function TownshipVillages({
  townshipId,
  townshipName,
  onBack,
  onChoose,
}: {
  townshipId: string
  townshipName: string
  onBack: () => void
  onChoose: (villageId: string) => void
}) {
  const list = useCall('org', 'publicVillages', { townshipId })
  const villages = list.data?.townships.find((t) => t.id === townshipId)?.villages ?? []
  return (
    <View>
      <View className="xz-row" onClick={onBack}>
        <Text className="me__hint">‹ 返回乡镇列表（{townshipName}）</Text>
      </View>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Text className="me__hint">正在读取…</Text> : null}
      {villages.map((v) => (
        <View key={v.id} className="xz-row" onClick={() => onChoose(v.id)}>
          <Text>{v.name}</Text>
        </View>
      ))}
    </View>
  )
}

function ChosenVillage({ villageId, onChange }: { villageId: string; onChange: () => void }) {
  const board = useCall('org', 'villageBoard', { villageId })
  return (
    <View className="card">
      <Text className="me__hint">我的村</Text>
      {board.data ? (
        <View>
          <Text className="me__title me__line">
            {board.data.townshipName} {board.data.name}
          </Text>
          <Text className="me__line">{board.data.serviceCentre.name}</Text>
          <Text className="me__line me__hint">
            {board.data.serviceCentre.address} · 电话 {board.data.serviceCentre.phone}
          </Text>
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
  const [villageId, setVillageId] = useStoredString(VILLAGE_KEY)
  const [choosing, setChoosing] = useState(false)
  const me = useCall('system', 'whoami', {})
  const bound = Boolean(me.data?.bound)
  const profile = useCall('account', 'myProfile', {})
  const memberships = bound ? (profile.data?.memberships ?? []) : []
  const current = memberships.find((m) => m.unitId === villageId) ?? memberships[0]

  const reloadAll = () => {
    me.reload()
    profile.reload()
  }

  return (
    <View className={pageClass}>
      {me.error ? <ErrorNotice error={me.error} onRetry={me.reload} /> : null}
      {me.loading && !me.data ? (
        <View className="card">
          <Text>正在读取身份…</Text>
        </View>
      ) : null}

      {current ? (
        <View className="card">
          <Text className="me__title">{current.name ?? '我'}</Text>
          <Text className="me__line">
            {current.townshipName ? `${current.townshipName} ` : ''}
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

      {memberships.length > 1 ? (
        <View className="card">
          <Text className="me__hint">切换身份（我在多个村或乡镇有角色）</Text>
          {memberships.map((m) => (
            <View key={`${m.level}-${m.unitId}`} className="xz-row" onClick={() => setVillageId(m.unitId)}>
              <Text>
                {m.unitName} · {roleText(m.roles)}
              </Text>
              <Text className="me__roles">{m === current ? '当前' : '切换'}</Text>
            </View>
          ))}
        </View>
      ) : null}

      {current ? <WorkLinks membership={current} /> : null}

      {/* One form in one place: it keeps its success message when the page turns from unbound to bound. */}
      {me.data ? <BindForm onBound={reloadAll} /> : null}

      {me.data && !bound ? (
        villageId && !choosing ? (
          <ChosenVillage villageId={villageId} onChange={() => setChoosing(true)} />
        ) : (
          <VillageChooser
            onChoose={(id) => {
              setVillageId(id)
              setChoosing(false)
            }}
          />
        )
      ) : null}

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

function WorkLinks({ membership }: { membership: { level: string; unitId: string; roles: Role[] } }) {
  const links: { title: string; url: string }[] = []
  if (membership.level === 'village' && membership.roles.some((r) => ROSTER_ROLES.includes(r))) {
    links.push({
      title: '花名册管理（人员、户、网格、邀请码）',
      url: `/packages/roster/pages/index/index?villageId=${membership.unitId}`,
    })
  }
  if (membership.level === 'township')
    links.push({
      title: '本乡镇的村（社区）',
      url: `/packages/org/pages/township/index?townshipId=${membership.unitId}`,
    })
  if (membership.level === 'county') links.push({ title: '全县乡镇（街道）', url: '/packages/org/pages/county/index' })
  if (membership.level === 'township')
    links.push({
      title: '本乡镇五星支部看板',
      url: `/packages/stars/pages/township/index?townshipId=${membership.unitId}`,
    })
  if (membership.level === 'county')
    links.push({ title: '全县五星支部看板', url: '/packages/stars/pages/county/index' })
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
