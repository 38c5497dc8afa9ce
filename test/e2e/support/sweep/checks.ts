/**
 * What the sweep (test/e2e/sweep.e2e.ts) fails a page on, as pure functions of what the browser measured, so the
 * thresholds and patterns are unit-tested (test/unit/e2e-sweep.test.ts) apart from a browser.
 */

export type Mode = 'normal' | 'large'

/** Smallest readable text and smallest tap target, in CSS px at the 390-wide phone viewport. */
export const THRESHOLDS: Record<Mode, { minFontPx: number; minTargetPx: number }> = {
  normal: { minFontPx: 12, minTargetPx: 44 },
  large: { minFontPx: 17, minTargetPx: 48 },
}

/** One piece of visible text as measured in the page. */
export interface TextSample {
  text: string
  fontPx: number
  /** Set for what is not part of the page itself (the tab bar). */
  area?: string
}

/** One visible tap target (something with a tap handler, a form control, a tab). */
export interface TargetSample {
  label: string
  width: number
  height: number
  area?: string
}

/** What the sweep measures on one screen state. */
export interface Measurement {
  texts: TextSample[]
  targets: TargetSample[]
  scrollWidth: number
  viewportWidth: number
}

export interface Problem {
  kind:
    | 'small-text'
    | 'small-target'
    | 'overflow'
    | 'machine-text'
    | 'choose-village'
    | 'forbidden'
    | 'unreachable'
    /** The sweep could not go on (no page shown, a tab bar gone): what it had found is kept. */
    | 'stuck'
  detail: string
}

/** Text a person should never read: machine formats, internal ids, English from validation. */
export const MACHINE_TEXT: { name: string; pattern: RegExp }[] = [
  { name: 'ISO timestamp', pattern: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/ },
  // Ids made by cloudfunctions/_lib/records.ts newId (prefix-12 base64url letters/digits).
  { name: 'internal id', pattern: /(?<![A-Za-z0-9])[a-z]{1,5}-(?=[A-Za-z0-9]*[A-Z0-9])[A-Za-z0-9]{12}(?![A-Za-z0-9])/ },
  // Ids of the demo county (local/seed): v025, t03, p000123, v025-h0012, rq-demo-3, demo-v025-resident.
  {
    name: 'internal id',
    pattern:
      /(?<![A-Za-z0-9])(?:[vt]\d{2,3}|p\d{5,}|v\d{3}-[a-z]{1,2}\d+|[a-z]{1,4}-demo-[\w-]+|demo-[\w-]+|[a-z]{2,3}-v\d{3}-[\w-]+)(?![A-Za-z0-9])/,
  },
  { name: 'quarter as Q1–Q4', pattern: /(?<![A-Za-z])Q[1-4](?![0-9])/ },
  { name: 'English from validation', pattern: /(?<![A-Za-z])(?:string|undefined|null|NaN|expected)(?![A-Za-z])/i },
  // A kind said twice in front of a title ("主题党日：主题党日：…").
  { name: 'a kind said twice', pattern: /([\u4e00-\u9fa5]{2,8})[：:]\s*\1[：:]/ },
  // A deadline "before midnight" that reads as the day after ("最晚 12月25日 00:00 前" for "by 12月24日").
  { name: 'a deadline at midnight', pattern: /00:00\s*(?:前|以前|之前)/ },
]

/** The dead end of issue 19: a bound person told to choose their village first. */
export const CHOOSE_VILLAGE = /请先.{0,12}选择.{0,6}村/

export function checkTexts(texts: readonly TextSample[], mode: Mode, { bound }: { bound: boolean }): Problem[] {
  const problems: Problem[] = []
  const min = THRESHOLDS[mode].minFontPx
  const seen = new Set<string>()
  const once = (p: Problem) => {
    const key = `${p.kind}|${p.detail}`
    if (!seen.has(key)) {
      seen.add(key)
      problems.push(p)
    }
  }
  for (const { text, fontPx } of texts) {
    const shown = text.trim()
    if (!shown) continue
    if (fontPx < min) once({ kind: 'small-text', detail: `${fontPx}px < ${min}px: 「${clip(shown)}」` })
    for (const { name, pattern } of MACHINE_TEXT) {
      const m = pattern.exec(shown)
      if (m) once({ kind: 'machine-text', detail: `${name} 「${m[0]}」 in 「${clip(shown)}」` })
    }
    if (bound && CHOOSE_VILLAGE.test(shown)) once({ kind: 'choose-village', detail: `「${clip(shown)}」` })
  }
  return problems
}

