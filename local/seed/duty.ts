/**
 * Demo duty activity (值班坐班), added to the generated county: for every village a duty roster from `days` days
 * ago to 13 days ahead (one cadre a day, rotating), the check-ins and check-outs of the past days, a few duty log
 * entries a day, and the per-village-per-month aggregates (`duty_months`) exactly as the function would have
 * maintained them. Today has a plan but no check-in, so a demo cadre can check in. In the demo villages (those
 * with demo logins) today's shift belongs to the demo 支委委员.
 *
 * Deterministic for a given `today` (the Beijing date the seed is made on). `days: 365` gives the bench
 * scale (~95,000 check-ins, ~290,000 log entries for 262 villages); the demo default is 60.
 */
import { addDays, compactDate, dayKey, type MonthAggregate } from '../../common/rules/duty'
import { beijingDate, startOfBeijingDate } from '../../common/rules/beijing-time'
import type { DemoData, Doc } from './demo-data'
import { prng } from './random'
import { C } from '../../cloudfunctions/_lib/collections'

const CADRE_ROLES = [
  'branch_secretary',
  'branch_committee_member',
  'village_committee_member',
  'first_secretary',
  'resident_cadre',
]
const MATTERS: [string, string][] = [
  ['咨询低保申请需要的材料', '讲解了申请条件和材料清单'],
  ['办理居住证明', '核实后当场开具'],
  ['反映门前排水沟堵塞', '登记，联系网格长处理'],
  ['咨询医保缴费', '帮助在手机上缴费'],
  ['邻里宅基地边界纠纷', '约双方到村委会调解'],
  ['打听惠农补贴到账时间', '查询后告知'],
  ['申请困难救助', '登记情况，报乡镇民政'],
  ['路灯不亮', '记录位置，联系电工'],
]
const NAMES = '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁'
const GIVEN = '建国华明军平志强伟芳秀英玉兰桂红丽敏静海涛磊洋勇艳杰娟霞刚'

export interface DutyDemoOptions {
  /** Days of history before today (default 60). */
  days?: number
  /** The instant taken as "now". */
  now: Date
  /** Average log entries per village per day (default 3). */
  logsPerDay?: number
}

