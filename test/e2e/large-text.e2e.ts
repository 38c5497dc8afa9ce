import type { Browser, Page } from 'playwright-core'
import {
  launchBrowser,
  loginAs,
  newPhone,
  openApp,
  openArea,
  screenshot,
  startApp,
  tapTab,
  type RunningApp,
} from './support/app'

const SECRETARY = '谢文凤'

let app: RunningApp
let browser: Browser

beforeAll(async () => {
  app = await startApp({ seed: true })
  browser = await launchBrowser()
}, 120000)
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

// Taro's H5 router keeps earlier pages in the DOM, hidden: only what is visible counts.
const fontSize = (page: Page, selector: string) =>
  page
    .locator(`${selector}:visible`)
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize))

/** Every visible row and button of the page: the smallest height, in CSS px. */
const smallestTarget = (page: Page) =>
  page.evaluate(() =>
    Math.min(
      ...[...document.querySelectorAll('.xz-row, taro-button-core')]
        .map((el) => el.getBoundingClientRect())
        .filter((r) => r.height > 0)
        .map((r) => r.height),
    ),
  )

const overflowsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)

describe('large-text mode (适老化)', () => {
  it('is switched on in 我的, remembered, and scales text and touch targets on every main page', async () => {
    const { context, page } = await newPhone(browser)
    await loginAs(page, app, SECRETARY)

    await tapTab(page, '首页')
    await page.locator('.home__card-title:visible', { hasText: '待办的群众诉求' }).waitFor()
    const normalCard = await fontSize(page, '.home__card-title')
    await screenshot(page, 'home', { readme: true })
    await tapTab(page, '办事')
    await page.locator('.xz-features__title:visible', { hasText: '四议两公开' }).waitFor()
    const normalFeature = await fontSize(page, '.xz-features__title')
    await screenshot(page, 'services', { readme: true })
    await tapTab(page, '我的')
    await page.locator('.xz-row:visible', { hasText: '大字模式' }).waitFor()
    const normalMe = await fontSize(page, '.me__title')
    await screenshot(page, 'me', { readme: true })

    await page.locator('.xz-row:visible', { hasText: '大字模式' }).click()
    await page.getByText('已开启').waitFor()
    expect(await fontSize(page, '.me__title')).toBeGreaterThanOrEqual(normalMe * 1.25)
    expect(await smallestTarget(page)).toBeGreaterThanOrEqual(48)
    expect(await overflowsSideways(page)).toBe(false)
    await screenshot(page, 'me-large', { readme: true })

    // Remembered on the device: the app opened afresh comes up large.
    await openApp(page, app)
    await page.reload()
    await page.locator('.home__card-title:visible', { hasText: '待办的群众诉求' }).waitFor()
    expect(await fontSize(page, '.home__card-title')).toBeGreaterThanOrEqual(normalCard * 1.25)
    expect(await overflowsSideways(page)).toBe(false)
    await screenshot(page, 'home-large', { readme: true })

    await tapTab(page, '办事')
    await page.locator('.xz-features__title:visible', { hasText: '四议两公开' }).waitFor()
    expect(await fontSize(page, '.xz-features__title')).toBeGreaterThanOrEqual(normalFeature * 1.25)
    expect(await overflowsSideways(page)).toBe(false)
    await screenshot(page, 'services-large', { readme: true })

    // Each feature area's home, tapped from 办事, in large text: nothing spills sideways (the sweep checks sizes).
    for (const [key, title] of [
      ['duty', '值班坐班'],
      ['meetings', '三会一课'],
      ['deliberation', '四议两公开'],
      ['grid', '党员联户'],
      ['council', '红白理事会'],
      ['stars', '五星支部'],
    ]) {
      await openArea(page, title!)
      await page.waitForURL(new RegExp(`packages/${key}/pages/index/index`))
      await page.waitForTimeout(1200) // the page has slid in and read its data
      expect(await overflowsSideways(page)).toBe(false)
      await screenshot(page, `${key}-large`, { readme: true })
    }
    await context.close()
  })
})
