/**
 * Quorum and pass rules for every meeting that votes (domain rules §1–§3). Pure; no I/O.
 *
 * API
 * ---
 *   evaluateMeeting(input: MeetingInput, settings?: QuorumSettings): MeetingResult
 *     input.kind          'party_assembly' 支部党员大会 | 'branch_committee' 支委会 |
 *                         'representatives' 村民代表会议 | 'villagers' 村民会议
 *     input.shouldAttend  应到: members with voting rights / committee members / representatives /
 *                         adult villagers (18+) for a 村民会议
 *     input.present       实到 (in person + online); must be ≤ shouldAttend
 *     input.votes         { yes, no, abstain } (optional: without it only the quorum is judged);
 *                         yes + no + abstain must be ≤ present
 *     input.households    村民会议 only: { total, represented } — the household-representative quorum
 *     input.deliberation  party_assembly only: the 四议两公开 step-3 assembly, whose attendance share is the
 *                         local setting `deliberationAttendance` (default 2/3) instead of `assemblyAttendance`
 *   settings: the effective settings of the village (`effectiveSettings` in settings.ts); missing keys fall
 *   back to DEFAULT_SETTINGS and any share below its statutory floor is raised to the floor.
 *
 *   The result carries the whole arithmetic so a villager can check it: should attend, present, yes/no/abstain,
 *   each threshold (share, basis, strict or not, the minimum head count `needed`), met / passed, the outcome
 *   ('no_quorum' | 'passed' | 'rejected' | 'pending' without votes) and Chinese lines explaining it.
 *
 *   minimumCount(total, share) — the smallest head count meeting a share under the same reading as
 *   `meetsShare` (a share of exactly 1/2 means "more than half"; any other share means "at least").
 *
 * Rules
 * -----
 *   支部党员大会  quorum: present > half of members with voting rights (county may raise, e.g. 2/3; for 四议两公开
 *                 step 3 the local `deliberationAttendance`, default 2/3); passes: yes > half of those who SHOULD
 *                 attend (`assemblyPassShare`, statutory floor 1/2).
 *   支委会        quorum: present > half of committee members; passes: yes > half of committee members (Party
 *                 committees count the members who should attend, like the assembly).
 *   村民代表会议  quorum: at least 2/3 of its members (`representativeQuorum`, statutory floor 2/3); passes: yes >
 *                 half of those present (art. 26).
 *   村民会议      quorum: present > half of adult villagers OR at least 2/3 of households represented; passes: yes >
 *                 half of those present (art. 22).
 *   Boundaries: exactly half present is not a quorum; yes = exactly half of the base does not pass.
 */
import {
  DEFAULT_SETTINGS,
  compareFractions,
  formatFraction,
  meetsShare,
  settingDef,
  type Fraction,
  type Settings,
} from './settings'

export type MeetingKind = 'party_assembly' | 'branch_committee' | 'representatives' | 'villagers'

export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  party_assembly: '支部党员大会',
  branch_committee: '支部委员会',
  representatives: '村民代表会议',
  villagers: '村民会议',
}

export interface VoteCounts {
  yes: number
  no: number
  abstain: number
}

export interface MeetingInput {
  kind: MeetingKind
  shouldAttend: number
  present: number
  votes?: VoteCounts
  households?: { total: number; represented: number }
  deliberation?: boolean
}

export type QuorumSettings = Partial<
  Pick<Settings, 'assemblyAttendance' | 'assemblyPassShare' | 'deliberationAttendance' | 'representativeQuorum'>
>

export interface Threshold {
  /** What the share is taken of. */
  basis: 'shouldAttend' | 'present' | 'households'
  basisLabel: string
  /** Size of the basis (e.g. 66 members who should attend). */
  base: number
  share: Fraction
  /** true: more than the share (半数 = more than half); false: at least the share. */
  strict: boolean
  /** Smallest head count that meets it. */
  needed: number
  /** The count compared with it. */
  actual: number
  met: boolean
  text: string
}

export type MeetingOutcome = 'no_quorum' | 'passed' | 'rejected' | 'pending'

export interface MeetingResult {
  kind: MeetingKind
  label: string
  shouldAttend: number
  present: number
  absent: number
  votes: VoteCounts | null
  /** Present but cast no vote (neither yes, no nor abstain). */
  notVoting: number
  /** One or two (村民会议: adults, households) ways to reach a quorum; any one met is enough. */
  quorum: Threshold[]
  quorumMet: boolean
  pass: Threshold | null
  passed: boolean
  outcome: MeetingOutcome
  outcomeLabel: string
  /** Lines a villager can read to check the result. */
  lines: string[]
}

export const OUTCOME_LABELS: Record<MeetingOutcome, string> = {
  no_quorum: '到会人数不足，表决无效',
  passed: '通过',
  rejected: '未通过',
  pending: '尚未表决',
}

export const HALF: Fraction = { num: 1, den: 2 }
export const TWO_THIRDS: Fraction = { num: 2, den: 3 }

/** The smallest count out of `total` that meets `share` (see meetsShare). */
export function minimumCount(total: number, share: Fraction): number {
  if (total <= 0) return 1
  if (share.num * 2 === share.den) return Math.floor(total / 2) + 1
  return Math.ceil((share.num * total) / share.den)
}

