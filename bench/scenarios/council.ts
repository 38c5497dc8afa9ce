/** 红白理事会: filing by a grid leader, the chair's review and actual figures, the boards, ledger and summaries. */
import { COUNTY_ORGANISER, demoVillage, townshipOrganiser, type Scenario } from '../harness/bench'

export const council: Scenario = {
  module: 'council',
  keep: ['households'],
  generates: ['council'],
  async run({ bench, data, clock }) {
    const v = demoVillage(data)
    const { villageId, townshipId } = v
    const leader = v.login('grid-leader')
    const chair = v.login('branch-secretary')
    const homes = (await bench.call({ fn: 'council', action: 'households', openid: leader, data: { villageId } }))
      .households as { id: string }[]
    const today = new Date(clock().getTime() + 8 * 3600_000).toISOString().slice(0, 10)
    const wedding = {
      betrothalGiftFen: 3_800_000,
      engagementGuests: 12,
      cars: 6,
      tables: 15,
      tableCostFen: 20_000,
      giftMoneyFen: 10_000,
    }
    // Villages' standards differ (the seed draws them): a reason for every figure, whichever is over this one's cap.
    const reasons = Object.fromEntries(Object.keys(wedding).map((k) => [k, '两家商量后定的，已劝减']))
    const filed: string[] = []
    await bench
      .measure(
        {
          name: 'council.file',
          kind: 'interactive',
          calls: 60,
          concurrency: 10,
          note: 'one village, same month counters',
        },
        (i) => ({
          fn: 'council',
          action: 'file',
          openid: leader,
          requestId: `bench-file-${String(i).padStart(12, '0')}`,
          data: {
            villageId,
            householdId: homes[i % homes.length]!.id,
            kind: 'wedding',
            eventDate: today,
            planned: wedding,
            reasons,
          },
        }),
      )
      .then((s) => s.forEach((x) => x.ok && filed.push(x.data.filingId)))
    await bench.measure({ name: 'council.review', kind: 'interactive', calls: filed.length, concurrency: 10 }, (i) => ({
      fn: 'council',
      action: 'review',
      openid: chair,
      data: { villageId, filingId: filed[i], decision: 'approve', advice: '彩礼再降一些' },
    }))
    await bench.measure(
      { name: 'council.recordActual', kind: 'interactive', calls: filed.length, concurrency: 10 },
      (i) => ({
        fn: 'council',
        action: 'recordActual',
        openid: chair,
        data: {
          villageId,
          filingId: filed[i],
          actual: { ...wedding, betrothalGiftFen: 2_800_000 },
          reasons,
          familyConfirmed: true,
          confirmedBy: '户主',
        },
      }),
    )
    const year = Number(today.slice(0, 4))
    await bench.measure({ name: 'council.board (public)', kind: 'interactive', calls: 50, concurrency: 50 }, () => ({
      fn: 'council',
      action: 'board',
      openid: 'bench-anyone',
      data: { villageId },
    }))
    await bench.measure({ name: 'council.listFilings', kind: 'interactive', calls: 50, concurrency: 50 }, () => ({
      fn: 'council',
      action: 'listFilings',
      openid: chair,
      data: { villageId },
    }))
    await bench.measure({ name: 'council.getFiling', kind: 'interactive', calls: 50, concurrency: 50 }, (i) => ({
      fn: 'council',
      action: 'getFiling',
      openid: chair,
      data: { villageId, filingId: filed[i % filed.length] },
    }))
    await bench.measure({ name: 'council.households', kind: 'interactive', calls: 50, concurrency: 50 }, () => ({
      fn: 'council',
      action: 'households',
      openid: leader,
      data: { villageId },
    }))
    await bench.measure({ name: 'council.ledger (year)', kind: 'interactive', calls: 30, concurrency: 10 }, () => ({
      fn: 'council',
      action: 'ledger',
      openid: chair,
      data: { villageId, year },
    }))
    await bench.measure(
      { name: 'council.townshipSummary (year)', kind: 'dashboard', calls: 30, concurrency: 5 },
      () => ({
        fn: 'council',
        action: 'townshipSummary',
        openid: townshipOrganiser(townshipId),
        data: { townshipId, year },
      }),
    )
    await bench.measure({ name: 'council.countySummary (year)', kind: 'dashboard', calls: 30, concurrency: 5 }, () => ({
      fn: 'council',
      action: 'countySummary',
      openid: COUNTY_ORGANISER,
      data: { year },
    }))
  },
}
