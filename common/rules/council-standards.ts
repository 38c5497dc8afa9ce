/**
 * 红白理事会 (council for weddings and funerals): a village's standards as versioned values, the check of a
 * filing's figures against the standard in force on the event date, the cost and the estimated savings of an
 * event, and the per-village-per-month counters the ledger and the summaries are built from.
 *
 * Money is integer fen (分) everywhere; a figure that is negative, fractional or not a number is refused.
 * Pure; no I/O. See shared/domain-rules.md §5 for the local standards these defaults come from.
 */
import { startOfBeijingDate } from './beijing-time'
import type { Settings } from './settings'

export type EventKind = 'wedding' | 'funeral' | 'other'
export const EVENT_KINDS: readonly EventKind[] = ['wedding', 'funeral', 'other']
export const EVENT_KIND_LABELS: Record<EventKind, string> = { wedding: '婚事', funeral: '丧事', other: '其他事宜' }

/** Where a banquet is held: in the village, or at a restaurant in town (a higher cost per table is usual). */
export type Venue = 'rural' | 'town'
export const VENUE_LABELS: Record<Venue, string> = { rural: '村里', town: '镇上（县城）饭店' }

export interface WeddingStandard {
  betrothalGiftCapFen: number
  engagementGuestsCap: number
  carsCap: number
  tablesCap: number
  tableCostCapFenRural: number
  tableCostCapFenTown: number
  giftMoneyCapFen: number
}

export interface FuneralStandard {
  daysCap: number
  tablesCap: number
  tableCostCapFen: number
  /** Deaths are reported to the township's civil-affairs office (成武 practice). */
  reportToTownship: boolean
  /** A funeral is filed with the council (and reported to the township) within this many hours of the death. */
  reportDeadlineHours: number
}

/**
 * The village's pre-reform cost of an event (its survey before the standards, e.g. ¥150,000 for a wedding),
 * the basis of every savings estimate that has no family statement. null: not surveyed.
 */
export interface Baseline {
  weddingFen: number | null
  funeralFen: number | null
  otherFen: number | null
  /** Where the numbers come from, shown next to every estimate (e.g. “2019年村里对30户的调查”). */
  source: string
}

export interface StandardValues {
  wedding: WeddingStandard
  funeral: FuneralStandard
  /** The village's own words (村规民约 clauses): not checked, shown with the caps. */
  rules: string
  baseline: Baseline
}

export interface Standard extends StandardValues {
  /** 0: the county's default standard (no village version yet). */
  version: number
  /** Beijing date from which the version applies; '' for the county default. */
  effectiveFrom: string
}

/** Figures of an event, planned or actual. Absent: not planned / not known. */
export interface Figures {
  betrothalGiftFen?: number
  engagementGuests?: number
  cars?: number
  tables?: number
  tableCostFen?: number
  giftMoneyFen?: number
  days?: number
  /** Other spending (music, cars' hire, clothes…): counts toward the cost, has no cap. */
  otherCostFen?: number
}
export type FigureKey = keyof Figures

export interface FigureDef {
  key: FigureKey
  label: string
  unit: '元' | '人' | '辆' | '桌' | '天'
  money: boolean
  kinds: readonly EventKind[]
  /** Required on a filing of these kinds. */
  required: readonly EventKind[]
  cap: ((s: Standard, kind: EventKind, venue: Venue) => number) | null
  max: number
}

/** Largest amount accepted: ¥10,000,000 in fen. */
export const MAX_MONEY_FEN = 1_000_000_000
const MAX_COUNT = 1000

const tableCostCap = (s: Standard, kind: EventKind, venue: Venue) =>
  kind === 'funeral'
    ? s.funeral.tableCostCapFen
    : venue === 'town'
      ? s.wedding.tableCostCapFenTown
      : s.wedding.tableCostCapFenRural

