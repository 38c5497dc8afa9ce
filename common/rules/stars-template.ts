/**
 * 五星支部 template: the five stars, their tasks (rural 29 / a community set), each task's measure and target,
 * prerequisites between stars, the negative list (负面清单) and the county's yearly target count per level.
 *
 * The indicators were NOT verified against the provincial text (shared/domain-rules.md §4): the default below is
 * an editable example a county replaces with its own, labelled as such wherever it is shown. One template per
 * county per year (versioned by year): changing next year's template never changes a past year's assessment.
 * Pure; no I/O.
 */

export const STAR_KEYS = ['branch', 'industry', 'ecology', 'safety', 'civility'] as const
export type StarKey = (typeof STAR_KEYS)[number]

/**
 * Figures the app already records, per village and period (a month, or the year so far). Outcomes only: nothing
 * here counts logins, clicks, check-ins or time spent in the app (domain-rules §8).
 */
export const METRIC_KEYS = [
  // period
  'elapsedMonths',
  'elapsedQuarters',
  // duty (duty_months)
  'dutyRequiredDays',
  'dutyCoveredDays',
  'dutyMatters',
  'dutyResolvedOnSpot',
  'disputesMediated',
  // meetings (meeting_periods): months / quarters in which the meeting was held
  'committeeMonths',
  'partyGroupMonths',
  'themeDayMonths',
  'assemblyQuarters',
  'lessonQuarters',
  // deliberation (deliberation_matters): matters taken through all six steps
  'mattersCompleted',
  // requests (request_stats)
  'requestsReceived',
  'requestsClosed',
  'requestsClosedInVillage',
  'requestsEscalated',
  'requestsClosedLate',
  'requestsRated',
  'requestsSatisfied',
  // council (council_stats)
  'filingsCompleted',
  'filingsWithin',
  'filingsOverWithoutReason',
  'savedYuan',
] as const
export type MetricKey = (typeof METRIC_KEYS)[number]
export type Figures = Partial<Record<MetricKey, number>>

export const METRIC_LABELS: Record<MetricKey, string> = {
  elapsedMonths: '已过月数',
  elapsedQuarters: '已过季度数',
  dutyRequiredDays: '应值班天数',
  dutyCoveredDays: '有人值班天数',
  dutyMatters: '值班办理事项',
  dutyResolvedOnSpot: '当场办结事项',
  disputesMediated: '调解矛盾纠纷',
  committeeMonths: '召开支委会的月数',
  partyGroupMonths: '召开党小组会的月数',
  themeDayMonths: '开展主题党日的月数',
  assemblyQuarters: '召开党员大会的季度数',
  lessonQuarters: '上党课的季度数',
  mattersCompleted: '四议两公开办结事项',
  requestsReceived: '受理群众诉求',
  requestsClosed: '办结群众诉求',
  requestsClosedInVillage: '在村办结的诉求',
  requestsEscalated: '上交乡镇、县的诉求',
  requestsClosedLate: '超期办结的诉求',
  requestsRated: '已评价的诉求',
  requestsSatisfied: '群众满意的诉求',
  filingsCompleted: '红白事办结',
  filingsWithin: '红白事在标准内',
  filingsOverWithoutReason: '红白事超标且未说明',
  savedYuan: '红白事节约（元，估算）',
}

/** Which module records a metric, and the page in the app that shows its records. */
export const METRIC_SOURCES: Record<
  Exclude<MetricKey, 'elapsedMonths' | 'elapsedQuarters'>,
  'duty' | 'meetings' | 'deliberation' | 'requests' | 'council'
> = {
  dutyRequiredDays: 'duty',
  dutyCoveredDays: 'duty',
  dutyMatters: 'duty',
  dutyResolvedOnSpot: 'duty',
  disputesMediated: 'duty',
  committeeMonths: 'meetings',
  partyGroupMonths: 'meetings',
  themeDayMonths: 'meetings',
  assemblyQuarters: 'meetings',
  lessonQuarters: 'meetings',
  mattersCompleted: 'deliberation',
  requestsReceived: 'requests',
  requestsClosed: 'requests',
  requestsClosedInVillage: 'requests',
  requestsEscalated: 'requests',
  requestsClosedLate: 'requests',
  requestsRated: 'requests',
  requestsSatisfied: 'requests',
  filingsCompleted: 'council',
  filingsWithin: 'council',
  filingsOverWithoutReason: 'council',
  savedYuan: 'council',
}

