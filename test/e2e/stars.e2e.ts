/**
 * 五星支部 (issue 11, "Done means") in the local H5 app with the demo county of `npm run db:reset`:
 * the county organiser opens the county dashboard from 首页, sees levels against the year's targets and the month's
 * comparison, drills from 邱铺村's row into its evidence down to the source records (the duty month records, then
 * the duty page itself) and downloads the month's Excel file; the township organiser of 城郊乡 opens the township
 * dashboard from 首页 and returns 邱铺村's self-assessment with a comment; the village's secretary sees it.
 * Issue 22: the township dashboard shows the township's own targets and the township exports its villages; the
 * county organiser edits next year's template (task name, prerequisite, negative list) and confirms before saving.
 * Issue 23: the township records a 负面清单 item on 邱铺村's board (confirmed first), the county confirms its level.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { beijingMonth } from '../../common/rules/beijing-time'
import { monthLabel, periodLabel } from '../../common/rules/human-text'
import {
  launchBrowser,
  loginAs,
  newPhone,
  answerConfirm,
  openHomeCard,
  screenshot,
  startApp,
  tapTab,
  type RunningApp,
} from './support/app'

const COUNTY = '闫民青'
const TOWNSHIP = '苏勇敏'
const SECRETARY = '谢文凤'
const VILLAGE = { id: 'v025', name: '邱铺村', township: '城郊乡', townshipId: 't03' }
const COMMENT = '产业兴旺星的土地流转合同还没拍照上传，请补充后再提交'
const ROOT = path.resolve(__dirname, '..', '..')

let app: RunningApp
let browser: Browser

beforeAll(async () => {
  // The server runs the built functions; build them so `taro build --type h5 && jest … stars` is enough.
  execFileSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'scripts', 'build-functions.ts')], {
    cwd: ROOT,
    stdio: 'ignore',
  })
  app = await startApp({ seed: true })
  browser = await launchBrowser()
}, 240000)
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function as<T>(name: string, journey: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await newPhone(browser)
  try {
    await loginAs(page, app, name)
    return await journey(page)
  } finally {
    await context.close()
  }
}

/** Lets the page transition finish so the screenshot shows the page, not the slide. */
async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(600)
  await screenshot(page, name)
}

async function openFromHome(page: Page, card: string, url: RegExp): Promise<void> {
  await openHomeCard(page, card)
  await page.waitForURL(url)
}