export const FIGURES: readonly FigureDef[] = [
  {
    key: 'betrothalGiftFen',
    label: '彩礼',
    unit: '元',
    money: true,
    kinds: ['wedding'],
    required: ['wedding'],
    cap: (s) => s.wedding.betrothalGiftCapFen,
    max: MAX_MONEY_FEN,
  },
  {
    key: 'engagementGuests',
    label: '订婚人数',
    unit: '人',
    money: false,
    kinds: ['wedding'],
    required: [],
    cap: (s) => s.wedding.engagementGuestsCap,
    max: MAX_COUNT,
  },
  {
    key: 'cars',
    label: '婚车',
    unit: '辆',
    money: false,
    kinds: ['wedding'],
    required: [],
    cap: (s) => s.wedding.carsCap,
    max: MAX_COUNT,
  },
  {
    key: 'days',
    label: '办理天数',
    unit: '天',
    money: false,
    kinds: ['funeral'],
    required: ['funeral'],
    cap: (s) => s.funeral.daysCap,
    max: 60,
  },
  {
    key: 'tables',
    label: '宴席桌数',
    unit: '桌',
    money: false,
    kinds: ['wedding', 'funeral', 'other'],
    required: ['wedding', 'funeral', 'other'],
    cap: (s, kind) => (kind === 'funeral' ? s.funeral.tablesCap : s.wedding.tablesCap),
    max: MAX_COUNT,
  },
  {
    key: 'tableCostFen',
    label: '每桌费用',
    unit: '元',
    money: true,
    kinds: ['wedding', 'funeral', 'other'],
    required: ['wedding', 'funeral', 'other'],
    cap: tableCostCap,
    max: MAX_MONEY_FEN,
  },
  {
    key: 'giftMoneyFen',
    label: '人情礼金（每份）',
    unit: '元',
    money: true,
    kinds: ['wedding', 'funeral', 'other'],
    required: [],
    cap: (s) => s.wedding.giftMoneyCapFen,
    max: MAX_MONEY_FEN,
  },
  {
    key: 'otherCostFen',
    label: '其他花费',
    unit: '元',
    money: true,
    kinds: ['wedding', 'funeral', 'other'],
    required: [],
    cap: null,
    max: MAX_MONEY_FEN,
  },
]

export const figureDef = (key: string): FigureDef | undefined => FIGURES.find((f) => f.key === key)
export const figuresOf = (kind: EventKind): FigureDef[] => FIGURES.filter((f) => f.kinds.includes(kind))

// ---- money ----

const isNonNegativeInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

/** "1234", "1234.5", "1,234.56", "¥300" → fen as an integer, without floating point; null when not an amount. */
export function yuanToFen(text: string): number | null {
  const clean = text
    .trim()
    .replace(/^[¥￥]/, '')
    .replace(/[,，\s]/g, '')
    .replace(/元$/, '')
  const m = /^(\d{1,8})(?:\.(\d{1,2}))?$/.exec(clean)
  if (!m) return null
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return fen <= MAX_MONEY_FEN ? fen : null
}

/** 3000000 → "30,000"; 12345 → "123.45"; negatives keep their sign. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  const yuan = Math.floor(abs / 100)
  const cents = abs % 100
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${grouped}${cents ? `.${String(cents).padStart(2, '0')}` : ''}`
}

/** A figure with its unit, e.g. "¥30,000", "20 桌". */
export function formatFigure(def: { money: boolean; unit: string }, value: number): string {
  return def.money ? `¥${formatFen(value)}` : `${value} ${def.unit}`
}

// ---- standards ----

/** The 红白理事会 keys of the settings (common/rules/settings.ts) the county default standard is made from. */
export type CouncilSettings = Pick<
  Settings,
  | 'councilBetrothalGiftCapYuan'
  | 'councilEngagementGuestsCap'
  | 'councilWeddingTablesCap'
  | 'councilTableCostCapYuan'
  | 'councilTownTableCostCapYuan'
  | 'councilCarsCap'
  | 'councilGiftMoneyCapYuan'
  | 'councilFuneralDaysCap'
  | 'councilFuneralTablesCap'
  | 'councilFuneralReportHours'
>

/**
 * The county's default standard (version 0): what applies in a village that has not adopted its own. Takes the
 * village's effective settings (county values and village overrides of the 红白理事会 keys). Yuan → fen by
 * integer multiplication.
 */
