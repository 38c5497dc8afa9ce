import type { Role } from '@common/roles'
import { FEATURE_AREAS, type FeatureArea } from '@/features'
import { mayCall, type ActionKey } from '@/state/access'

/** One card of 首页: what a person needs today, in plain words, leading to the feature area that has it. */
export interface HomeCard {
  key: string
  title: string
  /** What the card is for, shown until the area reports something more specific. */
  hint: string
  area: FeatureArea['key']
  path: string
}

export interface HomeViewer {
  bound: boolean
  level?: 'village' | 'township' | 'county'
  /** The village, township or county of the membership in view (a township's dashboard needs its id). */
  unitId?: string
  roles: readonly Role[]
}

const pathOf = (key: FeatureArea['key']) => FEATURE_AREAS.find((a) => a.key === key)!.path

function card(key: string, area: FeatureArea['key'], title: string, hint: string, path = pathOf(area)): HomeCard {
  return { key, title, hint, area, path }
}

/** 五星支部 for a township or county organiser: their dashboard (the township's needs its id). */
function starsDashboardPath(viewer: HomeViewer): string {
  if (viewer.level === 'county') return '/packages/stars/pages/county/index'
  return viewer.unitId
    ? `/packages/stars/pages/township/index?townshipId=${encodeURIComponent(viewer.unitId)}`
    : pathOf('stars')
}

/**
 * The cards for a person, in the order they matter. Residents and unbound users see the village's public side;
 * Party members their Party life; cadres the work waiting for them; township and county their villages.
 */
export function homeCardsFor(viewer: HomeViewer): HomeCard[] {
  const has = (roles: readonly Role[]) => viewer.roles.some((r) => roles.includes(r))
  // A card is shown when the person's roles may call the action behind it (the server checks the same contract).
  const may = (action: ActionKey) =>
    mayCall(action, [{ villageId: 'here', roles: viewer.roles }], { villageId: 'here' })
  if (viewer.level === 'township' || viewer.level === 'county') {
    const township =
      viewer.level === 'township' && viewer.unitId ? `?townshipId=${encodeURIComponent(viewer.unitId)}` : ''
    return [
      card('stars', 'stars', '各村五星支部创建', '本月各村任务完成情况', starsDashboardPath(viewer)),
      card(
        'requests-escalated',
        'grid',
        '上报的群众诉求',
        '村里报上来、需要乡镇（县）办理的事项',
        `/packages/grid/pages/upper/index${township}`,
      ),
      card('deliberation', 'deliberation', '各村四议两公开', '各村议题进度和公开情况'),
      card(
        'meetings',
        'meetings',
        '三会一课落实',
        '各支部本季度会议开展情况',
        `/packages/meetings/pages/township/index${township}`,
      ),
      card(
        'duty',
        'duty',
        '各村值班情况',
        '本月各村党群服务中心有人值班的天数',
        `/packages/duty/pages/township/index${township}`,
      ),
      card(
        'council',
        'council',
        '各村红白事报备',
        '婚丧事宜报备、标准执行和节约情况',
        '/packages/council/pages/summary/index' + township,
      ),
    ]
  }
  const cards: HomeCard[] = [card('duty-today', 'duty', '今天谁值班', '村党群服务中心今天的值班干部和电话')]
  if (may('duty.checkIn'))
    cards.push(card('duty-check-in', 'duty', '值班打卡与日志', '到岗打卡，记录来访群众和办理的事'))
  if (may('duty.exceptions'))
    cards.push(
      card(
        'duty-exceptions',
        'duty',
        '例外签到与迟到早退',
        '本月谁缺了定位或动态码、为什么，谁迟到早退',
        '/packages/duty/pages/exceptions/index',
      ),
    )
  if (may('requests.villageQueue')) {
    cards.push(card('requests-waiting', 'grid', '待办的群众诉求', '群众反映的事，按期限办理、答复'))
  }
  if (may('meetings.myMeetings'))
    cards.push(card('meetings-coming', 'meetings', '近期会议与党课', '会议通知、请假、签到，在外也能参加'))
  if (may('deliberation.myBallots'))
    cards.push(card('votes-open', 'deliberation', '正在表决的议题', '四议两公开：线上发表意见、表决'))
  if (may('grid.myHouseholds')) cards.push(card('visits-due', 'grid', '该走访的户', '联系的农户，本月还没走访的'))
  if (may('council.file')) cards.push(card('council', 'council', '红白事报备', '婚丧事宜报备与理事会审核'))
  if (!viewer.bound || has(['resident', 'household_head'])) {
    cards.push(card('my-request', 'grid', '我有事要反映', '通过网格员向村里反映问题，看办理进度'))
    cards.push(card('notices', 'deliberation', '村务公开', '村里的决议和实施结果'))
  }
  return cards
}

/** What system.summary answers: counts per card for the caller in their village. */
export interface HomeSummary {
  requestsOpen?: number
  ballotsToVote: number
  unreadNotices: number
}

/** The badge each card shows, from one summary call: nothing when there is nothing waiting. */
export function cardBadges(summary: HomeSummary | undefined): Partial<Record<string, string>> {
  if (!summary) return {}
  const badges: Partial<Record<string, string>> = {}
  if (summary.requestsOpen) badges['requests-waiting'] = `待办 ${summary.requestsOpen} 件`
  if (summary.ballotsToVote) badges['votes-open'] = `${summary.ballotsToVote} 个议题待表决`
  return badges
}

/** 消息's count as a badge: "3 条未读", at most "99+ 条未读". */
export function unreadBadge(unread: number | undefined): string | undefined {
  if (!unread) return undefined
  return `${unread > 99 ? '99+' : unread} 条未读`
}
