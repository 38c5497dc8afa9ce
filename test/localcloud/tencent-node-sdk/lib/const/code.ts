/** Connection shim (not upstream code): the SDK's error table, from the installed @cloudbase/node-sdk. */
import path from 'node:path'

const sdkPath = require.resolve('@cloudbase/node-sdk', { paths: [path.dirname(require.resolve('wx-server-sdk'))] })
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { ERROR } = require(path.join(path.dirname(sdkPath), 'const', 'code'))
