/**
 * Demo 红白理事会 activity, added to the generated county: in every village a council (the branch secretary as
 * chair, the grid leaders as members each covering their grid, a village committee member as liaison), a
 * village standard (version 1, effective from the start of last year; caps modelled on 伊川 and 淇县韦庄村, with a
 * surveyed pre-reform baseline), about a year of filings — most done and recorded, a few waiting for review — and
 * the per-village-per-month counters (`council_stats`) exactly as the function maintains them.
 *
 * Deterministic for a given `now`. About 8 filings a village: ~2,100 filings for the 262 villages.
 */
import { beijingDate } from '../../common/rules/beijing-time'
import {
  addCounters,
  checkFigures,
  contribution,
  deathInstant,
  estimateSavings,
  reportedOnTime,
  type Counters,
  type EventKind,
  type Figures,
  type LedgerFacts,
  type Standard,
} from '../../common/rules/council-standards'
import type { DemoData, Doc } from './demo-data'
import { prng } from './random'
import { C } from '../../cloudfunctions/_lib/collections'

const DAY = 86400_000
const REASONS: Record<string, string> = {
  betrothalGiftFen: '女方家里坚持，理事会已劝说降低',
  tables: '两家合办，亲戚多',
  tableCostFen: '在镇上饭店办，价格高一些',
  days: '等在外地的子女回来',
  cars: '接亲路远，多借了两辆',
}

export interface CouncilDemoOptions {
  now: Date
  seed?: number
  /** Filings per village (default 8). */
  filingsPerVillage?: number
}

