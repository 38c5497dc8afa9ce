/** The feature areas reachable from 办事, each a subpackage so the main package stays small. */
export interface FeatureArea {
  key: 'duty' | 'meetings' | 'deliberation' | 'grid' | 'council' | 'stars'
  title: string
  description: string
  path: string
  /** The subpackage's pages, relative to packages/<key>/ (the first is the area's home). */
  pages: readonly string[]
}

export const FEATURE_AREAS: readonly FeatureArea[] = [
  {
    key: 'duty',
    title: '值班坐班',
    description: '谁在村党群服务中心值班，值班服务日志',
    path: '/packages/duty/pages/index/index',
    pages: [
      'pages/index/index',
      'pages/checkin/index',
      'pages/log/index',
      'pages/roster/index',
      'pages/centre/index',
      'pages/township/index',
      'pages/exceptions/index',
      'pages/swap/index',
      'pages/screens/index',
    ],
  },
  {
    key: 'meetings',
    title: '三会一课',
    description: '支部会议与党课：通知、签到、请假、记录',
    path: '/packages/meetings/pages/index/index',
    pages: ['pages/index/index', 'pages/detail/index', 'pages/call/index', 'pages/township/index'],
  },
  {
    key: 'deliberation',
    title: '四议两公开',
    description: '村级重大事项六步决策，线上线下同步表决',
    path: '/packages/deliberation/pages/index/index',
    pages: ['pages/index/index', 'pages/matter/index', 'pages/new/index'],
  },
  {
    key: 'grid',
    title: '党员联户',
    description: '网格联户、走访记录、群众诉求办理',
    path: '/packages/grid/pages/index/index',
    pages: [
      'pages/index/index',
      'pages/visit/index',
      'pages/raise/index',
      'pages/request/index',
      'pages/queue/index',
      'pages/upper/index',
      'pages/linkage/index',
      'pages/household/index',
      'pages/findings/index',
    ],
  },
  {
    key: 'council',
    title: '红白理事会',
    description: '婚丧事宜报备、标准核对与节约台账',
    path: '/packages/council/pages/index/index',
    pages: [
      'pages/index/index',
      'pages/file/index',
      'pages/review/index',
      'pages/ledger/index',
      'pages/summary/index',
      'pages/manage/index',
    ],
  },
  {
    key: 'stars',
    title: '五星支部',
    description: '创建任务、月度比对、供需清单',
    path: '/packages/stars/pages/index/index',
    pages: [
      'pages/index/index',
      'pages/evidence/index',
      'pages/county/index',
      'pages/township/index',
      'pages/supply/index',
      'pages/template/index',
    ],
  },
]
