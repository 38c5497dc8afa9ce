/**
 * `npm run size`: bytes of the weapp build's main package and of each subpackage, against WeChat's 2 MB limit
 * per package and the project's own main-package budget. Exits 1 when a limit is exceeded.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

export const WECHAT_PACKAGE_LIMIT = 2 * 1024 * 1024
export const MAIN_PACKAGE_BUDGET = 1024 * 1024

export interface PackageSize {
  name: string
  bytes: number
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

export function measureWeapp(dir: string): PackageSize[] {
  const app = JSON.parse(readFileSync(path.join(dir, 'app.json'), 'utf8')) as { subPackages?: { root: string }[] }
  const roots = (app.subPackages ?? []).map((p) => p.root.replace(/\/$/, ''))
  const main = folderBytes(dir, (rel) => roots.includes(rel) || rel === 'project.config.json' || rel === 'project.private.config.json')
  return [{ name: 'main', bytes: main }, ...roots.map((root) => ({ name: root, bytes: folderBytes(path.join(dir, root), () => false) }))]
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '..', 'dist', 'weapp')
  if (!existsSync(path.join(dir, 'app.json'))) {
    console.error('dist/weapp not built: run npm run build:weapp first')
    process.exit(1)
  }
  let over = false
  for (const { name, bytes } of measureWeapp(dir)) {
    const limit = name === 'main' ? MAIN_PACKAGE_BUDGET : WECHAT_PACKAGE_LIMIT
    over ||= bytes > limit
    console.log(`${name.padEnd(24)} ${(bytes / 1024).toFixed(1).padStart(8)} KB   limit ${(limit / 1024).toFixed(0)} KB${bytes > limit ? '  OVER' : ''}`)
  }
  process.exit(over ? 1 : 0)
}
