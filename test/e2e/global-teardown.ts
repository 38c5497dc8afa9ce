/** Removes the run's seeded template folder (test/e2e/global-setup.ts): ~300 MB each, never reused by a later run. */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { SEED_POINTER } from './global-setup'

export default function globalTeardown(): void {
  if (!existsSync(SEED_POINTER)) return
  const dir = readFileSync(SEED_POINTER, 'utf8').trim()
  if (/[/\\]xz-e2e-seed-[^/\\]+$/.test(dir)) rmSync(dir, { recursive: true, force: true })
  rmSync(SEED_POINTER, { force: true })
}
