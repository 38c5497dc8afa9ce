import { Text, View } from '@tarojs/components'
import { dateLabel } from '@common/rules/human-text'
import { EVENT_KIND_LABELS } from '@common/rules/council-standards'
import Button from '@/components/Button'
import { useCall } from '@/api/useCall'
import { VillageNeeded } from '@/components/VillagePicker'
import ErrorNotice from '@/components/ErrorNotice'
import { useLargeText } from '@/state/prefs'
import { go, useCouncilVillage, yuan } from '../shared'
import '../../../../state/large-text.css'
import '../council.css'

/**
 * 红白理事会 home: the village's 移风易俗 board (public: the standard in force, counts and estimated savings with
 * no household named), the council, and — by what the person may do — filing, review, the ledger, summaries.
 */
export default function CouncilHomePage() {
  const { pageClass } = useLargeText()
  const view = useCouncilVillage()
  const villageId = view.villageId
  return (
    <View className={pageClass}>
      <Supervisor />
      {villageId ? (
        <Board villageId={villageId} />
      ) : (
        <VillageNeeded view={view} description="选好村以后，这里显示本村的红白事标准" />
      )}
      {villageId ? <Council villageId={villageId} /> : null}
    </View>
  )
}

function Board({ villageId }: { villageId: string }) {
  const board = useCall('council', 'board', { villageId })
  if (!board.data)
    return board.error ? (
      <ErrorNotice error={board.error} onRetry={board.reload} />
    ) : (
      <Text className="council__meta">正在读取…</Text>
    )
  const b = board.data
  const s = b.standard
  return (
    <View>
      <View className="card" aria-label="移风易俗公开栏">
        <Text className="council__title">{b.villageName} 移风易俗</Text>
        <Text className="council__line">{`${b.year} 年按标准办理 ${b.events} 件：婚事 ${b.weddings}，丧事 ${b.funerals}，其他 ${b.others}`}</Text>
        <Text className="council__line">{`已办结 ${b.completed} 件，符合标准 ${b.within} 件`}</Text>
        {b.savedFen !== null ? <Text className="council__big">{`估算节约 ${yuan(b.savedFen)}`}</Text> : null}
        <Text className="council__meta">{b.savingsNote}</Text>
      </View>
      <View className="card" aria-label="本村标准">
        <Text className="council__title">
          {s.version
            ? `本村标准（第 ${s.version} 版，${dateLabel(s.effectiveFrom, { year: true })}起）`
            : '县里的默认标准（本村尚未另订）'}
        </Text>
        <Text className="council__label">{EVENT_KIND_LABELS.wedding}</Text>
        <Text className="council__line">{`彩礼不超过 ${yuan(s.wedding.betrothalGiftCapFen)}，订婚不超过 ${s.wedding.engagementGuestsCap} 人，婚车不超过 ${s.wedding.carsCap} 辆`}</Text>
        <Text className="council__line">{`宴席不超过 ${s.wedding.tablesCap} 桌，每桌村里不超过 ${yuan(s.wedding.tableCostCapFenRural)}、镇上不超过 ${yuan(s.wedding.tableCostCapFenTown)}`}</Text>
        <Text className="council__line">{`人情礼金每份不超过 ${yuan(s.wedding.giftMoneyCapFen)}`}</Text>
        <Text className="council__label">{EVENT_KIND_LABELS.funeral}</Text>
        <Text className="council__line">{`不超过 ${s.funeral.daysCap} 天，不超过 ${s.funeral.tablesCap} 桌，每桌不超过 ${yuan(s.funeral.tableCostCapFen)}`}</Text>
        <Text className="council__line">{`去世后 ${s.funeral.reportDeadlineHours} 小时内向理事会报备${s.funeral.reportToTownship ? '，并报乡镇民政所' : ''}`}</Text>
        {s.rules ? <Text className="council__line">{s.rules}</Text> : null}
      </View>
    </View>
  )
}

function Council({ villageId }: { villageId: string }) {
  const council = useCall('council', 'getCouncil', { villageId })
  // Not bound, or not of this village: the public board is all there is.
  if (!council.data) return null
  const { me, council: c } = council.data
  return (
    <View className="card">
      <Text className="council__title">红白理事会</Text>
      {c ? (
        <View>
          <Text className="council__line">{`会长：${c.chair?.name ?? '未定'}${c.liaison ? `　联络员：${c.liaison.name}` : ''}`}</Text>
          <Text className="council__line">{`成员：${c.members.map((m) => (m.groups ? `${m.name}（${m.groups}）` : m.name)).join('、') || '未定'}`}</Text>
          {c.termStart ? (
            <Text className="council__meta">{`任期 ${dateLabel(c.termStart, { year: true })}至${c.termEnd ? dateLabel(c.termEnd, { year: true }) : ''}`}</Text>
          ) : null}
        </View>
      ) : (
        <Text className="council__meta">本村还没有登记理事会成员，由支部书记审核报备。</Text>
      )}
      <View className="council__actions">
        {me.canFile ? (
          <Button type="primary" onClick={() => go(`/packages/council/pages/file/index?villageId=${villageId}`)}>
            我要报备
          </Button>
        ) : null}
        {me.canReview ? (
          <Button onClick={() => go(`/packages/council/pages/review/index?villageId=${villageId}`)}>审核与登记</Button>
        ) : null}
        {me.canReview || me.canManage ? (
          <Button onClick={() => go(`/packages/council/pages/ledger/index?villageId=${villageId}`)}>理事会台账</Button>
        ) : null}
        {me.canManage ? (
          <Button onClick={() => go(`/packages/council/pages/manage/index?villageId=${villageId}`)}>
            理事会与标准
          </Button>
        ) : null}
        {!me.canReview && me.canFile ? (
          <Button onClick={() => go(`/packages/council/pages/ledger/index?villageId=${villageId}&mine=1`)}>
            我的报备
          </Button>
        ) : null}
      </View>
    </View>
  )
}

function Supervisor() {
  const { memberships } = useCouncilVillage()
  const township = memberships.find((m) => m.roles.includes('township_organiser') && m.townshipId)
  const county = memberships.some((m) => m.roles.includes('county_organiser'))
  if (!township && !county) return null
  return (
    <View className="card">
      <Text className="council__title">上级汇总</Text>
      <View className="council__actions">
        {township ? (
          <Button onClick={() => go(`/packages/council/pages/summary/index?townshipId=${township.townshipId}`)}>
            本乡镇各村
          </Button>
        ) : null}
        {county ? <Button onClick={() => go('/packages/council/pages/summary/index')}>全县各乡镇</Button> : null}
      </View>
    </View>
  )
}
