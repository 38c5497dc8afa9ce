/** The dashboard body shared by the county and township pages: plain views, bars as widths (no chart library). */
import { monthLabel } from '@common/rules/human-text'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { CallOutput } from '@/api/client'
import { pageOf, townshipGroups } from './paging'
import { go, levelWord, pct } from './shared'

type Dash = CallOutput<'stars', 'countyDashboard'>

export function Dashboard({ d }: { d: Dash }) {
  const maxTrend = Math.max(1, ...d.trend.map((t) => t.requestsClosedInVillage + t.requestsEscalated))
  const r = d.requests
  // One township's grid and one page of the ranking at a time: each setData stays bounded at county scale.
  const [townshipAt, setTownshipAt] = useState(0)
  const [rankPage, setRankPage] = useState(0)
  const groups = townshipGroups(d.villages, [...d.comparison, ...d.behindTwoMonths])
  const shown = groups[Math.min(townshipAt, groups.length - 1)]
  const ranking = pageOf(d.comparison, rankPage)
  return (
    <>
      <View className="card">
        <Text className="stars__label">{d.templateLabel}</Text>
        <Text className="stars__line">{`${d.year} 年星级与目标`}</Text>
        {d.levels.map((l) => (
          <View key={l.level}>
            <Text className="stars__meta">{`${l.level}星：${l.count} / 目标 ${l.target}`}</Text>
            <View className="stars__bar">
              <View
                className={l.count >= l.target ? 'stars__fill stars__fill--ok' : 'stars__fill'}
                style={{ width: `${Math.min(100, (l.count / Math.max(1, l.target)) * 100)}%` }}
              />
            </View>
          </View>
        ))}
        <Text className="stars__meta">{`未达二星 ${d.unrated} 个`}</Text>
      </View>
      <View className="card">
        <Text className="stars__line">每颗星的完成情况</Text>
        {d.stars.map((s) => (
          <View key={s.key}>
            <Text className="stars__meta">{`${s.name}：${s.earned}/${s.villages} 个村`}</Text>
            <View className="stars__bar">
              <View
                className="stars__fill stars__fill--ok"
                style={{ width: `${(s.earned / Math.max(1, s.villages)) * 100}%` }}
              />
            </View>
          </View>
        ))}
      </View>
      <View className="card">
        <Text className="stars__line">{`${monthLabel(d.month)} 群众诉求：在村办结 ${r.closedInVillage} · 上交 ${r.escalated} · 办结 ${r.closed}/${r.received}`}</Text>
        <View className="stars__trend">
          {d.trend.map((t) => (
            <View
              key={t.month}
              className="stars__col"
              style={{ height: `${((t.requestsClosedInVillage + t.requestsEscalated) / maxTrend) * 100}%` }}
            />
          ))}
        </View>
        <Text className="stars__meta">
          {d.trend.map((t) => `${monthLabel(t.month, { year: false })} 完成率${pct(t.completion)}`).join(' · ')}
        </Text>
      </View>
      <View className="card">
        <Text className="stars__line">
          {groups.length > 1 && shown ? `各村星级（${shown.name} ${shown.villages.length} 个村）` : '各村星级'}
        </Text>
        {groups.length > 1 ? (
          <View className="stars__chips">
            {groups.map((g, i) => (
              <View
                key={g.townshipId}
                className={g === shown ? 'stars__chip stars__on' : 'stars__chip'}
                onClick={() => setTownshipAt(i)}
              >
                <Text>{g.name}</Text>
              </View>
            ))}
          </View>
        ) : null}
        {groups.length > 1 && shown ? (
          <View
            className="xz-row"
            onClick={() => go(`/packages/stars/pages/township/index?townshipId=${shown.townshipId}`)}
          >
            <Text>{`${shown.name}的看板与待审核的自评`}</Text>
            <Text className="stars__meta">›</Text>
          </View>
        ) : null}
        <View className="stars__grid">
          {(shown?.villages ?? []).map((v) => (
            <View
              key={v.villageId}
              className={`stars__cell stars__cell--${v.level >= 2 ? v.level : 0}`}
              aria-label={`${v.name}：${v.level >= 2 ? `${v.level}星` : '未达二星'}`}
              onClick={() => go(`/packages/stars/pages/index/index?villageId=${v.villageId}`)}
            >
              <Text>{v.level >= 2 ? v.level : '·'}</Text>
            </View>
          ))}
        </View>
      </View>
      {d.behindTwoMonths.length ? (
        <View className="card">
          <Text className="stars__line stars__warn">连续两个月靠后的村（约谈提醒所在乡镇）</Text>
          {d.behindTwoMonths.map((v) => (
            <Text key={v.villageId} className="stars__meta">{`${v.townshipName} ${v.name}`}</Text>
          ))}
        </View>
      ) : null}
      <View className="card">
        <Text className="stars__line">{`${monthLabel(d.month)}达标排序（只比结果：任务完成、诉求办结、会议、事项办结）`}</Text>
        {d.comparison.length === 0 ? <Text className="stars__meta">本月还没有数据，请先更新</Text> : null}
        {ranking.rows.map((c) => (
          <View
            key={c.villageId}
            className="xz-row stars__item"
            onClick={() => go(`/packages/stars/pages/index/index?villageId=${c.villageId}`)}
          >
            <Text
              className={c.behind ? 'stars__line stars__warn' : 'stars__line'}
            >{`${c.rank}. ${c.townshipName} ${c.name} · ${levelWord(c.level)}`}</Text>
            <Text className="stars__meta">{`任务 ${c.tasksMet}/${c.taskCount} · 诉求办结 ${c.requestsClosed}/${c.requestsReceived} · 在村办结 ${c.requestsClosedInVillage} · 会议 ${c.meetingsHeld} · 四议两公开 ${c.mattersCompleted}`}</Text>
          </View>
        ))}
        {ranking.pages > 1 ? (
          <View className="stars__actions">
            {ranking.page > 0 ? (
              <View className="stars__chip" onClick={() => setRankPage(ranking.page - 1)}>
                <Text>上一页</Text>
              </View>
            ) : null}
            <Text className="stars__meta">{`第 ${ranking.page + 1}/${ranking.pages} 页（共 ${d.comparison.length} 个村）`}</Text>
            {ranking.page < ranking.pages - 1 ? (
              <View className="stars__chip" onClick={() => setRankPage(ranking.page + 1)}>
                <Text>下一页</Text>
              </View>
            ) : null}
          </View>
        ) : null}
      </View>
    </>
  )
}
