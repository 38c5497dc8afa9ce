/**
 * `npm run bench -- county`: the county journey (test/e2e/county.e2e.ts) at the real size — an empty local cloud,
 * `npm run deploy -- --local`, setup, one village's rosters imported in the app and the other 261 villages' through
 * the imports actions over HTTP (15 townships, ~19,000 members, ~79,000 households) — printing the import's rows per
 * second, its time and the local server's peak memory. Needs the H5 build and the functions built
 * (`npm run build:h5 && npm run build:functions`); XZ_COUNTY_VILLAGES / XZ_COUNTY_TOWNSHIPS for another size.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..')
const run = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest'), '-c', 'test/e2e/jest.config.js', 'test/e2e/county.e2e.ts'],
  { cwd: ROOT, stdio: 'inherit', env: { ...process.env, XZ_COUNTY: 'full' } },
)
process.exit(run.status ?? 1)
