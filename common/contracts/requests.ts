import { defineAction, defineFunction } from '../contract'
import { SUPERVISORS, VILLAGE_CADRES, VILLAGE_ROLES } from '../roles'
import { REQUEST_CATEGORIES, REQUEST_URGENCIES } from '../rules/request-deadlines'
import { HANDLING_LEVELS, RATINGS, REQUEST_ACTIONS, REQUEST_STATUSES } from '../rules/request-flow'
import { text, z } from '../schema'
import { calendarMonth, id, page } from './shapes'

/** Who handles requests at the village: the cadres, and grid leaders for their grids. */
export const REQUEST_HANDLERS = [...VILLAGE_CADRES, 'grid_leader'] as const
const HANDLERS_AND_SUPERVISORS = [...REQUEST_HANDLERS, ...SUPERVISORS] as const

const category = z
  .enum(REQUEST_CATEGORIES)
  .describe('enquiry 咨询 / help 求助办事 / complaint 投诉 / dispute 矛盾纠纷 / suggestion 意见建议')
const urgency = z.enum(REQUEST_URGENCIES).describe('normal 一般 / emergency 紧急')
const status = z.enum(REQUEST_STATUSES)
const level = z.enum(HANDLING_LEVELS)
const rating = z.enum(RATINGS).describe('satisfied 满意 / basically 基本满意 / unsatisfied 不满意')
const month = calendarMonth

/** How the resolution deadline `resolveBy` was counted (common/rules/request-deadlines.ts ResolveTerm). */
export const resolveTerm = z.object({
  workingDays: z.number().int().describe('办结时限（个工作日；0 为当天）'),
  calendar: z
    .enum(['official', 'weekends'])
    .describe('official：按国务院公布的节假日和调休计；weekends：有年份尚未收录，暂按周一至周五计'),
  note: z.string().optional().describe('按 weekends 计算时的说明'),
})

export const requestRow = z.object({
  id: z.string(),
  villageId: z.string(),
  villageName: z.string().optional(),
  residentName: z.string().describe('村外的列表中为脱敏姓名'),
  category,
  urgency,
  summary: z.string().describe('诉求内容前 40 字'),
  status,
  level,
  raisedAt: z.string(),
  resolveBy: z.string(),
  overdue: z.enum(['verify', 'resolve']).nullable().describe('超过核实时限 / 超过办结时限'),
})

const timelineEntry = z.object({
  at: z.string(),
  action: z.enum(['raise', ...REQUEST_ACTIONS]),
  by: z.enum(['resident', ...HANDLING_LEVELS]),
  actorName: z.string(),
  note: z.string().optional(),
  toLevel: level.optional(),
  department: z.string().optional(),
})

export const monthFigures = z.object({
  received: z.number().int(),
  escalated: z.number().int().describe('村报告乡镇的件数'),
  closed: z.number().int(),
  closedInVillage: z.number().int(),
  closedLate: z.number().int().describe('超过办结时限才答复的件数'),
  villageSharePercent: z.number().nullable().describe('在村办结占办结总数的百分比（矛盾不上交）'),
  medianCloseHours: z.number().nullable(),
  rated: z.number().int(),
  satisfactionPercent: z.number().nullable().describe('满意和基本满意占评价数的百分比'),
  openOverdue: z.number().int().describe('现在仍未答复且已超时的件数'),
})

