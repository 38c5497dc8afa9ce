import jsQR from 'jsqr'
import type { Browser, Page } from 'playwright-core'
import {
  launchBrowser,
  loginAs,
  loginAsNewUser,
  newPhone,
  screenshot,
  startApp,
  tapTab,
  type RunningApp,
} from './support/app'

// Demo people of `npm run db:reset` (local/seed): 邱铺村 (v025) and 石屯村 (v043) are in different townships.
const SECRETARY = '谢文凤' // 支部书记, 城郊乡 邱铺村
const TOWNSHIP_ORGANISER = '苏勇敏' // 城郊乡
const COUNTY_ORGANISER = '闫民青'
const GRID_LEADER = '卢丽福' // 邱铺村
const RESIDENT = '彭磊贵' // 邱铺村
const OTHER_TOWNSHIP_VILLAGE = { name: '石屯村' }

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

/** What a phone camera reads off the screen: the QR code's pixels as Chromium painted them, decoded by jsQR. */
async function qrOnScreen(page: Page): Promise<string | null> {
  const png = await page.locator('.xz-qr:visible').first().screenshot()
  const pixels = await page.evaluate(async (b64) => {
    const img = new Image()
    img.src = `data:image/png;base64,${b64}`
    await img.decode()
    const canvas = document.createElement('canvas')
    canvas.width = img.width
    canvas.height = img.height
    const ctx = canvas.getContext('2d')!
    ctx.drawImage(img, 0, 0)
    return {
      data: Array.from(ctx.getImageData(0, 0, img.width, img.height).data),
      width: img.width,
      height: img.height,
    }
  }, png.toString('base64'))
  return jsQR(new Uint8ClampedArray(pixels.data), pixels.width, pixels.height)?.data ?? null
}

async function asPerson<T>(name: string | null, journey: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await newPhone(browser)
  try {
    if (name) await loginAs(page, app, name)
    else await loginAsNewUser(page, app)
    return await journey(page)
  } finally {
    await context.close()
  }
}

describe('each role lands on what it may use', () => {
  it.each([
    [COUNTY_ORGANISER, '县委组织部', '全县乡镇（街道）'],
    [TOWNSHIP_ORGANISER, '乡镇组织委员', '本乡镇的村（社区）'],
    [SECRETARY, '支部书记', '花名册管理'],
    [GRID_LEADER, '网格长', '花名册管理'],
  ])('%s (%s) sees the link to %s', async (name, role, link) => {
    await asPerson(name, async (page) => {
      await page.getByText(name, { exact: true }).first().waitFor()
      await page.getByText(role).first().waitFor()
      await page.getByText(link).first().waitFor()
      await screenshot(page, `me-${role}`)
    })
  })

  it('a resident sees their own household and no management links', async () => {
    await asPerson(RESIDENT, async (page) => {
      await page.getByText(RESIDENT, { exact: true }).first().waitFor()
      await page.getByText(/我家：/).waitFor()
      expect(await page.getByText('花名册管理').count()).toBe(0)
      expect(await page.getByText('本乡镇的村（社区）').count()).toBe(0)
    })
  })
})

describe('unbound WeChat users', () => {
  it('choose their village and see its public card', async () => {
    await asPerson(null, async (page) => {
      await page.getByText('选择我的村').waitFor()
      await page.getByText('城郊乡', { exact: true }).click()
      await page.getByText('邱铺村', { exact: true }).click()
      await page.getByText('邱铺村党群服务中心').waitFor()
      await page.getByText(/电话 0377-/).waitFor()
      await screenshot(page, 'me-unbound-village-chosen')
    })
  })

  it('are never left at 请先绑定身份: the duty phone to call, how to get an invitation, where to enter it', async () => {
    await asPerson(null, async (page) => {
      // Taro H5 dials by opening tel:<number>; Chromium reports the navigation it was asked for (it has no dialer).
      const dialled: string[] = []
      const cdp = await page.context().newCDPSession(page)
      await cdp.send('Page.enable')
      cdp.on('Page.frameRequestedNavigation', (e: { url: string }) => {
        if (e.url.startsWith('tel:')) dialled.push(e.url.slice(4))
      })
      await page.getByText('城郊乡', { exact: true }).click()
      await page.getByText('邱铺村', { exact: true }).click()
      await page.getByText('邱铺村党群服务中心').waitFor()
      await page.getByText('没有邀请码？').waitFor()
      await tapTab(page, '首页')
      await page.getByText('想在手机上办村里的事？先绑定身份').waitFor()
      await page
        .getByText(/带上身份证/)
        .filter({ visible: true })
        .first()
        .waitFor()
      const call = page
        .getByText(/^拨打值班电话 0377-/)
        .filter({ visible: true })
        .first()
      const number = ((await call.textContent()) ?? '').replace('拨打值班电话 ', '').trim()
      await screenshot(page, 'home-unbound-way-forward')
      await call.click()
      for (let i = 0; i < 30 && !dialled.length; i++) await page.waitForTimeout(100)
      expect(dialled).toEqual([number])
      await page.getByText('我有邀请码，去输入').filter({ visible: true }).first().click()
      await page.waitForURL(/pages\/me\/index/)
      await page.getByLabel('邀请码').locator('input').waitFor()
    })
  })
})

