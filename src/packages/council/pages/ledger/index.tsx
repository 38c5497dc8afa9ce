import { Text, View } from '@tarojs/components'
import { dateLabel, monthLabel } from '@common/rules/human-text'
import { useState } from 'react'
import { beijingDate } from '@common/rules/beijing-time'
import Button from '@/components/Button'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { VillageNeeded } from '@/components/VillagePicker'
import { usePageParams, useLargeText } from '@/state/prefs'
import { complianceLabel, complianceLine, go, kindLabel, statusLabel, yuan, useCouncilVillage } from '../shared'
import '../../../../state/large-text.css'
import '../council.css'

/**
 * 理事会台账: per month, filings, reviews, completions, compliance, funerals reported on time and estimated savings
 * (council members, cadres, supervisors); and the filings themselves, filterable by month. With `mine=1` (people
 * who are not on the council): only the filings they may see — their household's, or their grids'.
 */
export default function CouncilLedgerPage() {
  const { pageClass } = useLargeText()
  const view = useCouncilVillage()
  const villageId = view.villageId
  const mine = usePageParams().mine === '1'
  const [year, setYear] = useState(Number(beijingDate(Date.now()).slice(0, 4)))
  const [month, setMonth] = useState('')
  if (!villageId)
    return (
      <View className={pageClass}>
        <VillageNeeded view={view} />
      </View>
    )
  return (
    <View className={pageClass}>
      {mine ? null : <Months villageId={villageId} year={year} setYear={setYear} month={month} setMonth={setMonth} />}
      <Filings villageId={villageId} month={month} />
    </View>
  )
}

function Months({
  villageId,
  year,
  setYear,
  month,
  setMonth,
}: {
  villageId: string
  year: number
  setYear: (y: number) => void
  month: string
  setMonth: (m: string) => void
}) {
  const ledger = useCall('council', 'ledger', { villageId, year })
  if (!ledger.data)
    return ledger.error ? (
      <ErrorNotice error={ledger.error} onRetry={ledger.reload} />
    ) : (
      <Text className="council__meta">正在读取台账…</Text>
    )
  const t = ledger.data.totals
  return (
    <View className="card" aria-label="台账">
      <View className="council__actions">
        <Button size="mini" onClick={() => setYear(year - 1)}>
          ‹ {year - 1}
        </Button>
        <Text className="council__title">{`${year} 年台账`}</Text>
        <Button size="mini" onClick={() => setYear(year + 1)}>
          {year + 1} ›
        </Button>
      </View>
      <Text className="council__line">{`报备 ${t.filed} 件（婚事 ${t.wedding}，丧事 ${t.funeral}，其他 ${t.other}），已审核 ${t.reviewed}，已办结 ${t.completed}`}</Text>
      <Text className="council__line">{complianceLine(t)}</Text>
      {t.funeral ? (
        <Text className="council__line">{`丧事按时报备 ${t.funeralsOnTime}/${t.funeral}，按时报乡镇民政所 ${t.townshipOnTime}/${t.townshipRequired}`}</Text>
      ) : null}
      <Text className="council__big">{`估算节约 ${yuan(t.savedFen)}`}</Text>
      <Text className="council__meta">{`${t.savingsCount} 件办结的事有估算：移风易俗前的花费（村里调查或家庭自述）减去实际花费，是估算不是实测`}</Text>
      {ledger.data.months.map((m) => (
        <View
          key={m.month}
          className={`council__table-row${m.month === month ? ' council__choice--on' : ''}`}
          onClick={() => setMonth(m.month === month ? '' : m.month)}
        >
          <Text>{monthLabel(m.month, { year: false })}</Text>
          <Text>{`报备 ${m.filed} · 办结 ${m.completed} · 超标无理由 ${m.overWithoutReason} · 节约 ${yuan(m.savedFen)}`}</Text>
        </View>
      ))}
      {ledger.data.months.length === 0 ? (
        <Text className="council__meta">这一年还没有报备</Text>
      ) : (
        <Text className="council__meta">点一个月份，只看那个月的报备</Text>
      )}
    </View>
  )
}

function Filings({ villageId, month }: { villageId: string; month: string }) {
  const list = useCall('council', 'listFilings', { villageId, month: month || undefined, limit: 50 })
  if (!list.data) return list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null
  if (!list.data.filings.length)
    return (
      <EmptyState title="还没有报备" description={month ? `${monthLabel(month)}没有报备` : '报备以后会出现在这里'} />
    )
  return (
    <View className="card" aria-label="报备列表">
      <Text className="council__title">{month ? `${monthLabel(month)}的报备` : '全部报备'}</Text>
      {list.data.filings.map((f) => (
        <View
          key={f.id}
          className="xz-row"
          onClick={() => go(`/packages/council/pages/review/index?villageId=${villageId}&filingId=${f.id}`)}
        >
          <View>
            <Text className="council__line">{`${kindLabel(f.kind)} · ${f.householdLabel}`}</Text>
            <Text className="council__meta">{`${dateLabel(f.eventDate)} · ${statusLabel(f.status)} · ${complianceLabel(f.compliance)}${f.filedLate ? ' · 报备晚了' : ''}`}</Text>
          </View>
          <Text className="council__meta">详情 ›</Text>
        </View>
      ))}
      {list.data.nextOffset ? <Text className="council__meta">只显示最近 50 件</Text> : null}
    </View>
  )
}
