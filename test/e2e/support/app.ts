import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { SEED_POINTER } from '../global-setup'

const ROOT = path.resolve(__dirname, '..', '..', '..')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// Flags that work on these machines (../shared/stack-notes.md): no sandbox as root, no background traffic.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Where this run's screenshots go; printed once so a person can look at them. */
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'e2e')
let announced = false

export interface RunningApp {
  url: string
  dataDir: string
  /** The server's process id, also its process group's (tsx and the Node process it runs). */
  pid: number
  stop(): Promise<number | null>
}

/**
 * Starts `npm start`'s server (local/start.ts) as a child process on a free port with a fresh DATA_DIR; with
 * `seed`, the demo county of `npm run db:reset` is loaded into it first; `beforeStart` may add to that data
 * (the server holds the data directory once started).
 */
/** Data folders this journey file made (~300 MB each with the demo county): removed when the file ends. */
const dataDirs: string[] = []
if (typeof afterAll === 'function')
  afterAll(() => {
    for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

export async function startApp({
  seed = false,
  env = {},
  beforeStart,
}: {
  seed?: boolean
  env?: Record<string, string>
  beforeStart?: (dataDir: string) => void | Promise<void>
} = {}): Promise<RunningApp> {
  if (!existsSync(path.join(ROOT, 'dist', 'h5', 'index.html'))) throw new Error('dist/h5 missing: run npm run build:h5')
  const dataDir = mkdtempSync(path.join(tmpdir(), 'xz-e2e-data-'))
  dataDirs.push(dataDir)
  if (seed) {
    // The run's global setup seeded the county once; copy it (or seed here when run without it).
    const template = existsSync(SEED_POINTER) ? readFileSync(SEED_POINTER, 'utf8').trim() : ''
    if (template && existsSync(template)) cpSync(template, dataDir, { recursive: true })
    else {
      execFileSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'scripts', 'db-reset.ts')], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dataDir },
        stdio: 'ignore',
      })
    }
  }
  if (beforeStart) await beforeStart(dataDir)
  const child: ChildProcess = spawn(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(ROOT, 'local', 'start.ts')],
    {
      cwd: ROOT,
      // A free port unless E2E_PORT names one (engineers sharing a machine each keep to their own range).
      env: {
        ...process.env,
        PORT: process.env.E2E_PORT ?? '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        XZ_TIMERS: '0',
        // An unseeded journey starts empty (npm start would load the demo county into an empty data directory).
        XZ_DEMO: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: stop() signals tsx and the server it runs together.
      detached: true,
    },
  )
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /乡治 local server: (http:\/\/[\d.:]+)\//.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)))
  })
  return {
    url,
    dataDir,
    pid: child.pid!,
    // Ctrl-C, as a person stops `npm start`; a server that has not exited 15 s later is killed, so a stuck
    // shutdown fails the journey that asserts a clean exit instead of hanging the run.
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) {
          rmSync(dataDir, { recursive: true, force: true })
          return resolve(child.exitCode)
        }
        const group = -child.pid!
        const killer = setTimeout(() => {
          try {
            process.kill(group, 'SIGKILL')
          } catch {
            // already gone
          }
        }, 15000)
        child.once('exit', (code) => {
          clearTimeout(killer)
          // Each run's data directory is ~300 MB: left behind, a day of journals on a shared machine fills the disk.
          rmSync(dataDir, { recursive: true, force: true })
          resolve(code)
        })
        process.kill(group, 'SIGINT')
      }),
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true })
}

/**
 * A phone-sized page (iPhone 12-class viewport) in a fresh context; with `geolocation`, the phone is there and has
 * allowed the page to read its position (a browser reports WGS-84).
 */
export async function newPhone(
  browser: Browser,
  { geolocation }: { geolocation?: { latitude: number; longitude: number; accuracy?: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(geolocation ? { geolocation, permissions: ['geolocation'] } : {}),
  })
  const page = await context.newPage()
  guardNavigation(page)
  return { context, page }
}

