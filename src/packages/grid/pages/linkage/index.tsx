import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import Button from '@/components/Button'
import { callFunction, type CallOutput } from '@/api/client'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { canIn } from '@/state/access'
import { confirmAction } from '@/state/confirm'
import { usePageParams, useLargeText } from '@/state/prefs'
import { useVillage } from '@/state/village'
import { GRID_PAGES } from '../labels'
import '../../../../state/large-text.css'
import '../grid.css'

type Overview = CallOutput<'grid', 'overview'>

/**
 * 联户安排: per grid, each Party member's households against the village's range (warnings, not rankings), the
 * households nobody visits, members with none. Tick households (unlinked or linked to someone), tap a member:
 * assign them, or move them from one member to another (the old link stays in the history); end a link; the
 * secretary moves one household to another grid.
 */
export default function LinkagePage() {
  const { pageClass } = useLargeText()
  const { villageId = '' } = usePageParams()
  if (!villageId) return <EmptyState title="请从“党员联户”进入" />
  return (
    <View className={pageClass}>
      <Arrangement villageId={villageId} />
    </View>
  )
}

/** Who each household is linked to now, and every household's name, from the overview. */
function index(d: Overview) {
  const linkedTo = new Map<string, string>()
  const names = new Map<string, string>()
  const gridOf = new Map<string, string>()
  for (const g of d.grids) {
    for (const m of g.members)
      for (const h of m.households) {
        linkedTo.set(h.id, m.name)
        names.set(h.id, `${h.headName}家`)
        gridOf.set(h.id, g.id)
      }
    for (const h of g.unlinkedHouseholds) {
      names.set(h.id, `${h.headName}家`)
      gridOf.set(h.id, g.id)
    }
  }
  return { linkedTo, names, gridOf }
}