/**
 * A task the app measures itself: value = metric (÷ per, when given), compared with target by op.
 * When `per` is 0 (nothing to measure yet: no requests, no filings) the task is met and says so.
 */
export interface AutoMeasure {
  kind: 'auto'
  metric: MetricKey
  per?: MetricKey
  op: '>=' | '<='
  target: number
  /** How the value reads: 'share' shows a percentage. */
  unit: 'share' | 'count'
}
/** A task the app cannot know: the village reports it once with evidence; the township reviews it. */
export interface ReportedMeasure {
  kind: 'reported'
  /** What the village must show, in plain words. */
  target: string
}
export type Measure = AutoMeasure | ReportedMeasure

export interface StarTask {
  key: string
  name: string
  measure: Measure
  /** Whom the task applies to (default both). */
  appliesTo?: ('village' | 'community')[]
}

export interface Star {
  key: StarKey
  name: string
  tasks: StarTask[]
  /** Stars that must be earned before this one counts. */
  prerequisites: StarKey[]
  /** Share of the star's tasks that must be met (1 = all). */
  passShare: number
}

export interface NegativeItem {
  key: string
  text: string
  /** The stars the event vetoes for the year; `all` vetoes the year's level. */
  vetoes: StarKey[] | 'all'
}

/** A number of branches per level. */
export interface LevelTargets {
  5: number
  4: number
  3: number
  2: number
}

export interface StarTemplate {
  year: number
  /** Shown wherever the template is shown. */
  label: string
  /** true while it is the shipped default, false once the county saved its own. */
  isExample: boolean
  stars: Star[]
  negativeList: NegativeItem[]
  /** The county's target number of branches per level this year. */
  targets: LevelTargets
  /**
   * The targets the county hands each township (by township id) after its analysis meetings (分片区研判): a
   * township not listed here gets a share of the county's targets in proportion to its villages.
   */
  townshipTargets?: Record<string, LevelTargets>
  /** 月达标排序: the share of villages at the end of the county's order that counts as behind. */
  behindShare: number
}

export const EXAMPLE_LABEL = '示例模板，可由县里修改（不是官方文件原文）'

const share = (metric: MetricKey, per: MetricKey, target: number): AutoMeasure => ({
  kind: 'auto',
  metric,
  per,
  op: '>=',
  target,
  unit: 'share',
})
const atLeast = (metric: MetricKey, target: number): AutoMeasure => ({
  kind: 'auto',
  metric,
  op: '>=',
  target,
  unit: 'count',
})
const atMost = (metric: MetricKey, target: number): AutoMeasure => ({
  kind: 'auto',
  metric,
  op: '<=',
  target,
  unit: 'count',
})
const reported = (target: string): ReportedMeasure => ({ kind: 'reported', target })

