import type { Page } from 'playwright-core'
import { answerConfirm, back, backToTabs, openArea, screenshot, tapTab, useSeededApp } from './support/app'

// Demo people of `npm run db:reset` in 邱铺村 (v025, 城郊乡 t03), as in deliberation.e2e.ts.
const SECRETARY = '谢文凤'
const TOWNSHIP = '苏勇敏'
const TITLE = '修缮村东小桥（规则设置演示）'

const journey = useSeededApp()
const as = journey.as.bind(journey)

/** The visible match: Taro's H5 router keeps earlier pages in the DOM, hidden. */
const t = (page: Page, text: string | RegExp, options?: { exact?: boolean }) =>
  page.getByText(text, options).filter({ visible: true }).first()
/** Taro's H5 input wraps the real <input>/<textarea>, which carries the same placeholder. */
const field = (page: Page, placeholder: string) =>
  page.locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`).first()
const labelled = (page: Page, label: string) =>
  page.getByLabel(label).filter({ visible: true }).first().locator('input').first()

/** 我的 → 花名册管理, as the secretary opens it. */
async function openRoster(page: Page): Promise<void> {
  await tapTab(page, '我的')
  await t(page, '花名册管理（人员、户、网格、邀请码）').click()
  await page.waitForURL(/packages\/roster\/pages\/index\/index/)
}

async function openMatter(page: Page): Promise<void> {
  await openArea(page, '四议两公开')
  await t(page, TITLE).click()
  await page.waitForURL(/deliberation\/pages\/matter/)
}

describe('the organisation and its rules, edited in the app', () => {
  it('the secretary sets 审议事项提前送达 to 0 days and the Party members’ vote may open the same day', async () => {
    await as(SECRETARY, async (page) => {
      // A matter sent today cannot be voted on yet under the county's 3 days.
      await openArea(page, '四议两公开')
      await t(page, '提议新议题', { exact: true }).click()
      await page.waitForURL(/deliberation\/pages\/new/)
      await field(page, '如：硬化村东生产路').fill(TITLE)
      await field(page, '要办什么事、为什么办、花多少钱、怎么办').fill('村东小桥栏杆损坏，拟用集体收益1万元修缮。')
      await t(page, '兴办公益事业（筹资筹劳）', { exact: true }).click()
      await t(page, '提交提议', { exact: true }).click()
      await page.waitForURL(/deliberation\/pages\/matter/)
      await t(page, '第2步：两委商议').waitFor()
      await field(page, '会议地点').fill('村党群服务中心')
      await t(page, '通过', { exact: true }).click()
      await t(page, '第3步：党员大会审议').waitFor()
      await t(page, '送达议题', { exact: true }).click()
      await t(page, '议题已送达').waitFor()
      await t(page, '开始表决', { exact: true }).click()
      await answerConfirm(page, /党员大会的表决名单从现在起固定/)
      await t(page, /议题须提前3天送达/).waitFor()

      // 我的 → 花名册管理 → 本村信息与规则设置 → 本村规则设置: the setting, its bounds in words, changed to 0.
      await backToTabs(page)
      await openRoster(page)
      await t(page, '本村信息与规则设置').click()
      await page.waitForURL(/packages\/org\/pages\/village\/index/)
      await t(page, '本村规则设置（通知天数、上限、时限）').click()
      await page.waitForURL(/packages\/org\/pages\/settings\/index/)
      const row = page.locator('.org__setting').filter({ visible: true }).filter({ hasText: '审议事项提前送达党员' })
      await row.getByText('现在：3天（默认） · 村里可调整').waitFor()
      await row.getByText('设为 0 天即不必提前，送达当天就可以召开、表决').waitFor()
      // A setting the law fixes is shown with its source and cannot be changed by the village.
      const statutory = page.locator('.org__setting').filter({ visible: true }).filter({ hasText: '村民会议提前通知' })
      await statutory.getByText(/^法定不少于 10天：《村民委员会组织法》第二十一条/).waitFor()
      expect(await statutory.getByText('修改', { exact: true }).count()).toBe(0)
      await row.getByText('修改', { exact: true }).click()
      await labelled(page, '审议事项提前送达党员').fill('0')
      await row.getByText('保存', { exact: true }).click()
      await row.getByText('现在：0天（本村调整） · 村里可调整').waitFor()
      await screenshot(page, 'org-village-settings', { readme: true })

      // Back to the matter: the vote opens now.
      await backToTabs(page)
      await openMatter(page)
      await t(page, '开始表决', { exact: true }).click()
      await answerConfirm(page, /党员大会的表决名单从现在起固定/)
      await t(page, '表决已开始，已通知名单上的每个人').waitFor()
    })
  })

  it('the secretary edits a household and sees it in the list', async () => {
    await as(SECRETARY, async (page) => {
      await openRoster(page)
      await t(page, '户', { exact: true }).click()
      const first = page
        .locator('.xz-row')
        .filter({ visible: true })
        .filter({ hasText: /号 · 户主/ })
        .first()
      await first.waitFor()
      const head = /户主 (\S+)/.exec(await first.innerText())![1]!
      await first.click()
      await page.waitForURL(/packages\/roster\/pages\/household\/index/)
      await t(page, '修改户的信息').waitFor()
      await labelled(page, '全户人数').fill('9')
      await labelled(page, '成年人数').fill('6')
      await t(page, '保存', { exact: true }).click()
      await page.waitForURL(/packages\/roster\/pages\/index\/index/)
      await page
        .locator('.xz-row')
        .filter({ visible: true })
        .filter({ hasText: `户主 ${head}` })
        .filter({ hasText: '9 口人，成年 6' })
        .first()
        .waitFor()
    })
  })

  it('the township retires a village: it asks first, then the village stays readable and takes no new work', async () => {
    await as(TOWNSHIP, async (page) => {
      await tapTab(page, '我的')
      await t(page, '本乡镇的村（社区）').click()
      await page.waitForURL(/packages\/org\/pages\/township\/index/)
      const last = page.locator('.org__item').filter({ visible: true }).last()
      await last.waitFor()
      const name = (await last.locator('.org__name').innerText()).trim()
      await last.click()
      await page.waitForURL(/packages\/roster\/pages\/index\/index/)
      await t(page, '本村信息与规则设置').click()
      await page.waitForURL(/packages\/org\/pages\/village\/index/)
      await t(page, name, { exact: true }).waitFor()
      await t(page, '修改服务中心信息').waitFor()
      await t(page, '撤销本村（村改居等）').click()
      await labelled(page, '依据').fill('乡党委会议决定')
      await t(page, '撤销本村', { exact: true }).click()
      // Cancelled first: nothing happens.
      await answerConfirm(page, /不再接受新的工作/, { cancel: true })
      await t(page, '撤销本村', { exact: true }).click()
      await answerConfirm(page, new RegExp(`${name}撤销后不再接受新的工作`))
      await t(page, /已于.+撤销（苏勇敏办理：乡党委会议决定）/).waitFor()
      expect(await page.getByText('修改服务中心信息').filter({ visible: true }).count()).toBe(0)
      await screenshot(page, 'org-village-retired')
      // Still readable: its roster opens.
      await back(page)
      await t(page, '人员', { exact: true }).waitFor()
    })
  })
})
