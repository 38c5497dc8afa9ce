import { defineAction, defineFunction } from '../contract'
import { PUBLIC, SUPERVISORS, VILLAGE_CADRES } from '../roles'
import { text, z } from '../schema'
import { calendarDate, calendarMonth, id } from './shapes'

/** Who plans duty, pairs duty screens, approves swaps and reviews exception check-ins. */
export const DUTY_PLANNERS = ['branch_secretary', 'first_secretary'] as const
const date = calendarDate
const month = calendarMonth
const hhmm = text()
  .max(5)
  .regex(/^([01]\d|2[0-3]):([0-5]\d)$/, '时间格式应为 HH:mm')

const location = z.object({
  latitude: z.number().min(-90, '纬度超出范围').max(90, '纬度超出范围'),
  longitude: z.number().min(-180, '经度超出范围').max(180, '经度超出范围'),
  accuracy: z.number().min(0).max(100000).optional().describe('定位精度（米）'),
})

const proofs = {
  villageId: id,
  location: location.optional().describe('Taro.getLocation({ type: "gcj02" }) 的结果'),
  code: text().max(200).optional().describe('扫描到的二维码内容，或输入的 6 位数字'),
  exception: z
    .object({
      missing: z.enum(['location', 'code']).describe('无法提供的那一项'),
      reason: text().trim().min(4, '请说明原因（至少 4 个字）').max(200),
    })
    .optional()
    .describe('例外签到：一项凭证无法提供时说明原因，记录会标注给书记查看'),
}

const checkInRecord = z.object({
  id: z.string(),
  date: z.string(),
  kind: z.enum(['duty', 'residence']).describe('duty 值班 / residence 驻村（未排班的驻村干部）'),
  checkedInAt: z.string(),
  checkedOutAt: z.string().nullable(),
  minutes: z.number().int().nullable(),
  exception: z.boolean(),
  exceptionMissing: z.enum(['location', 'code']).nullable(),
  exceptionReason: z.string().nullable(),
  distanceMetres: z.number().nullable(),
  lateMinutes: z.number().int().nullable().describe('比班次开始晚到的分钟数（超过 5 分钟才计；0 准时；无班次为 null）'),
  earlyMinutes: z
    .number()
    .int()
    .nullable()
    .describe('比班次结束早走的分钟数（超过 5 分钟才计；未签退或无班次为 null）'),
  checkOutException: z
    .object({ missing: z.enum(['location', 'code']), reason: z.string() })
    .nullable()
    .describe('签退时的例外：缺少的凭证与原因'),
  checkOutDistanceMetres: z.number().nullable(),
})

const shift = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  start: z.string(),
  end: z.string(),
  checkedIn: z.boolean(),
  checkedOut: z.boolean(),
})

const coverage = z.object({
  month: z.string(),
  requiredDays: z.number().int(),
  coveredDays: z.number().int(),
  fullHoursDays: z.number().int(),
  hours: z.number(),
  checkins: z.number().int(),
  exceptions: z.number().int(),
  matters: z.number().int(),
  resolvedOnSpot: z.number().int(),
  handedOff: z.number().int(),
  disputes: z.number().int(),
  emergencies: z.number().int(),
})

const logEntry = z.object({
  id: z.string(),
  date: z.string(),
  at: z.string(),
  visitorName: z.string().describe('列表中姓名脱敏'),
  matter: z.string(),
  action: z.string(),
  outcome: z.enum(['resolved', 'follow-up', 'handed-off']),
  dispute: z.boolean(),
  emergencyReported: z.boolean(),
  ownerPersonId: z.string(),
  ownerName: z.string().describe('首问负责人（移交后为接手人）'),
  loggedByName: z.string(),
  requestLinkId: z.string().nullable().describe('转入群众诉求后的诉求编号'),
  status: z.enum(['open', 'closed']),
  handovers: z
    .array(z.object({ at: z.string(), fromName: z.string(), toName: z.string() }))
    .describe('移交记录（首问负责）：谁在何时交给了谁，按时间先后'),
})

