/**
 * 四议两公开 (domain rules §2): the six steps of a village matter, the state machine over them, who may vote at
 * steps 3 and 4 (frozen when the window opens), the advance-notice check, the voting window, and what the
 * township sees (age, stuck, must-go matters that left the method). Pure; no I/O; `now` is always an argument.
 * Quorum and pass rules are in ./quorum.ts.
 */
import { hasVote, type RosterPerson } from './meetings'
import type { MeetingKind } from './quorum'
import type { Settings } from './settings'

export const STEPS = [1, 2, 3, 4, 5, 6] as const
export type Step = (typeof STEPS)[number]

export const STEP_LABELS: Record<Step, string> = {
  1: '党组织提议',
  2: '两委商议',
  3: '党员大会审议',
  4: '村民（代表）会议决议',
  5: '决议公开',
  6: '实施结果公开',
}

export const VOTING_STEPS: readonly Step[] = [3, 4]
export const PUBLICATION_STEPS: readonly Step[] = [5, 6]

/** Where a matter came from (recorded at step 1). */
export const ORIGINS = ['members_residents', 'cadres', 'township'] as const
export type Origin = (typeof ORIGINS)[number]
export const ORIGIN_LABELS: Record<Origin, string> = {
  members_residents: '党员群众建议',
  cadres: '村干部提出',
  township: '乡镇（街道）安排',
}

/**
 * Categories. `art24`: 村民委员会组织法 art. 24 (must be decided by villagers). `local`: the county's list of
 * matters that must go through the method (an editable template in Xinye's spirit: 十必提、十必议 — not official
 * text). `other`: may go through it.
 */
export const CATEGORIES = {
  cadre_allowance: { label: '村干部误工补贴', source: 'art24' },
  collective_income: { label: '集体经济收益使用', source: 'art24' },
  public_works: { label: '兴办公益事业（筹资筹劳）', source: 'art24' },
  land_contracting: { label: '土地承包经营方案', source: 'art24' },
  collective_project: { label: '集体经济项目立项、承包', source: 'art24' },
  homestead: { label: '宅基地使用方案', source: 'art24' },
  land_compensation: { label: '征地补偿费使用分配', source: 'art24' },
  collective_property: { label: '集体财产处置（出租、出让）', source: 'art24' },
  subsistence_allowance: { label: '低保、特困等救助对象评议', source: 'local' },
  disaster_relief: { label: '救灾救济款物分配', source: 'local' },
  collective_borrowing: { label: '集体举债、担保', source: 'local' },
  star_plan: { label: '五星支部创建规划', source: 'local' },
  infrastructure: { label: '基础设施建设项目', source: 'local' },
  other: { label: '其他事项', source: 'other' },
} as const satisfies Record<string, { label: string; source: 'art24' | 'local' | 'other' }>
export type Category = keyof typeof CATEGORIES
export const CATEGORY_KEYS = Object.keys(CATEGORIES) as Category[]
export const mustGoThroughMethod = (c: Category) => CATEGORIES[c].source !== 'other'

/**
 * Where a matter stands. `working`: at `step`, waiting for its outcome; `voting`: step 3 or 4 with an open window;
 * `completed`: step 6 published; `rejected`: ended at `step`; `returned`: sent back at `step` for revision (it
 * may be re-proposed at step 1); `withdrawn`: dropped by the branch before completion.
 */
export type MatterStatus = 'working' | 'voting' | 'completed' | 'rejected' | 'returned' | 'withdrawn'
export const STATUS_LABELS: Record<MatterStatus, string> = {
  working: '进行中',
  voting: '表决中',
  completed: '已完成',
  rejected: '未通过（已终止）',
  returned: '退回修改',
  withdrawn: '已撤回',
}

export interface MatterState {
  step: Step
  status: MatterStatus
}

/** What can happen to a matter. Meeting steps (1, 2) are decided by a recorded meeting; 3, 4 by a vote. */
export type MatterEvent =
  | { type: 'decide'; step: Step; outcome: 'passed' | 'rejected' | 'returned' }
  | { type: 'open_voting'; step: Step }
  | { type: 'close_voting'; step: Step; outcome: 'passed' | 'rejected' | 'returned' }
  | { type: 'publish'; step: Step }
  | { type: 'repropose' }
  | { type: 'withdraw' }