export function addCouncilDemo(data: DemoData, options: CouncilDemoOptions): void {
  const now = options.now
  const today = beijingDate(now)
  const rand = prng(options.seed ?? 19491001)
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1))
  const perVillage = options.filingsPerVillage ?? 8
  const thisYear = Number(today.slice(0, 4))
  const effectiveFrom = `${thisYear - 1}-01-01`

  const put = (collection: string, doc: Doc) => {
    let list = data.get(collection)
    if (!list) data.set(collection, (list = []))
    list.push(doc)
  }
  const byVillage = <T extends Doc>(collection: string) => {
    const map = new Map<string, T[]>()
    for (const d of (data.get(collection) ?? []) as T[]) {
      const v = d.villageId as string
      if (!map.has(v)) map.set(v, [])
      map.get(v)!.push(d)
    }
    return map
  }
  const people = byVillage(C.people)
  const households = byVillage(C.households)
  const grids = byVillage(C.grids)
  const stats = new Map<string, Doc>()

  for (const village of data.get(C.villages) ?? []) {
    const villageId = village._id
    const townshipId = village.townshipId as string
    const folk = people.get(villageId) ?? []
    const has = (p: Doc, role: string) => (p.roles as string[]).includes(role)
    const secretary = folk.find((p) => has(p, 'branch_secretary'))
    const liaison = folk.find((p) => has(p, 'village_committee_member') && !has(p, 'branch_secretary'))
    const villageGrids = grids.get(villageId) ?? []
    const members = villageGrids
      .map((g) => ({ grid: g, leader: folk.find((p) => p._id === g.leaderPersonId) }))
      .filter((x): x is { grid: Doc; leader: Doc } => Boolean(x.leader) && x.leader!._id !== secretary?._id)
    const person = (p: Doc | undefined) => (p ? { personId: p._id, name: p.name as string } : null)
    put(C.council_councils, {
      _id: villageId,
      villageId,
      townshipId,
      chair: person(secretary),
      members: members.map(({ grid, leader }) => ({
        personId: leader._id,
        name: leader.name as string,
        gridIds: [grid._id],
        groups: grid.name as string,
      })),
      liaison: person(liaison),
      termStart: effectiveFrom,
      termEnd: `${thisYear + 2}-12-31`,
      standardsCount: 1,
      updatedAt: now,
    })

    const strict = rand() < 0.3 // 淇县韦庄村 style: fewer tables, higher 彩礼 cap
    const standard: Standard = {
      version: 1,
      effectiveFrom,
      wedding: {
        betrothalGiftCapFen: (strict ? 50_000 : 30_000) * 100,
        engagementGuestsCap: 15,
        carsCap: strict ? 10 : 6,
        tablesCap: strict ? 6 : 20,
        tableCostCapFenRural: 300 * 100,
        tableCostCapFenTown: 480 * 100,
        giftMoneyCapFen: (rand() < 0.5 ? 100 : 200) * 100,
      },
      funeral: {
        daysCap: strict ? 5 : 3,
        tablesCap: strict ? 6 : 10,
        tableCostCapFen: 300 * 100,
        reportToTownship: true,
        reportDeadlineHours: 24,
      },
      rules: '红事新办、白事简办，不大操大办，不攀比；喜事提前报备，丧事及时报告理事会。',
      baseline: {
        weddingFen: int(150, 160) * 100_000,
        funeralFen: int(35, 45) * 100_000,
        otherFen: int(15, 25) * 100_000,
        source: `${thisYear - 2}年村里对30户的调查`,
      },
    }
    put(C.council_standards, {
      _id: `${villageId}-s1`,
      villageId,
      townshipId,
      ...standard,
      createdAt: now,
      createdBy: (secretary?.name as string) ?? '',
    })

    const homes = households.get(villageId) ?? []
    if (!homes.length) continue
    for (let i = 0; i < perVillage; i++) {
      const roll = rand()
      const home = homes[int(0, homes.length - 1)]!
      // Spread over the past year; the last one a wedding in the coming weeks (filed, waiting).
      const offsetDays = i === perVillage - 1 ? -int(3, 20) : int(1, 360)
      const eventDate = beijingDate(now.getTime() - offsetDays * DAY)
      const upcoming = eventDate > today
      const kind: EventKind = upcoming || roll < 0.6 ? 'wedding' : roll < 0.9 ? 'funeral' : 'other'
      const over = rand() < 0.2
      const venue = rand() < 0.25 ? 'town' : 'rural'
      const planned: Figures =
        kind === 'wedding'
          ? {
              betrothalGiftFen: over
                ? standard.wedding.betrothalGiftCapFen + int(2, 8) * 100_000
                : int(10, Math.round(standard.wedding.betrothalGiftCapFen / 100_000)) * 100_000,
              engagementGuests: int(8, 15),
              cars: int(2, standard.wedding.carsCap),
              tables: int(4, standard.wedding.tablesCap),
              tableCostFen: int(18, venue === 'town' ? 48 : 30) * 1000,
              giftMoneyFen: standard.wedding.giftMoneyCapFen,
            }
          : kind === 'funeral'
            ? {
                days: over ? standard.funeral.daysCap + 1 : int(2, standard.funeral.daysCap),
                tables: int(3, standard.funeral.tablesCap),
                tableCostFen: int(15, 30) * 1000,
                giftMoneyFen: 5000,
              }
            : { tables: int(3, 10), tableCostFen: int(15, 30) * 1000, giftMoneyFen: 5000 }
      const reasons = Object.fromEntries(Object.keys(planned).map((k) => [k, REASONS[k] ?? '家里情况特殊，已说明']))
      const check = checkFigures(kind, venue, planned, standard, reasons)
      const keptReasons = Object.fromEntries(check.overKeys.map((k) => [k, reasons[k]!]))
      const filedAt = new Date(
        Math.min(now.getTime() - 3600_000, now.getTime() - (offsetDays + (kind === 'funeral' ? 2 : int(7, 30))) * DAY),
      )
      const deathDate = kind === 'funeral' ? beijingDate(filedAt.getTime() - int(0, 1) * 3 * 3600_000) : ''
      const deathAt = kind === 'funeral' ? deathInstant(deathDate) : null
      const funeral = deathAt
        ? {
            deathDate,
            deathAt,
            filedOnTime: reportedOnTime(deathAt, filedAt, 24),
            deadlineHours: 24,
            townshipRequired: true,
            townshipReportedAt: upcoming ? null : new Date(filedAt.getTime() + 3600_000),
            townshipOnTime: !upcoming,
          }
        : null
      const member = members.find((m) => m.grid._id === home.gridId)?.leader ?? secretary
      const status = upcoming ? (i % 2 ? 'approved' : 'filed') : 'completed'
      let actual: Figures | null = null
      let actualCheck = null
      let savings = null
      if (status === 'completed') {
        actual = { ...planned }
        if (kind === 'wedding' && over) actual.betrothalGiftFen = standard.wedding.betrothalGiftCapFen // talked down
        actualCheck = checkFigures(kind, venue, actual, standard, keptReasons)
        savings = estimateSavings(kind, actual, standard.baseline, null)
      }
      const compliance = (actualCheck ?? check).compliance
      const month = eventDate.slice(0, 7)
      const filing: Doc = {
        _id: `${villageId}-cf${String(i + 1).padStart(3, '0')}`,
        villageId,
        townshipId,
        kind,
        householdId: home._id,
        householdLabel: `${home.number as string}号 ${home.headName as string}`,
        gridId: (home.gridId as string) ?? null,
        eventDate,
        month,
        year: Number(month.slice(0, 4)),
        venue,
        planned,
        reasons: keptReasons,
        description: '',
        check,
        compliance,
        standard,
        status,
        filedAt,
        filedBy: { personId: member?._id ?? null, name: (member?.name as string) ?? '', openid: '' },
        filedLate: false,
        funeral,
        review:
          status === 'filed'
            ? null
            : {
                decision: 'approve',
                advice: check.overKeys.length ? '按标准再压一压' : '',
                byName: (member?.name as string) ?? '',
                byPersonId: member?._id ?? null,
                at: new Date(filedAt.getTime() + DAY),
              },
        actual,
        actualReasons: keptReasons,
        actualCheck,
        ...(actual ? { confirmedBy: home.headName as string } : {}),
        savings,
        updatedAt: now,
      }
      put(C.council_filings, filing)
      const facts: LedgerFacts = {
        kind,
        status: status as LedgerFacts['status'],
        compliance,
        funeral: funeral
          ? { filedOnTime: funeral.filedOnTime, townshipRequired: true, townshipOnTime: funeral.townshipOnTime }
          : undefined,
        savings,
      }
      const statsId = `${villageId}-${month}`
      const previous = stats.get(statsId)
      stats.set(statsId, {
        _id: statsId,
        villageId,
        townshipId,
        year: Number(month.slice(0, 4)),
        month,
        ...addCounters((previous ?? {}) as Partial<Counters>, contribution(facts)),
        updatedAt: now,
      })
    }
  }
  for (const s of stats.values()) put(C.council_stats, s)
}
