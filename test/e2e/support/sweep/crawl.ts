/**
 * The browser half of the sweep: from 首页 it taps everything a person can tap (tab bar, cards, rows, links,
 * buttons) page by page, going back as a person does, and measures every screen it sees. What counts as a problem
 * is decided in ./checks.ts.
 */
import type { Locator, Page, Response } from 'playwright-core'
import { checkMeasurement, forbiddenAnswer, type Measurement, type Mode, type Problem } from './checks'

export interface CrawlLimits {
  /** Pages (routes) explored per crawl. */
  maxPages: number
  /** Taps away from a tab page. */
  maxDepth: number
  /** Taps tried on one page. */
  maxTapsPerPage: number
}

// A branch secretary is meant for 42 pages (issue 23 and 24 added a dozen): the bound leaves room for the app to grow.
export const DEFAULT_LIMITS: CrawlLimits = { maxPages: 60, maxDepth: 4, maxTapsPerPage: 30 }

/**
 * Taps the sweep leaves alone: the demo login (not part of the app), the large-text switch (the sweep sets the
 * mode itself), choosing another village (the sweep chooses it once, before crawling), turning the phone into the
 * centre's duty screen, and anything that would unbind the person.
 */
/** `SWEEP_DEBUG=1`: every tap and the page it led to, on the console (why a page was or was not reached). */
const DEBUG = process.env.SWEEP_DEBUG === '1'

// 拨打: a tap opens the phone's dialler (tel:), which the sweep must not do.
export const DENIED_TAPS = /演示登录|大字模式|换一个村|设为值班屏|解除绑定|退出登录|注销|拨打/

export interface PageVisit {
  route: string
  /** Tap labels from the tab page, in order: how a person gets here. */
  path: string[]
  tab: string
}

export interface CrawlResult {
  visits: PageVisit[]
  problems: { page: string; mode: Mode | '-'; problem: Problem }[]
  /** Screen states measured (a page on arrival and after each tap that changed it), in each mode measured. */
  states: number
  /** Of those, in large text (each page on arrival and each of its tabs). */
  largeStates: number
  /** Single checks made: each text (size + machine text + choose-village), each target, each overflow check. */
  checks: number
  taps: number
  /** Where a limit stopped the crawl (taps on a page, depth, page count): named in an unreachable page's message. */
  limits: string[]
}

const TABS = ['首页', '办事', '我的'] as const
const MODES: readonly Mode[] = ['normal', 'large']
const TAB_ROUTES: Record<string, string> = {
  首页: 'pages/index/index',
  办事: 'pages/services/index',
  我的: 'pages/me/index',
}

