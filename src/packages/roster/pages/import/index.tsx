import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import { TEMPLATES, type ImportKind } from '@common/rules/roster-import'
import { callFunction, type CallOutput } from '@/api/client'
import Button from '@/components/Button'
import ErrorNotice from '@/components/ErrorNotice'
import { VillageNeeded } from '@/components/VillagePicker'
import { useLargeText } from '@/state/prefs'
import { useVillage } from '@/state/village'
import { pickWorkbook, saveTemplate, type PickedFile } from './file'
import '../../../../state/large-text.css'
import './import.css'

type Preview = CallOutput<'imports', 'preview'>
const KINDS: ImportKind[] = ['party', 'representatives', 'households', 'grids']
/** The rosters whose rows are written today; the others are checked (preview) only. */
const COMMITTABLE = new Set<ImportKind>(['party', 'representatives', 'households'])

/**
 * 从 Excel 导入花名册: download the template, fill it (or receive it filled in a chat), choose it, see every row's
 * problems, then import the rows without problems — in batches, continuing where an interrupted import stopped.
 */
export default function ImportPage() {
  const { pageClass } = useLargeText()
  const view = useVillage()
  const villageId = view.villageId
  const [kind, setKind] = useState<ImportKind>('party')
  const [picked, setPicked] = useState<PickedFile>()
  const [preview, setPreview] = useState<Preview>()
  const [busy, setBusy] = useState('')
  const [error, setError] = useState<ErrorBody>()
  const [confirming, setConfirming] = useState(false)
  const [progress, setProgress] = useState<{ done: number; created: number; updated: number; nextLine?: number }>()

  if (!villageId)
    return (
      <View className={pageClass}>
        <VillageNeeded view={view} />
      </View>
    )

  const fail = (message: string) => setError({ code: 'INVALID_ARGUMENT', message })
  const choose = (k: ImportKind) => {
    setKind(k)
    setPicked(undefined)
    setPreview(undefined)
    setProgress(undefined)
    setConfirming(false)
  }

  async function template() {
    setBusy('template')
    setError(undefined)
    const r = await callFunction('imports', 'template', { villageId: villageId!, kind })
    setBusy('')
    if (!r.ok) return setError(r.error)
    await saveTemplate(r.data.fileName, r.data.base64).catch(() => fail('模板已生成，但打开失败，请重试'))
  }

  async function pick() {
    setError(undefined)
    setBusy('pick')
    try {
      const file = await pickWorkbook(villageId!)
      if (!file) return
      setPicked(file)
      setProgress(undefined)
      setConfirming(false)
      const r = await callFunction('imports', 'preview', { villageId: villageId!, kind, file: file.file })
      if (!r.ok) {
        setPreview(undefined)
        return setError(r.error)
      }
      setPreview(r.data)
    } catch (e) {
      fail((e as Error).message || '选择文件失败，请重试')
    } finally {
      setBusy('')
    }
  }

  async function commit(fromLine?: number) {
    if (!picked || kind === 'grids') return
    setConfirming(false)
    setError(undefined)
    setBusy('commit')
    let next = fromLine
    let sum = progress && fromLine ? progress : { done: 0, created: 0, updated: 0 }
    for (;;) {
      const r = await callFunction('imports', 'commit', {
        villageId: villageId!,
        kind,
        file: picked.file,
        fromLine: next,
      })
      if (!r.ok) {
        setError(r.error)
        setProgress({ ...sum, nextLine: next ?? 1 })
        break
      }
      sum = {
        done: sum.done + r.data.created + r.data.updated,
        created: sum.created + r.data.created,
        updated: sum.updated + r.data.updated,
      }
      next = r.data.nextLine
      setProgress({ ...sum, nextLine: next })
      if (!next) break
    }
    setBusy('')
  }

  const t = TEMPLATES[kind]
  const finished = progress && !progress.nextLine && !busy
  return (
    <View className={pageClass}>
      <View className="card imp__card">
        <Text className="imp__hint">选择要导入的花名册</Text>
        <View>
          {KINDS.map((k) => (
            <Button key={k} size="mini" type={k === kind ? 'primary' : 'default'} onClick={() => choose(k)}>
              {TEMPLATES[k].title}
            </Button>
          ))}
        </View>
        <Text className="imp__hint">
          {`表头：${t.columns.map((c) => c.header).join('、')}。身份证号请设为文本格式；只保存后四位。`}
        </Text>
        <Button type="default" loading={busy === 'template'} disabled={Boolean(busy)} onClick={template}>
          下载「{t.title}」模板
        </Button>
        <Button type="primary" loading={busy === 'pick'} disabled={Boolean(busy)} onClick={pick}>
          {process.env.TARO_ENV === 'h5' ? '选择填好的 Excel 文件' : '从微信聊天中选择 Excel 文件'}
        </Button>
      </View>

      {error ? <ErrorNotice error={error} /> : null}

      {preview && picked ? (
        <View className="card imp__card" aria-role="status">
          <Text className="imp__name">{picked.name}</Text>
          {preview.sheetProblems.map((p) => (
            <Text key={p} className="imp__problem">
              {p}
            </Text>
          ))}
          <Text className="imp__hint">
            {`共 ${preview.total} 行：${preview.ready} 行可以导入（其中 ${preview.updates} 人已在花名册中，将更新），${preview.total - preview.ready} 行有问题`}
          </Text>
          {preview.rows.map((r) => (
            <View key={r.line} className="xz-row">
              <Text>{`第 ${r.line} 行 ${r.name}：${r.problems.join('；')}`}</Text>
            </View>
          ))}
          {!COMMITTABLE.has(kind) ? (
            <Text className="imp__hint">这种花名册目前只能检查，导入功能还在开发中。</Text>
          ) : preview.ready > 0 && !progress ? (
            confirming ? (
              <View>
                <Text className="imp__hint">
                  {`确认导入 ${preview.ready} 行？有问题的 ${preview.total - preview.ready} 行不会导入，改好后可再导入同一文件（已导入的人会更新，不会重复）。`}
                </Text>
                <Button type="primary" onClick={() => commit()}>
                  确认导入
                </Button>
                <Button type="default" onClick={() => setConfirming(false)}>
                  取消
                </Button>
              </View>
            ) : (
              <Button type="primary" onClick={() => setConfirming(true)}>
                导入 {preview.ready} 行
              </Button>
            )
          ) : null}
        </View>
      ) : null}

      {progress ? (
        <View className="card imp__card" aria-role="status">
          <Text className="imp__name">{finished ? '导入完成' : busy === 'commit' ? '正在导入…' : '导入中断'}</Text>
          <Text className="imp__hint">{`已导入 ${progress.done} 人：新增 ${progress.created} 人，更新 ${progress.updated} 人`}</Text>
          {!finished && busy !== 'commit' && progress.nextLine ? (
            <Button type="primary" onClick={() => commit(progress.nextLine)}>
              从第 {progress.nextLine} 行继续导入
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
