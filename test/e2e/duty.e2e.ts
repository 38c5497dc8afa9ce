import jsQR from 'jsqr'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { addDays } from '../../common/rules/duty'
import { dateLabel } from '../../common/rules/human-text'
import { generateDemoData } from '../../local/seed/demo-data'
import { gcj02ToWgs84 } from '../../src/packages/duty/shared/gcj02'
import {
  answerConfirm,
  chooseVillageInMe,
  launchBrowser,
  loginAs,
  loginAsNewUser,
  newPhone,
  openArea,
  screenshot,
  startApp,
  tapTab,
  type RunningApp,
} from './support/app'
import { C } from '../../cloudfunctions/_lib/collections'

// Demo people of `npm run db:reset` in 邱铺村 (v025): local/seed/duty.ts gives today's shift to the demo 支委委员.
const SECRETARY = '谢文凤'
const CADRE = '郑飞桂'
const RESIDENT = '彭磊贵'
const VILLAGE = { id: 'v025', name: '邱铺村', township: '城郊乡' }

// The service centre's position in the seed (GCJ-02, WeChat's datum); a browser standing there reports WGS-84.
const centre = generateDemoData()
  .get(C.villages)!
  .find((v) => v._id === VILLAGE.id)!.serviceCentre as { latitude: number; longitude: number }
const AT_THE_CENTRE = { ...gcj02ToWgs84(centre), accuracy: 15 }

const beijingToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

let app: RunningApp
let browser: Browser
/** The centre's duty screen: the secretary's phone left on the desk in duty mode for the whole journey. */
let screen: { context: BrowserContext; page: Page }

beforeAll(async () => {
  app = await startApp({ seed: true })
  browser = await launchBrowser()
}, 180000)
afterAll(async () => {
  await screen?.context.close()
  await browser?.close()
  await app?.stop()
})

/** The 6 digits the centre's screen shows now. */
async function codeOnScreen(): Promise<string> {
  const digits = screen.page.locator('.duty__digits:visible')
  await screen.page.waitForFunction(() =>
    /^\d{3} \d{3}$/.test(document.querySelector('.duty__digits')?.textContent?.trim() ?? ''),
  )
  return ((await digits.textContent()) ?? '').replace(/\D/g, '')
}

/**
 * What a phone camera reads off the centre's screen: the QR code's pixels as Chromium painted them (element
 * screenshot, quiet zone included), decoded by jsQR.
 */
