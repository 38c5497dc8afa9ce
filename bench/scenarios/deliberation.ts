/**
 * 四议两公开: a village of 2,000 adult villagers (700 households, 66 Party members with a vote) added to township
 * t03 of the county: a 66-member 党员大会 vote (everyone at once) and its tally; a 2,000-villager 村民会议 with
 * 500 villagers casting online within a minute (20 at a time, as they arrive) and 1,500 entered in person, then
 * the tally (through aggregation); the village's and the organisers' reads.
 */
import type { Doc } from '../../local/seed/demo-data'
import { COUNTY_ORGANISER, demoVillage, townshipOrganiser, type Scenario } from '../harness/bench'

const DAY = 86_400_000
const VILLAGERS = 2000
const MEMBERS = 66
const HOUSEHOLDS = 700

export const deliberation: Scenario = {
  module: 'deliberation',
  keep: ['deliberation_votes'],
  generates: ['deliberation'],
  async run({ bench, put, data, now, clock }) {
    const { db } = await import('../../cloudfunctions/_lib/cloud')
    const v = 'bench-v'
    const t = 't03'
    await put('villages', [
      {
        _id: v,
        countyId: 'xinye',
        townshipId: t,
        name: '基准村',
        kind: 'village',
        order: 99_999,
        starLevel: 3,
        serviceCentre: {
          name: '基准村党群服务中心',
          address: '村委会',
          phone: '0377-6600000',
          latitude: 32.5,
          longitude: 112.3,
          radiusMetres: 200,
        },
        registeredAdults: VILLAGERS,
        householdCount: HOUSEHOLDS,
        partyMemberCount: MEMBERS,
        partyMembersAway: 20,
        gridCount: 10,
        peopleCount: VILLAGERS,
        boundCount: VILLAGERS,
        settingsOverrides: {},
        updatedAt: now,
      },
    ])
    const ids: string[] = []
    const people: Doc[] = []
    const bindings: Doc[] = []
    for (let i = 0; i < VILLAGERS; i++) {
      const id = `bp${String(i).padStart(4, '0')}`
      ids.push(id)
      const roles =
        i === 0
          ? ['branch_secretary', 'village_committee_member']
          : i < MEMBERS
            ? ['party_member', 'resident']
            : i < MEMBERS + 30
              ? ['villager_representative', 'resident']
              : ['resident']
      const party = i < MEMBERS ? { standing: 'full', presence: i % 3 === 0 ? 'away' : 'home' } : null
      people.push({
        _id: id,
        villageId: v,
        townshipId: t,
        name: `村民${i}`,
        phone: '13800000000',
        roles,
        party,
        householdId: `bh${i % HOUSEHOLDS}`,
        openid: `bench-${id}`,
        createdAt: now,
        updatedAt: now,
      })
      bindings.push({
        _id: `bench-${id}`,
        memberships: [{ villageId: v, townshipId: t, personId: id, name: `村民${i}`, roles }],
      })
    }
    await put('people', people)
    await put('bindings', bindings)
    const sec = 'bench-bp0000'
    const call = (action: string, d: unknown) => bench.call({ fn: 'deliberation', action, openid: sec, data: d })

    const created = await call('createMatter', {
      villageId: v,
      title: '村集体收益分配方案',
      content: '集体收益38万元的分配方案。',
      category: 'collective_income',
      origin: 'cadres',
    })
    const matterId = created.matterId as string
    await call('recordStep', { villageId: v, matterId, step: 2, outcome: 'passed' })
    await call('sendNotice', { villageId: v, matterId, step: 3 })
    await db
      .collection('deliberation_matters')
      .doc(matterId)
      .update({ data: { notice3At: new Date(clock().getTime() - 3 * DAY) } })
    const open3 = await call('openVoting', {
      villageId: v,
      matterId,
      step: 3,
      closesAt: new Date(clock().getTime() + DAY).toISOString(),
    })
    const w3 = open3.windowId as string
    const memberIds = ids.slice(1, MEMBERS)
    // Every member, also in the budget test: the window closes early only when everyone has voted.
    await bench.measure(
      {
        name: 'deliberation.castVote (65 members at once)',
        kind: 'vote',
        calls: memberIds.length,
        concurrency: memberIds.length,
        quickCalls: memberIds.length,
      },
      (i) => ({
        fn: 'deliberation',
        action: 'castVote',
        openid: `bench-${memberIds[i]}`,
        data: { villageId: v, windowId: w3, choice: i % 5 === 0 ? 'disagree' : 'agree' },
      }),
    )
    await bench.call({
      fn: 'deliberation',
      action: 'castVote',
      openid: sec,
      data: { villageId: v, windowId: w3, choice: 'agree' },
    })
    await bench.measure({ name: 'deliberation.closeVoting (66-member tally)', kind: 'interactive', calls: 1 }, () => ({
      fn: 'deliberation',
      action: 'closeVoting',
      openid: sec,
      data: { villageId: v, windowId: w3 },
    }))

    await call('sendNotice', { villageId: v, matterId, step: 4, meetingKind: 'villagers' })
    await db
      .collection('deliberation_matters')
      .doc(matterId)
      .update({ data: { notice4At: new Date(clock().getTime() - 10 * DAY) } })
    const open4 = await call('openVoting', {
      villageId: v,
      matterId,
      step: 4,
      meetingKind: 'villagers',
      closesAt: new Date(clock().getTime() + DAY).toISOString(),
    })
    const w4 = open4.windowId as string
    const online = ids.slice(0, bench.n(500))
    await bench.measure(
      {
        name: 'deliberation.castVote (500 villagers, 20 at a time)',
        kind: 'vote',
        calls: online.length,
        concurrency: 20,
        note: 'target: all 500 within 60 s',
      },
      (i) => ({
        fn: 'deliberation',
        action: 'castVote',
        openid: `bench-${online[i]}`,
        data: { villageId: v, windowId: w4, choice: i % 4 === 3 ? 'disagree' : 'agree' },
      }),
    )
    // Everyone else in person (all 2,000 vote, so the window can close before its deadline).
    const rest = ids.slice(online.length)
    const batches = Math.ceil(rest.length / 200)
    await bench.measure(
      { name: 'deliberation.recordInPersonVotes (200/call)', kind: 'batch', calls: batches, quickCalls: batches },
      (i) => ({
        fn: 'deliberation',
        action: 'recordInPersonVotes',
        openid: sec,
        data: {
          villageId: v,
          windowId: w4,
          votes: rest
            .slice(i * 200, i * 200 + 200)
            .map((personId, j) => ({ personId, choice: (i * 200 + j) % 10 === 0 ? 'abstain' : 'agree' })),
        },
      }),
    )
    await bench.measure({ name: 'deliberation.listVoters (not voted)', kind: 'interactive', calls: 10 }, () => ({
      fn: 'deliberation',
      action: 'listVoters',
      openid: sec,
      data: { villageId: v, windowId: w4, onlyNotVoted: true },
    }))
    await bench.measure(
      {
        name: 'deliberation.closeVoting (villagers tally)',
        kind: 'interactive',
        calls: 1,
        note: 'aggregation over every vote of the window',
      },
      () => ({ fn: 'deliberation', action: 'closeVoting', openid: sec, data: { villageId: v, windowId: w4 } }),
    )

    const dv = demoVillage(data)
    await bench.measure({ name: 'deliberation.listMatters', kind: 'interactive', calls: 50, concurrency: 50 }, () => ({
      fn: 'deliberation',
      action: 'listMatters',
      openid: dv.login('branch-secretary'),
      data: { villageId: dv.villageId },
    }))
    await bench.measure({ name: 'deliberation.myBallots', kind: 'interactive', calls: 50, concurrency: 50 }, (i) => ({
      fn: 'deliberation',
      action: 'myBallots',
      openid: `bench-${ids[i + 1]}`,
      data: { villageId: v },
    }))
    await bench.measure({ name: 'deliberation.publicBoard', kind: 'interactive', calls: 50, concurrency: 50 }, () => ({
      fn: 'deliberation',
      action: 'publicBoard',
      openid: 'bench-anyone',
      data: { villageId: dv.villageId },
    }))
    await bench.measure({ name: 'deliberation.getMatter', kind: 'interactive', calls: 50, concurrency: 50 }, () => ({
      fn: 'deliberation',
      action: 'getMatter',
      openid: sec,
      data: { villageId: v, matterId },
    }))
    await bench.measure(
      { name: 'deliberation.townshipOverview', kind: 'dashboard', calls: 20, concurrency: 5 },
      () => ({ fn: 'deliberation', action: 'townshipOverview', openid: townshipOrganiser(t), data: { townshipId: t } }),
    )
    await bench.measure({ name: 'deliberation.countyOverview', kind: 'dashboard', calls: 20, concurrency: 5 }, () => ({
      fn: 'deliberation',
      action: 'countyOverview',
      openid: COUNTY_ORGANISER,
      data: {},
    }))
  },
}
