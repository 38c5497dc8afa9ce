/**
 * A small WeChat mini-program host around miniprogram-simulate, enough to run the real Taro build in jsdom:
 * App/getApp/getCurrentPages/requirePlugin and a Page shim (miniprogram-simulate only defines Component/Behavior),
 * the `wx` mock extended with `wx.cloud` and a recorded `wx.navigateTo`, and page lifecycles driven in WeChat's
 * order (App onLaunch → onShow, then page onLoad → onShow → onReady).
 *
 * WXML goes through the official compiler (the `wcc` binary inside miniprogram-compiler), the only one that
 * understands Taro's <import>/<template>/<wxs src> output.
 *
 * WeChat's JS runtime has no Node `process`; jsdom under jest has one. The host reports any read of it by code
 * from dist/ as an error (see reportProcessReads), so tests that assert `errors` is empty also catch it.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Lifecycle, PageInstance, SimNode, SimRoot, Simulate } from './simulate'

export interface AppJson {
  pages: string[]
  subPackages?: { root: string; pages: string[] }[]
  plugins?: Record<string, unknown>
  tabBar?: { list: { pagePath: string; text: string }[] }
}

export interface WxMock {
  navigateTo: jest.Mock
  cloud: { init: jest.Mock; callFunction: jest.Mock }
  [api: string]: unknown
}

/** Every page route in app.json, main package and subpackages, without a leading slash. */
export function allRoutes(appJson: AppJson): string[] {
  const sub = (appJson.subPackages ?? []).flatMap((pkg) => pkg.pages.map((page) => `${pkg.root}/${page}`))
  return [...appJson.pages, ...sub]
}

export class OpenPage {
  constructor(
    readonly route: string,
    readonly root: SimRoot,
    readonly instance: PageInstance,
    /** The page's .json from the build (navigationBarTitleText, usingComponents…). */
    readonly json: { navigationBarTitleText?: string; [key: string]: unknown },
  ) {}

  /** The navigation bar title WeChat shows for this page. */
  title(): string | undefined {
    return this.json.navigationBarTitleText
  }

  /** The page as the user sees it: its text, whitespace collapsed. */
  text(): string {
    return (this.root.dom?.textContent ?? '').replace(/\s+/g, ' ').trim()
  }

  /** Text of each node matching a selector (Taro's own class names, e.g. `.xz-features__title`), in order. */
  texts(selector: string): string[] {
    return this.root.querySelectorAll(selector).map((node) => (node.dom?.textContent ?? '').trim())
  }

  /** The first node matching `selector` whose text contains `containing`. */
  find(selector: string, containing = ''): SimNode {
    const node = this.root.querySelectorAll(selector).find((n) => (n.dom?.textContent ?? '').includes(containing))
    if (!node) throw new Error(`${this.route}: no ${selector} containing "${containing}" in: ${this.text()}`)
    return node
  }

  /** Dispatches a `tap` on the node; j-component delivers it (asynchronously) to its `bindtap`, Taro's `eh`. */
  async tap(selector: string, containing = ''): Promise<void> {
    this.find(selector, containing).dispatchEvent('tap')
    await settle()
  }
}

export interface MiniProgram {
  dist: string
  appJson: AppJson
  wx: WxMock
  /** The object the bundle passed to App(). */
  app: Record<string, unknown>
  /**
   * What WeChat would report to App.onError: exceptions at load, in lifecycles and in timers, plus uses of
   * `process`. (A rejected promise nobody handles is not caught here: jest fails the running test with it.)
   */
  errors: unknown[]
  /** Loads a page of app.json by its url (`/packages/x/pages/index/index?id=1` or `pages/me/index`) and shows it. */
  openPage(url: string): Promise<OpenPage>
}

/** Lets the promise jobs and timers the runtime queued (setData, React batches, j-component events) run. */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}

/**
 * Polls until `check` returns without throwing; rethrows its last error after `timeoutMs`. The bound is for a page
 * that never gets there, not a speed check: with all jest projects running at once a CI machine took over 3 s to
 * render the 办事 tab after two mocked calls.
 */
export async function waitFor<T>(check: () => T, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
}

type Globals = Record<string, unknown>
const globals = globalThis as unknown as Globals
const SHIMS = ['App', 'Page', 'getApp', 'getCurrentPages', 'requirePlugin'] as const
let cleanup: (() => void)[] = []

