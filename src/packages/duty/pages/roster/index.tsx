import { Text, View } from '@tarojs/components'
import { dateLabel, monthLabel } from '@common/rules/human-text'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import Button from '@/components/Button'
import { callFunction, type CallOutput } from '@/api/client'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { useLargeText } from '@/state/prefs'
import { TimeField } from '@/packages/duty/shared/fields'
import SwapDecisions from '@/packages/duty/shared/SwapDecisions'
import { DutyGate } from '@/packages/duty/shared/DutyGate'
import { useDutyVillage } from '@/packages/duty/shared/useDutyVillage'
import '../../../../state/large-text.css'
import '../../shared/duty.css'

type Day = CallOutput<'duty', 'week'>['days'][number]
type Tab = 'week' | 'month'

/** 值班表 (the coming week, gaps flagged, swaps to approve) and the month's coverage. No ranking of people. */
export default function DutyRosterPage() {
  const { pageClass } = useLargeText()
  const { villageId, canReadRoster, isPlanner, loading } = useDutyVillage()
  const [tab, setTab] = useState<Tab>('week')
  return (
    <DutyGate
      pageClass={pageClass}
      loading={loading}
      refusal={!villageId || !canReadRoster ? <EmptyState title="只有本村干部可以查看值班表" /> : undefined}
    >
      <View className="duty__tabs">
        {(['week', 'month'] as Tab[]).map((t) => (
          <View
            key={t}
            className={`duty__tab${tab === t ? ' duty__tab--on' : ''}`}
            aria-role="tab"
            aria-selected={tab === t}
            onClick={() => setTab(t)}
          >
            <Text>{t === 'week' ? '本周值班表' : '本月值班情况'}</Text>
          </View>
        ))}
      </View>
      {tab === 'week' ? (
        <Week villageId={villageId} isPlanner={isPlanner} />
      ) : (
        <Month villageId={villageId} isPlanner={isPlanner} />
      )}
    </DutyGate>
  )
}

function Week({ villageId, isPlanner }: { villageId: string; isPlanner: boolean }) {
  const week = useCall('duty', 'week', { villageId })
  const [editing, setEditing] = useState<string>()
  const [decided, setDecided] = useState('')
  if (!week.data)
    return week.error ? (
      <ErrorNotice error={week.error} onRetry={week.reload} />
    ) : (
      <Text className="duty__hint">正在读取…</Text>
    )
  const w = week.data
  return (
    <View>
      <View className="card">
        <Text className="duty__line">
          每天至少 {w.minCadresPerDay} 名干部、{w.minHours} 小时（节假日也要有人）
        </Text>
        {w.gaps ? (
          <Text className="duty__warn">未来 7 天有 {w.gaps} 天没排够，请补上</Text>
        ) : (
          <Text className="duty__ok">未来 7 天都已排好</Text>
        )}
      </View>
      {decided ? (
        <View className="card" aria-role="status">
          <Text className="duty__ok">{decided}</Text>
        </View>
      ) : null}
      <SwapDecisions
        villageId={villageId}
        swaps={w.swaps}
        isPlanner={isPlanner}
        onDecided={(outcome) => {
          setDecided(outcome)
          week.reload()
        }}
      />
      <View className="card">
        {w.days.map((d) => (
          <View key={d.date}>
            <View className="xz-row">
              <View>
                <Text className={`duty__line${d.gap ? ' duty__gap' : ''}`}>
                  {dateLabel(d.date)} {d.gap ? `· ${d.reasons.join('，')}` : ''}
                </Text>
                {d.shifts.map((s) => (
                  <Text key={s.id} className="duty__hint">
                    {s.name} {s.start}–{s.end}
                    {s.checkedIn ? ' · 已签到' : ''}
                    {s.checkedOut ? ' · 已签退' : ''}
                  </Text>
                ))}
              </View>
              {isPlanner ? (
                <Button
                  className="duty__act"
                  size="mini"
                  onClick={() => setEditing(editing === d.date ? undefined : d.date)}
                >
                  {editing === d.date ? '收起' : '排班'}
                </Button>
              ) : null}
            </View>
            {editing === d.date ? (
              <EditDay
                villageId={villageId}
                day={d}
                onSaved={() => {
                  setEditing(undefined)
                  week.reload()
                }}
              />
            ) : null}
          </View>
        ))}
      </View>
    </View>
  )
}

