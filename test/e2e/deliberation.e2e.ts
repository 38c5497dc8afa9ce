import type { Page } from 'playwright-core'
import {
  answerConfirm,
  chooseVillageInMe,
  loginAsNewUser,
  newPhone,
  openArea,
  screenshot,
  useSeededApp,
} from './support/app'

// Demo people of `npm run db:reset` in 邱铺村 (v025, 城郊乡 t03), as in grid.e2e.ts.
const VILLAGE = 'v025'
const MEMBER = '王平'
const SECRETARY = '谢文凤'
const TOWNSHIP = '苏勇敏'
const SECRETARY_OPENID = `demo-${VILLAGE}-branch-secretary`
const TITLE = '硬化村南生产路（演示）'

/** The visible match: Taro's H5 router keeps earlier pages in the DOM, hidden. */
const t = (page: Page, text: string | RegExp, options?: { exact?: boolean }) =>
  page.getByText(text, options).filter({ visible: true }).first()

const journey = useSeededApp()
const as = journey.as.bind(journey)
let matterUrl = ''

/** 办事 → 四议两公开, as a person opens it. */
async function openHome(page: Page): Promise<void> {
  await openArea(page, '四议两公开')
  await page.waitForURL(/packages\/deliberation\/pages\/index\/index/)
}

/** The matter of this journey, tapped in the area's list. */
async function openMatter(page: Page): Promise<void> {
  await openHome(page)
  await t(page, TITLE).click()
  await page.waitForURL(/deliberation\/pages\/matter/)
}

/** Taro's H5 input wraps the real <input>/<textarea>, which carries the same placeholder. */
const field = (page: Page, placeholder: string) =>
  page.locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`).first()

/** A call as a demo person straight to the local server (for the bulk of the in-person entries). */
async function api(openid: string, fn: string, action: string, data: unknown) {
  const res = await fetch(`${journey.app.url}/api/functions/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-demo-openid': openid },
    body: JSON.stringify({ action, data }),
  })
  const body = (await res.json()) as { ok: boolean; data?: any; error?: { message: string } } // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!body.ok) throw new Error(`${fn}.${action}: ${body.error?.message}`)
  return body.data
}

/** The recorder enters the rest of the in-person meeting's votes (all agree) so the vote can be counted early. */
async function enterRestInPerson(windowId: string) {
  const { voters } = await api(SECRETARY_OPENID, 'deliberation', 'listVoters', {
    villageId: VILLAGE,
    windowId,
    onlyNotVoted: true,
    limit: 200,
  })
  if (voters.length)
    await api(SECRETARY_OPENID, 'deliberation', 'recordInPersonVotes', {
      villageId: VILLAGE,
      windowId,
      votes: voters.map((v: { personId: string }) => ({ personId: v.personId, choice: 'agree' })),
    })
}
async function openWindowId(): Promise<string> {
  const matterId = new URL(matterUrl.replace('#/', '')).searchParams.get('matterId')!
  const m = await api(SECRETARY_OPENID, 'deliberation', 'getMatter', { villageId: VILLAGE, matterId })
  return m.windows.find((w: { closed: boolean }) => !w.closed).id
}

