/** The dashboard body shared by the county and township pages: plain views, bars as widths (no chart library). */
import { monthLabel } from '@common/rules/human-text'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { CallOutput } from '@/api/client'
import { pageOf, townshipGroups } from './paging'
import { go, levelWord, pct, requestsText } from './shared'

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
        <Text className="stars__line">{`${d.year} 年各星级村数与目标`}</Text>
        <Text className="stars__meta">{`目标：${d.targetsNote}；柱长为已达到的村数占目标的比例`}</Text>
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
        <Text className="stars__meta">柱长为已得到这颗星的村数占全部村数的比例</Text>
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
        <Text className="stars__line">{`${monthLabel(d.month)} 群众诉求：${requestsText(r.received, r.closed)} · 在村办结 ${r.closedInVillage} 件 · 上交 ${r.escalated} 件`}</Text>
        <Text className="stars__meta">各月诉求件数（柱高为在村办结与上交乡镇、县的件数之和）</Text>
        <View className="stars__trend">
          {d.trend.map((t) => (
            <View
              key={t.month}
              className="stars__col"
              aria-label={`${monthLabel(t.month, { year: false })}：在村办结 ${t.requestsClosedInVillage} 件，上交 ${t.requestsEscalated} 件`}
              style={{ height: `${((t.requestsClosedInVillage + t.requestsEscalated) / maxTrend) * 100}%` }}
            />
          ))}
        </View>
        <Text className="stars__meta">
          {d.trend
            .map((t) => `${monthLabel(t.month, { year: false })} ${t.requestsClosedInVillage + t.requestsEscalated} 件`)
            .join(' · ')}
        </Text>
        <Text className="stars__meta">
          {`各月创建任务平均完成率：${d.trend.map((t) => `${monthLabel(t.month, { year: false })} ${pct(t.completion)}`).join(' · ')}`}
        </Text>
      </View>
      <View className="card">
        <Text className="stars__line">
          {groups.length > 1 && shown ? `各村星级（${shown.name} ${shown.villages.length} 个村）` : '各村星级'}
        </Text>
        <Text className="stars__meta">
          县里已确认的为确认星级，其余为按任务完成情况测算的星级（与“本乡镇的村”一致）
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
              aria-label={`${v.name}：${v.level >= 2 ? `${v.level}星（${v.confirmed ? '县确认' : '测算'}）` : '未达二星'}`}
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
            <Text className="stars__meta">{`任务 ${c.tasksMet}/${c.taskCount} · 诉求${requestsText(c.requestsReceived, c.requestsClosed)} · 在村办结 ${c.requestsClosedInVillage} · 会议 ${c.meetingsHeld} · 四议两公开 ${c.mattersCompleted}`}</Text>
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
