/** Publication (两公开): previewing the de-identified text, publishing it, and the village's public board. */
import { deidentify } from '../../../common/rules/deidentify'
import { STEP_LABELS } from '../../../common/rules/deliberation'
import { getDocs, type Database } from '../../_lib/cloud'
import { getVillage, newId } from '../../_lib/records'
import {
  actorOf,
  apply,
  loadMatter,
  MATTERS,
  moveMatter,
  PUBLICATIONS,
  WINDOWS,
  type DeliberationHandlers,
  type PublicationDoc,
  type WindowDoc,
} from '../store'
import { publicationRow } from '../views'

/** The counted results of a matter's votes, step by step: what step 5 publishes. */
async function resultLinesOf(db: Database, matterId: string): Promise<string[]> {
  const windows = await getDocs<WindowDoc>(
    db
      .collection(WINDOWS)
      .where({ matterId })
      .field({ voters: false, voterIds: false })
      .orderBy('openedAt', 'asc')
      .limit(20),
  )
  return windows.filter((w) => w.result).flatMap((w) => [`第${w.step}步 ${STEP_LABELS[w.step]}：`, ...w.result!.lines])
}

export const publicationHandlers: DeliberationHandlers<'previewPublication' | 'publish' | 'publicBoard'> = {
  async previewPublication({ villageId, matterId, text, keep }, ctx) {
    const m = await loadMatter(ctx.db, villageId, matterId)
    const village = await getVillage(ctx.db, villageId)
    const r = deidentify(text, { keep: [...keep, village.serviceCentre?.phone ?? ''].filter(Boolean) })
    return {
      text: r.text,
      masked: r.masked.map(({ kind, label, original, masked }) => ({ kind, label, original, masked })),
      resultLines: await resultLinesOf(ctx.db, m._id),
    }
  },

  async publish({ villageId, matterId, step, text, keep }, ctx) {
    const { db, now } = ctx
    const m = await loadMatter(db, villageId, matterId)
    const next = apply(m, { type: 'publish', step })
    const village = await getVillage(db, villageId)
    const keepList = [...keep, village.serviceCentre?.phone ?? ''].filter(Boolean)
    const body = deidentify(text, { keep: keepList })
    const title = deidentify(m.title, { keep: keepList })
    const by = actorOf(ctx, villageId)
    const pub: PublicationDoc = {
      _id: newId('dp'),
      villageId,
      townshipId: m.townshipId,
      matterId,
      step,
      title: title.text,
      text: body.text,
      resultLines: step === 5 ? await resultLinesOf(db, matterId) : [],
      publishedAt: now,
      publisher: by,
      maskedCount: body.masked.length + title.masked.length,
    }
    ctx.touch({ collection: MATTERS, id: matterId }, { collection: PUBLICATIONS, id: pub._id })
    const answer = {
      publicationId: pub._id,
      text: pub.text,
      masked: [...title.masked, ...body.masked].map(({ kind, label, original, masked }) => ({
        kind,
        label,
        original,
        masked,
      })),
      step: next.step,
      status: next.status,
    }
    // The matter's move, its counts and the publication commit together with the idempotency record
    // (docs/exactly-once.md): never a matter marked published without its publication.
    return ctx.commit(async (tx) => {
      await moveMatter(
        tx,
        db,
        m,
        next,
        {
          at: now,
          step,
          action: 'published',
          by,
          note: body.masked.length ? `隐去 ${body.masked.length} 处个人信息` : undefined,
        },
        now,
      )
      await tx.collection(PUBLICATIONS).add({ data: pub as unknown as Record<string, unknown> })
      return answer
    })
  },

  async publicBoard({ villageId, offset, limit }, { db }) {
    const village = await getVillage(db, villageId)
    const pubs = await getDocs<PublicationDoc>(
      db
        .collection(PUBLICATIONS)
        .where({ villageId })
        .orderBy('publishedAt', 'desc')
        .skip(offset)
        .limit(limit + 1),
    )
    return {
      villageName: village.name,
      publications: pubs.slice(0, limit).map(publicationRow),
      nextOffset: pubs.length > limit ? offset + limit : undefined,
    }
  },
}
