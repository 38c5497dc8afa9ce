/** 党员联户 and 群众诉求: residents raising requests, the request loop village → township → county, visits, queues, figures. */
import type { Doc } from '../../local/seed/demo-data'
import { COUNTY_ORGANISER, demoVillage, townshipOrganiser, type Scenario } from '../harness/bench'

export const grid: Scenario = {
  module: 'grid',
  keep: ['people', 'households', 'linkages', 'visits', 'requests'],
  generates: ['grid'],
  async run({ bench, data, put, clock }) {
    const v = demoVillage(data)
    const { villageId, townshipId } = v
    const secretary = v.login('branch-secretary')
    const member = v.login('party-member')
    const township = townshipOrganiser(townshipId)
    // 50 registered residents of the village (each may raise 20 a day), bound for the bench.
    const residents = (data.get('people') ?? [])
      .filter((p) => p.villageId === villageId && (p.roles as string[]).join() === 'resident')
      .slice(0, 50)
    await put(
      'bindings',
      residents.map(
        (p) =>
          ({
            _id: `bench-${p._id}`,
            memberships: [{ villageId, townshipId, personId: p._id, name: p.name, roles: p.roles }],
          }) as Doc,
      ),
    )
    const resident = (i: number) => `bench-${residents[i % residents.length]!._id}`
    const N = 100
    const fresh: { id: string; by: string }[] = []
    await bench
      .measure(
        { name: 'requests.raise', kind: 'interactive', calls: N, concurrency: 50, note: 'resident, idempotent write' },
        (i) => ({
          fn: 'requests',
          action: 'raise',
          openid: resident(i),
          requestId: `bench-raise-${String(i).padStart(12, '0')}`,
          data: { villageId, category: 'enquiry', description: `咨询事项第${i}件，请村里答复` },
        }),
      )
      .then((s) => s.forEach((x, i) => x.ok && fresh.push({ id: x.data.requestId, by: resident(i) })))
    const req = (i: number) => fresh[i % fresh.length]!
    const act = (name: string, openid: string, extra: Record<string, unknown>) =>
      bench.measure(
        { name: `requests.act ${name}`, kind: 'interactive', calls: fresh.length, concurrency: 50 },
        (i) => ({ fn: 'requests', action: 'act', openid, data: { villageId, requestId: req(i).id, ...extra } }),
      )
    await act('accept (village)', secretary, { action: 'accept' })
    await act('escalate (village)', secretary, { action: 'escalate', note: '需要乡镇协调' })
    await act('accept (township)', township, { action: 'accept' })
    await act('reply (township)', township, { action: 'reply', reply: '已协调解决' })
    await bench.measure({ name: 'requests.rate', kind: 'interactive', calls: fresh.length, concurrency: 50 }, (i) => ({
      fn: 'requests',
      action: 'rate',
      openid: req(i).by,
      data: { villageId, requestId: req(i).id, rating: 'satisfied' },
    }))
    await act('close (township)', township, { action: 'close' })
    await bench.measure({ name: 'requests.get', kind: 'interactive', calls: 100, concurrency: 50 }, (i) => ({
      fn: 'requests',
      action: 'get',
      openid: secretary,
      data: { villageId, requestId: req(i).id },
    }))
    await bench.measure({ name: 'requests.mine', kind: 'interactive', calls: 100, concurrency: 50 }, (i) => ({
      fn: 'requests',
      action: 'mine',
      openid: resident(i),
      data: { villageId },
    }))
    await bench.measure(
      { name: 'requests.villageQueue (open)', kind: 'interactive', calls: 50, concurrency: 10 },
      () => ({ fn: 'requests', action: 'villageQueue', openid: secretary, data: { villageId, filter: 'open' } }),
    )
    const month = new Date(clock().getTime() + 8 * 3600_000).toISOString().slice(0, 7)
    await bench.measure({ name: 'requests.villageFigures', kind: 'interactive', calls: 30, concurrency: 10 }, () => ({
      fn: 'requests',
      action: 'villageFigures',
      openid: secretary,
      data: { villageId, month },
    }))
    await bench.measure(
      { name: 'requests.townshipQueue (overdue)', kind: 'dashboard', calls: 30, concurrency: 5 },
      () => ({ fn: 'requests', action: 'townshipQueue', openid: township, data: { townshipId, filter: 'overdue' } }),
    )
    await bench.measure(
      { name: 'requests.countyQueue (overdue)', kind: 'dashboard', calls: 30, concurrency: 5 },
      () => ({ fn: 'requests', action: 'countyQueue', openid: COUNTY_ORGANISER, data: { filter: 'overdue' } }),
    )
    await bench.measure({ name: 'requests.townshipFigures', kind: 'dashboard', calls: 30, concurrency: 5 }, () => ({
      fn: 'requests',
      action: 'townshipFigures',
      openid: township,
      data: { townshipId, month },
    }))
    await bench.measure({ name: 'requests.countyFigures', kind: 'dashboard', calls: 30, concurrency: 5 }, () => ({
      fn: 'requests',
      action: 'countyFigures',
      openid: COUNTY_ORGANISER,
      data: { month },
    }))

    const mine = (await bench.call({ fn: 'grid', action: 'myHouseholds', openid: member, data: { villageId } })) as {
      households: { householdId: string }[]
    }
    const household = mine.households[0]!.householdId
    const today = new Date(clock().getTime() + 8 * 3600_000).toISOString().slice(0, 10)
    await bench.measure({ name: 'grid.myHouseholds', kind: 'interactive', calls: 50, concurrency: 50 }, () => ({
      fn: 'grid',
      action: 'myHouseholds',
      openid: member,
      data: { villageId },
    }))
    await bench.measure({ name: 'grid.recordVisit', kind: 'interactive', calls: 50, concurrency: 50 }, (i) => ({
      fn: 'grid',
      action: 'recordVisit',
      openid: member,
      requestId: `bench-visit-${String(i).padStart(12, '0')}`,
      data: { villageId, householdId: household, date: today, met: '户主', situation: `第${i}次测试走访` },
    }))
    await bench.measure({ name: 'grid.household (history)', kind: 'interactive', calls: 50, concurrency: 50 }, () => ({
      fn: 'grid',
      action: 'household',
      openid: member,
      data: { villageId, householdId: household },
    }))
    await bench.measure(
      { name: 'grid.overview (whole village)', kind: 'interactive', calls: 20, concurrency: 10 },
      () => ({ fn: 'grid', action: 'overview', openid: secretary, data: { villageId } }),
    )
  },
}
