/**
 * The one place pages are opened by address (issue 19): a card shared in a WeChat chat and the tap on a subscribe
 * message both open a page with its query (`?villageId=…&meetingId=…`). Every other journey moves by taps from
 * 首页 (test/unit/e2e-navigation-guard.test.ts).
 */
import type { Page } from 'playwright-core'
import { loginAsNewUser, newPhone, route, screenshot, useSeededApp } from './support/app'

// Demo county of `npm run db:reset`: 邱铺村 (v025, 城郊乡); 石屯村 (v043) is in another township.
const VILLAGE = { id: 'v025', name: '邱铺村' }
const OTHER_TOWNSHIP_VILLAGE = 'v043'
const SECRETARY = '谢文凤'
const MEMBER = '王平'
const SECRETARY_OPENID = `demo-${VILLAGE.id}-branch-secretary`

const journey = useSeededApp()
const t = (page: Page, text: string | RegExp) => page.getByText(text).filter({ visible: true }).first()

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

describe('deep links: shared cards and subscribe-message taps open their page directly', () => {
  it("a village's shared 红白理事会 card opens the village's public board for someone who never chose it", async () => {
    const { context, page } = await newPhone(journey.browser)
    try {
      await loginAsNewUser(page, journey.app)
      await page.goto(route(journey.app, `packages/council/pages/index/index?villageId=${VILLAGE.id}`))
      await t(page, /彩礼不超过 ¥/).waitFor()
      expect(
        await page
          .getByText(/请先.*选择.*村/)
          .filter({ visible: true })
          .count(),
      ).toBe(0)
      await screenshot(page, 'deep-link-council-card')
    } finally {
      await context.close()
    }
  })

  it('a meeting notice (subscribe message) opens the meeting for the member who taps it', async () => {
    const { meetings } = await api(SECRETARY_OPENID, 'meetings', 'listMeetings', { villageId: VILLAGE.id, limit: 5 })
    const meeting = meetings[0] as { id: string; topic: string; kindLabel: string }
    expect(meeting).toBeDefined()
    await journey.as(MEMBER, async (page) => {
      // The path the notice carries (cloudfunctions/meetings: PAGE(villageId, meetingId)).
      await page.goto(
        route(journey.app, `packages/meetings/pages/detail/index?villageId=${VILLAGE.id}&meetingId=${meeting.id}`),
      )
      await t(page, meeting.topic).waitFor()
      await screenshot(page, 'deep-link-meeting-notice')
    })
  })

  it("a link to another village's roster is refused with a clear message", async () => {
    await journey.as(SECRETARY, async (page) => {
      await page.goto(route(journey.app, `packages/roster/pages/index/index?villageId=${OTHER_TOWNSHIP_VILLAGE}`))
      await t(page, '您没有权限进行此操作').waitFor()
      expect(await page.getByText('邀请绑定').filter({ visible: true }).count()).toBe(0)
      await screenshot(page, 'roster-other-village-refused')
    })
  })
})
