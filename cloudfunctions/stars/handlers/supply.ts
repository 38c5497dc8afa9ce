import { starsContract } from '../../../common/contracts/stars'
import { AppError } from '../../../common/errors'
import { beijingMonth } from '../../../common/rules/beijing-time'
import { canMoveMatch, MATCH_STATUS_LABELS } from '../../../common/rules/stars'
import { getDocs } from '../../_lib/cloud'
import { findById, getVillage } from '../../_lib/records'
import { refuseRetired } from '../../_lib/open-village'
import type { Handlers } from '../../_lib/runtime'
import { updatedCount, addOnce } from '../../_lib/writes'
import {
  callerName,
  checkTaskKeys,
  loadNeed,
  NEEDS,
  SUPPLIES,
  templateOf,
  yearOfMonth,
  type NeedDoc,
  type SupplyDoc,
} from '../store'
import { needView, supplyView } from '../views'

/** Supply and demand: what the county offers and what villages need, and matching them. */
export const supply: Pick<
  Handlers<typeof starsContract>,
  | 'listSupply'
  | 'publishSupply'
  | 'updateSupply'
  | 'closeSupply'
  | 'postNeed'
  | 'villageNeeds'
  | 'townshipNeeds'
  | 'matchNeed'
  | 'moveMatch'
> = {
  async listSupply(_input, { db }) {
    const docs = await getDocs<SupplyDoc>(db.collection(SUPPLIES).orderBy('createdAt', 'desc').limit(200))
    return { supplies: docs.map(supplyView) }
  },

  async publishSupply(input, { db, now, newId }) {
    const taskKeys = await checkTaskKeys(db, input.taskKeys, now)
    const doc: SupplyDoc = {
      _id: newId('sp'),
      ...input,
      amountYuan: input.amountYuan ?? null,
      star: input.star ?? null,
      taskKeys,
      open: true,
      createdAt: now,
    }
    await addOnce(db.collection(SUPPLIES), doc as unknown as SupplyDoc & Record<string, unknown>)
    return supplyView(doc)
  },

  async updateSupply({ supplyId, ...input }, { db, now }) {
    const existing = await findById<SupplyDoc>(db, SUPPLIES, supplyId)
    if (!existing) throw new AppError('NOT_FOUND', '没有这项供给')
    const taskKeys = await checkTaskKeys(db, input.taskKeys, now)
    const patch = {
      name: input.name,
      department: input.department,
      kind: input.kind,
      amountYuan: input.amountYuan ?? null,
      conditions: input.conditions,
      star: input.star ?? null,
      taskKeys,
    }
    await db.collection(SUPPLIES).doc(supplyId).update({ data: patch })
    return supplyView({ ...existing, ...patch })
  },

  async closeSupply({ supplyId }, { db }) {
    const res = await db
      .collection(SUPPLIES)
      .where({ _id: supplyId })
      .update({ data: { open: false } })
    if (updatedCount(res) === 0) {
      const s = await findById<SupplyDoc>(db, SUPPLIES, supplyId)
      if (!s) throw new AppError('NOT_FOUND', '没有这项供给')
    }
    return { closed: true }
  },

  async postNeed({ villageId, taskKey, title, detail }, { db, now, newId }) {
    const village = await getVillage(db, villageId)
    refuseRetired(village, '提出新的需求')
    const template = await templateOf(db, yearOfMonth(beijingMonth(now)))
    const star = template.stars.find((s) => s.tasks.some((t) => t.key === taskKey))
    const task = star?.tasks.find((t) => t.key === taskKey)
    if (!star || !task) throw new AppError('FAILED_PRECONDITION', '需求要对应今年模板里的一项任务')
    const doc: NeedDoc = {
      _id: newId('nd'),
      villageId,
      townshipId: village.townshipId,
      villageName: village.name,
      title,
      detail,
      taskKey,
      taskName: task.name,
      star: star.key,
      createdAt: now,
      matched: false,
      match: null,
    }
    await addOnce(db.collection(NEEDS), doc as unknown as NeedDoc & Record<string, unknown>)
    return needView(doc)
  },

  async villageNeeds({ villageId }, { db }) {
    return {
      needs: (
        await getDocs<NeedDoc>(db.collection(NEEDS).where({ villageId }).orderBy('createdAt', 'desc').limit(100))
      ).map(needView),
    }
  },

  async townshipNeeds({ townshipId }, { db }) {
    const docs = await getDocs<NeedDoc>(
      db.collection(NEEDS).where({ townshipId }).orderBy('matched', 'asc').orderBy('createdAt', 'desc').limit(200),
    )
    return { needs: docs.map(needView) }
  },

  async matchNeed({ villageId, needId, supplyId, note }, ctx) {
    const { db, now } = ctx
    const [need, supply] = await Promise.all([
      loadNeed(db, villageId, needId),
      findById<SupplyDoc>(db, SUPPLIES, supplyId),
    ])
    if (!supply) throw new AppError('NOT_FOUND', '没有这项供给')
    if (!supply.open) throw new AppError('FAILED_PRECONDITION', '这项供给已关闭')
    if (need.match && need.match.status !== 'cancelled') throw new AppError('CONFLICT', '这条需求已经对接过了')
    const match = {
      supplyId,
      supplyName: supply.name,
      department: supply.department,
      status: 'matched' as const,
      history: [{ at: now, status: 'matched', note, byName: callerName(ctx) }],
    }
    const res = await db
      .collection(NEEDS)
      .where({ _id: needId, villageId, matched: false })
      // set() replaces the field: a plain object would be merged path by path, which fails on `match: null`.
      .update({ data: { matched: true, match: db.command.set(match) } })
    if (updatedCount(res) === 0) throw new AppError('CONFLICT', '这条需求刚被对接过')
    return needView({ ...need, matched: true, match })
  },

  async moveMatch({ villageId, needId, status, note }, ctx) {
    const { db, now } = ctx
    const need = await loadNeed(db, villageId, needId)
    if (!need.match) throw new AppError('FAILED_PRECONDITION', '这条需求还没有对接')
    if (!canMoveMatch(need.match.status, status))
      throw new AppError(
        'FAILED_PRECONDITION',
        `现在是「${MATCH_STATUS_LABELS[need.match.status]}」，不能改为「${MATCH_STATUS_LABELS[status]}」`,
      )
    const match = {
      ...need.match,
      status,
      history: [...need.match.history, { at: now, status, note, byName: callerName(ctx) }],
    }
    await db
      .collection(NEEDS)
      .doc(needId)
      .update({ data: { match: db.command.set(match), matched: status !== 'cancelled' } })
    return needView({ ...need, match })
  },
}
