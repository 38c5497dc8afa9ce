/**
 * `npm run size`: bytes of the weapp build's main package, of each subpackage and of the whole, against WeChat's
 * limits (2 MB per package, 20 MB in all) and the project's budget (bench/budgets.json → packages: main ≤ 600 KB,
 * each subpackage ≤ 256 KB, all together ≤ 1 MB); then each cloud function's bundle (dist/cloudfunctions/<name>/
 * index.js, what a cold start parses) against bench/budgets.json → functions.bundleKB. Exits 1 when a limit or
 * budget is exceeded. test/weapp/package-size.test.ts and test/unit/cloud-bundles.test.ts check the same in
 * `npm test`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

const KB = 1024
export const WECHAT_PACKAGE_LIMIT = 2 * 1024 * KB
export const WECHAT_TOTAL_LIMIT = 20 * 1024 * KB

export interface PackageBudget {
  mainKB: number
  subpackageKB: number
  totalKB: number
}

export interface PackageSize {
  name: string
  bytes: number
}

const BUDGET_FILE = path.resolve(__dirname, '..', 'bench', 'budgets.json')

/** The most a cloud function's bundle may weigh, in KB. */
export function functionBundleBudgetKB(file = BUDGET_FILE): number {
  return (JSON.parse(readFileSync(file, 'utf8')) as { functions: { bundleKB: number } }).functions.bundleKB
}

/** Each built function's index.js, by name. */
export function measureFunctionBundles(dir: string): PackageSize[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'index.js')))
    .map((e) => ({ name: e.name, bytes: statSync(path.join(dir, e.name, 'index.js')).size }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

export function formatFunctionReport(sizes: PackageSize[], budgetKB: number): string {
  const kb = (n: number) => `${(n / KB).toFixed(1)} KB`
  return [
    `${'cloud function bundle'.padEnd(24)} ${'size'.padStart(11)} ${'budget'.padStart(11)}  used of budget`,
    ...sizes.map(
      (s) =>
        `${s.name.padEnd(24)} ${kb(s.bytes).padStart(11)} ${kb(budgetKB * KB).padStart(11)}  ${((100 * s.bytes) / (budgetKB * KB)).toFixed(0).padStart(3)}%${s.bytes > budgetKB * KB ? '  OVER' : ''}`,
    ),
  ].join('\n')
}

export function packageBudget(file = BUDGET_FILE): PackageBudget {
  const { packages } = JSON.parse(readFileSync(file, 'utf8')) as { packages: PackageBudget }
  return packages
}

function folderBytes(dir: string, skip: (relative: string) => boolean, base = dir): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    const relative = path.relative(base, full).split(path.sep).join('/')
    if (skip(relative)) continue
    // WeChat DevTools does not upload licence notes, so they do not count.
    if (entry.name.endsWith('.LICENSE.txt')) continue
    total += entry.isDirectory() ? folderBytes(full, skip, base) : statSync(full).size
  }
  return total
}

/** main, then every subpackage of app.json, in its order. */
export function measureWeapp(dir: string): PackageSize[] {
  const app = JSON.parse(readFileSync(path.join(dir, 'app.json'), 'utf8')) as { subPackages?: { root: string }[] }
  const roots = (app.subPackages ?? []).map((p) => p.root.replace(/\/$/, ''))
  const main = folderBytes(
    dir,
    (rel) => roots.includes(rel) || rel === 'project.config.json' || rel === 'project.private.config.json',
  )
  return [
    { name: 'main', bytes: main },
    ...roots.map((root) => ({ name: root, bytes: folderBytes(path.join(dir, root), () => false) })),
  ]
}

export interface SizeLine extends PackageSize {
  limit: number
  budget: number
  over: boolean
}

/** Each package and the total, with WeChat's limit and our budget; `over` when either is exceeded. */
export function sizeReport(sizes: PackageSize[], budget: PackageBudget): SizeLine[] {
  const lines = sizes.map((s) => {
    const limit = WECHAT_PACKAGE_LIMIT
    const own = (s.name === 'main' ? budget.mainKB : budget.subpackageKB) * KB
    return { ...s, limit, budget: own, over: s.bytes > Math.min(limit, own) }
  })
  const total = sizes.reduce((a, s) => a + s.bytes, 0)
  lines.push({
    name: 'total',
    bytes: total,
    limit: WECHAT_TOTAL_LIMIT,
    budget: budget.totalKB * KB,
    over: total > Math.min(WECHAT_TOTAL_LIMIT, budget.totalKB * KB),
  })
  return lines
}

export function formatSizeReport(lines: SizeLine[]): string {
  const kb = (n: number) => `${(n / KB).toFixed(1)} KB`
  const out = [
    `${'package'.padEnd(24)} ${'size'.padStart(11)} ${'budget'.padStart(11)} ${'WeChat limit'.padStart(13)}  used of budget`,
  ]
  for (const l of lines) {
    out.push(
      `${l.name.padEnd(24)} ${kb(l.bytes).padStart(11)} ${kb(l.budget).padStart(11)} ${kb(l.limit).padStart(13)}  ${((100 * l.bytes) / l.budget).toFixed(0).padStart(3)}%${l.over ? '  OVER' : ''}`,
    )
  }
  return out.join('\n')
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '..', 'dist', 'weapp')
  if (!existsSync(path.join(dir, 'app.json'))) {
    console.error('dist/weapp not built: run npm run build:weapp first')
    process.exit(1)
  }
  const lines = sizeReport(measureWeapp(dir), packageBudget())
  console.log(formatSizeReport(lines))
  const functionsDir = path.resolve(__dirname, '..', 'dist', 'cloudfunctions')
  const bundles = existsSync(functionsDir) ? measureFunctionBundles(functionsDir) : []
  const budgetKB = functionBundleBudgetKB()
  if (bundles.length) console.log(`\n${formatFunctionReport(bundles, budgetKB)}`)
  else console.error('\ndist/cloudfunctions not built: run npm run build:functions for the bundle sizes')
  process.exit(lines.some((l) => l.over) || bundles.some((b) => b.bytes > budgetKB * KB) ? 1 : 0)
}
