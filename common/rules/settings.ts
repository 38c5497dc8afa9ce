/**
 * County settings: the rule defaults of shared/domain-rules.md as values a county may change, each with its
 * range and — where the law sets one — its statutory floor, which no county or village setting can go below.
 * Villages may override only the settings marked `local` (local practice: 四议两公开 attendance and notice,
 * linkage ranges, duty hours, council caps, the theme Party day).
 *
 * Effective settings of a village = DEFAULT_SETTINGS ← county values ← village overrides. Pure; no I/O.
 */

import { ROLE_LABELS, VILLAGE_ROLES, type Role } from '../roles'

const VILLAGE_ROLE_KEYS: readonly string[] = VILLAGE_ROLES

/** A share such as 2/3, kept exact (2/3 of 30 is 20, not 20.1). */
export interface Fraction {
  num: number
  den: number
}

interface BaseDef<K extends string> {
  key: K
  label: string
  group: SettingGroup
  /** Villages may override it (the rule is local practice). */
  local: boolean
  help?: string
}

export interface IntDef<K extends string = string> extends BaseDef<K> {
  kind: 'int'
  unit: string
  default: number
  min: number
  max: number
  /** A floor (or, for intervals, a ceiling) set by law or Party regulation, with where it comes from. */
  statutory?: { min?: number; max?: number; source: string }
}

export interface FractionDef<K extends string = string> extends BaseDef<K> {
  kind: 'fraction'
  default: Fraction
  statutory?: { min: Fraction; source: string }
}

export interface IntListDef<K extends string = string> extends BaseDef<K> {
  kind: 'intList'
  unit: string
  default: number[]
  min: number
  max: number
  maxItems: number
  statutory?: { below: number; source: string }
}

/** A list of Beijing dates (YYYY-MM-DD), e.g. the county's own holidays. */
export interface DateListDef<K extends string = string> extends BaseDef<K> {
  kind: 'dateList'
  default: string[]
  maxItems: number
}

/** A list of village roles (common/roles.ts), e.g. the roles only a township organiser may grant or revoke. */
export interface RoleListDef<K extends string = string> extends BaseDef<K> {
  kind: 'roleList'
  default: string[]
  /** Roles the list must always contain, and why. */
  required: { roles: string[]; source: string }
}

export type SettingDef<K extends string = string> =
  IntDef<K> | FractionDef<K> | IntListDef<K> | DateListDef<K> | RoleListDef<K>

export const SETTING_GROUPS = [
  '三会一课',
  '党员大会表决',
  '四议两公开',
  '村民会议',
  '党员联户',
  '群众诉求',
  '值班坐班',
  '红白理事会',
  '绑定邀请',
  '角色任免',
] as const
export type SettingGroup = (typeof SETTING_GROUPS)[number]

const BRANCH_REGULATION = '《中国共产党支部工作条例（试行）》'
const VILLAGE_LAW = '《村民委员会组织法》'

