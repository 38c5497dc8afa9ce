import { execFileSync } from 'node:child_process'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { generateDemoData } from '../../local/seed/demo-data'
import type { BoundMember } from './support/bind-members'
import { pickWhen } from './support/picker'
import {
  answerConfirm,
  backToTabs,
  launchBrowser,
  loginAs,
  newPhone,
  openApp,
  openArea,
  screenshot,
  startApp,
  type RunningApp,
} from './support/app'
import { C } from '../../cloudfunctions/_lib/collections'

// Demo people of `npm run db:reset` in 邱铺村 (v025): the secretary, a 支委委员, two members at home who will ask
// for leave, and a member working away who takes part online.
const VILLAGE = 'v025'
const SECRETARY = '谢文凤'
const COMMITTEE = '郑飞桂'
const ON_LEAVE = ['王平', '卢丽福']
const AWAY = '钟敏强'
const BASE_TOPIC = '审议村内道路硬化项目建议方案'
// A retried attempt calls a new meeting: its own topic, so members open that one and not the one that failed.
let TOPIC = BASE_TOPIC
let attempts = 0
const MOTION = '同意村内道路硬化项目建议方案'

// The branch as the seed makes it: members with a vote (full members, not 流动党员). The statutory quorum of a
// 支部党员大会 is more than half of them.
const members = generateDemoData()
  .get(C.people)!
  .filter(
    (p) =>
      p.villageId === VILLAGE &&
      (p.roles as string[]).some((r) => ['party_member', 'branch_secretary', 'branch_committee_member'].includes(r)),
  )
const VOTERS = members.filter((p) => {
  const party = p.party as { standing: string; presence: string }
  return party.standing === 'full' && party.presence !== 'mobile'
}).length
const NEEDED = Math.floor(VOTERS / 2) + 1
/** The rest of the room: enough members, each on their own phone, that the quorum is reached exactly when the
 * member working away joins online (secretary + 支委委员 + these = NEEDED − 1 in person). */
const ROOM = NEEDED - 3

let app: RunningApp
let browser: Browser
let room: BoundMember[] = []

beforeAll(async () => {
  app = await startApp({
    seed: true,
    beforeStart: (dataDir) => {
      const out = execFileSync(
        process.execPath,
        [require.resolve('tsx/cli'), path.join(__dirname, 'support', 'bind-members.ts'), VILLAGE, String(ROOM)],
        {
          env: { ...process.env, DATA_DIR: dataDir },
          encoding: 'utf8',
        },
      )
      room = out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as BoundMember)
    },
  })
  browser = await launchBrowser()
}, 180000)
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

/** Beijing wall-clock parts of an instant, as the call form takes them. */
function beijing(ms: number): { date: string; time: string } {
  const iso = new Date(ms + 8 * 3600_000).toISOString()
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) }
}

const visible = (page: Page, text: string | RegExp, exact = false) =>
  page.getByText(text, { exact }).locator('visible=true').first()

/** A number of the attendance panel (应到 / 实到 / 请假 / 未到). */
async function count(page: Page, label: '应到' | '实到' | '请假' | '未到'): Promise<number> {
  const cell = page.locator('.mt__nums:visible taro-view-core', { has: page.getByText(label, { exact: true }) })
  return Number(await cell.locator('.mt__num').textContent())
}

async function refresh(page: Page): Promise<void> {
  const response = page.waitForResponse(
    (r) => r.url().includes('/api/functions/meetings') && (r.request().postData() ?? '').includes('"getMeeting"'),
  )
  await page.locator('taro-button-core:visible', { hasText: /^刷新$/ }).click()
  await response
}

async function codeShown(page: Page): Promise<string> {
  await page.locator('.mt__code:visible').waitFor()
  return ((await page.locator('.mt__code:visible').textContent()) ?? '').replace(/\D/g, '')
}

async function openFromMine(page: Page): Promise<void> {
  await openArea(page, '三会一课')
  await page.waitForURL(/packages\/meetings\/pages\/index\/index/)
  await visible(page, '将要召开').waitFor()
  await visible(page, new RegExp(`支部党员大会：${TOPIC}`)).click()
  await page.waitForURL(/packages\/meetings\/pages\/detail\/index/)
  await visible(page, `支部党员大会：${TOPIC}`).waitFor()
}

