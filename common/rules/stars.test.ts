import {
  apportionTargets,
  assess,
  behindTwoMonths,
  behindVillages,
  canMoveMatch,
  comparisonInput,
  dutyMonths,
  endedPeriods,
  owedDays,
  evaluateTask,
  levelsAgainstTargets,
  monthlyComparison,
  monthsSoFar,
  nextAssessmentStatus,
  previousMonth,
  quartersSoFar,
  townshipTargetsOf,
  type ComparisonInput,
  type TaskReport,
} from './stars'
import {
  defaultTemplate,
  EXAMPLE_LABEL,
  STAR_KEYS,
  tasksFor,
  templateProblems,
  type Figures,
  type StarTemplate,
} from './stars-template'

const T = defaultTemplate(2026)

/** Figures under which every automatic task of the example template is met (March: 3 months, 1 quarter). */
const GOOD: Figures = {
  elapsedMonths: 3,
  elapsedQuarters: 1,
  committeeMonths: 3,
  partyGroupMonths: 3,
  themeDayMonths: 3,
  assemblyQuarters: 1,
  lessonQuarters: 1,
  mattersCompleted: 2,
  dutyRequiredDays: 60,
  dutyCoveredDays: 60,
  requestsReceived: 10,
  requestsClosed: 10,
  requestsClosedInVillage: 9,
  requestsClosedLate: 0,
  requestsRated: 5,
  requestsSatisfied: 5,
  filingsCompleted: 4,
  filingsWithin: 4,
  filingsOverWithoutReason: 0,
  savedYuan: 3000,
}
const allReported = (
  template: StarTemplate,
  kind: 'village' | 'community' = 'village',
  report: TaskReport = { done: true },
) =>
  Object.fromEntries(
    template.stars
      .flatMap((s) => tasksFor(s, kind))
      .filter((t) => t.measure.kind === 'reported')
      .map((t) => [t.key, report]),
  )

describe('the example template', () => {
  it('has five stars, 29 rural tasks and 29 community tasks, and is labelled as an editable example', () => {
    expect(T.stars.map((s) => s.key)).toEqual([...STAR_KEYS])
    expect(T.stars.map((s) => s.name)).toEqual(['支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星'])
    expect(T.stars.flatMap((s) => tasksFor(s, 'village'))).toHaveLength(29)
    expect(T.stars.flatMap((s) => tasksFor(s, 'community'))).toHaveLength(29)
    expect(T.label).toBe(EXAMPLE_LABEL)
    expect(T.label).toContain('示例')
    expect(T.isExample).toBe(true)
    expect(T.targets).toEqual({ 5: 7, 4: 36, 3: 98, 2: 121 })
    expect(templateProblems(T)).toEqual([])
  })
  it('makes 支部过硬 the prerequisite of the other four', () => {
    for (const s of T.stars.filter((x) => x.key !== 'branch')) expect(s.prerequisites).toEqual(['branch'])
  })
  it('is a fresh copy per year', () => {
    const a = defaultTemplate(2025)
    a.stars[0]!.name = 'changed'
    expect(defaultTemplate(2025).stars[0]!.name).toBe('支部过硬星')
    expect(a.year).toBe(2025)
  })
  it('reports problems with an edited template', () => {
    const bad = defaultTemplate(2026)
    bad.stars[0]!.prerequisites = ['industry']
    bad.stars[1]!.tasks[0]!.key = 'b1'
    bad.stars[2]!.passShare = 0
    bad.negativeList.push({ key: 'n9', text: 'x', vetoes: ['nope' as never] })
    const problems = templateProblems(bad)
    expect(problems).toEqual(
      expect.arrayContaining([
        '任务编号重复',
        '星与星之间的前提条件形成了循环',
        '生态宜居星的达标比例应在 0 到 1 之间',
        '负面清单「x」指向不存在的星',
      ]),
    )
    const missing = defaultTemplate(2026)
    missing.stars.pop()
    expect(templateProblems(missing)).toContain('缺少「civility」这颗星')
    const self = defaultTemplate(2026)
    self.stars[3]!.prerequisites = ['safety']
    self.stars[3]!.tasks = []
    expect(templateProblems(self)).toEqual(expect.arrayContaining(['平安法治星不能以自己为前提', '平安法治星没有任务']))
    const share = defaultTemplate(2026)
    share.stars[0]!.tasks[0]!.measure = {
      kind: 'auto',
      metric: 'committeeMonths',
      per: 'elapsedMonths',
      op: '>=',
      target: 2,
      unit: 'share',
    }
    expect(templateProblems(share)).toContain('支委会每月召开的目标比例应在 0 到 1 之间')
  })
})

