import { defineAction, defineFunction } from '../contract'
import { BRANCH_ORGANISERS, BRANCH_PARTY_MEMBERS, SUPERVISORS } from '../roles'
import { MEETING_KINDS } from '../rules/meetings'
import { text as textField, z } from '../schema'
import { calendarDate, id } from './shapes'

/** Who calls meetings, keeps their records and approves leave (the secretary, committee, first secretary). */
const ORGANISERS = BRANCH_ORGANISERS
/** Who approves leave and confirms minutes. */
const SECRETARIES = ['branch_secretary', 'first_secretary'] as const
/** Party members of the branch (the secretary and committee are members too). */
const MEMBERS = BRANCH_PARTY_MEMBERS
/** Who reads the branch's meetings. */
const READERS = [...MEMBERS, 'first_secretary', 'resident_cadre', ...SUPERVISORS] as const

const kind = z.enum(MEETING_KINDS)
const mode = z.enum(['in_person', 'remote'])
const isoTime = z.iso.datetime({ offset: true }).max(40)
const text = (max: number) => textField().trim().max(max)

const tally = z.object({
  expected: z.number().int(),
  expectedVoters: z.number().int(),
  present: z.number().int(),
  presentVoters: z.number().int(),
  inPerson: z.number().int(),
  remote: z.number().int(),
  onLeave: z.number().int(),
  absent: z.number().int(),
})

const quorumView = z.object({
  applies: z.boolean().describe('本类会议是否有法定到会人数要求（党员大会、支委会）'),
  met: z.boolean(),
  needed: z.number().int().describe('至少须到的有表决权人数'),
  base: z.number().int(),
  present: z.number().int(),
  text: z.string(),
})

const meetingRow = z.object({
  id: z.string(),
  kind,
  kindLabel: z.string(),
  topic: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string(),
  remoteOpen: z.boolean(),
  status: z.enum(['called', 'cancelled']),
  minutesLocked: z.boolean(),
  expectedCount: z.number().int(),
  mine: z
    .object({
      expected: z.boolean(),
      attended: mode.optional(),
      leave: z.enum(['pending', 'approved', 'refused']).optional(),
      remoteAllowed: z.boolean().optional().describe('可线上参加：花名册登记为在外，或经支部书记同意（仅会议详情）'),
    })
    .optional()
    .describe('调用者本人的情况'),
})

const voteRow = z.object({
  id: z.string(),
  motion: z.string(),
  yes: z.number().int(),
  no: z.number().int(),
  abstain: z.number().int(),
  shouldAttend: z.number().int(),
  passed: z.boolean(),
  outcomeLabel: z.string(),
  lines: z.array(z.string()),
  at: z.string(),
})

const minutesBody = z.object({
  agenda: text(2000).default(''),
  remarks: text(4000).default('').describe('发言和讨论情况'),
  resolutions: text(2000).default(''),
  absenteeReasons: z
    .array(z.object({ personId: id, reason: text(60) }))
    .max(300)
    .default([]),
  photoFileIds: z.array(textField().max(256)).max(9).default([]).describe('可选，不要求照片'),
})

const attendee = z.object({
  personId: z.string(),
  name: z.string(),
  votes: z.boolean(),
  presence: z.enum(['home', 'away', 'mobile']),
  state: z.enum(['in_person', 'remote', 'leave', 'leave_pending', 'absent']),
  at: z.string().optional(),
  remark: z.string().optional(),
  leaveReason: z.string().optional(),
})

