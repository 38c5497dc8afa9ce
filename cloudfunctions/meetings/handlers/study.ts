/** The 红色课堂 study shelf and declared study, and a member's messages (with the timer's notification sweep). */
import { AppError } from '../../../common/errors'
import { materialProblem, studyDateProblem } from '../../../common/rules/meeting-conduct'
import { callerIn, rosterCallerIn } from '../../_lib/caller'
import { getDocs } from '../../_lib/cloud'
import { listOutbox, noticeSender, sendDue } from '../../_lib/notify'
import { getVillage, iso } from '../../_lib/records'
import { refuseRetired } from '../../_lib/open-village'
import { addOnce } from '../../_lib/writes'
import { declaredHours, MATERIALS, STUDY, type MaterialDoc, type MeetingHandlers, NOT_ON_BRANCH_ROSTER } from '../store'
import { materialView } from '../views'

export const studyHandlers: MeetingHandlers<
  'listMaterials' | 'publishMaterial' | 'declareStudy' | 'myMessages' | 'notifySweep'
> = {
  async listMaterials({ villageId, limit }, { db }) {
    const docs = await getDocs<MaterialDoc>(
      db.collection(MATERIALS).where({ villageId }).orderBy('publishedAt', 'desc').limit(limit),
    )
    return {
      materials: docs.map(materialView),
    }
  },

  async publishMaterial(input, ctx) {
    const { db, now } = ctx
    const refused = materialProblem(input)
    if (refused) throw new AppError(refused.code, refused.message)
    const village = await getVillage(db, input.villageId)
    refuseRetired(village, '发布学习资料')
    const caller = callerIn(ctx, input.villageId)
    const _id = ctx.newId('sm')
    const { villageId, title, kind, body, url, fileId, suggestedHours } = input
    await addOnce(db.collection(MATERIALS), {
      _id,
      villageId,
      townshipId: village.townshipId,
      title,
      kind,
      body,
      url,
      fileId,
      suggestedHours,
      publishedAt: now,
      publishedByName: caller.name,
    })
    ctx.touch({ collection: MATERIALS, id: _id })
    return { materialId: _id }
  },

  async declareStudy({ villageId, title, hours, date, materialId }, ctx) {
    const { db, now } = ctx
    const caller = rosterCallerIn(ctx, villageId, NOT_ON_BRANCH_ROSTER)
    const refused = studyDateProblem(date, now)
    if (refused) throw new AppError(refused.code, refused.message)
    const year = Number(date.slice(0, 4))
    const _id = ctx.newId('sr')
    await addOnce(db.collection(STUDY), {
      _id,
      villageId,
      personId: caller.personId,
      year,
      date,
      title,
      hours,
      materialId: materialId ?? null,
      at: now,
    })
    ctx.touch({ collection: STUDY, id: _id, personId: caller.personId })
    return { yearHours: await declaredHours(db, villageId, caller.personId, year) }
  },

  async myMessages({ villageId }, ctx) {
    const { db, now } = ctx
    const caller = rosterCallerIn(ctx, villageId, NOT_ON_BRANCH_ROSTER)
    // Offline there is no timer trigger: deliver what has come due before listing (the cloud's timer does this).
    if (noticeSender().mode === 'local') await sendDue(db, now, { limit: 200 })
    const messages = await listOutbox(db, { villageId, personId: caller.personId, limit: 50 })
    return {
      messages: messages.map((m) => ({ id: m._id, title: m.title, lines: m.lines, page: m.page, at: iso(m.at)! })),
    }
  },

  async notifySweep(_input, { db, now }) {
    return sendDue(db, now, { limit: 500 })
  },
}