async function signInWithCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('签到码').locator('input:visible').fill(code)
  await page.locator('taro-button-core:visible', { hasText: /^现场签到$/ }).click()
  await visible(page, /签到成功|您已签到：现场参加/).waitFor()
}

describe('三会一课: a 支部党员大会 at 邱铺村 with members at home and away', () => {
  it('is called, held with leave, in-person and online sign-in, quorum and a vote, and its minutes locked', async () => {
    expect(room).toHaveLength(ROOM)
    TOPIC = attempts++ ? `（第${attempts}次）${BASE_TOPIC}` : BASE_TOPIC
    // Starts at the next full minute at least 150 s away (turning the pickers' wheels takes a while): leave is asked
    // before it, online sign-in opens at it.
    const startsAt = Math.ceil((Date.now() + 150_000) / 60_000) * 60_000
    const start = beijing(startsAt)
    const end = beijing(Math.min(startsAt + 2 * 3600_000, Date.parse(`${start.date}T23:59:00+08:00`)))

    const { context: secretaryPhone, page: sec } = await newPhone(browser)
    const phones: BrowserContext[] = [secretaryPhone]
    try {
      // The secretary calls the meeting the same day (short notice, with the reason).
      await loginAs(sec, app, SECRETARY)
      await openArea(sec, '三会一课')
      await visible(sec, '会议', true).click()
      await visible(sec, '召开会议', true).click()
      await sec.waitForURL(/packages\/meetings\/pages\/call\/index/)
      await sec.locator('taro-button-core:visible', { hasText: /^支部党员大会$/ }).click()
      await sec.getByLabel('议题').locator('input').fill(TOPIC)
      await pickWhen(sec, '日期', start.date)
      await pickWhen(sec, '开始时间', start.time)
      await pickWhen(sec, '结束时间', end.time)
      await visible(sec, start.time, true).waitFor()
      await sec.getByLabel('临时召开原因').locator('input').fill('乡镇要求本周内报送项目意见')
      await screenshot(sec, 'meetings-call')
      await sec.locator('taro-button-core:visible', { hasText: /^召开并通知$/ }).click()
      await sec.waitForURL(/packages\/meetings\/pages\/detail\/index.*meetingId=/)
      await visible(sec, `支部党员大会：${TOPIC}`).waitFor()
      const expected = await count(sec, '应到')
      expect(expected).toBe(members.length)

      // Two members at home cannot come and ask for leave before the meeting.
      await Promise.all(
        ON_LEAVE.map(async (name) => {
          const { context, page } = await newPhone(browser)
          phones.push(context)
          await loginAs(page, app, name)
          await openFromMine(page)
          await page
            .getByLabel('请假原因')
            .locator('input')
            .fill(name === ON_LEAVE[0] ? '在县医院陪护老人' : '外出送货，当天回不来')
          await page.locator('taro-button-core:visible', { hasText: /^请假$/ }).click()
          await visible(page, '请假已提交，等待支部书记审批').waitFor()
          await context.close()
        }),
      )
      expect(Date.now()).toBeLessThan(startsAt) // leave was asked before the start

      // The secretary approves both and shows the rotating sign-in code in the meeting room.
      await refresh(sec)
      for (const name of ON_LEAVE) {
        await sec.getByLabel(`批准 ${name} 请假`, { exact: true }).click()
        await sec
          .locator('.xz-row:visible', { hasText: name })
          .getByText(/请假（已批准）/)
          .waitFor()
      }
      expect(await count(sec, '请假')).toBe(2)
      await visible(sec, '展示现场签到码', true).click()
      await signInWithCode(sec, await codeShown(sec)) // the secretary signs in too
      await visible(sec, '未达到法定人数').waitFor()
      await screenshot(sec, 'meetings-code-and-quorum')

      // The 支委委员 signs in by typing the code shown in the room.
      {
        const { context, page } = await newPhone(browser)
        phones.push(context)
        await loginAs(page, app, COMMITTEE)
        await openFromMine(page)
        await signInWithCode(page, await codeShown(sec))
        await screenshot(page, 'meetings-signed-in')
        await context.close()
      }

      // The rest of the room signs in on their own phones (三会一课 → the meeting), a few at a time.
      for (let i = 0; i < room.length; i += 6) {
        const code = await codeShown(sec)
        await Promise.all(
          room.slice(i, i + 6).map(async (member) => {
            const { context, page } = await newPhone(browser)
            phones.push(context)
            await context.addInitScript(
              (openid) => localStorage.setItem('xz.local.openid', JSON.stringify({ data: openid })),
              member.openid,
            )
            await openApp(page, app)
            await openFromMine(page)
            await signInWithCode(page, code)
            await context.close()
          }),
        )
      }

      // Exactly half of the members with a vote are present: not a quorum.
      await refresh(sec)
      expect(await count(sec, '实到')).toBe(NEEDED - 1)
      await visible(sec, '未达到法定人数').waitFor()
      await visible(sec, new RegExp(`即至少 ${NEEDED}：未达到`)).waitFor()

      // The member working away joins online once the meeting has started, with a remark.
      {
        const { context, page } = await newPhone(browser)
        phones.push(context)
        await loginAs(page, app, AWAY)
        await openFromMine(page)
        const join = page.locator('taro-button-core:visible', { hasText: /^我已线上参加本次会议$/ })
        while (!(await join.isVisible())) {
          await page.waitForTimeout(Math.max(500, startsAt - Date.now() + 500))
          await refresh(page)
        }
        await page.getByLabel('留言').locator('input').fill('同意方案，建议先修通往小学的路段')
        await screenshot(page, 'meetings-remote')
        await join.click()
        await visible(page, /已确认线上参加|您已签到：线上参加/).waitFor()
        await context.close()
      }

      // Now more than half are present: the quorum is met, the numbers add up.
      await refresh(sec)
      await visible(sec, '已达到法定人数').waitFor()
      await visible(sec, new RegExp(`即至少 ${NEEDED}：达到`)).waitFor()
      expect(await count(sec, '实到')).toBe(NEEDED)
      expect(await count(sec, '请假')).toBe(2)
      expect(await count(sec, '未到')).toBe(expected - NEEDED - 2)
      await sec
        .locator('.xz-row:visible', { hasText: AWAY })
        .getByText(/线上参加 · 留言：同意方案/)
        .waitFor()
      await screenshot(sec, 'meetings-quorum-met')

      // A vote: yes must exceed half of those who should attend with a vote.
      await sec.getByLabel('表决事项').locator('input').fill(MOTION)
      await sec.getByLabel('赞成').locator('input').fill(String(NEEDED))
      await sec.getByLabel('反对').locator('input').fill('0')
      await sec.getByLabel('弃权').locator('input').fill('0')
      await sec.locator('taro-button-core:visible', { hasText: /^记录表决$/ }).click()
      await answerConfirm(sec, new RegExp(`「${MOTION}」赞成 ${NEEDED} 票、反对 0 票、弃权 0 票。记录后.*不能修改`))
      await visible(sec, '表决已记录：通过').waitFor()
      await visible(sec, `${MOTION}：通过`).waitFor()

      // Minutes: attendees and absentees come from the sign-in; the secretary confirms and they are locked.
      await sec
        .getByLabel('讨论情况')
        .locator('textarea')
        .fill('党员逐一发言，赞成先修通往小学的路段；在外党员线上留言同意。')
      await sec.getByLabel('决议').locator('textarea').fill('同意道路硬化项目建议方案，提交村民代表会议决议。')
      await sec.locator('taro-button-core:visible', { hasText: /^保存会议记录$/ }).click()
      await visible(sec, '会议记录已保存').waitFor()
      await visible(sec, '会议记录（草稿）').waitFor()
      // Minutes are confirmed once the meeting has ended: the local server's clock (POST /api/local/clock, as a
      // tester would) moves past the end instead of the journey waiting two hours.
      const jump = await fetch(`${app.url}/api/local/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advance: '3h' }),
      })
      expect(jump.ok).toBe(true)
      await refresh(sec)
      await sec.locator('taro-button-core:visible', { hasText: /^确认并锁定记录$/ }).click()
      await answerConfirm(sec, /锁定后会议记录和出席情况不能再修改/)
      await visible(sec, '会议记录已确认并锁定').waitFor()
      await visible(sec, '会议记录（已确认）').waitFor()
      await visible(sec, '已确认锁定，原记录不能修改，只能追加更正。').waitFor()
      expect(await sec.getByLabel('讨论情况').locator('textarea:visible').count()).toBe(0)
      expect(await sec.locator('taro-button-core:visible', { hasText: /^记录表决$/ }).count()).toBe(0)
      await visible(sec, new RegExp(`缺席：.*${ON_LEAVE[0]}`)).waitFor()
      await screenshot(sec, 'meetings-minutes-locked')

      // The branch calendar counts the quarter's 支部党员大会 as held.
      await backToTabs(sec)
      await openArea(sec, '三会一课')
      await visible(sec, '组织生活日历', true).click()
      await sec.getByLabel('支部党员大会 已开').waitFor()
      await screenshot(sec, 'meetings-calendar')
    } finally {
      await Promise.all(phones.map((c) => c.close().catch(() => undefined)))
    }
  }, 300000)

  it('a 党课 called for later is cancelled with a reason, after the secretary lets a member at home join online', async () => {
    const LESSON = '学习新修订的村民委员会组织法'
    const { context, page: sec } = await newPhone(browser)
    try {
      await loginAs(sec, app, SECRETARY)
      await openArea(sec, '三会一课')
      await visible(sec, '会议', true).click()
      await visible(sec, '召开会议', true).click()
      await sec.waitForURL(/packages\/meetings\/pages\/call\/index/)
      await sec.locator('taro-button-core:visible', { hasText: /^党课$/ }).click()
      await sec.getByLabel('议题').locator('input').fill(LESSON)
      await sec.getByLabel('临时召开原因').locator('input').fill('乡镇统一安排本周学习')
      await sec.locator('taro-button-core:visible', { hasText: /^召开并通知$/ }).click()
      await sec.waitForURL(/packages\/meetings\/pages\/detail\/index.*meetingId=/)
      await visible(sec, `党课：${LESSON}`).waitFor()

      // A member at home who cannot come in person is allowed online, with the reason on file.
      await sec.locator('taro-button-core:visible', { hasText: new RegExp(`^${ON_LEAVE[1]}$`) }).click()
      await sec.getByLabel('线上参加原因').locator('input').fill('腿伤在家休养')
      await sec.locator('taro-button-core:visible', { hasText: `同意${ON_LEAVE[1]}线上参加` }).click()
      await visible(sec, new RegExp(`已同意${ON_LEAVE[1]}线上参加`)).waitFor()

      // The lesson is cancelled: the confirmation names who will be told.
      await sec.locator('taro-button-core:visible', { hasText: /^取消会议$/ }).click()
      await sec.getByLabel('取消原因').locator('input').fill('乡镇改为集中培训，另行通知')
      await sec.locator('taro-button-core:visible', { hasText: /^取消这次会议$/ }).click()
      await answerConfirm(sec, new RegExp(`将通知应到的 ${members.length} 人（[^）]+等）：会议取消`))
      await visible(sec, '已取消：乡镇改为集中培训，另行通知').waitFor()
      expect(await sec.locator('taro-button-core:visible', { hasText: /^取消会议$/ }).count()).toBe(0)
      await screenshot(sec, 'meetings-cancelled')
    } finally {
      await context.close()
    }

    // A member sees it cancelled in the branch's list.
    const { context: phone, page } = await newPhone(browser)
    try {
      await loginAs(page, app, ON_LEAVE[0]!)
      await openArea(page, '三会一课')
      await page
        .locator('.xz-row:visible', { hasText: LESSON })
        .getByText(/已取消/)
        .first()
        .waitFor()
    } finally {
      await phone.close()
    }
  }, 120000)
})