/** The shipped example: 29 rural tasks (7 + 6 + 6 + 5 + 5) and a community variant of four of them. */
export function defaultTemplate(year: number): StarTemplate {
  return {
    year,
    label: EXAMPLE_LABEL,
    isExample: true,
    stars: [
      {
        key: 'branch',
        name: '支部过硬星',
        prerequisites: [],
        // 5 of the 7: a branch that misses one month's meeting and has no 四议两公开 matter yet still holds.
        passShare: 0.7,
        tasks: [
          { key: 'b1', name: '支委会每月召开', measure: share('committeeMonths', 'elapsedMonths', 0.8) },
          { key: 'b2', name: '党员大会每季度召开', measure: share('assemblyQuarters', 'elapsedQuarters', 1) },
          { key: 'b3', name: '党小组会每月召开', measure: share('partyGroupMonths', 'elapsedMonths', 0.8) },
          { key: 'b4', name: '党课每季度至少一次', measure: share('lessonQuarters', 'elapsedQuarters', 1) },
          { key: 'b5', name: '主题党日每月开展', measure: share('themeDayMonths', 'elapsedMonths', 0.8) },
          { key: 'b6', name: '重大事项经四议两公开', measure: atLeast('mattersCompleted', 1) },
          { key: 'b7', name: '党群服务中心有人值班', measure: share('dutyCoveredDays', 'dutyRequiredDays', 0.9) },
        ],
      },
      {
        key: 'industry',
        name: '产业兴旺星',
        prerequisites: ['branch'],
        passShare: 0.8,
        tasks: [
          {
            key: 'i1',
            name: '村集体经济收入达到县定档次',
            measure: reported('上年村集体经营性收入及账目（乡镇三资平台截图或报表）'),
            appliesTo: ['village'],
          },
          {
            key: 'i2',
            name: '有一项主导产业或特色产业',
            measure: reported('产业名称、规模、带动户数'),
            appliesTo: ['village'],
          },
          {
            key: 'i3',
            name: '土地流转或托管服务',
            measure: reported('流转/托管面积及合同（可拍照）'),
            appliesTo: ['village'],
          },
          { key: 'i4', name: '农民专业合作社规范运行', measure: reported('合作社名称、年度分红或服务记录') },
          { key: 'i5', name: '带动群众就业增收', measure: reported('就业帮扶人数、技能培训场次') },
          { key: 'i6', name: '争取项目资金落地', measure: reported('项目名称、金额、进度（可与供给清单对应）') },
          {
            key: 'c1',
            name: '辖区单位共建共享',
            measure: reported('共建单位名称及共建事项'),
            appliesTo: ['community'],
          },
          { key: 'c2', name: '社区服务项目', measure: reported('服务项目及受益人数'), appliesTo: ['community'] },
          {
            key: 'c3',
            name: '楼宇、商圈党建',
            measure: reported('党组织覆盖的楼宇、商户数'),
            appliesTo: ['community'],
          },
        ],
      },
      {
        key: 'ecology',
        name: '生态宜居星',
        prerequisites: ['branch'],
        passShare: 0.8,
        tasks: [
          { key: 'e1', name: '人居环境整治达标', measure: reported('乡镇月度人居环境检查结果') },
          { key: 'e2', name: '户厕改造', measure: reported('改厕户数及验收情况') },
          { key: 'e3', name: '生活垃圾收运处理', measure: reported('保洁员、收运频次') },
          { key: 'e4', name: '生活污水治理', measure: reported('治理方式、覆盖户数') },
          { key: 'e5', name: '村庄绿化美化', measure: reported('绿化面积、游园或小微景观') },
          { key: 'e6', name: '无违法占地建房', measure: reported('自然资源所年度核查结果') },
        ],
      },
      {
        key: 'safety',
        name: '平安法治星',
        prerequisites: ['branch'],
        passShare: 0.8,
        tasks: [
          { key: 's1', name: '群众诉求按时办结', measure: share('requestsClosed', 'requestsReceived', 0.9) },
          { key: 's2', name: '诉求在村解决为主', measure: share('requestsClosedInVillage', 'requestsClosed', 0.7) },
          { key: 's3', name: '无超期办结的诉求', measure: atMost('requestsClosedLate', 0) },
          { key: 's4', name: '群众对办理满意', measure: share('requestsSatisfied', 'requestsRated', 0.9) },
          { key: 's5', name: '矛盾纠纷就地调解', measure: reported('调解记录（值班日志里的调解会自动计入，可补充）') },
        ],
      },
      {
        key: 'civility',
        name: '文明幸福星',
        prerequisites: ['branch'],
        passShare: 0.8,
        tasks: [
          { key: 'w1', name: '红白事按标准办理', measure: share('filingsWithin', 'filingsCompleted', 0.9) },
          { key: 'w2', name: '无超标且不说明原因的红白事', measure: atMost('filingsOverWithoutReason', 0) },
          { key: 'w3', name: '移风易俗见实效（节约）', measure: atLeast('savedYuan', 1) },
          { key: 'w4', name: '评选表彰好媳妇好婆婆等', measure: reported('评选活动及名单（公示时注意脱敏）') },
          { key: 'w5', name: '村规民约修订并执行', measure: reported('村规民约文本及表决记录') },
        ],
      },
    ],
    negativeList: [
      { key: 'n1', text: '班子成员受到党纪政务处分', vetoes: ['branch'] },
      { key: 'n2', text: '发生较大及以上安全生产事故', vetoes: ['safety'] },
      { key: 'n3', text: '发生群体性事件或越级上访造成严重影响', vetoes: ['safety'] },
      { key: 'n4', text: '发生重大环境污染或违法占地', vetoes: ['ecology'] },
      { key: 'n5', text: '集体资产严重流失', vetoes: 'all' },
    ],
    targets: { 5: 7, 4: 36, 3: 98, 2: 121 },
    behindShare: 0.1,
  }
}

