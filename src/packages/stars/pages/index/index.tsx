import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { beijingMonth } from '@common/rules/beijing-time'
import { periodLabel } from '@common/rules/human-text'
import { callFunction } from '@/api/client'
import { newRequestId } from '@/api/draft'
import { useCall } from '@/api/useCall'
import ErrorNotice from '@/components/ErrorNotice'
import { VillageNeeded } from '@/components/VillagePicker'
import { canIn } from '@/state/access'
import { useLargeText } from '@/state/prefs'
import { go, levelWord, useStarsVillage } from '../shared'
import { pickPhoto } from '@/api/photo'
import { ConfirmLevelCard, ReportPhotos, VetoCard } from '../supervise'
import '../../../../state/large-text.css'
import '../stars.css'

/** 村的创建任务：每颗星、每项任务（自动取证的注明来源），村填报、自评，乡镇意见与负面清单原因。 */
export default function StarsVillagePage() {
  const { pageClass } = useLargeText()
  const { villageId, canFile, view } = useStarsVillage()
  const board = useCall('stars', 'villageBoard', { villageId: villageId || 'none' })
  const [open, setOpen] = useState('')
  const [text, setText] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const [message, setMessage] = useState('')
  const can = canIn(view)
  if (!villageId)
    return (
      <View className={pageClass}>
        <VillageNeeded view={view} />
      </View>
    )
  const b = board.data
  const report = async (taskKey: string, done: boolean) => {
    const r = await callFunction(
      'stars',
      'reportTask',
      { villageId, taskKey, done, text, photos },
      { requestId: newRequestId() },
    )
    setMessage(r.ok ? '已填报' : r.error.message)
    if (r.ok) {
      setOpen('')
      setText('')
      setPhotos([])
      board.reload()
    }
  }
  const submit = async () => {
    const r = await callFunction(
      'stars',
      'submitAssessment',
      { villageId, period: beijingMonth(Date.now()), note: '' },
      { requestId: newRequestId() },
    )
    setMessage(r.ok ? '本月自评已提交乡镇' : r.error.message)
    board.reload()
  }
  const addPhoto = async () => {
    const photo = await pickPhoto()
    if (photo) setPhotos((p) => [...p, photo].slice(0, 3))
  }
  return (
    <View className={pageClass}>
      {board.error ? <ErrorNotice error={board.error} onRetry={board.reload} /> : null}
      {b ? (
        <>
          <View className="card">
            <Text className="stars__title">{`${b.villageName} ${b.year} 年五星支部创建`}</Text>
            <Text className="stars__label">{b.templateLabel}</Text>
            <Text className="stars__big">{levelWord(b.level)}</Text>
            <Text className="stars__meta">{`按目前完成情况测算 · 任务完成 ${b.tasksMet}/${b.taskCount}${b.confirmedLevel !== null ? ` · 县里确认 ${levelWord(b.confirmedLevel)}` : ''} · 上年 ${levelWord(b.lastYearLevel)}`}</Text>
            <View className="stars__actions">
              {canFile ? <Button onClick={submit}>提交本月自评</Button> : null}
              <Button onClick={() => go(`/packages/stars/pages/supply/index?villageId=${villageId}`)}>供需清单</Button>
              <Button onClick={() => go('/packages/stars/pages/template/index')}>任务模板</Button>
            </View>
            {message ? <Text className="stars__meta">{message}</Text> : null}
          </View>
          {b.assessments.length ? (
            <View className="card">
              <Text className="stars__line">自评与乡镇意见</Text>
              {b.assessments.map((a) => (
                <View key={a.period} className="xz-row stars__item">
                  <Text
                    className={a.status === 'returned' ? 'stars__line stars__warn' : 'stars__line'}
                  >{`${periodLabel(a.period)} ${a.statusLabel}`}</Text>
                  {a.comment ? <Text className="stars__meta">{`乡镇意见：${a.comment}`}</Text> : null}
                </View>
              ))}
            </View>
          ) : null}
          {can('stars.confirmLevel') ? (
            <ConfirmLevelCard
              villageId={villageId}
              year={b.year}
              level={b.level}
              confirmed={b.confirmedLevel}
              onDone={board.reload}
            />
          ) : null}
          {can('stars.recordVeto') ? <VetoCard villageId={villageId} year={b.year} onDone={board.reload} /> : null}
          {b.vetoes.length ? (
            <View className="card">
              <Text className="stars__line stars__warn">负面清单</Text>
              {b.vetoes.map((v) => (
                <Text key={v.id} className="stars__meta">{`${v.text}：${v.note}`}</Text>
              ))}
            </View>
          ) : null}
          {b.stars.map((s) => (
            <View key={s.key} className="card">
              <Text
                className={s.earned ? 'stars__title stars__ok' : 'stars__title'}
              >{`${s.earned ? '★' : '☆'} ${s.name} ${s.tasksMet}/${s.tasks}`}</Text>
              {s.missingPrerequisites.length ? (
                <Text className="stars__meta stars__warn">需先得到支部过硬星</Text>
              ) : null}
              {s.vetoedBy.map((v) => (
                <Text key={v} className="stars__meta stars__warn">{`被否决：${v}`}</Text>
              ))}
              {b.tasks
                .filter((t) => t.star === s.key)
                .map((t) => (
                  <View key={t.key} className="xz-row stars__item">
                    <Text
                      className={t.met ? 'stars__line stars__ok' : 'stars__line'}
                    >{`${t.met ? '✓' : '○'} ${t.name}`}</Text>
                    <Text className="stars__meta">
                      {t.kind === 'auto'
                        ? `${t.note} · 来自${t.source?.label ?? ''}`
                        : `${t.note}${t.report?.text ? `：${t.report.text}` : ''}`}
                    </Text>
                    {t.report?.photos.length ? <ReportPhotos villageId={villageId} fileIds={t.report.photos} /> : null}
                    {t.kind === 'auto' ? (
                      <Button
                        size="mini"
                        onClick={() =>
                          go(`/packages/stars/pages/evidence/index?villageId=${villageId}&taskKey=${t.key}`)
                        }
                      >
                        查看来源记录
                      </Button>
                    ) : !canFile ? null : open === t.key ? (
                      <View>
                        <Text className="stars__meta">{`需要：${String(t.target)}`}</Text>
                        <Textarea
                          className="stars__input"
                          value={text}
                          onInput={(e) => setText(e.detail.value)}
                          placeholder="写明完成情况（填一次，各次自评共用）"
                        />
                        {photos.length ? (
                          <Text className="stars__meta">{`已选 ${photos.length} 张照片（最多 3 张）`}</Text>
                        ) : null}
                        <View className="stars__actions">
                          {photos.length < 3 ? (
                            <Button size="mini" onClick={addPhoto}>
                              加照片
                            </Button>
                          ) : null}
                          <Button size="mini" onClick={() => report(t.key, true)}>
                            已完成
                          </Button>
                          <Button size="mini" onClick={() => report(t.key, false)}>
                            未完成
                          </Button>
                        </View>
                      </View>
                    ) : (
                      <Button
                        size="mini"
                        onClick={() => {
                          setOpen(t.key)
                          setText(t.report?.text ?? '')
                          setPhotos([])
                        }}
                      >
                        {t.report ? '修改填报' : '填报'}
                      </Button>
                    )}
                  </View>
                ))}
            </View>
          ))}
        </>
      ) : null}
    </View>
  )
}
