import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { ErrorBody } from '@common/errors'
import { TEMPLATES, type ImportKind } from '@common/rules/roster-import'
import { callFunction, type CallOutput } from '@/api/client'
import Button from '@/components/Button'
import ErrorNotice from '@/components/ErrorNotice'
import { VillageNeeded } from '@/components/VillagePicker'
import { canIn } from '@/state/access'
import { confirmAction } from '@/state/confirm'
import { useLargeText } from '@/state/prefs'
import { useVillage } from '@/state/village'
import { pickWorkbook, saveWorkbook, type PickedFile } from './file'
import '../../../../state/large-text.css'
import './import.css'

type Preview = CallOutput<'imports', 'preview'>
type Progress = {
  done: number
  created: number
  updated: number
  links: number
  /** The chunk to write next (absent once done) and the sheet line it starts at. */
  nextChunk?: number
  nextLine?: number
  finished: boolean
}
const KINDS: ImportKind[] = ['party', 'representatives', 'households', 'grids']

/** What the counts of an import mean for each roster, said as a cadre would. */
function summary(kind: ImportKind, p: Progress): string {
  if (kind === 'grids')
    return `已设置联户 ${p.links} 户，新建网格 ${p.created} 个，调整网格长和户所在网格 ${p.updated} 处`
  const unit = kind === 'households' ? '户' : '人'
  return `已导入 ${p.done} ${unit}：新增 ${p.created} ${unit}，更新 ${p.updated} ${unit}`
}

/**
 * 从 Excel 导入花名册: download the template, fill it (or receive it filled in a chat), choose it, see every row's
 * problems, then import the rows without problems — chunk by chunk from the one read the preview made, continuing
 * where an interrupted import stopped (also after choosing the same file again later). Beside it, the same rosters
 * exported to Excel for the roles that may (columns of personal data as the personal-data table allows).
 */