describe('evaluateTask', () => {
  const task = (key: string) => T.stars.flatMap((s) => s.tasks).find((t) => t.key === key)!
  it('measures a share against its target', () => {
    expect(evaluateTask(task('b1'), 'branch', { committeeMonths: 3, elapsedMonths: 3 }, undefined)).toMatchObject({
      met: true,
      value: 1,
      note: '3/3（100%，目标≥80%）',
    })
    expect(evaluateTask(task('b1'), 'branch', { committeeMonths: 2, elapsedMonths: 3 }, undefined).met).toBe(false)
    expect(evaluateTask(task('s1'), 'safety', { requestsClosed: 9, requestsReceived: 10 }, undefined).met).toBe(true)
    expect(evaluateTask(task('s1'), 'safety', { requestsClosed: 8, requestsReceived: 10 }, undefined).met).toBe(false)
  })
  it('counts a share with nothing to measure as met, and says so', () => {
    const r = evaluateTask(task('s1'), 'safety', {}, undefined)
    expect(r).toMatchObject({ met: true, value: null, note: '本期没有需要计算的事项' })
  })
  it('measures counts at least / at most', () => {
    expect(evaluateTask(task('b6'), 'branch', { mattersCompleted: 0 }, undefined).met).toBe(false)
    expect(evaluateTask(task('b6'), 'branch', { mattersCompleted: 1 }, undefined).met).toBe(true)
    expect(evaluateTask(task('s3'), 'safety', { requestsClosedLate: 0 }, undefined).met).toBe(true)
    expect(evaluateTask(task('s3'), 'safety', { requestsClosedLate: 1 }, undefined)).toMatchObject({
      met: false,
      note: '1（目标≤0）',
    })
  })
  it('counts a reported task only when reported done and not returned', () => {
    expect(evaluateTask(task('e1'), 'ecology', {}, undefined)).toMatchObject({ met: false, note: '未填报' })
    expect(evaluateTask(task('e1'), 'ecology', {}, { done: false }).met).toBe(false)
    expect(evaluateTask(task('e1'), 'ecology', {}, { done: true })).toMatchObject({
      met: true,
      note: '村里已填报，待乡镇审核',
    })
    expect(evaluateTask(task('e1'), 'ecology', {}, { done: true, review: 'accepted' })).toMatchObject({
      met: true,
      note: '乡镇已认可',
    })
    expect(evaluateTask(task('e1'), 'ecology', {}, { done: true, review: 'returned' })).toMatchObject({
      met: false,
      note: '乡镇退回，请补充',
    })
  })
})

