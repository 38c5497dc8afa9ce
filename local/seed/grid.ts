/**
 * Demo activity of 党员联户 and 群众诉求 for the demo county (local/seed/demo-data.ts): every household linked to a
 * Party member at home in its grid, a year of visits (about 2.5 per household: ~200,000) and of requests (about 0.25 per household: ~20,000;
 * household: most closed in the village, some escalated to the township and a few to the county, some still open),
 * with the per-village-per-month counters the functions keep. Deterministic (own PRNG), generated in memory.
 *
 * The demo party member of each demo village is linked to the demo resident's household (moved into the member's
 * grid), so the journey "a member visits a resident, who then sees the request" works with the demo logins.
 */
import { REQUEST_CATEGORIES, resolveWorkingDays, type RequestCategory } from '../../common/rules/request-deadlines'
import { workingDaysFrom, type HolidayCalendar } from '../../common/rules/working-days'
import type { HandlingLevel, Rating } from '../../common/rules/request-flow'
import {
  emptyMonth,
  monthDelta,
  statsDocId,
  type MonthCounters,
  type StatEvent,
} from '../../common/rules/request-stats'
import { DEFAULT_SETTINGS } from '../../common/rules/settings'
import { afterVisit, type VisitState } from '../../common/rules/visits-due'
import { prng } from './random'
import { C } from '../../cloudfunctions/_lib/collections'

type Doc = Record<string, unknown> & { _id: string }
type Data = Map<string, Doc[]>

export interface GridActivityOptions {
  seed?: number
  /** End of the year of activity (default: the demo's `now`, 2026-01-01 Beijing). */
  now?: Date
  /** Visits per household per year (default 2.5) and requests per household per year (default 0.25). */
  visitsPerHousehold?: number
  requestsPerHousehold?: number
}

const SITUATIONS = [
  '家中老人身体尚可，子女在外务工',
  '今年小麦收成不错',
  '孩子上学有困难',
  '房屋有漏雨',
  '家里有人长期生病',
  '一切正常，无特殊困难',
  '种植大户，想扩大规模',
]
const REQUESTS: Record<RequestCategory, string[]> = {
  enquiry: ['咨询合作医疗缴费时间', '咨询养老保险怎么续缴', '问一下宅基地审批流程'],
  help: ['想申请残疾证，不知道去哪办', '老人行动不便，需要代办社保认证', '申请危房改造'],
  complaint: ['村口路灯坏了一个月', '垃圾清运不及时', '灌溉渠堵塞'],
  dispute: ['和邻居因地界有纠纷', '宅基地边界有争议', '赡养老人家庭矛盾'],
  suggestion: ['建议在村里建个小广场', '建议增加公交班次', '建议修缮村小学围墙'],
}
const DAY = 24 * 3600_000
const HOUR = 3600_000
// Fast Beijing date/month for hundreds of thousands of records (fixed UTC+8, as common/rules/beijing-time.ts).
const beijingDate = (t: number | Date) => new Date(new Date(t).getTime() + 8 * HOUR).toISOString().slice(0, 10)
const beijingMonth = (t: number | Date) => beijingDate(t).slice(0, 7)
/**
 * The seed's deadlines count Monday to Friday only (no holiday calendar), as they did before the functions followed
 * the official calendar: the benchmark county's documents, and so its budgets, stay the same.
 */
const WEEKDAYS_ONLY: HolidayCalendar = { covers: () => false, isWorkday: () => true }
const resolveCache = new Map<string, Date>()
function deadlinesOf(raisedAt: Date, category: RequestCategory, emergency: boolean) {
  const days = resolveWorkingDays(DEFAULT_SETTINGS, category, emergency ? 'emergency' : 'normal')
  const key = `${beijingDate(raisedAt)}+${days}`
  let resolveBy = resolveCache.get(key)
  if (!resolveBy) resolveCache.set(key, (resolveBy = workingDaysFrom(raisedAt, days, WEEKDAYS_ONLY).by))
  return {
    verifyBy: new Date(raisedAt.getTime() + DEFAULT_SETTINGS.requestVerifyHours * HOUR),
    contactBy: new Date(raisedAt.getTime() + DEFAULT_SETTINGS.requestContactHours * HOUR),
    resolveBy,
  }
}

