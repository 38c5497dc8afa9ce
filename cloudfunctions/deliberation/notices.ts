/** 四议两公开 notification text: the matter sent to voters, the call to vote, and the closing-soon reminder. */
import { formatBeijing } from '../../common/rules/beijing-time'
import { STEP_LABELS, type Step } from '../../common/rules/deliberation'
import type { Database } from '../_lib/cloud'
import { scheduleNotices, type NoticeInput } from '../_lib/notify'

const PAGE = 'packages/deliberation/pages/matter/index'

interface Recipient {
  personId: string
  openid?: string | null
}
interface Matter {
  _id: string
  villageId: string
  townshipId: string
  title: string
}

const matterPage = (m: Pick<Matter, '_id' | 'villageId'>) => `${PAGE}?villageId=${m.villageId}&matterId=${m._id}`

/** The closing-soon reminder a person gets, cancelled when they vote. */
export const reminderSubject = (windowId: string, personId: string) => `deliberation-remind:${windowId}:${personId}`

/** Schedules notices; one that could not be stored must not undo the step taken, the cadre can remind again. */
export async function notify(db: Database, inputs: NoticeInput[], now: Date) {
  try {
    await scheduleNotices(db, inputs, now)
  } catch (error) {
    console.error('[deliberation] notices could not be scheduled', error)
  }
}

/** The matter sent ahead of a vote (送达). */
export function matterNotices(m: Matter, step: Step, recipients: readonly Recipient[]): NoticeInput[] {
  return recipients.map((p) => ({
    villageId: m.villageId,
    townshipId: m.townshipId,
    personId: p.personId,
    openid: p.openid,
    template: 'deliberation_notice',
    title: `议题送达：${m.title}`,
    lines: [
      { label: '议题', value: m.title },
      { label: '环节', value: STEP_LABELS[step] },
    ],
    page: matterPage(m),
    subject: `deliberation:${m._id}`,
  }))
}

function closingSoon(m: Matter, closesAt: Date, p: Recipient) {
  return {
    villageId: m.villageId,
    townshipId: m.townshipId,
    page: matterPage(m),
    personId: p.personId,
    openid: p.openid,
    template: 'deliberation_reminder',
    title: `表决即将截止：${m.title}`,
    expiresAt: closesAt,
    lines: [
      { label: '议题', value: m.title },
      { label: '截止时间', value: formatBeijing(closesAt) },
    ],
  }
}

/** To everyone on the roster when voting opens: the call to vote now, and the reminder at `remindAt`. */
export function votingNotices(
  m: Matter,
  w: { _id: string; step: Step; closesAt: Date },
  roster: readonly Recipient[],
  remindAt: Date,
): NoticeInput[] {
  return roster.flatMap((p) => [
    {
      villageId: m.villageId,
      townshipId: m.townshipId,
      page: matterPage(m),
      personId: p.personId,
      openid: p.openid,
      template: 'deliberation_voting',
      title: `请表决：${m.title}`,
      lines: [
        { label: '议题', value: m.title },
        { label: '环节', value: STEP_LABELS[w.step] },
        { label: '截止时间', value: formatBeijing(w.closesAt) },
      ],
      subject: `deliberation:${w._id}`,
    },
    { ...closingSoon(m, w.closesAt, p), dueAt: remindAt, subject: reminderSubject(w._id, p.personId) },
  ])
}

/** A cadre's reminder, now, to those on the roster who have not voted. */
export function nonVoterReminders(
  m: Matter,
  w: { _id: string; closesAt: Date },
  waiting: readonly Recipient[],
): NoticeInput[] {
  return waiting.map((p) => ({ ...closingSoon(m, w.closesAt, p), subject: `deliberation:${w._id}` }))
}