/**
 * Journeys move by taps (issue 19): a page may be opened by URL only at the app's start (首页) or the demo login;
 * deep links (a shared card, a subscribe message) are tried in test/e2e/deep-links.e2e.ts alone.
 * test/unit/e2e-navigation-guard.test.ts checks the journeys' source for the same rule.
 */
export const DEEP_LINK_TEST = 'deep-links.e2e.ts'
const ALLOWED_ROUTES = ['', 'pages/index/index', 'packages/demo/pages/login/index']

/** Why a journey may not open `url` by address, or null when it may. */
export function navigationRefusal(url: string, testPath: string | undefined): string | null {
  if (testPath && path.basename(testPath) === DEEP_LINK_TEST) return null
  const u = new URL(url)
  const hash = u.hash.replace(/^#\/?/, '')
  if (u.search || hash.includes('?'))
    return `${url}: a URL with a query string (only ${DEEP_LINK_TEST} opens deep links)`
  if (!ALLOWED_ROUTES.includes(hash))
    return `${url}: journeys reach pages by tapping from 首页; only 首页 and the demo login are opened by address`
  return null
}

function guardNavigation(page: Page): void {
  const goto = page.goto.bind(page)
  page.goto = async (url, options) => {
    const refusal = navigationRefusal(url, expect.getState().testPath)
    if (refusal) throw new Error(refusal)
    return goto(url, options)
  }
}

/** Opens the app as a person does: it starts on 首页. */
export async function openApp(page: Page, app: RunningApp): Promise<void> {
  await page.goto(`${app.url}/`)
  await page.waitForURL((u) => /^#?\/?(pages\/index\/index)?$/.test(u.hash) || u.hash === '')
}

/**
 * The phone's back button, once: waits for the previous page to show and its slide to end (a second back pressed
 * mid-slide leaves Taro's H5 router showing no page at all).
 */
export async function back(page: Page): Promise<void> {
  const before = page.url()
  await page.goBack()
  await page.waitForURL((u) => u.toString() !== before)
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.taro_page')].some((p) => getComputedStyle(p).display !== 'none'),
  )
  await page.waitForTimeout(400)
}

/** Back (the phone's back button) until a tab page with its tab bar shows. */
export async function backToTabs(page: Page): Promise<void> {
  const bar = page.locator('.weui-tabbar__item:visible')
  // A page just opened may not have drawn its tab bar yet.
  await bar
    .first()
    .waitFor({ timeout: 3000 })
    .catch(() => undefined)
  for (let i = 0; i < 8 && !(await bar.count()); i++) await back(page)
  await bar.first().waitFor()
}

/** Taps a tab of the tab bar (首页 / 办事 / 我的), going back to the tab pages first if needed. */
export async function tapTab(page: Page, tab: '首页' | '办事' | '我的'): Promise<void> {
  await backToTabs(page)
  const route = { 首页: 'pages/index/index', 办事: 'pages/services/index', 我的: 'pages/me/index' }[tab]
  const routeOf = (u: URL) => u.hash.replace(/^#\/?/, '').replace(/\?.*$/, '') || 'pages/index/index'
  // Already there: a person does not tap the tab they are on (after going back, that tap can blank the page).
  if (routeOf(new URL(page.url())) === route) return
  await page.locator('.weui-tabbar__item:visible', { hasText: tab }).first().click()
  await page.waitForURL((u) => routeOf(u) === route)
}

/** Opens a feature area as a person does: 办事 → the area's entry. */
export async function openArea(page: Page, title: string): Promise<void> {
  await tapTab(page, '办事')
  await page
    .locator('.xz-features__title:visible', { hasText: new RegExp(`^${title}$`) })
    .first()
    .click()
  await page.waitForURL((u) => !u.hash.includes('pages/services/index'))
}

/**
 * Answers the confirmation an irreversible action asks (Taro.showModal): checks it names what will happen
 * (`expect`), then taps its confirm button — or 取消 with `{ cancel: true }`.
 */
export async function answerConfirm(
  page: Page,
  expect: RegExp | string,
  { cancel = false }: { cancel?: boolean } = {},
): Promise<void> {
  // The modal's root has only position:fixed children (no box of its own), so Playwright never sees it as visible.
  const modal = page.locator('.taro__modal .taro-modal__content:visible')
  await modal.waitFor()
  await modal.getByText(expect).first().waitFor()
  await modal.locator(cancel ? '.taro-model__cancel' : '.taro-model__confirm').click()
  await modal.waitFor({ state: 'hidden' })
}

/** Taps a card of 首页. */
export async function openHomeCard(page: Page, title: string): Promise<void> {
  await tapTab(page, '首页')
  await page.getByText(title, { exact: true }).filter({ visible: true }).first().click()
  // Not 首页 any more (a feature area's own home, packages/<area>/pages/index/index, is also an index page).
  await page.waitForURL((u) => !/^#\/?pages\/index\/index/.test(u.hash))
}

/** An unbound visitor (or an organiser) chooses the village to look at in 我的: township, then village. */
export async function chooseVillageInMe(page: Page, township: string, village: string): Promise<void> {
  await tapTab(page, '我的')
  await page.getByText(township, { exact: true }).filter({ visible: true }).first().click()
  await page.getByText(village, { exact: true }).filter({ visible: true }).first().click()
  await page.getByText(`${village}党群服务中心`).filter({ visible: true }).first().waitFor()
}

/** README's pictures of the app: refreshed by `UPDATE_README_SCREENSHOTS=1 npm run test:e2e`, then committed. */
export const README_SCREENSHOT_DIR = path.join(ROOT, 'docs', 'screenshots')

export async function screenshot(page: Page, name: string, { readme = false } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  if (!announced) {
    console.log(`e2e screenshots: ${SCREENSHOT_DIR}`)
    announced = true
  }
  const file = path.join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path: file })
  if (readme && process.env.UPDATE_README_SCREENSHOTS === '1') {
    mkdirSync(README_SCREENSHOT_DIR, { recursive: true })
    await page.screenshot({ path: path.join(README_SCREENSHOT_DIR, `${name}.png`) })
  }
  return file
}

/** Hash routes of the H5 build (opening one by address: the demo login, or a deep link in deep-links.e2e.ts). */
export const route = (app: RunningApp, page: string) => `${app.url}/#/${page}`

/** Logs in as a demo person the way a user does: 我的 → 演示登录 → tap the person's name. */
export async function loginAs(page: Page, app: RunningApp, name: string): Promise<void> {
  const person = page.getByText(new RegExp(`^${name} · `)).first()
  // On a loaded 2-core machine the list can arrive late; a person would pull to refresh, the test reloads.
  for (let attempt = 1; ; attempt++) {
    await page.goto(route(app, 'packages/demo/pages/login/index'))
    try {
      await person.waitFor({ timeout: 15000 })
      break
    } catch (error) {
      if (attempt === 3) throw error
      await page.reload()
    }
  }
  await person.click()
  await page.waitForURL(/pages\/me\/index/)
}

/** Logs in as a new WeChat user, not on any roster: 我的 → 演示登录 → 一个新的微信用户. */
export async function loginAsNewUser(page: Page, app: RunningApp): Promise<void> {
  await page.goto(route(app, 'packages/demo/pages/login/index'))
  await page.getByText('一个新的微信用户', { exact: false }).filter({ visible: true }).first().click()
  await page.waitForURL(/pages\/me\/index/)
}

/** One journey file's app and browser: a seeded app started before its tests and stopped after them. */
export interface SeededJourney {
  readonly app: RunningApp
  readonly browser: Browser
  /** Runs `journey` on a fresh phone logged in as the demo person `name`, closing the phone afterwards. */
  as<T>(name: string, journey: (page: Page) => Promise<T>, phone?: Parameters<typeof newPhone>[1]): Promise<T>
}

export function useSeededApp(): SeededJourney {
  let app: RunningApp | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    app = await startApp({ seed: true })
    browser = await launchBrowser()
  }, 180000)
  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })
  return {
    get app() {
      return app!
    },
    get browser() {
      return browser!
    },
    async as(name, journey, phone = {}) {
      const { context, page } = await newPhone(browser!, phone)
      try {
        await loginAs(page, app!, name)
        return await journey(page)
      } finally {
        await context.close()
      }
    },
  }
}
