import { defineAction, defineFunction } from '../contract'
import { ROSTER_KEEPERS, SUPERVISORS } from '../roles'
import { text, z } from '../schema'
import { id, page, partyInfo, role, searchQuery, villageRole } from './shapes'

/** Cadres who work with the roster day to day, plus the supervisors who may read it. */
const ROSTER_READERS = [...ROSTER_KEEPERS, 'resident_cadre', 'grid_leader', ...SUPERVISORS] as const

const personRow = z.object({
  id: z.string(),
  name: z.string(),
  phoneMasked: z.string().describe('手机号，中间四位隐去'),
  roles: z.array(role),
  householdId: z.string().optional(),
  gridId: z.string().optional(),
  party: partyInfo.optional(),
  bound: z.boolean().describe('是否已绑定微信'),
})

const householdRow = z.object({
  id: z.string(),
  number: z.string().describe('户号或门牌'),
  headName: z.string(),
  gridId: z.string().optional(),
  memberCount: z.number().int(),
  adultCount: z.number().int(),
})

const invitationRow = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  rebind: z.boolean(),
  status: z.enum(['open', 'used', 'revoked', 'expired']),
  hint: z.string().describe('邀请码最后两位，便于核对'),
  createdAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().optional(),
})

export const rosterContract = defineFunction('roster', '花名册：人员、户、网格、绑定邀请', {
  listPeople: defineAction({
    summary: '查找本村花名册人员（按姓名、手机号后四位、角色、网格、户）；网格长只看到本网格',
    roles: ROSTER_READERS,
    scope: 'village',
    audit: 'personal-read',
    input: z.object({
      villageId: id,
      query: searchQuery(20).optional().describe('姓名片段或手机号后四位'),
      role: role.optional(),
      gridId: id.optional(),
      householdId: id.optional(),
      ...page,
    }),
    output: z.object({
      people: z.array(personRow),
      /** The whole roll's size (the village's count), or a filtered list's when it fits on the first page. */
      total: z.number().int().optional(),
      nextOffset: z.number().int().optional(),
    }),
  }),
  getPerson: defineAction({
    summary: '花名册中一人的详细信息（手机号完整，身份证号仅后四位）',
    roles: ROSTER_READERS,
    scope: 'village',
    audit: 'personal-read',
    input: z.object({ villageId: id, personId: id }),
    output: personRow.extend({
      phone: z.string(),
      idNumberMasked: z.string().optional(),
      gender: z.enum(['male', 'female']).optional(),
      boundAt: z.string().optional(),
    }),
    errors: ['NOT_FOUND'],
  }),
  savePerson: defineAction({
    summary:
      '新增或修改花名册人员（姓名、手机、角色、所在户与网格、党员情况）；身份证号只保存后四位。不能改自己的角色；支部书记、第一书记（及县里列出的角色）的任免须由乡镇办理',
    roles: [...ROSTER_KEEPERS, ...SUPERVISORS],
    scope: 'village',
    audit: 'write',
    input: z.object({
      villageId: id,
      personId: id.optional().describe('不填为新增'),
      name: text().trim().min(1).max(20),
      phone: text()
        .max(11)
        .regex(/^1[3-9]\d{9}$/, '手机号应为11位数字')
        .optional()
        .or(z.literal('')),
      idNumber: text().trim().max(18).optional().describe('可不填；填写后只保存后四位'),
      gender: z.enum(['male', 'female']).optional(),
      householdId: id.optional(),
      gridId: id.optional(),
      roles: z.array(villageRole).min(1).max(10),
      party: partyInfo.optional().describe('角色含党员时必填'),
    }),
    output: z.object({ personId: z.string() }),
    errors: ['NOT_FOUND', 'FORBIDDEN', 'FAILED_PRECONDITION'],
  }),
  listHouseholds: defineAction({
    summary: '本村的户（户号、户主、人口数、成年人数）；网格长只看到本网格',
    roles: ROSTER_READERS,
    scope: 'village',
    audit: 'personal-read',
    input: z.object({ villageId: id, query: searchQuery(20).optional(), gridId: id.optional(), ...page }),
    output: z.object({
      households: z.array(householdRow),
      total: z.number().int(),
      nextOffset: z.number().int().optional(),
    }),
  }),
  saveHousehold: defineAction({
    summary: '新增或修改一户（户号、户主、人口数、成年人数、所属网格）',
    roles: ROSTER_KEEPERS,
    scope: 'village',
    audit: 'write',
    input: z.object({
      villageId: id,
      householdId: id.optional(),
      number: text().trim().min(1).max(20),
      headName: text().trim().min(1).max(20),
      gridId: id.optional(),
      memberCount: z.number().int().min(1).max(50),
      adultCount: z.number().int().min(0).max(50),
    }),
    output: z.object({ householdId: z.string() }),
    errors: ['NOT_FOUND'],
  }),
  listGrids: defineAction({
    summary: '本村的网格及网格长、户数',
    roles: ROSTER_READERS,
    scope: 'village',
    input: z.object({ villageId: id }),
    output: z.object({
      grids: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          leaderPersonId: z.string().optional(),
          leaderName: z.string().optional(),
          householdCount: z.number().int(),
        }),
      ),
    }),
  }),
  saveGrid: defineAction({
    summary: '新增或修改网格（名称、网格长）',
    roles: ROSTER_KEEPERS,
    scope: 'village',
    audit: 'write',
    input: z.object({
      villageId: id,
      gridId: id.optional(),
      name: text().trim().min(1).max(20),
      leaderPersonId: id.optional(),
    }),
    output: z.object({ gridId: z.string() }),
    errors: ['NOT_FOUND'],
  }),
  createInvitation: defineAction({
    summary:
      '为花名册中一人生成一次性邀请码（及小程序码）；已绑定的人须勾选“更换微信”，旧微信随之解绑。更换他人的微信、邀请支部书记等须由乡镇任免的人，须由乡镇组织委员办理（或本人）',
    roles: [...ROSTER_KEEPERS, ...SUPERVISORS],
    scope: 'village',
    audit: 'write',
    input: z.object({ villageId: id, personId: id, rebind: z.boolean().default(false) }),
    output: z.object({
      invitationId: z.string(),
      code: z.string().describe('只在此时返回一次，库中只存其摘要'),
      display: z.string().describe('分组显示，如 ABCDE-FGHJK'),
      expiresAt: z.string(),
      qrImage: z.string().optional().describe('小程序码 data URL；本地环境无'),
    }),
    errors: ['NOT_FOUND', 'FORBIDDEN', 'FAILED_PRECONDITION'],
  }),
  listInvitations: defineAction({
    summary: '本村的邀请码记录（不含邀请码本身）',
    roles: ROSTER_KEEPERS,
    scope: 'village',
    input: z.object({ villageId: id, ...page }),
    output: z.object({ invitations: z.array(invitationRow) }),
  }),
  revokeInvitation: defineAction({
    summary: '作废一个尚未使用的邀请码',
    roles: ROSTER_KEEPERS,
    scope: 'village',
    audit: 'write',
    input: z.object({ villageId: id, invitationId: id }),
    output: z.object({ revoked: z.boolean() }),
    errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
  }),
  listAudit: defineAction({
    summary: '本村的操作记录：谁在何时对哪条记录做了什么（只读，不可修改）',
    roles: ['branch_secretary', 'township_organiser', 'county_organiser'],
    scope: 'village',
    input: z.object({ villageId: id, ...page }),
    output: z.object({
      entries: z.array(
        z.object({
          at: z.string(),
          action: z.string(),
          kind: z.enum(['write', 'personal-read']),
          actorName: z.string(),
          actorRoles: z.array(role),
          subjects: z.array(z.object({ collection: z.string(), id: z.string() })),
          subjectCount: z.number().int(),
          detail: z.string().optional().describe('绑定变更等的说明'),
        }),
      ),
    }),
  }),
})
