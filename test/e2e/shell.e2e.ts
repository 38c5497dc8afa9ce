import type { Browser } from 'playwright-core'
import {
  launchBrowser,
  newPhone,
  openApp,
  openHomeCard,
  screenshot,
  startApp,
  tapTab,
  type RunningApp,
} from './support/app'

let app: RunningApp
let browser: Browser

beforeAll(async () => {
  app = await startApp()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  expect(await app?.stop()).toBe(0) // Ctrl-C stops the server cleanly
})

describe('app shell', () => {
  it('opens on 首页, connected to the local cloud functions', async () => {
    const { context, page } = await newPhone(browser)
    await openApp(page, app)
    await page.getByText(/服务已连接 · 北京时间 \d{1,2}月\d{1,2}日（周.）\d{2}:\d{2}/).waitFor()
    await screenshot(page, 'home')
    await context.close()
  })

  it('shows a visitor the areas open to everyone from 办事, each in its subpackage', async () => {
    const { context, page } = await newPhone(browser)
    await openApp(page, app)
    await tapTab(page, '办事')
    for (const title of ['值班坐班', '四议两公开', '党员联户', '红白理事会']) {
      await page.getByText(title, { exact: true }).first().waitFor()
    }
    // Party branch life and 五星支部 are offered only to the roles that may open them (the journeys cover those).
    for (const title of ['三会一课', '五星支部']) expect(await page.getByText(title, { exact: true }).count()).toBe(0)
    await screenshot(page, 'services')
    await page.getByText('四议两公开', { exact: true }).first().click()
    await page.waitForURL(/packages\/deliberation\/pages\/index\/index/)
    // The subpackage loaded: its page set the navigation bar title.
    for (let i = 0; i < 50 && (await page.title()) !== '四议两公开'; i++) await page.waitForTimeout(100)
    expect(await page.title()).toBe('四议两公开')
    await context.close()
  })

  it('gives a sub-page a back arrow one tap high (H5 has no WeChat navigation bar), and none to a tab page', async () => {
    const { context, page } = await newPhone(browser)
    await openApp(page, app)
    await page.getByText('今天谁值班', { exact: true }).first().waitFor()
    const back = page.locator('#taro-navigation-bar .taro-navigation-bar-back')
    expect(await back.isVisible()).toBe(false)
    await openHomeCard(page, '今天谁值班')
    await back.waitFor()
    const normal = await back.boundingBox()
    expect(normal!.height).toBeGreaterThanOrEqual(44)
    expect(normal!.width).toBeGreaterThanOrEqual(44)
    await screenshot(page, 'h5-back-arrow')
    await back.click()
    await page.waitForURL((u) => /^#?\/?(pages\/index\/index)?$/.test(u.hash) || u.hash === '')
    await page.getByText('今天谁值班', { exact: true }).first().waitFor()
    expect(await back.isVisible()).toBe(false)
    // Large text: the arrow grows with the text (48 CSS px and more).
    await tapTab(page, '我的')
    await page.getByText('大字模式').click()
    await page.getByText('已开启').waitFor()
    await tapTab(page, '首页')
    await openHomeCard(page, '今天谁值班')
    await back.waitFor()
    expect((await back.boundingBox())!.height).toBeGreaterThanOrEqual(48)
    await context.close()
  })

  it('tells the user in Chinese when the server cannot be reached, and recovers on 重试', async () => {
    const { context, page } = await newPhone(browser)
    await context.route('**/api/functions/**', (r) => r.abort('internetdisconnected'))
    await openApp(page, app)
    await page.getByText('网络不稳定，请检查网络后重试').first().waitFor()
    await screenshot(page, 'home-offline')
    await context.unroute('**/api/functions/**')
    await page.getByText('重试', { exact: true }).first().click()
    await page.getByText(/服务已连接/).waitFor()
    await context.close()
  })
})