describe('assess: stars, prerequisites, vetoes, level', () => {
  it('earns five stars when every task is met', () => {
    const a = assess(T, 'village', GOOD, allReported(T), [])
    expect(a.tasksMet).toBe(29)
    expect(a.stars.every((s) => s.earned)).toBe(true)
    expect(a.level).toBe(5)
  })
  it('drops every other star when the prerequisite 支部过硬 is not earned', () => {
    // 4 of the 7 tasks met: below the example's 70%.
    const a = assess(
      T,
      'village',
      { ...GOOD, committeeMonths: 2, partyGroupMonths: 2, themeDayMonths: 2 },
      allReported(T),
      [],
    )
    const branch = a.stars.find((s) => s.key === 'branch')!
    expect(branch).toMatchObject({ reached: false, earned: false })
    for (const s of a.stars.filter((x) => x.key !== 'branch'))
      expect(s).toMatchObject({ reached: true, earned: false, missingPrerequisites: ['branch'] })
    expect(a.level).toBe(0)
  })
  it('applies passShare: 产业兴旺 with 5 of 6 tasks (≥80%) is earned, with 4 of 6 not', () => {
    const reports = allReported(T)
    reports.i1 = { done: false }
    expect(assess(T, 'village', GOOD, reports, []).stars.find((s) => s.key === 'industry')!.earned).toBe(true)
    reports.i2 = { done: false }
    const a = assess(T, 'village', GOOD, reports, [])
    expect(a.stars.find((s) => s.key === 'industry')).toMatchObject({ tasksMet: 4, tasks: 6, earned: false })
    expect(a.level).toBe(4)
  })
  it('vetoes the star a negative-list event names, with the reason', () => {
    const a = assess(T, 'village', GOOD, allReported(T), [{ item: 'n2', note: '3月某厂房火灾' }])
    const safety = a.stars.find((s) => s.key === 'safety')!
    expect(safety).toMatchObject({
      reached: true,
      earned: false,
      vetoedBy: ['发生较大及以上安全生产事故：3月某厂房火灾'],
    })
    expect(a.level).toBe(4)
    expect(a.vetoes).toEqual([{ key: 'n2', text: '发生较大及以上安全生产事故：3月某厂房火灾' }])
  })
  it('a veto of the prerequisite star takes the others with it', () => {
    expect(assess(T, 'village', GOOD, allReported(T), [{ item: 'n1' }]).level).toBe(0)
  })
  it('an "all" veto leaves the year unrated', () => {
    const a = assess(T, 'village', GOOD, allReported(T), [{ item: 'n5' }])
    expect(a.level).toBe(0)
    expect(a.stars.every((s) => s.vetoedBy.length === 1)).toBe(true)
  })
  it("ignores events not on this year's list", () => {
    expect(assess(T, 'village', GOOD, allReported(T), [{ item: 'gone' }]).level).toBe(5)
  })
  it('fewer than two stars is not rated', () => {
    const a = assess(T, 'village', GOOD, {}, [])
    // 支部过硬 and 平安法治 and 文明幸福 (3/5 ≥ 80%? no: 3 of 5 reported-free → w4,w5 reported) …
    const earned = a.stars.filter((s) => s.earned).map((s) => s.key)
    expect(earned).toEqual(['branch', 'safety'])
    expect(a.level).toBe(2)
    const none = assess(T, 'village', { ...GOOD, requestsClosed: 1 }, {}, [])
    expect(none.stars.filter((s) => s.earned).map((s) => s.key)).toEqual(['branch'])
    expect(none.level).toBe(0)
  })
  it('uses the community task set for communities', () => {
    const reports = allReported(T, 'village')
    const a = assess(T, 'community', GOOD, reports, [])
    expect(a.taskCount).toBe(29)
    expect(a.tasks.map((t) => t.key)).toEqual(expect.arrayContaining(['c1', 'c2', 'c3']))
    expect(a.tasks.map((t) => t.key)).not.toContain('i1')
    expect(a.stars.find((s) => s.key === 'industry')!.earned).toBe(false)
    expect(assess(T, 'community', GOOD, allReported(T, 'community'), []).level).toBe(5)
  })
  it('follows a county template with a different prerequisite and pass share', () => {
    const t = defaultTemplate(2027)
    t.stars.find((s) => s.key === 'civility')!.prerequisites = ['branch', 'safety']
    t.stars.find((s) => s.key === 'safety')!.passShare = 1
    const reports = allReported(t)
    reports.s5 = { done: false }
    const a = assess(t, 'village', GOOD, reports, [])
    expect(a.stars.find((s) => s.key === 'safety')!.earned).toBe(false)
    expect(a.stars.find((s) => s.key === 'civility')).toMatchObject({
      reached: true,
      earned: false,
      missingPrerequisites: ['safety'],
    })
    expect(assess(defaultTemplate(2026), 'village', GOOD, reports, []).level).toBe(5)
  })
})

const row = (villageId: string, o: Partial<ComparisonInput> = {}): ComparisonInput => ({
  villageId,
  name: villageId,
  tasksMet: 10,
  taskCount: 29,
  requestsReceived: 0,
  requestsClosed: 0,
  requestsClosedInVillage: 0,
  meetingsHeld: 0,
  mattersCompleted: 0,
  ...o,
})

