/** The sweep's rules (test/e2e/sweep.e2e.ts) apart from a browser: thresholds, text patterns, the page → role map. */
import {
  checkMeasurement,
  checkTargets,
  checkTexts,
  forbiddenAnswer,
  formatTable,
  THRESHOLDS,
  unreachable,
} from '../e2e/support/sweep/checks'
import { routeOf } from '../e2e/support/sweep/crawl'
import { expectedPages, mayCall, scanCalls, scanPages } from '../e2e/support/sweep/expected-pages'

const kinds = (texts: string[], opts = { bound: true }) =>
  checkTexts(
    texts.map((text) => ({ text, fontPx: 16 })),
    'normal',
    opts,
  ).map((p) => p.kind)

describe('sweep thresholds', () => {
  it('are 12/44 px in normal and 17/48 px in large text', () => {
    expect(THRESHOLDS).toEqual({
      normal: { minFontPx: 12, minTargetPx: 44 },
      large: { minFontPx: 17, minTargetPx: 48 },
    })
  })

  it('fail text just under the size of the mode and pass it at the size', () => {
    const at = (fontPx: number, mode: 'normal' | 'large') =>
      checkTexts([{ text: '值班', fontPx }], mode, { bound: true })
    expect(at(11.9, 'normal')).toHaveLength(1)
    expect(at(12, 'normal')).toEqual([])
    expect(at(16.9, 'large')).toHaveLength(1)
    expect(at(17, 'large')).toEqual([])
    expect(at(7.28, 'normal')[0]!.detail).toContain('7.28px < 12px')
  })

  it('fail a tap target under the size in either direction', () => {
    expect(checkTargets([{ label: '同意', width: 320, height: 43 }], 'normal')).toHaveLength(1)
    expect(checkTargets([{ label: '同意', width: 30, height: 60 }], 'normal')).toHaveLength(1)
    expect(checkTargets([{ label: '同意', width: 44, height: 44 }], 'normal')).toEqual([])
    expect(checkTargets([{ label: '同意', width: 47, height: 200 }], 'large')).toHaveLength(1)
    expect(checkTargets([{ label: '隐藏', width: 0, height: 0 }], 'large')).toEqual([])
  })

  it('fail a page wider than the screen', () => {
    const m = { texts: [], targets: [], viewportWidth: 390 }
    expect(checkMeasurement({ ...m, scrollWidth: 391 }, 'normal', { bound: true })).toEqual([])
    expect(checkMeasurement({ ...m, scrollWidth: 392 }, 'normal', { bound: true })[0]!.kind).toBe('overflow')
  })
})

describe('machine text', () => {
  it.each([
    '2026-12-08T06:15:20.688Z',
    '2026-Q4',
    'Q1 会议',
    'rq-vZ0OdEWJaGDs',
    'mt-0a1B2c3D4e5F',
    '编号 v025',
    'demo-v025-resident',
    'p000123',
    'v025-h0012',
    '「name」数值过小：期望 string >=1 字符',
    'undefined',
    '共 NaN 人',
    'null',
    'Expected number, received string',
  ])('「%s」 fails', (text) => {
    expect(kinds([text])).toContain('machine-text')
  })

  it.each([
    '12月24日（周四）',
    '第四季度',
    '值班电话 0377-66012345',
    '彩礼不超过 ¥20,000',
    '2026-12 值班汇总',
    '第 1/6 页（共 262 个村）',
    '1. 城郊乡 邱铺村 · 4 星',
    '服务已连接 · 北京时间 2026-12-07 16:55',
    'Excel',
  ])('「%s」 passes', (text) => {
    expect(kinds([text])).toEqual([])
  })

  it('fails a kind said twice and a deadline at midnight, not the words said once', () => {
    const kinds = (text: string) => checkTexts([{ text, fontPx: 16 }], 'normal', { bound: true }).map((p) => p.detail)
    expect(kinds('主题党日：主题党日：十二月')).toHaveLength(1)
    expect(kinds('主题党日：十二月学习')).toHaveLength(0)
    expect(kinds('最晚 12月25日 00:00 前答复')).toHaveLength(1)
    expect(kinds('12月24日（周四）内答复 · 签到 08:00 前')).toHaveLength(0)
  })

  it('"请先…选择村" fails for a bound person only', () => {
    expect(kinds(['请先在“我的”里选择村'])).toEqual(['choose-village'])
    expect(kinds(['请先选择村'], { bound: false })).toEqual([])
  })
})

describe('FORBIDDEN answers', () => {
  it('are problems; other answers are not', () => {
    const forbidden = { ok: false, error: { code: 'FORBIDDEN', message: '您没有权限进行此操作' } }
    expect(forbiddenAnswer('council.review', forbidden, 'tap 「同意」')!.detail).toBe(
      'council.review answered FORBIDDEN (您没有权限进行此操作) after tap 「同意」',
    )
    expect(forbiddenAnswer('council.review', { ok: false, error: { code: 'NOT_FOUND' } }, 'x')).toBeNull()
    expect(forbiddenAnswer('council.review', { ok: true, data: {} }, 'x')).toBeNull()
  })
})