/** `#/packages/grid/pages/request/index?requestId=…` → `packages/grid/pages/request/index`. */
export function routeOf(url: string): string {
  const hash = url.includes('#') ? url.slice(url.indexOf('#') + 1) : ''
  return hash.replace(/^\//, '').replace(/\?.*$/, '') || 'pages/index/index'
}

/** Installed before any page script: lets the sweep know when the screen has stopped changing. */
export const SETTLE_SCRIPT = `(() => {
  window.__xzLastChange = Date.now();
  const start = () => new MutationObserver(() => { window.__xzLastChange = Date.now() })
    .observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})()`

interface Candidate {
  id: string
  label: string
  group: string
  /** A tab (aria-role="tab"): it swaps what the page shows, so it is tapped after what the open tab shows. */
  kind: 'button' | 'row' | 'tab'
}

export class Crawler {
  private pending = 0
  private route = ''
  private lastAction = ''
  readonly result: CrawlResult = {
    visits: [],
    problems: [],
    states: 0,
    largeStates: 0,
    checks: 0,
    taps: 0,
    limits: [],
  }
  private readonly seenProblems = new Set<string>()
  /** The page and the tap each function call came from (its answer may arrive after the next tap). */
  private readonly origin = new WeakMap<object, { route: string; after: string }>()

  /** The mode of the measurement being made (a function's answer is reported under it). */
  private mode: Mode = 'normal'

  constructor(
    private readonly page: Page,
    private readonly bound: boolean,
    private readonly limits: CrawlLimits = DEFAULT_LIMITS,
    /**
     * Screens already measured in large text: a page on arrival and each of its tabs (`route|tab`). The sweep
     * shares one set between its people, so each screen is measured large once, by whoever reaches it first.
     */
    private readonly measuredLarge = new Set<string>(),
  ) {
    page.on('request', (r) => {
      if (!r.url().includes('/api/functions/')) return
      this.pending++
      this.origin.set(r, { route: this.route, after: this.lastAction })
    })
    const done = (r: { url(): string }) => {
      if (r.url().includes('/api/functions/')) this.pending = Math.max(0, this.pending - 1)
    }
    page.on('requestfinished', done)
    page.on('requestfailed', done)
    page.on('response', (r) => void this.onResponse(r))
    this.route = routeOf(page.url())
  }

  private async onResponse(r: Response): Promise<void> {
    const m = /\/api\/functions\/([A-Za-z]+)/.exec(r.url())
    if (!m) return
    const { route, after } = this.origin.get(r.request()) ?? { route: this.route, after: this.lastAction }
    let body: unknown
    try {
      body = await r.json()
    } catch {
      return
    }
    const action = (() => {
      try {
        return (JSON.parse(r.request().postData() ?? '{}') as { action?: string }).action ?? '?'
      } catch {
        return '?'
      }
    })()
    const p = forbiddenAnswer(`${m[1]}.${action}`, body, after)
    if (p) this.report(route, p)
  }

  private report(page: string, problem: Problem, mode: Mode | '-' = this.mode): void {
    const key = `${page}|${mode}|${problem.kind}|${problem.detail}`
    if (this.seenProblems.has(key)) return
    this.seenProblems.add(key)
    this.result.problems.push({ page, mode, problem })
  }

  /** Waits until no function call is in flight and the DOM has not changed for a moment (at most 5 s). */
  async settle(quietMs = 180, maxMs = 5000): Promise<void> {
    const started = Date.now()
    await this.page.waitForTimeout(80)
    while (Date.now() - started < maxMs) {
      const last = await this.page.evaluate('window.__xzLastChange || 0').catch(() => 0)
      const now = await this.page.evaluate('Date.now()').catch(() => Date.now())
      if (this.pending === 0 && (now as number) - (last as number) >= quietMs) return
      await this.page.waitForTimeout(80)
    }
  }

  /**
   * A tap. When the element does not take pointer events within 5 s (seen with the tab bar after some page changes
   * in headless Chromium; the cause is not known), the click is dispatched to it directly so the sweep goes on.
   */
  private async click(target: Locator): Promise<void> {
    try {
      await target.click({ timeout: 5000 })
    } catch {
      await target.dispatchEvent('click', undefined, { timeout: 5000 })
    }
  }

  /**
   * An irreversible action asks first (confirmAction → Taro.showModal): the sweep answers 取消, as a person backing
   * out would, so it never acts and the dialog's mask does not cover the pages it goes on to.
   */
  private async declineConfirmation(): Promise<void> {
    // The dialog is on the page as soon as the tap's handler has run (the settle before this waited for that).
    const dialog = this.page.locator('.taro-modal__content:visible')
    if (!(await dialog.count())) return
    await dialog
      .locator('.taro-model__cancel')
      .click({ timeout: 5000 })
      .catch(() => undefined)
    await dialog.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined)
  }

  /** Waits until the page of the current route shows (its slide in has ended). */
  private async shown(): Promise<void> {
    await this.page
      .waitForFunction(
        (route) =>
          [...document.querySelectorAll('.taro_page')].some(
            (p) => p.id.replace(/\?.*$/, '') === `/${route}` && getComputedStyle(p).display !== 'none',
          ),
        routeOf(this.page.url()),
        { timeout: 5000 },
      )
      .catch(() => undefined)
  }

  /** The phone's back button; then the previous page must show (a back mid-slide can leave none shown). */
  private async back(): Promise<void> {
    await this.page.goBack().catch(() => undefined)
    await this.page
      .waitForFunction(
        () => [...document.querySelectorAll('.taro_page')].some((p) => getComputedStyle(p).display !== 'none'),
        undefined,
        { timeout: 5000 },
      )
      .catch(() => undefined)
    await this.page.waitForTimeout(300)
  }

  /**
   * Measures the screen as it is, in normal text and, the first time this screen (`route|tab`) is seen (see
   * `measuredLarge`), in large text too (switched on for every open page, as the switch in 我的 does, and off again); records what fails.
   * Large text comes from the shared tokens, so a form's later states (a chip chosen, an answer shown) are measured
   * in normal text only: each large-text pass costs two re-renders, and the sweep must stay within the e2e budget.
   */
  async measure(screen = this.route): Promise<void> {
    const large = !this.measuredLarge.has(screen)
    this.measuredLarge.add(screen)
    for (const mode of large ? MODES : (['normal'] as const)) {
      if (mode === 'large') await this.setLargeText(true)
      if (mode === 'large') this.result.largeStates++
      this.mode = mode
      const m = (await this.page.evaluate(MEASURE_SCRIPT)) as Measurement
      this.result.states++
      this.result.checks += m.texts.length + m.targets.length + 1
      // The tab bar is the same on every tab page: its problems are reported once, as its own.
      const bar = {
        ...m,
        texts: m.texts.filter((t) => t.area === 'tab bar'),
        targets: m.targets.filter((t) => t.area === 'tab bar'),
      }
      const own = { ...m, texts: m.texts.filter((t) => !t.area), targets: m.targets.filter((t) => !t.area) }
      for (const p of checkMeasurement(own, mode, { bound: this.bound })) this.report(this.route, p)
      for (const p of checkMeasurement({ ...bar, scrollWidth: 0 }, mode, { bound: this.bound }))
        this.report('tab bar', p)
    }
    if (large) await this.setLargeText(false)
    this.mode = 'normal'
  }

  private async setLargeText(on: boolean): Promise<void> {
    const ok = await this.page.evaluate(
      `typeof window.__xzSetLargeText === 'function' ? (window.__xzSetLargeText(${on}), true) : false`,
    )
    if (!ok) throw new Error('this build has no large-text switch for the sweep (src/state/prefs.ts)')
    await this.settle(200)
  }

  private async candidates(): Promise<Candidate[]> {
    return (await this.page.evaluate(CANDIDATES_SCRIPT)) as Candidate[]
  }

  private async tapTab(tab: string): Promise<void> {
    this.lastAction = `tab ${tab}`
    const bar = this.page.locator('.weui-tabbar__item:visible')
    await bar
      .first()
      .waitFor({ timeout: 3000 })
      .catch(() => undefined)
    for (let i = 0; i < 4 && !(await bar.count()); i++) await this.back()
    // Back went past the app (to the demo login, or a blank page): open 首页 by its address, as a person reopens it.
    if (!(await bar.count())) {
      await this.page.goto(`${new URL(this.page.url()).origin}/#/pages/index/index`)
      await bar.first().waitFor({ timeout: 15000 })
    }
    // Already there: no tap (after going back, tapping the tab one is on can blank the page).
    if (routeOf(this.page.url()) === TAB_ROUTES[tab]) {
      this.route = TAB_ROUTES[tab]!
      await this.shown()
      await this.settle()
      return
    }
    await this.click(this.page.locator('.weui-tabbar__item:visible', { hasText: tab }).first())
    await this.page.waitForURL((u) => routeOf(u.toString()) === TAB_ROUTES[tab], { timeout: 10000 })
    this.route = routeOf(this.page.url())
    await this.shown()
    await this.settle()
  }

  /** Taps the visible element with this label (the first; `nth` among equals). */
  private async tapLabel(label: string, nth = 0): Promise<boolean> {
    const found = (await this.page.evaluate(`(${FIND_SCRIPT})(${JSON.stringify({ label, nth })})`)) as string | null
    if (!found) return false
    this.lastAction = `tap 「${label}」`
    this.result.taps++
    try {
      await this.click(this.page.locator(`[data-xz-sweep="${found}"]`).first())
    } catch {
      return false
    }
    return true
  }

  /** Back at the page of `visit` after something went astray: tab bar, then the same taps again. */
  private async restore(visit: PageVisit): Promise<boolean> {
    await this.tapTab(visit.tab)
    for (const label of visit.path) {
      if (!(await this.tapLabel(label))) return false
      await this.settle()
    }
    this.route = routeOf(this.page.url())
    return this.route === visit.route
  }

  /** Crawls from each tab page. */
  async crawl(): Promise<CrawlResult> {
    for (const tab of TABS) {
      if (this.result.visits.length >= this.limits.maxPages) break
      await this.tapTab(tab)
      const visit: PageVisit = { route: this.route, path: [], tab }
      if (this.result.visits.some((v) => v.route === visit.route)) continue
      this.result.visits.push(visit)
      await this.explore(visit, 0)
    }
    return this.result
  }

  private async explore(visit: PageVisit, depth: number): Promise<void> {
    await this.measure()
    const tried = new Set<string>()
    const groupRoutes = new Map<string, (string | null)[]>()
    /** The tab last tapped on this page: what it shows is reached through it (a path, a restore). */
    let openTab: string | null = null
    let taps = 0
    for (let round = 0; round < 3; round++) {
      const found = (await this.candidates()).filter((c) => !tried.has(`${c.group}|${c.label}`))
      // What the open tab shows first, then the other tabs (each followed by what it shows).
      const list = [...found.filter((c) => c.kind !== 'tab'), ...found.filter((c) => c.kind === 'tab')]
      if (!list.length) break
      for (const c of list) {
        if (taps >= this.limits.maxTapsPerPage) {
          this.result.limits.push(`${this.limits.maxTapsPerPage} taps on ${visit.route}`)
          return
        }
        const key = `${c.group}|${c.label}`
        if (tried.has(key)) continue
        // Gone from the screen (another tab hides it): it may come back in a later round.
        if (!(await this.page.locator(`[data-xz-sweep="${c.id}"]`).count())) continue
        tried.add(key)
        if (DENIED_TAPS.test(c.label)) continue
        // A list: once two of its items lead to the same page (or nowhere), the rest would too. Not tabs: each
        // shows something else.
        const seen = groupRoutes.get(c.group) ?? []
        if (c.kind !== 'tab' && seen.length >= 2 && seen[0] === seen[1]) continue
        // Buttons with the same words (同意 on every row) are tried once.
        if (c.kind === 'button' && [...tried].some((k) => k !== key && k.endsWith(`|${c.label}`))) continue
        this.lastAction = `tap 「${c.label}」`
        this.result.taps++
        taps++
        try {
          await this.click(this.page.locator(`[data-xz-sweep="${c.id}"]`).first())
        } catch {
          continue
        }
        await this.settle()
        await this.declineConfirmation()
        const now = routeOf(this.page.url())
        if (DEBUG)
          console.log(
            `sweep ${'  '.repeat(depth)}${visit.route}: 「${c.label}」 → ${now === visit.route ? '(same page)' : now}`,
          )
        if (now !== visit.route) await this.shown()
        seen.push(now === visit.route ? null : now)
        groupRoutes.set(c.group, seen)
        if (now === visit.route) {
          if (c.kind === 'tab') openTab = c.label
          // The tap changed the screen in place (a tab, a form's answer); a tab is a screen of its own.
          await this.measure(`${visit.route}|${openTab ?? ''}`)
          // What the change brought into view (a tab's list, its buttons) is tried next, before another tab hides it.
          const fresh = (await this.candidates()).filter(
            (f) => !tried.has(`${f.group}|${f.label}`) && !list.some((l) => l.id === f.id),
          )
          list.splice(list.indexOf(c) + 1, 0, ...fresh)
          continue
        }
        this.route = now
        const known = this.result.visits.some((v) => v.route === now)
        if (!known && this.result.visits.length >= this.limits.maxPages)
          this.result.limits.push(`${now} not reached (${this.limits.maxPages} pages)`)
        else if (!known) {
          const path = [...visit.path, ...(openTab && c.kind !== 'tab' ? [openTab] : []), c.label]
          const next: PageVisit = { route: now, path, tab: visit.tab }
          this.result.visits.push(next)
          if (depth < this.limits.maxDepth) await this.explore(next, depth + 1)
          else {
            // As deep as the sweep goes: the page is measured, nothing on it is tapped.
            this.result.limits.push(`nothing tapped on ${now} (depth ${this.limits.maxDepth})`)
            await this.measure()
          }
        }
        // Back, as the phone's back button does; a page that replaced itself may need the taps again.
        if (
          TAB_ROUTES[visit.tab] === visit.route &&
          visit.path.length === 0 &&
          routeOf(this.page.url()) in TAB_BY_ROUTE
        )
          await this.tapTab(visit.tab)
        else {
          await this.back()
          await this.settle()
        }
        this.route = routeOf(this.page.url())
        if (this.route !== visit.route) {
          if (!(await this.restore(visit))) {
            this.report(visit.route, {
              kind: 'stuck',
              detail: `after 「${c.label}」 the taps 「${[visit.tab, ...visit.path].join(' → ')}」 no longer lead back here`,
            })
            return
          }
          // Opened afresh: the tab that was open is tapped again, so what it shows can still be tried.
          if (openTab && (await this.tapLabel(openTab))) await this.settle()
        }
      }
    }
  }
}

