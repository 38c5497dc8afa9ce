/**
 * One person of the roster (`?villageId=&personId=`, opened from 花名册 → 人员): what roster.getPerson returns to
 * this caller — the phone and ID tail only as common/rules/personal-data.ts allows, read and audited by the server —
 * and, for those who keep the roster, editing name, phone, gender and grid (roles stay as they are here).
 */
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import { dateLabel } from '@common/rules/human-text'
import { PARTY_PRESENCE_LABELS, PARTY_STANDING_LABELS, ROLE_LABELS, type Role } from '@common/roles'
import { callFunction, type CallOutput } from '@/api/client'
import { newRequestId } from '@/api/draft'
import { useCall } from '@/api/useCall'
import Button from '@/components/Button'
import ErrorNotice from '@/components/ErrorNotice'
import { canIn } from '@/state/access'
import { useLargeText, usePageParams } from '@/state/prefs'
import { useVillage } from '@/state/village'
import { Choices, Field } from '../form'
import '../../../../state/large-text.css'
import '../edit.css'

type Person = CallOutput<'roster', 'getPerson'>

export default function PersonPage() {
  const { pageClass } = useLargeText()
  const view = useVillage()
  const { personId = '' } = usePageParams()
  const person = useCall('roster', 'getPerson', { villageId: view.villageId, personId })
  const [editing, setEditing] = useState(false)
  const keeper = canIn(view)('roster.savePerson')
  const p = person.data
  return (
    <View className={pageClass}>
      {person.error ? <ErrorNotice error={person.error} onRetry={person.reload} /> : null}
      {!p && !person.error ? (
        <View className="card">
          <Text>正在读取…</Text>
        </View>
      ) : null}
      {p && !editing ? <Details person={p} /> : null}
      {p && !editing && keeper ? (
        <View className="card">
          <Button onClick={() => setEditing(true)}>修改{p.name}的信息</Button>
        </View>
      ) : null}
      {p && editing ? (
        <EditPerson
          villageId={view.villageId}
          person={p}
          onDone={() => {
            setEditing(false)
            person.reload()
          }}
        />
      ) : null}
    </View>
  )
}

function Details({ person: p }: { person: Person }) {
  const call = () => Taro.makePhoneCall({ phoneNumber: p.phone }).catch(() => undefined)
  return (
    <View className="card">
      <Text className="roster__title">{p.name}</Text>
      <Text className="roster__meta">{p.roles.map((r) => ROLE_LABELS[r as Role] ?? r).join('、')}</Text>
      {p.party ? (
        <Text className="roster__meta">
          {`${PARTY_STANDING_LABELS[p.party.standing]} · ${PARTY_PRESENCE_LABELS[p.party.presence]}`}
        </Text>
      ) : null}
      {p.phone && !p.phone.includes('*') ? (
        <View className="xz-row" onClick={call}>
          <Text>{`手机：${p.phone}`}</Text>
          <Text className="roster__meta">拨打</Text>
        </View>
      ) : (
        <Text className="roster__meta">{`手机：${p.phone || p.phoneMasked || '未登记'}`}</Text>
      )}
      {p.idNumberMasked ? <Text className="roster__meta">{`身份证号：${p.idNumberMasked}`}</Text> : null}
      {p.gender ? <Text className="roster__meta">{`性别：${p.gender === 'male' ? '男' : '女'}`}</Text> : null}
      <Text className="roster__meta">
        {p.bound ? `已绑定微信${p.boundAt ? `（${dateLabel(p.boundAt)}）` : ''}` : '未绑定微信'}
      </Text>
    </View>
  )
}

function EditPerson({ villageId, person: p, onDone }: { villageId: string; person: Person; onDone: () => void }) {
  const grids = useCall('roster', 'listGrids', { villageId })
  const [name, setName] = useState(p.name)
  const [phone, setPhone] = useState(p.phone)
  const [gender, setGender] = useState<'male' | 'female' | ''>(p.gender ?? '')
  const [gridId, setGridId] = useState(p.gridId ?? '')
  const [error, setError] = useState<ErrorBody>()
  const [sending, setSending] = useState(false)
  const [requestId] = useState(newRequestId)
  async function save() {
    if (sending) return
    if (!name.trim()) return setError({ code: 'INVALID_ARGUMENT', message: '请填写姓名' })
    if (phone.trim() && !/^1[3-9]\d{9}$/.test(phone.trim()))
      return setError({ code: 'INVALID_ARGUMENT', message: '手机号应为11位数字' })
    setSending(true)
    setError(undefined)
    const result = await callFunction(
      'roster',
      'savePerson',
      {
        villageId,
        personId: p.id,
        name: name.trim(),
        phone: phone.trim(),
        ...(p.idNumberMasked ? { idNumber: p.idNumberMasked } : {}),
        ...(gender ? { gender } : {}),
        householdId: p.householdId,
        gridId: gridId || undefined,
        roles: p.roles,
        party: p.party,
      },
      { requestId },
    )
    setSending(false)
    if (!result.ok) return setError(result.error)
    onDone()
  }
  return (
    <View className="card">
      <Field label="姓名" value={name} onChange={setName} />
      <Field label="手机号" value={phone} onChange={setPhone} type="number" placeholder="11位手机号（可不填）" />
      <Text className="xz-label">性别</Text>
      <Choices
        options={[
          { key: 'male', title: '男' },
          { key: 'female', title: '女' },
        ]}
        value={gender}
        onChange={setGender}
      />
      <Text className="xz-label">所在网格</Text>
      <Choices
        options={[
          { key: '', title: '未分网格' },
          ...(grids.data?.grids ?? []).map((g) => ({ key: g.id, title: g.name })),
        ]}
        value={gridId}
        onChange={setGridId}
      />
      {error ? <ErrorNotice error={error} /> : null}
      <Button type="primary" loading={sending} disabled={sending} onClick={save}>
        保存
      </Button>
      <Button onClick={onDone}>取消</Button>
    </View>
  )
}