describe('pages a role is meant to use', () => {
  it('reads the actions a page loads and submits, literal names only', () => {
    const source = `
      const list = useCall('council', 'listFilings', { villageId })
      const r = await callFunction('duty', checkingOut ? 'checkOut' : 'checkIn', data)
      const who = useCall('system', 'whoami', {})
    `
    expect(scanCalls(source)).toEqual({ loads: ['council.listFilings'], taps: ['duty.checkIn', 'duty.checkOut'] })
  })

  it('derives the list from the contracts: a resident is not meant for the township pages, an organiser is', () => {
    const pages = scanPages()
    expect(pages.map((p) => p.route)).toContain('packages/grid/pages/index/index')
    expect(pages.map((p) => p.route)).not.toContain('packages/demo/pages/login/index')
    const resident = expectedPages(pages, ['resident', 'household_head'])
    const township = expectedPages(pages, ['township_organiser'])
    expect(resident).toContain('pages/services/index') // calls nothing: for everyone
    expect(resident).not.toContain('packages/grid/pages/upper/index')
    expect(township).toContain('packages/grid/pages/upper/index')
    expect(mayCall('requests.townshipQueue', ['resident'])).toBe(false)
    expect(mayCall('requests.townshipQueue', ['township_organiser'])).toBe(true)
    // Every page a visitor without a binding may use is also one for a resident.
    for (const p of expectedPages(pages, [])) expect(resident).toContain(p)
  })

  it('decides a form by what it submits and its own loads, not by lookups or what its whole area shows', () => {
    const pages = scanPages()
    const county = expectedPages(pages, ['county_organiser'])
    const gridLeader = expectedPages(pages, ['party_member', 'grid_leader'])
    // 红白理事会's standards are on every council page; the filing form is for households that may file.
    expect(county).not.toContain('packages/council/pages/file/index')
    expect(expectedPages(pages, ['resident'])).toContain('packages/council/pages/file/index')
    expect(county).toContain('packages/council/pages/review/index')
    // The meeting form looks people up in the roster; it is for those who may call a meeting.
    expect(gridLeader).not.toContain('packages/meetings/pages/call/index')
    expect(expectedPages(pages, ['branch_secretary'])).toContain('packages/meetings/pages/call/index')
    // The roster import: keepers import their village's rosters, organisers the rosters a new village sends in.
    expect(county).toContain('packages/roster/pages/import/index')
    expect(expectedPages(pages, ['party_member'])).not.toContain('packages/roster/pages/import/index')
    expect(expectedPages(pages, ['branch_secretary'])).toContain('packages/roster/pages/import/index')
    // 换班 looks up the week and the cadres; it is for the cadres who request and the planners who decide.
    expect(county).not.toContain('packages/duty/pages/swap/index')
    expect(expectedPages(pages, ['township_organiser'])).not.toContain('packages/duty/pages/swap/index')
    expect(expectedPages(pages, ['village_committee_member'])).toContain('packages/duty/pages/swap/index')
  })

  it('expects a household and its visit form for a Party member only when households are linked to them', () => {
    const pages = scanPages()
    const household = 'packages/grid/pages/household/index'
    const visit = 'packages/grid/pages/visit/index'
    const away = expectedPages(pages, ['party_member'], { linkedHouseholds: 0 })
    const linked = expectedPages(pages, ['party_member'], { linkedHouseholds: 3 })
    expect(away).not.toContain(household)
    expect(away).not.toContain(visit)
    expect(linked).toEqual(expect.arrayContaining([household, visit]))
    // Cadres reach every household of the village, linked or not.
    expect(expectedPages(pages, ['first_secretary'], { linkedHouseholds: 0 })).toEqual(
      expect.arrayContaining([household, visit]),
    )
    expect(mayCall('grid.recordVisit', ['party_member'], { linkedHouseholds: 0 })).toBe(false)
    expect(mayCall('grid.recordVisit', ['party_member'])).toBe(true) // what the contract alone says
  })

  it('reports the pages not reached and prints one line per role', () => {
    const result = {
      role: 'resident',
      person: '彭磊贵',
      reached: ['pages/index/index'],
      expected: ['pages/index/index', 'pages/me/index'],
      checks: 10,
      problems: [],
    }
    expect(unreachable(result)).toEqual(['pages/me/index'])
    expect(formatTable([result])).toContain('resident | 彭磊贵 | 1 | 1 of 2 | 10 | 0')
    const withProblems = {
      ...result,
      problems: [1, 2, 3, 4].map((n) => ({
        page: 'p',
        mode: 'normal' as const,
        problem: { kind: 'small-text' as const, detail: `d${n}` },
      })),
    }
    expect(formatTable([withProblems])).toContain('  p [normal] small-text ×4: d1; d2; d3; … 1 more')
  })

  it('knows a page by its route, whatever its query', () => {
    expect(routeOf('http://h/#/packages/grid/pages/request/index?villageId=v025&requestId=rq-1')).toBe(
      'packages/grid/pages/request/index',
    )
    expect(routeOf('http://h/')).toBe('pages/index/index')
  })
})
