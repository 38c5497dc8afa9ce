import { defineAction, defineFunction } from '../contract'
import { ALL_ROLES, PUBLIC, VILLAGE_ROLES } from '../roles'
import { z } from '../schema'
import { id } from './shapes'

const membership = z.object({
  villageId: z.string().optional().describe('村级角色所在的村'),
  townshipId: z.string().optional().describe('所在乡镇（乡镇组织委员：所管乡镇）'),
  personId: z.string().optional().describe('花名册中的本人'),
  roles: z.array(z.enum(ALL_ROLES as [string, ...string[]])),
})

export const systemContract = defineFunction('system', '系统：连通检查与当前身份', {
  ping: defineAction({
    summary: '连通检查：返回服务器时间与北京日期',
    roles: [PUBLIC],
    scope: 'public',
    input: z.object({}),
    output: z.object({
      serverTime: z.string().describe('服务器时间，ISO 8601 (UTC)'),
      beijingDate: z.string().describe('服务器时间所在的北京日期 YYYY-MM-DD'),
    }),
  }),
  subscribeTemplates: defineAction({
    summary: '订阅消息模板编号：小程序在用户点按时据此申请订阅（未配置的模板不返回）',
    roles: [PUBLIC],
    scope: 'public',
    input: z.object({}),
    output: z.object({
      templates: z.record(z.string(), z.string()).describe('模板键 → 微信订阅消息模板编号'),
    }),
  }),
  whoami: defineAction({
    summary: '当前微信用户是否已绑定花名册，及其在各村的角色',
    roles: [PUBLIC],
    scope: 'public',
    input: z.object({}),
    output: z.object({
      bound: z.boolean(),
      memberships: z.array(membership),
    }),
  }),
  summary: defineAction({
    summary: '首页角标：本人在本村待办的诉求、待表决的议题、未读消息各有几件（一次调用，几次计数查询）',
    roles: VILLAGE_ROLES,
    scope: 'village',
    input: z.object({ villageId: id }),
    output: z.object({
      requestsOpen: z.number().int().optional().describe('待办的群众诉求（网格长：本网格的）；无权办理诉求时不返回'),
      ballotsToVote: z.number().int().describe('正在表决、本人可投而未投的议题数'),
      unreadNotices: z.number().int().describe('未读消息数'),
    }),
  }),
})
