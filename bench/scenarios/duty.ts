/** 值班坐班: check-in/out by today's cadre of many villages at once, the village's own reads, the township summary. */
import type { Doc } from '../../local/seed/demo-data'
import { COUNTY_ORGANISER, demoVillage, townshipOrganiser, type Scenario } from '../harness/bench'

const beijingToday = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10)

export const duty: Scenario = {
  module: 'duty',
  keep: ['people', 'duty_shifts', 'duty_checkins', 'duty_logs'],
  generates: ['duty'],
  async run({ bench, data, put, clock }) {
    const { currentCode } = await import('../../cloudfunctions/_lib/rotating-code')
    const { db } = await import('../../cloudfunctions/_lib/cloud')
    const today = beijingToday(clock())
    const villages = new Map((data.get('villages') ?? []).map((v) => [v._id, v]))
    const people = new Map((data.get('people') ?? []).map((p) => [p._id, p]))
    // Today's cadre of each village, bound (as the roster's invitation would have); 100 villages spread over the county.
    const shifts = (data.get('duty_shifts') ?? []).filter((s) => s.date === today)
    const step = Math.max(1, Math.floor(shifts.length / 100))
    const chosen = shifts.filter((_, i) => i % step === 0).slice(0, bench.n(100))
    await put(
      'bindings',
      chosen.map((s) => {
        const p = people.get(s.personId as string)!
        return {
          _id: `bench-${s.personId}`,
          memberships: [
            { villageId: s.villageId, townshipId: s.townshipId, personId: s.personId, name: p.name, roles: p.roles },
          ],
        } as Doc
      }),
    )
    const proof = async (villageId: string) => {
      const centre = villages.get(villageId)!.serviceCentre as { latitude: number; longitude: number }
      const code = await currentCode(db as never, { purpose: 'duty', subjectId: villageId }, clock())
      return {
        villageId,
        location: { latitude: centre.latitude, longitude: centre.longitude, accuracy: 15 },
        code: code.digits,
      }
    }
    const asCadre = (s: Doc) => `bench-${s.personId}`
    await bench.measure(
      {
        name: 'duty.checkIn',
        kind: 'interactive',
        calls: chosen.length,
        concurrency: 50,
        note: `today's cadre of ${chosen.length} villages`,
      },
      async (i) => ({
        fn: 'duty',
        action: 'checkIn',
        openid: asCadre(chosen[i]!),
        data: await proof(chosen[i]!.villageId as string),
      }),
    )
    await bench.measure(
      { name: 'duty.checkOut', kind: 'interactive', calls: chosen.length, concurrency: 50 },
      async (i) => ({
        fn: 'duty',
        action: 'checkOut',
        openid: asCadre(chosen[i]!),
        data: await proof(chosen[i]!.villageId as string),
      }),
    )
    const at = (i: number) => chosen[i % chosen.length]!
    const vid = (i: number) => at(i).villageId as string
    await bench.measure({ name: 'duty.addLog', kind: 'interactive', calls: 100, concurrency: 50 }, (i) => ({
      fn: 'duty',
      action: 'addLog',
      openid: asCadre(at(i)),
      requestId: `bench-duty-log-${String(i).padStart(8, '0')}`,
      data: {
        villageId: vid(i),
        visitorName: '张某某',
        matter: `咨询事项第${i}件`,
        action: '当场答复',
        outcome: 'resolved',
      },
    }))
    await bench.measure({ name: 'duty.listLogs (today)', kind: 'interactive', calls: 100, concurrency: 50 }, (i) => ({
      fn: 'duty',
      action: 'listLogs',
      openid: asCadre(at(i)),
      data: { villageId: vid(i), date: today },
    }))
    await bench.measure({ name: 'duty.myDuty', kind: 'interactive', calls: 100, concurrency: 50 }, (i) => ({
      fn: 'duty',
      action: 'myDuty',
      openid: asCadre(at(i)),
      data: { villageId: vid(i) },
    }))
    await bench.measure({ name: 'duty.week', kind: 'interactive', calls: 100, concurrency: 50 }, (i) => ({
      fn: 'duty',
      action: 'week',
      openid: asCadre(at(i)),
      data: { villageId: vid(i) },
    }))
    await bench.measure({ name: 'duty.board (public)', kind: 'interactive', calls: 100, concurrency: 50 }, (i) => ({
      fn: 'duty',
      action: 'board',
      openid: 'bench-anyone',
      data: { villageId: vid(i) },
    }))
    const v = demoVillage(data)
    await bench.measure(
      { name: 'duty.villageMonth (secretary)', kind: 'interactive', calls: 40, concurrency: 10 },
      () => ({
        fn: 'duty',
        action: 'villageMonth',
        openid: v.login('branch-secretary'),
        data: { villageId: v.villageId },
      }),
    )
    await bench.measure(
      { name: 'duty.exceptions (secretary)', kind: 'interactive', calls: 40, concurrency: 10 },
      () => ({
        fn: 'duty',
        action: 'exceptions',
        openid: v.login('branch-secretary'),
        data: { villageId: v.villageId },
      }),
    )
    const townships = (data.get('townships') ?? []).map((t) => t._id)
    await bench.measure(
      {
        name: 'duty.townshipSummary',
        kind: 'dashboard',
        calls: 30,
        concurrency: 5,
        note: 'county organiser, each township',
      },
      (i) => ({
        fn: 'duty',
        action: 'townshipSummary',
        openid: i % 2 ? COUNTY_ORGANISER : townshipOrganiser(v.townshipId),
        data: { townshipId: i % 2 ? townships[i % townships.length] : v.townshipId },
      }),
    )
  },
}
