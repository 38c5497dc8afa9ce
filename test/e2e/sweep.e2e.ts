/**
 * The sweep of issue 19: as each kind of person of the demo county, start at 首页 after the demo login and tap
 * through everything that navigates, in normal and in large-text mode; on every screen check text size, tap
 * target size, sideways overflow, machine text, "请先…选择村" for a bound person and FORBIDDEN answers, and that
 * every page the person's roles are meant to use (derived from the contracts) was reached. Prints the table
 * role → pages reached → problems. `SWEEP_ROLES=resident,grid-leader` sweeps only those.
 */
import { rmSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { ROLE_LEVEL, type Role } from '../../common/roles'
import { formatTable, unreachable, type RoleResult } from './support/sweep/checks'
import { Crawler, SETTLE_SCRIPT, DEFAULT_LIMITS, type CrawlResult } from './support/sweep/crawl'
import { decidingActions, expectedPages, mayCall, scanPages, type PersonFacts } from './support/sweep/expected-pages'
import { launchBrowser, loginAs, loginAsNewUser, newPhone, startApp, tapTab, type RunningApp } from './support/app'

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
const SECRETARY = 'demo-v025-branch-secretary'
const ONLY = (process.env.SWEEP_ROLES ?? '').split(',').filter(Boolean)
const SWEPT = PERSONAS.filter((p) => !ONLY.length || ONLY.includes(p.key))
/** The unbound visitor and the organisers look at this village, chosen in 我的 as a person does. */
const VISITOR_VILLAGE = { township: '城郊乡', village: '邱铺村' }

const pages = scanPages()
/**
 * Screens measured in large text so far, by anyone: large text is a property of the shared tokens, so a screen is
 * measured large once (normal text: by every person, on every state) — the sweep runs inside `npm run test:e2e`.
 */
const measuredLarge = new Set<string>()
const pageOf = (route: string) => pages.find((p) => p.route === route)!

/** For an unreachable page's message: how the sweep got into the page's area, and any limit it met. */
function nearby(result: CrawlResult, route: string): string {
  const area = route.replace(/\/pages\/[^/]+\/index$/, '')
  const inArea = result.visits.filter((v) => v.route.startsWith(`${area}/`))
  const how = inArea.length
    ? `reached in its area: ${inArea.map((v) => `${[v.tab, ...v.path].join(' → ')} (${v.route.slice(area.length + 1)})`).join('; ')}`
    : 'nothing of its area reached'
  return result.limits.length ? `${how}; limits met: ${result.limits.join(', ')}` : how
}
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
}, 60_000)
afterAll(async () => {
  await browser?.close()
})

async function demoLogins(app: RunningApp): Promise<{ openid: string; name: string }[]> {
  const res = await fetch(`${app.url}/api/demo/logins`)
  return ((await res.json()) as { data: { logins: { openid: string; name: string }[] } }).data.logins
}