export const meetingsContract = defineFunction(
  'meetings',
  '三会一课：支部会议与党课的通知、请假、签到、表决、会议记录、组织生活日历、学习',
  {
    callMeeting: defineAction({
      summary:
        '召开会议：类别、议题、议程、时间、地点、主持人、记录人、是否允许线上参加；应到人员按花名册当时确定并通知',
      roles: ORGANISERS,
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        kind,
        topic: text(60).min(1),
        agenda: text(2000).default(''),
        startsAt: isoTime,
        endsAt: isoTime,
        place: text(60).min(1),
        chairPersonId: id,
        recorderPersonId: id,
        remoteOpen: z.boolean().default(true),
        gridId: id.optional().describe('党小组会：哪个网格党小组'),
        studyHours: z.number().min(0).max(8).optional().describe('计入学时（党课默认 2）'),
        shortNoticeReason: text(100).optional().describe('通知时间短于规定时须说明原因'),
      }),
      output: z.object({
        meetingId: z.string(),
        expectedCount: z.number().int(),
        noticesSent: z.number().int(),
        remindersQueued: z.number().int(),
      }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    cancelMeeting: defineAction({
      summary: '取消尚未开始的会议，并通知应到人员',
      roles: ORGANISERS,
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, meetingId: id, reason: text(100).min(1) }),
      output: z.object({ cancelled: z.boolean() }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    listMeetings: defineAction({
      summary: '本支部的会议（最近的在前），含本人是否应到、是否已签到或请假',
      roles: READERS,
      scope: 'village',
      input: z.object({ villageId: id, limit: z.number().int().min(1).max(50).default(20) }),
      output: z.object({ meetings: z.array(meetingRow) }),
    }),
    getMeeting: defineAction({
      summary: '一次会议：应到、实到（现场/线上）、请假、缺席，是否达到法定人数，表决与会议记录',
      roles: READERS,
      scope: 'village',
      audit: 'personal-read',
      input: z.object({ villageId: id, meetingId: id }),
      output: meetingRow.extend({
        agenda: z.string(),
        chairName: z.string(),
        recorderName: z.string(),
        studyHours: z.number(),
        gridId: z.string().optional(),
        shortNoticeReason: z.string().optional(),
        cancelReason: z.string().optional(),
        window: z.object({
          inPerson: z.enum(['not_open', 'open', 'closed']),
          remote: z.enum(['not_open', 'open', 'closed']),
        }),
        tally,
        quorum: quorumView,
        attendees: z.array(attendee).describe('组织者和记录人可见全部；党员只见本人'),
        canManage: z.boolean().describe('调用者可管理本会（审批请假、记录表决、填写记录）'),
        votes: z.array(voteRow),
        minutes: minutesBody
          .extend({
            savedAt: z.string().optional(),
            lockedAt: z.string().optional(),
            lockedByName: z.string().optional(),
            corrections: z.array(z.object({ text: z.string(), at: z.string(), byName: z.string() })),
          })
          .optional(),
      }),
      errors: ['NOT_FOUND'],
    }),
    requestLeave: defineAction({
      summary: '党员会前请假（写明原因），由支部书记批准或不批准',
      roles: MEMBERS,
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, meetingId: id, reason: text(100).min(1) }),
      output: z.object({ status: z.enum(['pending', 'approved', 'refused']) }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    decideLeave: defineAction({
      summary: '支部书记批准或不批准请假',
      roles: SECRETARIES,
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, meetingId: id, personId: id, approve: z.boolean(), note: text(60).optional() }),
      output: z.object({ status: z.enum(['approved', 'refused']) }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    allowRemote: defineAction({
      summary: '支部书记同意一名在家党员线上参加本次会议（写明原因，留档）；线上参加原则上仅限在外党员',
      roles: SECRETARIES,
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, meetingId: id, personId: id, reason: text(100).min(1) }),
      output: z.object({ allowed: z.number().int().describe('本次会议经同意线上参加的人数') }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    signInCode: defineAction({
      summary: '会议现场签到码（每 30 秒更换），由主持人、记录人或支部书记在会场展示',
      roles: [...ORGANISERS, 'party_member'],
      scope: 'village',
      input: z.object({ villageId: id, meetingId: id }),
      output: z.object({
        display: z.string(),
        digits: z.string(),
        payload: z.string(),
        expiresAt: z.string(),
        secondsLeft: z.number(),
      }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION', 'FORBIDDEN'],
    }),
    signIn: defineAction({
      summary:
        '签到：现场扫码或输入会场签到码；在外党员（或经支部书记同意者）在会议时间内线上确认参加并可留言。会后补签、记录确认后签到均不算出勤',
      roles: MEMBERS,
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        meetingId: id,
        mode,
        code: textField().trim().max(200).optional().describe('现场签到码（6 位数字或二维码内容）'),
        followed: z.boolean().optional().describe('线上参加：确认已全程参加'),
        remark: text(200).optional().describe('线上参加的意见或留言'),
      }),
      output: z.object({ mode, at: z.string(), already: z.boolean().describe('此前已签到过') }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    recordVote: defineAction({
      summary:
        '记录党员大会或支委会的表决：赞成、反对、弃权；按“赞成超过应到会有表决权人数的半数”判定（流动党员无表决权）',
      roles: [...MEMBERS, 'first_secretary'],
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        meetingId: id,
        motion: text(100).min(1),
        yes: z.number().int().min(0).max(10000),
        no: z.number().int().min(0).max(10000),
        abstain: z.number().int().min(0).max(10000),
      }),
      output: voteRow,
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION', 'FORBIDDEN'],
    }),
    saveMinutes: defineAction({
      summary: '记录人填写会议记录（时间、地点、主持人、记录人、出缺席按签到自动带出）；确认后不能再改',
      roles: [...MEMBERS, 'first_secretary'],
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, meetingId: id, minutes: minutesBody }),
      output: z.object({ savedAt: z.string() }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION', 'FORBIDDEN'],
    }),
    confirmMinutes: defineAction({
      summary: '支部书记确认会议记录：此后记录锁定，只能追加更正；会议计入组织生活日历',
      roles: SECRETARIES,
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, meetingId: id }),
      output: z.object({ lockedAt: z.string(), warningsRaised: z.number().int() }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    appendCorrection: defineAction({
      summary: '对已锁定的会议记录追加更正说明（原记录不变）',
      roles: [...ORGANISERS],
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, meetingId: id, text: text(500).min(1) }),
      output: z.object({ count: z.number().int() }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    branchCalendar: defineAction({
      summary: '支部组织生活日历：各类会议规定频次与实际召开，本月/本季度/本年应开、已开、逾期',
      roles: [...ORGANISERS, 'resident_cadre', ...SUPERVISORS],
      scope: 'village',
      input: z.object({ villageId: id, year: z.number().int().min(2000).max(2100).optional() }),
      output: z.object({
        year: z.number().int(),
        kinds: z.array(
          z.object({
            kind,
            label: z.string(),
            intervalMonths: z.number().int(),
            period: z.string(),
            heldThisPeriod: z.number().int(),
            status: z.enum(['done', 'due', 'overdue']),
            periodsElapsed: z.number().int(),
            periodsHeld: z.number().int(),
            missed: z.array(z.string()),
            heldThisYear: z.number().int(),
          }),
        ),
      }),
      errors: ['NOT_FOUND'],
    }),
    townshipCompliance: defineAction({
      summary: '乡镇看各支部“三会一课”落实情况（按支部按期汇总，不排名个人）',
      roles: [...SUPERVISORS],
      scope: 'township',
      input: z.object({ townshipId: id, year: z.number().int().min(2000).max(2100).optional() }),
      output: z.object({
        year: z.number().int(),
        villages: z.array(
          z.object({
            villageId: z.string(),
            name: z.string(),
            done: z.number().int().describe('本期已开的类别数'),
            due: z.number().int(),
            overdue: z.number().int(),
            kinds: z.array(
              z.object({ kind, status: z.enum(['done', 'due', 'overdue']), heldThisYear: z.number().int() }),
            ),
          }),
        ),
      }),
      errors: ['NOT_FOUND'],
    }),
    absenceWarnings: defineAction({
      summary: '连续未参加组织生活的党员提醒（3 个月、5 个月）：请支部书记主动联系了解情况，不是处理结论',
      roles: SECRETARIES,
      scope: 'village',
      audit: 'personal-read',
      input: z.object({ villageId: id }),
      output: z.object({
        thresholds: z.array(z.number().int()),
        warnings: z.array(
          z.object({
            personId: z.string(),
            name: z.string(),
            presence: z.enum(['home', 'away', 'mobile']),
            months: z.number().int(),
            since: z.string(),
            level: z.number().int(),
          }),
        ),
      }),
    }),
    myMeetings: defineAction({
      summary: '我的组织生活：将要召开的会议、参加记录、今年学时与目标',
      roles: MEMBERS,
      scope: 'village',
      input: z.object({ villageId: id }),
      output: z.object({
        upcoming: z.array(meetingRow),
        history: z.array(
          z.object({
            meetingId: z.string(),
            kindLabel: z.string(),
            topic: z.string(),
            startsAt: z.string(),
            state: z.enum(['in_person', 'remote', 'leave', 'absent']),
          }),
        ),
        study: z.object({
          year: z.number().int(),
          hours: z.number(),
          target: z.number().int(),
          fromMeetings: z.number(),
          declared: z.number(),
        }),
      }),
    }),
    listMaterials: defineAction({
      summary: '红色课堂：支部发布的学习资料（文字、链接、云文件）',
      roles: READERS,
      scope: 'village',
      input: z.object({ villageId: id, limit: z.number().int().min(1).max(50).default(30) }),
      output: z.object({
        materials: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            kind: z.enum(['text', 'link', 'file']),
            body: z.string().optional(),
            url: z.string().optional(),
            fileId: z.string().optional(),
            suggestedHours: z.number(),
            publishedAt: z.string(),
          }),
        ),
      }),
    }),
    publishMaterial: defineAction({
      summary: '发布学习资料',
      roles: ORGANISERS,
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        title: text(60).min(1),
        kind: z.enum(['text', 'link', 'file']),
        body: text(5000).optional(),
        url: z
          .url({ protocol: /^https$/ })
          .max(500)
          .optional(),
        fileId: textField()
          .max(256)
          .regex(/^cloud:\/\//, '云文件编号应以 cloud:// 开头')
          .optional(),
        suggestedHours: z.number().min(0).max(8).default(1),
      }),
      output: z.object({ materialId: z.string() }),
      errors: ['FAILED_PRECONDITION'],
    }),
    declareStudy: defineAction({
      summary: '本人申报学习时间（只按申报记录，不计时、不统计在线时长）',
      roles: MEMBERS,
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        title: text(60).min(1),
        hours: z.number().min(0.5).max(8).multipleOf(0.5),
        date: calendarDate,
        materialId: id.optional(),
      }),
      output: z.object({ yearHours: z.number() }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    myMessages: defineAction({
      summary: '我的消息：会议通知与提醒（本地环境下显示本应发出的微信订阅消息）',
      roles: MEMBERS,
      scope: 'village',
      input: z.object({ villageId: id }),
      output: z.object({
        messages: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            lines: z.array(z.object({ label: z.string(), value: z.string() })),
            page: z.string(),
            at: z.string(),
          }),
        ),
      }),
    }),
    notifySweep: defineAction({
      summary: '发送到时的会议提醒（云端由定时触发器调用）',
      roles: ['county_organiser'],
      scope: 'county',
      input: z.object({}),
      output: z.object({ sent: z.number().int(), skipped: z.number().int(), failed: z.number().int() }),
    }),
  },
)
