/**
 * The weapp build's app.js at launch. WeChat's JS runtime has no Node `process`: Taro inlines
 * `process.env.TARO_APP_X` only when an .env file defines X, and any other `process.env.X` stays in the bundle and
 * throws on a phone (NervJS/taro#15679, #14252) although it works under jest and in H5. The host reports such
 * reads in `errors` (support/miniprogram.ts).
 */
import { ensureWeappBuild, WEAPP_DIST } from './support/build'
import { startMiniProgram, stopMiniProgram, waitFor } from './support/miniprogram'

beforeAll(async () => {
  await ensureWeappBuild()
}, 120_000)

afterEach(() => stopMiniProgram())

describe('weapp launch (dist/weapp/app.js)', () => {
  it("initialises wx.cloud, tracking the user, without reading Node's process", async () => {
    const mp = startMiniProgram(WEAPP_DIST)

    await waitFor(
      () => expect(mp.wx.cloud.init).toHaveBeenCalledWith(expect.objectContaining({ traceUser: true })),
      2000,
    )
    expect(mp.errors).toEqual([])
  })
})
