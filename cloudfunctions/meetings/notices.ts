/** 三会一课 notification text: the meeting notice and reminder, the cancellation, the six-month rule's prompt. */
import { formatBeijing } from '../../common/rules/beijing-time'
import { MEETING_KIND_LABELS } from '../../common/rules/meetings'
import type { ExpectedAttendee } from '../../common/rules/meetings'
import type { NoticeInput } from '../_lib/notify'
import type { PersonDoc } from '../_lib/records'
import type { MeetingDoc } from './store'

export const meetingPage = (villageId: string, meetingId: string) =>
  `packages/meetings/pages/detail/index?villageId=${villageId}&meetingId=${meetingId}`

export function noticeLines(m: Pick<MeetingDoc, 'kind' | 'topic' | 'startsAt' | 'place' | 'remoteOpen'>) {
  return [
    { label: '会议', value: `${MEETING_KIND_LABELS[m.kind]}：${m.topic}` },
    { label: '时间', value: formatBeijing(m.startsAt) },
    { label: '地点', value: m.place },
    { label: '参加方式', value: m.remoteOpen ? '现场参加；在外党员可线上参加' : '现场参加' },
  ]
}

/** The notice to everyone expected, now, and the reminder `reminderHours` before the start (if still ahead). */
export function callNotices(
  meeting: MeetingDoc,
  openids: ReadonlyMap<string, string | null>,
  reminderHours: number,
  now: Date,
): NoticeInput[] {
  const base = {
    villageId: meeting.villageId,
    townshipId: meeting.townshipId,
    page: meetingPage(meeting.villageId, meeting._id),
    subject: `meeting:${meeting._id}`,
  }
  const notices: NoticeInput[] = meeting.expected.map((e) => ({
    ...base,
    personId: e.personId,
    openid: openids.get(e.personId),
    template: 'meeting_notice',
    title: `会议通知：${MEETING_KIND_LABELS[meeting.kind]}`,
    lines: noticeLines(meeting),
  }))
  const reminderAt = new Date(meeting.startsAt.getTime() - reminderHours * 3600_000)
  const reminders: NoticeInput[] =
    reminderHours > 0 && reminderAt.getTime() > now.getTime()
      ? meeting.expected.map((e) => ({
          ...base,
          personId: e.personId,
          openid: openids.get(e.personId),
          template: 'meeting_reminder',
          title: `会前提醒：${MEETING_KIND_LABELS[meeting.kind]}`,
          lines: noticeLines(meeting),
          dueAt: reminderAt,
          // A reminder before the start that could only go out after it is not sent.
          expiresAt: meeting.startsAt,
        }))
      : []
  return [...notices, ...reminders]
}

export function cancelledNotices(
  meeting: MeetingDoc,
  openids: ReadonlyMap<string, string | null>,
  reason: string,
): NoticeInput[] {
  return meeting.expected.map((e) => ({
    villageId: meeting.villageId,
    townshipId: meeting.townshipId,
    personId: e.personId,
    openid: openids.get(e.personId),
    template: 'meeting_cancelled',
    title: `会议取消：${MEETING_KIND_LABELS[meeting.kind]}`,
    lines: [...noticeLines(meeting).slice(0, 2), { label: '原因', value: reason }],
    page: meetingPage(meeting.villageId, meeting._id),
    subject: `meeting-cancelled:${meeting._id}`,
  }))
}

export interface AbsenceRun {
  who: ExpectedAttendee
  count: number
  since?: string
}

/** One prompt per (member, threshold reached, run): sent once, whatever the number of meetings confirmed. */
export const absenceSubject = (r: AbsenceRun) => `absence:${r.who.personId}:${r.count}:${r.since}`

export function absenceNotices(
  runs: readonly AbsenceRun[],
  secretaries: readonly Pick<PersonDoc, '_id' | 'openid'>[],
  villageId: string,
  townshipId: string,
): NoticeInput[] {
  return runs.flatMap((r) =>
    secretaries.map((s) => ({
      villageId,
      townshipId,
      personId: s._id,
      openid: s.openid ?? null,
      template: 'absence_warning',
      title: '请关心这位党员',
      lines: [
        { label: '党员', value: r.who.name },
        { label: '情况', value: `自 ${r.since} 起已连续 ${r.count} 个月未参加组织生活（未请假）` },
        { label: '建议', value: '请主动联系，了解情况、帮助参加；这只是提醒，不是结论' },
      ],
      page: `packages/meetings/pages/index/index?villageId=${villageId}`,
      subject: absenceSubject(r),
    })),
  )
}

/** A member's leave request, to the branch secretaries who decide it. */
export function leaveRequestNotices(
  meeting: Pick<MeetingDoc, '_id' | 'villageId' | 'townshipId' | 'kind' | 'topic' | 'startsAt'>,
  member: { personId: string; name: string },
  reason: string,
  secretaries: readonly Pick<PersonDoc, '_id' | 'openid'>[],
): NoticeInput[] {
  return secretaries.map((s) => ({
    villageId: meeting.villageId,
    townshipId: meeting.townshipId,
    personId: s._id,
    openid: s.openid ?? null,
    template: 'leave_request',
    title: `请假申请：${member.name}`,
    lines: [
      { label: '党员', value: member.name },
      { label: '会议', value: `${MEETING_KIND_LABELS[meeting.kind]}：${meeting.topic}` },
      { label: '时间', value: formatBeijing(meeting.startsAt) },
      { label: '原因', value: reason },
    ],
    page: meetingPage(meeting.villageId, meeting._id),
    subject: `leave:${meeting._id}:${member.personId}`,
  }))
}

/** The secretary's decision, to the member who asked. */
export function leaveDecisionNotice(
  meeting: Pick<MeetingDoc, '_id' | 'villageId' | 'townshipId' | 'kind' | 'topic' | 'startsAt'>,
  member: Pick<PersonDoc, '_id' | 'openid'>,
  approved: boolean,
  byName: string,
  note?: string,
): NoticeInput {
  return {
    villageId: meeting.villageId,
    townshipId: meeting.townshipId,
    personId: member._id,
    openid: member.openid ?? null,
    template: 'leave_decision',
    title: approved ? '请假已批准' : '请假未批准，请按时参加',
    lines: [
      { label: '会议', value: `${MEETING_KIND_LABELS[meeting.kind]}：${meeting.topic}` },
      { label: '时间', value: formatBeijing(meeting.startsAt) },
      { label: '审批人', value: byName },
      ...(note ? [{ label: '说明', value: note }] : []),
    ],
    page: meetingPage(meeting.villageId, meeting._id),
    subject: `leave-decision:${meeting._id}:${member._id}`,
  }
}
