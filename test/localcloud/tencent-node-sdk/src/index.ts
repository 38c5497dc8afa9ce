/**
 * Connection shim (not upstream code): the suite's `import tcb from '../../src/index'` gets the
 * @cloudbase/node-sdk that the pinned wx-server-sdk itself loads, unmodified.
 */
import path from 'node:path'

const sdkPath = require.resolve('@cloudbase/node-sdk', { paths: [path.dirname(require.resolve('wx-server-sdk'))] })
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tcb = require(sdkPath)

export default tcb
