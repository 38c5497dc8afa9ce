/** Removes the run's seeded template folder (global-setup.ts); each journey file removes its own copies. */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { SEED_POINTER } from './global-setup'

export default function globalTeardown(): void {
  if (!existsSync(SEED_POINTER)) return
  const dir = readFileSync(SEED_POINTER, 'utf8').trim()
  if (dir) rmSync(dir, { recursive: true, force: true })
  rmSync(SEED_POINTER, { force: true })
}