export function checkTargets(targets: readonly TargetSample[], mode: Mode): Problem[] {
  const min = THRESHOLDS[mode].minTargetPx
  const problems: Problem[] = []
  const seen = new Set<string>()
  for (const t of targets) {
    if (t.width <= 0 || t.height <= 0) continue
    if (t.width >= min && t.height >= min) continue
    const detail = `${Math.round(t.width)}×${Math.round(t.height)}px < ${min}px: 「${clip(t.label)}」`
    if (!seen.has(detail)) {
      seen.add(detail)
      problems.push({ kind: 'small-target', detail })
    }
  }
  return problems
}

export function checkOverflow(scrollWidth: number, viewportWidth: number): Problem[] {
  return scrollWidth > viewportWidth + 1
    ? [{ kind: 'overflow', detail: `page is ${scrollWidth}px wide in a ${viewportWidth}px screen` }]
    : []
}

export function checkMeasurement(m: Measurement, mode: Mode, opts: { bound: boolean }): Problem[] {
  return [
    ...checkTexts(m.texts, mode, opts),
    ...checkTargets(m.targets, mode),
    ...checkOverflow(m.scrollWidth, m.viewportWidth),
  ]
}

/** A /api/functions/<fn> answer: FORBIDDEN means the page offered something its person may not do. */
export function forbiddenAnswer(fn: string, body: unknown, after: string): Problem | null {
  const b = body as { ok?: boolean; error?: { code?: string; message?: string } } | null
  if (!b || b.ok !== false || b.error?.code !== 'FORBIDDEN') return null
  return { kind: 'forbidden', detail: `${fn} answered FORBIDDEN (${b.error.message ?? ''}) after ${after}` }
}

function clip(text: string, max = 40): string {
  const oneLine = text.replace(/\s+/g, ' ')
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine
}

/** The table the sweep prints: one line per role. */
export interface RoleResult {
  role: string
  person: string
  reached: string[]
  expected: string[]
  checks: number
  problems: { page: string; mode: Mode | '-'; problem: Problem }[]
}

export function unreachable(result: Pick<RoleResult, 'reached' | 'expected'>): string[] {
  const reached = new Set(result.reached)
  return result.expected.filter((p) => !reached.has(p))
}

/** The table the sweep prints: one line per role, then each role's problems grouped by page, mode and kind. */
export function formatTable(results: readonly RoleResult[], examples = 3): string {
  const lines = [
    'role | person | pages reached | of the pages meant for the role | checks | problems',
    '---- | ------ | ------------- | ------------------------------- | ------ | --------',
  ]
  for (const r of results) {
    const meant = r.expected.length - unreachable(r).length
    lines.push(
      `${r.role} | ${r.person} | ${r.reached.length} | ${meant} of ${r.expected.length} | ${r.checks} | ${r.problems.length}`,
    )
  }
  for (const r of results) {
    if (!r.problems.length) continue
    lines.push('', `${r.role} (${r.person}):`)
    const groups = new Map<string, string[]>()
    for (const { page, mode, problem } of r.problems) {
      const key = `${page} [${mode}] ${problem.kind}`
      groups.set(key, [...(groups.get(key) ?? []), problem.detail])
    }
    for (const [key, details] of groups) {
      const shown = details.slice(0, examples).join('; ')
      const more = details.length > examples ? `; … ${details.length - examples} more` : ''
      lines.push(`  ${key} ×${details.length}: ${shown}${more}`)
    }
  }
  return lines.join('\n')
}
