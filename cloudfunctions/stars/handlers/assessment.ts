import { starsContract } from '../../../common/contracts/stars'
import { AppError } from '../../../common/errors'
import { beijingMonth } from '../../../common/rules/beijing-time'
import { ASSESSMENT_STATUS_LABELS, nextAssessmentStatus } from '../../../common/rules/stars'
import { findById, getVillage } from '../../_lib/records'
import { refuseRetired } from '../../_lib/open-village'
import type { Handlers } from '../../_lib/runtime'
import { updatedCount, addOnce } from '../../_lib/writes'
import {
  ASSESSMENTS,
  boardId,
  callerName,
  LEVELS,
  liveAssessment,
  patchBoardRow,
  templateOf,
  VETOES,
  yearOfMonth,
  type AssessmentDoc,
  type LevelDoc,
  type VetoDoc,
} from '../store'
import { assessmentView } from '../views'

/** Self-assessment, the township's review, negative-list events and the county's confirmed level. */
export const assessment: Pick<
  Handlers<typeof starsContract>,
  'submitAssessment' | 'reviewAssessment' | 'recordVeto' | 'confirmLevel'
> = {
  async submitAssessment({ villageId, period, note }, ctx) {
    const { db, now } = ctx
    const village = await getVillage(db, villageId)
    refuseRetired(village, '提交五星评定')
    const year = Number(period.slice(0, 4))
    const _id = `${villageId}_${period}`
    const existing = await findById<AssessmentDoc>(db, ASSESSMENTS, _id)
    const status = nextAssessmentStatus(existing?.status ?? null, 'submit')
    if (!status) throw new AppError('FAILED_PRECONDITION', '这一期的自评乡镇已认可，不能再改')
    const { result } = await liveAssessment(db, village, year, now)
    const doc: Omit<AssessmentDoc, '_id'> = {
      villageId,
      townshipId: village.townshipId,
      villageName: village.name,
      year,
      period,
      status,
      note,
      comment: existing?.comment ?? '',
      tasksMet: result.tasksMet,
      level: result.level,
      submittedAt: now,
      reviewedAt: null,
      reviewerName: '',
      history: [...(existing?.history ?? []), { at: now, action: 'submit', byName: callerName(ctx), comment: note }],
    }
    await db.collection(ASSESSMENTS).doc(_id).set({ data: doc })
    await patchBoardRow(db, { _id: boardId(village.townshipId, period) }, villageId, { assessment: status })
    return assessmentView({ _id, ...doc })
  },

  async reviewAssessment({ villageId, period, decision, comment }, ctx) {
    const { db, now } = ctx
    const _id = `${villageId}_${period}`
    const existing = await findById<AssessmentDoc>(db, ASSESSMENTS, _id)
    if (!existing || existing.villageId !== villageId) throw new AppError('NOT_FOUND', '这个村这一期还没有自评')
    const status = nextAssessmentStatus(existing.status, decision)
    if (!status)
      throw new AppError('FAILED_PRECONDITION', `这一期的自评${ASSESSMENT_STATUS_LABELS[existing.status]}，不能再审核`)
    const history = [...existing.history, { at: now, action: decision, byName: callerName(ctx), comment }]
    const res = await db
      .collection(ASSESSMENTS)
      .where({ _id, status: 'submitted' })
      .update({ data: { status, comment, reviewedAt: now, reviewerName: callerName(ctx), history } })
    if (updatedCount(res) === 0) throw new AppError('FAILED_PRECONDITION', '这一期的自评刚被处理过，请刷新')
    await patchBoardRow(db, { _id: boardId(existing.townshipId, period) }, villageId, { assessment: status })
    return assessmentView({ ...existing, status, comment, reviewedAt: now, reviewerName: callerName(ctx), history })
  },

  async recordVeto({ villageId, year, item, note }, ctx) {
    const { db, now } = ctx
    const village = await getVillage(db, villageId)
    const y = year ?? yearOfMonth(beijingMonth(now))
    const template = await templateOf(db, y)
    if (!template.negativeList.some((n) => n.key === item))
      throw new AppError('FAILED_PRECONDITION', '负面清单里没有这一项')
    const doc: VetoDoc = {
      _id: ctx.newId('sv'),
      villageId,
      townshipId: village.townshipId,
      year: y,
      item,
      note,
      at: now,
      byName: callerName(ctx),
    }
    await addOnce(db.collection(VETOES), doc as unknown as VetoDoc & Record<string, unknown>)
    const { result } = await liveAssessment(db, village, y, now)
    return { id: doc._id, level: result.level }
  },

  async confirmLevel({ villageId, year, level }, { db, now }) {
    const village = await getVillage(db, villageId)
    const { result } = await liveAssessment(db, village, year, now)
    if (level > result.level)
      throw new AppError(
        'FAILED_PRECONDITION',
        `按任务完成情况测算为${result.level ? `${result.level}星` : '未达二星'}，确认的星级不能更高`,
      )
    const doc: Omit<LevelDoc, '_id'> = { villageId, townshipId: village.townshipId, year, level, confirmedAt: now }
    await db.collection(LEVELS).doc(`${villageId}_${year}`).set({ data: doc })
    await patchBoardRow(db, { townshipId: village.townshipId, year }, villageId, { confirmedLevel: level })
    return { level }
  },
}