export default function ImportPage() {
  const { pageClass } = useLargeText()
  const view = useVillage()
  const villageId = view.villageId
  const can = canIn(view)
  const mayImport = can('imports.preview')
  const mayExport = can('imports.export')
  const [kind, setKind] = useState<ImportKind>('party')
  const [picked, setPicked] = useState<PickedFile>()
  const [preview, setPreview] = useState<Preview>()
  const [busy, setBusy] = useState('')
  const [error, setError] = useState<ErrorBody>()
  const [progress, setProgress] = useState<Progress>()
  const [exported, setExported] = useState('')

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
    setExported('')
  }

  async function template() {
    setBusy('template')
    setError(undefined)
    const r = await callFunction('imports', 'template', { villageId: villageId!, kind })
    setBusy('')
    if (!r.ok) return setError(r.error)
    await saveWorkbook(r.data.fileName, r.data.base64).catch(() => fail('模板已生成，但打开失败，请重试'))
  }

  async function exportRoster() {
    setBusy('export')
    setError(undefined)
    setExported('')
    const r = await callFunction('imports', 'export', { villageId: villageId!, kind })
    setBusy('')
    if (!r.ok) return setError(r.error)
    try {
      await saveWorkbook(r.data.fileName, r.data.base64)
      setExported(`已导出「${r.data.fileName}」，共 ${r.data.rows} 行`)
    } catch {
      fail('表格已生成，但打开失败，请重试')
    }
  }

  async function pick() {
    setError(undefined)
    setBusy('pick')
    try {
      const file = await pickWorkbook(villageId!)
      if (!file) return
      setPicked(file)
      setProgress(undefined)
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

  async function commit(from: number) {
    const stage = preview?.stage
    if (!stage) return
    setError(undefined)
    setBusy('commit')
    let sum: Progress =
      progress && from > 0 ? progress : { done: 0, created: 0, updated: 0, links: 0, nextChunk: from, finished: false }
    const call = (chunk: number) =>
      callFunction('imports', 'commit', { villageId: villageId!, stageId: stage.stageId, chunk })
    let chunk: number | undefined = from
    while (chunk !== undefined) {
      const r = await call(chunk)
      if (!r.ok) {
        setError(r.error)
        break
      }
      sum = {
        done: sum.done + r.data.created + r.data.updated,
        created: sum.created + r.data.created,
        updated: sum.updated + r.data.updated,
        links: sum.links + (r.data.links ?? 0),
        nextChunk: r.data.nextChunk,
        nextLine: r.data.nextLine,
        finished: r.data.done,
      }
      setProgress(sum)
      chunk = r.data.nextChunk
    }
    setBusy('')
  }

  async function confirmCommit() {
    if (!preview?.stage) return
    const resume = preview.stage.resumeChunk
    const bad = preview.total - preview.ready
    const ok = await confirmAction({
      title: resume ? `从第 ${preview.stage.resumeLine} 行继续导入？` : `导入 ${preview.ready} 行？`,
      content: `${bad ? `有问题的 ${bad} 行不会导入，改好后可再导入同一文件。` : ''}${
        kind === 'grids'
          ? '表中的网格、网格长和联户关系将写入本村，原来的联户关系改为历史记录。'
          : '已在花名册中的会更新，不会重复。'
      }`,
      confirmText: '导入',
    })
    if (ok) await commit(resume ?? 0)
  }

  /** 放弃这次导入: the staged rows are removed; what was already written stays on the roster. */
  async function discard() {
    const stage = preview?.stage
    if (!stage) return
    const started = Boolean(stage.resumeChunk || progress)
    const ok = await confirmAction({
      title: '放弃这次导入？',
      content: started
        ? `已经导入的行留在花名册中，其余的行不再导入。要继续，需重新选择文件。`
        : `表中的行都不会导入。改好表格后可重新选择文件导入。`,
      confirmText: '放弃',
    })
    if (!ok) return
    setError(undefined)
    setBusy('discard')
    const r = await callFunction('imports', 'discard', { villageId: villageId!, stageId: stage.stageId })
    setBusy('')
    if (!r.ok) return setError(r.error)
    setPicked(undefined)
    setPreview(undefined)
    setProgress(undefined)
    setExported('已放弃这次导入')
  }

  const t = TEMPLATES[kind]
  const stopped = progress && !progress.finished && busy !== 'commit' && progress.nextChunk !== undefined
  return (
    <View className={pageClass}>
      <View className="card imp__card">
        <Text className="imp__hint">{mayImport ? '选择要导入或导出的花名册' : '选择要导出的花名册'}</Text>
        <View>
          {KINDS.map((k) => (
            <Button key={k} size="mini" type={k === kind ? 'primary' : 'default'} onClick={() => choose(k)}>
              {TEMPLATES[k].title}
            </Button>
          ))}
        </View>
        {mayImport ? (
          <View>
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
        ) : null}
        {mayExport ? (
          <Button type="default" loading={busy === 'export'} disabled={Boolean(busy)} onClick={exportRoster}>
            导出本村「{t.title}」
          </Button>
        ) : null}
        {exported ? <Text className="imp__hint">{exported}</Text> : null}
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
            {kind === 'grids'
              ? `共 ${preview.total} 行：${preview.ready} 行可以导入，${preview.total - preview.ready} 行有问题`
              : `共 ${preview.total} 行：${preview.ready} 行可以导入（其中 ${preview.updates} ${kind === 'households' ? '户' : '人'}已在花名册中，将更新），${preview.total - preview.ready} 行有问题`}
          </Text>
          {preview.newGrids.length ? (
            <Text className="imp__hint">{`将新建网格：${preview.newGrids.join('、')}`}</Text>
          ) : null}
          {preview.rows.map((r) => (
            <View key={r.line} className="xz-row">
              <Text>{`第 ${r.line} 行 ${r.name}：${r.problems.join('；')}`}</Text>
            </View>
          ))}
          {preview.stage?.resumeLine ? (
            <Text className="imp__hint">{`这个文件上次导入到第 ${preview.stage.resumeLine} 行时中断，可以接着导入。`}</Text>
          ) : null}
          {preview.stage && !progress ? (
            <Button type="primary" disabled={Boolean(busy)} onClick={confirmCommit}>
              {preview.stage.resumeLine ? `从第 ${preview.stage.resumeLine} 行继续导入` : `导入 ${preview.ready} 行`}
            </Button>
          ) : null}
          {preview.stage && !progress ? (
            <Button type="default" loading={busy === 'discard'} disabled={Boolean(busy)} onClick={discard}>
              放弃这次导入
            </Button>
          ) : null}
        </View>
      ) : null}

      {progress ? (
        <View className="card imp__card" aria-role="status">
          <Text className="imp__name">
            {progress.finished ? '导入完成' : busy === 'commit' ? '正在导入…' : '导入中断'}
          </Text>
          <Text className="imp__hint">{summary(kind, progress)}</Text>
          {stopped ? (
            <Button type="primary" onClick={() => commit(progress.nextChunk!)}>
              从第 {progress.nextLine} 行继续导入
            </Button>
          ) : null}
          {stopped && preview?.stage ? (
            <Button type="default" loading={busy === 'discard'} disabled={Boolean(busy)} onClick={discard}>
              放弃这次导入
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
