import Taro from '@tarojs/taro'
import { useCallback, useState } from 'react'

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

export function useStoredString(key: string): [string, (value: string) => void] {
  const [value, setValue] = useState(() => read(key))
  const update = useCallback(
    (next: string) => {
      write(key, next)
      setValue(next)
    },
    [key],
  )
  return [value, update]
}

/** Large-text mode (适老化): the class to put on a page's root, and the switch. */
export function useLargeText(): { largeText: boolean; setLargeText: (on: boolean) => void; pageClass: string } {
  const [value, setValue] = useStoredString(LARGE_TEXT_KEY)
  const largeText = value === '1'
  return { largeText, setLargeText: (on) => setValue(on ? '1' : ''), pageClass: largeText ? 'page xz-large' : 'page' }
}

/** Query parameters of the current page (Taro router), or {} where there is none (tests). */
export function pageParams(): Record<string, string> {
  const instance = (
    Taro as unknown as { getCurrentInstance?: () => { router?: { params?: Record<string, string> } } }
  ).getCurrentInstance?.()
  return instance?.router?.params ?? {}
}
