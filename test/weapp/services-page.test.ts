/**
 * The 办事 tab of the real weapp build (dist/weapp), rendered the way WeChat would: Taro's base.wxml templates
 * compiled by WeChat's own WXML compiler (miniprogram-simulate's `official` compiler), the bundle's app.js and
 * page JS run against a mocked `wx`, taps delivered to Taro's event handler. dist/weapp is rebuilt first when it is
 * missing or older than the sources (see support/build.ts).
 */
import { ensureWeappBuild, WEAPP_DIST } from './support/build'
import { allRoutes, startMiniProgram, stopMiniProgram, waitFor } from './support/miniprogram'

/** The six feature areas 办事 must offer, in this order, and the subpackage page each one opens. */
const AREAS = [
  { title: '值班坐班', url: '/packages/duty/pages/index/index' },
  { title: '三会一课', url: '/packages/meetings/pages/index/index' },
  { title: '四议两公开', url: '/packages/deliberation/pages/index/index' },
  { title: '党员联户', url: '/packages/grid/pages/index/index' },
  { title: '红白理事会', url: '/packages/council/pages/index/index' },
  { title: '五星支部', url: '/packages/stars/pages/index/index' },
]
const SERVICES = 'pages/services/index'

beforeAll(async () => {
  await ensureWeappBuild()
}, 120_000)

afterEach(() => stopMiniProgram())

/** A bound branch secretary (whoami answered), who may open all six areas; other calls answer INTERNAL. */
const start = () => {
  const mp = startMiniProgram(WEAPP_DIST)
  mp.wx.cloud.callFunction.mockImplementation(({ name, data }: { name: string; data: { action: string } }) =>
    Promise.resolve({
      result:
        `${name}.${data.action}` === 'system.whoami'
          ? {
              ok: true,
              data: {
                bound: true,
                memberships: [
                  { villageId: 'v001', townshipId: 't01', personId: 'p1', roles: ['branch_secretary', 'party_member'] },
                ],
              },
            }
          : { ok: false, error: { code: 'INTERNAL', message: '测试未提供' } },
    }),
  )
  return mp
}

describe('办事 tab (pages/services/index) in the weapp build', () => {
  it('is the 办事 tab of the tab bar', () => {
    const { appJson } = start()
    expect(appJson.tabBar?.list).toContainEqual(expect.objectContaining({ pagePath: SERVICES, text: '办事' }))
  })

  it('lists the six feature areas in order, each with a description', async () => {
    const mp = start()
    const page = await mp.openPage(SERVICES)

    expect(page.title()).toBe('办事')
    await waitFor(() => expect(page.texts('.xz-features__title')).toEqual(AREAS.map((area) => area.title)))
    const descriptions = page.texts('.xz-features__description')
    expect(descriptions).toHaveLength(AREAS.length)
    for (const description of descriptions) expect(description).not.toBe('')
    // What the user reads, not just what the data says: the titles are in the rendered DOM, in order.
    expect(page.text()).toMatch(new RegExp(AREAS.map((area) => area.title).join('.*')))
    expect(page.root.dom?.querySelectorAll('wx-view').length).toBeGreaterThan(AREAS.length)
    expect(mp.errors).toEqual([])
  })

  it.each(AREAS)('tapping $title navigates to $url, a page of the build titled $title', async ({ title, url }) => {
    const mp = start()
    const page = await mp.openPage(SERVICES)
    await waitFor(() => expect(page.texts('.xz-features__title')).toContain(title))

    await page.tap('.xz-features__item', title)

    await waitFor(() => expect(mp.wx.navigateTo).toHaveBeenCalledTimes(1))
    const [{ url: navigated }] = mp.wx.navigateTo.mock.calls[0] as [{ url: string }]
    expect(navigated.split('?')[0]).toBe(url)
    expect(allRoutes(mp.appJson)).toContain(url.slice(1))

    // Follow the navigation: the subpackage page loads from the build and renders.
    const target = await mp.openPage(navigated)
    expect(target.title()).toBe(title)
    expect(target.text()).not.toBe('')
    expect(mp.errors).toEqual([])
  })

  it('offers a visitor who is not on a roster the four areas open to everyone', async () => {
    const mp = startMiniProgram(WEAPP_DIST)
    const page = await mp.openPage(SERVICES)
    expect(page.texts('.xz-features__title')).toEqual(['值班坐班', '四议两公开', '党员联户', '红白理事会'])
  })

  it('does not navigate without a tap', async () => {
    const mp = start()
    await mp.openPage(SERVICES)
    expect(mp.wx.navigateTo).not.toHaveBeenCalled()
  })
})
