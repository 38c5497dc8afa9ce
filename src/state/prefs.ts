import Taro from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
// Every page calls useLargeText: the H5 back arrow's styles are loaded whatever page opens first.
import './h5-navigation.css'

/** Kept on the device: large-text mode. (The chosen village: ./village.ts.) */
export const LARGE_TEXT_KEY = 'xz.largeText'

function read(key: string): string {
  try {
    return String(Taro.getStorageSync(key) || '')
  } catch {
    return ''
  }
}

function write(key: string, value: string): void {
  try {
    Taro.setStorageSync(key, value)
  } catch {
    // Storage full or unavailable: the choice lasts for this session only.
  }
}

const largeTextListeners = new Set<(on: boolean) => void>()

/** Turns large-text mode on or off for every open page, and keeps the choice on the device. */
function setLargeTextEverywhere(on: boolean): void {
  write(LARGE_TEXT_KEY, on ? '1' : '')
  for (const l of [...largeTextListeners]) l(on)
}

// The local H5 build (where the demo login lives) lets the e2e sweep (test/e2e/sweep.e2e.ts) switch the mode on the
// screen it is measuring, as the switch in 我的 does, instead of walking back to 我的 for every screen.
if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined')
  (window as unknown as { __xzSetLargeText?: (on: boolean) => void }).__xzSetLargeText = setLargeTextEverywhere

/**
 * Large-text mode (适老化): the class to put on a page's root, and the switch. Every open page follows a change at
 * once (tab pages stay mounted, so a switch in 我的 must reach 首页 too).
 */
export function useLargeText(): { largeText: boolean; setLargeText: (on: boolean) => void; pageClass: string } {
  const [largeText, setLocal] = useState(() => read(LARGE_TEXT_KEY) === '1')
  useEffect(() => {
    const listener = (on: boolean) => setLocal(on)
    largeTextListeners.add(listener)
    return () => {
      largeTextListeners.delete(listener)
    }
  }, [])
  useEffect(() => {
    // H5: the tab bar sits outside the page, so it reads the mode from the body (src/app.css).
    if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined')
      document.body.classList.toggle('xz-large-body', largeText)
  }, [largeText])
  const setLargeText = useCallback(setLargeTextEverywhere, [])
  return { largeText, setLargeText, pageClass: largeText ? 'page xz-large' : 'page' }
}

/** Query parameters of the current page (Taro router), or {} where there is none (tests). */
export function pageParams(): Record<string, string> {
  const instance = (
    Taro as unknown as { getCurrentInstance?: () => { router?: { params?: Record<string, string> } } }
  ).getCurrentInstance?.()
  return instance?.router?.params ?? {}
}

/**
 * The query parameters of the page this component belongs to, read once when it mounts. `pageParams()` answers for
 * the page in front: a page left below another (its list re-rendering when the session refreshes) would otherwise
 * read the parameters of the page on top.
 */
export function usePageParams(): Record<string, string> {
  const [params] = useState(pageParams)
  return params
}
