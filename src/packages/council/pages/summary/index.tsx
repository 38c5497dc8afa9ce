import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { beijingDate } from '@common/rules/beijing-time'
import Button from '@/components/Button'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import { useLargeText } from '@/state/prefs'
import { useTownship } from '@/state/village'
import { complianceLine, go, yuan } from '../shared'
import '../../../../state/large-text.css'
import '../council.css'

interface Row {
  id: string
  name: string
  filed: number
  completed: number
  within: number
  overWithReason: number
  overWithoutReason: number
  funeral: number
  funeralsOnTime: number
  savedFen: number
  savingsCount: number
}

/**
 * 乡镇 / 县 summaries: per village (`?townshipId=`) or per township, the filings, compliance, funerals reported on
 * time and estimated savings of a year or one month. Villages are listed in their usual order, never ranked.
 */
export default function CouncilSummaryPage() {
  const { pageClass } = useLargeText()
  const { townshipId } = useTownship()
  const thisYear = Number(beijingDate(Date.now()).slice(0, 4))
  const [year, setYear] = useState(thisYear)
  const [month, setMonth] = useState(0)
  const monthKey = month ? `${year}-${String(month).padStart(2, '0')}` : undefined
  return (
    <View className={pageClass}>
      <View className="card">
        <View className="council__actions">
          <Button size="mini" onClick={() => setYear(year - 1)}>
            ‹ {year - 1}
          </Button>
          <Text className="council__title">{`${year} 年`}</Text>
          <Button size="mini" onClick={() => setYear(year + 1)}>
            {year + 1} ›
          </Button>
        </View>
        <View className="council__choices">
          {Array.from({ length: 13 }, (_, m) => (
            <View
              key={m}
              aria-role="radio"
              aria-checked={m === month}
              className={`council__choice${m === month ? ' council__choice--on' : ''}`}
              onClick={() => setMonth(m)}
            >
              <Text>{m ? `${m}月` : '全年'}</Text>
            </View>
          ))}
        </View>
      </View>
      {townshipId ? (
        <Township townshipId={townshipId} year={year} month={monthKey} />
      ) : (
        <County year={year} month={monthKey} />
      )}
    </View>
  )
}

function Rows({ rows, onOpen }: { rows: Row[]; onOpen?: (id: string) => void }) {
  return (
    <View className="card">
      {rows.map((r) => (
        <View key={r.id} className="xz-row" onClick={onOpen ? () => onOpen(r.id) : undefined}>
          <View>
            <Text className="council__line">{r.name}</Text>
            <Text className="council__meta">{`报备 ${r.filed} · 办结 ${r.completed} · ${complianceLine(r)}`}</Text>
            <Text className="council__meta">{`${r.funeral ? `丧事按时报备 ${r.funeralsOnTime}/${r.funeral} · ` : ''}估算节约 ${yuan(r.savedFen)}（${r.savingsCount} 件）`}</Text>
          </View>
        </View>
      ))}
    </View>
  )
}

function Totals({ title, t }: { title: string; t: Row }) {
  return (
    <View className="card" aria-label="合计">
      <Text className="council__title">{title}</Text>
      <Text className="council__line">{`报备 ${t.filed} 件，办结 ${t.completed} 件`}</Text>
      <Text className="council__line">{complianceLine(t)}</Text>
      <Text className="council__big">{`估算节约 ${yuan(t.savedFen)}`}</Text>
      <Text className="council__meta">节约是估算：移风易俗前的花费（村里调查或家庭自述）减去实际花费</Text>
    </View>
  )
}

function Township({ townshipId, year, month }: { townshipId: string; year: number; month?: string }) {
  const summary = useCall('council', 'townshipSummary', { townshipId, year, month })
  if (!summary.data)
    return summary.error ? (
      <ErrorNotice error={summary.error} onRetry={summary.reload} />
    ) : (
      <Text className="council__meta">正在读取…</Text>
    )
  const { township, villages, totals } = summary.data
  return (
    <View>
      <Totals title={`${township.name} 红白理事会`} t={{ ...totals, id: township.id, name: township.name }} />
      <Rows rows={villages} onOpen={(id) => go(`/packages/council/pages/ledger/index?villageId=${id}`)} />
    </View>
  )
}

function County({ year, month }: { year: number; month?: string }) {
  const summary = useCall('council', 'countySummary', { year, month })
  if (!summary.data)
    return summary.error ? (
      <ErrorNotice error={summary.error} onRetry={summary.reload} />
    ) : (
      <Text className="council__meta">正在读取…</Text>
    )
  const { townships, totals } = summary.data
  return (
    <View>
      <Totals title="全县红白理事会" t={{ ...totals, id: 'county', name: '全县' }} />
      <Rows rows={townships} onOpen={(id) => go(`/packages/council/pages/summary/index?townshipId=${id}`)} />
    </View>
  )
}
