/**
 * 本村操作记录 (roster.listAudit): who did what when in this village, newest first, in plain words
 * (common/rules/audit-text.ts) — no ids. For the branch secretary and the township and county organisers.
 */
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { auditSentence } from '@common/rules/audit-text'
import { useCall } from '@/api/useCall'
import Button from '@/components/Button'
import ErrorNotice from '@/components/ErrorNotice'
import { VillageNeeded } from '@/components/VillagePicker'
import { useLargeText } from '@/state/prefs'
import { useVillage } from '@/state/village'
import '../../../../state/large-text.css'
import '../edit.css'

const PAGE = 30

export default function AuditPage() {
  const { pageClass } = useLargeText()
  const view = useVillage()
  const [offset, setOffset] = useState(0)
  const list = useCall('roster', 'listAudit', { villageId: view.villageId, offset, limit: PAGE })
  if (!view.villageId)
    return (
      <View className={pageClass}>
        <VillageNeeded view={view} />
      </View>
    )
  const entries = list.data?.entries ?? []
  return (
    <View className={pageClass}>
      <View className="card">
        <Text className="roster__title">本村操作记录</Text>
        <Text className="roster__meta">谁在什么时候做了什么；记录只能查看，不能修改。</Text>
      </View>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      <View className="card">
        {list.loading && !list.data ? <Text>正在读取…</Text> : null}
        {list.data && entries.length === 0 ? <Text className="roster__meta">还没有记录</Text> : null}
        {entries.map((e, i) => {
          const line = auditSentence(e)
          return (
            <View key={`${e.at}-${i}`} className="audit__entry">
              <Text className="roster__meta">{line.when}</Text>
              <Text>{line.what}</Text>
            </View>
          )
        })}
      </View>
      <View className="card">
        {offset > 0 ? <Button onClick={() => setOffset(Math.max(0, offset - PAGE))}>较新的记录</Button> : null}
        {entries.length === PAGE ? <Button onClick={() => setOffset(offset + PAGE)}>更早的记录</Button> : null}
      </View>
    </View>
  )
}
