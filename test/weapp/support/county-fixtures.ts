/**
 * Data shaped like the real functions' output (common/contracts/stars.ts `dashboard`) at county scale, for the
 * setData measurements. Names and figures vary like a real county's: Chinese township and village names of
 * usual length, a spread of levels, a 12-month trend.
 */
const TOWNSHIP_NAMES = ['城关镇', '东关镇', '西河乡', '南岭镇', '北山乡', '石桥镇', '柳林乡', '杨庄镇', '白马乡', '青龙镇', '双河镇', '高家堡乡', '三岔口镇', '红旗乡', '新集镇', '黄土岭乡']
const VILLAGE_STEMS = ['王家庄', '李家洼', '张家沟', '刘家营', '陈家坪', '杨树湾', '赵家岭', '黄泥塘', '周家寨', '吴家河', '孙家台', '马家堡', '胡家坡', '朱家湾', '郭家窑', '何家店']

export interface DashboardFixture {
  [key: string]: unknown
}

export function countyDashboard(villages: number, month = '2026-11'): DashboardFixture {
  const townships = Math.max(1, Math.round(villages / 18))
  const rows = Array.from({ length: villages }, (_, i) => {
    const t = i % townships
    const level = [0, 0, 2, 3, 3, 4, 5][i % 7]!
    return {
      villageId: `v${String(i + 1).padStart(5, '0')}-${(i * 7919).toString(36)}`,
      name: `${VILLAGE_STEMS[i % VILLAGE_STEMS.length]}${i >= VILLAGE_STEMS.length ? Math.floor(i / VILLAGE_STEMS.length) : ''}村`,
      townshipId: `t${String(t + 1).padStart(3, '0')}`,
      townshipName: `${TOWNSHIP_NAMES[t % TOWNSHIP_NAMES.length]}${t >= TOWNSHIP_NAMES.length ? Math.floor(t / TOWNSHIP_NAMES.length) : ''}`,
      level,
    }
  })
  const stars = ['支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星'].map((name, k) => ({ key: ['branch', 'industry', 'ecology', 'safety', 'civility'][k], name, earned: Math.floor(villages * (0.4 + k * 0.1)), villages }))
  return {
    month,
    year: 2026,
    templateLabel: '2026 年五星支部创建任务（县委组织部）',
    refreshedAt: '2026-11-27T02:00:00.000Z',
    levels: [2, 3, 4, 5].map((level) => ({ level, count: rows.filter((r) => r.level === level).length, target: Math.ceil(villages / 5), gap: 0 })),
    unrated: rows.filter((r) => r.level < 2).length,
    stars,
    trend: Array.from({ length: 12 }, (_, m) => ({ month: `2026-${String(m + 1).padStart(2, '0')}`, completion: 0.5 + m / 40, requestsClosedInVillage: 300 + m * 11, requestsEscalated: 40 + m, requestsClosed: 320 + m * 12 })),
    requests: { closedInVillage: 420, escalated: 51, closed: 460, received: 503 },
    villages: rows.map((r, i) => ({ villageId: r.villageId, name: r.name, townshipId: r.townshipId, level: r.level, confirmed: i % 3 !== 0, assessment: i % 5 === 0 ? '2026-10' : null })),
    comparison: rows.map((r, i) => ({
      villageId: r.villageId,
      name: r.name,
      townshipName: r.townshipName,
      rank: i + 1,
      tasksMet: 18 - (i % 9),
      taskCount: 24,
      completion: (18 - (i % 9)) / 24,
      requestsClosed: 10 + (i % 13),
      requestsReceived: 12 + (i % 17),
      closeRate: 0.83,
      requestsClosedInVillage: 9 + (i % 11),
      meetingsHeld: 3 + (i % 5),
      mattersCompleted: i % 4,
      level: r.level,
      behind: i >= villages - Math.ceil(villages / 10),
    })),
    behindTwoMonths: rows.slice(-Math.ceil(villages / 20)).map((r) => ({ villageId: r.villageId, name: r.name, townshipId: r.townshipId, townshipName: r.townshipName })),
  }
}