const defs = [
  // 三会一课
  {
    kind: 'int',
    key: 'branchAssemblyIntervalMonths',
    label: '支部党员大会召开间隔',
    group: '三会一课',
    unit: '个月',
    default: 3,
    min: 1,
    max: 3,
    local: false,
    statutory: { max: 3, source: `${BRANCH_REGULATION}第十一条：一般每季度召开1次` },
  },
  {
    kind: 'int',
    key: 'branchCommitteeIntervalMonths',
    label: '支部委员会召开间隔',
    group: '三会一课',
    unit: '个月',
    default: 1,
    min: 1,
    max: 1,
    local: false,
    statutory: { max: 1, source: `${BRANCH_REGULATION}第十一条：一般每月召开1次` },
  },
  {
    kind: 'int',
    key: 'partyGroupIntervalMonths',
    label: '党小组会召开间隔',
    group: '三会一课',
    unit: '个月',
    default: 1,
    min: 1,
    max: 1,
    local: false,
    statutory: { max: 1, source: `${BRANCH_REGULATION}第十一条：一般每月召开1次` },
  },
  {
    kind: 'int',
    key: 'partyLessonIntervalMonths',
    label: '党课间隔',
    group: '三会一课',
    unit: '个月',
    default: 3,
    min: 1,
    max: 12,
    local: false,
    help: '条例未规定普通党员党课频次，每季度一次为常见做法',
  },
  {
    kind: 'int',
    key: 'meetingNoticeDays',
    label: '会议提前通知',
    group: '三会一课',
    unit: '天',
    default: 1,
    min: 0,
    max: 15,
    local: true,
    help: '短于此时间召开须说明原因',
  },
  {
    kind: 'int',
    key: 'meetingReminderHours',
    label: '会前提醒（0 为不提醒）',
    group: '三会一课',
    unit: '小时',
    default: 2,
    min: 0,
    max: 48,
    local: true,
  },
  {
    kind: 'int',
    key: 'themePartyDayOfMonth',
    label: '主题党日（每月几号）',
    group: '三会一课',
    unit: '号',
    default: 10,
    min: 1,
    max: 28,
    local: true,
  },
  {
    kind: 'intList',
    key: 'absenceWarningMonths',
    label: '连续未参加组织生活提醒',
    group: '三会一课',
    unit: '个月',
    default: [3, 5],
    min: 1,
    max: 5,
    maxItems: 4,
    local: false,
    statutory: { below: 6, source: '党章第九条：连续六个月不参加党的组织生活即被认为自行脱党，提醒须在此之前' },
  },
  {
    kind: 'int',
    key: 'memberStudyHours',
    label: '党员每年学习学时',
    group: '三会一课',
    unit: '学时',
    default: 32,
    min: 32,
    max: 200,
    local: false,
    statutory: { min: 32, source: '党员教育管理工作条例：每名党员每年不少于32学时' },
  },
  {
    kind: 'int',
    key: 'cadreStudyHours',
    label: '支部书记、支委每年学习学时',
    group: '三会一课',
    unit: '学时',
    default: 56,
    min: 56,
    max: 300,
    local: false,
    statutory: { min: 56, source: '党员教育管理工作条例：基层党组织书记和班子成员每年不少于56学时' },
  },
  // 党员大会表决
  {
    kind: 'fraction',
    key: 'assemblyAttendance',
    label: '支部党员大会到会比例',
    group: '党员大会表决',
    default: { num: 1, den: 2 },
    local: false,
    statutory: { min: { num: 1, den: 2 }, source: `${BRANCH_REGULATION}：有表决权的到会人数须超过应到会人数的半数` },
  },
  {
    kind: 'fraction',
    key: 'assemblyPassShare',
    label: '党员大会表决通过比例（按应到会有表决权党员计）',
    group: '党员大会表决',
    default: { num: 1, den: 2 },
    local: false,
    statutory: { min: { num: 1, den: 2 }, source: `${BRANCH_REGULATION}：赞成票超过应到会有表决权党员的半数为通过` },
  },
  // 四议两公开
  {
    kind: 'fraction',
    key: 'deliberationAttendance',
    label: '四议两公开党员大会审议到会比例',
    group: '四议两公开',
    default: { num: 2, den: 3 },
    local: true,
    statutory: { min: { num: 1, den: 2 }, source: `${BRANCH_REGULATION}：党员大会须过半数有表决权党员到会` },
  },
  {
    kind: 'int',
    key: 'deliberationNoticeDays',
    label: '审议事项提前送达党员',
    group: '四议两公开',
    unit: '天',
    default: 3,
    min: 0,
    max: 30,
    local: true,
  },
  {
    kind: 'int',
    key: 'deliberationSecretBallot',
    label: '表决内容对乡镇保密（1 为保密，0 为不保密）',
    group: '四议两公开',
    unit: '',
    default: 0,
    min: 0,
    max: 1,
    local: false,
    help: '保密时，操作记录只显示每票的时间和方式（线上/现场），不显示同意与否；谁投了什么票任何时候都不公开',
  },
  {
    kind: 'int',
    key: 'deliberationStuckDays',
    label: '议题在同一步骤停留超过即提示乡镇',
    group: '四议两公开',
    unit: '天',
    default: 30,
    min: 7,
    max: 180,
    local: false,
  },
  // 村民会议
  {
    kind: 'int',
    key: 'villagersMeetingNoticeDays',
    label: '村民会议提前通知',
    group: '村民会议',
    unit: '天',
    default: 10,
    min: 10,
    max: 30,
    local: false,
    statutory: { min: 10, source: `${VILLAGE_LAW}第二十一条：召开村民会议应当提前十天通知村民` },
  },
  {
    kind: 'fraction',
    key: 'representativeQuorum',
    label: '村民代表会议到会比例',
    group: '村民会议',
    default: { num: 2, den: 3 },
    local: false,
    statutory: { min: { num: 2, den: 3 }, source: `${VILLAGE_LAW}第二十六条：有三分之二以上组成人员参加方可召开` },
  },
  // 党员联户
  {
    kind: 'int',
    key: 'linkageMinHouseholds',
    label: '每名党员联系户数下限',
    group: '党员联户',
    unit: '户',
    default: 5,
    min: 1,
    max: 50,
    local: true,
  },
  {
    kind: 'int',
    key: 'linkageMaxHouseholds',
    label: '每名党员联系户数上限',
    group: '党员联户',
    unit: '户',
    default: 10,
    min: 1,
    max: 50,
    local: true,
  },
  {
    kind: 'int',
    key: 'visitIntervalDays',
    label: '每户走访间隔不超过',
    group: '党员联户',
    unit: '天',
    default: 31,
    min: 7,
    max: 92,
    local: true,
  },
  {
    kind: 'int',
    key: 'visitsPerHouseholdPerYear',
    label: '每户每年走访次数',
    group: '党员联户',
    unit: '次',
    default: 6,
    min: 1,
    max: 52,
    local: true,
  },
  // 群众诉求
  {
    kind: 'int',
    key: 'requestVerifyHours',
    label: '诉求核实时限',
    group: '群众诉求',
    unit: '小时',
    default: 1,
    min: 1,
    max: 72,
    local: false,
  },
  {
    kind: 'int',
    key: 'requestContactHours',
    label: '诉求首次联系群众时限',
    group: '群众诉求',
    unit: '小时',
    default: 2,
    min: 1,
    max: 72,
    local: false,
  },
  {
    kind: 'int',
    key: 'emergencyWorkingDays',
    label: '紧急诉求办结时限（0 为当天）',
    group: '群众诉求',
    unit: '个工作日',
    default: 0,
    min: 0,
    max: 3,
    local: false,
  },
  {
    kind: 'int',
    key: 'enquiryWorkingDays',
    label: '咨询类诉求办结时限',
    group: '群众诉求',
    unit: '个工作日',
    default: 3,
    min: 1,
    max: 30,
    local: false,
  },
  {
    kind: 'int',
    key: 'complaintWorkingDays',
    label: '投诉类诉求办结时限',
    group: '群众诉求',
    unit: '个工作日',
    default: 13,
    min: 1,
    max: 60,
    local: false,
  },
  {
    kind: 'int',
    key: 'requestRatingDays',
    label: '群众评价期限（办结后）',
    group: '群众诉求',
    unit: '天',
    default: 7,
    min: 1,
    max: 30,
    local: true,
    help: '诉求办结后，群众在此期限内仍可对答复作出评价，办结时提醒群众评价；答复后群众一直未查看的，过此期限也可办结。改动对此后提出的诉求生效',
  },
  {
    kind: 'dateList',
    key: 'localHolidays',
    label: '本县另行放假的日子',
    group: '群众诉求',
    default: [],
    maxItems: 60,
    local: false,
    help: '国务院公布的法定节假日和调休已自动计入（common/rules/working-days.ts）；这里只填本县另外放假、不计工作日的日子',
  },
  {
    kind: 'dateList',
    key: 'localWorkdays',
    label: '本县另行上班的日子',
    group: '群众诉求',
    default: [],
    maxItems: 60,
    local: false,
    help: '本县另外安排上班、计作工作日的周末或节日；也可在国务院通知发布而系统尚未收录时先行填入',
  },
  // 值班坐班
  {
    kind: 'int',
    key: 'dutyMinCadresPerDay',
    label: '每天值班干部至少',
    group: '值班坐班',
    unit: '人',
    default: 1,
    min: 1,
    max: 10,
    local: true,
  },
  {
    kind: 'int',
    key: 'dutyMinHoursVillage',
    label: '村每天值班时长至少',
    group: '值班坐班',
    unit: '小时',
    default: 6,
    min: 1,
    max: 24,
    local: true,
  },
  {
    kind: 'int',
    key: 'dutyMinHoursCommunity',
    label: '社区每天值班时长至少',
    group: '值班坐班',
    unit: '小时',
    default: 8,
    min: 1,
    max: 24,
    local: true,
  },
  {
    kind: 'int',
    key: 'residentCadreDaysPerMonth',
    label: '驻村干部每月在村天数',
    group: '值班坐班',
    unit: '天',
    default: 20,
    min: 1,
    max: 31,
    local: false,
  },
  {
    kind: 'int',
    key: 'dutyExceptionsPerCadreMonth',
    label: '每位干部每月例外签到最多',
    group: '值班坐班',
    unit: '次',
    default: 4,
    min: 0,
    max: 31,
    local: false,
    help: '缺少定位或动态码、说明原因的签到签退；超过次数的不再受理，请到服务中心定位并扫码',
  },
  // 红白理事会
  {
    kind: 'int',
    key: 'councilBetrothalGiftCapYuan',
    label: '彩礼上限',
    group: '红白理事会',
    unit: '元',
    default: 30000,
    min: 0,
    max: 200000,
    local: true,
  },
  {
    kind: 'int',
    key: 'councilEngagementGuestsCap',
    label: '订婚人数上限',
    group: '红白理事会',
    unit: '人',
    default: 15,
    min: 1,
    max: 100,
    local: true,
  },
  {
    kind: 'int',
    key: 'councilWeddingTablesCap',
    label: '婚宴桌数上限',
    group: '红白理事会',
    unit: '桌',
    default: 20,
    min: 1,
    max: 100,
    local: true,
  },
  {
    kind: 'int',
    key: 'councilTableCostCapYuan',
    label: '每桌费用上限',
    group: '红白理事会',
    unit: '元',
    default: 300,
    min: 50,
    max: 3000,
    local: true,
  },
  {
    kind: 'int',
    key: 'councilCarsCap',
    label: '婚车上限',
    group: '红白理事会',
    unit: '辆',
    default: 10,
    min: 1,
    max: 50,
    local: true,
  },
  {
    kind: 'int',
    key: 'councilGiftMoneyCapYuan',
    label: '人情礼金上限',
    group: '红白理事会',
    unit: '元',
    default: 100,
    min: 0,
    max: 2000,
    local: true,
  },
  {
    kind: 'int',
    key: 'councilFuneralDaysCap',
    label: '丧事办理天数上限',
    group: '红白理事会',
    unit: '天',
    default: 3,
    min: 1,
    max: 7,
    local: true,
  },
  {
    kind: 'int',
    key: 'councilTownTableCostCapYuan',
    label: '每桌费用上限（镇上、县城饭店）',
    group: '红白理事会',
    unit: '元',
    default: 480,
    min: 50,
    max: 3000,
    local: true,
  },
  {
    kind: 'int',
    key: 'councilFuneralTablesCap',
    label: '丧事桌数上限',
    group: '红白理事会',
    unit: '桌',
    default: 10,
    min: 0,
    max: 100,
    local: true,
  },
  {
    kind: 'int',
    key: 'councilFuneralReportHours',
    label: '丧事向理事会报备时限',
    group: '红白理事会',
    unit: '小时',
    default: 24,
    min: 1,
    max: 168,
    local: true,
  },
  // 绑定邀请
  {
    kind: 'int',
    key: 'invitationValidDays',
    label: '邀请码有效期',
    group: '绑定邀请',
    unit: '天',
    default: 7,
    min: 1,
    max: 30,
    local: false,
  },
  // 角色任免
  {
    kind: 'roleList',
    key: 'townshipGrantedRoles',
    label: '须由乡镇（或县）任免的角色',
    group: '角色任免',
    default: ['branch_secretary', 'first_secretary'],
    required: {
      roles: ['branch_secretary', 'first_secretary'],
      source: '支部书记由乡镇党委审批任免，驻村第一书记由县乡选派',
    },
    local: false,
    help: '花名册中授予或取消这些角色须由乡镇组织委员或县委组织部办理；村干部不能办理，任何人都不能改自己的角色',
  },
] as const satisfies readonly SettingDef[]

