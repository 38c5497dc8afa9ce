/**
 * Connection shim: each test file of the vendored suite runs against its own in-memory local cloud, reached by the
 * unmodified SDK through the environment (TCB_CONTEXT_CNFG …), exactly as the project's own functions reach it.
 * The cloud is closed by shim/environment.js once the file's own hooks are done.
 */
import path from 'node:path'
import { applyCloudEnv, startLocalCloud } from '../../../../local/cloud'

jest.setTimeout(60000) // upstream's test/setup.js

// The suite was written on machines in China: it builds dates such as `new Date('1999/12/12')` in local time and
// expects what they are in UTC+8 (e.g. $dateToString in UTC gives '1999-12-11'). The local cloud itself is
// unaffected: it computes dates in UTC, as the cloud does.
process.env.TZ = 'Asia/Shanghai'

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
