/** The slice of @tarojs/taro the pages use, recorded so tests can assert on navigation and storage. */
export const calls = {
  navigateTo: [] as { url: string }[],
  switchTab: [] as { url: string }[],
  makePhoneCall: [] as { phoneNumber: string }[],
  setClipboardData: [] as { data: string }[],
}
const storage = new Map<string, unknown>()
/** The current page's query (Taro.getCurrentInstance().router.params), set by a test. */
const router = { params: {} as Record<string, string> }
/** What Taro.getLocation answers (undefined: the user refused or there is no fix). */
let location: { latitude: number; longitude: number; accuracy: number } | undefined
/** What Taro.scanCode reads (undefined: the user closed the camera). */
let scanned: string | undefined
export const scanCalls: Record<string, unknown>[] = []
/** Every Taro.requestSubscribeMessage call, in order, with what else happened around it (see `timeline`). */
export const subscribeCalls: { tmplIds: string[] }[] = []
/** An ordered log tests can append to (e.g. from a transport) to check what a tap did first. */
export const timeline: string[] = []
/** Every Taro.showModal (confirmAction) and Taro.makePhoneCall, in order; the modal answers `modalAnswer`. */
export const modalCalls: { title?: string; content?: string; confirmText?: string }[] = []
export const phoneCalls = calls.makePhoneCall
let modalAnswer = true
export function setModalAnswer(confirm: boolean): void {
  modalAnswer = confirm
}
export function setScanResult(next: string | undefined): void {
  scanned = next
}
export function setPageParams(params: Record<string, string>): void {
  router.params = params
}
export function setLocation(next: typeof location): void {
  location = next
}

const Taro = {
  navigateTo: (options: { url: string }) => {
    calls.navigateTo.push(options)
    return Promise.resolve()
  },
  switchTab: (options: { url: string }) => {
    calls.switchTab.push(options)
    return Promise.resolve()
  },
  makePhoneCall: (options: { phoneNumber: string }) => {
    calls.makePhoneCall.push(options)
    return Promise.resolve({ errMsg: 'makePhoneCall:ok' })
  },
  setClipboardData: (options: { data: string }) => {
    calls.setClipboardData.push(options)
    return Promise.resolve({ errMsg: 'setClipboardData:ok' })
  },
  getStorageSync: (key: string) => storage.get(key) ?? '',
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  removeStorageSync: (key: string) => void storage.delete(key),
  getCurrentInstance: () => ({ router }),
  getLocation: (_options: { type?: string }) =>
    location ? Promise.resolve({ ...location }) : Promise.reject({ errMsg: 'getLocation:fail auth deny' }),
  scanCode: (options: Record<string, unknown>) => {
    scanCalls.push(options)
    return scanned === undefined
      ? Promise.reject({ errMsg: 'scanCode:fail cancel' })
      : Promise.resolve({ result: scanned, scanType: 'QR_CODE', charSet: 'utf-8' })
  },
  requestSubscribeMessage: (options: { tmplIds: string[] }) => {
    subscribeCalls.push({ tmplIds: [...options.tmplIds] })
    timeline.push('requestSubscribeMessage')
    return Promise.resolve({
      errMsg: 'requestSubscribeMessage:ok',
      ...Object.fromEntries(options.tmplIds.map((id) => [id, 'accept'])),
    })
  },
  showModal: (options: { title?: string; content?: string; confirmText?: string }) => {
    modalCalls.push({ title: options.title, content: options.content, confirmText: options.confirmText })
    return Promise.resolve({ confirm: modalAnswer, cancel: !modalAnswer, errMsg: 'showModal:ok' })
  },
  cloud: undefined,
}

export function resetTaroMock(): void {
  calls.navigateTo.length = 0
  calls.switchTab.length = 0
  calls.makePhoneCall.length = 0
  calls.setClipboardData.length = 0
  storage.clear()
  router.params = {}
  location = undefined
  scanned = undefined
  scanCalls.length = 0
  subscribeCalls.length = 0
  timeline.length = 0
  modalCalls.length = 0
  modalAnswer = true
}

import { useEffect, useRef } from 'react'

/** Page show/hide hooks: a test hides and shows "the page" (another page on top, then back) with pageHide/pageShow. */
const showHandlers = new Set<{ current: () => void }>()
const hideHandlers = new Set<{ current: () => void }>()
function usePageEvent(handlers: Set<{ current: () => void }>, fn: () => void) {
  const ref = useRef(fn)
  ref.current = fn
  useEffect(() => {
    handlers.add(ref)
    return () => {
      handlers.delete(ref)
    }
  }, [handlers])
}
export function pageHide(): void {
  for (const h of [...hideHandlers]) h.current()
}
export function pageShow(): void {
  for (const h of [...showHandlers]) h.current()
}

export const useLaunch = () => undefined
export const useDidShow = (fn: () => void) => usePageEvent(showHandlers, fn)
export const useDidHide = (fn: () => void) => usePageEvent(hideHandlers, fn)
export default Taro
