/**
 * Staged rows that will not be imported are removed: a preview given up (放弃这次导入), and — for a preview left
 * lying or an import never continued — any stage untouched for STAGE_KEEP_DAYS, by the village's next preview and by
 * a daily timer (cloudfunctions/imports/config.json). The rows already written to the roster stay; choosing the
 * same file again stages it afresh and importing it updates the same people (matched on the ID hash).
 */
import { importsContract } from '../../../common/contracts/imports'
import { C } from '../../_lib/collections'
import { getAll } from '../../_lib/records'
import type { Handlers } from '../../_lib/runtime'
import { removeStaleStages } from '../store'

export const stages: Pick<Handlers<typeof importsContract>, 'discard' | 'sweepStages'> = {
  async discard({ villageId, stageId }, { db, touch }) {
    // Head and chunks carry the stageId; only this village's (the scope check covered villageId, not the stage).
    const [head] = await getAll<{ _id: string }>(
      db.collection(C.import_stages).where({ _id: stageId, villageId }).field({ _id: true }),
      1,
    )
    if (!head) return { discarded: false }
    touch({ collection: C.import_stages, id: stageId })
    await db.collection(C.import_stages).where({ stageId, villageId }).remove()
    return { discarded: true }
  },

  async sweepStages(_input, { db, now }) {
    return { removed: await removeStaleStages(db, now) }
  },
}
