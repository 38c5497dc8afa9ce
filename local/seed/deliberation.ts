/**
 * Demo 四议两公开 for `npm run db:reset`: in every village one to three matters at different stages, as in the
 * seed article's "120 matters in four months" (some completed with both publications on the public board, some
 * at steps 2–5, a few stuck, one must-go matter withdrawn in some townships), with the voting results written as
 * the function computes them (votes themselves are not generated for past matters). In the demo villages (the
 * ones with demo logins) one matter is at step 3 with an open voting window, so a demo Party member can vote and
 * the secretary can enter in-person votes. Deterministic (own PRNG, fixed ids, times relative to `now`).
 */
import { hasVote } from '../../common/rules/meetings'
import { evaluateMeeting } from '../../common/rules/quorum'
import {
  CATEGORY_KEYS,
  STEP_LABELS,
  leftTheMethod,
  type Category,
  type MatterStatus,
  type Step,
} from '../../common/rules/deliberation'
import { countsDelta } from '../../common/rules/deliberation-counts'
import { DEFAULT_SETTINGS } from '../../common/rules/settings'
import type { DemoData, DemoOptions, Doc } from './demo-data'
import { prng } from './random'
import { C } from '../../cloudfunctions/_lib/collections'

const DAY = 86_400_000
const TITLES: [string, Category, string][] = [
  ['硬化村东生产路', 'public_works', '拟使用集体经济收益约12万元，硬化村东生产路1.2公里，宽4米，群众投工投劳。'],
  [
    '2026年村集体经济收益分配',
    'collective_income',
    '集体经济合作社2025年收益38万元，拟提取公积金20%，其余用于公益事业和分红。',
  ],
  ['村东坑塘承包方案', 'collective_property', '村东坑塘约15亩，拟公开竞价承包，期限5年，底价每年每亩600元。'],
  [
    '五星支部创建规划',
    'star_plan',
    '围绕支部过硬、产业兴旺、生态宜居、平安法治、文明幸福五星，明确今年创建任务和责任人。',
  ],
  ['低保户民主评议', 'subsistence_allowance', '对今年新申请的低保对象进行民主评议，评议结果张榜公示7天。'],
  ['宅基地分配方案', 'homestead', '对符合条件的分户家庭，按“一户一宅”原则在村西规划区安排宅基地。'],
  ['安装村内路灯', 'infrastructure', '在主要街道安装太阳能路灯60盏，争取上级项目资金，不足部分由集体收益支付。'],
]