export function addGridActivity(data: Data, options: GridActivityOptions = {}): void {
  const rand = prng(options.seed ?? 99)
  const now = options.now ?? new Date('2025-12-31T16:00:00.000Z')
  const yearStart = now.getTime() - 365 * DAY
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1))
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!
  const visitsPer = options.visitsPerHousehold ?? 2.5
  const requestsPer = options.requestsPerHousehold ?? 0.25

  const people = data.get(C.people) ?? []
  const households = data.get(C.households) ?? []
  const grids = data.get(C.grids) ?? []
  const villages = data.get(C.villages) ?? []
  const townshipOf = new Map(villages.map((v) => [v._id, v.townshipId as string]))
  const demoByVillage = new Map<string, { member?: Doc; resident?: Doc }>()
  for (const p of people) {
    const openid = p.openid as string | null
    if (!openid) continue
    const entry = demoByVillage.get(p.villageId as string) ?? {}
    if (openid.endsWith('-party-member')) entry.member = p
    if (openid.endsWith('-resident')) entry.resident = p
    demoByVillage.set(p.villageId as string, entry)
  }
  // Demo pairing: the demo resident's household moves into the demo member's grid.
  const householdById = new Map(households.map((h) => [h._id, h]))
  const gridById = new Map(grids.map((g) => [g._id, g]))
  const pinned = new Map<string, Doc>()
  for (const { member, resident } of demoByVillage.values()) {
    if (!member || !resident) continue
    const h = householdById.get(resident.householdId as string)
    if (!h) continue
    if (h.gridId !== member.gridId) {
      const from = gridById.get(h.gridId as string)
      const to = gridById.get(member.gridId as string)
      if (from) from.householdCount = (from.householdCount as number) - 1
      if (to) to.householdCount = (to.householdCount as number) + 1
      h.gridId = member.gridId
      resident.gridId = member.gridId
    }
    pinned.set(h._id, member)
  }

  const membersByGrid = new Map<string, Doc[]>()
  for (const p of people) {
    if (!(p.roles as string[]).includes('party_member')) continue
    if ((p.party as { presence?: string } | null)?.presence !== 'home') continue
    const list = membersByGrid.get(p.gridId as string) ?? []
    list.push(p)
    membersByGrid.set(p.gridId as string, list)
  }

  const linkages: Doc[] = []
  const visits: Doc[] = []
  const requests: Doc[] = []
  const stats = new Map<string, MonthCounters & { _id: string; villageId: string; townshipId: string; month: string }>()
  const count = (villageId: string, at: Date, event: StatEvent) => {
    const month = beijingMonth(at)
    const id = statsDocId(villageId, month)
    let doc = stats.get(id)
    if (!doc)
      stats.set(id, (doc = { _id: id, villageId, townshipId: townshipOf.get(villageId)!, month, ...emptyMonth() }))
    const { inc, closeHours } = monthDelta(event)
    for (const [k, v] of Object.entries(inc)) (doc as unknown as Record<string, number>)[k] += v as number
    if (closeHours !== undefined) doc.closeHours.push(closeHours)
  }
  const perGridIndex = new Map<string, number>()
  let seq = 0

  for (const h of households) {
    const villageId = h.villageId as string
    const townshipId = h.townshipId as string
    const gridMembers = membersByGrid.get(h.gridId as string) ?? []
    const i = perGridIndex.get(h.gridId as string) ?? 0
    perGridIndex.set(h.gridId as string, i + 1)
    const member = pinned.get(h._id) ?? (gridMembers.length ? gridMembers[i % gridMembers.length]! : undefined)
    let state: VisitState = {}
    if (member) {
      // A year of visits, roughly evenly spread (so most households are visited, some fall behind).
      const n = Math.max(0, Math.round(visitsPer + (rand() - 0.5) * 3))
      const dates = Array.from({ length: n }, () => beijingDate(yearStart + rand() * 365 * DAY)).sort()
      for (const date of dates) {
        seq++
        visits.push({
          _id: `vs-demo-${seq}`,
          villageId,
          townshipId,
          householdId: h._id,
          memberPersonId: member._id,
          memberName: member.name,
          date,
          met: pick(['户主', '老人', '户主和家人', '孩子']),
          situation: pick(SITUATIONS),
          needs: null,
          followUp: null,
          requestIds: [],
          createdAt: new Date(`${date}T02:00:00.000Z`),
        })
        state = afterVisit(state, date)
      }
      linkages.push({
        _id: `lk-demo-${h._id}`,
        villageId,
        townshipId,
        gridId: h.gridId ?? null,
        householdId: h._id,
        memberPersonId: member._id,
        memberName: member.name,
        active: true,
        from: new Date(yearStart),
        to: null,
        note: null,
        by: '演示数据',
        lastVisitDate: state.lastVisitDate ?? null,
        visitYear: state.visitYear ?? 0,
        visitsInYear: state.visitsInYear ?? 0,
      })
    }

    // Requests of the year.
    let r = requestsPer + (rand() - 0.5) * 0.2
    while (rand() < r) {
      r -= 1
      seq++
      const category = pick(REQUEST_CATEGORIES)
      const emergency = rand() < 0.03
      const raisedAt = new Date(yearStart + rand() * 360 * DAY)
      const deadlines = deadlinesOf(raisedAt, category, emergency)
      const roll = rand()
      const level: HandlingLevel = roll < 0.86 ? 'village' : roll < 0.97 ? 'township' : 'county'
      const open = raisedAt.getTime() > now.getTime() - 20 * DAY && rand() < 0.5
      const timeline: Doc['timeline'] = [
        {
          at: raisedAt,
          action: 'raise',
          by: member ? 'village' : 'resident',
          actorName: (member?.name as string) ?? (h.headName as string),
          actorPersonId: null,
        },
      ]
      const add = (hours: number, action: string, by: string, extra: Record<string, unknown> = {}) => {
        const at = new Date(raisedAt.getTime() + hours * HOUR)
        ;(timeline as unknown[]).push({
          at,
          action,
          by,
          actorName: by === 'village' ? '村干部' : by === 'township' ? '乡镇干部' : '县直部门',
          ...extra,
        })
        return at
      }
      count(villageId, raisedAt, { kind: 'raised' })
      add(0.5, 'accept', 'village')
      if (level !== 'village') {
        const at = add(2, 'escalate', 'village', { note: '村里无法解决', toLevel: 'township' })
        count(villageId, at, { kind: 'escalated', from: 'village' })
        add(5, 'accept', 'township')
      }
      if (level === 'county') {
        add(24, 'escalate', 'township', { note: '需县直部门办理', toLevel: 'county', department: '县住建局' })
        add(30, 'accept', 'county')
      }
      let status = open ? 'in_progress' : 'closed'
      let reply: string | null = null
      let rating: Rating | null = null
      let closedAt: Date | null = null
      let repliedAt: Date | null = null
      if (!open) {
        const hours = level === 'village' ? int(3, 60) : level === 'township' ? int(24, 160) : int(72, 300)
        reply = '已办理，情况已向您说明'
        repliedAt = add(hours, 'reply', level, { note: reply })
        if (rand() < 0.8) {
          rating = rand() < 0.82 ? 'satisfied' : rand() < 0.7 ? 'basically' : 'unsatisfied'
          add(hours + 20, 'rate', 'resident')
          count(villageId, new Date(raisedAt.getTime() + (hours + 20) * HOUR), { kind: 'rated', rating })
        }
        closedAt = add(hours + 24, 'close', level)
        count(villageId, closedAt, {
          kind: 'closed',
          level,
          hours: hours + 24,
          late: repliedAt.getTime() > deadlines.resolveBy.getTime(),
        })
      } else status = level === 'village' ? pick(['received', 'accepted', 'in_progress']) : 'in_progress'
      requests.push({
        _id: `rq-demo-${seq}`,
        villageId,
        townshipId,
        gridId: h.gridId ?? null,
        householdId: h._id,
        residentPersonId: null,
        residentName: h.headName,
        residentPhone: '',
        category,
        urgency: emergency ? 'emergency' : 'normal',
        description: pick(REQUESTS[category]),
        photos: [],
        source: member && rand() < 0.5 ? 'visit' : 'grid-member',
        sourceId: null,
        status,
        level,
        open: status !== 'closed',
        raisedAt,
        raisedBy: { personId: member?._id ?? null, name: member?.name ?? h.headName },
        ...deadlines,
        department: level === 'county' ? '县住建局' : null,
        reply,
        repliedAt,
        rating,
        ratingComment: null,
        closedAt,
        timeline,
        updatedAt: closedAt ?? raisedAt,
      })
    }
  }
  data.set(C.linkages, linkages)
  data.set(C.visits, visits)
  data.set(C.requests, requests)
  data.set(C.request_stats, [...stats.values()] as unknown as Doc[])
}
