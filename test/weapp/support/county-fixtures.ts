/**
 * Data shaped like the real functions' output (common/contracts/stars.ts `dashboard`) at county scale, for the
 * setData measurements. Names and figures vary like a real county's: Chinese township and village names of
 * usual length, a spread of levels, a 12-month trend.
 */
const TOWNSHIP_NAMES = [
  '城关镇',
  '东关镇',
  '西河乡',
  '南岭镇',
  '北山乡',
  '石桥镇',
  '柳林乡',
  '杨庄镇',
  '白马乡',
  '青龙镇',
  '双河镇',
  '高家堡乡',
  '三岔口镇',
  '红旗乡',
  '新集镇',
  '黄土岭乡',
]
const VILLAGE_STEMS = [
  '王家庄',
  '李家洼',
  '张家沟',
  '刘家营',
  '陈家坪',
  '杨树湾',
  '赵家岭',
  '黄泥塘',
  '周家寨',
  '吴家河',
  '孙家台',
  '马家堡',
  '胡家坡',
  '朱家湾',
  '郭家窑',
  '何家店',
]

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
  const stars = ['支部过硬星', '产业兴旺星', '生态宜居星', '平安法治星', '文明幸福星'].map((name, k) => ({
    key: ['branch', 'industry', 'ecology', 'safety', 'civility'][k],
    name,
    earned: Math.floor(villages * (0.4 + k * 0.1)),
    villages,
  }))
  return {
    month,
    year: 2026,
    templateLabel: '2026 年五星支部创建任务（县委组织部）',
    refreshedAt: '2026-11-27T02:00:00.000Z',
    levels: [2, 3, 4, 5].map((level) => ({
      level,
      count: rows.filter((r) => r.level === level).length,
      target: Math.ceil(villages / 5),
      gap: 0,
    })),
    targetsNote: '全县目标',
    unrated: rows.filter((r) => r.level < 2).length,
    stars,
    trend: Array.from({ length: 12 }, (_, m) => ({
      month: `2026-${String(m + 1).padStart(2, '0')}`,
      completion: 0.5 + m / 40,
      requestsClosedInVillage: 300 + m * 11,
      requestsEscalated: 40 + m,
      requestsClosed: 320 + m * 12,
    })),
    requests: { closedInVillage: 420, escalated: 51, closed: 460, received: 503 },
    villages: rows.map((r, i) => ({
      villageId: r.villageId,
      name: r.name,
      townshipId: r.townshipId,
      level: r.level,
      confirmed: i % 3 !== 0,
      assessment: i % 5 === 0 ? '2026-10' : null,
    })),
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
    behindTwoMonths: rows
      .slice(-Math.ceil(villages / 20))
      .map((r) => ({ villageId: r.villageId, name: r.name, townshipId: r.townshipId, townshipName: r.townshipName })),
  }
}

const SUMMARIES = [
  '村东头排水沟堵塞，下雨后积水漫进三户人家的院子，请尽快清理疏通',
  '低保复核材料已交两个月没有消息，老人看病花费大，想问办到哪一步了',
  '邻里宅基地边界有争议，两家为院墙位置吵过几次，希望村里出面调解',
  '村道路灯坏了五盏，晚上学生放学和老人出门不安全，请联系维修',
]
const METRICS = {
  received: 40,
  escalated: 5,
  closed: 36,
  closedInVillage: 31,
  closedLate: 2,
  villageSharePercent: 86,
  medianCloseHours: 30.5,
  rated: 20,
  satisfactionPercent: 95,
  openOverdue: 1,
}

/** requests.countyQueue at its page limit (the page asks for 50): masked names, 40-character summaries. */
export function countyQueue(
  rows: number,
  enums: { categories: readonly string[]; statuses: readonly string[]; levels: readonly string[] },
) {
  return {
    requests: Array.from({ length: rows }, (_, i) => ({
      id: `r${String(i + 1).padStart(6, '0')}-${(i * 104729).toString(36)}`,
      villageId: `v${String(i + 1).padStart(5, '0')}`,
      villageName: `${VILLAGE_STEMS[i % VILLAGE_STEMS.length]}村`,
      residentName: `${'王李张刘陈杨'[i % 6]}*${i % 2 ? '华' : ''}`,
      category: enums.categories[i % enums.categories.length],
      urgency: i % 9 === 0 ? 'emergency' : 'normal',
      summary: SUMMARIES[i % SUMMARIES.length]!.slice(0, 40),
      status: enums.statuses[i % enums.statuses.length],
      level: enums.levels[enums.levels.length - 1],
      raisedAt: new Date(Date.UTC(2026, 10, 1 + (i % 26), 2, i % 60)).toISOString(),
      resolveBy: new Date(Date.UTC(2026, 10, 8 + (i % 20), 2)).toISOString(),
      overdue: i % 5 === 0 ? 'resolve' : null,
    })),
    nextOffset: rows,
  }
}

/** requests.countyFigures: the county total and one line per township (about 18 villages each). */
export function countyFigures(villages: number) {
  const townships = Math.max(1, Math.round(villages / 18))
  return {
    total: METRICS,
    townships: Array.from({ length: townships }, (_, t) => ({
      ...METRICS,
      townshipId: `t${String(t + 1).padStart(3, '0')}`,
      townshipName: `${TOWNSHIP_NAMES[t % TOWNSHIP_NAMES.length]}${t >= TOWNSHIP_NAMES.length ? Math.floor(t / TOWNSHIP_NAMES.length) : ''}`,
    })),
  }
}
