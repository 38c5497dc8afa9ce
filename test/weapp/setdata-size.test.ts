/**
 * setData payload sizes on the weapp build (issue 12): the built county 五星支部 dashboard rendered with county-scale
 * data shaped like the function's output (validated against the contract), every setData payload the page and its
 * custom wrappers send measured as WeChat serialises it (JSON, UTF-8), and each one held to WeChat's 256 KB
 * guidance. The figures are printed for docs/performance.md.
 */
import { contracts } from '@common/contracts'
import { HANDLING_LEVELS, REQUEST_STATUSES } from '@common/rules/request-flow'
import { REQUEST_CATEGORIES } from '@common/rules/request-deadlines'
import { countyDashboard, countyFigures, countyQueue } from './support/county-fixtures'
import { ensureWeappBuild, WEAPP_DIST } from './support/build'
import { startMiniProgram, stopMiniProgram, waitFor, type MiniProgram } from './support/miniprogram'
import { COMPARISON_PAGE } from '../../src/packages/stars/pages/paging'
import { recordSetData, SETDATA_GUIDANCE_BYTES, type SetDataRecord } from './support/setdata'

const COUNTY_VILLAGES = 262

beforeAll(async () => {
  await ensureWeappBuild()
}, 180_000)

afterEach(() => stopMiniProgram())

function answer(mp: MiniProgram, outputs: Record<string, unknown>) {
  mp.wx.cloud.callFunction.mockImplementation(({ name, data }: { name: string; data: { action: string } }) => {
    const key = `${name}.${data.action}`
    if (!(key in outputs))
      return Promise.resolve({ result: { ok: false, error: { code: 'INTERNAL', message: `测试未提供 ${key}` } } })
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
    // The dashboard is on screen: the last row of the ranking's first page is rendered.
    const last = data.comparison[Math.min(COMPARISON_PAGE, data.comparison.length) - 1]!
    await waitFor(() => expect(page.text()).toContain(rowText(last)), 10_000)
    expect(mp.errors).toEqual([])
    const opened = recorder.records.length
    return { mp, data, page, recorder, opened }
  } finally {
    recorder.restore()
  }
}

const rowText = (c: { rank: number; townshipName: string; name: string }) => `${c.rank}. ${c.townshipName} ${c.name}`
const largest = (records: SetDataRecord[]) => records.reduce((max, r) => (r.bytes > max.bytes ? r : max))

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

describe('setData payloads of the built county 五星支部 dashboard (packages/stars/pages/county)', () => {
  it.each([
    { scale: '1×', villages: COUNTY_VILLAGES },
    { scale: '10×', villages: COUNTY_VILLAGES * 10 },
  ])(
    `stays within WeChat's 256 KB guidance per payload with $villages villages ($scale)`,
    async ({ villages }) => {
      const { recorder, opened } = await measureCounty(villages)
      const records = recorder.records.slice(0, opened)
      const top = largest(records)
      console.log(
        `setData county dashboard, ${villages} villages, opening: ${records.length} payloads, largest ${kb(top.bytes)} (${top.bytes} B), total ${kb(records.reduce((s, r) => s + r.bytes, 0))}`,
      )
      expect(records.length).toBeGreaterThan(0)
      expect(records.filter((r) => r.bytes > SETDATA_GUIDANCE_BYTES)).toEqual([])
    },
    90_000,
  )

  it('shows the ranking a page at a time and the grid a township at a time; turning either stays within 256 KB', async () => {
    const villages = COUNTY_VILLAGES * 10
    const { mp, data, page, recorder, opened } = await measureCounty(villages)
    const pages = Math.ceil(villages / COMPARISON_PAGE)
    expect(page.text()).toContain(`第 1/${pages} 页（共 ${villages} 个村）`)
    expect(page.text()).not.toContain(rowText(data.comparison[COMPARISON_PAGE]!))
    const firstTownship = data.villages.filter((v) => v.townshipId === data.villages[0]!.townshipId)
    expect(page.root.querySelectorAll('.stars__cell')).toHaveLength(firstTownship.length)

    await page.tap('.stars__chip', '下一页')
    await waitFor(() => expect(page.text()).toContain(rowText(data.comparison[2 * COMPARISON_PAGE - 1]!)))
    expect(page.text()).toContain(`第 2/${pages} 页`)
    expect(page.text()).not.toContain(rowText(data.comparison[COMPARISON_PAGE - 1]!))

    const second = data.comparison.find((c) => c.townshipName !== data.comparison[0]!.townshipName)!
    await page.tap('.stars__chip', second.townshipName)
    const secondId = data.villages.find((v) => v.villageId === second.villageId)!.townshipId
    await waitFor(() =>
      expect(page.root.querySelectorAll('.stars__cell')).toHaveLength(
        data.villages.filter((v) => v.townshipId === secondId).length,
      ),
    )

    const turning = recorder.records.slice(opened)
    expect(turning.length).toBeGreaterThan(0)
    const top = largest(turning)
    console.log(
      `setData county dashboard, ${villages} villages, next page + township: ${turning.length} payloads, largest ${kb(top.bytes)} (${top.bytes} B)`,
    )
    expect(turning.filter((r) => r.bytes > SETDATA_GUIDANCE_BYTES)).toEqual([])
    expect(mp.errors).toEqual([])
  }, 90_000)
})

describe('setData payloads of the built county 诉求 page (packages/grid/pages/upper, 县里在办)', () => {
  it.each([
    { scale: '1×', villages: COUNTY_VILLAGES },
    { scale: '10×', villages: COUNTY_VILLAGES * 10 },
  ])(
    'stays within 256 KB per payload: 50 requests (the page limit) and the township lines for $villages villages ($scale)',
    async ({ villages }) => {
      const queue = contracts.requests.actions.countyQueue.output.parse(
        countyQueue(50, { categories: REQUEST_CATEGORIES, statuses: REQUEST_STATUSES, levels: HANDLING_LEVELS }),
      )
      const figures = contracts.requests.actions.countyFigures.output.parse(countyFigures(villages))
      const mp = startMiniProgram(WEAPP_DIST)
      answer(mp, { 'requests.countyQueue': queue, 'requests.countyFigures': figures })
      const recorder = recordSetData()
      try {
        const page = await mp.openPage('/packages/grid/pages/upper/index')
        await waitFor(() => {
          expect(page.text()).toContain(figures.townships[figures.townships.length - 1]!.townshipName)
          expect(page.root.querySelectorAll('.grid__row').length).toBe(queue.requests.length + figures.townships.length)
        }, 10_000)
      } finally {
        recorder.restore()
      }
      const records = recorder.records
      const top = largest(records)
      console.log(
        `setData county 诉求 page, 50 requests + ${figures.townships.length} townships (${villages} villages): ${records.length} payloads, largest ${kb(top.bytes)} (${top.bytes} B), total ${kb(records.reduce((s, r) => s + r.bytes, 0))}`,
      )
      expect(records.filter((r) => r.bytes > SETDATA_GUIDANCE_BYTES)).toEqual([])
      expect(mp.errors).toEqual([])
    },
    90_000,
  )
})