describe('四议两公开: a matter through all six steps, online and in person', () => {
  it('the secretary proposes a matter and records the 两委 meeting, then opens the Party members’ vote', async () => {
    // This village sends matters to members the same day (a local setting; the county default is 3 days).
    await api(SECRETARY_OPENID, 'org', 'updateVillageSettings', {
      villageId: VILLAGE,
      overrides: { deliberationNoticeDays: 0 },
    })
    await as(SECRETARY, async (page) => {
      await openHome(page)
      await t(page, '提议新议题', { exact: true }).click()
      await page.waitForURL(/deliberation\/pages\/new/)
      await field(page, '如：硬化村东生产路').fill(TITLE)
      await field(page, '要办什么事、为什么办、花多少钱、怎么办').fill('拟使用集体收益8万元硬化村南生产路800米。')
      await t(page, '兴办公益事业（筹资筹劳）', { exact: true }).click()
      await t(page, '提交提议', { exact: true }).click()
      await page.waitForURL(/deliberation\/pages\/matter/)
      matterUrl = page.url()
      await t(page, '第2步：两委商议').waitFor()
      await field(page, '会议地点').fill('村党群服务中心')
      await t(page, '通过', { exact: true }).click()
      await t(page, '第3步：党员大会审议').waitFor()
      await t(page, '送达议题', { exact: true }).click()
      await t(page, '议题已送达').waitFor()
      await t(page, '开始表决', { exact: true }).click()
      await answerConfirm(page, /党员大会的表决名单从现在起固定，名单上的每个人都会收到表决通知/)
      await t(page, '表决已开始，已通知名单上的每个人').waitFor()
      await t(page, '现场表决录入').waitFor()
      await screenshot(page, 'deliberation-voting-open')
    })
  })

  it('a Party member votes online', async () => {
    await as(MEMBER, async (page) => {
      await openHome(page)
      await t(page, '正在表决').waitFor()
      await t(page, TITLE).first().click()
      await field(page, '意见或建议（可不填）').fill('同意，建议雨季前完工')
      await page
        .locator('taro-button-core')
        .filter({ hasText: /^同意$/ })
        .click()
      await answerConfirm(page, `您将对「${TITLE}」投「同意」。每人一票，投出后不能更改。`)
      await t(page, /您已表决：同意（线上）/).waitFor()
      await screenshot(page, 'deliberation-voted-online')
    })
  })

  it('the recorder enters in-person votes, the vote is counted and the result shows its arithmetic', async () => {
    await as(SECRETARY, async (page) => {
      await openMatter(page)
      await t(page, '现场表决录入').waitFor()
      // Paper ballots entered by tapping: rows stay where they are, the last tap can be taken back.
      const card = page.locator('.card:visible', { has: page.getByText('现场表决录入', { exact: true }) })
      const rows = card.locator('.xz-row').filter({ has: page.getByText('不同意', { exact: true }) })
      await card.getByText('已表决（线上）').waitFor() // the list has loaded (a member voted online before)
      const before = await card.locator('.xz-row').allTextContents()
      const first = rows.nth(0)
      const second = rows.nth(1)
      await first.getByText('同意', { exact: true }).click()
      await second.getByText('弃权', { exact: true }).click()
      await t(page, '待录入 2 人：同意 1、不同意 0、弃权 1').waitFor()
      expect(await card.locator('.xz-row').allTextContents()).toEqual(before) // nothing moved up
      await t(page, /^撤销上一条（.*：弃权）$/).click()
      await t(page, '待录入 1 人：同意 1、不同意 0、弃权 0').waitFor()
      expect(await second.locator('.dl__pick--on').count()).toBe(0)
      const firstName = before.findIndex((r) => r.includes('不同意'))
      await t(page, '录入 1 人的表决', { exact: true }).click()
      await answerConfirm(page, /同意 1、不同意 0、弃权 0。录入后计入表决结果，不能更改/)
      await card.locator('.xz-row').nth(firstName).getByText('已表决（现场）').waitFor()
      await screenshot(page, 'deliberation-in-person-entry')
      // the rest of the meeting in one batch
      await enterRestInPerson(await openWindowId())
      await t(page, '截止计票', { exact: true }).click()
      await answerConfirm(page, /截止后不能再表决/)
      await t(page, /第3步表决结果：通过/).waitFor()
      await t(page, /其中线上表决 1 人，现场表决/).waitFor()
      await t(page, /即至少/)
        .first()
        .waitFor()
      // step 4: 村民代表会议
      await t(page, '第4步：村民（代表）会议决议').waitFor()
      await t(page, '送达议题', { exact: true }).click()
      await t(page, '议题已送达').waitFor()
      await t(page, '开始表决', { exact: true }).click()
      await answerConfirm(page, /村民代表会议的表决名单从现在起固定/)
      await t(page, '表决已开始，已通知名单上的每个人').waitFor()
      await enterRestInPerson(await openWindowId())
      await openMatter(page) // again, to see the votes entered meanwhile
      await t(page, '截止计票', { exact: true }).click()
      await answerConfirm(page, /截止后不能再表决/)
      await t(page, /第4步表决结果：通过/).waitFor()
      await screenshot(page, 'deliberation-result')
    })
  })

  it('the resolution and the result are published with sensitive numbers masked', async () => {
    await as(SECRETARY, async (page) => {
      await openMatter(page)
      await t(page, '第5步：决议公开').waitFor()
      await field(page, '决议内容').fill(
        '经村民代表会议表决通过。施工负责人李建军，电话13838776655，身份证411329198001011234。',
      )
      await t(page, '预览（自动隐去个人信息）', { exact: true }).click()
      await t(page, '已隐去 2 处：').waitFor()
      await t(page, /手机号：13838776655 → 138\*\*\*\*6655/).waitFor()
      await screenshot(page, 'deliberation-publish-preview')
      await t(page, '确认公开', { exact: true }).click()
      await t(page, '第6步：实施结果公开').waitFor()
      await field(page, '实施结果').fill('道路已完工，验收合格，实际支出79600元。')
      await t(page, '预览（自动隐去个人信息）', { exact: true }).click()
      await t(page, '没有需要隐去的个人信息').waitFor()
      await t(page, '确认公开', { exact: true }).click()
      await t(page, /已完成/)
        .first()
        .waitFor()
    })
  })

  it('anyone who chose the village sees it on the public board, masked', async () => {
    const { context, page } = await newPhone(journey.browser)
    try {
      await loginAsNewUser(page, journey.app)
      await chooseVillageInMe(page, '城郊乡', '邱铺村')
      await openHome(page)
      await t(page, /村务公开/)
        .first()
        .waitFor()
      await t(page, /施工负责人李建军，电话138\*\*\*\*6655/).waitFor()
      expect(await page.getByText(/13838776655/).count()).toBe(0)
      expect(await page.getByText(/411329198001011234/).count()).toBe(0)
      await t(page, /道路已完工/).waitFor()
      await screenshot(page, 'deliberation-public-board')
    } finally {
      await context.close()
    }
  })

  it('the secretary withdraws a matter with a reason, and its record shows who did it', async () => {
    const DROPPED = '修缮村西小桥（撤回演示）'
    await as(SECRETARY, async (page) => {
      await openHome(page)
      await t(page, '提议新议题', { exact: true }).click()
      await page.waitForURL(/deliberation\/pages\/new/)
      await field(page, '如：硬化村东生产路').fill(DROPPED)
      await field(page, '要办什么事、为什么办、花多少钱、怎么办').fill('拟使用集体收益2万元修缮村西小桥。')
      await t(page, '提交提议', { exact: true }).click()
      await page.waitForURL(/deliberation\/pages\/matter/)
      await t(page, '第2步：两委商议').waitFor()
      await t(page, '撤回议题', { exact: true }).click()
      await field(page, '如：上级已统一安排，本村不再单独办理').fill('县交通局已列入明年计划，本村不再单独办理')
      await t(page, '撤回这个议题', { exact: true }).click()
      await answerConfirm(page, `「${DROPPED}」撤回后不再办理，不能恢复`)
      await t(page, '议题已撤回').waitFor()
      await t(page, /已撤回/)
        .first()
        .waitFor()
      expect(await page.getByText('第2步：两委商议').filter({ visible: true }).count()).toBe(0)
      await t(page, '查看操作记录', { exact: true }).click()
      const audit = page.getByLabel('操作记录').filter({ visible: true })
      await audit.getByText(/第2步 撤回/).waitFor()
      await audit.getByText(new RegExp(`${SECRETARY} · 县交通局已列入明年计划`)).waitFor()
      await screenshot(page, 'deliberation-withdrawn')
    })
  })

  it('the township sees the matter', async () => {
    await as(TOWNSHIP, async (page) => {
      await openHome(page)
      await t(page, '各村四议两公开').waitFor()
      await page
        .getByText(new RegExp(TITLE.replace(/[()（）]/g, '.')))
        .first()
        .waitFor()
      await screenshot(page, 'deliberation-township')
    })
  })
})