export function defaultStandard(settings: CouncilSettings): Standard {
  const rural = settings.councilTableCostCapYuan * 100
  return {
    version: 0,
    effectiveFrom: '',
    wedding: {
      betrothalGiftCapFen: settings.councilBetrothalGiftCapYuan * 100,
      engagementGuestsCap: settings.councilEngagementGuestsCap,
      carsCap: settings.councilCarsCap,
      tablesCap: settings.councilWeddingTablesCap,
      tableCostCapFenRural: rural,
      tableCostCapFenTown: settings.councilTownTableCostCapYuan * 100,
      giftMoneyCapFen: settings.councilGiftMoneyCapYuan * 100,
    },
    funeral: {
      daysCap: settings.councilFuneralDaysCap,
      tablesCap: settings.councilFuneralTablesCap,
      tableCostCapFen: rural,
      reportToTownship: true,
      reportDeadlineHours: settings.councilFuneralReportHours,
    },
    rules: '',
    baseline: { weddingFen: null, funeralFen: null, otherFen: null, source: '' },
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

export function isBeijingDate(value: string): boolean {
  if (!DATE.test(value)) return false
  try {
    startOfBeijingDate(value)
    return true
  } catch {
    return false
  }
}

export interface FieldError {
  path: string
  message: string
}

/** A new version of the standards, value by value; [] when valid. */
export function validateStandard(values: StandardValues, effectiveFrom: string, today: string): FieldError[] {
  const errors: FieldError[] = []
  const money = (path: string, label: string, v: unknown) => {
    if (!isNonNegativeInt(v) || v > MAX_MONEY_FEN) errors.push({ path, message: `「${label}」须为不小于 0 的金额` })
  }
  const count = (path: string, label: string, v: unknown, min: number, max: number) => {
    if (!isNonNegativeInt(v) || v < min || v > max)
      errors.push({ path, message: `「${label}」须为 ${min} 到 ${max} 之间的整数` })
  }
  if (!isBeijingDate(effectiveFrom)) errors.push({ path: 'effectiveFrom', message: '「生效日期」不是有效日期' })
  else if (effectiveFrom < today)
    errors.push({ path: 'effectiveFrom', message: '「生效日期」不能早于今天：已经过去的事按当时的标准核对' })
  const w = values.wedding
  money('wedding.betrothalGiftCapFen', '彩礼上限', w.betrothalGiftCapFen)
  count('wedding.engagementGuestsCap', '订婚人数上限', w.engagementGuestsCap, 1, 200)
  count('wedding.carsCap', '婚车上限', w.carsCap, 0, 100)
  count('wedding.tablesCap', '婚宴桌数上限', w.tablesCap, 1, 200)
  money('wedding.tableCostCapFenRural', '每桌费用上限（村里）', w.tableCostCapFenRural)
  money('wedding.tableCostCapFenTown', '每桌费用上限（镇上）', w.tableCostCapFenTown)
  money('wedding.giftMoneyCapFen', '人情礼金上限', w.giftMoneyCapFen)
  const f = values.funeral
  count('funeral.daysCap', '丧事天数上限', f.daysCap, 1, 15)
  count('funeral.tablesCap', '丧事桌数上限', f.tablesCap, 0, 200)
  money('funeral.tableCostCapFen', '丧事每桌费用上限', f.tableCostCapFen)
  count('funeral.reportDeadlineHours', '丧事报备时限', f.reportDeadlineHours, 1, 168)
  if (typeof f.reportToTownship !== 'boolean')
    errors.push({ path: 'funeral.reportToTownship', message: '请选择是否报乡镇民政所' })
  const b = values.baseline
  for (const [k, label] of [
    ['weddingFen', '婚事'],
    ['funeralFen', '丧事'],
    ['otherFen', '其他事宜'],
  ] as const) {
    const v = b[k]
    if (v !== null) money(`baseline.${k}`, `移风易俗前${label}平均花费`, v)
  }
  const anyBaseline = b.weddingFen !== null || b.funeralFen !== null || b.otherFen !== null
  if (anyBaseline && !b.source.trim())
    errors.push({ path: 'baseline.source', message: '填了移风易俗前的花费，请写明来源（如哪年对多少户的调查）' })
  if (values.rules.length > 2000) errors.push({ path: 'rules', message: '「其他约定」不超过 2000 字' })
  return errors
}

/**
 * The version in force on a Beijing date: the one with the latest effectiveFrom on or before it (of two with the
 * same date, the later version). undefined when none had started: the county default applies.
 */
export function standardInForce<S extends Pick<Standard, 'version' | 'effectiveFrom'>>(
  versions: readonly S[],
  eventDate: string,
): S | undefined {
  let best: S | undefined
  for (const v of versions) {
    if (!v.effectiveFrom || v.effectiveFrom > eventDate) continue
    if (
      !best ||
      v.effectiveFrom > best.effectiveFrom ||
      (v.effectiveFrom === best.effectiveFrom && v.version > best.version)
    )
      best = v
  }
  return best
}

// ---- the check ----

export interface CheckItem {
  key: FigureKey
  label: string
  value: number
  /** null: no cap for this figure. */
  cap: number | null
  /** How far over the cap (0 when within). */
  over: number
  money: boolean
  unit: FigureDef['unit']
  reason?: string
}

export type Compliance = 'within' | 'over_with_reason' | 'over_without_reason'
export const COMPLIANCE_LABELS: Record<Compliance, string> = {
  within: '符合标准',
  over_with_reason: '超标（已说明理由）',
  over_without_reason: '超标（未说明理由）',
}

export interface CheckResult {
  items: CheckItem[]
  /** Figures over their cap. */
  overKeys: FigureKey[]
  /** Over-cap figures without a written reason. */
  missingReasons: FigureKey[]
  compliance: Compliance
  costFen: number
}

/** A written reason must say something: at least this many characters once spaces are removed. */
export const MIN_REASON_CHARS = 4

export const hasReason = (text: string | undefined): boolean =>
  [...(text ?? '').replace(/\s/g, '')].length >= MIN_REASON_CHARS

/** The figures of a filing, value by value: required ones present, every one a non-negative integer in range. */
export function validateFigures(kind: EventKind, figures: Figures, prefix = 'planned'): FieldError[] {
  const errors: FieldError[] = []
  for (const def of FIGURES) {
    const v = (figures as Record<string, unknown>)[def.key]
    const path = `${prefix}.${def.key}`
    if (v === undefined || v === null) {
      if (def.required.includes(kind)) errors.push({ path, message: `请填写「${def.label}」` })
      continue
    }
    if (!def.kinds.includes(kind)) {
      errors.push({ path, message: `${EVENT_KIND_LABELS[kind]}没有「${def.label}」这一项` })
      continue
    }
    if (typeof v !== 'number' || !Number.isSafeInteger(v))
      errors.push({ path, message: `「${def.label}」须为整数${def.money ? '（以分计）' : ''}` })
    else if (v < 0) errors.push({ path, message: `「${def.label}」不能是负数` })
    else if (v > def.max) errors.push({ path, message: `「${def.label}」超出可填写的范围` })
  }
  return errors
}

/** The event's cost: 彩礼 (weddings) + tables × cost per table + other spending. */
export function costOf(kind: EventKind, figures: Figures): number {
  const gift = kind === 'wedding' ? (figures.betrothalGiftFen ?? 0) : 0
  return gift + (figures.tables ?? 0) * (figures.tableCostFen ?? 0) + (figures.otherCostFen ?? 0)
}

/**
 * Each figure against its cap in the given standard; a figure equal to its cap is within. Reasons are keyed by
 * figure; a reason counts only if it says something (MIN_REASON_CHARS).
 */
export function checkFigures(
  kind: EventKind,
  venue: Venue,
  figures: Figures,
  standard: Standard,
  reasons: Partial<Record<FigureKey, string>> = {},
): CheckResult {
  const items: CheckItem[] = []
  for (const def of figuresOf(kind)) {
    const value = figures[def.key]
    if (value === undefined) continue
    const cap = def.cap ? def.cap(standard, kind, venue) : null
    const over = cap === null ? 0 : Math.max(0, value - cap)
    const reason = reasons[def.key]?.trim()
    items.push({
      key: def.key,
      label: def.label,
      value,
      cap,
      over,
      money: def.money,
      unit: def.unit,
      ...(over > 0 && reason ? { reason } : {}),
    })
  }
  const overKeys = items.filter((i) => i.over > 0).map((i) => i.key)
  const missingReasons = overKeys.filter((k) => !hasReason(reasons[k]))
  const compliance: Compliance =
    overKeys.length === 0 ? 'within' : missingReasons.length ? 'over_without_reason' : 'over_with_reason'
  return { items, overKeys, missingReasons, compliance, costFen: costOf(kind, figures) }
}

/** One line per over-cap figure, e.g. "彩礼 ¥38,000，超出上限 ¥30,000 共 ¥8,000". */
export function describeOver(
  item: Pick<CheckItem, 'label' | 'value' | 'cap' | 'over' | 'money'> & { unit: string },
): string {
  if (item.cap === null || item.over <= 0) return ''
  return `${item.label} ${formatFigure(item, item.value)}，超出上限 ${formatFigure(item, item.cap)} 共 ${formatFigure(item, item.over)}`
}

export interface PlanVsActual {
  key: FigureKey
  label: string
  planned?: number
  actual?: number
  /** actual − planned, when both are known. */
  delta?: number
  money: boolean
  unit: FigureDef['unit']
}

/** Actual figures next to the planned ones, for every figure of the kind that either has. */
export function comparePlanned(kind: EventKind, planned: Figures, actual: Figures): PlanVsActual[] {
  return figuresOf(kind)
    .filter((d) => planned[d.key] !== undefined || actual[d.key] !== undefined)
    .map((d) => {
      const p = planned[d.key]
      const a = actual[d.key]
      return {
        key: d.key,
        label: d.label,
        planned: p,
        actual: a,
        delta: p !== undefined && a !== undefined ? a - p : undefined,
        money: d.money,
        unit: d.unit,
      }
    })
}

// ---- funerals: reporting on time ----

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/

/**
 * The instant of a death from its Beijing date and, if known, time. Without a time the end of that day is used,
 * so a family is never late because of a time nobody wrote down.
 */
export function deathInstant(date: string, time?: string): Date {
  const start = startOfBeijingDate(date).getTime()
  if (time === undefined || time === '') return new Date(start + 24 * 3600_000 - 60_000)
  const m = TIME.exec(time)
  if (!m) throw new RangeError(`not a HH:mm time: ${time}`)
  return new Date(start + (Number(m[1]) * 60 + Number(m[2])) * 60_000)
}

/** Reported within the deadline: at most `hours` after the death (exactly on the deadline is on time). */
export function reportedOnTime(death: Date, reportedAt: Date, hours: number): boolean {
  return reportedAt.getTime() - death.getTime() <= hours * 3600_000
}

// ---- savings ----

export type SavingsMethod = 'family' | 'survey'
export interface Savings {
  baselineFen: number
  actualCostFen: number
  /** baseline − actual; negative when the event cost more than the baseline. */
  savedFen: number
  method: SavingsMethod
  /** How the number was made, shown next to it: it is an estimate, never a measurement. */
  methodText: string
}

/**
 * The estimated saving of an event: the family's own statement of what it would have cost before the reform if
 * given, else the village's surveyed baseline for that kind of event, minus the actual cost. null when neither
 * baseline exists (no estimate rather than a made-up one).
 */
export function estimateSavings(
  kind: EventKind,
  actual: Figures,
  baseline: Baseline,
  familyBaselineFen?: number | null,
): Savings | null {
  const actualCostFen = costOf(kind, actual)
  const surveyed =
    kind === 'wedding' ? baseline.weddingFen : kind === 'funeral' ? baseline.funeralFen : baseline.otherFen
  const family = typeof familyBaselineFen === 'number' && familyBaselineFen >= 0 ? familyBaselineFen : null
  const baselineFen = family ?? surveyed
  if (baselineFen === null || baselineFen === undefined) return null
  const method: SavingsMethod = family !== null ? 'family' : 'survey'
  const basis =
    method === 'family'
      ? '家庭自述的按旧俗办理花费'
      : `村里移风易俗前的${EVENT_KIND_LABELS[kind]}平均花费${baseline.source ? `（${baseline.source}）` : ''}`
  const savedFen = baselineFen - actualCostFen
  return {
    baselineFen,
    actualCostFen,
    savedFen,
    method,
    methodText: `估算：${basis} ¥${formatFen(baselineFen)} − 本次实际花费 ¥${formatFen(actualCostFen)}（${kind === 'wedding' ? '彩礼 + ' : ''}桌数 × 每桌费用 + 其他花费）= ¥${formatFen(savedFen)}`,
  }
}

// ---- ledger counters ----

export type FilingStatus = 'filed' | 'approved' | 'advised' | 'disagreed' | 'completed' | 'withdrawn'
export const FILING_STATUS_LABELS: Record<FilingStatus, string> = {
  filed: '待审核',
  approved: '已同意',
  advised: '已提出建议',
  disagreed: '有不同意见',
  completed: '已办结',
  withdrawn: '已撤回',
}

/** What a filing contributes to its village's month in the ledger. */
export interface LedgerFacts {
  kind: EventKind
  status: FilingStatus
  compliance: Compliance
  /** Funerals only. */
  funeral?: { filedOnTime: boolean; townshipRequired: boolean; townshipOnTime: boolean }
  savings?: { savedFen: number; baselineFen: number; actualCostFen: number } | null
}

export const COUNTER_KEYS = [
  'filed',
  'wedding',
  'funeral',
  'other',
  'reviewed',
  'completed',
  'within',
  'overWithReason',
  'overWithoutReason',
  'funeralsOnTime',
  'townshipRequired',
  'townshipOnTime',
  'savingsCount',
  'savedFen',
  'baselineFen',
  'actualFen',
] as const
export type CounterKey = (typeof COUNTER_KEYS)[number]
export type Counters = Record<CounterKey, number>

export const zeroCounters = (): Counters => Object.fromEntries(COUNTER_KEYS.map((k) => [k, 0])) as Counters

/** A filing's counters. A withdrawn filing counts for nothing. */
export function contribution(facts: LedgerFacts | null): Counters {
  const c = zeroCounters()
  if (!facts || facts.status === 'withdrawn') return c
  c.filed = 1
  c[facts.kind] = 1
  if (facts.status !== 'filed') c.reviewed = 1
  if (facts.status === 'completed') c.completed = 1
  if (facts.compliance === 'within') c.within = 1
  else if (facts.compliance === 'over_with_reason') c.overWithReason = 1
  else c.overWithoutReason = 1
  if (facts.kind === 'funeral' && facts.funeral) {
    if (facts.funeral.filedOnTime) c.funeralsOnTime = 1
    if (facts.funeral.townshipRequired) c.townshipRequired = 1
    if (facts.funeral.townshipRequired && facts.funeral.townshipOnTime) c.townshipOnTime = 1
  }
  if (facts.status === 'completed' && facts.savings) {
    c.savingsCount = 1
    c.savedFen = facts.savings.savedFen
    c.baselineFen = facts.savings.baselineFen
    c.actualFen = facts.savings.actualCostFen
  }
  return c
}

/** after − before, counter by counter: what to add to the month's aggregate when a filing changes. */
export function counterDelta(before: LedgerFacts | null, after: LedgerFacts | null): Counters {
  const b = contribution(before)
  const a = contribution(after)
  return Object.fromEntries(COUNTER_KEYS.map((k) => [k, a[k] - b[k]])) as Counters
}

export function addCounters(...rows: Partial<Counters>[]): Counters {
  const out = zeroCounters()
  for (const row of rows) for (const k of COUNTER_KEYS) out[k] += row[k] ?? 0
  return out
}

// ---- the public board ----

/** Below this many completed events with an estimate, a village's money figures are not published. */
export const MIN_EVENTS_FOR_PUBLIC_MONEY = 3

export interface PublicBoard {
  /** Events handled under the standards (filed, not withdrawn). */
  events: number
  weddings: number
  funerals: number
  others: number
  completed: number
  within: number
  /** Total estimated savings, or null while too few events would let a reader work out one family's figures. */
  savedFen: number | null
  savingsCount: number
  moneyWithheld: boolean
}

/** The 移风易俗 board: counts and estimated savings of a village's year, with nothing that names a household. */
export function publicBoard(months: readonly Partial<Counters>[]): PublicBoard {
  const t = addCounters(...months)
  const enough = t.savingsCount >= MIN_EVENTS_FOR_PUBLIC_MONEY
  return {
    events: t.filed,
    weddings: t.wedding,
    funerals: t.funeral,
    others: t.other,
    completed: t.completed,
    within: t.within,
    savedFen: enough ? t.savedFen : null,
    savingsCount: t.savingsCount,
    moneyWithheld: !enough && t.savingsCount > 0,
  }
}
