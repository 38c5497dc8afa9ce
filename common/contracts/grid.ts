import { defineAction, defineFunction } from '../contract'
import { ROSTER_KEEPERS, SUPERVISORS, VILLAGE_CADRES } from '../roles'
import { REQUEST_CATEGORIES, REQUEST_URGENCIES } from '../rules/request-deadlines'
import { text, z } from '../schema'
import { calendarDate, id } from './shapes'

/** Who arranges 联户: the roster keepers, and grid leaders within their grids. */
export const LINKAGE_KEEPERS = [...ROSTER_KEEPERS, 'grid_leader'] as const
const LINKAGE_READERS = [...VILLAGE_CADRES, 'grid_leader', ...SUPERVISORS] as const
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
    summary: '把户分给一名党员联系（原联系人的记录保留在历史中）；超出本村要求的范围时提醒',
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
      visits: z.array(visitRow),
      links: z.array(
        z.object({ memberName: z.string(), from: z.string(), to: z.string().optional(), note: z.string().optional() }),
      ),
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
