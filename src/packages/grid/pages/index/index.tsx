import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Button from '@/components/Button'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { useLargeText } from '@/state/prefs'
import { canIn } from '@/state/access'
import { useVillage, type VillageView } from '@/state/village'
import { dateLabel } from '@common/rules/human-text'
import RequestList from '../RequestList'
import { GRID_PAGES, VISIT_DUE_LABELS } from '../labels'
import '../../../../state/large-text.css'
import '../grid.css'

const go = (url: string) => Taro.navigateTo({ url })

/**
 * 党员联户 home: what the caller does here, by their roles in the chosen village — my requests (everyone), my
 * linked households and who is due a visit (members), the village's request queue and linkage (cadres, grid
 * leaders), the township's or county's queue and figures (organisers).
 */
export default function GridHomePage() {
  const { pageClass } = useLargeText()
  const view = useVillage()
  if (view.error && !view.whoami)
    return (
      <View className={pageClass}>
        <ErrorNotice error={view.error} onRetry={view.reload} />
      </View>
    )
  if (view.loading)
    return (
      <View className={pageClass}>
        <Text>正在加载…</Text>
      </View>
    )
  const township = view.supervisor?.roles.includes('township_organiser')
    ? { unitId: view.supervisor.townshipId ?? '', unitName: view.unit?.unitName ?? '本乡镇' }
    : undefined
  const county = view.supervisor?.roles.includes('county_organiser')
  const own = view.villages.find((m) => m.villageId === view.villageId)
  // An organiser looks at the village chosen in 我的 (its queue and linkage; nothing of their own there).
  const village = own
    ? { unitId: view.villageId, unitName: view.unit?.level === 'village' ? view.unit.unitName : '' }
    : view.supervisor && view.villageId
      ? { unitId: view.villageId, unitName: '正在查看的村' }
      : undefined
  if (!village && !township && !county)
    return (
      <View className={pageClass}>
        <EmptyState title="绑定身份后可以提诉求、看办理进度" description="请村干部给您一个邀请码，在“我的”里绑定" />
        <Button type="primary" onClick={() => Taro.switchTab({ url: '/pages/me/index' })}>
          去“我的”绑定身份
        </Button>
      </View>
    )
  return (
    <View className={pageClass}>
      {township ? (
        <View className="card">
          <View className="section-title">{township.unitName}</View>
          <Button onClick={() => go(`${GRID_PAGES}/upper/index?townshipId=${township.unitId}`)}>
            本乡镇的诉求和月度数字
          </Button>
        </View>
      ) : null}
      {county ? (
        <View className="card">
          <View className="section-title">全县</View>
          <Button onClick={() => go(`${GRID_PAGES}/upper/index`)}>全县的诉求和月度数字</Button>
        </View>
      ) : null}
      {village ? <VillageHome villageId={village.unitId} villageName={village.unitName} view={view} /> : null}
    </View>
  )
}

function VillageHome({ villageId, villageName, view }: { villageId: string; villageName: string; view: VillageView }) {
  const can = canIn(view)
  const visitor = can('grid.myHouseholds')
  const handler = can('requests.villageQueue')
  const linkage = can('grid.overview')
  const raiser = can('requests.raise')
  return (
    <View>
      <View className="card">
        <View className="section-title">{villageName}</View>
        {raiser ? (
          <Button type="primary" onClick={() => go(`${GRID_PAGES}/raise/index?villageId=${villageId}`)}>
            我要提诉求
          </Button>
        ) : null}
        {handler ? (
          <Button onClick={() => go(`${GRID_PAGES}/queue/index?villageId=${villageId}`)}>本村的诉求</Button>
        ) : null}
        {linkage ? (
          <Button onClick={() => go(`${GRID_PAGES}/linkage/index?villageId=${villageId}`)}>联户安排</Button>
        ) : null}
        {can('grid.findings') ? (
          <Button onClick={() => go(`${GRID_PAGES}/findings/index?villageId=${villageId}`)}>走访发现的需求</Button>
        ) : null}
      </View>
      {visitor ? <MyHouseholds villageId={villageId} /> : null}
      {can('requests.mine') ? <MyRequests villageId={villageId} /> : null}
    </View>
  )
}

function MyHouseholds({ villageId }: { villageId: string }) {
  const mine = useCall('grid', 'myHouseholds', { villageId })
  if (mine.error && !mine.data) return <ErrorNotice error={mine.error} onRetry={mine.reload} />
  const list = mine.data?.households ?? []
  return (
    <View className="card">
      <View className="section-title">我联系的户</View>
      {mine.data ? (
        <View className="grid__muted">
          每户至少每 {mine.data.intervalDays} 天走访一次，每年 {mine.data.yearTarget} 次
        </View>
      ) : null}
      {list.length === 0 && mine.data ? <View className="grid__muted">还没有给您安排联系户</View> : null}
      {list.map((h) => (
        <View key={h.householdId} className="grid__row">
          <View onClick={() => go(`${GRID_PAGES}/household/index?villageId=${villageId}&householdId=${h.householdId}`)}>
            <Text>
              {h.headName}家（{h.number}）
            </Text>
            <View
              className={h.due === 'overdue' || h.due === 'never' ? 'grid__warn' : h.due === 'due' ? '' : 'grid__ok'}
            >
              {VISIT_DUE_LABELS[h.due]}
              {h.nextBy ? ` · 下次 ${dateLabel(h.nextBy)}前` : ''} · 今年 {h.visitsThisYear} 次
            </View>
          </View>
          <Button
            size="mini"
            aria-label={`走访 ${h.headName}家`}
            onClick={() =>
              go(
                `${GRID_PAGES}/visit/index?villageId=${villageId}&householdId=${h.householdId}&name=${encodeURIComponent(h.headName)}`,
              )
            }
          >
            记走访
          </Button>
        </View>
      ))}
    </View>
  )
}

function MyRequests({ villageId }: { villageId: string }) {
  const mine = useCall('requests', 'mine', { villageId })
  return (
    <View className="card">
      <View className="section-title">我的诉求</View>
      {mine.error && !mine.data ? <ErrorNotice error={mine.error} onRetry={mine.reload} /> : null}
      {mine.data ? <RequestList rows={mine.data.requests} empty="您还没有提过诉求" /> : null}
    </View>
  )
}