export type SettingKey = (typeof defs)[number]['key']
type DefOf<K extends SettingKey> = Extract<(typeof defs)[number], { key: K }>
type ValueOf<D> = D extends { kind: 'int' }
  ? number
  : D extends { kind: 'fraction' }
    ? Fraction
    : D extends { kind: 'dateList' | 'roleList' }
      ? string[]
      : number[]
export type Settings = { [K in SettingKey]: ValueOf<DefOf<K>> }
export type SettingsPatch = Partial<Settings>

export const SETTING_DEFS: readonly SettingDef<SettingKey>[] = defs as unknown as readonly SettingDef<SettingKey>[]
export const SETTING_KEYS = SETTING_DEFS.map((d) => d.key)
export const LOCAL_SETTING_KEYS = SETTING_DEFS.filter((d) => d.local).map((d) => d.key)

export function settingDef(key: string): SettingDef<SettingKey> | undefined {
  return SETTING_DEFS.find((d) => d.key === key)
}

export const DEFAULT_SETTINGS: Settings = Object.fromEntries(
  SETTING_DEFS.map((d) => [
    d.key,
    d.kind === 'fraction'
      ? { ...d.default }
      : d.kind === 'intList' || d.kind === 'dateList' || d.kind === 'roleList'
        ? [...d.default]
        : d.default,
  ]),
) as Settings

