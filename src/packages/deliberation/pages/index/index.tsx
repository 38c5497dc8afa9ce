import { Text, View } from '@tarojs/components'
import Button from '@/components/Button'
import { useCall } from '@/api/useCall'
import { RECENT_DAYS } from '@common/rules/deliberation-counts'
import { VillageNeeded } from '@/components/VillagePicker'
import ErrorNotice from '@/components/ErrorNotice'
import { useLargeText } from '@/state/prefs'
import { canIn } from '@/state/access'
import { beijing, go, matterUrl, useMyRoles } from '../shared'
import '../../../../state/large-text.css'
import '../deliberation.css'

/** 四议两公开 home: the township/county view for supervisors; votes waiting for me; the village's matters; 村务公开. */
export default function DeliberationHomePage() {
  const { pageClass } = useLargeText()
  const { roles, supervisor, loading, view } = useMyRoles()
  const villageId = view.villageId
  const inVillage = roles.length > 0
  return (
    <View className={pageClass}>
      {supervisor?.roles.includes('county_organiser') ? <County /> : null}
      {supervisor?.roles.includes('township_organiser') && supervisor.townshipId ? (
        <Township townshipId={supervisor.townshipId} />
      ) : null}
      {!villageId && !supervisor ? (
        <VillageNeeded view={view} description="选好村以后，这里显示村里公开的决议和实施结果" />
      ) : null}
      {villageId && inVillage ? <MyBallots villageId={villageId} /> : null}
      {villageId && (inVillage || (supervisor && !loading)) ? (
        <Matters villageId={villageId} runner={canIn(view)('deliberation.createMatter')} />
      ) : null}
      {villageId ? <Board villageId={villageId} /> : null}
    </View>
  )
}

function MyBallots({ villageId }: { villageId: string }) {
  const mine = useCall('deliberation', 'myBallots', { villageId })
  if (mine.error) return <ErrorNotice error={mine.error} onRetry={mine.reload} />
  const ballots = mine.data?.ballots ?? []
  if (ballots.length === 0) return null
  return (
    <View className="card">
      <Text className="dl__title">正在表决</Text>
      {ballots.map((b) => (
        <View key={b.windowId} className="xz-row" onClick={() => go(matterUrl(villageId, b.matterId))}>
          <View>
            <Text>{b.title}</Text>
            <Text className="dl__meta">
              {b.meetingLabel} · {beijing(b.closesAt)} 截止{b.voted ? ' · 您已表决' : ' · 请表决'}
            </Text>
          </View>
          <Text className="dl__meta">›</Text>
        </View>
      ))}
    </View>
  )
}

function Matters({ villageId, runner }: { villageId: string; runner: boolean }) {
  const list = useCall('deliberation', 'listMatters', { villageId, limit: 30 })
  return (
    <View className="card">
      <Text className="dl__title">本村议题</Text>
      {runner ? (
        <Button type="primary" onClick={() => go(`/packages/deliberation/pages/new/index?villageId=${villageId}`)}>
          提议新议题
        </Button>
      ) : null}
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.data && list.data.matters.length === 0 ? <Text className="dl__meta">还没有议题</Text> : null}
      {(list.data?.matters ?? []).map((m) => (
        <View key={m.id} className="xz-row" onClick={() => go(matterUrl(villageId, m.id))}>
          <View>
            <Text>{m.title}</Text>
            <Text className="dl__meta">
              {m.categoryLabel} · {m.statusLabel}{' '}
              {m.stepLabel && (m.status === 'working' || m.status === 'voting') ? `「${m.stepLabel}」` : ''}
            </Text>
          </View>
          <Text className="dl__meta">›</Text>
        </View>
      ))}
    </View>
  )
}

function Board({ villageId }: { villageId: string }) {
  const board = useCall('deliberation', 'publicBoard', { villageId, limit: 20 })
  if (board.error) return <ErrorNotice error={board.error} onRetry={board.reload} />
  const pubs = board.data?.publications ?? []
  return (
    <View className="card">
      <Text className="dl__title">村务公开{board.data ? ` · ${board.data.villageName}` : ''}</Text>
      {board.data && pubs.length === 0 ? <Text className="dl__meta">还没有公开的决议</Text> : null}
      {pubs.map((p) => (
        <View key={p.id} className="dl__result">
          <Text className="dl__line">
            【{p.stepLabel}】{p.title}
          </Text>
          <Text className="dl__text">{p.text}</Text>
          {p.resultLines.map((l, i) => (
            <Text key={i} className="dl__meta">
              {l}
            </Text>
          ))}
          <Text className="dl__meta">
            {beijing(p.publishedAt)} 公开 · {p.publisherName}
          </Text>
        </View>
      ))}
    </View>
  )
}

function Township({ townshipId }: { townshipId: string }) {
  const view = useCall('deliberation', 'townshipOverview', { townshipId, limit: 50 })
  if (view.error) return <ErrorNotice error={view.error} onRetry={view.reload} />
  if (!view.data) return null
  const { counts, matters, stuckDays } = view.data
  return (
    <View className="card">
      <Text className="dl__title">各村四议两公开</Text>
      <Text className="dl__meta">
        共 {counts.total} 项，进行中 {counts.open}，已完成 {counts.completed}；停留超过 {stuckDays} 天 {counts.stuck}{' '}
        项；必经事项未走完程序 {counts.leftMethod} 项
      </Text>
      <Text className="dl__meta">下列：进行中的议题和近 {RECENT_DAYS} 天办结的议题</Text>
      {matters.map((m) => (
        <View key={m.id} className="xz-row" onClick={() => go(matterUrl(m.villageId, m.id))}>
          <View>
            <Text>
              {m.villageName} · {m.title}
            </Text>
            <Text className="dl__meta">
              {m.categoryLabel} · {m.statusLabel} · 本步骤已 {m.ageDays} 天
            </Text>
            {m.leftMethod ? <Text className="dl__warn">必经事项未走完程序</Text> : null}
            {m.stuck ? <Text className="dl__warn">停留时间过长</Text> : null}
          </View>
          <Text className="dl__meta">›</Text>
        </View>
      ))}
    </View>
  )
}

function County() {
  const view = useCall('deliberation', 'countyOverview', {})
  if (view.error) return <ErrorNotice error={view.error} onRetry={view.reload} />
  if (!view.data) return null
  return (
    <View className="card">
      <Text className="dl__title">全县议题 {view.data.total} 项</Text>
      <Text className="dl__line">按步骤</Text>
      {view.data.byStage.map((s) => (
        <View key={s.key} className="xz-row">
          <Text>{s.label}</Text>
          <Text>{s.count}</Text>
        </View>
      ))}
      <Text className="dl__line">按类别</Text>
      {view.data.byCategory
        .filter((c) => c.count > 0)
        .map((c) => (
          <View key={c.category} className="xz-row">
            <Text>{c.label}</Text>
            <Text>{c.count}</Text>
          </View>
        ))}
    </View>
  )
}
