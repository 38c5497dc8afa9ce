import { defineAction, defineFunction } from '../contract'
import { PUBLIC, SUPERVISORS, VILLAGE_ROLES } from '../roles'
import { regionCodeProblem } from '../rules/region-code'
import { text, z } from '../schema'
import { id, overridesPatch, serviceCentre, settingsPatch, settingsValues } from './shapes'

const villageKind = z.enum(['village', 'community']).describe('village 村 / community 社区')

const villageStats = z.object({
  id: z.string(),
  name: z.string(),
  kind: villageKind,
  starLevel: z
    .number()
    .int()
    .min(0)
    .max(5)
    .describe('五星支部星级：今年县里确认的；未确认时为按任务完成情况测算的（与五星支部看板同一来源）；0 为未达二星'),
  starLevelConfirmed: z.boolean().describe('星级已经县里确认（否则为测算）'),
  lastYearStarLevel: z.number().int().min(0).max(5).describe('上年评定的星级，0 为未评'),
  householdCount: z.number().int(),
  peopleCount: z.number().int().describe('花名册人数'),
  registeredAdults: z.number().int(),
  partyMemberCount: z.number().int(),
  partyMembersAway: z.number().int(),
  gridCount: z.number().int(),
  boundCount: z.number().int().describe('已绑定微信的花名册人数'),
  retired: z
    .object({
      at: z.string(),
      byName: z.string().describe('办理人姓名'),
      reason: z.string(),
      mergedInto: z.object({ id: z.string(), name: z.string() }).optional().describe('合并时：并入的村（社区）'),
    })
    .optional()
    .describe('已撤销（或已并入其他村）：记录仍可查看，不再接受新的工作'),
  merging: z
    .object({
      into: z.object({ id: z.string(), name: z.string() }),
      startedAt: z.string(),
      byName: z.string(),
      reason: z.string(),
      moved: z.object({ households: z.number().int(), people: z.number().int(), grids: z.number().int() }),
    })
    .optional()
    .describe('正在并入另一个村（合并分批进行，尚未完成）：已并过去的户、人、网格；不再接受新的工作'),
})

const confirmName = text()
  .trim()
  .min(1)
  .max(20)
  .describe('确认框里显示的村名：与库中的不符（点错了村、村名已改）时拒绝，什么也不改')
const retireReason = text().trim().min(2, '请写明撤销或合并的依据，如乡镇党委的文件').max(80, '依据不超过80个字')

const personName = text().trim().min(2, '请填写姓名').max(20, '姓名不超过20个字')
const unitName = (what: string, max: number) =>
  text().trim().min(2, `请填写${what}名称`).max(max, `${what}名称不超过${max}个字`)