describe('monthlyComparison', () => {
  it('orders by tasks met, then share of requests closed, then closed in village, meetings, matters', () => {
    const out = monthlyComparison([
      row('a', { tasksMet: 12 }),
      row('b', { tasksMet: 20 }),
      row('c', { tasksMet: 12, requestsReceived: 4, requestsClosed: 2 }),
      row('d', { tasksMet: 12, meetingsHeld: 3 }),
      row('e', { tasksMet: 12, meetingsHeld: 3, mattersCompleted: 1 }),
      row('f', { tasksMet: 12, requestsReceived: 2, requestsClosed: 2, requestsClosedInVillage: 2 }),
    ])
    expect(out.map((r) => r.villageId)).toEqual(['b', 'f', 'e', 'd', 'a', 'c'])
    expect(out.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6])
    expect(out[5]).toMatchObject({ closeRate: 0.5 })
    expect(out[0]!.completion).toBeCloseTo(20 / 29)
  })
  it('gives equal villages the same rank and lists them by name', () => {
    const out = monthlyComparison([
      row('z', { name: '邱铺村' }),
      row('y', { name: '安庄村' }),
      row('x', { tasksMet: 1 }),
    ])
    expect(out.map((r) => [r.name, r.rank])).toEqual([
      ['安庄村', 1],
      ['邱铺村', 1],
      ['x', 3],
    ])
  })
  it('ignores activity figures: inflating check-ins, logins or clicks changes nothing', () => {
    const base = [row('a', { tasksMet: 12 }), row('b', { tasksMet: 11, meetingsHeld: 2 }), row('c', { tasksMet: 11 })]
    const inflated = base.map((r) =>
      r.villageId === 'c' ? { ...r, checkins: 9999, logins: 5000, clicks: 1e6, onlineMinutes: 1e5 } : r,
    )
    expect(monthlyComparison(inflated as ComparisonInput[])).toEqual(monthlyComparison(base))
    expect(Object.keys(comparisonInput(inflated[2] as never))).not.toContain('checkins')
  })
  it('compares the share of tasks met, not their number', () => {
    expect(
      monthlyComparison([
        row('big', { taskCount: 29, tasksMet: 29 }),
        row('small', { taskCount: 20, tasksMet: 20 }),
      ]).map((r) => r.rank),
    ).toEqual([1, 1])
  })
})

describe('behind lists', () => {
  const ordered = monthlyComparison(
    Array.from({ length: 20 }, (_, i) => row(`v${String(i).padStart(2, '0')}`, { tasksMet: 29 - i })),
  )
  it('marks the last share of the order behind (at least one village)', () => {
    expect([...behindVillages(ordered, 0.1)].sort()).toEqual(['v18', 'v19'])
    expect([...behindVillages(ordered, 0.01)]).toEqual(['v19'])
    expect(behindVillages(ordered, 0).size).toBe(0)
    expect(behindVillages(ordered.slice(0, 1), 0.5).size).toBe(0)
  })
  it('includes villages tied with the last one inside the share', () => {
    const tied = monthlyComparison([
      row('a', { tasksMet: 5 }),
      row('b', { tasksMet: 3 }),
      row('c', { tasksMet: 1 }),
      row('d', { tasksMet: 1 }),
    ])
    expect([...behindVillages(tied, 0.25)].sort()).toEqual(['c', 'd'])
  })
  it('marks nobody when all villages are level', () => {
    expect(behindVillages(monthlyComparison([row('a'), row('b'), row('c')]), 0.5).size).toBe(0)
  })
  it('lists villages behind in two months in a row', () => {
    expect(behindTwoMonths(new Set(['a', 'b', 'c']), new Set(['c', 'a', 'x']))).toEqual(['a', 'c'])
    expect(behindTwoMonths(new Set(['a']), new Set())).toEqual([])
  })
})