const TAB_BY_ROUTE = Object.fromEntries(Object.entries(TAB_ROUTES).map(([k, v]) => [v, k]))

/**
 * In the page: the current page root (Taro's H5 router keeps earlier pages in the document, hidden), plus what
 * floats above it (tab bar, toasts).
 */
const ROOTS = `
  const shown = (el) => el.checkVisibility ? el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) : el.getClientRects().length > 0;
  const here = '/' + (location.hash.replace(/^#\\/?/, '').replace(/\\?.*$/, '') || 'pages/index/index');
  const ofRoute = [...document.querySelectorAll('.taro_page')].filter((p) => p.id.replace(/\\?.*$/, '') === here);
  const pages = [...document.querySelectorAll('.taro_page')].filter(shown);
  const current = ofRoute.filter(shown).pop() || ofRoute.pop() || pages[pages.length - 1] || document.body;
  const inOtherPage = (el) => { const p = el.closest('.taro_page'); return p && p !== current };
`

/** In the page: every visible text with its font size, every visible tap target with its size. */
export const MEASURE_SCRIPT = `(() => {
  ${ROOTS}
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim();
    const el = n.parentElement;
    if (!text || !el || inOtherPage(el) || !shown(el)) continue;
    if (el.closest('script, style, noscript, .taro-navigation-bar-hide')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    texts.push({ text, fontPx: parseFloat(getComputedStyle(el).fontSize), area: el.closest('.taro-tabbar__tabbar') ? 'tab bar' : undefined });
  }
  const targets = [];
  const controls = 'taro-input-core, taro-textarea-core, taro-switch-core, taro-checkbox-core, taro-radio-core, taro-picker-core, a.weui-tabbar__item';
  for (const el of document.querySelectorAll('*')) {
    const tappable = (el.__events && (el.__events.click || el.__events.tap)) || el.matches(controls);
    if (!tappable || inOtherPage(el) || !shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const label = (el.textContent || '').trim() || el.getAttribute('placeholder') || el.getAttribute('aria-label') || el.tagName.toLowerCase();
    targets.push({ label, width: r.width, height: r.height, area: el.closest('.taro-tabbar__tabbar') ? 'tab bar' : undefined });
  }
  return { texts, targets, scrollWidth: document.documentElement.scrollWidth, viewportWidth: window.innerWidth };
})()`

