import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import { chooseVillage, type VillageView } from '@/state/village'
import './index.css'

export interface VillagePickerProps {
  /** Shown above the list. */
  title?: string
  /** A township organiser sees only the villages of their township. */
  townshipId?: string
  onChosen?: (villageId: string) => void
}

/**
 * Choosing the village to look at: townships, then the villages of the one tapped (a county may have thousands of
 * villages, so they are fetched per township). The choice is kept on the device and every open page follows it.
 */
export default function VillagePicker({ title = '选择要查看的村（社区）', townshipId, onChosen }: VillagePickerProps) {
  const list = useCall('org', 'publicVillages', {})
  const [picked, setPicked] = useState('')
  const current = townshipId || picked
  const township = list.data?.townships.find((t) => t.id === current)
  const choose = (id: string) => {
    chooseVillage(id)
    onChosen?.(id)
  }
  return (
    <View className="card xz-picker">
      <Text className="xz-picker__title">{title}</Text>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Text className="xz-picker__hint">正在读取…</Text> : null}
      {current ? (
        <TownshipVillages
          townshipId={current}
          townshipName={township?.name ?? ''}
          onBack={townshipId ? undefined : () => setPicked('')}
          onChoose={choose}
        />
      ) : (
        list.data?.townships.map((t) => (
          <View key={t.id} className="xz-row" onClick={() => setPicked(t.id)}>
            <Text>{t.name}</Text>
            <Text className="xz-picker__hint">›</Text>
          </View>
        ))
      )}
    </View>
  )
}

function TownshipVillages({
  townshipId,
  townshipName,
  onBack,
  onChoose,
}: {
  townshipId: string
  townshipName: string
  onBack?: () => void
  onChoose: (villageId: string) => void
}) {
  const list = useCall('org', 'publicVillages', { townshipId })
  const villages = list.data?.townships.find((t) => t.id === townshipId)?.villages ?? []
  return (
    <View>
      {onBack ? (
        <View className="xz-row" onClick={onBack}>
          <Text className="xz-picker__hint">‹ 返回乡镇列表{townshipName ? `（${townshipName}）` : ''}</Text>
        </View>
      ) : null}
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Text className="xz-picker__hint">正在读取…</Text> : null}
      {villages.map((v) => (
        <View key={v.id} className="xz-row" onClick={() => onChoose(v.id)}>
          <Text>{v.name}</Text>
          <Text className="xz-picker__hint">›</Text>
        </View>
      ))}
    </View>
  )
}

/**
 * What a village page shows while no village is in view: the chooser, right here (an unbound visitor or an
 * organiser who has not picked one yet). Never a dead end.
 */
export function VillageNeeded({ view, description }: { view: VillageView; description?: string }) {
  if (view.loading) return <Text className="xz-picker__hint">正在读取…</Text>
  if (view.error && !view.whoami) return <ErrorNotice error={view.error} onRetry={view.reload} />
  const township = view.supervisor?.roles.includes('township_organiser') ? view.townshipId : undefined
  return (
    <View>
      {description ? <Text className="xz-picker__lead">{description}</Text> : null}
      <VillagePicker
        title={view.supervisor ? '选择要查看的村（社区）' : '选择您所在的村（社区）'}
        townshipId={township}
      />
    </View>
  )
}

/** A county organiser picks the township a township page is about. */
export function TownshipPicker({
  onChoose,
  title = '选择乡镇（街道）',
}: {
  onChoose: (id: string) => void
  title?: string
}) {
  const list = useCall('org', 'publicVillages', {})
  return (
    <View className="card xz-picker">
      <Text className="xz-picker__title">{title}</Text>
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Text className="xz-picker__hint">正在读取…</Text> : null}
      {list.data?.townships.map((t) => (
        <View key={t.id} className="xz-row" onClick={() => onChoose(t.id)}>
          <Text>{t.name}</Text>
          <Text className="xz-picker__hint">›</Text>
        </View>
      ))}
    </View>
  )
}