/** Whether the source at file:line:column is the bare identifier `process` (not e.g. `globalThis[key]`). */
function isProcessIdentifier(file: string, line: number, column: number, sources: Map<string, string[]>): boolean {
  let lines = sources.get(file)
  if (!lines) {
    lines = fs.readFileSync(file, 'utf8').split('\n')
    sources.set(file, lines)
  }
  const text = lines[line - 1] ?? ''
  const at = column - 1
  return text.startsWith('process', at) && !/[\w$.]/.test(text[at - 1] ?? '') && !/[\w$]/.test(text[at + 7] ?? '')
}

/**
 * Reports every use of the global `process` in code loaded from `dir`. WeChat's JS runtime has none: Taro inlines
 * `process.env.TARO_APP_X` only when an .env file defines X, and any other `process.env.X` left in the bundle
 * throws `ReferenceError: process is not defined` on a phone. Such code gets a stand-in with an empty `env`, so
 * one stray use shows up as one clear error instead of breaking the launch. Code that merely copies every global
 * (Taro's window does) gets `undefined`, as in WeChat; everyone else (jest, the compiler) gets Node's `process`.
 * A `typeof process` guard is reported too: a getter cannot tell it from `process.env`.
 */
function reportProcessReads(dir: string, report: (error: Error) => void): () => void {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'process')
  const real = globals.process
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep
  const standIn = Object.freeze({ env: Object.freeze({}) })
  const seen = new Set<string>()
  const sources = new Map<string, string[]>()
  Object.defineProperty(globalThis, 'process', {
    configurable: true,
    enumerable: original?.enumerable ?? true,
    get() {
      // [0] "Error", [1] this getter, [2] the code that read `process`.
      const reader = new Error().stack?.split('\n')[2] ?? ''
      const at = reader.indexOf(prefix)
      if (at < 0) return real
      const location = /^(.*):(\d+):(\d+)\)?$/.exec(reader.slice(at))
      if (!location || !isProcessIdentifier(location[1], Number(location[2]), Number(location[3]), sources))
        return undefined
      const where = path.relative(path.dirname(dir), location[1]) + `:${location[2]}:${location[3]}`
      if (!seen.has(where)) {
        seen.add(where)
        report(
          new ReferenceError(`process is not defined: ${where} uses Node's \`process\`, which WeChat does not have`),
        )
      }
      return standIn
    },
  })
  return () => {
    if (original) Object.defineProperty(globalThis, 'process', original)
  }
}

/** Turns a Page() object into the Component() definition miniprogram-simulate registers, as WeChat's Page does. */
function pageToComponent(options: Record<string, unknown>): Record<string, unknown> {
  const methods: Record<string, unknown> = {}
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(options)) {
    if (key === 'data') continue
    if (typeof value === 'function') methods[key] = value
    else fields[key] = value
  }
  return {
    data: options.data ?? {},
    methods,
    lifetimes: {
      created(this: Record<string, unknown>) {
        Object.assign(this, fields)
      },
    },
  }
}

/**
 * Loads dist/weapp's app.js into a fresh module registry and launches it. Call `stopMiniProgram()` in afterEach.
 */