async function qrOnScreen(): Promise<string | null> {
  const png = await screen.page.locator('.xz-qr:visible').first().screenshot()
  const pixels = await screen.page.evaluate(async (b64) => {
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

async function as<T>(
  name: string,
  journey: (page: Page) => Promise<T>,
  options: Parameters<typeof newPhone>[1] = {},
): Promise<T> {
  const { context, page } = await newPhone(browser, options)
  try {
    await loginAs(page, app, name)
    return await journey(page)
  } finally {
    await context.close()
  }
}

// Taro's H5 router keeps earlier pages in the DOM, hidden: only what is visible counts.
const visible = (page: Page, text: string | RegExp, exact = false) =>
  page.getByText(text, { exact }).locator('visible=true').first()

/** Font size of the board's duty phone number, in CSS px. */
const phoneSize = (page: Page) =>
  page
    .locator('.duty__phone:visible')
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize))

async function openDuty(page: Page): Promise<void> {
  await openArea(page, '值班坐班')
  await page.waitForURL(/packages\/duty\/pages\/index\/index/)
}

describe('值班坐班: a duty day at 邱铺村党群服务中心', () => {
  it('the secretary makes the centre phone the duty screen, which shows a rotating QR code and 6-digit code', async () => {
    screen = await newPhone(browser)
    const { page } = screen
    await loginAs(page, app, SECRETARY)
    await openDuty(page)
    await visible(page, '值班屏（在服务中心的设备上打开）').click()
    await visible(page, '把这台设备设为值班屏').click()
    expect(await codeOnScreen()).toMatch(/^\d{6}$/)
    await visible(page, /^\d+ 秒后更换$/).waitFor()
    // The QR code above the digits, as painted, is a signed duty code for this village…
    const payload = new RegExp(`^xzrc1\\.duty\\.${VILLAGE.id}\\.(\\d+)\\.[A-Za-z0-9_-]{22}$`)
    const first = await qrOnScreen()
    expect(first).toMatch(payload)
    await screenshot(page, 'duty-centre-screen', { readme: true })
    // …and the next window's code replaces it, digits and QR code together.
    const digits = await codeOnScreen()
    await page.waitForFunction(
      (shown) => (document.querySelector('.duty__digits')?.textContent ?? '').replace(/\D/g, '') !== shown,
      digits,
      { timeout: 45_000 },
    )
    const next = await qrOnScreen()
    expect(next).toMatch(payload)
    expect(Number(payload.exec(next!)![1])).toBeGreaterThan(Number(payload.exec(first!)![1]))
  }, 120_000)

  it('the cadre on duty checks in at the centre with the code, logs two visitors and checks out', async () => {
    await as(
      CADRE,
      async (page) => {
        await openDuty(page)
        await visible(page, '签到 / 签退').click()
        await visible(page, /今天的班次：\d\d:\d\d–\d\d:\d\d/).waitFor()
        await visible(page, '获取我的位置').click()
        await visible(page, /已取得位置/).waitFor()

        // A mistyped code is refused with the reason; the right one is accepted.
        const code = await codeOnScreen()
        const wrong = `${(Number(code[0]) + 1) % 10}${code.slice(1)}`
        await page.getByLabel('签到码').locator('input').fill(wrong)
        await page.locator('taro-button-core:visible', { hasText: /^签到$/ }).click()
        await visible(page, '码不对，请核对屏幕上最新的码再试').waitFor()
        await page
          .getByLabel('签到码')
          .locator('input')
          .fill(await codeOnScreen())
        await screenshot(page, 'duty-checkin-form')
        await page.locator('taro-button-core:visible', { hasText: /^签到$/ }).click()
        // Against the shift's hours a late arrival is said too (the demo shift may have started earlier today).
        await visible(page, /^已签到（\d\d:\d\d）(；比班次开始迟到 .+，书记会看到)?$/).waitFor()
        await visible(page, '签退', true).waitFor()
        await screenshot(page, 'duty-checked-in')

        await page.goBack()
        await visible(page, `${CADRE}（`).waitFor() // the board on the home page: on duty now
        await visible(page, '值班服务日志', true).click()
        for (const [visitor, matter, outcome] of [
          ['张桂兰', '咨询医保缴费', '当场办结'],
          ['李建国', '反映门前排水沟堵塞', '需后续办理（本人负责）'],
        ]) {
          await page.getByLabel('来访群众姓名').locator('input').fill(visitor!)
          await page.getByLabel('事项').locator('textarea').fill(matter!)
          await visible(page, outcome!, true).click()
          await page.locator('taro-button-core:visible', { hasText: /^保存$/ }).click()
          await visible(page, '已记录', true).waitFor()
          // Listed with the visitor's name masked.
          await visible(page, `${visitor![0]}*${visitor![2]}：${matter}`).waitFor()
          expect(await page.getByText(visitor!).count()).toBe(0)
        }
        await visible(page, '我负责、还没办结的事').waitFor()
        await screenshot(page, 'duty-log')

        await page.goBack()
        await visible(page, '签到 / 签退').click()
        await visible(page, '签退', true).waitFor()
        await visible(page, '获取我的位置').click()
        await visible(page, /已取得位置/).waitFor()
        await page
          .getByLabel('签到码')
          .locator('input')
          .fill(await codeOnScreen())
        await page.locator('taro-button-core:visible', { hasText: /^签退$/ }).click()
        await visible(page, /^已签退（\d\d:\d\d），本次值班 \d+ 分钟(；比班次结束早退 .+，书记会看到)?$/).waitFor()
        await visible(page, '今天的值班已签退').waitFor()
        await screenshot(page, 'duty-checked-out')
      },
      { geolocation: AT_THE_CENTRE },
    )
  })

  it("the secretary sees the month's coverage, today covered, with the two matters", async () => {
    await as(SECRETARY, async (page) => {
      await openDuty(page)
      await visible(page, '排班与本月值班情况').click()
      await visible(page, '本月值班情况', true).click()
      const summary = page.getByLabel('本月值班情况')
      await summary.getByText(/有人值班 \d+ \/ \d+ 天/).waitFor()
      await summary.getByText(/接待办理 \d+ 件，当场办结 \d+ 件/).waitFor()
      // Today's line: one cadre checked in (and out), so the day is covered.
      await page
        .locator('.xz-row:visible', { hasText: dateLabel(beijingToday()) })
        .getByText(/^1 人 · [\d.]+ 小时$/)
        .waitFor()
      await screenshot(page, 'duty-month-coverage')
    })
  })

  it('a resident sees who is on duty today, and an unbound user who chose the village sees the same board', async () => {
    await as(RESIDENT, async (page) => {
      await openDuty(page)
      const board = page.getByLabel('值班公示')
      await board.getByText(`${VILLAGE.name}党群服务中心`).waitFor()
      await board.getByText(/值班电话 0377-\d+/).waitFor()
      // The cadre has checked out (the journey above): the schedule says so, as 现在在岗 does (issue 22).
      await board
        .locator('.xz-row', { hasText: CADRE })
        .getByText(/· 已签退/)
        .waitFor()
      await board.getByText('现在没有干部签到在岗，有事请打值班电话').waitFor()
      expect(await page.getByText('签到 / 签退').count()).toBe(0)
      await screenshot(page, 'duty-board-resident')
      const normal = await phoneSize(page)

      // In large-text mode (switched on in 我的) the board's text is at least 1.25× and nothing spills sideways.
      await tapTab(page, '我的')
      await page.locator('.xz-row:visible', { hasText: '大字模式' }).click()
      await visible(page, '已开启').waitFor()
      await openDuty(page)
      await page
        .getByLabel('值班公示')
        .getByText(/值班电话 0377-\d+/)
        .waitFor()
      // The newest page has slid in (Taro's H5 router animates it from the right).
      await page.waitForFunction(() => {
        const board = [...document.querySelectorAll('.duty__phone')].pop()?.closest('.taro_page')
        return board !== undefined && board !== null && Math.abs(board.getBoundingClientRect().left) < 1
      })
      expect(await phoneSize(page)).toBeGreaterThanOrEqual(normal * 1.25)
      expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)).toBe(false)
      await screenshot(page, 'duty-board-resident-large')
    })

    const { context, page } = await newPhone(browser)
    try {
      await loginAsNewUser(page, app)
      await chooseVillageInMe(page, VILLAGE.township, VILLAGE.name)
      await openDuty(page)
      await page
        .getByLabel('值班公示')
        .locator('.xz-row', { hasText: CADRE })
        .getByText(/· 已签退/)
        .waitFor()
      await screenshot(page, 'duty-board-unbound')
    } finally {
      await context.close()
    }
  })
})

