/**
 * The part of miniprogram-simulate's API these tests use. Its bundled typings pull in miniprogram-api-typings,
 * whose global `wx`/`Page`/`App` declarations would leak into the type check of src/ (which also builds for H5).
 */
export type Lifecycle = (this: unknown, ...args: unknown[]) => unknown

/** A rendered node: its DOM and the ability to fire a WeChat event on it. */
export interface SimNode {
  dom?: Element
  querySelectorAll(selector: string): SimNode[]
  dispatchEvent(eventName: string, options?: Record<string, unknown>): void
}

/** The component instance behind a page, as the Taro runtime sees `this`. */
export interface PageInstance {
  route: string
  options: Record<string, string>
  data: Record<string, unknown>
  setData(data: Record<string, unknown>, callback?: () => void): void
  onLoad(query: Record<string, string>): unknown
  [lifecycle: string]: unknown
}

export interface SimRoot extends SimNode {
  instance: PageInstance
  attach(parent: Element): void
  detach(): void
}

export interface Simulate {
  load(path: string, options: { compiler: 'official' | 'simulate'; rootPath: string }): string
  render(id: string, properties?: Record<string, unknown>): SimRoot
}
