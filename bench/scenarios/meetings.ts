/** 三会一课: calling a meeting for a ~60-member branch, everyone signing in at once, reads, the township's compliance. */
import type { Doc } from '../../local/seed/demo-data'
import { COUNTY_ORGANISER, townshipOrganiser, type Scenario } from '../harness/bench'

const MEMBER_ROLES = ['party_member', 'branch_secretary', 'branch_committee_member']

export const meetings: Scenario = {
  module: 'meetings',
  keep: ['people', 'meetings', 'meeting_attendance', 'meeting_leaves'],
  generates: ['meetings'],
  async run({ bench, data, put, clock }) {
    const { db } = await import('../../cloudfunctions/_lib/cloud')
    const township = 't03'
    const villages = (data.get('villages') ?? []).filter((v) => v.townshipId === township)
    const village = [...villages].sort(
      (a, b) => Math.abs((a.partyMemberCount as number) - 60) - Math.abs((b.partyMemberCount as number) - 60),
    )[0]!
    const villageId = village._id
    const members = (data.get('people') ?? []).filter(
      (p) => p.villageId === villageId && (p.roles as string[]).some((r) => MEMBER_ROLES.includes(r)),
    )
    await put(
      'bindings',
      members.map(
        (p) =>
          ({
            _id: `bench-${p._id}`,
            memberships: [{ villageId, townshipId: township, personId: p._id, name: p.name, roles: p.roles }],
          }) as Doc,
      ),
    )
    const secretary = members.find((p) => (p.roles as string[]).includes('branch_secretary'))!
    const recorder = members.find((p) => (p.roles as string[]).includes('branch_committee_member')) ?? secretary
    const sec = `bench-${secretary._id}`
    const as = (p: Doc) => `bench-${p._id}`

    let meetingId = ''
    const base = clock().getTime() + 2 * 86400_000
    await bench
      .measure(
        { name: 'meetings.callMeeting', kind: 'interactive', calls: 20, note: `${members.length}-member branch` },
        (i) => ({
          fn: 'meetings',
          action: 'callMeeting',
          openid: sec,
          data: {
            villageId,
            kind: 'branch_assembly',
            topic: `基准测试 ${i}`,
            startsAt: new Date(base + i * 3600_000).toISOString(),
            endsAt: new Date(base + i * 3600_000 + 7200_000).toISOString(),
            place: '村部',
            chairPersonId: secretary._id,
            recorderPersonId: recorder._id,
          },
        }),
      )
      .then((s) => (meetingId = s.at(-1)!.data.meetingId))
    await db
      .collection('meetings')
      .doc(meetingId)
      .update({
        data: { startsAt: new Date(clock().getTime() - 60_000), endsAt: new Date(clock().getTime() + 3600_000) },
      })
    const code = (await bench.call({
      fn: 'meetings',
      action: 'signInCode',
      openid: sec,
      data: { villageId, meetingId },
    })) as { digits: string }
    // Everyone, also in the budget test: the votes below need a quorum.
    await bench.measure(
      {
        name: 'meetings.signIn (whole branch at once)',
        kind: 'interactive',
        calls: members.length,
        concurrency: members.length,
        quickCalls: members.length,
      },
      (i) => ({
        fn: 'meetings',
        action: 'signIn',
        openid: as(members[i]!),
        data: { villageId, meetingId, mode: 'in_person', code: code.digits },
      }),
    )
    await bench.measure(
      { name: 'meetings.getMeeting (live quorum)', kind: 'interactive', calls: 50, concurrency: 50 },
      (i) => ({
        fn: 'meetings',
        action: 'getMeeting',
        openid: as(members[i % members.length]!),
        data: { villageId, meetingId },
      }),
    )
    await bench.measure({ name: 'meetings.recordVote', kind: 'interactive', calls: 10 }, (i) => ({
      fn: 'meetings',
      action: 'recordVote',
      openid: sec,
      data: { villageId, meetingId, motion: `事项${i}`, yes: 1, no: 0, abstain: 0 },
    }))
    await bench.measure({ name: 'meetings.listMeetings', kind: 'interactive', calls: 50, concurrency: 50 }, (i) => ({
      fn: 'meetings',
      action: 'listMeetings',
      openid: as(members[i % members.length]!),
      data: { villageId },
    }))
    await bench.measure({ name: 'meetings.myMeetings', kind: 'interactive', calls: 50, concurrency: 50 }, (i) => ({
      fn: 'meetings',
      action: 'myMeetings',
      openid: as(members[i % members.length]!),
      data: { villageId },
    }))
    await bench.measure({ name: 'meetings.myMessages', kind: 'interactive', calls: 50, concurrency: 50 }, (i) => ({
      fn: 'meetings',
      action: 'myMessages',
      openid: as(members[i % members.length]!),
      data: { villageId },
    }))
    await bench.measure({ name: 'meetings.listMaterials', kind: 'interactive', calls: 50, concurrency: 50 }, (i) => ({
      fn: 'meetings',
      action: 'listMaterials',
      openid: as(members[i % members.length]!),
      data: { villageId },
    }))
    const year = Number(new Date(clock().getTime() + 8 * 3600_000).toISOString().slice(0, 4))
    await bench.measure({ name: 'meetings.branchCalendar', kind: 'interactive', calls: 20, concurrency: 10 }, () => ({
      fn: 'meetings',
      action: 'branchCalendar',
      openid: sec,
      data: { villageId, year },
    }))
    await bench.measure({ name: 'meetings.absenceWarnings', kind: 'interactive', calls: 20, concurrency: 10 }, () => ({
      fn: 'meetings',
      action: 'absenceWarnings',
      openid: sec,
      data: { villageId },
    }))
    const townships = (data.get('townships') ?? []).map((t) => t._id)
    await bench.measure({ name: 'meetings.townshipCompliance', kind: 'dashboard', calls: 30, concurrency: 5 }, (i) => ({
      fn: 'meetings',
      action: 'townshipCompliance',
      openid: i % 2 ? COUNTY_ORGANISER : townshipOrganiser(township),
      data: { townshipId: i % 2 ? townships[i % townships.length] : township, year },
    }))
  },
}
