/**
 * CloudBase timer-trigger expressions (7 fields: second minute hour day-of-month month day-of-week year), matched
 * in Beijing time as CloudBase evaluates them for mainland regions. Supports what config.json files here use and
 * the usual forms: `*`, `n`, `a-b`, `a,b,c`, `* /n` and `a-b/n` (without the space). Day-of-week 0–6 is Sunday–
 * Saturday; when both day fields are restricted, either may match (cron's usual rule).
 */
const FIELDS = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'weekday', min: 0, max: 6 },
  { name: 'year', min: 1970, max: 2199 },
] as const

export type CronMatcher = (at: Date) => boolean

export function parseCron(expression: string): CronMatcher {
  const parts = expression.trim().split(/\s+/)
  if (parts.length !== 7)
    throw new Error(`timer expression needs 7 fields (second minute hour day month weekday year): "${expression}"`)
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]!, expression))
  const dayRestricted = parts[3] !== '*'
  const weekdayRestricted = parts[5] !== '*'
  return (at: Date) => {
    const b = new Date(at.getTime() + 8 * 3600_000)
    const value = [
      b.getUTCSeconds(),
      b.getUTCMinutes(),
      b.getUTCHours(),
      b.getUTCDate(),
      b.getUTCMonth() + 1,
      b.getUTCDay(),
      b.getUTCFullYear(),
    ]
    for (const i of [0, 1, 2, 4, 6]) if (!sets[i]!.has(value[i]!)) return false
    const dayOk = sets[3]!.has(value[3]!)
    const weekdayOk = sets[5]!.has(value[5]!)
    return dayRestricted && weekdayRestricted ? dayOk || weekdayOk : dayOk && weekdayOk
  }
}

function parseField(part: string, field: (typeof FIELDS)[number], expression: string): Set<number> {
  const out = new Set<number>()
  for (const item of part.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item)
    if (!m) throw new Error(`cannot read the ${field.name} field "${item}" of "${expression}"`)
    const from = m[1] === '*' ? field.min : Number(m[2])
    const to = m[1] === '*' ? field.max : m[3] !== undefined ? Number(m[3]) : m[4] ? field.max : from
    const step = m[4] ? Number(m[4]) : 1
    if (from < field.min || to > field.max || from > to || step < 1)
      throw new Error(`the ${field.name} field "${item}" of "${expression}" is out of range`)
    for (let v = from; v <= to; v += step) out.add(v)
  }
  return out
}
