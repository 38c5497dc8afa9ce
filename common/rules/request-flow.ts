/**
 * The life of a resident's request (群众诉求, domain rules §6), pure:
 *
 *   received → accepted (verified) → in_progress → replied (answer to the resident) → rated → closed
 *
 * with escalation 村报告、乡处理、县办结: while not yet replied, the holder at the village may report it to the
 * township, and the township may hand it to a county department; each hop puts the request back to `received` at
 * the next level, which then verifies, handles and replies. Only the holder acts on it; only the resident who
 * raised it (or whose household it concerns) rates it, also after 办结 (it stays closed). Closing needs a reply: a
 * request can never be closed without an answer to the resident. When 办结 and 评价 are offered in time (the
 * resident sees the reply first; the rating window) is request-rating.ts.
 */

export const REQUEST_STATUSES = ['received', 'accepted', 'in_progress', 'replied', 'rated', 'closed'] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  received: '已受理待核实',
  accepted: '已核实',
  in_progress: '办理中',
  replied: '已答复',
  rated: '已评价',
  closed: '已办结',
}

export const HANDLING_LEVELS = ['village', 'township', 'county'] as const
export type HandlingLevel = (typeof HANDLING_LEVELS)[number]
export const HANDLING_LEVEL_LABELS: Record<HandlingLevel, string> = { village: '村', township: '乡镇', county: '县' }

export const REQUEST_ACTIONS = ['accept', 'start', 'reply', 'escalate', 'rate', 'close'] as const
export type RequestAction = (typeof REQUEST_ACTIONS)[number]
export const REQUEST_ACTION_LABELS: Record<RequestAction | 'raise', string> = {
  raise: '提出诉求',
  accept: '核实受理',
  start: '开始办理',
  reply: '答复群众',
  escalate: '上报',
  rate: '群众评价',
  close: '办结',
}

/** Who acts: the resident the request belongs to, or a handler at one level. */
export type RequestActor = 'resident' | HandlingLevel

export const RATINGS = ['satisfied', 'basically', 'unsatisfied'] as const
export type Rating = (typeof RATINGS)[number]
export const RATING_LABELS: Record<Rating, string> = { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' }

export interface RequestState {
  status: RequestStatus
  level: HandlingLevel
}

export type TransitionResult = { ok: true; next: RequestState } | { ok: false; message: string }

const FROM: Record<RequestAction, readonly RequestStatus[]> = {
  accept: ['received'],
  start: ['accepted'],
  reply: ['accepted', 'in_progress'],
  escalate: ['received', 'accepted', 'in_progress'],
  // A closed request may still be rated within the rating window (request-rating.ts decides the window).
  rate: ['replied', 'closed'],
  close: ['replied', 'rated'],
}

const TO: Record<Exclude<RequestAction, 'escalate'>, RequestStatus> = {
  accept: 'accepted',
  start: 'in_progress',
  reply: 'replied',
  rate: 'rated',
  close: 'closed',
}

export function nextLevel(level: HandlingLevel): HandlingLevel | null {
  return level === 'village' ? 'township' : level === 'township' ? 'county' : null
}

/** Whether `actor` may do `action` on a request in `state`, and the state after it. */
export function transition(state: RequestState, action: RequestAction, actor: RequestActor): TransitionResult {
  if (!(REQUEST_ACTIONS as readonly string[]).includes(action)) return { ok: false, message: '未知的办理操作' }
  if (action === 'rate') {
    if (actor !== 'resident') return { ok: false, message: '只有提出诉求的群众本人可以评价' }
  } else {
    if (actor === 'resident') return { ok: false, message: '群众本人只能评价答复' }
    if (actor !== state.level) {
      return {
        ok: false,
        message: `这件诉求现在由${HANDLING_LEVEL_LABELS[state.level]}级办理，${HANDLING_LEVEL_LABELS[actor]}级不能${REQUEST_ACTION_LABELS[action]}`,
      }
    }
  }
  if (!FROM[action].includes(state.status)) {
    if (action === 'close') return { ok: false, message: '须先答复群众，才能办结' }
    return { ok: false, message: `诉求${REQUEST_STATUS_LABELS[state.status]}，不能${REQUEST_ACTION_LABELS[action]}` }
  }
  if (action === 'escalate') {
    const up = nextLevel(state.level)
    if (!up) return { ok: false, message: '县级是最后一级，须在县里办结' }
    return { ok: true, next: { status: 'received', level: up } }
  }
  if (action === 'rate' && state.status === 'closed') return { ok: true, next: state }
  return { ok: true, next: { status: TO[action], level: state.level } }
}

/** The actions `actor` may take now, for showing buttons. */
export function allowedActions(state: RequestState, actor: RequestActor): RequestAction[] {
  return REQUEST_ACTIONS.filter((a) => transition(state, a, actor).ok)
}

export const OPEN_STATUSES: readonly RequestStatus[] = ['received', 'accepted', 'in_progress']

/** Whether the request still waits on its holder (not yet answered to the resident). */
export function isOpen(status: RequestStatus): boolean {
  return OPEN_STATUSES.includes(status)
}

export type Overdue = 'verify' | 'resolve' | null

/**
 * Which deadline an open request has missed at `now`: the resolution deadline first (it matters more), else the
 * verification one while it is still unverified. Answered requests are never overdue.
 */
export function overdue(req: RequestState & { verifyBy: Date | string; resolveBy: Date | string }, now: Date): Overdue {
  if (!isOpen(req.status)) return null
  if (now.getTime() >= new Date(req.resolveBy).getTime()) return 'resolve'
  if (req.status === 'received' && now.getTime() >= new Date(req.verifyBy).getTime()) return 'verify'
  return null
}

/** A 1–3 score per rating for averages: 满意 3, 基本满意 2, 不满意 1. */
export const RATING_SCORE: Record<Rating, number> = { satisfied: 3, basically: 2, unsatisfied: 1 }