const regionCode = text()
  .trim()
  .max(12, '行政区划代码为6位数字')
  .superRefine((code, ctx) => {
    const problem = regionCodeProblem(code)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
  .describe('县（市、区）的6位行政区划代码（GB/T 2260）')
const newServiceCentre = serviceCentre.extend({
  address: text().trim().min(4, '请填写党群服务中心地址').max(80),
  phone: text()
    .trim()
    .max(20)
    .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '电话应为11位手机号或带区号的固定电话，例如 0377-6612345'),
})

export const orgContract = defineFunction('org', '组织：县、乡镇、村（社区）与规则设置', {
  needsSetup: defineAction({
    summary: '是否还需要初始化本县（部署后还没有县、还没有县级管理员时为是）；部署时是否设置了初始化码',
    roles: [PUBLIC],
    scope: 'public',
    input: z.object({}),
    output: z.object({ needed: z.boolean(), codeConfigured: z.boolean() }),
  }),
  setupCounty: defineAction({
    summary:
      '一次性初始化：凭部署时设置的初始化码建立本县，调用者（按微信 OPENID）成为县委组织部管理员；成功后永久关闭',
    roles: [PUBLIC],
    scope: 'public',
    audit: 'write',
    input: z.object({
      code: text().trim().min(1, '请填写初始化码').max(40),
      countyName: unitName('县（市、区）', 20),
      regionCode,
      organiserName: personName.describe('县级管理员本人的姓名'),
    }),
    output: z.object({ countyId: z.string(), countyName: z.string() }),
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'FAILED_PRECONDITION', 'RATE_LIMITED'],
  }),
  createTownship: defineAction({
    summary: '县级：新增乡镇（街道）',
    roles: ['county_organiser'],
    scope: 'county',
    audit: 'write',
    input: z.object({
      name: unitName('乡镇（街道）', 20),
      kind: z.enum(['乡', '镇', '街道']),
    }),
    output: z.object({ townshipId: z.string() }),
    errors: ['CONFLICT'],
  }),
  createVillage: defineAction({
    summary: '新增村（社区）及其党群服务中心（地址、位置、电话）：县级管理员可在任一乡镇，乡镇组织委员在本乡镇',
    roles: ['township_organiser', 'county_organiser'],
    scope: 'township',
    audit: 'write',
    input: z.object({
      townshipId: id,
      name: unitName('村（社区）', 20),
      kind: villageKind,
      serviceCentre: newServiceCentre,
    }),
    output: z.object({ villageId: z.string() }),
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  publicVillages: defineAction({
    summary: '选择村（社区）：全县乡镇的名称；给出乡镇时另列这个乡镇的村（公开，无个人信息）',
    roles: [PUBLIC],
    scope: 'public',
    input: z.object({
      townshipId: id.optional().describe('只列这个乡镇的村；不给时各乡镇的 villages 为空（全县 2,600 个村不一次下发）'),
    }),
    output: z.object({
      townships: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          villages: z.array(z.object({ id: z.string(), name: z.string(), kind: villageKind })),
        }),
      ),
    }),
  }),
  villageBoard: defineAction({
    summary: '村的公开信息：名称、所属乡镇、党群服务中心地址与电话',
    roles: [PUBLIC],
    scope: 'public',
    input: z.object({ villageId: id }),
    output: z.object({
      id: z.string(),
      name: z.string(),
      kind: villageKind,
      townshipName: z.string(),
      serviceCentre: z.object({ name: z.string(), address: z.string(), phone: z.string() }),
    }),
    errors: ['NOT_FOUND'],
  }),
  listTownships: defineAction({
    summary: '县级：全县乡镇（街道）及村数、党员数',
    roles: ['county_organiser'],
    scope: 'county',
    input: z.object({}),
    output: z.object({
      county: z.object({ id: z.string(), name: z.string() }),
      townships: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          villageCount: z.number().int(),
          householdCount: z.number().int(),
          partyMemberCount: z.number().int(),
          partyMembersAway: z.number().int(),
        }),
      ),
    }),
  }),
  listVillages: defineAction({
    summary: '乡镇级：本乡镇的村（社区）及户数、党员数、星级',
    roles: ['township_organiser', 'county_organiser'],
    scope: 'township',
    input: z.object({ townshipId: id }),
    output: z.object({ township: z.object({ id: z.string(), name: z.string() }), villages: z.array(villageStats) }),
    errors: ['NOT_FOUND'],
  }),
  getVillage: defineAction({
    summary: '村的概况：户数、成年村民数、党员数、网格数、服务中心位置与签到半径',
    roles: [...VILLAGE_ROLES, ...SUPERVISORS],
    scope: 'village',
    input: z.object({ villageId: id }),
    output: villageStats.extend({ townshipId: z.string(), townshipName: z.string(), serviceCentre }),
    errors: ['NOT_FOUND'],
  }),
  updateVillage: defineAction({
    summary: '修改村的服务中心位置、签到半径、电话，或登记的成年村民数',
    roles: ['branch_secretary', 'first_secretary', 'township_organiser', 'county_organiser'],
    scope: 'village',
    audit: 'write',
    input: z.object({
      villageId: id,
      serviceCentre: serviceCentre.optional(),
      registeredAdults: z.number().int().min(0).max(100000).optional().describe('户籍登记的18周岁以上村民人数'),
    }),
    output: z.object({ updated: z.boolean() }),
    errors: ['NOT_FOUND'],
  }),
  retireVillage: defineAction({
    summary:
      '撤销一个村（社区）（如村改居后另设社区）：记录、会议、议题都保留可查，但不再接受新的工作，本村人员的微信绑定随之解除。县级管理员可撤销任一村，乡镇组织委员只能撤销本乡镇的村',
    roles: ['township_organiser', 'county_organiser'],
    scope: 'village',
    audit: 'write',
    input: z.object({ villageId: id, reason: retireReason, confirmName }),
    output: z.object({ retired: z.boolean() }),
    errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
  }),
  mergeVillage: defineAction({
    summary:
      '合村并居：把一个村的户、人员、网格并入另一个村（社区），原村撤销但其记录、会议、议题保留可查；两村须在调用者管辖范围内（乡镇组织委员：本乡镇）。每次调用并过去至多 3000 条（各自一个事务）；没并完时原村标为“正在并入”，再调用接着并，并完才撤销',
    roles: ['township_organiser', 'county_organiser'],
    scope: 'village',
    audit: 'write',
    input: z.object({
      villageId: id.describe('被并入的村（合并后撤销）'),
      targetVillageId: id.describe('并入到的村（社区）'),
      reason: retireReason,
      confirmName,
    }),
    output: z.object({
      households: z.number().int(),
      people: z.number().int(),
      grids: z.number().int(),
      targetName: z.string(),
      done: z.boolean().describe('全部并入、原村已撤销；为 false 时再调用一次（新的请求编号）接着并'),
      left: z.number().int().describe('还没并过去的户、人员和网格'),
    }),
    errors: ['NOT_FOUND', 'FORBIDDEN', 'FAILED_PRECONDITION', 'CONFLICT'],
  }),
  getSettings: defineAction({
    summary: '本村生效的规则设置：县里的设置与本村的调整',
    roles: [...VILLAGE_ROLES, ...SUPERVISORS],
    scope: 'village',
    input: z.object({ villageId: id }),
    output: z.object({ effective: settingsValues, county: settingsPatch, overrides: settingsPatch }),
    errors: ['NOT_FOUND'],
  }),
  updateVillageSettings: defineAction({
    summary: '调整本村的地方性规则（只能改村级可调的项目，且不低于法定标准）；值为 null 表示恢复县里的设置',
    roles: ['branch_secretary', 'township_organiser', 'county_organiser'],
    scope: 'village',
    audit: 'write',
    input: z.object({ villageId: id, overrides: overridesPatch }),
    output: z.object({ effective: settingsValues, overrides: settingsPatch }),
    errors: ['NOT_FOUND'],
  }),
  getCountySettings: defineAction({
    summary: '县级规则设置（默认值、县里修改过的值）',
    roles: ['county_organiser'],
    scope: 'county',
    input: z.object({}),
    output: z.object({ effective: settingsValues, county: settingsPatch }),
  }),
  updateCountySettings: defineAction({
    summary: '修改县级规则设置；低于法定标准或超出范围的值被拒绝并说明原因',
    roles: ['county_organiser'],
    scope: 'county',
    audit: 'write',
    input: z.object({ settings: settingsPatch }),
    output: z.object({ effective: settingsValues, county: settingsPatch }),
  }),
})
