/**
 * `npm run bench -- bill`: what one year of the county costs in CloudBase, beside the quotas of CloudBase's
 * monthly plans. Reads bench/results/seed-actions.json, which the budget test writes (`npx jest test/budgets`): each
 * measured action's database requests and writes per call and its duration (in-process, one call at a time, at
 * seed scale), and the generated county's document counts and sizes. Run the budget test first.
 *
 * The year's activity is the generated county's own (local/seed/county.ts: a year of every module as of BENCH_NOW),
 * turned into calls as stated in ACTIVITY; dashboards at the stated rate per organiser (VIEWS). 10× is the same year
 * for 2,620 villages: village activity ×10, the organisers' dashboard views unchanged in number (the same townships
 * and county), every call at its 1× figures (interactive calls stay ≈1× at 10×, docs/performance.md; a dashboard's
 * requests grow a little with its villages — read the 10× column as a floor for dashboards).
 *
 * Billing rules (CloudBase price page, docs/performance.md "The yearly bill"): GB-seconds = memory setting (GB) ×
 * duration rounded up to 100 ms; database reads and writes are counted per request; capacity per GB stored.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { C, type CollectionName } from '../cloudfunctions/_lib/collections'

const ROOT = path.resolve(__dirname, '..')
const FIGURES = path.join(__dirname, 'results', 'seed-actions.json')
const WORKING_DAYS = 250
/** A plan fits when every quota is at most this share used: headroom for peaks and growth. */
const FITS = 0.8

interface ActionFigure {
  name: string
  kind: string
  requests: number
  writes: number
  ms: number
  note?: string
}

/** Calls per year from the county's counts: [action measured, calls per document of `per`, what it stands for]. */
const ACTIVITY: { action: string; per: CollectionName; times: number; what: string }[] = [
  { action: 'duty.checkIn', per: C.duty_checkins, times: 1, what: 'a check-in per check-in record' },
  { action: 'duty.checkOut', per: C.duty_checkins, times: 1, what: 'a check-out per check-in record' },
  { action: 'duty.addLog', per: C.duty_logs, times: 1, what: 'a duty log entry' },
  { action: 'duty.myDuty', per: C.duty_checkins, times: 1, what: "the cadre's own page, once per duty day" },
  { action: 'meetings.callMeeting', per: C.meetings, times: 1, what: 'a meeting called' },
  { action: 'meetings.signIn (whole branch at once)', per: C.meeting_attendance, times: 1, what: 'a sign-in' },
  { action: 'meetings.recordVote', per: C.meetings, times: 1, what: 'one vote recorded per meeting' },
  {
    action: 'meetings.myMeetings',
    per: C.meeting_attendance,
    times: 1,
    what: "a member's meetings page per attendance",
  },
  // The generated county keeps no ballots (deliberation_votes is empty): a vote by each of a branch's ~65 members on
  // every matter, the branch size of the benchmark's scenario.
  {
    action: 'deliberation.castVote (65 members at once)',
    per: C.deliberation_matters,
    times: 65,
    what: '65 votes per matter',
  },
  { action: 'requests.raise', per: C.requests, times: 1, what: 'a request raised' },
  { action: 'requests.act accept (village)', per: C.requests, times: 1, what: 'accepted' },
  { action: 'requests.act close (township)', per: C.requests, times: 1, what: 'closed' },
  { action: 'requests.rate', per: C.requests, times: 1, what: 'rated' },
  { action: 'requests.mine', per: C.requests, times: 2, what: "the resident's own list, twice per request" },
  { action: 'grid.recordVisit', per: C.visits, times: 1, what: 'a visit recorded' },
  { action: 'council.file', per: C.council_filings, times: 1, what: 'a filing' },
  { action: 'council.review', per: C.council_filings, times: 1, what: 'its review' },
  { action: 'council.recordActual', per: C.council_filings, times: 1, what: 'its actual figures' },
]

