/** 五星支部: the monthly refresh, the county and township dashboards, the export, the village's board. */
import { COUNTY_ORGANISER, demoVillage, townshipOrganiser, type Scenario } from '../harness/bench'

export const stars: Scenario = {
  module: 'stars',
  keep: [],
  generates: ['stars'],
  async run({ bench, data, clock }) {
    const month = new Date(clock().getTime() + 8 * 3600_000).toISOString().slice(0, 7)
    const v = demoVillage(data)
    const townships = (data.get('townships') ?? []).map((t) => t._id)
    // 现在更新: a new run, then continue until complete (the timer continues the same way, every 5 minutes at night).
    await bench.measureRun(
      { name: 'stars.refresh (whole run)', maxSteps: 200, note: 'each step ~1.5 s of work at most' },
      (step) => ({
        fn: 'stars',
        action: 'refresh',
        openid: COUNTY_ORGANISER,
        data: step === 0 ? { month, restart: true } : { month },
      }),
      (sample) => sample.data?.complete === true,
    )
    await bench.measure({ name: 'stars.countyDashboard', kind: 'dashboard', calls: 20, concurrency: 5 }, () => ({
      fn: 'stars',
      action: 'countyDashboard',
      openid: COUNTY_ORGANISER,
      data: { month },
    }))
    await bench.measure({ name: 'stars.townshipDashboard', kind: 'dashboard', calls: 30, concurrency: 5 }, (i) => ({
      fn: 'stars',
      action: 'townshipDashboard',
      openid: i % 2 ? COUNTY_ORGANISER : townshipOrganiser(v.townshipId),
      data: { townshipId: i % 2 ? townships[i % townships.length] : v.townshipId, month },
    }))
    await bench.measure({ name: 'stars.exportMonth (.xlsx)', kind: 'dashboard', calls: 3, quickCalls: 1 }, () => ({
      fn: 'stars',
      action: 'exportMonth',
      openid: COUNTY_ORGANISER,
      data: { month },
    }))
    await bench.measure({ name: 'stars.exportTownship (.xlsx)', kind: 'dashboard', calls: 3, quickCalls: 1 }, () => ({
      fn: 'stars',
      action: 'exportTownship',
      openid: townshipOrganiser(v.townshipId),
      data: { townshipId: v.townshipId, month },
    }))
    await bench.measure({ name: 'stars.villageBoard', kind: 'interactive', calls: 50, concurrency: 50 }, () => ({
      fn: 'stars',
      action: 'villageBoard',
      openid: v.login('branch-secretary'),
      data: { villageId: v.villageId },
    }))
    await bench.measure({ name: 'stars.villageNeeds', kind: 'interactive', calls: 50, concurrency: 50 }, () => ({
      fn: 'stars',
      action: 'villageNeeds',
      openid: v.login('branch-secretary'),
      data: { villageId: v.villageId },
    }))
    await bench.measure({ name: 'stars.townshipNeeds', kind: 'dashboard', calls: 20, concurrency: 5 }, () => ({
      fn: 'stars',
      action: 'townshipNeeds',
      openid: townshipOrganiser(v.townshipId),
      data: { townshipId: v.townshipId },
    }))
  },
}