describe('levels, periods, flows', () => {
  it('counts levels against targets', () => {
    expect(levelsAgainstTargets([5, 4, 4, 3, 0, 2, 2], T.targets)).toEqual([
      { level: 5, count: 1, target: 7, gap: 6 },
      { level: 4, count: 2, target: 36, gap: 34 },
      { level: 3, count: 1, target: 98, gap: 97 },
      { level: 2, count: 2, target: 121, gap: 119 },
    ])
  })
  it('computes months and quarters so far', () => {
    expect(monthsSoFar('2026-03')).toEqual(['2026-01', '2026-02', '2026-03'])
    expect(previousMonth('2026-01')).toBe('2025-12')
    expect(previousMonth('2026-11')).toBe('2026-10')
    expect([
      quartersSoFar('2026-01'),
      quartersSoFar('2026-03'),
      quartersSoFar('2026-04'),
      quartersSoFar('2026-12'),
    ]).toEqual([1, 1, 2, 4])
  })
  it('moves a self-assessment through review', () => {
    expect(nextAssessmentStatus(null, 'submit')).toBe('submitted')
    expect(nextAssessmentStatus('returned', 'submit')).toBe('submitted')
    expect(nextAssessmentStatus('accepted', 'submit')).toBeNull()
    expect(nextAssessmentStatus('submitted', 'accept')).toBe('accepted')
    expect(nextAssessmentStatus('submitted', 'return')).toBe('returned')
    expect(nextAssessmentStatus('returned', 'accept')).toBeNull()
    expect(nextAssessmentStatus(null, 'return')).toBeNull()
  })
  it('moves a supply/demand match one step at a time to delivery', () => {
    expect(canMoveMatch('matched', 'agreed')).toBe(true)
    expect(canMoveMatch('matched', 'delivered')).toBe(false)
    expect(canMoveMatch('delivering', 'delivered')).toBe(true)
    expect(canMoveMatch('agreed', 'cancelled')).toBe(true)
    expect(canMoveMatch('delivered', 'cancelled')).toBe(false)
    expect(canMoveMatch('cancelled', 'matched')).toBe(false)
  })
})

describe('endedPeriods', () => {
  it('counts only periods that have ended: the month under way and its quarter are not owed yet', () => {
    expect(endedPeriods('2026-11', '2026-11')).toEqual({ elapsedMonths: 10, elapsedQuarters: 3 })
    expect(endedPeriods('2026-01', '2026-01')).toEqual({ elapsedMonths: 0, elapsedQuarters: 0 })
    expect(endedPeriods('2026-04', '2026-04')).toEqual({ elapsedMonths: 3, elapsedQuarters: 1 })
    expect(endedPeriods('2026-03', '2026-04')).toEqual({ elapsedMonths: 3, elapsedQuarters: 1 })
    expect(endedPeriods('2026-05', '2026-11')).toEqual({ elapsedMonths: 5, elapsedQuarters: 1 })
    expect(endedPeriods('2025-12', '2026-02')).toEqual({ elapsedMonths: 12, elapsedQuarters: 4 })
  })
})

describe('duty days owed', () => {
  it('counts months from the first one recorded this year; every month when none is', () => {
    const months = ['2026-01', '2026-02', '2026-03', '2026-04']
    expect(dutyMonths(months, new Set(['2026-03', '2026-04']))).toEqual(['2026-03', '2026-04'])
    expect(dutyMonths(months, new Set(['2026-02']))).toEqual(['2026-02', '2026-03', '2026-04'])
    expect(dutyMonths(months, new Set())).toEqual(months)
  })
  it('in the first month recorded, counts from the first day with a cadre or an exception', () => {
    const day = (date: string, cadres: number, exceptions = 0) => ({
      date,
      cadres,
      hours: 0,
      covered: cadres >= 1,
      exceptions,
    })
    const c = {
      days: [
        day('2026-03-01', 0),
        day('2026-03-02', 0),
        day('2026-03-03', 1),
        day('2026-03-04', 0),
        day('2026-03-05', 2),
      ],
    } as unknown as Parameters<typeof owedDays>[0]
    expect(owedDays(c, true)).toEqual({ requiredDays: 3, coveredDays: 2 })
    expect(owedDays(c, false)).toEqual({ requiredDays: 5, coveredDays: 2 })
    const onlyException = {
      days: [day('2026-03-01', 0), day('2026-03-02', 0, 1), day('2026-03-03', 0)],
    } as unknown as Parameters<typeof owedDays>[0]
    expect(owedDays(onlyException, true)).toEqual({ requiredDays: 2, coveredDays: 0 })
    const nothing = { days: [day('2026-03-01', 0), day('2026-03-02', 0)] } as unknown as Parameters<typeof owedDays>[0]
    expect(owedDays(nothing, true)).toEqual({ requiredDays: 2, coveredDays: 0 })
  })
})