async function call(app: RunningApp, openid: string, fn: string, action: string, data: object): Promise<unknown> {
  const res = await fetch(`${app.url}/api/functions/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-demo-openid': openid },
    body: JSON.stringify({ action, data }),
  })
  const body = (await res.json()) as { ok: boolean; data: unknown; error?: { message: string } }
  if (!body.ok) throw new Error(`${fn}.${action} for ${openid}: ${body.error?.message}`)
  return body.data
}

async function whoami(app: RunningApp, openid: string) {
  return (await call(app, openid, 'system', 'whoami', {})) as { memberships: { villageId?: string; roles: Role[] }[] }
}

/** The secretary links one household to a member who keeps none (联户: every member is linked to households). */
async function linkHousehold(app: RunningApp, villageId: string, name: string): Promise<void> {
  const overview = (await call(app, SECRETARY, 'grid', 'overview', { villageId })) as {
    grids: {
      members: { personId: string; name: string; householdCount: number }[]
      unlinkedHouseholds: { id: string }[]
    }[]
    membersWithNone: { personId: string; name: string }[]
  }
  const linked = overview.grids.flatMap((g) => g.members).find((m) => m.name === name && m.householdCount > 0)
  const member = overview.membersWithNone.find((m) => m.name === name)
  const household = overview.grids.flatMap((g) => g.unlinkedHouseholds)[0]
  if (linked || !member || !household) return
  await call(app, SECRETARY, 'grid', 'assign', {
    villageId,
    memberPersonId: member.personId,
    householdIds: [household.id],
  })
}

/**
 * What a person of the village has done before opening the app today, made through the app's own actions as that
 * person: a matter raised with the village (a request) and, for a household that may, a family event filed with
 * 红白理事会 — so their own request and filing pages exist to be reached.
 */
async function ownMatters(app: RunningApp, openid: string, name: string, roles: readonly Role[]): Promise<PersonFacts> {
  const villageId = (await whoami(app, openid)).memberships.find((m) => m.villageId)?.villageId
  const facts: PersonFacts = { linkedHouseholds: 0 }
  if (!villageId) return facts
  if (mayCall('grid.recordVisit', roles)) await linkHousehold(app, villageId, name)
  if (mayCall('grid.myHouseholds', roles))
    facts.linkedHouseholds = (
      (await call(app, openid, 'grid', 'myHouseholds', { villageId })) as { households: unknown[] }
    ).households.length
  if (mayCall('requests.raise', roles))
    await call(app, openid, 'requests', 'raise', {
      villageId,
      category: 'help',
      description: '村东头路灯坏了，晚上出行不便，请帮忙修一下',
    })
  if (mayCall('council.file', roles)) {
    const { households } = (await call(app, openid, 'council', 'households', { villageId })) as {
      households: { id: string }[]
    }
    if (households[0])
      await call(app, openid, 'council', 'file', {
        villageId,
        householdId: households[0].id,
        kind: 'other',
        eventDate: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
        planned: { tables: 3, tableCostFen: 20_000 },
      })
  }
  return facts
}

/**
 * The village an unbound visitor or an organiser looks at, chosen in 我的 as a person does: the township first
 * (the county organiser and the visitor), then the village.
 */
async function chooseVillage(page: Page): Promise<void> {
  await tapTab(page, '我的')
  const row = (text: string) =>
    page.locator('.xz-picker:visible .xz-row', { hasText: new RegExp(`^\\s*${text}\\s*›?\\s*$`) }).first()
  await row(VISITOR_VILLAGE.township).or(row(VISITOR_VILLAGE.village)).first().waitFor({ timeout: 15_000 })
  if (!(await row(VISITOR_VILLAGE.village).isVisible())) await row(VISITOR_VILLAGE.township).click()
  await row(VISITOR_VILLAGE.village).click()
  await page.getByText(`${VISITOR_VILLAGE.village}党群服务中心`).filter({ visible: true }).first().waitFor()
}

/**
 * One person's sweep, on an app of its own (the crawl taps buttons that change data: 认可, 同意, 提醒… — another
 * person's sweep must not see them): from 首页 it taps through everything, measuring each screen in normal and in
 * large text.
 */
async function sweep(persona: (typeof PERSONAS)[number]): Promise<RoleResult> {
  const started = Date.now()
  const app = await startApp({ seed: true })
  const { context, page } = await newPhone(browser)
  try {
    await context.addInitScript(SETTLE_SCRIPT)
    const person = persona.openid ? (await demoLogins(app)).find((l) => l.openid === persona.openid) : null
    if (persona.openid && !person) throw new Error(`demo login ${persona.openid} missing from the seed`)
    const roles = persona.openid
      ? [...new Set((await whoami(app, persona.openid)).memberships.flatMap((m) => m.roles))]
      : []
    const facts = person ? await ownMatters(app, person.openid, person.name, roles) : undefined
    if (person) await loginAs(page, app, person.name)
    else await loginAsNewUser(page, app)
    if (!person) {
      // 首页 open before the village is chosen must show it after (it stayed stale until reopened).
      await tapTab(page, '首页')
      await page
        .getByText(/先到「我的」选择您所在的村/)
        .filter({ visible: true })
        .first()
        .waitFor()
      await chooseVillage(page)
      await tapTab(page, '首页')
      await page
        .locator('.home__unit:visible', { hasText: VISITOR_VILLAGE.village })
        .first()
        .waitFor({ timeout: 10_000 })
    } else if (roles.some((r) => ROLE_LEVEL[r] !== 'village')) await chooseVillage(page)
    const crawler = new Crawler(page, persona.openid !== null, DEFAULT_LIMITS, measuredLarge)
    // Stuck (no page shown, the tab bar gone): what was found so far is kept, and the role fails with the reason.
    await crawler.crawl().catch((error: Error) =>
      crawler.result.problems.push({
        page: crawler.result.visits.at(-1)?.route ?? 'pages/index/index',
        mode: '-',
        problem: { kind: 'stuck', detail: error.message.split('\n')[0]! },
      }),
    )
    const reached = [...new Set(crawler.result.visits.map((v) => v.route))].sort()
    const result: RoleResult = {
      role: persona.key,
      person: person?.name ?? '新微信用户',
      reached,
      expected: expectedPages(pages, roles, facts),
      checks: crawler.result.checks,
      problems: [...crawler.result.problems],
    }
    for (const missing of unreachable(result))
      result.problems.push({
        page: missing,
        mode: '-',
        problem: {
          kind: 'unreachable',
          detail: `meant for ${roles.join('+') || 'everyone'} (${decidingActions(pageOf(missing), pages).join(', ')}) but not reached; ${nearby(crawler.result, missing)}`,
        },
      })
    console.log(
      `${persona.key}: ${reached.length} pages, ${crawler.result.states} screens measured ` +
        `(${crawler.result.largeStates} in large text), ` +
        `${result.checks} checks, ${crawler.result.taps} taps, ${result.problems.length} problems, ` +
        `${((Date.now() - started) / 1000).toFixed(0)} s`,
    )
    return result
  } finally {
    await context.close()
    await app.stop()
    // Each person's copy of the county is ~300 MB: eleven of them per run would fill a CI disk.
    rmSync(app.dataDir, { recursive: true, force: true })
  }
}

/** Sweeps every persona, a few phones at a time (SWEEP_CONCURRENCY, default 4): the waits overlap. */
// A failed sweep is kept as `{ failed }`: an error from Node's own modules (ENOSPC from a copy) is not an
// `instanceof Error` inside Jest's sandbox.
const swept = new Map<string, RoleResult | { failed: unknown }>()
const failed = (r: RoleResult | { failed: unknown } | undefined): r is { failed: unknown } =>
  r !== undefined && 'failed' in r
beforeAll(async () => {
  const started = Date.now()
  const queue = [...SWEPT]
  const concurrency = Math.max(1, Number(process.env.SWEEP_CONCURRENCY ?? 4))
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        try {
          swept.set(p.key, await sweep(p))
        } catch (error) {
          swept.set(p.key, { failed: error })
        }
      }
    }),
  )
  const results = SWEPT.map((p) => swept.get(p.key)).filter((r): r is RoleResult => r !== undefined && !failed(r))
  console.log(
    `sweep: ${SWEPT.length} roles in ${((Date.now() - started) / 1000).toFixed(0)} s\n${formatTable(results)}`,
  )
}, 1_200_000)

describe('sweep: every page reachable by tapping, readable, no dead ends, for each role', () => {
  it.each(SWEPT.map((p) => [p.key]))('%s', (key) => {
    const result = swept.get(key)
    if (failed(result)) throw new Error(`${key}: the sweep could not run: ${String(result.failed)}`)
    if (!result) throw new Error(`${key}: not swept`)
    // The role's problems, grouped, are the failure message.
    expect(formatTable([result]).split('\n').slice(3).join('\n')).toBe('')
  })
})
