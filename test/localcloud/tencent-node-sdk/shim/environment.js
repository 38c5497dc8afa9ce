// Connection shim: node's jest environment that
// - closes the test file's local cloud after everything else (the suite's own afterAll hooks still talk to it, and
//   jest runs the setup file's afterAll before them);
// - runs the file in UTC+8: the suite was written on machines in China and builds dates such as
//   `new Date('1999/12/12')` in local time, expecting what they are in Asia/Shanghai (the local cloud itself computes
//   in UTC, as the cloud does). The worker's TZ is restored afterwards: workers are shared with other projects.
const { TestEnvironment } = require('jest-environment-node') // eslint-disable-line @typescript-eslint/no-require-imports

class LocalCloudEnvironment extends TestEnvironment {
  async setup() {
    this.previousTz = process.env.TZ
    process.env.TZ = 'Asia/Shanghai'
    await super.setup()
  }

  async teardown() {
    const close = this.global.__closeLocalCloud
    if (typeof close === 'function') await close()
    await super.teardown()
    if (this.previousTz === undefined) delete process.env.TZ
    else process.env.TZ = this.previousTz
  }
}

module.exports = LocalCloudEnvironment
