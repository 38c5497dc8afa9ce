// Connection shim: node's jest environment that closes the test file's local cloud after everything else — the
// suite's own afterAll hooks still talk to it, and jest runs the setup file's afterAll before them.
const { TestEnvironment } = require('jest-environment-node') // eslint-disable-line @typescript-eslint/no-require-imports

class LocalCloudEnvironment extends TestEnvironment {
  async teardown() {
    const close = this.global.__closeLocalCloud
    if (typeof close === 'function') await close()
    await super.teardown()
  }
}

module.exports = LocalCloudEnvironment