describe('五星支部: county dashboard, evidence, export; a township returns a self-assessment; the village sees it', () => {
  it('the county organiser sees levels against targets and the month’s comparison, drills into 邱铺村’s evidence and downloads the Excel file', async () => {
    await as(COUNTY, async (page) => {
      await openFromHome(page, '各村五星支部创建', /packages\/stars\/pages\/county\/index/)
      await page.locator('.stars__title', { hasText: '全县五星支部看板' }).waitFor()
      // Levels now against the year's targets (the seed: 7 five-star, 36 four-star, 98 three-star, 121 two-star).
      for (const [level, target] of [
        [5, 7],
        [4, 36],
        [3, 98],
        [2, 121],
      ])
        await page.getByText(new RegExp(`^${level}星：\\d+ / 目标 ${target}$`)).waitFor()
      await page.getByText('示例模板，可由县里修改（不是官方文件原文）').waitFor()
      const month = beijingMonth(Date.now())
      await page.getByText(`${monthLabel(month)}达标排序（只比结果：任务完成、诉求办结、会议、事项办结）`).waitFor()
      // Every village of the county is in the comparison, ranked from 1, shown 50 at a time (setData stays small).
      await page.getByText(/^1\. /).first().waitFor()
      await page.getByText('第 1/6 页（共 262 个村）').waitFor()
      const rows = page.getByText(/^\d+\. \S+ \S+ · /)
      expect(await rows.count()).toBe(50)
      const firstOfPage1 = await rows.first().textContent()
      await page.getByText('下一页', { exact: true }).click()
      await page.getByText('第 2/6 页（共 262 个村）').waitFor()
      // Ranks are county-wide (ties share a number): page 2 holds the next 50 villages, none of page 1's.
      expect(await rows.count()).toBe(50)
      expect(await page.getByText(firstOfPage1!, { exact: true }).count()).toBe(0)
      await page.getByText('上一页', { exact: true }).click()
      await page.getByText('第 1/6 页（共 262 个村）').waitFor()
      await shot(page, 'stars-county-dashboard')

      // Export: a real .xlsx (a zip) named after the month.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByText('导出 Excel', { exact: true }).click(),
      ])
      expect(download.suggestedFilename()).toBe(`五星支部-${month}-月达标排序.xlsx`)
      const file = await download.path()
      const bytes = readFileSync(file!)
      expect(bytes.subarray(0, 2).toString()).toBe('PK')
      expect(bytes.length).toBeGreaterThan(10_000)
      await page.getByText(`已导出 五星支部-${month}-月达标排序.xlsx`).waitFor()

      // Drill down: the village's row → its tasks → where one figure comes from → the source records → the record's page.
      // The ranking shows 50 villages a page: page on until 邱铺村's row is there.
      const villageRow = page.getByText(new RegExp(`^\\d+\\. ${VILLAGE.township} ${VILLAGE.name} · `))
      for (let shown = 1; shown < 6 && !(await villageRow.count()); shown++) {
        await page.getByText('下一页', { exact: true }).click()
        await page.getByText(`第 ${shown + 1}/6 页（共 262 个村）`).waitFor()
      }
      await villageRow.click()
      await page.waitForURL(new RegExp(`packages/stars/pages/index/index\\?villageId=${VILLAGE.id}`))
      await page.getByText(`${VILLAGE.name} ${month.slice(0, 4)} 年五星支部创建`).waitFor()
      await shot(page, 'stars-village-board-county-view')
      const duty = page.locator('.stars__item', { hasText: '党群服务中心有人值班' })
      await duty.getByText(/来自值班坐班（每月值班汇总）/).waitFor()
      await duty.getByText('查看来源记录').click()
      await page.waitForURL(/packages\/stars\/pages\/evidence\/index\?villageId=v025&taskKey=b7/)
      await page.getByText(/^有人值班天数：\d+$/).waitFor()
      await page.getByText(`${month} 值班汇总`).waitFor()
      await shot(page, 'stars-evidence-duty')
      await page.getByText(`${month} 值班汇总`).click()
      await page.waitForURL(new RegExp(`packages/duty/pages/index/index\\?villageId=${VILLAGE.id}&month=${month}`))
    })
  })

  it('the township organiser of 城郊乡 returns 邱铺村’s self-assessment with a comment', async () => {
    await as(TOWNSHIP, async (page) => {
      await openFromHome(
        page,
        '各村五星支部创建',
        new RegExp(`packages/stars/pages/township/index\\?townshipId=${VILLAGE.townshipId}`),
      )
      await page.getByText(`${VILLAGE.township} 待审核的自评`).waitFor()
      const month = beijingMonth(Date.now())
      const row = page.locator('.stars__item', { hasText: `${VILLAGE.name} ${periodLabel(month)}` })
      await row.waitFor()
      await shot(page, 'stars-township-pending')
      // Returning needs a comment: without one the function refuses and says so.
      await row.getByText('退回', { exact: true }).click()
      await page.getByText('退回时请写明意见').waitFor()
      await row.locator('textarea').fill(COMMENT)
      await row.getByText('退回', { exact: true }).click()
      await page.getByText('已退回').waitFor()
      await page.locator('.stars__item', { hasText: `${VILLAGE.name} ${month}` }).waitFor({ state: 'detached' })
      await shot(page, 'stars-township-returned')

      // The township's own targets (its share of the county's by villages), never the county's 121 two-star.
      await page
        .getByText('目标：县里未单独下达，按本乡镇村数占全县的比例折算；柱长为已达到的村数占目标的比例')
        .waitFor()
      await page.getByText(/^2星：\d+ \/ 目标 \d+$/).waitFor()
      expect(await page.getByText(/^2星：\d+ \/ 目标 121$/).count()).toBe(0)
      await page.getByText('各月诉求件数（柱高为在村办结与上交乡镇、县的件数之和）').waitFor()
      expect(await page.getByText(/办结 \d+\/0\b/).count()).toBe(0)
      // The township exports its own villages.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByText('导出本乡镇 Excel', { exact: true }).click(),
      ])
      expect(download.suggestedFilename()).toBe(`五星支部-${VILLAGE.township}-${month}-月达标排序.xlsx`)
      expect(
        readFileSync((await download.path())!)
          .subarray(0, 2)
          .toString(),
      ).toBe('PK')
    })
  })

  it('the village secretary sees the assessment returned, with the township’s comment', async () => {
    await as(SECRETARY, async (page) => {
      await tapTab(page, '办事')
      // Tab pages stay in the document when hidden: tap the visible entry.
      await page
        .locator('.xz-features__title:visible', { hasText: /^五星支部$/ })
        .first()
        .click()
      await page.waitForURL(/packages\/stars\/pages\/index\/index/)
      const month = beijingMonth(Date.now())
      await page.getByText(`${periodLabel(month)} 乡镇退回`).waitFor()
      await page.getByText(`乡镇意见：${COMMENT}`).waitFor()
      await shot(page, 'stars-village-returned')
    })
  })

  it('the county organiser edits next year’s template from 首页 and confirms the listed changes before saving', async () => {
    await as(COUNTY, async (page) => {
      await openFromHome(page, '各村五星支部创建', /packages\/stars\/pages\/county\/index/)
      await page.getByText('任务模板', { exact: true }).click()
      await page.waitForURL(/packages\/stars\/pages\/template\/index/)
      const next = Number(beijingMonth(Date.now()).slice(0, 4)) + 1
      await page.getByText(`${next} 年`, { exact: true }).click()
      await page.getByText(`${next} 年五星支部任务模板`).waitFor()
      const b1 = page.getByLabel('任务 b1 名称', { exact: true }).locator('input')
      await b1.fill('支委会每月至少召开一次')
      await page.getByLabel('产业兴旺星的前提：支部过硬星', { exact: true }).click()
      await page.getByText('添加一项', { exact: true }).click()
      await page.getByLabel('负面清单第 6 项', { exact: true }).locator('input').fill('村干部违规插手工程项目')
      await page.getByLabel('第 6 项否决：全部星级', { exact: true }).click()
      await page.getByText(`保存 ${next} 年模板`, { exact: true }).click()
      // Nothing is saved until the county confirms the changes listed.
      await page.getByText('· 任务「支委会每月召开」改名为「支委会每月至少召开一次」').waitFor()
      await page.getByText('· 产业兴旺星的前提 支部过硬星 → 无').waitFor()
      await page.getByText('· 负面清单（5 项 → 6 项）').waitFor()
      await shot(page, 'stars-template-confirm')
      await page.getByText('确认保存', { exact: true }).click()
      await page.getByText(`${next} 年模板已保存`).waitFor()
      await page.getByText(`${next}年县定模板`).waitFor()
      expect(await b1.inputValue()).toBe('支委会每月至少召开一次')
      expect(await page.getByLabel('负面清单第 6 项', { exact: true }).locator('input').inputValue()).toBe(
        '村干部违规插手工程项目',
      )
    })
  })
})

