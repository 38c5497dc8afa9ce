import { defineAction, defineFunction } from '../contract'
import { PUBLIC, SUPERVISORS, VILLAGE_CADRES, VILLAGE_ROLES } from '../roles'
import { COUNTER_KEYS, MAX_MONEY_FEN, type FigureKey } from '../rules/council-standards'
import { text as textField, z } from '../schema'
import { calendarDate, calendarMonth, id, page, searchQuery } from './shapes'

/**
 * Who may file for a household: its own people (residents, household heads, Party members — for their own
 * household), its grid leader (the grids they lead), council members and village cadres (any household). A
 * household out of the caller's reach answers NOT_FOUND, as records of another village do.
 */
export const COUNCIL_FILERS = ['resident', 'household_head', 'party_member', 'grid_leader', ...VILLAGE_CADRES] as const
/**
 * The roles 红白理事会 members are drawn from. Review, recording actual figures and reporting to the township
 * further need the caller to be on the village's council (chair, member or liaison) — or, while the village has
 * named no chair, to be its branch secretary.
 */
export const COUNCIL_MEMBER_ROLES = [
  'grid_leader',
  'party_member',
  'villager_representative',
  ...VILLAGE_CADRES,
] as const
/** Who appoints the council and adopts new standards. */
export const COUNCIL_MANAGERS = ['branch_secretary', 'first_secretary', ...SUPERVISORS] as const

const fen = (label: string) =>
  z
    .number({ error: `「${label}」须为金额` })
    .int(`「${label}」须为整数（以分计）`)
    .min(0, `「${label}」不能是负数`)
    .max(MAX_MONEY_FEN, `「${label}」超出可填写的范围`)
    .describe(`${label}（分）`)
const count = (label: string, max = 1000) =>
  z
    .number({ error: `「${label}」须为数字` })
    .int(`「${label}」须为整数`)
    .min(0, `「${label}」不能是负数`)
    .max(max, `「${label}」超出可填写的范围`)
const date = calendarDate
const month = calendarMonth
const year = z.number().int().min(2000).max(2100)
const kind = z.enum(['wedding', 'funeral', 'other']).describe('wedding 婚事 / funeral 丧事 / other 其他事宜')
const venue = z.enum(['rural', 'town']).describe('rural 村里 / town 镇上（县城）饭店')
const status = z.enum(['filed', 'approved', 'advised', 'disagreed', 'completed', 'withdrawn'])
const compliance = z.enum(['within', 'over_with_reason', 'over_without_reason'])
const text = (max: number) => textField().trim().max(max)

export const figures = z.strictObject({
  betrothalGiftFen: fen('彩礼').optional(),
  engagementGuests: count('订婚人数').optional(),
  cars: count('婚车').optional(),
  tables: count('宴席桌数').optional(),
  tableCostFen: fen('每桌费用').optional(),
  giftMoneyFen: fen('人情礼金').optional(),
  days: count('办理天数', 60).optional(),
  otherCostFen: fen('其他花费').optional(),
})
const FIGURE_KEYS = Object.keys(figures.shape) as FigureKey[]
export const reasons = z.strictObject(
  Object.fromEntries(FIGURE_KEYS.map((k) => [k, text(200).optional()])) as Record<
    FigureKey,
    z.ZodOptional<z.ZodString>
  >,
)

