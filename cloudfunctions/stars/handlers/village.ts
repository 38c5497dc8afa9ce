import { starsContract } from '../../../common/contracts/stars'
import { AppError } from '../../../common/errors'
import { beijingMonth } from '../../../common/rules/beijing-time'
import { METRIC_LABELS } from '../../../common/rules/stars-template'
import { getDocs } from '../../_lib/cloud'
import { fileStore } from '../../_lib/files'
import { findById, getVillage, iso } from '../../_lib/records'
import { refuseRetired } from '../../_lib/open-village'
import type { Handlers } from '../../_lib/runtime'
import { sourceOf } from '../sources'
import {
  ASSESSMENTS,
  callerName,
  countySettings,
  LEVELS,
  liveAssessmentOf,
  monthFor,
  reportId,
  REPORTS,
  scopeFor,
  templateOf,
  yearOfMonth,
  type AssessmentDoc,
  type LevelDoc,
  type ReportDoc,
} from '../store'
import { assessmentView } from '../views'

/** A village's own board, computed live from the sources, and the tasks it reports itself. */
export const village: Pick<
  Handlers<typeof starsContract>,
  'villageBoard' | 'taskEvidence' | 'reportTask' | 'reportPhoto'
> = {
  async villageBoard({ villageId, year }, { db, now }) {
    const y = year ?? yearOfMonth(beijingMonth(now))
    // The village and everything else the board needs from the start go out together.
    const villageRead = getVillage(db, villageId)
    const [village, { template, month, reports, vetoes, result }, assessments, [confirmed]] = await Promise.all([
      villageRead,
      liveAssessmentOf(db, villageId, villageRead, y, now),
      getDocs<AssessmentDoc>(
        db.collection(ASSESSMENTS).where({ villageId, year: y }).orderBy('submittedAt', 'desc').limit(24),
      ),
      getDocs<LevelDoc>(
        db
          .collection(LEVELS)
          .where({ _id: `${villageId}_${y}` })
          .limit(1),
      ),
    ])
    const reportBy = new Map(reports.map((r) => [r.taskKey, r]))
    return {
      villageName: village.name,
      kind: village.kind,
      year: y,
      month,
      templateLabel: template.label,
      level: result.level,
      confirmedLevel: confirmed?.level ?? null,
      lastYearLevel: village.starLevel ?? 0,
      tasksMet: result.tasksMet,
      taskCount: result.taskCount,
      stars: result.stars,
      tasks: result.tasks.map((t) => {
        const src = t.metric ? sourceOf(t.metric) : undefined
        const r = reportBy.get(t.key)
        return {
          ...t,
          source: src ? { module: src.key, label: src.label, path: src.path(villageId) } : undefined,
          report: r
            ? {
                done: r.done,
                text: r.text,
                photos: r.photos,
                review: r.review,
                reviewComment: r.reviewComment,
                updatedAt: iso(r.updatedAt)!,
              }
            : null,
        }
      }),
      vetoes: vetoes.map((v) => ({
        id: v._id,
        key: v.item,
        text: template.negativeList.find((n) => n.key === v.item)?.text ?? v.item,
        note: v.note,
        at: iso(v.at)!,
      })),
      assessments: assessments.map(assessmentView),
    }
  },

  async taskEvidence({ villageId, year, taskKey }, { db, now }) {
    const village = await getVillage(db, villageId)
    const y = year ?? yearOfMonth(beijingMonth(now))
    const template = await templateOf(db, y)
    const task = template.stars.flatMap((s) => s.tasks).find((t) => t.key === taskKey)
    if (!task) throw new AppError('NOT_FOUND', '模板里没有这项任务')
    if (task.measure.kind !== 'auto') throw new AppError('FAILED_PRECONDITION', '这项任务由村里填报，没有自动来源')
    const metric = task.measure.metric
    const source = sourceOf(metric)
    if (!source) throw new AppError('FAILED_PRECONDITION', '这项任务的来源模块尚未接入')
    const month = monthFor(y, now)
    const county = await countySettings(db)
    const [loaded, records] = await Promise.all([
      source.load(db, scopeFor([village], county, y, month, now, villageId)),
      source.records(db, villageId, { year: y, month, now }, metric),
    ])
    return {
      taskName: task.name,
      metric: METRIC_LABELS[metric],
      value: loaded.get(villageId)?.ytd[metric] ?? 0,
      sourceLabel: source.label,
      aggregateIds: source.aggregateIds(villageId, { year: y, month }),
      records: records.slice(0, 100),
      truncated: records.length >= 100,
    }
  },

  async reportTask({ villageId, year, taskKey, done, text, photos }, ctx) {
    const { db, now } = ctx
    const village = await getVillage(db, villageId)
    refuseRetired(village, '填报五星任务')
    const y = year ?? yearOfMonth(beijingMonth(now))
    const template = await templateOf(db, y)
    const task = template.stars.flatMap((s) => s.tasks).find((t) => t.key === taskKey)
    if (!task) throw new AppError('NOT_FOUND', '模板里没有这项任务')
    if (task.measure.kind !== 'reported')
      throw new AppError('FAILED_PRECONDITION', '这项任务由应用从已有记录自动计算，不用填报')
    const store = fileStore()
    const fileIds: string[] = []
    for (const [i, dataUrl] of photos.entries())
      fileIds.push(
        await store.put(db, { villageId, name: `${taskKey}-${i + 1}`, dataUrl, createdBy: ctx.identity.openid }, now),
      )
    const _id = reportId(villageId, y, taskKey)
    const previous = await findById<ReportDoc>(db, REPORTS, _id)
    const doc: Omit<ReportDoc, '_id'> = {
      villageId,
      townshipId: village.townshipId,
      year: y,
      taskKey,
      done,
      text,
      photos: fileIds.length ? fileIds : (previous?.photos ?? []),
      review: null,
      reviewComment: previous?.reviewComment ?? '',
      updatedAt: now,
      byName: callerName(ctx),
    }
    await db.collection(REPORTS).doc(_id).set({ data: doc })
    return { taskKey, done, photos: doc.photos.length }
  },

  async reportPhoto({ villageId, fileId }, { db }) {
    return { dataUrl: await fileStore().get(db, villageId, fileId) }
  },
}