export function startMiniProgram(dist: string): MiniProgram {
  stopMiniProgram()
  jest.resetModules()
  document.head.innerHTML = ''
  document.body.innerHTML = ''
  delete globals.wx

  const appJson = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8')) as AppJson
  const routes = allRoutes(appJson)
  const errors: unknown[] = []
  const pageStack: PageInstance[] = []
  let app: Record<string, unknown> | undefined

  const report = (error: unknown) => {
    errors.push(error)
    const onError = app?.onError
    if (typeof onError === 'function') {
      try {
        onError.call(app, error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error))
      } catch (inner) {
        errors.push(inner)
      }
    }
  }
  /** Runs a lifecycle the way WeChat does: an exception is reported to App.onError, not fatal to the host. */
  const guard = (fn: () => void): boolean => {
    try {
      fn()
      return true
    } catch (error) {
      report(error)
      return false
    }
  }
  const call = (target: Record<string, unknown>, name: string, ...args: unknown[]) =>
    guard(() => {
      const fn = target[name]
      if (typeof fn === 'function') (fn as Lifecycle).apply(target, args)
    })

  globals.App = (options: Record<string, unknown>) => {
    if (app) throw new Error('App() called twice')
    app = options
  }
  globals.getApp = () => app
  globals.getCurrentPages = () => [...pageStack]
  globals.requirePlugin = (name: string) => {
    if (!appJson.plugins?.[name]) throw new Error(`requirePlugin("${name}"): app.json declares no such plugin`)
    return {}
  }
  globals.Page = (options: Record<string, unknown>) => {
    ;(globals.Component as (definition: Record<string, unknown>) => void)(pageToComponent(options))
  }

  // Requiring miniprogram-simulate defines Component/Behavior and creates `wx` (hence `delete globals.wx` first:
  // it would otherwise merge in the previous run's wx, including the old webpack chunk registry).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const simulate = require('miniprogram-simulate') as Simulate
  const wx = globals.wx as WxMock
  const simulatedNavigateTo = wx.navigateTo as unknown as (options: unknown) => unknown
  wx.navigateTo = jest.fn((opts: unknown) => simulatedNavigateTo(opts))
  wx.cloud = {
    init: jest.fn(),
    callFunction: jest.fn(() => Promise.reject(new Error('wx.cloud.callFunction is not mocked in this test'))),
  }

  // What WeChat does with an exception nobody caught (e.g. in a timer): report it to App.onError. Listening here
  // also keeps jest-environment-jsdom from failing the running test by itself; tests assert on `errors` instead.
  const onWindowError = (event: ErrorEvent) => {
    event.preventDefault()
    report(event.error ?? event.message)
  }
  window.addEventListener('error', onWindowError)
  cleanup.push(() => window.removeEventListener('error', onWindowError))
  cleanup.push(reportProcessReads(dist, report))
  cleanup.push(() => {
    for (const name of SHIMS) delete globals[name]
  })

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  guard(() => require(path.join(dist, 'app.js')))
  if (!app) throw new Error(`${path.join(dist, 'app.js')} did not call App(): ${errors.map(String).join('; ')}`)
  const launched = app
  const entry = appJson.pages[0]
  call(launched, 'onLaunch', { path: entry, query: {}, scene: 1001, referrerInfo: {} })
  call(launched, 'onShow', { path: entry, query: {}, scene: 1001, referrerInfo: {} })

  async function openPage(url: string): Promise<OpenPage> {
    const [route, search = ''] = url.replace(/^\//, '').split('?')
    if (!routes.includes(route)) throw new Error(`${route} is not a page of app.json (pages: ${routes.join(', ')})`)
    const query = Object.fromEntries(new URLSearchParams(search))

    const id = simulate.load(path.join(dist, route), { compiler: 'official', rootPath: dist })
    const root = simulate.render(id)
    const container = document.createElement('div')
    document.body.appendChild(container)
    root.attach(container)
    cleanup.push(() => root.detach())

    const instance = root.instance
    instance.route = route
    instance.options = query
    const previous = pageStack[pageStack.length - 1]
    if (previous) call(previous, 'onHide')
    pageStack.push(instance)

    // Wait for Taro's first render to reach setData. (Taro's onLoad has a second parameter, but it is a prerender
    // hook that receives the data *instead of* calling setData, so it cannot be used for this.)
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${route} never called setData (errors: ${errors.map(String).join('; ')})`)),
        5000,
      )
      const setData = instance.setData
      const hadOwn = Object.prototype.hasOwnProperty.call(instance, 'setData')
      instance.setData = (data, callback) => {
        if (hadOwn) instance.setData = setData
        else delete (instance as Partial<PageInstance>).setData
        setData.call(instance, data, () => {
          clearTimeout(timer)
          resolve()
          callback?.()
        })
      }
      if (!guard(() => instance.onLoad(query))) {
        clearTimeout(timer)
        reject(new Error(`${route} onLoad threw: ${String(errors[errors.length - 1])}`))
      }
    })
    call(instance, 'onShow')
    call(instance, 'onReady')
    await settle()
    const json = JSON.parse(fs.readFileSync(path.join(dist, `${route}.json`), 'utf8')) as OpenPage['json']
    return new OpenPage(route, root, instance, json)
  }

  return { dist, appJson, wx, app: launched, errors, openPage }
}

/** Detaches pages and restores the globals startMiniProgram replaced. */
export function stopMiniProgram(): void {
  const steps = cleanup.reverse()
  cleanup = []
  for (const step of steps) step()
}
