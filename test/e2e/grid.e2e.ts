import type { Page } from 'playwright-core'
import { answerConfirm, back, openArea, screenshot, useSeededApp } from './support/app'

// Demo people of `npm run db:reset` in 邱铺村 (v025, 城郊乡 t03); local/seed/grid.ts links the resident's household
// (彭磊贵家) to the demo Party member.
const MEMBER = '王平'
const RESIDENT = '彭磊贵'
const SECRETARY = '谢文凤'
const TOWNSHIP = '苏勇敏'

const journey = useSeededApp()
const as = journey.as.bind(journey)

/** The visible match: Taro's H5 router keeps earlier pages in the DOM, hidden. */
const t = (page: Page, text: string | RegExp, options?: { exact?: boolean }) =>
  page.getByText(text, options).filter({ visible: true }).first()

/** The area's home, as a person opens it: back to the tab bar, 办事 → 党员联户. */
async function openHome(page: Page): Promise<void> {
  await openArea(page, '党员联户')
  await page.waitForURL(/packages\/grid\/pages\/index\/index/)
}

async function openRequest(page: Page, text: RegExp): Promise<void> {
  await t(page, text).click()
  await page.waitForURL(/packages\/grid\/pages\/request\/index/)
  await t(page, '办理经过').waitFor()
}

/** 邱铺村's row in the township's figures of this month: the demo's own activity this month plus the journey's. */
async function villageRow(page: Page): Promise<{ received: number; escalated: number }> {
  await openHome(page)
  await t(page, '本乡镇的诉求和月度数字').click()
  await t(page, '各村').waitFor()
  const row = page
    .locator('.grid__row')
    .filter({ visible: true })
    .filter({ hasText: /^邱铺村受理 / })
    .first()
  // The figures arrive after the card's title (slowly on a loaded machine: a short wait read them as 0 and the
  // journey's later sums failed); early in a month the village may have no row yet.
  await row.waitFor({ timeout: 30_000 }).catch(() => undefined)
  const text = (await row.count()) ? ((await row.textContent()) ?? '') : ''
  const m = /受理 (\d+) · 在村办结 \S+ · 上报 (\d+)/.exec(text)
  return m ? { received: Number(m[1]), escalated: Number(m[2]) } : { received: 0, escalated: 0 }
}
let before = { received: 0, escalated: 0 }

