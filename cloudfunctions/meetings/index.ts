/**
 * 三会一课: calling meetings (who should attend frozen from the roster, notice and reminder through _lib/notify),
 * leave, sign-in (in person with the meeting's rotating code, remote during the window), live quorum, votes,
 * minutes with lock and appended corrections, the branch calendar and its per-branch-per-year aggregates
 * (`meeting_periods`, read O(branches) by the township), members' own view with study hours, the six-month
 * rule's early warnings, and the 红色课堂 study shelf.
 *
 * Every action costs a constant number of database round trips whatever the branch's size (no per-member reads or
 * writes). Collections, documents and shared reads: ./store.ts; outputs: ./views.ts; notification text:
 * ./notices.ts; rules: common/rules/meetings.ts and meeting-conduct.ts.
 */
import { meetingsContract } from '../../common/contracts/meetings'
import { createMain } from '../_lib/runtime'
import { attendanceHandlers } from './handlers/attendance'
import { calendarHandlers } from './handlers/calendar'
import { callingHandlers } from './handlers/calling'
import { recordHandlers } from './handlers/record'
import { studyHandlers } from './handlers/study'

export type { AttendanceDoc, LeaveDoc, MeetingDoc, PeriodDoc } from './store'

export const main = createMain(
  meetingsContract,
  {
    ...callingHandlers,
    ...attendanceHandlers,
    ...recordHandlers,
    ...calendarHandlers,
    ...studyHandlers,
  },
  { timerAction: 'notifySweep' },
)