// ---- fractions ----

export function formatFraction(f: Fraction): string {
  if (f.num === f.den) return '全部'
  if (f.num * 2 === f.den) return '半数'
  return `${f.num}/${f.den}`
}

/** a/b compared with c/d, exactly: negative, zero or positive. */
export function compareFractions(a: Fraction, b: Fraction): number {
  return a.num * b.den - b.num * a.den
}

/**
 * Whether `count` out of `total` meets a share configured as "at least `share`", with the statutory reading of
 * 半数 as "more than half": a share of exactly 1/2 needs strictly more than half.
 */
export function meetsShare(count: number, total: number, share: Fraction): boolean {
  if (total <= 0) return false
  if (share.num * 2 === share.den) return count * 2 > total
  return count * share.den >= share.num * total
}

// ---- validation ----

export interface SettingError {
  key: string
  message: string
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: SettingError[] }

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)
/** A real calendar date YYYY-MM-DD between 2000 and 2100 (2026-02-30 is not one). */
const isDate = (v: string) => {
  if (!/^(20\d\d|2100)-\d\d-\d\d$/.test(v)) return false
  const d = new Date(`${v}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v
}

/** One value against its definition; null when valid, else a message a county cadre can act on. */
export function validateSettingValue(def: SettingDef, value: unknown): string | null {
  const name = `「${def.label}」`
  if (def.kind === 'int') {
    if (!isInt(value)) return `${name}须为整数`
    const s = def.statutory
    if (s?.min !== undefined && value < s.min) return `${name}不能低于法定标准 ${s.min}${def.unit}（${s.source}）`
    if (s?.max !== undefined && value > s.max) return `${name}不能超过法定标准 ${s.max}${def.unit}（${s.source}）`
    if (value < def.min) return `${name}不能小于 ${def.min}${def.unit}`
    if (value > def.max) return `${name}不能大于 ${def.max}${def.unit}`
    return null
  }
  if (def.kind === 'fraction') {
    const f = value as Partial<Fraction> | null
    if (typeof f !== 'object' || f === null || !isInt(f.num) || !isInt(f.den)) return `${name}须为分数，如 2/3`
    if (f.den < 1 || f.den > 100 || f.num < 1) return `${name}的分子须为正整数，分母在 1 到 100 之间`
    if (f.num > f.den) return `${name}不能超过全部（${f.num}/${f.den}）`
    const s = def.statutory
    if (s && compareFractions(f as Fraction, s.min) < 0) {
      return `${name}不能低于法定标准${formatFraction(s.min) === '半数' ? '“过半数”' : ` ${formatFraction(s.min)}`}（${s.source}）`
    }
    return null
  }
  if (def.kind === 'roleList') {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && VILLAGE_ROLE_KEYS.includes(v)))
      return `${name}须为村里的角色`
    const missing = def.required.roles.filter((r) => !value.includes(r))
    if (missing.length)
      return `${name}必须包含${missing.map((r) => ROLE_LABELS[r as Role]).join('、')}（${def.required.source}）`
    if (new Set(value).size !== value.length) return `${name}有重复的角色`
    return null
  }
  if (def.kind === 'dateList') {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && isDate(v)))
      return `${name}须为日期列表，如 2026-12-24`
    if (value.length > def.maxItems) return `${name}最多填 ${def.maxItems} 天`
    if (new Set(value).size !== value.length) return `${name}有重复的日期`
    return null
  }
  if (!Array.isArray(value) || !value.every(isInt)) return `${name}须为整数列表`
  if (value.length === 0) return `${name}至少设一个提醒时间`
  if (value.length > def.maxItems) return `${name}最多设 ${def.maxItems} 个提醒时间`
  for (const v of value) {
    if (def.statutory && v >= def.statutory.below)
      return `${name}须早于第 ${def.statutory.below} 个月（${def.statutory.source}）`
    if (v < def.min) return `${name}不能小于 ${def.min}${def.unit}`
    if (v > def.max) return `${name}不能大于 ${def.max}${def.unit}`
  }
  for (let i = 1; i < value.length; i++) if (value[i]! <= value[i - 1]!) return `${name}须从早到晚排列且不重复`
  return null
}

/** Rules between settings, checked on the effective (merged) values. */
export function crossCheck(s: Settings): SettingError[] {
  const errors: SettingError[] = []
  if (s.linkageMinHouseholds > s.linkageMaxHouseholds) {
    errors.push({
      key: 'linkageMinHouseholds',
      message: `「每名党员联系户数下限」(${s.linkageMinHouseholds}户) 不能大于上限 (${s.linkageMaxHouseholds}户)`,
    })
  }
  if (s.visitIntervalDays * s.visitsPerHouseholdPerYear > 366 + s.visitIntervalDays) {
    errors.push({
      key: 'visitsPerHouseholdPerYear',
      message: `每 ${s.visitIntervalDays} 天走访一次，一年做不到 ${s.visitsPerHouseholdPerYear} 次：请缩短间隔或减少次数`,
    })
  }
  if (s.requestVerifyHours > s.requestContactHours) {
    errors.push({ key: 'requestVerifyHours', message: '「诉求核实时限」不能晚于「诉求首次联系群众时限」' })
  }
  if (s.dutyMinHoursVillage > s.dutyMinHoursCommunity) {
    // Communities keep longer hours than villages (domain rules §7); equal is allowed.
    errors.push({ key: 'dutyMinHoursCommunity', message: '「社区每天值班时长」不能少于「村每天值班时长」' })
  }
  const both = s.localHolidays.filter((d) => s.localWorkdays.includes(d))
  if (both.length) {
    errors.push({ key: 'localWorkdays', message: `${both.join('、')} 不能既放假又上班` })
  }
  return errors
}

function checkPatch(
  patch: Record<string, unknown>,
  allowed: readonly string[],
  notAllowedMessage: (label: string) => string,
): SettingError[] {
  const errors: SettingError[] = []
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue
    const def = settingDef(key)
    if (!def) {
      errors.push({ key, message: `没有这项设置：${key.slice(0, 40)}` })
      continue
    }
    if (!allowed.includes(key)) {
      errors.push({ key, message: notAllowedMessage(def.label) })
      continue
    }
    const problem = validateSettingValue(def, value)
    if (problem) errors.push({ key, message: problem })
  }
  return errors
}

function merge(...layers: Record<string, unknown>[]): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS }
  for (const layer of layers)
    for (const [k, v] of Object.entries(layer)) if (v !== undefined && settingDef(k)) out[k] = v
  return out as Settings
}

/** A county's change to its settings, checked value by value and then as a whole with the villages' overrides ignored. */
export function validateCountyPatch(current: SettingsPatch, patch: Record<string, unknown>): Validation<SettingsPatch> {
  const errors = checkPatch(patch, SETTING_KEYS, () => '')
  if (errors.length) return { ok: false, errors }
  const next = { ...current, ...(patch as SettingsPatch) }
  const cross = crossCheck(merge(next))
  return cross.length ? { ok: false, errors: cross } : { ok: true, value: next }
}

/**
 * A village's overrides (local rules only). `null` for a key removes the override (back to the county value).
 * Checked against the county's current values so the merged result stays consistent.
 */
export function validateVillageOverrides(
  county: SettingsPatch,
  current: SettingsPatch,
  patch: Record<string, unknown>,
): Validation<SettingsPatch> {
  const removals = Object.entries(patch)
    .filter(([, v]) => v === null)
    .map(([k]) => k)
  const values = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null))
  const errors = checkPatch(values, LOCAL_SETTING_KEYS, (label) => `「${label}」由县里统一设置，村里不能单独修改`)
  for (const key of removals)
    if (!LOCAL_SETTING_KEYS.includes(key as SettingKey))
      errors.push({ key, message: `没有可撤销的村级设置：${key.slice(0, 40)}` })
  if (errors.length) return { ok: false, errors }
  const next: Record<string, unknown> = { ...current, ...values }
  for (const key of removals) delete next[key]
  const cross = crossCheck(merge(county, next))
  return cross.length ? { ok: false, errors: cross } : { ok: true, value: next as SettingsPatch }
}

/**
 * The settings a village's rules use. Stored values that have since become invalid (e.g. a county raised a floor
 * above a village's override) fall back to the layer below, so a rule never runs on a value below the floor.
 */
export function effectiveSettings(county: SettingsPatch = {}, village: SettingsPatch = {}): Settings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS }
  for (const [k, v] of Object.entries(county)) {
    const def = settingDef(k)
    if (def && v !== undefined && validateSettingValue(def, v) === null) out[k] = v
  }
  const countyLevel = { ...out }
  for (const [k, v] of Object.entries(village)) {
    const def = settingDef(k)
    if (def?.local && v !== undefined && validateSettingValue(def, v) === null) out[k] = v
  }
  return crossCheck(out as Settings).length ? (countyLevel as Settings) : (out as Settings)
}

export function describeValue(def: SettingDef, value: unknown): string {
  if (def.kind === 'fraction') {
    const f = value as Fraction
    return formatFraction(f) === '半数' ? '过半数' : `${formatFraction(f)}以上`
  }
  if (def.kind === 'intList') return `${(value as number[]).join('、')}${def.unit}`
  if (def.kind === 'dateList') return (value as string[]).length ? (value as string[]).join('、') : '无'
  if (def.kind === 'roleList') return (value as string[]).map((r) => ROLE_LABELS[r as Role] ?? r).join('、')
  return `${value as number}${def.unit}`
}