describe('township targets', () => {
  const county = { 5: 7, 4: 36, 3: 98, 2: 121 }
  // The demo county: 15 townships, 262 villages (18 in the first).
  const sizes = [18, 17, 19, 16, 20, 18, 17, 15, 19, 18, 16, 17, 18, 17, 17]
  const townships = sizes.map((villages, i) => ({ townshipId: `t${i + 1}`, villages }))

  it('shares each level out by villages so the shares add up to the county target exactly', () => {
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(262)
    const shares = apportionTargets(county, townships)
    for (const level of [5, 4, 3, 2] as const)
      expect([...shares.values()].reduce((n, t) => n + t[level], 0)).toBe(county[level])
    // An 18-village township of a 262-village county: about 7% of each level, not the county's 121 two-star.
    expect(shares.get('t1')).toEqual({ 5: 1, 4: 3, 3: 7, 2: 8 })
    // Largest remainder: the 7 five-star go to the 7 largest townships; a 15-village one gets none.
    expect([shares.get('t5')![5], shares.get('t8')![5]]).toEqual([1, 0])
  })

  it('is exact when shares divide evenly, and gives nothing to a township without villages or a county with none', () => {
    expect(
      apportionTargets({ 5: 2, 4: 4, 3: 6, 2: 8 }, [
        { townshipId: 'a', villages: 10 },
        { townshipId: 'b', villages: 10 },
        { townshipId: 'c', villages: 0 },
      ]),
    ).toEqual(
      new Map([
        ['a', { 5: 1, 4: 2, 3: 3, 2: 4 }],
        ['b', { 5: 1, 4: 2, 3: 3, 2: 4 }],
        ['c', { 5: 0, 4: 0, 3: 0, 2: 0 }],
      ]),
    )
    expect(apportionTargets(county, [{ townshipId: 'a', villages: 0 }]).get('a')).toEqual({ 5: 0, 4: 0, 3: 0, 2: 0 })
    // Ties in the remainder go to the township listed first; one leftover branch is never given twice.
    expect(
      apportionTargets({ 5: 1, 4: 0, 3: 0, 2: 0 }, [
        { townshipId: 'a', villages: 1 },
        { townshipId: 'b', villages: 1 },
      ]),
    ).toEqual(
      new Map([
        ['a', { 5: 1, 4: 0, 3: 0, 2: 0 }],
        ['b', { 5: 0, 4: 0, 3: 0, 2: 0 }],
      ]),
    )
  })

  it('uses what the county handed the township when there is one, and says which it is', () => {
    const handed = { ...T, townshipTargets: { t1: { 5: 1, 4: 3, 3: 6, 2: 8 } } }
    expect(townshipTargetsOf(handed, 't1', townships)).toEqual({
      targets: { 5: 1, 4: 3, 3: 6, 2: 8 },
      note: '县里下达给本乡镇的目标',
    })
    expect(townshipTargetsOf(handed, 't2', townships).note).toContain('按本乡镇村数')
    expect(townshipTargetsOf(T, 't9', []).targets).toEqual({ 5: 0, 4: 0, 3: 0, 2: 0 })
  })

  it('refuses a township target above the county’s, a duplicated negative-list item, one vetoing nothing', () => {
    const bad: StarTemplate = {
      ...T,
      townshipTargets: { t1: { 5: 8, 4: 3, 3: 6, 2: 8 } },
      negativeList: [
        { key: 'n1', text: '班子成员受到党纪政务处分', vetoes: ['branch'] },
        { key: 'n1', text: '集体资产严重流失', vetoes: [] },
      ],
    }
    expect(templateProblems(bad)).toEqual([
      '乡镇 t1 的5星目标应为 0 到全县目标 7 之间的整数',
      '负面清单编号重复',
      '负面清单「集体资产严重流失」没有指明否决哪颗星',
    ])
  })
})
