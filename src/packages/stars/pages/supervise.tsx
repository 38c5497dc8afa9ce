/** The village board's parts for people other than the village: photos in a report, 负面清单 (township), 确认星级 (county). */
import { Button, Image, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { callFunction } from '@/api/client'
import { newRequestId } from '@/api/draft'
import { useCall } from '@/api/useCall'
import { confirmAction } from '@/state/confirm'
import { levelWord } from './shared'

/** A report's photos: one button each; tapping loads the photo and shows it below. */
export function ReportPhotos({ villageId, fileIds }: { villageId: string; fileIds: string[] }) {
  const [shown, setShown] = useState<{ fileId: string; dataUrl: string } | null>(null)
  const [message, setMessage] = useState('')
  if (!fileIds.length) return null
  const open = async (fileId: string) => {
    setMessage('')
    const r = await callFunction('stars', 'reportPhoto', { villageId, fileId })
    if (r.ok) setShown({ fileId, dataUrl: r.data.dataUrl })
    else setMessage(r.error.message)
  }
  return (
    <View>
      <View className="stars__actions">
        {fileIds.map((f, i) => (
          <Button key={f} size="mini" onClick={() => open(f)}>{`看照片 ${i + 1}`}</Button>
        ))}
      </View>
      {shown ? <Image className="stars__photo" src={shown.dataUrl} mode="widthFix" aria-label="填报照片" /> : null}
      {message ? <Text className="stars__meta stars__warn">{message}</Text> : null}
    </View>
  )
}

/** Township: record a 负面清单 item for this village (vetoes its stars per the template; the village sees why). */
export function VetoCard({ villageId, year, onDone }: { villageId: string; year: number; onDone: () => void }) {
  const tpl = useCall('stars', 'template', { year })
  const [item, setItem] = useState('')
  const [note, setNote] = useState('')
  const [message, setMessage] = useState('')
  const items = tpl.data?.template.negativeList ?? []
  if (!items.length) return null
  const chosen = items.find((n) => n.key === item)
  const record = async () => {
    if (!chosen) return setMessage('请先选一项负面清单事项')
    if (note.trim().length < 2) return setMessage('请写明事由')
    const starName = (k: string) => tpl.data?.template.stars.find((s) => s.key === k)?.name ?? k
    const what = chosen.vetoes === 'all' ? '当年星级全部否决' : `否决${chosen.vetoes.map(starName).join('、')}`
    const ok = await confirmAction({
      title: '记录负面清单？',
      content: `“${chosen.text}”记入本村 ${year} 年负面清单，${what}，村里会看到事由。记录后不能撤回。`,
      confirmText: '记录',
    })
    if (!ok) return
    const r = await callFunction(
      'stars',
      'recordVeto',
      { villageId, year, item: chosen.key, note: note.trim() },
      { requestId: newRequestId() },
    )
    if (!r.ok) return setMessage(r.error.message)
    setMessage(`已记录，本村现测算为${levelWord(r.data.level)}`)
    setItem('')
    setNote('')
    onDone()
  }
  return (
    <View className="card">
      <Text className="stars__line">记录负面清单事项</Text>
      <Text className="stars__meta">选一项，写明事由（村里看得到）</Text>
      {items.map((n) => (
        <Button
          key={n.key}
          size="mini"
          className={n.key === item ? 'stars__choice stars__on' : 'stars__choice'}
          onClick={() => setItem(n.key)}
        >
          {`${n.key === item ? '● ' : ''}${n.text}`}
        </Button>
      ))}
      <Textarea
        className="stars__input"
        value={note}
        onInput={(e) => setNote(e.detail.value)}
        placeholder="事由，例如：时间、经过、处理结果"
        aria-label="负面清单事由"
      />
      <View className="stars__actions">
        <Button onClick={record}>记录负面清单</Button>
      </View>
      {message ? <Text className="stars__meta">{message}</Text> : null}
    </View>
  )
}

const LEVELS = [5, 4, 3, 2, 0] as const

/** County: confirm the village's level for the year, at most the level its tasks reach. */
export function ConfirmLevelCard({
  villageId,
  year,
  level,
  confirmed,
  onDone,
}: {
  villageId: string
  year: number
  level: number
  confirmed: number | null
  onDone: () => void
}) {
  const [message, setMessage] = useState('')
  const confirm = async (l: (typeof LEVELS)[number]) => {
    const ok = await confirmAction({
      title: `确认为${levelWord(l)}？`,
      content: `本村 ${year} 年星级确认为${levelWord(l)}。确认后这一年的任务模板不能再改。`,
      confirmText: '确认',
    })
    if (!ok) return
    const r = await callFunction('stars', 'confirmLevel', { villageId, year, level: l }, { requestId: newRequestId() })
    setMessage(r.ok ? `已确认 ${year} 年星级：${levelWord(r.data.level)}` : r.error.message)
    if (r.ok) onDone()
  }
  return (
    <View className="card">
      <Text className="stars__line">{`确认 ${year} 年星级`}</Text>
      <Text className="stars__meta">
        {`按任务测算为${levelWord(level)}，确认的星级不能更高${confirmed !== null ? ` · 已确认${levelWord(confirmed)}` : ''}`}
      </Text>
      <View className="stars__actions">
        {LEVELS.filter((l) => l <= level).map((l) => (
          <Button key={l} size="mini" onClick={() => confirm(l)}>{`确认${levelWord(l)}`}</Button>
        ))}
      </View>
      {message ? <Text className="stars__meta">{message}</Text> : null}
    </View>
  )
}