describe('党员联户 and 群众诉求, village → township → resident', () => {
  it("notes the township's figures for 邱铺村 this month before the journey", async () => {
    await as(TOWNSHIP, async (page) => {
      before = await villageRow(page)
    })
  })

  it('a member records a visit that raises a request for the resident', async () => {
    await as(MEMBER, async (page) => {
      await openHome(page)
      await t(page, '我联系的户').waitFor()
      await page.waitForTimeout(800)
      await screenshot(page, 'grid-member-home', { readme: true })
      const row = page.locator('.grid__row:visible', { hasText: `${RESIDENT}家` }).first()
      const visitsBefore = Number(/今年 (\d+) 次/.exec(await row.innerText())?.[1])
      expect(Number.isInteger(visitsBefore)).toBe(true)
      await page.getByLabel(`走访 ${RESIDENT}家`).click()
      await page.waitForURL(/pages\/visit\/index/)
      await page.getByLabel('见到了谁').locator('input').filter({ visible: true }).fill('户主本人')
      await page.getByLabel('家里情况').locator('textarea').filter({ visible: true }).fill('老人腿脚不便，儿子在外务工')
      await t(page, '群众当场提出诉求').click()
      await page.getByLabel('诉求内容').locator('textarea').filter({ visible: true }).fill('想申请残疾证，不知道去哪办')
      await screenshot(page, 'grid-visit-form', { readme: true })
      await t(page, '提交走访记录').click()
      await t(page, '走访已记录').waitFor()
      // Back on the list, the visit is counted at once (the list was stale until the page was opened again).
      await back(page)
      await row.filter({ hasText: `今年 ${visitsBefore + 1} 次` }).waitFor({ timeout: 10_000 })
    })
  })

  it('the resident raises a second request themselves', async () => {
    await as(RESIDENT, async (page) => {
      await openHome(page)
      await t(page, '我的诉求').waitFor()
      await t(page, '想申请残疾证，不知道去哪办').waitFor()
      await t(page, '我要提诉求').click()
      await t(page, '矛盾纠纷').click()
      await page
        .getByLabel('诉求内容')
        .locator('textarea')
        .filter({ visible: true })
        .fill('和邻村因为地界有纠纷，村里调解不了')
      await t(page, '提交', { exact: true }).click()
      await t(page, '诉求已提交').waitFor()
    })
  })

  it('the village handles one and escalates the other', async () => {
    await as(SECRETARY, async (page) => {
      await openHome(page)
      await t(page, '本村的诉求').click()
      await openRequest(page, /想申请残疾证/)
      await t(page, '核实受理').click()
      await t(page, '已核实').waitFor()
      await page
        .getByLabel('答复或说明')
        .locator('textarea')
        .filter({ visible: true })
        .fill('带户口本到乡镇残联窗口办理，村里可以代办')
      await t(page, '答复群众').click()
      await t(page, '已答复', { exact: false }).waitFor()
      // 办结 waits until the resident has seen the reply.
      await t(page, /群众还没有看到答复/).waitFor()
      expect(await page.getByText('办结', { exact: true }).filter({ visible: true }).count()).toBe(0)
      await page.goBack()
      await openRequest(page, /和邻村因为地界/)
      await page.getByLabel('答复或说明').locator('textarea').filter({ visible: true }).fill('涉及两个村，需乡镇协调')
      await t(page, '上报乡镇').click()
      await t(page, /乡镇级办理/).waitFor()
      await screenshot(page, 'grid-request-escalated', { readme: true })
    })
  })

  it('the township resolves the escalated one', async () => {
    await as(TOWNSHIP, async (page) => {
      await openHome(page)
      await t(page, '本乡镇的诉求和月度数字').click()
      await openRequest(page, /和邻村因为地界/)
      await t(page, '核实受理').click()
      await t(page, '已核实').waitFor()
      await page
        .getByLabel('答复或说明')
        .locator('textarea')
        .filter({ visible: true })
        .fill('乡司法所已组织两村调解，地界按原图纸确认')
      await t(page, '答复群众').click()
      await t(page, '乡司法所已组织两村调解', { exact: false }).waitFor()
    })
  })

  it('the resident sees both replies and rates one of them', async () => {
    await as(RESIDENT, async (page) => {
      await openHome(page)
      await openRequest(page, /想申请残疾证/)
      await page.getByLabel('答复').filter({ visible: true }).waitFor()
      await openHome(page)
      await openRequest(page, /和邻村因为地界/)
      await page.getByLabel('答复').filter({ visible: true }).waitFor()
      await t(page, '满意', { exact: true }).click()
      await t(page, /群众评价：满意/).waitFor()
      await screenshot(page, 'grid-request-rated', { readme: true })
    })
  })

  it('the village closes the seen reply (confirmed) and the resident rates it after 办结', async () => {
    await as(SECRETARY, async (page) => {
      await openHome(page)
      await t(page, '本村的诉求').click()
      await page
        .locator('.grid__tab')
        .filter({ visible: true })
        .filter({ hasText: /^已答复$/ })
        .first()
        .click()
      await openRequest(page, /想申请残疾证/)
      await t(page, '办结', { exact: true }).click()
      await answerConfirm(page, /群众会收到提醒/)
      await t(page, /已办结 · 村级办理/).waitFor()
      await t(page, /群众可在 .+ 前评价/).waitFor()
    })
    await as(RESIDENT, async (page) => {
      await openHome(page)
      await openRequest(page, /想申请残疾证/)
      await t(page, /已办结，可在 .+ 前评价/).waitFor()
      await t(page, '基本满意', { exact: true }).click()
      await t(page, /群众评价：基本满意/).waitFor()
      expect(await page.getByText('满意', { exact: true }).filter({ visible: true }).count()).toBe(0)
    })
  })

  it("the township's monthly figures show both", async () => {
    await as(TOWNSHIP, async (page) => {
      await openHome(page)
      await t(page, '本乡镇的诉求和月度数字').click()
      await t(page, '各村').waitFor()
      const row = new RegExp(`^邱铺村受理 ${before.received + 2} · 在村办结 \\S+ · 上报 ${before.escalated + 1} `)
      await page.locator('.grid__row').filter({ visible: true }).filter({ hasText: row }).first().waitFor()
      await screenshot(page, 'grid-township-figures')
    })
  })

  it('the secretary moves the resident household from its member to another (confirmed), with history', async () => {
    await as(SECRETARY, async (page) => {
      await openHome(page)
      await t(page, '联户安排').click()
      await page.waitForURL(/pages\/linkage\/index/)
      const card = page
        .locator('.card')
        .filter({ visible: true })
        .filter({ hasText: `${RESIDENT}家` })
        .first()
      await card.getByText(`${RESIDENT}家`, { exact: true }).first().click()
      const labels = await card
        .locator('[aria-label^="党员 "]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))
      const other = labels.find((l) => l !== `党员 ${MEMBER}`)!.replace('党员 ', '')
      await card.getByLabel(`党员 ${other}`).click()
      await t(page, `改由${other}联系选中的 1 户`).click()
      await answerConfirm(page, new RegExp(`${RESIDENT}家（现由${MEMBER}联系）改由${other}联系`))
      await t(page, /其中 1 户由别人改派/).waitFor()
      await card.getByText(`${RESIDENT}家`, { exact: true }).first().click()
      await t(page, `查看${RESIDENT}家`).click()
      await page.waitForURL(/pages\/household\/index/)
      await t(page, `联系党员：${other}`, { exact: false }).waitFor()
      await t(page, new RegExp(`^${MEMBER}：.+ 止`)).waitFor()
      await t(page, new RegExp(`^${other}：.+（现在），${SECRETARY}安排`)).waitFor()
      await t(page, '家里的人').waitFor()
      await screenshot(page, 'grid-household', { readme: true })
    })
  })
})