export function addDeliberationDemo(data: DemoData, options: DemoOptions & { now: Date }): void {
  const now = options.now
  const rand = prng((options.seed ?? 1) * 7919 + 8)
  const villages = data.get(C.villages) ?? []
  const people = data.get(C.people) ?? []
  const bindings = data.get(C.bindings) ?? []
  const byVillage = new Map<string, Doc[]>()
  for (const p of people) {
    const list = byVillage.get(p.villageId as string) ?? []
    list.push(p)
    byVillage.set(p.villageId as string, list)
  }
  const demoVillages = new Set(
    bindings.flatMap(
      (b) => ((b.memberships as { villageId?: string }[]) ?? []).map((m) => m.villageId).filter(Boolean) as string[],
    ),
  )
  const matters: Doc[] = []
  const windows: Doc[] = []
  const publications: Doc[] = []

  for (const v of villages) {
    const villageId = v._id
    const townshipId = v.townshipId as string
    const roster = byVillage.get(villageId) ?? []
    const secretary = roster.find((p) => (p.roles as string[]).includes('branch_secretary'))
    const by = { personId: secretary?._id ?? null, name: (secretary?.name as string) ?? '支部书记' }
    const members = roster.filter((p) =>
      hasVote({ id: p._id, name: p.name as string, roles: p.roles as string[], party: (p.party as never) ?? null }),
    )
    const reps = roster.filter((p) =>
      (p.roles as string[]).some((r) => r === 'villager_representative' || r === 'village_committee_member'),
    )
    const count = demoVillages.has(villageId) ? 3 : 1 + Math.floor(rand() * 2)
    for (let i = 0; i < count; i++) {
      const [title, category, content] = TITLES[Math.floor(rand() * TITLES.length)]!
      const id = `dm-${villageId}-${i + 1}`
      const createdAt = new Date(now.getTime() - Math.floor(10 + rand() * 110) * DAY)
      // Demo villages: one completed, one at step 3 voting now, one at step 2. Others: anywhere.
      const target: Step | 'done' | 'withdrawn' = demoVillages.has(villageId)
        ? (['done', 3, 2] as const)[i]!
        : rand() < 0.45
          ? 'done'
          : rand() < 0.05
            ? 'withdrawn'
            : ((2 + Math.floor(rand() * 4)) as Step)
      const history: Record<string, unknown>[] = [
        { at: createdAt, step: 1, action: 'proposed', by, note: '来源：党员群众建议' },
      ]
      const passed: Step[] = [1]
      let t = createdAt.getTime()
      const tick = (days: number) => new Date((t += days * DAY))
      const lastStep = target === 'done' ? 7 : target === 'withdrawn' ? 3 : target
      let step: Step = 2
      for (let s = 2 as Step; s < lastStep && s <= 6; s = (s + 1) as Step) {
        step = s
        if (s === 2)
          history.push({
            at: tick(2),
            step: 2,
            action: 'passed',
            by,
            meeting: { place: '村党群服务中心', note: '两委会议商议同意' },
          })
        if (s === 3 || s === 4) {
          const voters = s === 3 ? members : reps
          const should = Math.max(voters.length, 1)
          const present = Math.min(should, Math.ceil(should * (0.75 + rand() * 0.2)))
          const yes = Math.min(present, Math.floor(present * (0.8 + rand() * 0.15)))
          const no = Math.floor((present - yes) / 2)
          const r = evaluateMeeting(
            {
              kind: s === 3 ? 'party_assembly' : 'representatives',
              deliberation: s === 3,
              shouldAttend: should,
              present,
              votes: { yes, no, abstain: present - yes - no },
            },
            DEFAULT_SETTINGS,
          )
          const online = Math.floor(present * 0.35)
          const openedAt = tick(4)
          const closesAt = tick(2)
          const wid = `dw-${villageId}-${i + 1}-${s}`
          windows.push({
            _id: wid,
            matterId: id,
            villageId,
            townshipId,
            step: s,
            meetingKind: r.kind,
            openedAt,
            closesAt,
            closed: true,
            closedAt: closesAt,
            shouldAttend: should,
            householdTotal: v.householdCount ?? 0,
            voterIds: voters.map((p) => p._id),
            voters: voters.map((p) => ({ personId: p._id, name: p.name, householdId: p.householdId ?? null })),
            openedBy: by,
            result: {
              meetingKind: r.kind,
              meetingLabel: r.label,
              outcome: r.outcome,
              outcomeLabel: r.outcomeLabel,
              shouldAttend: should,
              present,
              yes,
              no,
              abstain: present - yes - no,
              online,
              inPerson: present - online,
              quorumMet: r.quorumMet,
              passed: r.passed,
              lines: [
                r.lines[0]!,
                r.lines[1]!,
                `其中线上表决 ${online} 人，现场表决 ${present - online} 人`,
                ...r.lines.slice(2),
              ],
            },
          })
          history.push(
            { at: openedAt, step: s, action: 'voting_opened', by },
            { at: closesAt, step: s, action: 'voting_closed', by, note: `${r.label}：${r.outcomeLabel}` },
          )
        }
        if (s === 5 || s === 6) {
          const at = tick(s === 5 ? 1 : 30)
          history.push({ at, step: s, action: 'published', by })
          publications.push({
            _id: `dp-${villageId}-${i + 1}-${s}`,
            villageId,
            townshipId,
            matterId: id,
            step: s,
            title,
            text:
              s === 5
                ? `经党员大会审议、村民代表会议表决通过：${content}`
                : `“${title}”已按决议实施完毕，经村务监督委员会验收合格，具体收支明细见村务公开栏。`,
            resultLines:
              s === 5
                ? windows
                    .filter((w) => w.matterId === id)
                    .flatMap((w) => [
                      `第${w.step}步 ${STEP_LABELS[w.step as Step]}：`,
                      ...(w.result as { lines: string[] }).lines,
                    ])
                : [],
            publishedAt: at,
            publisher: by,
            maskedCount: 0,
          })
        }
        passed.push(s)
        step = (s + 1) as Step
      }
      const status = target === 'done' ? 'completed' : target === 'withdrawn' ? 'withdrawn' : 'working'
      if (target === 'withdrawn') history.push({ at: tick(3), step: 3, action: 'withdrawn', by, note: '暂缓实施' })
      const doc: Doc = {
        _id: id,
        villageId,
        townshipId,
        title,
        content,
        attachments: [],
        category: CATEGORY_KEYS.includes(category) ? category : 'other',
        origin: 'members_residents',
        step: target === 'done' ? 6 : step,
        status,
        stepSince: new Date(t),
        createdAt,
        updatedAt: new Date(t),
        revision: 1,
        passedSteps: passed,
        history,
        notice3At: null,
        notice4At: null,
        notice4Kind: null,
        currentWindowId: null,
      }
      // Demo villages: the step-3 matter has its window open now (closing in 3 days) so members can vote.
      if (demoVillages.has(villageId) && target === 3) {
        const live = now
        const wid = `dw-${villageId}-${i + 1}-3`
        doc.status = 'voting'
        doc.currentWindowId = wid
        doc.notice3At = new Date(live.getTime() - 4 * DAY)
        doc.stepSince = new Date(live.getTime() - DAY)
        windows.push({
          _id: wid,
          matterId: id,
          villageId,
          townshipId,
          step: 3,
          meetingKind: 'party_assembly',
          openedAt: new Date(live.getTime() - DAY),
          closesAt: new Date(live.getTime() + 3 * DAY),
          closed: false,
          closedAt: null,
          shouldAttend: members.length,
          householdTotal: v.householdCount ?? 0,
          voterIds: members.map((p) => p._id),
          voters: members.map((p) => ({ personId: p._id, name: p.name, householdId: p.householdId ?? null })),
          openedBy: by,
        })
        history.push({ at: new Date(live.getTime() - DAY), step: 3, action: 'voting_opened', by })
      }
      matters.push(doc)
    }
  }
  data.set(C.deliberation_matters, matters)
  // The per-village counters the function maintains on every transition (county overview).
  const counts = new Map<string, Doc>()
  for (const m of matters) {
    const villageId = m.villageId as string
    let c = counts.get(villageId)
    if (!c)
      counts.set(villageId, (c = { _id: villageId, villageId, townshipId: m.townshipId, category: {}, stage: {} }))
    const state = { step: m.step as Step, status: m.status as MatterStatus }
    const left = leftTheMethod({
      status: state.status,
      category: m.category as Category,
      passedSteps: (m.passedSteps ?? []) as Step[],
    })
    for (const [path, n] of Object.entries(countsDelta(m.category as Category, null, state, left))) {
      const [group, key] = path.split('.') as ['category' | 'stage' | 'attention', string]
      const target = (c[group] ??= {}) as Record<string, number>
      target[key] = (target[key] ?? 0) + n
    }
  }
  data.set(C.deliberation_counts, [...counts.values()])
  data.set(C.deliberation_windows, windows)
  data.set(C.deliberation_publications, publications)
  if (!data.has(C.deliberation_votes)) data.set(C.deliberation_votes, [])
}