/** Dashboard views: who, how many of them (from the county), views per working day each, which dashboards. */
const VIEWS: { who: string; count: (c: Record<string, number>) => number; perDay: number; actions: string[] }[] = [
  {
    who: 'village secretaries',
    count: (c) => c.villages ?? 0,
    perDay: 2,
    actions: [
      'duty.villageMonth (secretary)',
      'requests.villageFigures',
      'grid.overview (whole village)',
      'stars.villageBoard',
    ],
  },
  {
    who: 'township organisers',
    count: (c) => c.townships ?? 0,
    perDay: 5,
    actions: [
      'duty.townshipSummary',
      'requests.townshipFigures',
      'meetings.townshipCompliance',
      'deliberation.townshipOverview',
      'council.townshipSummary (year)',
      'stars.townshipDashboard',
    ],
  },
  {
    who: 'county organisers (3)',
    count: () => 3,
    perDay: 10,
    actions: [
      'stars.countyDashboard',
      'requests.countyFigures',
      'deliberation.countyOverview',
      'council.countySummary (year)',
    ],
  },
]

/**
 * CloudBase's monthly plans (包年包月), from Tencent Cloud's price page 产品定价 (tencentyun/qcloud-documents,
 * product/移动与通信/应用服务平台/购买指南/产品定价.md; see docs/performance.md for the version read).
 */
const PLANS = [
  { name: '免费版', yuan: 0, gbs: 1_000, readsPerDay: 500, writesPerDay: 300, dbGB: 2 },
  { name: '特惠基础版1', yuan: 6.9, gbs: 10_000, readsPerDay: 50_000, writesPerDay: 30_000, dbGB: 2 },
  { name: '基础版2', yuan: 30, gbs: 200_000, readsPerDay: 250_000, writesPerDay: 150_000, dbGB: 3 },
  { name: '专业版1', yuan: 104, gbs: 400_000, readsPerDay: 500_000, writesPerDay: 300_000, dbGB: 5 },
  { name: '专业版2', yuan: 390, gbs: 1_500_000, readsPerDay: 1_500_000, writesPerDay: 1_000_000, dbGB: 10 },
  { name: '旗舰版1', yuan: 860, gbs: 4_000_000, readsPerDay: 5_000_000, writesPerDay: 3_000_000, dbGB: 10 },
]

function memoryGB(fn: string): number {
  const config = JSON.parse(readFileSync(path.join(ROOT, 'cloudbase', 'functions.json'), 'utf8')) as {
    defaults: { memorySize: number }
    functions: Record<string, { memorySize?: number }>
  }
  return (config.functions[fn]?.memorySize ?? config.defaults.memorySize) / 1024
}

interface Line {
  what: string
  calls: number
  reads: number
  writes: number
  gbs: number
}