export const standardValues = z.object({
  wedding: z.object({
    betrothalGiftCapFen: fen('彩礼上限'),
    engagementGuestsCap: count('订婚人数上限', 200),
    carsCap: count('婚车上限', 100),
    tablesCap: count('婚宴桌数上限', 200),
    tableCostCapFenRural: fen('每桌费用上限（村里）'),
    tableCostCapFenTown: fen('每桌费用上限（镇上）'),
    giftMoneyCapFen: fen('人情礼金上限'),
  }),
  funeral: z.object({
    daysCap: count('丧事天数上限', 15),
    tablesCap: count('丧事桌数上限', 200),
    tableCostCapFen: fen('丧事每桌费用上限'),
    reportToTownship: z.boolean(),
    reportDeadlineHours: count('丧事报备时限', 168),
  }),
  rules: textField().max(2000).describe('其他约定（村规民约条文）'),
  baseline: z.object({
    weddingFen: fen('移风易俗前婚事平均花费').nullable(),
    funeralFen: fen('移风易俗前丧事平均花费').nullable(),
    otherFen: fen('移风易俗前其他事宜平均花费').nullable(),
    source: textField().max(100).describe('基数来源，如“2019年村里对30户的调查”'),
  }),
})
const standard = standardValues.extend({
  version: z.number().int().describe('0 为县里的默认标准'),
  effectiveFrom: z.string().describe('生效日期；县里默认标准为空'),
})

const person = z.object({ personId: z.string(), name: z.string() })
const councilShape = z.object({
  chair: person.nullable(),
  members: z.array(
    person.extend({ gridIds: z.array(z.string()), groups: z.string().describe('负责的村民小组（文字）') }),
  ),
  liaison: person.nullable(),
  termStart: z.string(),
  termEnd: z.string(),
})

const counters = z.object(
  Object.fromEntries(COUNTER_KEYS.map((k) => [k, z.number().int()])) as Record<
    (typeof COUNTER_KEYS)[number],
    z.ZodNumber
  >,
)

const checkItem = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number().int(),
  cap: z.number().int().nullable(),
  over: z.number().int(),
  money: z.boolean(),
  unit: z.string(),
  reason: z.string().optional(),
})
const check = z.object({
  items: z.array(checkItem),
  overKeys: z.array(z.string()),
  missingReasons: z.array(z.string()),
  compliance,
  costFen: z.number().int(),
})

const filingRow = z.object({
  id: z.string(),
  kind,
  householdId: z.string(),
  householdLabel: z.string().describe('户号与户主'),
  gridId: z.string().optional(),
  eventDate: z.string(),
  status,
  compliance,
  overCount: z.number().int(),
  filedAt: z.string(),
  filedByName: z.string(),
  filedLate: z.boolean().describe('办事当天或之后才报备'),
})

const savings = z.object({
  baselineFen: z.number().int(),
  actualCostFen: z.number().int(),
  savedFen: z.number().int(),
  method: z.enum(['family', 'survey']),
  methodText: z.string(),
})

const filingDetail = filingRow.extend({
  venue,
  description: z.string(),
  planned: figures,
  reasons,
  check,
  standard: z.object({ version: z.number().int(), effectiveFrom: z.string() }),
  funeral: z
    .object({
      deathDate: z.string(),
      deathTime: z.string().optional(),
      filedOnTime: z.boolean(),
      deadlineHours: z.number().int(),
      townshipRequired: z.boolean(),
      townshipReportedAt: z.string().optional(),
      townshipOnTime: z.boolean(),
    })
    .optional(),
  review: z
    .object({
      decision: z.enum(['approve', 'advise', 'disagree']),
      advice: z.string(),
      byName: z.string(),
      at: z.string(),
    })
    .optional(),
  actual: figures.optional(),
  actualCheck: check.optional(),
  comparison: z
    .array(
      z.object({
        key: z.string(),
        label: z.string(),
        planned: z.number().int().optional(),
        actual: z.number().int().optional(),
        delta: z.number().int().optional(),
        money: z.boolean(),
        unit: z.string(),
      }),
    )
    .optional(),
  confirmedBy: z.string().optional(),
  savings: savings.nullable().optional(),
})

const summaryRow = counters.extend({ id: z.string(), name: z.string() })

