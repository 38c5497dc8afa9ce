import type { Page } from 'playwright-core'
import { answerConfirm, openArea, screenshot, useSeededApp } from './support/app'

// Demo people of `npm run db:reset` in 邱铺村 (v025, 城郊乡 t03). local/seed/council.ts makes the secretary the
// council's chair and the grid leaders its members.
const GRID_LEADER = '卢丽福'
const SECRETARY = '谢文凤'
const TOWNSHIP = '苏勇敏'
const VILLAGE_NAME = '邱铺村'

const journey = useSeededApp()
const as = journey.as.bind(journey)
let household = ''

const fill = (page: Page, label: string, value: string) =>
  page.getByLabel(label, { exact: true }).locator('input').fill(value)

/** 办事 → 红白理事会, as a person opens it. */
async function openCouncil(page: Page): Promise<void> {
  await openArea(page, '红白理事会')
  await page.waitForURL(/packages\/council\/pages\/index\/index/)
}

/** Taps one of the area's buttons (我要报备, 审核与登记, 理事会台账, 本乡镇各村). */
async function tapButton(page: Page, label: string, url: RegExp): Promise<void> {
  await page
    .locator('taro-button-core:visible', { hasText: new RegExp(`^${label}$`) })
    .first()
    .click()
  await page.waitForURL(url)
}

async function boardEvents(page: Page): Promise<number> {
  await openCouncil(page)
  const line = await page
    .getByText(/年按标准办理 \d+ 件/)
    .first()
    .textContent()
  return Number(/办理 (\d+) 件/.exec(line ?? '')![1])
}

describe('红白理事会: file → review → actual → ledger, board, township', () => {
  let eventsBefore = 0

  it('the public board shows the standard and the year’s events', async () => {
    await as(GRID_LEADER, async (page) => {
      eventsBefore = await boardEvents(page)
      await page.getByText(/彩礼不超过 ¥/).waitFor()
      await screenshot(page, 'council-board')
    })
  })

  it('a grid member files a wedding with one figure over the cap, and must give a reason', async () => {
    await as(GRID_LEADER, async (page) => {
      await openCouncil(page)
      await tapButton(page, '我要报备', /council\/pages\/file/)
      await page.getByText('计划的花费和规模').waitFor()
      const first = page.getByText(/^\d{4}号 /).first()
      household = (await first.textContent())!.trim()
      await first.click()
      await page.getByText(`已选：${household}`).waitFor()
      await fill(page, '彩礼', '60000')
      await fill(page, '宴席桌数', '6')
      await fill(page, '每桌费用', '200')
      await page.getByText(/彩礼 ¥60,000，超出上限 ¥\d{2},000 共 ¥\d{2},000/).waitFor()
      await page.getByText('超出标准的项目请写明理由').waitFor()
      await fill(page, '彩礼超标理由', '女方家里坚持，理事会已劝说')
      await screenshot(page, 'council-file-over')
      await page.getByText('提交报备').click()
      await page.getByText('已报备').waitFor()
      await page.getByText(/有 1 项超出标准，已写明理由/).waitFor()
    })
  })

  it('the council chair approves it with advice and records the actual figures', async () => {
    await as(SECRETARY, async (page) => {
      await openCouncil(page)
      await tapButton(page, '审核与登记', /council\/pages\/review/)
      await page.getByText(/^待审核 \d+ 件/).waitFor()
      await page.getByText(`婚事 · ${household}`).first().click()
      await page.getByText('女方家里坚持，理事会已劝说', { exact: false }).waitFor()
      await fill(page, '意见或建议', '彩礼再商量着降一些')
      await page.getByText('同意', { exact: true }).click()
      await page.getByText('已记录：已同意').waitFor()
      await fill(page, '实际彩礼', '28000')
      await fill(page, '实际宴席桌数', '6')
      await fill(page, '实际每桌费用', '200')
      await page.getByText('☐ 本户已确认这些数字').click()
      await fill(page, '确认人', household.replace(/^\d+号 /, ''))
      await page.getByText('保存实际数字').click()
      await answerConfirm(page, /这件事按这些数字办结，由.+代表本户确认；保存后不能再改/)
      await page.getByText('实际与计划').waitFor()
      await page
        .getByText(/^估算节约 ¥/)
        .filter({ visible: true })
        .first()
        .waitFor()
      await page.getByText(/^估算：村里移风易俗前的婚事平均花费/).waitFor()
      await screenshot(page, 'council-actual')
    })
  })

  it('the ledger and the public board count it', async () => {
    await as(SECRETARY, async (page) => {
      await openCouncil(page)
      await tapButton(page, '理事会台账', /council\/pages\/ledger/)
      await page.getByText(/年台账/).waitFor()
      await page.getByText(`婚事 · ${household}`).first().waitFor()
      await screenshot(page, 'council-ledger')
      expect(await boardEvents(page)).toBe(eventsBefore + 1)
    })
  })

  it('the township sees the village’s compliance and savings', async () => {
    await as(TOWNSHIP, async (page) => {
      await openCouncil(page)
      await tapButton(page, '本乡镇各村', /council\/pages\/summary/)
      await page.getByText(VILLAGE_NAME, { exact: true }).filter({ visible: true }).first().waitFor()
      const row = page.locator('.xz-row:visible', { hasText: VILLAGE_NAME })
      await row.getByText(/符合标准 \d+ · 超标有理由 \d+ · 超标无理由 \d+/).waitFor()
      await row.getByText(/估算节约 ¥/).waitFor()
      await page
        .getByText(/^\d+月$/)
        .first()
        .click()
      await screenshot(page, 'council-township')
    })
  })

  it('the secretary adds a council member and adopts a lower cap on 彩礼 from today', async () => {
    await as(SECRETARY, async (page) => {
      await openCouncil(page)
      await tapButton(page, '理事会与标准', /council\/pages\/manage/)
      const members = page.getByLabel('理事会成员').filter({ visible: true })
      const countBefore = Number(
        /成员 (\d+) 人/.exec((await members.getByText(/^成员 \d+ 人$/).textContent()) ?? '')![1],
      )
      await fill(page, '查找人员', '王平')
      await page.getByLabel('王平 任成员', { exact: true }).filter({ visible: true }).first().click()
      await members.getByText(`成员 ${countBefore + 1} 人`).waitFor()
      await page.locator('taro-button-core:visible', { hasText: /^保存理事会$/ }).click()
      await page.getByText('理事会已保存').waitFor()

      await fill(page, '彩礼上限', '20000')
      await page.locator('taro-button-core:visible', { hasText: /^通过新标准$/ }).click()
      await answerConfirm(page, /新的报备按这一版核对；之前的事仍按当时的标准。通过后不能删除/)
      await page.getByText(/^第 \d+ 版标准已通过，\d{4}年\d+月\d+日（周.）起适用$/).waitFor()
      await screenshot(page, 'council-manage')
    })
    await as(GRID_LEADER, async (page) => {
      await openCouncil(page)
      await page.getByText(/彩礼不超过 ¥20,000/).waitFor()
      await page.getByText(/王平/).first().waitFor()
    })
  })
})