describe('五星支部: the township records a 负面清单 item, the county confirms the level (issue 23)', () => {
  const NOTE = '11月村民在河道倾倒建筑垃圾，已责令清理'
  it('the township organiser records an item for 邱铺村 after confirming; the village board shows it with its reason', async () => {
    await as(TOWNSHIP, async (page) => {
      await openFromHome(
        page,
        '各村五星支部创建',
        new RegExp(`packages/stars/pages/township/index\\?townshipId=${VILLAGE.townshipId}`),
      )
      await page
        .getByLabel(new RegExp(`^${VILLAGE.name}：`))
        .first()
        .click()
      await page.waitForURL(/packages\/stars\/pages\/index\/index/)
      await page.getByText('记录负面清单事项', { exact: true }).waitFor()
      await page.getByText('发生重大环境污染或违法占地', { exact: true }).click()
      await page.locator('.card', { hasText: '记录负面清单事项' }).locator('textarea').fill(NOTE)
      await page.getByText('记录负面清单', { exact: true }).click()
      await answerConfirm(page, /否决生态宜居星/)
      await page.getByText(/^已记录，本村现测算为/).waitFor()
      await page.getByText(`发生重大环境污染或违法占地：${NOTE}`, { exact: true }).first().waitFor()
      await page.getByText(`被否决：发生重大环境污染或违法占地：${NOTE}`, { exact: true }).first().waitFor()
      // Confirming the level is the county's.
      expect(await page.getByText(/^确认\d星$/).count()).toBe(0)
    })
  })

  it('the county organiser confirms 邱铺村’s level after confirming, never above the measured one', async () => {
    await as(COUNTY, async (page) => {
      await openFromHome(page, '各村五星支部创建', /packages\/stars\/pages\/county\/index/)
      await page.locator('.stars__title', { hasText: '全县五星支部看板' }).waitFor()
      const villageRow = page.getByText(new RegExp(`^\\d+\\. ${VILLAGE.township} ${VILLAGE.name} · `))
      for (let shown = 1; shown < 6 && !(await villageRow.count()); shown++) {
        await page.getByText('下一页', { exact: true }).click()
        await page.getByText(`第 ${shown + 1}/6 页（共 262 个村）`).waitFor()
      }
      await villageRow.click()
      await page.waitForURL(new RegExp(`packages/stars/pages/index/index\\?villageId=${VILLAGE.id}`))
      const card = page.locator('.card', { hasText: /确认 \d{4} 年星级/ })
      await card.waitFor()
      const choice = card.getByText('确认未达二星', { exact: true })
      await choice.click()
      await answerConfirm(page, /星级确认为未达二星/)
      await page.getByText(/^已确认 \d{4} 年星级：未达二星$/).waitFor()
      await page.getByText(/县里确认 未达二星/).waitFor()
    })
  })
})
