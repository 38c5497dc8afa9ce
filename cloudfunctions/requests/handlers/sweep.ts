/**
 * The deadline sweep, run by the function's timer trigger (config.json, like meetings' notifySweep): for every
 * open request whose reply deadline is near or whose verify / reply deadline has passed, the notices
 * common/rules/request-reminders.ts says are due go out once — to the level holding it, and for a passed deadline
 * also to the level above. A request is marked before its notices are scheduled (a conditional update on the keys
 * not yet sent), so two sweeps at once cannot both notify.
 */
import type { requestsContract } from '../../../common/contracts/requests'
import { deadlineNoticesDue, levelAbove, RESOLVE_SOON_LEAD_HOURS } from '../../../common/rules/request-reminders'
import { getDocs } from '../../_lib/cloud'
import { scheduleNotices, type NoticeInput } from '../../_lib/notify'
import { REQUESTS_COLLECTION, type RequestDoc } from '../../_lib/requests'
import type { Handlers } from '../../_lib/runtime'
import { updatedCount } from '../../_lib/writes'
import { deadlineNotices, holdersAt } from '../notices'

/** Requests looked at per run; the trigger runs every 10 minutes, the rest wait for the next run. */
const BATCH = 500

export const sweep: Pick<Handlers<typeof requestsContract>, 'deadlineSweep'> = {
  async deadlineSweep(_input, { db, now }) {
    const _ = db.command
    const horizon = new Date(now.getTime() + RESOLVE_SOON_LEAD_HOURS * 3_600_000)
    const [byResolve, byVerify] = await Promise.all([
      getDocs<RequestDoc & { deadlineNotices?: string[] }>(
        db
          .collection(REQUESTS_COLLECTION)
          .where({ open: true, resolveBy: _.lte(horizon) })
          .orderBy('resolveBy', 'asc')
          .limit(BATCH),
      ),
      getDocs<RequestDoc & { deadlineNotices?: string[] }>(
        db
          .collection(REQUESTS_COLLECTION)
          .where({ status: 'received', verifyBy: _.lte(now) })
          .orderBy('verifyBy', 'asc')
          .limit(BATCH),
      ),
    ])
    const requests = new Map([...byResolve, ...byVerify].map((r) => [r._id, r]))
    const notices: NoticeInput[] = []
    let marked = 0
    for (const req of requests.values()) {
      const due = deadlineNoticesDue(req, now)
      if (!due.length) continue
      const keys = due.map((d) => d.key)
      // Claim the keys first: only the sweep whose update lands sends them.
      const claimed = updatedCount(
        await db
          .collection(REQUESTS_COLLECTION)
          .where({ _id: req._id, status: req.status, level: req.level, deadlineNotices: _.nin(keys) })
          .update({ data: { deadlineNotices: _.push(keys) } }),
      )
      if (claimed !== 1) continue
      marked++
      for (const d of due) {
        notices.push(...deadlineNotices(req, d.kind, await holdersAt(db, req, req.level), req.level))
        const above = d.escalate ? levelAbove(req.level) : null
        if (above) notices.push(...deadlineNotices(req, d.kind, await holdersAt(db, req, above), above))
      }
    }
    if (notices.length) await scheduleNotices(db, notices, now)
    return { checked: requests.size, requests: marked, notices: notices.length }
  },
}
