/** The one table `npm run bench` prints: per action, the 1× and 10× figures and their ratio. */
import type { ActionResult } from './bench'

export interface ActionRow {
  module: string
  name: string
  kind: string
  x1?: ActionResult
  x10?: ActionResult
  /** 10× / 1× of each figure (null where 1× is 0 or a scale is missing). */
  ratio: Record<Figure, number | null>
}

export const FIGURES = ['requests', 'examined', 'returned', 'p50', 'p95', 'max'] as const
export type Figure = (typeof FIGURES)[number]

export const value = (r: ActionResult, f: Figure): number =>
  f === 'requests' || f === 'examined' || f === 'returned' ? r[f].avg : r[f]

export function combine(x1: ActionResult[], x10: ActionResult[]): ActionRow[] {
  const key = (r: ActionResult) => `${r.module}\u0000${r.name}`
  const rows = new Map<string, ActionRow>()
  for (const r of [...x1, ...x10])
    if (!rows.has(key(r)))
      rows.set(key(r), { module: r.module, name: r.name, kind: r.kind, ratio: {} as ActionRow['ratio'] })
  for (const r of x1) rows.get(key(r))!.x1 = r
  for (const r of x10) rows.get(key(r))!.x10 = r
  for (const row of rows.values()) {
    for (const f of FIGURES) {
      const a = row.x1 && !row.x1.errors ? value(row.x1, f) : 0
      const b = row.x10 && !row.x10.errors ? value(row.x10, f) : null
      row.ratio[f] = a > 0 && b !== null ? b / a : null
    }
  }
  return [...rows.values()]
}

export const LEGEND = [
  'Per call, averaged over the calls of the batch (n×c = calls × concurrent callers), measured through the local HTTP server:',
  "  req  = database requests (round trips from the function to the database endpoint), counting the runtime's own:",
  "         the caller's binding read, the audit append and, with a requestId, the idempotency marker read and write;",
  '  exam = documents examined (tested against a filter or fed to an aggregation, whether found by index or scan);',
  '  ret  = documents returned to the function;  p50/p95/max = latency in ms seen by the client (reported, never asserted).',
  "  10×/1× = the ratio of each figure; an interactive action's exam should stay ≈1, a dashboard's grows with villages.",
]

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined ? '—' : n >= 10_000 ? Math.round(n).toLocaleString('en') : n.toFixed(digits)
const ratio = (n: number | null) => (n === null ? '—' : n.toFixed(2))

export function formatTable(rows: ActionRow[]): string {
  const lines: string[] = [...LEGEND, '']
  const head = [
    'action'.padEnd(50),
    'scale'.padStart(6),
    'n×c'.padStart(8),
    'req'.padStart(7),
    'exam'.padStart(9),
    'ret'.padStart(8),
    'p50'.padStart(8),
    'p95'.padStart(8),
    'max'.padStart(8),
    '  notes',
  ]
  lines.push(head.join(' '))
  let module = ''
  for (const row of rows) {
    if (row.module !== module) {
      module = row.module
      lines.push(`— ${module} ${'—'.repeat(110 - module.length)}`)
    }
    const line = (label: string, scale: string, r?: ActionResult) =>
      [
        label.padEnd(50),
        scale.padStart(6),
        (r ? `${r.calls}×${r.concurrency}` : '').padStart(8),
        fmt(r?.requests.avg, 1).padStart(7),
        fmt(r?.examined.avg).padStart(9),
        fmt(r?.returned.avg).padStart(8),
        fmt(r?.p50).padStart(8),
        fmt(r?.p95).padStart(8),
        fmt(r?.max).padStart(8),
        r?.errors
          ? `  ${r.errors} FAILED: ${(r.firstError ?? '').slice(0, 80)}`
          : r && r.kind === 'vote'
            ? `  all ${r.calls} in ${r.wallSeconds.toFixed(1)} s`
            : '',
      ].join(' ')
    lines.push(line(`${row.name} [${row.kind}]`, '1×', row.x1))
    if (row.x10) lines.push(line('', '10×', row.x10))
    if (row.x1 && row.x10) {
      lines.push(
        [
          '',
          '10×/1×'.padStart(6),
          ''.padStart(8),
          ...(['requests', 'examined', 'returned', 'p50', 'p95', 'max'] as const).map((f, i) =>
            ratio(row.ratio[f]).padStart([7, 9, 8, 8, 8, 8][i]!),
          ),
        ]
          .join(' ')
          .replace(/^/, ' '.repeat(50)),
      )
    }
  }
  return lines.join('\n')
}
