// Dependency shim: power-assert is node's assert with richer failure output. The suite imports it as
// `import * as assert from 'power-assert'` and calls it, so the namespace must itself be the callable assert.
const assert = require('node:assert') // eslint-disable-line @typescript-eslint/no-require-imports

function powerAssert(...args) {
  return assert(...args)
}
Object.assign(powerAssert, assert)
powerAssert.__esModule = true
module.exports = powerAssert