function atLeastFloor(key: keyof QuorumSettings, value: Fraction | undefined): Fraction {
  const def = settingDef(key)
  const chosen = value ?? (DEFAULT_SETTINGS[key] as Fraction)
  const floor = def && def.kind === 'fraction' ? def.statutory?.min : undefined
  if (floor && compareFractions(chosen, floor) < 0) return floor
  if (chosen.num > chosen.den || chosen.den < 1 || chosen.num < 1) return floor ?? HALF
  return chosen
}

function shareWords(share: Fraction, strict: boolean): string {
  const f = formatFraction(share)
  if (strict) return f === '半数' ? '过半数' : `超过${f}`
  return f === '全部' ? '全部' : `${f}以上（含）`
}

function threshold(
  basis: Threshold['basis'],
  basisLabel: string,
  base: number,
  share: Fraction,
  actual: number,
  actualLabel: string,
): Threshold {
  const strict = share.num * 2 === share.den
  const needed = minimumCount(base, share)
  const met = meetsShare(actual, base, share)
  const text = `${actualLabel} ${actual}，须达到${basisLabel} ${base} 的${shareWords(share, strict)}，即至少 ${needed}：${met ? '达到' : '未达到'}`
  return { basis, basisLabel, base, share, strict, needed, actual, met, text }
}

function checkCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${n}`)
}

/** Quorum and result of one meeting's vote, with the arithmetic shown. Throws RangeError on impossible counts. */
export function evaluateMeeting(input: MeetingInput, settings: QuorumSettings = {}): MeetingResult {
  const { kind, shouldAttend, present, votes, households } = input
  checkCount('shouldAttend', shouldAttend)
  checkCount('present', present)
  if (present > shouldAttend) throw new RangeError(`present (${present}) exceeds shouldAttend (${shouldAttend})`)
  if (votes) {
    checkCount('yes', votes.yes)
    checkCount('no', votes.no)
    checkCount('abstain', votes.abstain)
    if (votes.yes + votes.no + votes.abstain > present) throw new RangeError('more votes than people present')
  }
  if (households) {
    checkCount('households.total', households.total)
    checkCount('households.represented', households.represented)
    if (households.represented > households.total) throw new RangeError('more households represented than exist')
  }

  const quorum: Threshold[] = []
  let pass: Threshold | null = null
  const yes = votes?.yes ?? 0
  switch (kind) {
    case 'party_assembly': {
      const share = input.deliberation
        ? atLeastFloor('deliberationAttendance', settings.deliberationAttendance)
        : atLeastFloor('assemblyAttendance', settings.assemblyAttendance)
      quorum.push(threshold('shouldAttend', '应到会有表决权党员', shouldAttend, share, present, '实到'))
      if (votes)
        pass = threshold(
          'shouldAttend',
          '应到会有表决权党员',
          shouldAttend,
          atLeastFloor('assemblyPassShare', settings.assemblyPassShare),
          yes,
          '赞成',
        )
      break
    }
    case 'branch_committee':
      quorum.push(threshold('shouldAttend', '支部委员', shouldAttend, HALF, present, '实到'))
      if (votes) pass = threshold('shouldAttend', '支部委员', shouldAttend, HALF, yes, '赞成')
      break
    case 'representatives':
      quorum.push(
        threshold(
          'shouldAttend',
          '村民代表会议组成人员',
          shouldAttend,
          atLeastFloor('representativeQuorum', settings.representativeQuorum),
          present,
          '实到',
        ),
      )
      if (votes) pass = threshold('present', '到会人员', present, HALF, yes, '赞成')
      break
    case 'villagers':
      quorum.push(threshold('shouldAttend', '年满十八周岁的村民', shouldAttend, HALF, present, '到会村民'))
      if (households)
        quorum.push(
          threshold('households', '本村户数', households.total, TWO_THIRDS, households.represented, '到会户代表'),
        )
      if (votes) pass = threshold('present', '到会人员', present, HALF, yes, '赞成')
      break
    default: {
      const never: never = kind
      throw new RangeError(`unknown meeting kind ${String(never)}`)
    }
  }

  const quorumMet = quorum.some((q) => q.met)
  const passed = quorumMet && !!pass?.met
  const outcome: MeetingOutcome = !quorumMet ? 'no_quorum' : !votes ? 'pending' : passed ? 'passed' : 'rejected'
  const label = MEETING_KIND_LABELS[kind]
  const lines = [`${label}：应到 ${shouldAttend}，实到 ${present}，缺席 ${shouldAttend - present}`]
  if (votes)
    lines.push(
      `赞成 ${votes.yes}，反对 ${votes.no}，弃权 ${votes.abstain}${present - votes.yes - votes.no - votes.abstain > 0 ? `，到会未表决 ${present - votes.yes - votes.no - votes.abstain}` : ''}`,
    )
  lines.push(...quorum.map((q) => `到会：${q.text}`))
  if (quorum.length > 1) lines.push(`两项到会条件满足其一即可：${quorumMet ? '已满足' : '均未满足'}`)
  if (pass) lines.push(`通过：${pass.text}`)
  lines.push(`结果：${OUTCOME_LABELS[outcome]}`)

  return {
    kind,
    label,
    shouldAttend,
    present,
    absent: shouldAttend - present,
    votes: votes ? { ...votes } : null,
    notVoting: votes ? present - votes.yes - votes.no - votes.abstain : present,
    quorum,
    quorumMet,
    pass,
    passed,
    outcome,
    outcomeLabel: OUTCOME_LABELS[outcome],
    lines,
  }
}
