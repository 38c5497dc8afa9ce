import Taro from '@tarojs/taro'
import { SUBSCRIBE_TOPICS, type SubscribeTopic } from '@common/subscribe-topics'
import { callFunction } from '../api/client'

const STORAGE_KEY = 'xz-subscribe-templates'
/** Template ids change only when the deployment changes them: a day-old copy is good enough. */
const FRESH_MS = 24 * 3600_000

let templates: Record<string, string> = {}

/**
 * Loads the deployment's template ids ahead of any tap (weapp only). `askToSubscribe` must call
 * `wx.requestSubscribeMessage` before anything asynchronous in a tap handler — WeChat refuses it otherwise ("can
 * only be invoked by user TAP gesture") — so the ids have to be in memory already.
 */
export async function preloadSubscribeTemplates(now = Date.now()): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') return
  const stored = Taro.getStorageSync(STORAGE_KEY) as { at?: number; templates?: Record<string, string> } | ''
  if (stored && stored.templates) {
    templates = stored.templates
    if (typeof stored.at === 'number' && now - stored.at < FRESH_MS) return
  }
  const r = await callFunction('system', 'subscribeTemplates', {})
  if (!r.ok) return // offline: keep what we had; nobody is asked to subscribe to unknown templates
  templates = r.data.templates
  Taro.setStorageSync(STORAGE_KEY, { at: now, templates })
}

/** The template ids a tap on this topic asks for (at most 3, WeChat's limit), for the configured ones only. */
export function subscribeIdsFor(topic: SubscribeTopic): string[] {
  const ids = SUBSCRIBE_TOPICS[topic].map((key) => templates[key]).filter((id): id is string => Boolean(id))
  return [...new Set(ids)].slice(0, 3)
}

/**
 * Asks the user to accept this topic's messages. Call it FIRST in a tap handler, before any await. Never blocks or
 * fails the tap: a refusal, an old WeChat, or H5 (no subscribe messages) simply asks nothing.
 */
export function askToSubscribe(topic: SubscribeTopic): void {
  if (process.env.TARO_ENV !== 'weapp') return
  const tmplIds = subscribeIdsFor(topic)
  if (!tmplIds.length || typeof Taro.requestSubscribeMessage !== 'function') return
  Taro.requestSubscribeMessage({ tmplIds, entityIds: tmplIds }).catch(() => undefined)
}

/** Tests only. */
export function resetSubscribeTemplates(): void {
  templates = {}
}
