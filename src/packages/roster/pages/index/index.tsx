import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import type { ErrorBody } from '@common/errors'
import { ROLE_LABELS, type Role } from '@common/roles'
import Button from '@/components/Button'
import { callFunction, type CallOutput } from '@/api/client'
import { newRequestId } from '@/api/draft'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import InvitationCard from '@/components/InvitationCard'
import { dateLabel } from '@common/rules/human-text'
import { canIn } from '@/state/access'
import { VillageNeeded } from '@/components/VillagePicker'
import { useLargeText } from '@/state/prefs'
import { useVillage } from '@/state/village'
import '../../../../state/large-text.css'
import './index.css'

type Tab = 'people' | 'households' | 'grids' | 'invitations'
const TABS: { key: Tab; title: string }[] = [
  { key: 'people', title: '人员' },
  { key: 'households', title: '户' },
  { key: 'grids', title: '网格' },
  { key: 'invitations', title: '邀请码' },
]
type Invitation = CallOutput<'roster', 'createInvitation'>

/** Kinds of person a cadre adds most often, in plain words. */
const KINDS: { title: string; roles: Role[]; party?: { standing: 'full'; presence: 'home' | 'away' } }[] = [
  { title: '村民', roles: ['resident'] },
  { title: '党员（在家）', roles: ['party_member', 'resident'], party: { standing: 'full', presence: 'home' } },
  { title: '党员（在外务工）', roles: ['party_member', 'resident'], party: { standing: 'full', presence: 'away' } },
  { title: '村民代表', roles: ['villager_representative', 'resident'] },
]

/** Opens a page of this village (the village travels with it: a township organiser may be looking at any). */
const openIn = (page: string, villageId: string, query = '') =>
  Taro.navigateTo({ url: `${page}?villageId=${villageId}${query}` })

const roleText = (roles: readonly string[]) => roles.map((r) => ROLE_LABELS[r as Role] ?? r).join('、')

export default function RosterPage() {
  const { pageClass } = useLargeText()
  const view = useVillage()
  const villageId = view.villageId
  const [tab, setTab] = useState<Tab>('people')
  // What the caller may do here, from the roster actions' contracts (a county organiser reads, keepers edit).
  const can = canIn(view)
  // Township and county organisers may also save people and issue codes (appointments, 更换微信); adding people
  // here stays with the village's own keepers, and 更换微信 of a bound person with the township.
  const keeper = can('roster.savePerson') && view.villages.some((m) => m.villageId === villageId)
  const supervisor = Boolean(view.supervisor)
  const inviter = can('roster.createInvitation')
  const tabs = TABS.filter((t) => t.key !== 'invitations' || can('roster.listInvitations'))
  if (!villageId)
    return (
      <View className={pageClass}>
        <VillageNeeded view={view} />
      </View>
    )
  return (
    <View className={pageClass}>
      <View className="card">
        <View className="xz-row" onClick={() => openIn('/packages/org/pages/village/index', villageId)}>
          <Text>本村信息与规则设置</Text>
          <Text className="roster__meta">›</Text>
        </View>
        {can('roster.listAudit') ? (
          <View className="xz-row" onClick={() => openIn('/packages/roster/pages/audit/index', villageId)}>
            <Text>本村操作记录</Text>
            <Text className="roster__meta">›</Text>
          </View>
        ) : null}
      </View>
      {can('imports.preview') || can('imports.export') ? (
        <View className="card xz-row" onClick={() => openIn('/packages/roster/pages/import/index', villageId)}>
          <Text>{can('imports.preview') ? '从 Excel 导入花名册 ›' : '导出花名册到 Excel ›'}</Text>
        </View>
      ) : null}
      <View className="roster__tabs">
        {tabs.map((t) => (
          <View
            key={t.key}
            className={`roster__tab${t.key === tab ? ' roster__tab--on' : ''}`}
            aria-role="tab"
            onClick={() => setTab(t.key)}
          >
            <Text>{t.title}</Text>
          </View>
        ))}
      </View>
      {tab === 'people' ? (
        <People villageId={villageId} keeper={keeper} inviter={inviter} rebinder={inviter && supervisor} />
      ) : null}
      {tab === 'households' ? <Households villageId={villageId} keeper={can('roster.saveHousehold')} /> : null}
      {tab === 'grids' ? <Grids villageId={villageId} keeper={can('roster.saveGrid')} /> : null}
      {tab === 'invitations' && tabs.length === TABS.length ? <Invitations villageId={villageId} /> : null}
    </View>
  )
}

