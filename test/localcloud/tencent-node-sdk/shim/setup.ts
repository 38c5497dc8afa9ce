/**
 * Connection shim: each test file of the vendored suite runs against its own in-memory local cloud, reached by the
 * unmodified SDK through the environment (TCB_CONTEXT_CNFG …), exactly as the project's own functions reach it.
 * The cloud is closed by shim/environment.js once the file's own hooks are done.
 */
import path from 'node:path'
import { applyCloudEnv, startLocalCloud } from '../../../../local/cloud'

jest.setTimeout(60000) // upstream's test/setup.js

beforeAll(async () => {
  const cloud = await startLocalCloud({ indexesFile: path.join(__dirname, 'indexes.json') })
  applyCloudEnv(cloud.env)
  ;(globalThis as { __closeLocalCloud?: () => Promise<void> }).__closeLocalCloud = () => cloud.close()
})

// Harness compatibility, not a test change: the suite was written for jest 23, which accepted a `describe` whose
// callback is `async` (it only warned); jest 30 refuses it. The callbacks only declare tests, synchronously.
type Describe = typeof describe
const wrap =
  (fn: (name: string, body: () => void) => void) =>
  (name: string, body: () => unknown): void =>
    fn(name, () => {
      void body()
    })
const jestDescribe: Describe = describe
const compatible = Object.assign(wrap(jestDescribe), {
  ...jestDescribe,
  only: wrap(jestDescribe.only),
  skip: wrap(jestDescribe.skip),
})
;(globalThis as { describe: unknown }).describe = compatible