export type TransitionResult = { ok: true; state: MatterState } | { ok: false; reason: string }

const refuse = (reason: string): TransitionResult => ({ ok: false, reason })

/** The state machine: steps in order, never skipped, never reordered. */
export function transition(state: MatterState, event: MatterEvent): TransitionResult {
  const { step, status } = state
  const ended = status === 'completed' || status === 'rejected' || status === 'withdrawn'
  if (ended) return refuse(`议题${STATUS_LABELS[status]}，不能再办理`)
  if (event.type === 'repropose') {
    if (status !== 'returned') return refuse('只有退回修改的议题才能重新提议')
    return { ok: true, state: { step: 1, status: 'working' } }
  }
  if (status === 'returned') return refuse('议题已退回修改，请修改后重新提议')
  if (event.type === 'withdraw') {
    if (status === 'voting') return refuse('表决进行中，不能撤回')
    return { ok: true, state: { step, status: 'withdrawn' } }
  }
  if (event.step !== step) {
    return refuse(
      event.step > step
        ? `须先完成第${step}步「${STEP_LABELS[step]}」，不能跳到第${event.step}步`
        : `第${event.step}步已完成，不能回头重做`,
    )
  }
  const next = (s: Step): MatterState =>
    s === 6 ? { step: 6, status: 'completed' } : { step: (s + 1) as Step, status: 'working' }
  switch (event.type) {
    case 'decide':
      if (step > 2)
        return refuse(
          `第${step}步「${STEP_LABELS[step]}」${VOTING_STEPS.includes(step) ? '须通过表决决定' : '须通过公开完成'}`,
        )
      if (event.outcome === 'passed') return { ok: true, state: next(step) }
      return { ok: true, state: { step, status: event.outcome } }
    case 'open_voting':
      if (!VOTING_STEPS.includes(step)) return refuse(`第${step}步不是表决环节`)
      if (status === 'voting') return refuse('表决已经开始')
      return { ok: true, state: { step, status: 'voting' } }
    case 'close_voting':
      if (status !== 'voting') return refuse('没有正在进行的表决')
      if (event.outcome === 'passed') return { ok: true, state: next(step) }
      return { ok: true, state: { step, status: event.outcome } }
    case 'publish':
      if (!PUBLICATION_STEPS.includes(step)) return refuse(`第${step}步不是公开环节`)
      return { ok: true, state: next(step) }
  }
}

// ---- voting roster ----

export type Step4Kind = Extract<MeetingKind, 'representatives' | 'villagers'>
export const STEP4_KINDS: readonly Step4Kind[] = ['representatives', 'villagers']

/** Roles held by cadres sent from outside the village: never on a village vote's roster. */
const OUTSIDERS = ['first_secretary', 'resident_cadre']

export interface RosterEntry extends RosterPerson {
  householdId?: string | null
}

/**
 * Who may vote, frozen when the window opens:
 * - step 3: Party members with a vote here (full members; 预备党员 and 流动党员 from elsewhere excluded);
 * - step 4 村民代表会议: villager representatives and village committee members (its composition, art. 25);
 * - step 4 村民会议: every villager on the roster (adults), cadres sent from outside excluded.
 */
export function votingRoster(step: 3 | 4, kind: Step4Kind | null, roster: readonly RosterEntry[]): RosterEntry[] {
  let chosen: RosterEntry[]
  if (step === 3) chosen = roster.filter(hasVote)
  else if (kind === 'representatives')
    chosen = roster.filter(
      (p) => p.roles.includes('villager_representative') || p.roles.includes('village_committee_member'),
    )
  else chosen = roster.filter((p) => p.roles.some((r) => !OUTSIDERS.includes(r)))
  return [...chosen].sort((a, b) => a.id.localeCompare(b.id))
}

export const meetingKindOf = (step: 3 | 4, kind: Step4Kind | null): MeetingKind =>
  step === 3 ? 'party_assembly' : (kind ?? 'representatives')

// ---- advance notice ----

