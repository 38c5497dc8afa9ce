/** Organisation, identity and roster: who am I, the village's people and households, the organisers' lists. */
import { COUNTY_ORGANISER, demoVillage, townshipOrganiser, type Scenario } from '../harness/bench'

export const org: Scenario = {
  module: 'org',
  keep: ['people', 'households'],
  generates: [],
  async run({ bench, data }) {
    const v = demoVillage(data)
    const { villageId, townshipId } = v
    const sec = v.login('branch-secretary')
    const logins = (data.get('demo_logins') ?? []).map((d) => d._id)
    const anyone = (i: number) => logins[i % logins.length]!
    await bench.measure({ name: 'system.whoami', kind: 'interactive', calls: 100, concurrency: 50 }, (i) => ({
      fn: 'system',
      action: 'whoami',
      openid: anyone(i),
      data: {},
    }))
    await bench.measure({ name: 'account.myProfile', kind: 'interactive', calls: 100, concurrency: 50 }, (i) => ({
      fn: 'account',
      action: 'myProfile',
      openid: anyone(i),
      data: {},
    }))
    // 首页's badges: one call per opening of 首页 by a bound villager (counts only, bounded by the caller).
    for (const [who, login] of [
      ['secretary', sec],
      ['grid leader', v.login('grid-leader')],
      ['party member', v.login('party-member')],
    ] as const) {
      await bench.measure(
        { name: `system.summary (${who})`, kind: 'interactive', calls: 50, concurrency: 50, note: '首页 badges' },
        () => ({ fn: 'system', action: 'summary', openid: login, data: { villageId } }),
      )
    }
    await bench.measure({ name: 'account.myNotices', kind: 'interactive', calls: 50, concurrency: 50 }, () => ({
      fn: 'account',
      action: 'myNotices',
      openid: sec,
      data: {},
    }))
    await bench.measure(
      { name: 'account.markNoticesRead (all)', kind: 'interactive', calls: 20, concurrency: 5 },
      () => ({ fn: 'account', action: 'markNoticesRead', openid: sec, data: {} }),
    )
    await bench.measure(
      {
        name: 'org.publicVillages (townships)',
        kind: 'interactive',
        calls: 50,
        concurrency: 50,
        note: 'village picker, first screen',
      },
      () => ({ fn: 'org', action: 'publicVillages', openid: 'bench-anyone', data: {} }),
    )
    await bench.measure(
      {
        name: 'org.publicVillages (one township)',
        kind: 'interactive',
        calls: 50,
        concurrency: 50,
        note: 'village picker, a township chosen',
      },
      () => ({ fn: 'org', action: 'publicVillages', openid: 'bench-anyone', data: { townshipId } }),
    )
    await bench.measure({ name: 'org.villageBoard (public)', kind: 'interactive', calls: 50, concurrency: 50 }, () => ({
      fn: 'org',
      action: 'villageBoard',
      openid: 'bench-anyone',
      data: { villageId },
    }))
    await bench.measure({ name: 'org.getVillage', kind: 'interactive', calls: 50, concurrency: 50 }, () => ({
      fn: 'org',
      action: 'getVillage',
      openid: sec,
      data: { villageId },
    }))
    await bench.measure({ name: 'org.getSettings', kind: 'interactive', calls: 50, concurrency: 50 }, () => ({
      fn: 'org',
      action: 'getSettings',
      openid: sec,
      data: { villageId },
    }))
    await bench.measure(
      { name: 'roster.listPeople (first page)', kind: 'interactive', calls: 50, concurrency: 50 },
      () => ({ fn: 'roster', action: 'listPeople', openid: sec, data: { villageId } }),
    )
    await bench.measure(
      { name: 'roster.listPeople (name search)', kind: 'interactive', calls: 50, concurrency: 50 },
      () => ({ fn: 'roster', action: 'listPeople', openid: sec, data: { villageId, query: '王' } }),
    )
    const people = (await bench.call({ fn: 'roster', action: 'listPeople', openid: sec, data: { villageId } }))
      .people as { personId?: string; id?: string; _id?: string }[]
    const pid = (p: (typeof people)[number]) => p.personId ?? p.id ?? p._id
    await bench.measure({ name: 'roster.getPerson', kind: 'interactive', calls: 50, concurrency: 50 }, (i) => ({
      fn: 'roster',
      action: 'getPerson',
      openid: sec,
      data: { villageId, personId: pid(people[i % people.length]!) },
    }))
    await bench.measure(
      { name: 'roster.listHouseholds (first page)', kind: 'interactive', calls: 50, concurrency: 50 },
      () => ({ fn: 'roster', action: 'listHouseholds', openid: sec, data: { villageId } }),
    )
    await bench.measure({ name: 'roster.listGrids', kind: 'interactive', calls: 50, concurrency: 50 }, () => ({
      fn: 'roster',
      action: 'listGrids',
      openid: sec,
      data: { villageId },
    }))
    await bench.measure({ name: 'roster.listAudit', kind: 'interactive', calls: 30, concurrency: 10 }, () => ({
      fn: 'roster',
      action: 'listAudit',
      openid: sec,
      data: { villageId },
    }))
    await bench.measure({ name: 'org.listVillages (township)', kind: 'dashboard', calls: 30, concurrency: 5 }, () => ({
      fn: 'org',
      action: 'listVillages',
      openid: townshipOrganiser(townshipId),
      data: { townshipId },
    }))
    await bench.measure({ name: 'org.listTownships (county)', kind: 'dashboard', calls: 30, concurrency: 5 }, () => ({
      fn: 'org',
      action: 'listTownships',
      openid: COUNTY_ORGANISER,
      data: {},
    }))
  },
}