export const requestsContract = defineFunction(
  'requests',
  '群众诉求：提出、核实、办理、答复、评价、办结，村报告、乡处理、县办结',
  {
    raise: defineAction({
      summary: '提出诉求：群众本人（已绑定）提出，或党员、网格长、村干部替联系户提出',
      roles: VILLAGE_ROLES,
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        householdId: id.optional().describe('替群众提出时必填：诉求所属的户；不填为本人提出'),
        residentPersonId: id.optional().describe('替群众提出时可选：花名册中的人'),
        residentName: text().trim().max(20).optional().describe('替群众提出、花名册中没有此人时填写'),
        residentPhone: text()
          .max(11)
          .regex(/^1[3-9]\d{9}$/, '手机号应为11位数字')
          .optional()
          .or(z.literal('')),
        category,
        urgency: urgency.default('normal'),
        description: text().trim().min(4, '请把诉求写清楚（至少4个字）').max(500),
        photos: z.array(id).max(3).default([]).describe('先用 uploadPhoto 上传得到的编号'),
      }),
      output: z.object({ requestId: z.string(), resolveBy: z.string(), resolveTerm: resolveTerm.optional() }),
      errors: ['NOT_FOUND', 'FORBIDDEN'],
    }),
    uploadPhoto: defineAction({
      summary: '上传一张诉求照片（压缩后不超过 200KB）；在云端存入云存储，本地存入 files 集合',
      roles: VILLAGE_ROLES,
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        name: text().trim().min(1).max(60),
        dataUrl: z
          .string()
          .max(280_000, '照片太大，请压缩后再传')
          .regex(/^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=]+$/, '只能上传 jpg、png 或 webp 图片'),
      }),
      output: z.object({ fileId: z.string() }),
    }),
    photo: defineAction({
      summary: '查看诉求所附的一张照片',
      roles: [...VILLAGE_ROLES, ...SUPERVISORS],
      scope: 'village',
      audit: 'personal-read',
      input: z.object({ villageId: id, requestId: id, fileId: id }),
      output: z.object({ dataUrl: z.string() }),
      errors: ['NOT_FOUND', 'FORBIDDEN'],
    }),
    mine: defineAction({
      summary: '我的诉求：本人提出的和本户的诉求、进度与答复',
      roles: VILLAGE_ROLES,
      scope: 'village',
      input: z.object({ villageId: id, ...page }),
      output: z.object({ requests: z.array(requestRow) }),
    }),
    get: defineAction({
      summary: '一件诉求的详情与办理经过；办理人看到群众姓名电话，其他人看到脱敏信息',
      roles: [...VILLAGE_ROLES, ...SUPERVISORS],
      scope: 'village',
      audit: 'personal-read',
      input: z.object({ villageId: id, requestId: id }),
      output: requestRow.extend({
        description: z.string(),
        residentPhone: z.string().describe('办理人可见完整号码，其他人为脱敏号码'),
        householdId: z.string().optional(),
        photos: z.array(z.string()),
        source: z.enum(['duty-log', 'visit', 'resident', 'grid-member']),
        verifyBy: z.string(),
        contactBy: z.string(),
        resolveTerm: resolveTerm.optional().describe('办结时限的计法（此前提出的诉求没有）'),
        reply: z.string().optional(),
        rating: rating.optional(),
        ratingComment: z.string().optional(),
        department: z.string().optional(),
        timeline: z.array(timelineEntry),
        /** What the caller may do now. */
        actions: z.array(z.enum(REQUEST_ACTIONS)),
        rateBy: z.string().optional().describe('已办结、尚未评价：群众最晚可评价的时间（办结后评价期限，村设置）'),
        closeWaits: z.string().optional().describe('办理人：为什么现在还不能办结（群众尚未看到答复）'),
      }),
      errors: ['NOT_FOUND', 'FORBIDDEN'],
    }),
    act: defineAction({
      summary:
        '办理一步：核实受理、开始办理、答复群众、上报（村报告乡镇、乡镇交县直部门）、办结（群众看过答复或评价后；答复后超过评价期限仍未查看的也可办结），办结时提醒群众评价',
      roles: HANDLERS_AND_SUPERVISORS,
      scope: 'village',
      audit: 'write',
      input: z.object({
        villageId: id,
        requestId: id,
        action: z.enum(['accept', 'start', 'reply', 'escalate', 'close']),
        note: text().trim().max(300).optional().describe('说明；上报时必填上报理由'),
        reply: text().trim().max(500).optional().describe('答复群众的内容；答复时必填'),
        department: text().trim().max(30).optional().describe('乡镇交县里办理时必填：承办的县直部门'),
      }),
      output: z.object({ status, level }),
      errors: ['NOT_FOUND', 'FORBIDDEN', 'FAILED_PRECONDITION', 'CONFLICT'],
    }),
    rate: defineAction({
      summary: '群众对答复作出评价（满意、基本满意、不满意）并可留言；办结后在评价期限内（村设置，默认 7 天）仍可评价',
      roles: VILLAGE_ROLES,
      scope: 'village',
      audit: 'write',
      input: z.object({ villageId: id, requestId: id, rating, comment: text().trim().max(200).optional() }),
      output: z.object({ status }),
      errors: ['NOT_FOUND', 'FORBIDDEN', 'FAILED_PRECONDITION', 'CONFLICT'],
    }),
    villageQueue: defineAction({
      summary: '本村的诉求：待办、超时、已上报、已办结；网格长只看本网格；村外查看时姓名脱敏',
      roles: HANDLERS_AND_SUPERVISORS,
      scope: 'village',
      audit: 'personal-read',
      input: z.object({
        villageId: id,
        filter: z.enum(['open', 'overdue', 'escalated', 'done', 'all']).default('open'),
        ...page,
      }),
      output: z.object({ requests: z.array(requestRow), nextOffset: z.number().int().optional() }),
    }),
    townshipQueue: defineAction({
      summary: '乡镇的诉求：本乡镇在办的、各村超时的、交县里办理的（姓名脱敏）',
      roles: SUPERVISORS,
      scope: 'township',
      input: z.object({ townshipId: id, filter: z.enum(['holding', 'overdue', 'county']).default('holding'), ...page }),
      output: z.object({ requests: z.array(requestRow), nextOffset: z.number().int().optional() }),
    }),
    countyQueue: defineAction({
      summary: '县里的诉求：县里在办的、全县超时的（姓名脱敏）',
      roles: ['county_organiser'],
      scope: 'county',
      input: z.object({ filter: z.enum(['holding', 'overdue']).default('holding'), ...page }),
      output: z.object({ requests: z.array(requestRow), nextOffset: z.number().int().optional() }),
    }),
    villageFigures: defineAction({
      summary: '本村诉求的月度数字（近 12 个月）：受理、在村办结、上报、超时、办结用时中位数、满意率',
      roles: HANDLERS_AND_SUPERVISORS,
      scope: 'village',
      input: z.object({ villageId: id, month }),
      output: z.object({ months: z.array(monthFigures.extend({ month: z.string() })) }),
    }),
    townshipFigures: defineAction({
      summary: '乡镇一个月的诉求数字：合计与各村（按村排列，不对个人排名）',
      roles: SUPERVISORS,
      scope: 'township',
      input: z.object({ townshipId: id, month }),
      output: z.object({
        total: monthFigures,
        villages: z.array(monthFigures.extend({ villageId: z.string(), villageName: z.string() })),
      }),
    }),
    countyFigures: defineAction({
      summary: '全县一个月的诉求数字：合计与各乡镇',
      roles: ['county_organiser'],
      scope: 'county',
      input: z.object({ month }),
      output: z.object({
        total: monthFigures,
        townships: z.array(monthFigures.extend({ townshipId: z.string(), townshipName: z.string() })),
      }),
    }),
    deadlineSweep: defineAction({
      summary:
        '期限提醒（云端由定时触发器调用）：答复期限快到时提醒在办的一级，核实或答复超期时提醒在办的一级和上一级（乡镇、县）',
      roles: ['county_organiser'],
      scope: 'county',
      input: z.object({}),
      output: z.object({
        checked: z.number().int().describe('看过的在办诉求'),
        requests: z.number().int().describe('发出提醒的诉求'),
        notices: z.number().int().describe('发出的提醒条数'),
      }),
    }),
  },
)