function EditDay({ villageId, day, onSaved }: { villageId: string; day: Day; onSaved: () => void }) {
  const cadres = useCall('duty', 'cadres', { villageId })
  const [chosen, setChosen] = useState<Record<string, { start: string; end: string }>>(() =>
    Object.fromEntries(day.shifts.map((s) => [s.personId, { start: s.start, end: s.end }])),
  )
  const [start, setStart] = useState(day.shifts[0]?.start ?? '08:30')
  const [end, setEnd] = useState(day.shifts[0]?.end ?? '17:30')
  const [error, setError] = useState<ErrorBody>()
  const toggle = (personId: string) =>
    setChosen((c) => {
      const next = { ...c }
      if (next[personId]) delete next[personId]
      else next[personId] = { start, end }
      return next
    })
  async function save() {
    setError(undefined)
    const shifts = Object.entries(chosen).map(([personId, t]) => ({ personId, start: t.start, end: t.end }))
    const r = await callFunction('duty', 'saveDay', { villageId, date: day.date, shifts })
    if (!r.ok) return setError(r.error)
    onSaved()
  }
  return (
    <View className="card">
      <Text className="duty__line">{dateLabel(day.date)}的值班干部（点选）：</Text>
      <View className="duty__choices">
        {cadres.data?.cadres.map((c) => (
          <View
            key={c.personId}
            className={`duty__choice${chosen[c.personId] ? ' duty__choice--on' : ''}`}
            aria-role="checkbox"
            aria-checked={Boolean(chosen[c.personId])}
            onClick={() => toggle(c.personId)}
          >
            <Text>{c.name}</Text>
          </View>
        ))}
      </View>
      <Text className="duty__hint">新选的人的时段：</Text>
      <TimeField label="开始时间" value={start} onChange={setStart} />
      <TimeField label="结束时间" value={end} onChange={setEnd} />
      {error ? <ErrorNotice error={error} /> : null}
      <Button type="primary" onClick={save}>
        保存这一天
      </Button>
    </View>
  )
}

function Month({ villageId, isPlanner }: { villageId: string; isPlanner: boolean }) {
  const month = useCall('duty', 'villageMonth', { villageId })
  if (!month.data)
    return month.error ? (
      <ErrorNotice error={month.error} onRetry={month.reload} />
    ) : (
      <Text className="duty__hint">正在读取…</Text>
    )
  const m = month.data
  return (
    <View>
      <View className="card" aria-label="本月值班情况">
        <Text className="duty__title">{monthLabel(m.month)}值班情况</Text>
        <Text className="duty__big">
          有人值班 {m.coveredDays} / {m.requiredDays} 天
        </Text>
        <Text className="duty__line">
          其中时长达到 {m.minHours} 小时的 {m.fullHoursDays} 天 · 共 {m.hours} 小时
        </Text>
        <Text className="duty__line">
          接待办理 {m.matters} 件，当场办结 {m.resolvedOnSpot} 件，转诉求 {m.handedOff} 件
        </Text>
        <Text className="duty__line">
          调解纠纷 {m.disputes} 件，报告乡镇紧急情况 {m.emergencies} 件
        </Text>
        {m.exceptions ? <Text className="duty__warn">例外签到 {m.exceptions} 次</Text> : null}
      </View>
      <View className="card">
        {m.days.map((d) => (
          <View key={d.date} className="xz-row">
            <Text className={d.covered ? '' : 'duty__gap'}>{dateLabel(d.date)}</Text>
            <Text className={d.covered ? 'duty__hint' : 'duty__warn'}>
              {d.covered ? `${d.cadres} 人 · ${d.hours} 小时` : '无人签到'}
            </Text>
          </View>
        ))}
      </View>
      {isPlanner ? (
        <View className="card duty__links">
          <Button
            onClick={() => Taro.navigateTo({ url: `/packages/duty/pages/exceptions/index?villageId=${villageId}` })}
          >
            例外签到与迟到早退
          </Button>
        </View>
      ) : null}
    </View>
  )
}