function People({
  villageId,
  keeper,
  inviter,
  rebinder,
}: {
  villageId: string
  keeper: boolean
  inviter: boolean
  rebinder: boolean
}) {
  const [query, setQuery] = useState('')
  const [search, setSearch] = useState('')
  const list = useCall('roster', 'listPeople', { villageId, query: search || undefined, limit: 30 })
  const [invitation, setInvitation] = useState<Invitation & { name: string }>()
  const [error, setError] = useState<ErrorBody>()
  const [adding, setAdding] = useState(false)

  async function invite(personId: string, name: string, bound: boolean) {
    setError(undefined)
    const result = await callFunction('roster', 'createInvitation', { villageId, personId, rebind: bound })
    if (!result.ok) return setError(result.error)
    setInvitation({ ...result.data, name })
  }

  return (
    <View>
      <View className="card">
        <Input
          className="roster__input"
          aria-label="查找"
          value={query}
          placeholder="姓名或手机号后四位"
          onInput={(e) => setQuery(e.detail.value)}
        />
        <Button size="mini" onClick={() => setSearch(query.trim())}>
          查找
        </Button>{' '}
        {keeper ? (
          <Button size="mini" onClick={() => setAdding(!adding)}>
            {adding ? '收起' : '新增人员'}
          </Button>
        ) : null}
      </View>
      {adding && keeper ? <AddPerson villageId={villageId} onAdded={() => list.reload()} /> : null}
      {invitation ? <InvitationCard {...invitation} /> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      <View className="card">
        {list.data ? (
          <Text className="roster__meta">
            {list.data.total !== undefined ? `共 ${list.data.total} 人` : '找到的人较多'}
            {list.data.nextOffset ? '，只显示前 30 人，请用查找' : ''}
          </Text>
        ) : null}
        {list.data?.people.map((p) => (
          <View key={p.id} className="xz-row">
            <View
              aria-role="link"
              onClick={() => openIn('/packages/roster/pages/person/index', villageId, `&personId=${p.id}`)}
            >
              <Text>{p.name}</Text>
              <Text className="roster__meta">
                {roleText(p.roles)} · {p.phoneMasked || '无手机'} · {p.bound ? '已绑定微信' : '未绑定'}
              </Text>
            </View>
            {(p.bound ? rebinder : inviter) ? (
              <Button size="mini" onClick={() => invite(p.id, p.name, p.bound)}>
                {p.bound ? '更换微信' : '邀请绑定'}
              </Button>
            ) : null}
          </View>
        ))}
        {list.data && list.data.people.length === 0 ? <Text className="roster__meta">没有找到</Text> : null}
      </View>
    </View>
  )
}

function AddPerson({ villageId, onAdded }: { villageId: string; onAdded: () => void }) {
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [kind, setKind] = useState(0)
  const [error, setError] = useState<ErrorBody>()
  const [saved, setSaved] = useState('')
  // One request id per person being added: a double tap, or a resend after a lost answer, adds them once.
  const [requestId, setRequestId] = useState(newRequestId)
  const sending = useRef(false)
  const [busy, setBusy] = useState(false)
  async function save() {
    if (sending.current) return
    sending.current = true
    setBusy(true)
    setError(undefined)
    const k = KINDS[kind]!
    const result = await callFunction(
      'roster',
      'savePerson',
      { villageId, name: name.trim(), phone: phone.trim() || undefined, roles: k.roles, party: k.party },
      { requestId },
    )
    sending.current = false
    setBusy(false)
    if (!result.ok) return setError(result.error)
    setRequestId(newRequestId())
    setSaved(`已添加：${name}`)
    setName('')
    setPhone('')
    onAdded()
  }
  return (
    <View className="card">
      <Text className="xz-label">姓名</Text>
      <Input
        className="roster__input"
        aria-label="姓名"
        value={name}
        placeholder="姓名"
        onInput={(e) => setName(e.detail.value)}
      />
      <Text className="xz-label">手机号（可不填）</Text>
      <Input
        className="roster__input"
        aria-label="手机号"
        value={phone}
        type="number"
        placeholder="手机号（可不填）"
        onInput={(e) => setPhone(e.detail.value)}
      />
      <View>
        {KINDS.map((k, i) => (
          <Button key={k.title} size="mini" type={i === kind ? 'primary' : 'default'} onClick={() => setKind(i)}>
            {k.title}
          </Button>
        ))}
      </View>
      {error ? <ErrorNotice error={error} /> : null}
      {saved ? <Text className="roster__meta">{saved}</Text> : null}
      <Button type="primary" disabled={busy || !name.trim()} onClick={save}>
        保存
      </Button>
    </View>
  )
}

function Households({ villageId, keeper }: { villageId: string; keeper: boolean }) {
  const [query, setQuery] = useState('')
  const [search, setSearch] = useState('')
  const list = useCall('roster', 'listHouseholds', { villageId, query: search || undefined, limit: 30 })
  return (
    <View>
      <View className="card">
        <Text className="xz-label">户主姓名</Text>
        <Input
          className="roster__input"
          aria-label="查找户主"
          value={query}
          placeholder="户主姓名"
          onInput={(e) => setQuery(e.detail.value)}
        />
        <Button size="mini" onClick={() => setSearch(query.trim())}>
          查找
        </Button>{' '}
        {keeper ? (
          <Button size="mini" onClick={() => openIn('/packages/roster/pages/household/index', villageId)}>
            新增一户
          </Button>
        ) : null}
      </View>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      <View className="card">
        {list.data ? <Text className="roster__meta">共 {list.data.total} 户</Text> : null}
        {list.data?.households.map((h) => (
          <View
            key={h.id}
            className="xz-row"
            onClick={() =>
              openIn(
                '/packages/roster/pages/household/index',
                villageId,
                `&householdId=${h.id}&head=${encodeURIComponent(h.headName)}`,
              )
            }
          >
            <Text>
              {h.number} 号 · 户主 {h.headName}
            </Text>
            <Text className="roster__meta">
              {h.memberCount} 口人，成年 {h.adultCount}
            </Text>
          </View>
        ))}
      </View>
    </View>
  )
}

function Grids({ villageId, keeper }: { villageId: string; keeper: boolean }) {
  const list = useCall('roster', 'listGrids', { villageId })
  return (
    <View className="card">
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {keeper ? (
        <Button size="mini" onClick={() => openIn('/packages/roster/pages/grid/index', villageId)}>
          新增网格
        </Button>
      ) : null}
      {list.data?.grids.map((g) => (
        <View
          key={g.id}
          className="xz-row"
          onClick={() => openIn('/packages/roster/pages/grid/index', villageId, `&gridId=${g.id}`)}
        >
          <Text>{g.name}</Text>
          <Text className="roster__meta">
            网格长 {g.leaderName ?? '未设'} · {g.householdCount} 户
          </Text>
        </View>
      ))}
    </View>
  )
}

const STATUS: Record<string, string> = { open: '未使用', used: '已使用', revoked: '已作废', expired: '已过期' }

function Invitations({ villageId }: { villageId: string }) {
  const list = useCall('roster', 'listInvitations', { villageId, limit: 30 })
  const [error, setError] = useState<ErrorBody>()
  async function revoke(invitationId: string) {
    const result = await callFunction('roster', 'revokeInvitation', { villageId, invitationId })
    if (!result.ok) return setError(result.error)
    list.reload()
  }
  return (
    <View className="card">
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {list.data && list.data.invitations.length === 0 ? (
        <Text className="roster__meta">还没有生成过邀请码</Text>
      ) : null}
      {list.data?.invitations.map((i) => (
        <View key={i.id} className="xz-row">
          <View>
            <Text>
              {i.personName}
              {i.rebind ? '（更换微信）' : ''}
            </Text>
            <Text className="roster__meta">
              尾号 {i.hint} · {STATUS[i.status]} · {dateLabel(i.createdAt)}
            </Text>
          </View>
          {i.status === 'open' ? (
            <Button size="mini" onClick={() => revoke(i.id)}>
              作废
            </Button>
          ) : null}
        </View>
      ))}
    </View>
  )
}
