/** council: the text of its notifications, and queueing them for the people they go to. */
import { EVENT_KIND_LABELS, FILING_STATUS_LABELS, type FilingStatus } from '../../common/rules/council-standards'
import { getDocs, type Database } from '../_lib/cloud'
import { C } from '../_lib/collections'
import { scheduleNotices, type NoticeInput } from '../_lib/notify'
import { type PersonDoc } from '../_lib/records'
import type { FilingDoc } from './store'

type NoticeText = Omit<NoticeInput, 'villageId' | 'townshipId' | 'personId' | 'openid'>

/** To the council members who cover the household: a new filing to review. */
export function filingNotice(filing: FilingDoc, overCount: number): NoticeText {
  const kind = EVENT_KIND_LABELS[filing.kind]
  return {
    template: 'council_filing',
    title: `新的${kind}报备待审核`,
    lines: [
      { label: '事项', value: `${kind}（${filing.householdLabel}）` },
      { label: '日期', value: filing.eventDate },
      { label: '核对', value: overCount ? `${overCount} 项超标，已说明理由` : '符合标准' },
    ],
    page: `packages/council/pages/review/index?villageId=${filing.villageId}&filingId=${filing._id}`,
    subject: `council:${filing._id}`,
  }
}

/** To whoever filed: the council's decision. */
export function reviewNotice(filing: FilingDoc, status: FilingStatus, advice: string): NoticeText {
  const kind = EVENT_KIND_LABELS[filing.kind]
  return {
    template: 'council_review',
    title: `${kind}报备${FILING_STATUS_LABELS[status]}`,
    lines: [
      { label: '事项', value: `${kind}（${filing.householdLabel}）` },
      { label: '结果', value: FILING_STATUS_LABELS[status] },
      { label: '意见', value: advice.trim() || '无' },
    ],
    page: `packages/council/pages/ledger/index?villageId=${filing.villageId}&filingId=${filing._id}`,
    subject: `council:${filing._id}`,
  }
}

/** Queues a notice for each person (at most 20); a failure is logged, never turned into the action's failure. */
export async function notify(
  db: Database,
  now: Date,
  village: { _id: string; townshipId: string },
  personIds: string[],
  input: NoticeText,
) {
  const ids = [...new Set(personIds)].slice(0, 20)
  if (!ids.length) return
  try {
    const people = await getDocs<PersonDoc>(
      db
        .collection(C.people)
        .where({ _id: db.command.in(ids), villageId: village._id })
        .field({ openid: true })
        .limit(20),
    )
    await scheduleNotices(
      db,
      people.map((p) => ({
        ...input,
        villageId: village._id,
        townshipId: village.townshipId,
        personId: p._id,
        openid: p.openid ?? null,
      })),
      now,
    )
  } catch (error) {
    // The filing is saved; a notice that could not be queued must not turn it into a failure (and a resend).
    console.error('[council] notice could not be queued', error)
  }
}