/** The tasks of a star that apply to a village or a community. */
export function tasksFor(star: Star, kind: 'village' | 'community'): StarTask[] {
  return star.tasks.filter((t) => !t.appliesTo || t.appliesTo.includes(kind))
}

/** Problems with a county's edited template, in plain Chinese (empty when it is usable). */
export function templateProblems(t: StarTemplate): string[] {
  const problems: string[] = []
  const keys = t.stars.map((s) => s.key)
  for (const k of STAR_KEYS) if (!keys.includes(k)) problems.push(`缺少「${k}」这颗星`)
  if (new Set(keys).size !== keys.length) problems.push('星重复')
  const taskKeys = t.stars.flatMap((s) => s.tasks.map((x) => x.key))
  if (new Set(taskKeys).size !== taskKeys.length) problems.push('任务编号重复')
  for (const s of t.stars) {
    if (s.tasks.length === 0) problems.push(`${s.name}没有任务`)
    if (s.prerequisites.includes(s.key)) problems.push(`${s.name}不能以自己为前提`)
    if (!(s.passShare > 0 && s.passShare <= 1)) problems.push(`${s.name}的达标比例应在 0 到 1 之间`)
    for (const task of s.tasks) {
      const m = task.measure
      if (m.kind === 'auto' && m.unit === 'share' && !(m.target >= 0 && m.target <= 1))
        problems.push(`${task.name}的目标比例应在 0 到 1 之间`)
      if (m.kind === 'auto' && m.target < 0) problems.push(`${task.name}的目标不能为负`)
    }
  }
  // Prerequisites must not go round in a circle.
  const byKey = new Map(t.stars.map((s) => [s.key, s]))
  const visiting = new Set<StarKey>()
  const done = new Set<StarKey>()
  const cyclic = (k: StarKey): boolean => {
    if (done.has(k)) return false
    if (visiting.has(k)) return true
    visiting.add(k)
    const hit = (byKey.get(k)?.prerequisites ?? []).some(cyclic)
    visiting.delete(k)
    done.add(k)
    return hit
  }
  if (STAR_KEYS.some((k) => byKey.has(k) && cyclic(k))) problems.push('星与星之间的前提条件形成了循环')
  for (const s of t.stars)
    for (const p of s.prerequisites) if (!byKey.has(p)) problems.push(`${s.name}的前提「${p}」不是模板里的星`)
  for (const [township, targets] of Object.entries(t.townshipTargets ?? {}))
    for (const l of [5, 4, 3, 2] as const)
      if (!(Number.isInteger(targets[l]) && targets[l] >= 0 && targets[l] <= t.targets[l]))
        problems.push(`乡镇 ${township} 的${l}星目标应为 0 到全县目标 ${t.targets[l]} 之间的整数`)
  const negativeKeys = t.negativeList.map((n) => n.key)
  if (new Set(negativeKeys).size !== negativeKeys.length) problems.push('负面清单编号重复')
  for (const n of t.negativeList) {
    if (n.vetoes !== 'all' && n.vetoes.length === 0) problems.push(`负面清单「${n.text}」没有指明否决哪颗星`)
    if (n.vetoes !== 'all' && n.vetoes.some((k) => !keys.includes(k)))
      problems.push(`负面清单「${n.text}」指向不存在的星`)
  }
  return problems
}
