import { defineAction, defineFunction } from '../contract'
import { ROSTER_KEEPERS, SUPERVISORS, VILLAGE_CADRES } from '../roles'
import { REQUEST_CATEGORIES, REQUEST_URGENCIES } from '../rules/request-deadlines'
import { text, z } from '../schema'
import { calendarDate, id } from './shapes'

/** Who arranges 联户: the roster keepers, and grid leaders within their grids. */
export const LINKAGE_KEEPERS = [...ROSTER_KEEPERS, 'grid_leader'] as const
const LINKAGE_READERS = [...VILLAGE_CADRES, 'grid_leader', ...SUPERVISORS] as const
/** Who moves a household to another grid (issue 24: the village secretary for grids and people). */
export const GRID_MOVERS = ['branch_secretary', 'first_secretary'] as const
/** Who sees the findings written on visits and turns them into requests (the village's cadres). */
const FINDINGS_KEEPERS = VILLAGE_CADRES
/** Who visits: Party members linked to households, and cadres / grid leaders. */
const VISITORS = ['party_member', 'grid_leader', ...VILLAGE_CADRES] as const

const date = calendarDate
const due = z.enum(['never', 'overdue', 'due', 'ok'])
const warning = z
  .enum(['none', 'below', 'above'])
  .nullable()
  .describe('none 未联系任何户 / below 少于下限 / above 多于上限')

const visitRow = z.object({
  id: z.string(),
  date: z.string(),
  memberName: z.string(),
  met: z.string(),
  situation: z.string(),
  needs: z.string().optional(),
  followUp: z.string().optional(),
  requestIds: z.array(z.string()),
})

