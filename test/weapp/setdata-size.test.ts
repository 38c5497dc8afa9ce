/**
 * setData payload sizes on the weapp build (issue 12): the built county 五星支部 dashboard rendered with county-scale
 * data shaped like the function's output (validated against the contract), every setData payload the page and its
 * custom wrappers send measured as WeChat serialises it (JSON, UTF-8), and each one held to WeChat's 256 KB
 * guidance. The figures are printed for docs/performance.md.
 */
import { contracts } from '@common/contracts'
import { countyDashboard } from './support/county-fixtures'
import { ensureWeappBuild, WEAPP_DIST } from './support/build'
import { startMiniProgram, stopMiniProgram, waitFor, type MiniProgram } from './support/miniprogram'
import { recordSetData, SETDATA_GUIDANCE_BYTES } from './support/setdata'

const COUNTY_VILLAGES = 262

beforeAll(async () => {
  await ensureWeappBuild()
}, 180_000)

afterEach(() => stopMiniProgram())

function answer(mp: MiniProgram, outputs: Record<string, unknown>) {
  mp.wx.cloud.callFunction.mockImplementation(({ name, data }: { name: string; data: { action: string } }) => {
    const key = `${name}.${data.action}`
    if (!(key in outputs)) return Promise.resolve({ result: { ok: false, error: { code: 'INTERNAL', message: `测试未提供 ${key}` } } })
    return Promise.resolve({ result: { ok: true, data: outputs[key] } })
  })
}

async function measureCounty(villages: number) {
  const data = contracts.stars.actions.countyDashboard.output.parse(countyDashboard(villages))
  const mp = startMiniProgram(WEAPP_DIST)
  answer(mp, { 'stars.countyDashboard': data })
  const recorder = recordSetData()
  try {
    const page = await mp.openPage('/packages/stars/pages/county/index')
    // The dashboard is on screen: its last comparison row is rendered.
    const last = data.comparison[data.comparison.length - 1]!
    await waitFor(() => expect(page.text()).toContain(`${last.rank}. ${last.townshipName} ${last.name}`), 10_000)
    expect(mp.errors).toEqual([])
    return { page, records: recorder.records, largest: recorder.largest()! }
  } finally {
    recorder.restore()
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

describe('setData payloads of the built county 五星支部 dashboard (packages/stars/pages/county)', () => {
  it(`stays within WeChat's 256 KB guidance per payload with ${COUNTY_VILLAGES} villages`, async () => {
    const { records, largest } = await measureCounty(COUNTY_VILLAGES)
    console.log(`setData county dashboard, ${COUNTY_VILLAGES} villages: ${records.length} payloads, largest ${kb(largest.bytes)} (${largest.bytes} B), total ${kb(records.reduce((s, r) => s + r.bytes, 0))}`)
    expect(records.length).toBeGreaterThan(0)
    expect(records.filter((r) => r.bytes > SETDATA_GUIDANCE_BYTES)).toEqual([])
  }, 60_000)
})