export const DAY_MS = 86_400_000

/** Days of notice a vote needs: step 3 the local setting (default 3), a 村民会议 the statutory 10, else none. */
export function noticeDaysRequired(
  step: 3 | 4,
  kind: Step4Kind | null,
  s: Pick<Settings, 'deliberationNoticeDays' | 'villagersMeetingNoticeDays'>,
): number {
  if (step === 3) return s.deliberationNoticeDays
  if (kind === 'villagers') return Math.max(10, s.villagersMeetingNoticeDays)
  return 0
}

/** Whether voting may open at `now` given when the proposal was sent; else the reason, in plain words. */
export function checkNotice(
  noticeAt: Date | null | undefined,
  days: number,
  now: Date,
): { ok: true } | { ok: false; reason: string; earliest?: Date } {
  if (days <= 0) return { ok: true }
  if (!noticeAt) return { ok: false, reason: `须提前${days}天把议题送达参加表决的人，请先“送达议题”` }
  const earliest = new Date(noticeAt.getTime() + days * DAY_MS)
  if (now.getTime() < earliest.getTime())
    return { ok: false, reason: `议题须提前${days}天送达，现在还不能开始表决`, earliest }
  return { ok: true }
}

// ---- the voting window ----

export const VOTE_CHOICES = ['agree', 'disagree', 'abstain'] as const
export type VoteChoice = (typeof VOTE_CHOICES)[number]
export const VOTE_CHOICE_LABELS: Record<VoteChoice, string> = { agree: '同意', disagree: '不同意', abstain: '弃权' }
export type VoteChannel = 'online' | 'in_person'
export const VOTE_CHANNEL_LABELS: Record<VoteChannel, string> = { online: '线上', in_person: '现场' }

/** Shortest and longest voting window. */
export const MIN_WINDOW_MS = 60_000
export const MAX_WINDOW_MS = 30 * DAY_MS

export type WindowPhase = 'open' | 'closed'
/** A window is open from its opening until `closesAt` (exclusive), unless it was closed; after that nothing counts. */
export function windowPhase(w: { openedAt: Date; closesAt: Date; closedAt?: Date | null }, now: Date): WindowPhase {
  if (w.closedAt) return 'closed'
  const t = now.getTime()
  return t >= w.openedAt.getTime() && t < w.closesAt.getTime() ? 'open' : 'closed'
}

/** When the "closing soon" reminder goes to those who have not voted: 24 h before the close, or halfway for short windows. */
export function reminderAt(openedAt: Date, closesAt: Date): Date {
  const length = closesAt.getTime() - openedAt.getTime()
  return new Date(closesAt.getTime() - Math.min(DAY_MS, Math.floor(length / 2)))
}

/** One person, one vote: the vote document's id for a (window, person), the same online and in person. */
export const voteId = (windowId: string, personId: string) => `${windowId}__${personId}`

// ---- supervision ----

export interface MatterSummary {
  step: Step
  status: MatterStatus
  category: Category
  stepSince: Date
  createdAt: Date
  /** Steps the matter actually passed (from its history). */
  passedSteps: readonly Step[]
}

export const ageDays = (since: Date, now: Date) => Math.max(0, Math.floor((now.getTime() - since.getTime()) / DAY_MS))

/** Stuck: still open and at the same step for longer than `stuckDays`. */
export function isStuck(m: Pick<MatterSummary, 'status' | 'stepSince'>, now: Date, stuckDays: number): boolean {
  if (m.status !== 'working' && m.status !== 'voting' && m.status !== 'returned') return false
  return ageDays(m.stepSince, now) > stuckDays
}

/**
 * A matter that must go through the method but left it before the villagers decided (withdrawn before step 4
 * passed), or is marked completed without having passed every step: the township should look at it.
 */
export function leftTheMethod(m: Pick<MatterSummary, 'status' | 'category' | 'passedSteps'>): boolean {
  if (!mustGoThroughMethod(m.category)) return false
  const passed = new Set(m.passedSteps)
  if (m.status === 'withdrawn') return !passed.has(4)
  if (m.status === 'completed') return STEPS.some((s) => !passed.has(s))
  return false
}
