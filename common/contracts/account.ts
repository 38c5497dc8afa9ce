import { defineAction, defineFunction } from '../contract'
import { ALL_ROLES, PUBLIC } from '../roles'
import { text, z } from '../schema'
import { partyInfo, role } from './shapes'

const notice = z.object({
  id: z.string(),
  title: z.string(),
  lines: z.array(z.object({ label: z.string(), value: z.string() })),
  page: z.string().describe('点开后进入的小程序页面（不以 / 开头，可带参数）'),
  at: z.string().describe('送达时间，ISO 8601'),
  read: z.boolean(),
})

export const accountContract = defineFunction('account', '我的：绑定微信与个人信息', {
  redeemInvitation: defineAction({
    summary: '输入或扫描村干部给的邀请码，把当前微信绑定到花名册中的本人（一次性，连续输错会暂时锁定）',
    roles: [PUBLIC],
    scope: 'public',
    audit: 'write',
    input: z.object({ code: text().min(1).max(24) }),
    output: z.object({ villageId: z.string(), villageName: z.string(), personName: z.string(), roles: z.array(role) }),
    errors: ['NOT_FOUND', 'FAILED_PRECONDITION', 'CONFLICT', 'RATE_LIMITED'],
  }),
  myProfile: defineAction({
    summary: '本人在各村（或乡镇、县）的身份、角色，以及本人所在的户',
    roles: ALL_ROLES,
    scope: 'self',
    input: z.object({}),
    output: z.object({
      memberships: z.array(
        z.object({
          level: z.enum(['village', 'township', 'county']),
          unitId: z.string(),
          unitName: z.string(),
          townshipName: z.string().optional(),
          personId: z.string().optional(),
          name: z.string().optional(),
          phoneMasked: z.string().optional(),
          roles: z.array(role),
          party: partyInfo.optional(),
          household: z
            .object({
              number: z.string(),
              headName: z.string(),
              memberCount: z.number().int(),
              adultCount: z.number().int(),
            })
            .optional(),
          gridName: z.string().optional(),
        }),
      ),
    }),
  }),
  myNotices: defineAction({
    summary: '我的消息：发给本人微信的通知（会议、表决、诉求、报备…），新的在前，及未读数',
    roles: ALL_ROLES,
    scope: 'self',
    input: z.object({ limit: z.number().int().min(1).max(50).default(30) }),
    output: z.object({ notices: z.array(notice), unread: z.number().int().describe('未读数') }),
  }),
  markNoticesRead: defineAction({
    summary: '把本人的消息标为已读：点开的一条，或全部',
    roles: ALL_ROLES,
    scope: 'self',
    audit: 'write',
    input: z.object({ ids: z.array(text().min(1).max(64)).max(50).optional().describe('不填：全部标为已读') }),
    output: z.object({ marked: z.number().int() }),
  }),
})