export const dutyContract = defineFunction(
  'duty',
  '值班坐班：值班表、打卡签到（定位 + 服务中心动态码）、值班服务日志、月度汇总',
  {
    board: defineAction({
      summary: '公开：今天谁在党群服务中心值班、现在谁在岗，以及值班电话',
      roles: [PUBLIC],
      scope: 'public',
      input: z.object({ villageId: id }),
      output: z.object({
        villageName: z.string(),
        serviceCentre: z.object({
          name: z.string(),
          address: z.string(),
          phone: z.string().describe('服务中心值班电话（公开）'),
        }),
        date: z.string(),
        onDutyNow: z.array(z.object({ name: z.string(), since: z.string() })),
        today: z.array(
          z.object({
            name: z.string(),
            start: z.string(),
            end: z.string(),
            checkedIn: z.boolean().describe('今天签到过（可能已签退）'),
            status: z
              .enum(['on_duty', 'left', 'not_in'])
              .describe('on_duty 现在在岗（与 onDutyNow 一致）/ left 已签退或已离岗 / not_in 未签到'),
          }),
        ),
      }),
      errors: ['NOT_FOUND'],
    }),

    pairScreen: defineAction({
      summary: '把一台设备设为本村党群服务中心的值班屏（显示签到动态码）；凭证只显示这一次',
      roles: [...DUTY_PLANNERS],
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, label: text().trim().min(1, '请填写设备名称').max(30) }),
      output: z.object({ screenId: z.string(), token: z.string() }),
      errors: ['NOT_FOUND'],
    }),
    listScreens: defineAction({
      summary: '本村的值班屏设备',
      roles: [...DUTY_PLANNERS],
      scope: 'village',
      input: z.object({ villageId: id }),
      output: z.object({
        screens: z.array(
          z.object({
            id: z.string(),
            label: z.string(),
            createdAt: z.string(),
            createdByName: z.string(),
            revoked: z.boolean(),
          }),
        ),
      }),
    }),
    revokeScreen: defineAction({
      summary: '停用一台值班屏',
      roles: [...DUTY_PLANNERS],
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, screenId: id }),
      output: z.object({ revoked: z.boolean() }),
      errors: ['NOT_FOUND'],
    }),
    screenCode: defineAction({
      summary: '值班屏：当前的签到动态码（每 30 秒更换）；只对已设为值班屏的设备给出',
      roles: [PUBLIC],
      scope: 'public',
      input: z.object({ villageId: id, screenToken: text().min(16).max(80) }),
      output: z.object({
        villageName: z.string(),
        centreName: z.string(),
        digits: z.string(),
        display: z.string(),
        payload: z.string(),
        expiresAt: z.string(),
        secondsLeft: z.number().int(),
        windowSeconds: z.number().int(),
      }),
      errors: ['NOT_FOUND'],
    }),

    checkIn: defineAction({
      summary: '值班签到：在服务中心范围内，并扫描（或输入）服务中心屏幕上的动态码；一项无法提供时说明原因',
      roles: [...VILLAGE_CADRES],
      scope: 'village',
      audit: 'write',
      input: z.object(proofs),
      output: z.object({ record: checkInRecord }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION', 'CONFLICT'],
    }),
    checkOut: defineAction({
      summary: '值班签退：与签到相同的两项凭证；过了午夜签退仍算签到那天',
      roles: [...VILLAGE_CADRES],
      scope: 'village',
      audit: 'write',
      input: z.object(proofs),
      output: z.object({ record: checkInRecord }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION', 'CONFLICT'],
    }),
    myDuty: defineAction({
      summary: '本人：今天的班次、签到状态，本月值班天数与时长（驻村干部另有在村天数与县里要求）',
      roles: [...VILLAGE_CADRES],
      scope: 'village',
      input: z.object({ villageId: id, month: month.optional() }),
      output: z.object({
        date: z.string(),
        shift: shift.nullable(),
        today: checkInRecord.nullable(),
        month: z.string(),
        days: z.number().int(),
        hours: z.number(),
        records: z.array(checkInRecord),
        residence: z
          .object({
            days: z.number().int(),
            expected: z.number().int(),
            expectedSoFar: z.number().int(),
            met: z.boolean(),
          })
          .nullable(),
      }),
    }),

    week: defineAction({
      summary: '值班表：从某天起 7 天的班次，标出缺人、时长不足的日子，以及待批的换班',
      roles: [...VILLAGE_CADRES, ...SUPERVISORS],
      scope: 'village',
      input: z.object({ villageId: id, from: date.optional().describe('默认今天（北京时间）') }),
      output: z.object({
        minCadresPerDay: z.number().int(),
        minHours: z.number().int(),
        days: z.array(
          z.object({
            date: z.string(),
            shifts: z.array(shift),
            cadres: z.number().int(),
            plannedHours: z.number(),
            gap: z.boolean(),
            reasons: z.array(z.string()),
          }),
        ),
        gaps: z.number().int(),
        swaps: z.array(
          z.object({
            id: z.string(),
            date: z.string(),
            fromName: z.string(),
            toName: z.string(),
            reason: z.string(),
            start: z.string(),
            end: z.string(),
          }),
        ),
      }),
      errors: ['NOT_FOUND'],
    }),
    cadres: defineAction({
      summary: '可排班的本村干部（姓名、职务）',
      roles: [...VILLAGE_CADRES],
      scope: 'village',
      input: z.object({ villageId: id }),
      output: z.object({
        cadres: z.array(z.object({ personId: z.string(), name: z.string(), roles: z.array(z.string()) })),
      }),
    }),
    saveDay: defineAction({
      summary: '排班：设定某一天的值班干部与时段（替换当天原有安排；已签到的班次不能删）',
      roles: [...DUTY_PLANNERS],
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        date,
        shifts: z.array(z.object({ personId: id, start: hhmm, end: hhmm })).max(20),
      }),
      output: z.object({ date: z.string(), cadres: z.number().int(), gap: z.boolean(), reasons: z.array(z.string()) }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
    }),
    requestSwap: defineAction({
      summary: '申请换班：把自己的某个班次换给另一位干部，由书记批准',
      roles: [...VILLAGE_CADRES],
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        shiftId: id,
        toPersonId: id,
        reason: text().trim().min(2, '请说明换班原因').max(200),
      }),
      output: z.object({ swapId: z.string() }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION', 'CONFLICT'],
    }),
    decideSwap: defineAction({
      summary: '书记批准或不批准换班；批准后班次改到接班干部名下',
      roles: [...DUTY_PLANNERS],
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, swapId: id, approve: z.boolean() }),
      output: z.object({ status: z.enum(['approved', 'rejected']) }),
      errors: ['NOT_FOUND', 'FAILED_PRECONDITION', 'CONFLICT'],
    }),

    addLog: defineAction({
      summary: '值班服务日志：记录来访群众、事项、办理情况、结果；需后续办理的可转入群众诉求；首问负责',
      roles: [...VILLAGE_CADRES],
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        visitorName: text().trim().min(1, '请填写来访群众姓名').max(20),
        visitorPhone: text().trim().max(20).optional(),
        matter: text().trim().min(2, '请填写事项').max(500),
        action: text().trim().max(500).default(''),
        outcome: z.enum(['resolved', 'follow-up', 'handed-off']),
        dispute: z.boolean().default(false).describe('调解了矛盾纠纷'),
        emergencyReported: z.boolean().default(false).describe('紧急情况已报告乡镇'),
        handOff: z
          .object({
            category: z.enum(['enquiry', 'help', 'complaint', 'dispute', 'suggestion']),
            urgency: z.enum(['normal', 'emergency']),
          })
          .optional()
          .describe('转入群众诉求时的类别与紧急程度'),
      }),
      output: z.object({ entry: logEntry }),
      errors: ['NOT_FOUND'],
    }),
    listLogs: defineAction({
      summary: '值班服务日志列表（来访群众姓名脱敏）：某天、某月，或本人负责未办结的',
      roles: [...VILLAGE_CADRES],
      scope: 'village',
      input: z.object({
        villageId: id,
        date: date.optional(),
        mineOpen: z.boolean().optional().describe('只看本人负责、尚未办结的'),
        limit: z.number().int().min(1).max(50).default(20),
      }),
      output: z.object({ entries: z.array(logEntry) }),
    }),
    handOverLog: defineAction({
      summary: '首问负责：把自己负责的事项移交给另一位干部（留下移交记录）',
      roles: [...VILLAGE_CADRES],
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, logId: id, toPersonId: id, note: text().trim().max(200).default('') }),
      output: z.object({ entry: logEntry }),
      errors: ['NOT_FOUND', 'FORBIDDEN', 'FAILED_PRECONDITION'],
    }),
    closeLog: defineAction({
      summary: '本人负责的事项办结',
      roles: [...VILLAGE_CADRES],
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, logId: id, result: text().trim().min(2, '请写明办理结果').max(500) }),
      output: z.object({ entry: logEntry }),
      errors: ['NOT_FOUND', 'FORBIDDEN', 'FAILED_PRECONDITION'],
    }),

    villageMonth: defineAction({
      summary: '本村某月值班情况：应值班天数、有人值班天数、时长、办理事项、当场办结数（不对个人排名）',
      roles: [...VILLAGE_CADRES, ...SUPERVISORS],
      scope: 'village',
      input: z.object({ villageId: id, month: month.optional() }),
      output: coverage.extend({
        minCadresPerDay: z.number().int(),
        minHours: z.number().int(),
        days: z.array(
          z.object({
            date: z.string(),
            cadres: z.number().int(),
            hours: z.number(),
            covered: z.boolean(),
            exceptions: z.number().int(),
          }),
        ),
      }),
      errors: ['NOT_FOUND'],
    }),
    exceptions: defineAction({
      summary:
        '书记查看：某月的例外签到签退（谁、何时、缺少哪项凭证、原因，每人已用次数与县里上限），以及对照班次的迟到早退',
      roles: [...DUTY_PLANNERS],
      scope: 'village',
      input: z.object({ villageId: id, month: month.optional() }),
      output: z.object({
        month: z.string(),
        cap: z.number().int().describe('县里规定每位干部每月例外签到最多次数'),
        entries: z.array(
          z.object({
            id: z.string(),
            personId: z.string(),
            name: z.string(),
            date: z.string(),
            at: z.string().describe('签到或签退的时刻'),
            stage: z.enum(['check_in', 'check_out']),
            missing: z.enum(['location', 'code']),
            missingLabel: z.string(),
            reason: z.string(),
            distanceMetres: z.number().nullable().describe('同时报来的位置离服务中心的距离'),
            usedThisMonth: z.number().int().describe('此人本月已用例外次数'),
          }),
        ),
        punctuality: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            date: z.string(),
            shiftStart: z.string(),
            shiftEnd: z.string(),
            checkedInAt: z.string(),
            checkedOutAt: z.string().nullable(),
            lateMinutes: z.number().int(),
            earlyMinutes: z.number().int(),
          }),
        ),
      }),
    }),
    townshipSummary: defineAction({
      summary: '乡镇：各村某月值班覆盖情况（只到村一级，不看个人，不排名）',
      roles: [...SUPERVISORS],
      scope: 'township',
      input: z.object({ townshipId: id, month: month.optional() }),
      output: z.object({
        month: z.string(),
        villages: z.array(
          coverage.extend({
            villageId: z.string(),
            name: z.string(),
            minCadresPerDay: z.number().int(),
            minHours: z.number().int(),
          }),
        ),
      }),
      errors: ['NOT_FOUND'],
    }),
  },
)