export const gridContract = defineFunction('grid', '党员联户：网格内党员联系户、走访（民情日记）', {
  overview: defineAction({
    summary:
      '网格联户情况：每名党员联系的户数（与本村要求的范围比对）、无人联系的户、没有联系户的党员；网格长只看本网格',
    roles: LINKAGE_READERS,
    scope: 'village',
    audit: 'personal-read',
    input: z.object({ villageId: id, gridId: id.optional() }),
    output: z.object({
      range: z.object({ min: z.number().int(), max: z.number().int() }),
      grids: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          householdCount: z.number().int(),
          members: z.array(
            z.object({
              personId: z.string(),
              name: z.string(),
              householdCount: z.number().int(),
              warning,
              message: z.string().optional(),
              households: z
                .array(z.object({ id: z.string(), number: z.string(), headName: z.string() }))
                .describe('这名党员现在联系的户（可点选后改由别的党员联系）'),
            }),
          ),
          unlinkedHouseholds: z.array(z.object({ id: z.string(), number: z.string(), headName: z.string() })),
        }),
      ),
      unlinkedCount: z.number().int(),
      membersWithNone: z.array(z.object({ personId: z.string(), name: z.string() })),
    }),
  }),
  assign: defineAction({
    summary:
      '把户分给一名党员联系，也用于把已有联系人的户改由另一名党员联系（原联系人的记录连同安排人、起止时间保留在历史中）；超出本村要求的范围时提醒',
    roles: LINKAGE_KEEPERS,
    scope: 'village',
    audit: 'write',
    input: z.object({
      villageId: id,
      memberPersonId: id,
      householdIds: z.array(id).min(1).max(50),
      note: text().trim().max(100).optional(),
    }),
    output: z.object({
      linked: z.number().int(),
      moved: z.number().int(),
      householdCount: z.number().int(),
      warning,
      message: z.string().optional(),
    }),
    errors: ['NOT_FOUND', 'FORBIDDEN', 'FAILED_PRECONDITION'],
  }),
  unassign: defineAction({
    summary: '结束一户的联系（记录保留在历史中）',
    roles: LINKAGE_KEEPERS,
    scope: 'village',
    audit: 'write',
    input: z.object({ villageId: id, householdId: id }),
    output: z.object({ ended: z.boolean() }),
    errors: ['NOT_FOUND', 'FORBIDDEN'],
  }),
  moveHousehold: defineAction({
    summary: '把一户调整到本村另一个网格（支部书记、第一书记）：原联系党员的联系结束（保留在历史中），户里的人随户调整',
    roles: GRID_MOVERS,
    scope: 'village',
    audit: 'write',
    input: z.object({
      villageId: id,
      householdId: id,
      toGridId: id,
      note: text().trim().max(100).optional().describe('调整原因'),
    }),
    output: z.object({ fromGridName: z.string(), toGridName: z.string(), linkEnded: z.boolean() }),
    errors: ['NOT_FOUND', 'FORBIDDEN', 'FAILED_PRECONDITION', 'CONFLICT'],
  }),
  findings: defineAction({
    summary: '走访中发现的需求（民情日记的“发现的需求”）：还没有转为诉求、也没有处理的，村干部逐条处理',
    roles: [...FINDINGS_KEEPERS, ...SUPERVISORS],
    scope: 'village',
    audit: 'personal-read',
    input: z.object({ villageId: id, filter: z.enum(['open', 'done']).default('open') }),
    output: z.object({
      findings: z.array(
        z.object({
          visitId: z.string(),
          householdId: z.string(),
          headName: z.string(),
          date: z.string(),
          memberName: z.string(),
          needs: z.string(),
          outcome: z.enum(['request', 'handled']).optional(),
          outcomeNote: z.string().optional(),
          outcomeBy: z.string().optional(),
          outcomeAt: z.string().optional(),
          requestId: z.string().optional(),
        }),
      ),
    }),
  }),
  resolveFinding: defineAction({
    summary: '处理一条走访发现的需求：转为一件诉求（进入本村诉求办理），或写明已处理',
    roles: FINDINGS_KEEPERS,
    scope: 'village',
    audit: 'write',
    input: z.object({
      villageId: id,
      visitId: id,
      outcome: z.enum(['request', 'handled']),
      category: z.enum(REQUEST_CATEGORIES).optional().describe('转为诉求时必填'),
      urgency: z.enum(REQUEST_URGENCIES).default('normal'),
      note: text().trim().max(200).optional().describe('已处理时必填：怎么处理的'),
    }),
    output: z.object({ outcome: z.enum(['request', 'handled']), requestId: z.string().optional() }),
    errors: ['NOT_FOUND', 'FORBIDDEN', 'FAILED_PRECONDITION', 'CONFLICT'],
  }),
  myHouseholds: defineAction({
    summary: '我联系的户：上次走访、今年走访次数、哪些户该走访了',
    roles: VISITORS,
    scope: 'village',
    audit: 'personal-read',
    input: z.object({ villageId: id }),
    output: z.object({
      intervalDays: z.number().int(),
      yearTarget: z.number().int(),
      households: z.array(
        z.object({
          householdId: z.string(),
          number: z.string(),
          headName: z.string(),
          lastVisitDate: z.string().optional(),
          visitsThisYear: z.number().int(),
          nextBy: z.string().optional(),
          due,
        }),
      ),
    }),
  }),
  household: defineAction({
    summary: '一户的走访记录（民情日记）和联系人变更历史',
    roles: [...LINKAGE_READERS, 'party_member'],
    scope: 'village',
    audit: 'personal-read',
    input: z.object({ villageId: id, householdId: id }),
    output: z.object({
      householdId: z.string(),
      number: z.string(),
      headName: z.string(),
      memberName: z.string().optional().describe('现在的联系党员'),
      gridName: z.string().optional(),
      memberCount: z.number().int(),
      tags: z.array(z.string()).describe('家庭情况标签（独居、有人在外、有未成年人、低保等），由已有资料得出'),
      members: z.array(
        z.object({
          name: z.string(),
          roles: z.array(z.string()).describe('村里的身份（户主、党员…）'),
          away: z.boolean().describe('在外（外出务工的党员、流动党员）'),
          phone: z.string().optional().describe('只给村干部、网格长（docs/access.md 手机号）'),
        }),
      ),
      visits: z.array(visitRow),
      links: z.array(
        z.object({
          memberName: z.string(),
          from: z.string(),
          to: z.string().optional(),
          note: z.string().optional(),
          by: z.string().optional().describe('谁安排的'),
        }),
      ),
      moves: z
        .array(z.object({ at: z.string(), fromGridName: z.string(), toGridName: z.string(), by: z.string() }))
        .describe('调整网格的记录'),
    }),
    errors: ['NOT_FOUND', 'FORBIDDEN'],
  }),
  recordVisit: defineAction({
    summary: '记录一次走访：日期、见到谁、情况、发现的需求、当场提出的诉求（各成为一件诉求）、后续跟进',
    roles: VISITORS,
    scope: 'village',
    audit: 'write',
    input: z.object({
      villageId: id,
      householdId: id,
      date,
      met: text().trim().min(1, '请填写见到了谁').max(40),
      situation: text().trim().min(2, '请简单写下家里情况').max(500),
      needs: text().trim().max(300).optional(),
      followUp: text().trim().max(300).optional(),
      requests: z
        .array(
          z.object({
            category: z.enum(REQUEST_CATEGORIES),
            urgency: z.enum(REQUEST_URGENCIES).default('normal'),
            description: text().trim().min(4, '请把诉求写清楚（至少4个字）').max(500),
            residentPersonId: id.optional(),
          }),
        )
        .max(3)
        .default([]),
    }),
    output: z.object({ visitId: z.string(), requestIds: z.array(z.string()) }),
    errors: ['NOT_FOUND', 'FORBIDDEN'],
  }),
})