/** Taps a button by its exact words (Taro's H5 Button is the custom element taro-button-core). */
const tapButton = (page: Page, words: string) =>
  page
    .locator('taro-button-core:visible', { hasText: new RegExp(`^${words}$`) })
    .first()
    .click()

describe('值班坐班: what cadres do besides checking in (issue 23)', () => {
  it('换班: the cadre asks to give tomorrow’s shift to another cadre, the secretary approves, and the roster shows who is on duty', async () => {
    // Read once: tomorrow on the Beijing clock, as the roster shows it.
    const tomorrow = dateLabel(addDays(beijingToday(), 1))
    // The secretary makes sure the cadre is on duty tomorrow (排班, by taps).
    await as(SECRETARY, async (page) => {
      await openDuty(page)
      await visible(page, '排班与本月值班情况').click()
      const row = page.locator('.xz-row:visible', { hasText: tomorrow }).first()
      await row.waitFor()
      if (!(await row.getByText(CADRE).count())) {
        await row.locator('taro-button-core', { hasText: /^排班$/ }).click()
        await page.locator('.duty__choice:visible', { hasText: CADRE }).first().click()
        await tapButton(page, '保存这一天')
        await page
          .locator('.xz-row:visible', { hasText: tomorrow })
          .getByText(new RegExp(`^${CADRE} `))
          .waitFor()
      }
    })

    const toName = await as(CADRE, async (page) => {
      await openDuty(page)
      await visible(page, '申请换班', true).click()
      await visible(page, '申请换班', true).waitFor()
      // A retried journey finds its own request already waiting.
      const waiting = page.getByLabel('换班申请').filter({ visible: true }).getByText(`${tomorrow} `)
      if (await waiting.count()) return /→ (\S+)$/.exec(((await waiting.first().textContent()) ?? '').trim())![1]!
      await page.locator('.duty__choice:visible', { hasText: tomorrow }).first().click()
      const taker = page.getByLabel('接班干部').locator('.duty__choice:visible').first()
      await taker.waitFor()
      const name = ((await taker.textContent()) ?? '').trim()
      await taker.click()
      await page.getByLabel('换班原因').locator('textarea').fill('那天要去乡里开会')
      await tapButton(page, '提交换班申请')
      await visible(page, `已申请：${tomorrow}的班换给${name}，等书记批准`).waitFor()
      await page.waitForTimeout(500)
      await screenshot(page, 'duty-swap-request', { readme: true })
      return name
    })

    await as(SECRETARY, async (page) => {
      await openDuty(page)
      await visible(page, '换班（申请与批准）').click()
      const request = page.getByLabel('换班申请').locator('.xz-row', { hasText: `${CADRE} → ${toName}` })
      await request.waitFor()
      await request.locator('taro-button-core', { hasText: /^同意$/ }).click()
      await answerConfirm(page, new RegExp(`的班改由${toName}值，${CADRE}不再值这个班`))
      await visible(page, `已同意：${tomorrow}的班改由${toName}值`).waitFor()
      await screenshot(page, 'duty-swap-approved')
      // The week's plan now has the other cadre on duty tomorrow, and not the one who asked.
      await tapTab(page, '首页')
      await openDuty(page)
      await visible(page, '排班与本月值班情况').click()
      const row = page.locator('.xz-row:visible', { hasText: tomorrow }).first()
      await row.getByText(new RegExp(`^${toName} \\d\\d:\\d\\d–\\d\\d:\\d\\d`)).waitFor()
      expect(await row.getByText(new RegExp(`^${CADRE} `)).count()).toBe(0)
    })
  })

  it('移交: the cadre hands the drain matter over to the secretary, and the log says who handed it to whom', async () => {
    const matter = '李*国：反映门前排水沟堵塞'
    await as(CADRE, async (page) => {
      await openDuty(page)
      await visible(page, '值班服务日志', true).click()
      const mine = page.locator('.card:visible', { hasText: '我负责、还没办结的事' })
      const row = mine.locator('.xz-row', { hasText: matter }).first()
      await row.locator('taro-button-core', { hasText: /^移交$/ }).click()
      const panel = page.getByLabel('移交').filter({ visible: true })
      await panel.locator('.duty__choice', { hasText: SECRETARY }).click()
      await panel.getByLabel('移交说明').locator('textarea').fill('书记分管水利')
      await tapButton(page, `移交给${SECRETARY}`)
      await answerConfirm(page, new RegExp(`改由${SECRETARY}负责办理`))
      await visible(page, `已移交给${SECRETARY}，由${SECRETARY}负责办理`).waitFor()
      // Today's log keeps the step.
      await visible(page, new RegExp(`${CADRE} 移交给 ${SECRETARY}$`)).waitFor()
      await screenshot(page, 'duty-log-handover')
    })
    await as(SECRETARY, async (page) => {
      await openDuty(page)
      await visible(page, '值班服务日志', true).click()
      const mine = page.locator('.card:visible', { hasText: '我负责、还没办结的事' })
      await mine.locator('.xz-row', { hasText: matter }).getByText(`负责人 ${SECRETARY}`, { exact: false }).waitFor()
      await mine
        .getByText(new RegExp(`${CADRE} 移交给 ${SECRETARY}$`))
        .first()
        .waitFor()
    })
  })

  it('停用: the secretary stops the centre screen from her phone, and the screen stops showing codes', async () => {
    expect(await codeOnScreen()).toMatch(/^\d{6}$/)
    await as(SECRETARY, async (page) => {
      await openDuty(page)
      await visible(page, '值班屏设备（停用丢失的屏）').click()
      const row = page.getByLabel('值班屏 服务中心值班屏').filter({ visible: true }).first()
      await row.waitFor()
      await page.waitForTimeout(500) // the page's slide-in has ended
      await screenshot(page, 'duty-screens', { readme: true })
      await row.locator('taro-button-core', { hasText: /^停用$/ }).click()
      await answerConfirm(page, /不再显示签到码/)
      await visible(page, '已停用“服务中心值班屏”，它不再显示签到码').waitFor()
      await visible(page, '现在没有在用的值班屏').waitFor()
    })
    // At its next code (within one 30-second window) the screen is refused and says so, with no digits left.
    await visible(screen.page, '这台设备不是本村的值班屏（或已停用），请书记重新设置').waitFor({ timeout: 45_000 })
    expect(await screen.page.locator('.duty__digits:visible').count()).toBe(0)
    expect(await screen.page.locator('.xz-qr:visible').count()).toBe(0)
    await visible(screen.page, '把这台设备设为值班屏').waitFor()
  }, 90_000)
})
