// Dependency shim: power-assert is node's assert with richer failure output. The suite imports it as
// `import * as assert from 'power-assert'` and calls it, so the namespace must itself be the callable assert.
// One upstream line calls `assert.strictEqual(assert.strictEqual(a, b))`: the inner call is the real check; the
// outer one-argument call passed on the Node versions the suite was written for (undefined === undefined) and
// throws ERR_MISSING_ARGS on today's, so a missing `expected` is compared as undefined, as it was then.
const assert = require('node:assert') // eslint-disable-line @typescript-eslint/no-require-imports

function powerAssert(...args) {
  return assert(...args)
}
Object.assign(powerAssert, assert)
powerAssert.strictEqual = (...args) => assert.strictEqual(args[0], args[1], ...args.slice(2))
powerAssert.__esModule = true
module.exports = powerAssert
