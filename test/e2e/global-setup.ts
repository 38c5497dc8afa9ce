/**
 * Seeds the demo county once per e2e run into a template folder; each journey file that asks for a seeded app
 * gets a copy of it (test/e2e/support/app.ts), instead of seeding the whole county again (tens of seconds each).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..', '..')
export const SEED_POINTER = path.join(ROOT, 'test-results', 'e2e-seed-dir.txt')

export default function globalSetup(): void {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'xz-e2e-seed-'))
  const started = Date.now()
  try {
    execFileSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'scripts', 'db-reset.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: 'ignore',
    })
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  mkdirSync(path.dirname(SEED_POINTER), { recursive: true })
  writeFileSync(SEED_POINTER, dataDir)
  console.log(`\ne2e: demo county seeded once in ${((Date.now() - started) / 1000).toFixed(1)} s (${dataDir})`)
}