/** In the page: what can be tapped on the current page (not the tab bar), each marked for the sweep to find. */
export const CANDIDATES_SCRIPT = `(() => {
  ${ROOTS}
  const out = [];
  let seq = window.__xzSweepSeq || 0;
  for (const el of current.querySelectorAll('*')) {
    if (!(el.__events && (el.__events.click || el.__events.tap)) || !shown(el)) continue;
    if (el.matches('taro-input-core, taro-textarea-core')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    // The innermost tappable wins: a row inside a tappable card is its own target.
    const label = (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 60) || el.getAttribute('aria-label') || '';
    if (!label) continue;
    if (!el.dataset.xzSweep) el.dataset.xzSweep = String(++seq);
    const parent = el.parentElement;
    // A list's items share their group whichever is selected (grid__tab and grid__tab--on are one group).
    const cls = (e) => String(e.className || '').split(/\\s+/).filter((c) => !/--/.test(c)).join('.');
    const group = (parent ? [...parent.parentElement ? [cls(parent.parentElement)] : [], cls(parent)].join('>') : '') + '>' + el.tagName + '.' + cls(el);
    const kind = el.getAttribute('aria-role') === 'tab' || el.getAttribute('role') === 'tab' ? 'tab' : el.tagName === 'TARO-BUTTON-CORE' ? 'button' : 'row';
    out.push({ id: el.dataset.xzSweep, label, group, kind });
  }
  window.__xzSweepSeq = seq;
  return out;
})()`

/** In the page: the nth visible tappable with this label, marked; its mark or null. */
export const FIND_SCRIPT = `(({ label, nth }) => {
  ${ROOTS}
  let seq = window.__xzSweepSeq || 0;
  const found = [...current.querySelectorAll('*')].filter((el) => el.__events && (el.__events.click || el.__events.tap) && shown(el)
    && (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 60) === label);
  const el = found[nth];
  if (!el) return null;
  if (!el.dataset.xzSweep) el.dataset.xzSweep = String(++seq);
  window.__xzSweepSeq = seq;
  return el.dataset.xzSweep;
})`
