/**
 * Demo 三会一课 for `npm run db:reset`: for every branch, the twelve Beijing months before the seed's `now`, the
 * meetings a branch usually holds (支委会, one 党小组会 and a 主题党日 each month; 党员大会 and 党课 each quarter;
 * 组织生活会 and 民主评议 in December) — a few skipped at random so the calendars show gaps — with who should attend
 * frozen from the roster, attendance (in person; 在外党员 mostly online), approved leave, confirmed minutes and
 * the per-branch-per-year aggregates the township view reads. About one member in a hundred has stopped taking
 * part, so the six-month prompts have something to show. Plus two study materials per branch.
 *
 * At full scale: ~12,000 meetings and ~300,000 attendance records. Deterministic (own PRNG, fixed ids).
 */
import { expectedAttendees, meetingMonth, type MeetingKind, type RosterPerson } from '../../common/rules/meetings'
import { inBeijing } from '../../common/rules/beijing-time'
import type { DemoData, DemoOptions, Doc } from './demo-data'
import { prng } from './random'
import { C } from '../../cloudfunctions/_lib/collections'

interface Plan {
  kind: MeetingKind
  day: number
  hour: number
  topic: string
  chance: number
  studyHours: number
}

const TOPICS: Record<MeetingKind, string[]> = {
  branch_assembly: ['讨论发展党员', '学习传达上级会议精神', '审议村级重大事项', '评议村级工作'],
  branch_committee: ['研究本月重点工作', '研究困难群众帮扶', '研究人居环境整治', '研究党员教育'],
  party_group: ['网格走访情况交流', '学习党章', '收集群众意见'],
  party_lesson: ['学习党的创新理论', '红色家风专题党课', '乡村振兴专题党课', '廉洁自律党课'],
  theme_day: ['主题党日：志愿服务', '主题党日：重温入党誓词', '主题党日：环境整治'],
  org_life: ['年度组织生活会'],
  democratic_review: ['民主评议党员'],
}

function monthPlans(month: number): Plan[] {
  const plans: Plan[] = [
    { kind: 'branch_committee', day: 5, hour: 1, topic: '', chance: 0.92, studyHours: 0 },
    { kind: 'party_group', day: 8, hour: 7, topic: '', chance: 0.9, studyHours: 0 },
    { kind: 'theme_day', day: 10, hour: 1, topic: '', chance: 0.9, studyHours: 2 },
  ]
  if (month % 3 === 2) {
    plans.push({ kind: 'branch_assembly', day: 15, hour: 1, topic: '', chance: 0.93, studyHours: 0 })
    plans.push({ kind: 'party_lesson', day: 20, hour: 6, topic: '', chance: 0.88, studyHours: 2 })
  }
  if (month === 11) {
    plans.push({ kind: 'org_life', day: 22, hour: 1, topic: '', chance: 0.85, studyHours: 0 })
    plans.push({ kind: 'democratic_review', day: 24, hour: 1, topic: '', chance: 0.8, studyHours: 0 })
  }
  return plans
}

