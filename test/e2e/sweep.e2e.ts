/**
 * The sweep of issue 19: as each kind of person of the demo county, start at 首页 after the demo login and tap
 * through everything that navigates, in normal and in large-text mode; on every screen check text size, tap
 * target size, sideways overflow, machine text, "请先…选择村" for a bound person and FORBIDDEN answers, and that
 * every page the person's roles are meant to use (derived from the contracts) was reached. Prints the table
 * role → pages reached → problems. `SWEEP_ROLES=resident,grid-leader` sweeps only those.
 */
import type { Page } from 'playwright-core'
import type { Role } from '../../common/roles'
import { formatTable, unreachable, type RoleResult } from './support/sweep/checks'
import { Crawler, SETTLE_SCRIPT, DEFAULT_LIMITS } from './support/sweep/crawl'
import { expectedPages, scanPages } from './support/sweep/expected-pages'
import { loginAs, loginAsNewUser, newPhone, tapTab, useSeededApp } from './support/app'

// A failing sweep is a finding, not a flaky browser: no retries (they would triple its time).
jest.retryTimes(0)

/** The eleven kinds of person, by the demo login's OPENID (local/seed/demo-data.ts) in 邱铺村 (城郊乡). */
const PERSONAS: { key: string; openid: string | null }[] = [
  { key: 'county-organiser', openid: 'demo-county-organiser' },
  { key: 'township-organiser', openid: 'demo-t03-township-organiser' },
  { key: 'branch-secretary', openid: 'demo-v025-branch-secretary' },
  { key: 'first-secretary', openid: 'demo-v025-first-secretary' },
  { key: 'committee-member', openid: 'demo-v025-branch-committee-member' },
  { key: 'grid-leader', openid: 'demo-v025-grid-leader' },
  { key: 'member-at-home', openid: 'demo-v025-party-member' },
  { key: 'member-away', openid: 'demo-v025-party-member-away' },
  { key: 'villager-representative', openid: 'demo-v025-villager-representative' },
  { key: 'resident', openid: 'demo-v025-resident' },
  { key: 'unbound-visitor', openid: null },
]
const ONLY = (process.env.SWEEP_ROLES ?? '').split(',').filter(Boolean)
const SWEPT = PERSONAS.filter((p) => !ONLY.length || ONLY.includes(p.key))
/** The unbound visitor looks at this village, chosen in 我的 as a new user does. */
const VISITOR_VILLAGE = { township: '城郊乡', village: '邱铺村' }

const journey = useSeededApp()
const pages = scanPages()
let demoLogins: { openid: string; name: string }[] = []

beforeAll(async () => {
  const res = await fetch(`${journey.app.url}/api/demo/logins`)
  demoLogins = ((await res.json()) as { data: { logins: { openid: string; name: string }[] } }).data.logins
})

async function rolesOf(openid: string): Promise<Role[]> {
  const res = await fetch(`${journey.app.url}/api/functions/system`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-demo-openid': openid },
    body: JSON.stringify({ action: 'whoami', data: {} }),
  })
  const body = (await res.json()) as { ok: boolean; data: { memberships: { roles: Role[] }[] } }
  if (!body.ok) throw new Error(`whoami for ${openid} failed`)
  return [...new Set(body.data.memberships.flatMap((m) => m.roles))]
}

const visible = (page: Page, text: string) => page.getByText(text, { exact: true }).filter({ visible: true }).first()

async function switchLargeTextOn(page: Page): Promise<void> {
  await tapTab(page, '我的')
  await page.locator('.xz-row:visible', { hasText: '大字模式' }).click()
  await page.getByText('已开启').filter({ visible: true }).first().waitFor()
}

/** One person's sweep: normal-text crawl from 首页, then large text switched on in 我的 and every page revisited. */
async function sweep(persona: (typeof PERSONAS)[number]): Promise<RoleResult> {
  const started = Date.now()
  const { context, page } = await newPhone(journey.browser)
  await context.addInitScript(SETTLE_SCRIPT)
  const person = persona.openid ? demoLogins.find((l) => l.openid === persona.openid) : null
  if (persona.openid && !person) throw new Error(`demo login ${persona.openid} missing from the seed`)
  const roles = persona.openid ? await rolesOf(persona.openid) : []
  try {
    if (person) await loginAs(page, journey.app, person.name)
    else {
      await loginAsNewUser(page, journey.app)
      await visible(page, VISITOR_VILLAGE.township).click()
      await visible(page, VISITOR_VILLAGE.village).click()
      await page.getByText(`${VISITOR_VILLAGE.village}党群服务中心`).filter({ visible: true }).first().waitFor()
    }
    const bound = persona.openid !== null
    const normal = new Crawler(page, 'normal', bound, DEFAULT_LIMITS)
    const large = new Crawler(page, 'large', bound, DEFAULT_LIMITS)
    // Stuck (no page shown, the tab bar gone): what was found so far is kept, and the role fails with the reason.
    const stuck = (crawler: Crawler) => (error: Error) =>
      crawler.result.problems.push({
        page: crawler.result.visits.at(-1)?.route ?? 'pages/index/index',
        mode: crawler === normal ? 'normal' : 'large',
        problem: { kind: 'stuck', detail: error.message.split('\n')[0]! },
      })
    await normal.crawl().catch(stuck(normal))
    await switchLargeTextOn(page)
      .then(() => large.revisit(normal.result.visits))
      .catch(stuck(large))

    const reached = [...new Set(normal.result.visits.map((v) => v.route))].sort()
    const result: RoleResult = {
      role: persona.key,
      person: person?.name ?? '新微信用户',
      reached,
      expected: expectedPages(pages, roles),
      checks: normal.result.checks + large.result.checks,
      problems: [...normal.result.problems, ...large.result.problems],
    }
    for (const missing of unreachable(result))
      result.problems.push({
        page: missing,
        mode: '-',
        problem: { kind: 'unreachable', detail: `meant for ${roles.join('+') || 'everyone'} but not reached` },
      })
    console.log(
      `${persona.key}: ${reached.length} pages, ${normal.result.states + large.result.states} screens, ` +
        `${result.checks} checks, ${normal.result.taps + large.result.taps} taps, ` +
        `${result.problems.length} problems, ${((Date.now() - started) / 1000).toFixed(0)} s`,
    )
    return result
  } finally {
    await context.close()
  }
}

/** Sweeps every persona, a few phones at a time (SWEEP_CONCURRENCY, default 3): the waits overlap. */
const swept = new Map<string, RoleResult | Error>()
beforeAll(async () => {
  const started = Date.now()
  const queue = [...SWEPT]
  const concurrency = Math.max(1, Number(process.env.SWEEP_CONCURRENCY ?? 3))
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        try {
          swept.set(p.key, await sweep(p))
        } catch (error) {
          swept.set(p.key, error as Error)
        }
      }
    }),
  )
  const results = SWEPT.map((p) => swept.get(p.key)).filter((r): r is RoleResult => !(r instanceof Error))
  console.log(
    `sweep: ${SWEPT.length} roles in ${((Date.now() - started) / 1000).toFixed(0)} s\n${formatTable(results)}`,
  )
}, 1_200_000)

describe('sweep: every page reachable by tapping, readable, no dead ends, for each role', () => {
  it.each(SWEPT.map((p) => [p.key]))('%s', (key) => {
    const result = swept.get(key)
    if (result instanceof Error) throw result
    expect(result).toBeDefined()
    // The role's problems, grouped, are the failure message.
    expect(formatTable([result!]).split('\n').slice(3).join('\n')).toBe('')
  })
})
