/** requests: the text of its notifications (no I/O). */
import { textFor } from '../../common/rules/disclosure'
import { type Database } from '../_lib/cloud'
import { C } from '../_lib/collections'
import { scheduleNotices } from '../_lib/notify'
import { findById, type PersonDoc } from '../_lib/records'
import { type RequestDoc } from '../_lib/requests'

/** Tells the resident their request was answered (WeChat subscribe message; locally the outbox). Never fails the reply. */
export async function notifyResident(db: Database, req: RequestDoc, reply: string, now: Date): Promise<void> {
  try {
    const person = await findById<PersonDoc>(db, C.people, req.residentPersonId!)
    await scheduleNotices(
      db,
      [
        {
          villageId: req.villageId,
          townshipId: req.townshipId,
          personId: req.residentPersonId!,
          openid: person?.openid ?? null,
          template: 'request_reply',
          title: '您的诉求有了答复',
          lines: [
            // De-identified before cutting: a number cut at 20 characters would no longer be recognised.
            { label: '诉求', value: [...textFor(req.description, false)].slice(0, 20).join('') },
            { label: '答复', value: [...textFor(reply, false)].slice(0, 20).join('') },
          ],
          page: `packages/grid/pages/request/index?villageId=${req.villageId}&requestId=${req._id}`,
          subject: `request:${req._id}`,
        },
      ],
      now,
    )
  } catch (error) {
    console.error('[requests.act] reply notice could not be sent', error)
  }
}
