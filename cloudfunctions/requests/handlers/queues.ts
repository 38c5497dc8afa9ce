import { requestsContract } from '../../../common/contracts/requests'
import { getDocs, type Database } from '../../_lib/cloud'
import { REQUESTS_COLLECTION, type RequestDoc } from '../../_lib/requests'
import type { Handlers } from '../../_lib/runtime'
import { CADRES, gridsLedBy, holds, LIST_FIELDS, villageMembership, villageNames } from '../store'
import { page, rowOf } from '../views'

/** A page of a township's or the county's queue, most urgent first, with each request's village name. */
async function queuePage(db: Database, where: Record<string, unknown>, offset: number, limit: number, now: Date) {
  const docs = await getDocs<RequestDoc>(
    db
      .collection(REQUESTS_COLLECTION)
      .where(where)
      .orderBy('resolveBy', 'asc')
      .skip(offset)
      .limit(limit + 1)
      .field(LIST_FIELDS),
  )
  const { rows, nextOffset } = page(docs, offset, limit)
  const names = await villageNames(
    db,
    rows.map((r) => r.villageId),
  )
  return { requests: rows.map((r) => rowOf(r, now, true, names.get(r.villageId))), nextOffset }
}

/** The handlers' queues at village, township and county level. */
export const queues: Pick<Handlers<typeof requestsContract>, 'villageQueue' | 'townshipQueue' | 'countyQueue'> = {
  async villageQueue({ villageId, filter, offset, limit }, ctx) {
    const { db, now } = ctx
    const _ = db.command
    const where: Record<string, unknown> = { villageId }
    let order: [string, 'asc' | 'desc'] = ['raisedAt', 'desc']
    if (filter === 'open') {
      where.open = true
      order = ['resolveBy', 'asc']
    } else if (filter === 'overdue') {
      where.open = true
      where.resolveBy = _.lt(now)
      order = ['resolveBy', 'asc']
    } else if (filter === 'escalated') where.level = _.neq('village')
    else if (filter === 'done') where.status = _.in(['replied', 'rated', 'closed'])
    const supervisor = !ctx.granted.some((m) => m.villageId === villageId)
    if (!supervisor && !holds(ctx, villageId, CADRES)) {
      const me = villageMembership(ctx, villageId)
      const grids = me?.personId ? await gridsLedBy(db, villageId, me.personId) : []
      where.gridId = _.in(grids)
    }
    const docs = await getDocs<RequestDoc>(
      db
        .collection(REQUESTS_COLLECTION)
        .where(where)
        .orderBy(order[0], order[1])
        .skip(offset)
        .limit(limit + 1)
        .field(LIST_FIELDS),
    )
    const { rows, nextOffset } = page(docs, offset, limit)
    ctx.touch(...rows.map((r) => ({ collection: REQUESTS_COLLECTION, id: r._id })))
    return { requests: rows.map((r) => rowOf(r, now, supervisor)), nextOffset }
  },

  async townshipQueue({ townshipId, filter, offset, limit }, { db, now }) {
    const _ = db.command
    const where: Record<string, unknown> =
      filter === 'holding'
        ? { townshipId, level: 'township', open: true }
        : filter === 'county'
          ? { townshipId, level: 'county', open: true }
          : { townshipId, open: true, resolveBy: _.lt(now) }
    return queuePage(db, where, offset, limit, now)
  },

  async countyQueue({ filter, offset, limit }, { db, now }) {
    const _ = db.command
    const where: Record<string, unknown> =
      filter === 'holding' ? { level: 'county', open: true } : { open: true, resolveBy: _.lt(now) }
    return queuePage(db, where, offset, limit, now)
  },
}