export function addDutyDemo(data: DemoData, options: DutyDemoOptions): void {
  const rand = prng(20260302)
  const days = options.days ?? 60
  const logsPerDay = options.logsPerDay ?? 3
  const today = beijingDate(options.now)
  const villages = data.get(C.villages) ?? []
  const people = data.get(C.people) ?? []
  const cadresOf = new Map<string, Doc[]>()
  for (const p of people) {
    if (!(p.roles as string[]).some((r) => CADRE_ROLES.includes(r))) continue
    const v = p.villageId as string
    if (!cadresOf.has(v)) cadresOf.set(v, [])
    cadresOf.get(v)!.push(p)
  }
  const out = { duty_shifts: [] as Doc[], duty_checkins: [] as Doc[], duty_logs: [] as Doc[], duty_months: [] as Doc[] }
  const at = (date: string, minute: number) => new Date(startOfBeijingDate(date).getTime() + minute * 60_000)

  for (const village of villages) {
    const villageId = village._id
    const townshipId = village.townshipId as string
    const cadres = cadresOf.get(villageId) ?? []
    if (!cadres.length) continue
    const demoCadre = cadres.find((c) => String(c.openid ?? '').endsWith('-branch-committee-member'))
    const months = new Map<
      string,
      MonthAggregate & { days: Record<string, { cadres?: number; minutes?: number; exceptions?: number }> }
    >()
    const monthOf = (m: string) => {
      if (!months.has(m))
        months.set(m, {
          days: {},
          checkins: 0,
          exceptions: 0,
          minutes: 0,
          matters: 0,
          resolvedOnSpot: 0,
          handedOff: 0,
          disputes: 0,
          emergencies: 0,
        })
      return months.get(m)!
    }
    let logNo = 0
    for (let i = -days; i <= 13; i++) {
      const date = addDays(today, i)
      const cadre = i === 0 && demoCadre ? demoCadre : cadres[(i + days + (village.order as number)) % cadres.length]!
      const start = village.kind === 'community' ? '08:00' : '08:30'
      const end = village.kind === 'community' ? '17:00' : '15:30'
      out.duty_shifts.push({
        _id: `sh-${compactDate(date)}-${cadre._id}`,
        villageId,
        townshipId,
        date,
        personId: cadre._id,
        name: cadre.name,
        start,
        end,
        createdAt: at(date, -24 * 60),
      })
      if (i >= 0) continue
      const month = date.slice(0, 7)
      const agg = monthOf(month)
      const day = (agg.days[dayKey(date)] ??= {})
      if (rand() < 0.96) {
        const inMinute = (village.kind === 'community' ? 470 : 500) + Math.floor(rand() * 30)
        const minutes = (village.kind === 'community' ? 540 : 420) + Math.floor(rand() * 40) - 20
        const exception = rand() < 0.03
        out.duty_checkins.push({
          _id: `ci-${compactDate(date)}-${cadre._id}`,
          villageId,
          townshipId,
          date,
          month,
          personId: cadre._id,
          name: cadre.name,
          kind: 'duty',
          shiftId: `sh-${compactDate(date)}-${cadre._id}`,
          checkedInAt: at(date, inMinute),
          distanceMetres: Math.floor(rand() * 60),
          codeWindow: exception ? null : Math.floor(at(date, inMinute).getTime() / 30_000),
          exception,
          exceptionMissing: exception ? 'code' : null,
          exceptionReason: exception ? '停电，值班屏打不开' : null,
          checkedOutAt: at(date, inMinute + minutes),
          minutes,
          checkOutException: null,
        })
        agg.checkins! += 1
        agg.minutes! += minutes
        if (exception) agg.exceptions! += 1
        day.cadres = (day.cadres ?? 0) + 1
        day.minutes = (day.minutes ?? 0) + minutes
        if (exception) day.exceptions = (day.exceptions ?? 0) + 1
        const n = Math.floor(rand() * (2 * logsPerDay + 1))
        for (let k = 0; k < n; k++) {
          const [matter, action] = MATTERS[Math.floor(rand() * MATTERS.length)]!
          const resolved = rand() < 0.72
          const dispute = matter.includes('纠纷')
          const visitor =
            NAMES[Math.floor(rand() * NAMES.length)]! +
            GIVEN[Math.floor(rand() * GIVEN.length)]! +
            (rand() < 0.6 ? GIVEN[Math.floor(rand() * GIVEN.length)]! : '')
          out.duty_logs.push({
            _id: `dl-${villageId}-${compactDate(date)}-${k}`,
            villageId,
            townshipId,
            date,
            month,
            at: at(date, inMinute + 20 + k * 50),
            visitorName: visitor,
            visitorPhone: '',
            matter,
            action,
            outcome: resolved ? 'resolved' : 'follow-up',
            dispute,
            emergencyReported: false,
            loggedByPersonId: cadre._id,
            loggedByName: cadre.name,
            ownerPersonId: cadre._id,
            ownerName: cadre.name,
            requestLinkId: null,
            // Older follow-ups were done; the last week's may still be open.
            status: resolved || i < -7 ? 'closed' : 'open',
            history: [],
          })
          logNo++
          agg.matters! += 1
          if (resolved) agg.resolvedOnSpot! += 1
          if (dispute) agg.disputes! += 1
        }
      }
    }
    for (const [month, agg] of months)
      out.duty_months.push({ _id: `${villageId}:${month}`, villageId, townshipId, month, ...agg })
    void logNo
  }
  for (const [collection, docs] of Object.entries(out)) data.set(collection, [...(data.get(collection) ?? []), ...docs])
}