function lineFor(figure: ActionFigure, calls: number, what: string): Line {
  const fn = figure.name.split('.')[0]!
  const billedSeconds = Math.ceil(Math.max(figure.ms, 1) / 100) / 10
  return {
    what,
    calls,
    reads: calls * (figure.requests - figure.writes),
    writes: calls * figure.writes,
    gbs: calls * memoryGB(fn) * billedSeconds,
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en')

function main() {
  if (!existsSync(FIGURES)) {
    console.error(`${path.relative(ROOT, FIGURES)} is missing: run the budget test first (npx jest test/budgets)`)
    process.exit(2)
  }
  const seed = JSON.parse(readFileSync(FIGURES, 'utf8')) as {
    counts: Record<string, number>
    bytes: Record<string, number>
    actions: ActionFigure[]
  }
  const figure = (name: string) => {
    const f = seed.actions.find((a) => a.name === name)
    if (!f) throw new Error(`no measured figures for ${name}`)
    return f
  }
  const village: Line[] = ACTIVITY.map((a) =>
    lineFor(figure(a.action), (seed.counts[a.per] ?? 0) * a.times, `${a.action} — ${a.what}`),
  )
  const dashboards: Line[] = VIEWS.flatMap((v) =>
    v.actions.map((name) =>
      lineFor(
        figure(name),
        (v.count(seed.counts) * v.perDay * WORKING_DAYS) / v.actions.length,
        `${name} — ${v.who}, ${v.perDay} views a working day, shared by ${v.actions.length} dashboards`,
      ),
    ),
  )
  const refresh = figure('stars.refresh (whole run)')
  const steps = Number(/(\d+) steps/.exec(refresh.note ?? '')?.[1] ?? 1)
  const scheduled: Line[] = [
    {
      ...lineFor({ ...refresh, requests: refresh.requests / steps, writes: refresh.writes / steps }, 365 * steps, ''),
      what: `stars.refresh — one run a night, ${steps} steps`,
    },
  ]
  const sum = (lines: Line[]) =>
    lines.reduce(
      (t, l) => ({
        calls: t.calls + l.calls,
        reads: t.reads + l.reads,
        writes: t.writes + l.writes,
        gbs: t.gbs + l.gbs,
      }),
      { calls: 0, reads: 0, writes: 0, gbs: 0 },
    )
  const one = sum([...village, ...dashboards, ...scheduled])
  const tenVillage = sum(village)
  const ten = {
    calls: one.calls + 9 * tenVillage.calls,
    reads: one.reads + 9 * tenVillage.reads,
    writes: one.writes + 9 * tenVillage.writes,
    gbs: one.gbs + 9 * tenVillage.gbs,
  }
  const dbGB = Object.values(seed.bytes).reduce((a, b) => a + b, 0) / 1024 ** 3

  console.log(
    'One year of the generated county (counts of its year of activity; figures per call from the budget test):\n',
  )
  console.log(`${'calls/year'.padStart(12)}${'reads'.padStart(14)}${'writes'.padStart(14)}${'GB-s'.padStart(12)}  what`)
  for (const l of [...village, ...dashboards, ...scheduled])
    console.log(
      `${fmt(l.calls).padStart(12)}${fmt(l.reads).padStart(14)}${fmt(l.writes).padStart(14)}${fmt(l.gbs).padStart(12)}  ${l.what}`,
    )
  const row = (label: string, t: typeof one, db: number) => ({
    label,
    perMonth: { calls: t.calls / 12, gbs: t.gbs / 12 },
    perWorkingDay: { reads: t.reads / WORKING_DAYS, writes: t.writes / WORKING_DAYS },
    year: t,
    dbGB: db,
  })
  const rows = [row('1× (262 villages)', one, dbGB), row('10× (2,620 villages)', ten, dbGB * 10)]
  console.log('\nTotals (reads and writes per working day: the year over 250 working days, where the activity is):')
  for (const r of rows)
    console.log(
      `  ${r.label.padEnd(22)} ${fmt(r.year.calls)} calls/year (${fmt(r.perMonth.calls)}/month), ${fmt(r.year.gbs)} GB-s/year (${fmt(r.perMonth.gbs)}/month), reads ${fmt(r.perWorkingDay.reads)}/day, writes ${fmt(r.perWorkingDay.writes)}/day, database ${r.dbGB.toFixed(2)} GB`,
    )
  console.log(
    `\nBeside the monthly plans (share of each quota used; fits: every share at most ${FITS * 100}%, the rest headroom):`,
  )
  console.log(
    `${'plan'.padEnd(12)}${'元/月'.padStart(8)}${'GB-s/月'.padStart(12)}${'读/天'.padStart(12)}${'写/天'.padStart(12)}${'容量'.padStart(8)}   1×: GB-s  reads  writes  db | 10×: GB-s  reads  writes  db`,
  )
  const share = (used: number, quota: number) => `${Math.round((100 * used) / quota)}%`.padStart(6)
  const fits: Record<string, string> = {}
  for (const p of PLANS) {
    const cells = rows.map((r) => {
      const s = [
        r.perMonth.gbs / p.gbs,
        r.perWorkingDay.reads / p.readsPerDay,
        r.perWorkingDay.writes / p.writesPerDay,
        r.dbGB / p.dbGB,
      ]
      if (!fits[r.label] && s.every((x) => x <= FITS))
        fits[r.label] =
          `${p.name} (largest share ${Math.round(100 * Math.max(...s))}%: headroom ${Math.round(100 * (1 - Math.max(...s)))}%)`
      return [
        share(r.perMonth.gbs, p.gbs),
        share(r.perWorkingDay.reads, p.readsPerDay),
        share(r.perWorkingDay.writes, p.writesPerDay),
        share(r.dbGB, p.dbGB),
      ].join('')
    })
    console.log(
      `${p.name.padEnd(12)}${String(p.yuan).padStart(8)}${fmt(p.gbs).padStart(12)}${fmt(p.readsPerDay).padStart(12)}${fmt(p.writesPerDay).padStart(12)}${`${p.dbGB}GB`.padStart(8)}  ${cells[0]} |${cells[1]}`,
    )
  }
  for (const r of rows) console.log(`smallest plan that fits, ${r.label}: ${fits[r.label] ?? 'none of these'}`)
}

main()
