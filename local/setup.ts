/**
 * `npm start` on a deployment without a county (XZ_DEMO=0 on an empty data directory): the setup code the local
 * functions accept, as `npm run deploy` would have put it in the cloud functions' environment. Locally it is the
 * deployer's own machine, so it is printed.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { setupCodeFrom, SETUP_CODE_LENGTH } from '../common/rules/setup-code'
import { C } from '../cloudfunctions/_lib/collections'
import { COUNTY_ID } from '../cloudfunctions/_lib/records'
import type { LocalCloud } from './cloud'

export async function isCountySetUp(cloud: Pick<LocalCloud, 'engine'>): Promise<boolean> {
  return cloud.engine.has(C.counties) && cloud.engine.collection(C.counties).get(COUNTY_ID) !== undefined
}

/** XZ_SETUP_CODE from the environment, or a new one put there for the functions this process hosts. */
export function ensureLocalSetupCode(env: NodeJS.ProcessEnv = process.env): string {
  if (!env.XZ_SETUP_CODE) env.XZ_SETUP_CODE = newSetupCode()
  return env.XZ_SETUP_CODE
}

export const newSetupCode = (): string => setupCodeFrom(randomBytes(SETUP_CODE_LENGTH))

/**
 * The salt of the ID-number hash (XZ_ID_SALT; `npm run deploy` generates it in the cloud). Locally it must outlive a
 * restart, or a re-imported roster would no longer match the people it imported: kept in the data directory
 * (local-secrets.json) unless the environment sets it.
 */
export function ensureLocalIdSalt(dataDir: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env.XZ_ID_SALT) return
  const file = path.join(dataDir, 'local-secrets.json')
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { XZ_ID_SALT?: string }) : {}
  if (!kept.XZ_ID_SALT) {
    kept.XZ_ID_SALT = randomBytes(32).toString('base64')
    writeFileSync(file, `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 })
  }
  env.XZ_ID_SALT = kept.XZ_ID_SALT
}