/** Adds the meetings collections to `data` (people and villages must already be there). */
export function addMeetingDemo(data: DemoData, options: DemoOptions = {}): void {
  const rand = prng((options.seed ?? 20230601) ^ 0x5a5a)
  const now = options.now ?? new Date('2025-12-31T16:00:00.000Z')
  const nowB = inBeijing(now)
  const villages = data.get(C.villages) ?? []
  const people = data.get(C.people) ?? []
  const byVillage = new Map<string, Doc[]>()
  for (const p of people) {
    const list = byVillage.get(p.villageId as string) ?? []
    list.push(p)
    byVillage.set(p.villageId as string, list)
  }
  const meetings: Doc[] = []
  const attendance: Doc[] = []
  const leaves: Doc[] = []
  const periods = new Map<string, Doc>()
  const materials: Doc[] = []
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!

  for (const v of villages) {
    const villageId = v._id
    const townshipId = v.townshipId as string
    const roster: RosterPerson[] = (byVillage.get(villageId) ?? []).map((p) => ({
      id: p._id,
      name: p.name as string,
      roles: p.roles as string[],
      gridId: (p.gridId as string | null) ?? null,
      party: p.party as RosterPerson['party'],
    }))
    const secretary = roster.find((p) => p.roles.includes('branch_secretary'))
    if (!secretary) continue
    const recorder = roster.find((p) => p.roles.includes('branch_committee_member')) ?? secretary
    const gridIds = [
      ...new Set(roster.filter((p) => p.roles.includes('party_member') && p.gridId).map((p) => p.gridId!)),
    ].sort()
    // ~1% of members have stopped taking part (the six-month prompts); the rest attend most of the time.
    const lapsed = new Set(roster.filter(() => rand() < 0.01).map((p) => p.id))

    for (let back = 12; back >= 1; back--) {
      const monthStart = nowB.startOf('month').subtract(back, 'month')
      const monthIndex = monthStart.month()
      for (const plan of monthPlans(monthIndex)) {
        if (rand() > plan.chance) continue
        const gridId = plan.kind === 'party_group' ? gridIds[monthIndex % Math.max(1, gridIds.length)] : undefined
        const expected = expectedAttendees(plan.kind, roster, gridId)
        if (expected.length === 0) continue
        const start = monthStart
          .date(plan.day)
          .hour(plan.hour + 8)
          .minute(0)
          .second(0)
          .millisecond(0)
        const startsAt = start.toDate()
        const endsAt = new Date(startsAt.getTime() + 2 * 3600_000)
        const _id = `mt-${villageId}-${start.format('YYYYMM')}-${plan.kind}`
        const present: string[] = []
        for (const e of expected) {
          const r = rand()
          const pair = `${_id}_${e.personId}`
          if (lapsed.has(e.personId)) continue
          if (r < 0.05) {
            leaves.push({
              _id: pair,
              meetingId: _id,
              villageId,
              personId: e.personId,
              reason: pick(['外出务工', '身体不适', '家中有事']),
              status: 'approved',
              at: new Date(startsAt.getTime() - 86400_000),
              decidedAt: new Date(startsAt.getTime() - 80000_000),
              decidedByName: secretary.name,
            })
            continue
          }
          const mode =
            e.presence === 'away'
              ? r < 0.75
                ? 'remote'
                : null
              : e.presence === 'mobile'
                ? r < 0.6
                  ? 'in_person'
                  : null
                : r < 0.9
                  ? 'in_person'
                  : null
          if (!mode) continue
          present.push(e.personId)
          attendance.push({
            _id: pair,
            meetingId: _id,
            villageId,
            townshipId,
            personId: e.personId,
            mode,
            at: new Date(startsAt.getTime() + Math.floor(rand() * 20) * 60_000 - 10 * 60_000),
            studyHours: plan.studyHours,
            month: start.format('YYYY-MM'),
            held: true, // every seeded meeting's minutes are confirmed
          })
        }
        meetings.push({
          _id,
          villageId,
          townshipId,
          kind: plan.kind,
          topic: pick(TOPICS[plan.kind]),
          agenda: '',
          startsAt,
          endsAt,
          place: `${v.name}党群服务中心`,
          chairPersonId: secretary.id,
          chairName: secretary.name,
          recorderPersonId: recorder.id,
          recorderName: recorder.name,
          remoteOpen: true,
          gridId: gridId ?? null,
          studyHours: plan.studyHours,
          shortNoticeReason: null,
          status: 'called',
          expected,
          expectedIds: expected.map((e) => e.personId),
          quorumSettings: { assemblyAttendance: { num: 1, den: 2 }, assemblyPassShare: { num: 1, den: 2 } },
          votes: [],
          minutes: {
            agenda: '',
            remarks: '按议程进行',
            resolutions: '',
            absenteeReasons: [],
            photoFileIds: [],
            savedAt: endsAt,
            savedBy: recorder.id,
          },
          locked: true,
          lockedAt: endsAt,
          lockedByName: secretary.name,
          corrections: [],
          calledAt: new Date(startsAt.getTime() - 3 * 86400_000),
          calledBy: secretary.id,
        })
        const { year, monthIndex: mi } = meetingMonth(startsAt)
        const pid = `${villageId}_${year}`
        const period = periods.get(pid) ?? { _id: pid, villageId, townshipId, year, held: {} }
        const held = period.held as Record<string, Record<string, number>>
        const key = `m${String(mi + 1).padStart(2, '0')}`
        held[plan.kind] = { ...(held[plan.kind] ?? {}), [key]: (held[plan.kind]?.[key] ?? 0) + 1 }
        periods.set(pid, period)
      }
    }
    materials.push(
      {
        _id: `sm-${villageId}-1`,
        villageId,
        townshipId,
        title: '中国共产党章程',
        kind: 'link',
        url: 'https://www.12371.cn/special/dangzhang/',
        suggestedHours: 2,
        publishedAt: now,
        publishedByName: secretary.name,
      },
      {
        _id: `sm-${villageId}-2`,
        villageId,
        townshipId,
        title: '本村“四议两公开”工作法要点',
        kind: 'text',
        body: '村党组织提议、村“两委”会议商议、党员大会审议、村民会议或村民代表会议决议；决议公开、实施结果公开。',
        suggestedHours: 1,
        publishedAt: now,
        publishedByName: secretary.name,
      },
    )
  }
  data.set(C.meetings, meetings)
  data.set(C.meeting_attendance, attendance)
  data.set(C.meeting_leaves, leaves)
  data.set(C.meeting_periods, [...periods.values()])
  data.set(C.study_materials, materials)
}