export const councilContract = defineFunction('council', '红白理事会：婚丧事宜报备、标准核对、台账与节约', {
  board: defineAction({
    summary: '移风易俗公开栏：本村现行标准、一年里按标准办理的事数和估算节约（不显示任何一户）',
    roles: [PUBLIC],
    scope: 'public',
    input: z.object({ villageId: id, year: year.optional() }),
    output: z.object({
      villageName: z.string(),
      year: z.number().int(),
      standard,
      events: z.number().int(),
      weddings: z.number().int(),
      funerals: z.number().int(),
      others: z.number().int(),
      completed: z.number().int(),
      within: z.number().int(),
      savedFen: z.number().int().nullable().describe('估算节约合计；事数太少时不公布'),
      savingsCount: z.number().int(),
      moneyWithheld: z.boolean(),
      savingsNote: z.string(),
    }),
    errors: ['NOT_FOUND'],
  }),
  getCouncil: defineAction({
    summary: '本村红白理事会：会长、成员（各管哪些网格）、联络员、任期，标准的各个版本，以及本人能做什么',
    roles: [...VILLAGE_ROLES, ...SUPERVISORS],
    scope: 'village',
    input: z.object({ villageId: id }),
    output: z.object({
      villageName: z.string(),
      today: z.string(),
      council: councilShape.nullable(),
      standards: z.array(standard).describe('新版本在前；最后一个是县里的默认标准（版本 0）'),
      current: z.number().int().describe('今天适用的版本'),
      me: z.object({
        canFile: z.boolean(),
        canReview: z.boolean(),
        canManage: z.boolean(),
        fileScope: z.enum(['all', 'grids', 'household', 'none']),
      }),
    }),
    errors: ['NOT_FOUND'],
  }),
  saveCouncil: defineAction({
    summary: '设立或调整本村红白理事会：会长（一般为支部书记）、成员及其负责的网格、联络员、任期',
    roles: COUNCIL_MANAGERS,
    scope: 'village',
    audit: 'write',
    input: z.object({
      villageId: id,
      chairPersonId: id,
      members: z
        .array(z.object({ personId: id, gridIds: z.array(id).max(20).default([]), groups: text(60).default('') }))
        .max(30),
      liaisonPersonId: id.optional(),
      termStart: date,
      termEnd: date,
    }),
    output: z.object({ saved: z.boolean() }),
    errors: ['NOT_FOUND'],
  }),
  addStandard: defineAction({
    summary: '通过本村新的红白事标准（新版本，自生效日期起适用；之前的事仍按当时的标准核对）',
    roles: COUNCIL_MANAGERS,
    scope: 'village',
    audit: 'write',
    input: standardValues.extend({ villageId: id, effectiveFrom: date }),
    output: z.object({ version: z.number().int(), effectiveFrom: z.string() }),
    errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
  }),
  households: defineAction({
    summary:
      '可以为之报备的户：村民、党员只有本户，网格长是本网格的户，理事会成员和村干部是全村（按户主姓名或户号查找）',
    roles: COUNCIL_FILERS,
    scope: 'village',
    audit: 'personal-read',
    input: z.object({ villageId: id, query: searchQuery(20).optional() }),
    output: z.object({
      households: z.array(
        z.object({ id: z.string(), number: z.string(), headName: z.string(), gridId: z.string().optional() }),
      ),
    }),
  }),
  file: defineAction({
    summary: '报备一件婚事、丧事或其他事宜及计划的花费；超出标准的每一项须写明理由',
    roles: COUNCIL_FILERS,
    scope: 'village',
    audit: 'write',
    input: z.object({
      villageId: id,
      householdId: id,
      kind,
      eventDate: date.describe('办事日期（丧事为出殡日期）'),
      venue: venue.default('rural'),
      planned: figures,
      reasons: reasons.default({}),
      description: text(300).default(''),
      deathDate: date.optional().describe('丧事：去世日期'),
      deathTime: textField()
        .max(5)
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm')
        .optional(),
    }),
    output: z.object({
      filingId: z.string(),
      check,
      standard: z.object({ version: z.number().int(), effectiveFrom: z.string() }),
    }),
    errors: ['NOT_FOUND', 'FAILED_PRECONDITION'],
  }),
  listFilings: defineAction({
    summary: '报备台账：理事会成员、村干部和上级看全村，网格长看本网格，村民看本户',
    roles: [...VILLAGE_ROLES, ...SUPERVISORS],
    scope: 'village',
    audit: 'personal-read',
    input: z.object({
      villageId: id,
      status: status.optional(),
      kind: kind.optional(),
      month: month.optional(),
      ...page,
    }),
    output: z.object({ filings: z.array(filingRow), nextOffset: z.number().int().optional() }),
  }),
  getFiling: defineAction({
    summary: '一件报备的详情：计划与实际的数字、超标项与理由、审核意见、估算节约（注明算法）',
    roles: [...VILLAGE_ROLES, ...SUPERVISORS],
    scope: 'village',
    audit: 'personal-read',
    input: z.object({ villageId: id, filingId: id }),
    output: filingDetail,
    errors: ['NOT_FOUND'],
  }),
  review: defineAction({
    summary: '理事会审核报备：同意、同意并提出建议、或记录不同意见',
    roles: COUNCIL_MEMBER_ROLES,
    scope: 'village',
    audit: 'write',
    input: z.object({
      villageId: id,
      filingId: id,
      decision: z
        .enum(['approve', 'advise', 'disagree'])
        .describe('approve 同意 / advise 提出修改建议 / disagree 记录不同意见'),
      advice: text(300).default(''),
    }),
    output: z.object({ status }),
    errors: ['NOT_FOUND', 'FORBIDDEN', 'FAILED_PRECONDITION'],
  }),
  recordActual: defineAction({
    summary: '事后登记实际的数字（须经本户确认），与计划比较，估算节约',
    roles: COUNCIL_MEMBER_ROLES,
    scope: 'village',
    audit: 'write',
    input: z.object({
      villageId: id,
      filingId: id,
      actual: figures,
      reasons: reasons.default({}),
      familyConfirmed: z.literal(true, { error: '实际数字须经本户确认' }),
      confirmedBy: text(20).min(1, '请填写确认人'),
      familyBaselineFen: fen('家庭自述的按旧俗办理花费').optional(),
    }),
    output: z.object({ status, actualCheck: check, savings: savings.nullable() }),
    errors: ['NOT_FOUND', 'FORBIDDEN', 'FAILED_PRECONDITION'],
  }),
  reportToTownship: defineAction({
    summary: '丧事：登记已报乡镇民政所',
    roles: COUNCIL_MEMBER_ROLES,
    scope: 'village',
    audit: 'write',
    input: z.object({ villageId: id, filingId: id }),
    output: z.object({ townshipOnTime: z.boolean() }),
    errors: ['NOT_FOUND', 'FORBIDDEN', 'FAILED_PRECONDITION'],
  }),
  ledger: defineAction({
    summary: '理事会台账：一年里每月报备数、审核与办结数、合规情况、丧事按时报备、估算节约',
    roles: [...COUNCIL_MEMBER_ROLES, ...SUPERVISORS],
    scope: 'village',
    input: z.object({ villageId: id, year }),
    output: z.object({ months: z.array(counters.extend({ month: z.string() })), totals: counters }),
  }),
  townshipSummary: defineAction({
    summary: '乡镇：各村的报备数、合规情况和估算节约（可按月份筛选）',
    roles: SUPERVISORS,
    scope: 'township',
    input: z.object({ townshipId: id, year, month: month.optional() }),
    output: z.object({
      township: z.object({ id: z.string(), name: z.string() }),
      villages: z.array(summaryRow),
      totals: counters,
    }),
    errors: ['NOT_FOUND'],
  }),
  countySummary: defineAction({
    summary: '县：各乡镇的报备数、合规情况和估算节约（可按月份筛选）',
    roles: ['county_organiser'],
    scope: 'county',
    input: z.object({ year, month: month.optional() }),
    output: z.object({ townships: z.array(summaryRow), totals: counters }),
  }),
})