describe('invitation and binding', () => {
  it('a secretary invites a person, who binds with the code — through a dropped network', async () => {
    const invited = await asPerson(SECRETARY, async (page) => {
      await page.getByText('花名册管理').first().click()
      const row = page.locator('.xz-row', { hasText: '未绑定' }).first()
      const name = (await row.locator('taro-text-core').first().textContent())?.trim() ?? ''
      await row.getByText('邀请绑定').click()
      const code = ((await page.locator('.roster__code').textContent()) ?? '').trim()
      // A code to scan: the H5 build's QR code opens 我的 with the code filled in.
      expect(await qrOnScreen(page)).toMatch(new RegExp(`#/pages/me/index\\?scene=c%3D${code.replace('-', '')}$`))
      await screenshot(page, 'roster-invitation', { readme: true })
      await page.getByText('复制邀请码').click()
      await page.getByText('内容已复制').first().waitFor()
      // Taro H5 keeps what it copied beside the system clipboard (key taro_clipboard).
      const copied = await page.evaluate(() => localStorage.getItem('taro_clipboard'))
      expect(JSON.parse(copied ?? '{}').data).toBe(code)
      return { name, code }
    })
    expect(invited.code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/)

    await asPerson(null, async (page) => {
      await page.getByText('绑定身份').waitFor()
      await page.getByLabel('邀请码').locator('input').fill(invited.code)
      // The network drops as the person taps 绑定: the code stays and they are told it is kept.
      await page.context().setOffline(true)
      await page.getByText('绑定', { exact: true }).click()
      await page.getByText('网络不稳定，已保存，可稍后重试').waitFor()
      await screenshot(page, 'bind-offline')
      expect(await page.getByLabel('邀请码').locator('input').inputValue()).toBe(invited.code)
      await page.context().setOffline(false)
      await page.getByText('绑定', { exact: true }).click()
      await page.getByText(`绑定成功：邱铺村 ${invited.name}`).waitFor()

      // Their first message (the binding notice) waits on 首页's 消息 row; tapping it opens what it is about.
      await tapTab(page, '首页')
      await page.getByText('1 条未读').waitFor()
      await page.getByText('消息', { exact: true }).first().click()
      await page.waitForURL(/pages\/messages\/index/)
      await page.getByText('您已绑定微信').first().waitFor()
      await page
        .getByText(/^\d{1,2}月\d{1,2}日（周.）\d{2}:\d{2}$/)
        .first()
        .waitFor()
      await page.waitForTimeout(500) // the page's slide-in ends
      await screenshot(page, 'messages', { readme: true })
      await page.getByText('您已绑定微信').first().click()
      await page.waitForURL(/pages\/me\/index/)
      await tapTab(page, '首页')
      await page.getByText('消息', { exact: true }).first().waitFor()
      expect(await page.getByText(/条未读/).count()).toBe(0)
    })
  })
})

describe('scope', () => {
  it('a township organiser sees only the villages of its township', async () => {
    await asPerson(TOWNSHIP_ORGANISER, async (page) => {
      await page.getByText('本乡镇的村（社区）').first().click()
      await page.getByText('邱铺村').first().waitFor()
      expect(await page.getByText(OTHER_TOWNSHIP_VILLAGE.name).count()).toBe(0)
      await screenshot(page, 'township-villages')
    })
  })
})
