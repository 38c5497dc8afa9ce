import { useDidShow } from '@tarojs/taro'
import { useEffect, useSyncExternalStore } from 'react'
import type { ErrorBody } from '@common/errors'
import { callFunction, onTransportChange, type CallOutput } from '@/api/client'

/**
 * Who I am, asked once and shared by every page: `whoami` (bound or not, memberships with roles) and, once bound,
 * `myProfile` (names of the units, the household). Pages read it through `useSession()`; it is asked again when a
 * page shows (coming back from another page or from the background) and after binding (`refreshSession()`), and
 * forgotten when the caller changes (`resetSession()`: demo login, tests switching the backend).
 */
export type Whoami = CallOutput<'system', 'whoami'>
export type Membership = Whoami['memberships'][number]
export type Profile = CallOutput<'account', 'myProfile'>
export type ProfileMembership = Profile['memberships'][number]

interface SessionState {
  whoami?: Whoami
  profile?: Profile
  error?: ErrorBody
  /** True while the first answer has not come yet (a refresh keeps the last answer in view). */
  loading: boolean
}

let state: SessionState = { loading: true }
let inFlight: Promise<void> | undefined
/** Bumped by resetSession: an answer for a previous caller is dropped. */
let generation = 0
let lastAsked = 0
const listeners = new Set<() => void>()

function publish(next: SessionState): void {
  state = next
  for (const l of [...listeners]) l()
}

/** Asks whoami (and myProfile when bound) again; concurrent callers share one round trip. */
export function refreshSession(): Promise<void> {
  if (inFlight) return inFlight
  const mine = generation
  lastAsked = Date.now()
  inFlight = (async () => {
    const who = await callFunction('system', 'whoami', {})
    if (mine !== generation) return
    if (!who.ok) {
      publish({ ...state, loading: false, error: who.error })
      return
    }
    let profile: Profile | undefined
    if (who.data.bound) {
      const answer = await callFunction('account', 'myProfile', {})
      if (mine !== generation) return
      profile = answer.ok ? answer.data : state.profile
    }
    publish({ whoami: who.data, profile, loading: false })
  })().finally(() => {
    if (mine === generation) inFlight = undefined
  })
  return inFlight
}

/** Forgets who the caller was (another person logs in, or a test swaps the backend). */
export function resetSession(): void {
  generation++
  inFlight = undefined
  lastAsked = 0
  publish({ loading: true })
}

onTransportChange(resetSession)

/** A page showing again asks at most this often (switching tabs back and forth does not flood the server). */
const SHOW_REFRESH_MS = 5000

export interface Session extends SessionState {
  bound: boolean
  memberships: readonly Membership[]
  reload: () => void
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

const snapshot = (): SessionState => state

export function useSession(): Session {
  // An external store read this way cannot miss an answer published between the page's render and its effects.
  const current = useSyncExternalStore(subscribe, snapshot)
  useEffect(() => {
    if (!state.whoami && !inFlight) void refreshSession()
  }, [])
  useDidShow(() => {
    if (Date.now() - lastAsked > SHOW_REFRESH_MS) void refreshSession()
  })
  return {
    ...current,
    bound: Boolean(current.whoami?.bound),
    memberships: current.whoami?.memberships ?? [],
    reload: () => void refreshSession(),
  }
}
