/** The slice of @tarojs/taro the pages use, recorded so tests can assert on navigation and storage. */
export const calls = { navigateTo: [] as { url: string }[], switchTab: [] as { url: string }[] }
const storage = new Map<string, unknown>()

const Taro = {
  navigateTo: (options: { url: string }) => {
    calls.navigateTo.push(options)
    return Promise.resolve()
  },
  switchTab: (options: { url: string }) => {
    calls.switchTab.push(options)
    return Promise.resolve()
  },
  getStorageSync: (key: string) => storage.get(key) ?? '',
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  removeStorageSync: (key: string) => void storage.delete(key),
  cloud: undefined,
}

export function resetTaroMock(): void {
  calls.navigateTo.length = 0
  calls.switchTab.length = 0
  storage.clear()
}

export const useLaunch = () => undefined
export const useDidShow = () => undefined
export const useDidHide = () => undefined
export default Taro