function Arrangement({ villageId }: { villageId: string }) {
  const view = useCall('grid', 'overview', { villageId })
  const can = canIn(useVillage())
  const [member, setMember] = useState<{ personId: string; name: string }>()
  const [picked, setPicked] = useState<string[]>([])
  const [error, setError] = useState<ErrorBody>()
  const [message, setMessage] = useState<string>()
  const [busy, setBusy] = useState(false)
  if (view.error && !view.data) return <ErrorNotice error={view.error} onRetry={view.reload} />
  const d = view.data
  if (!d) return <Text>正在加载…</Text>
  const { linkedTo, names, gridOf } = index(d)
  const toggle = (id: string) => setPicked(picked.includes(id) ? picked.filter((x) => x !== id) : [...picked, id])
  const pickedNames = picked.map((id) => names.get(id) ?? '').join('、')
  const moving = picked.filter((id) => linkedTo.has(id) && linkedTo.get(id) !== member?.name)
  const one = picked.length === 1 ? picked[0] : undefined

  async function run(work: () => Promise<{ ok: true; text: string } | { ok: false; error: ErrorBody }>) {
    setBusy(true)
    setError(undefined)
    setMessage(undefined)
    const result = await work()
    setBusy(false)
    if (!result.ok) return setError(result.error)
    setMessage(result.text)
    setPicked([])
    view.reload()
  }

  async function assign() {
    if (!member || picked.length === 0) return
    if (
      moving.length &&
      !(await confirmAction({
        title: `改由${member.name}联系？`,
        content: `${moving.map((id) => `${names.get(id)}（现由${linkedTo.get(id)}联系）`).join('、')}改由${member.name}联系，原来的联系记录保留在历史中。`,
        confirmText: '改派',
      }))
    )
      return
    await run(async () => {
      const r = await callFunction('grid', 'assign', {
        villageId,
        memberPersonId: member.personId,
        householdIds: picked,
      })
      if (!r.ok) return r
      const text = r.data.moved
        ? `已把 ${r.data.linked} 户安排给${member.name}，其中 ${r.data.moved} 户由别人改派`
        : `已把 ${r.data.linked} 户安排给${member.name}`
      return { ok: true, text: r.data.message ? `${text}。${r.data.message}` : text }
    })
  }

  async function unassign() {
    const linked = picked.filter((id) => linkedTo.has(id))
    if (!linked.length) return
    const ok = await confirmAction({
      title: '结束联系？',
      content: `${linked.map((id) => names.get(id)).join('、')}将没有联系党员，原来的联系记录保留在历史中。`,
      confirmText: '结束联系',
    })
    if (!ok) return
    await run(async () => {
      for (const householdId of linked) {
        const r = await callFunction('grid', 'unassign', { villageId, householdId })
        if (!r.ok) return r
      }
      return { ok: true, text: `已结束 ${linked.length} 户的联系` }
    })
  }

  async function moveTo(grid: { id: string; name: string }) {
    if (!one) return
    const ok = await confirmAction({
      title: `调整到${grid.name}？`,
      content: `${names.get(one)}和家里的人调整到${grid.name}${linkedTo.has(one) ? `，${linkedTo.get(one)}的联系随之结束` : ''}；调整记录保留。`,
      confirmText: '调整',
    })
    if (!ok) return
    await run(async () => {
      const r = await callFunction('grid', 'moveHousehold', { villageId, householdId: one, toGridId: grid.id })
      if (!r.ok) return r
      return {
        ok: true,
        text: `${names.get(one)}已从${r.data.fromGridName}调整到${r.data.toGridName}，请在新网格安排联系党员`,
      }
    })
  }

  return (
    <View>
      <View className="card">
        <Text>
          本村要求每名党员联系 {d.range.min}–{d.range.max} 户；还有 {d.unlinkedCount} 户无人联系。
        </Text>
        <View className="grid__muted">先点选户（无人联系的，或已由别人联系的），再点一名党员，然后安排。</View>
        {d.membersWithNone.length ? (
          <View className="grid__warn">没有联系户的党员：{d.membersWithNone.map((m) => m.name).join('、')}</View>
        ) : null}
        {message ? <View aria-label="结果">{message}</View> : null}
        {error ? <ErrorNotice error={error} /> : null}
      </View>
      {d.grids.map((g) => (
        <View key={g.id} className="card">
          <View className="section-title">
            {g.name}（{g.householdCount} 户）
          </View>
          {g.members.map((m) => (
            <View key={m.personId}>
              <View
                className={`grid__row${member?.personId === m.personId ? ' grid__tab--on' : ''}`}
                aria-label={`党员 ${m.name}`}
                onClick={() => setMember({ personId: m.personId, name: m.name })}
              >
                <Text>{m.name}</Text>
                <Text className={m.warning ? 'grid__warn' : 'grid__ok'}>
                  联系 {m.householdCount} 户{m.warning ? ' ⚠' : ''}
                </Text>
              </View>
              {m.households.length ? (
                <View className="grid__tabs">
                  {m.households.map((h) => (
                    <View
                      key={h.id}
                      className={`grid__tab${picked.includes(h.id) ? ' grid__tab--on' : ''}`}
                      onClick={() => toggle(h.id)}
                    >
                      <Text>{h.headName}家</Text>
                    </View>
                  ))}
                </View>
              ) : null}
            </View>
          ))}
          {g.unlinkedHouseholds.length ? <View className="grid__muted">无人联系的户：</View> : null}
          <View className="grid__tabs">
            {g.unlinkedHouseholds.map((h) => (
              <View
                key={h.id}
                className={`grid__tab${picked.includes(h.id) ? ' grid__tab--on' : ''}`}
                onClick={() => toggle(h.id)}
              >
                <Text>{h.headName}家</Text>
              </View>
            ))}
          </View>
        </View>
      ))}
      <View className="card">
        <View className="grid__muted">
          已选：{pickedNames || '还没有选户'}
          {member ? ` → ${member.name}` : ''}
        </View>
        {can('grid.assign') ? (
          <Button type="primary" disabled={busy || !member || picked.length === 0} onClick={assign}>
            {moving.length
              ? `改由${member?.name ?? '选中的党员'}联系选中的 ${picked.length} 户`
              : `把选中的 ${picked.length} 户安排给${member?.name ?? '选中的党员'}`}
          </Button>
        ) : null}
        {picked.some((id) => linkedTo.has(id)) && can('grid.unassign') ? (
          <Button disabled={busy} onClick={unassign}>
            结束选中户的联系
          </Button>
        ) : null}
        {one ? (
          <Button
            disabled={busy}
            onClick={() =>
              Taro.navigateTo({ url: `${GRID_PAGES}/household/index?villageId=${villageId}&householdId=${one}` })
            }
          >
            查看{names.get(one)}
          </Button>
        ) : null}
        {one && can('grid.moveHousehold') && d.grids.length > 1 ? (
          <View>
            <View className="grid__muted">把{names.get(one)}调整到其他网格：</View>
            {d.grids
              .filter((g) => g.id !== gridOf.get(one))
              .map((g) => (
                <Button key={g.id} disabled={busy} onClick={() => moveTo(g)}>
                  调整到{g.name}
                </Button>
              ))}
          </View>
        ) : null}
      </View>
    </View>
  )
}
