/**
 * A new deployment, as its first county organiser meets it: an empty local cloud (XZ_DEMO=0), the setup code the
 * deployer gave them, 首页 → 初始化本县 → the county → its first township → its first village. Taps only.
 */
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, newPhone, openApp, screenshot, startApp, type RunningApp } from './support/app'

const SETUP_CODE = 'K7QM-4WZP-9HTX-EVR'

let app: RunningApp
let browser: Browser

beforeAll(async () => {
  app = await startApp({ env: { XZ_SETUP_CODE: SETUP_CODE } })
  browser = await launchBrowser()
}, 120000)
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

const fill = (page: Page, label: string, value: string) =>
  page.getByLabel(label, { exact: true }).locator('input').fill(value)
const tap = (page: Page, text: string) =>
  page.getByText(text, { exact: true }).filter({ visible: true }).first().click()

describe('a new deployment gets its county and first organiser', () => {
  it('the first visitor with the setup code creates the county, a township and a village', async () => {
    const { context, page } = await newPhone(browser)
    try {
      await openApp(page, app)
      await tap(page, '初始化本县 ›')
      await page.getByText('填写部署人员给您的初始化码', { exact: false }).waitFor()

      await fill(page, '初始化码', 'k7qm 4wzp 9htx evs')
      await fill(page, '县（市、区）名称', '新野县')
      await fill(page, '行政区划代码', '411300')
      await fill(page, '您的姓名', '王建国')
      await tap(page, '建立本县')
      await page.getByText('这是地级行政区划代码，请填写县（市、区）的代码').waitFor()
      await fill(page, '行政区划代码', '411329')
      await tap(page, '建立本县')
      await page.getByText(/将建立「新野县」（行政区划代码 411329），王建国成为县级管理员/).waitFor()
      await tap(page, '确认建立')
      await page.getByText('初始化码不正确，请向部署人员核对').waitFor()

      await fill(page, '初始化码', 'k7qm 4wzp 9htx evr')
      await tap(page, '建立本县')
      await tap(page, '确认建立')
      await page.getByText('新野县已建立').waitFor()
      await screenshot(page, 'setup-done')

      await tap(page, '去新增乡镇（街道）')
      await page.getByText('还没有乡镇（街道）').waitFor()
      await tap(page, '新增乡镇（街道）')
      await fill(page, '乡镇（街道）名称', '城关镇')
      await tap(page, '保存乡镇（街道）')
      await page.getByText('已新增「城关镇」，可继续新增').waitFor()
      await page.locator('.org__name', { hasText: '城关镇' }).first().click()

      await page.getByText('本乡镇还没有村（社区）').waitFor()
      await tap(page, '新增村（社区）')
      await fill(page, '名称', '李庄村')
      await fill(page, '党群服务中心地址', '城关镇李庄村村委会院内')
      await fill(page, '服务中心电话', '12345')
      await fill(page, '纬度', '32.52')
      await fill(page, '经度', '112.36')
      await tap(page, '保存村（社区）')
      await page.getByText(/电话应为11位手机号/).waitFor()
      await fill(page, '服务中心电话', '0377-6612345')
      await tap(page, '保存村（社区）')
      await page.getByText('已新增「李庄村」，可继续新增').waitFor()
      await page.locator('.org__name', { hasText: '李庄村' }).first().waitFor()
      await screenshot(page, 'setup-first-village')
    } finally {
      await context.close()
    }
  })

  it('afterwards 首页 no longer offers setup, and a second setup is refused', async () => {
    const { context, page } = await newPhone(browser)
    try {
      await openApp(page, app)
      await page.getByText('今天谁值班').waitFor()
      expect(await page.getByText('初始化本县 ›').count()).toBe(0)
      // Someone who kept the page's address still cannot set up again: the server refuses.
      const answer = await page.evaluate(async () => {
        const res = await fetch('/api/functions/org', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-demo-openid': 'local-wx-second' },
          body: JSON.stringify({
            action: 'setupCounty',
            data: { code: 'K7QM-4WZP-9HTX-EVR', countyName: '另一县', regionCode: '411328', organiserName: '李四' },
          }),
        })
        return (await res.json()) as { ok: boolean; error?: { message: string } }
      })
      expect(answer.ok).toBe(false)
      expect(answer.error?.message).toContain('已经完成初始化')
    } finally {
      await context.close()
    }
  })
})
