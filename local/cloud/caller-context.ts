/**
 * Per-request scope across the HTTP hop to the local cloud. Code that runs a cloud function calls
 * `runInScope({ caller, metrics }, () => main(event))`; every SDK request made inside (however deep in awaits) is
 * then attributed to that scope: the local cloud counts its work into `scope.metrics`, and a
 * `cloud.callFunction` made from it reaches the function invoker with that caller's identity — never another
 * concurrent request's, since nothing here is process-global.
 *
 * How: an AsyncLocalStorage holds the scope; a diagnostics_channel hook sees each outgoing HTTP request in the
 * caller's async context and records "client port → scope"; the in-process server looks its peer port up.
 * This works only when the SDK and the local cloud share a process (as in `npm start` and the tests); requests
 * from another process are counted globally and invoke functions with an anonymous caller.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import diagnostics from 'node:diagnostics_channel'
import type { ClientRequest } from 'node:http'
import type { Socket } from 'node:net'
import { sequentialDepth, type Metrics, type Trip } from './metrics'

export interface Caller {
  openid: string
  appid?: string
  unionid?: string
  source?: string
}

export interface RequestScope {
  caller?: Caller
  metrics?: Metrics
  /** Every request the scope sent to the local cloud (filled by the client hook), for `metrics.depth`. */
  trips?: Trip[]
  /** When set, the server notes each request's action and collection here as it arrives (BENCH_TRACE). */
  trace?: string[]
}

const storage = new AsyncLocalStorage<RequestScope>()
const byClientPort = new Map<number, RequestScope>()
const localPorts = new Set<number>()
let hooked = false

export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  installClientHook()
  return storage.run(scope, fn)
}

/**
 * `runInScope` for one invocation whose cost is measured: when it settles, `scope.metrics.depth` is the sequential
 * depth of its requests (local/cloud/metrics.ts `sequentialDepth`).
 */
export async function runMeasured<T>(scope: RequestScope & { metrics: Metrics }, fn: () => T): Promise<Awaited<T>> {
  const trips: Trip[] = (scope.trips = [])
  try {
    return await runInScope(scope, fn)
  } finally {
    scope.metrics.depth = sequentialDepth(trips)
  }
}

export function currentScope(): RequestScope | undefined {
  return storage.getStore()
}

/** The in-process server registers the port it listens on, so only requests to it are tracked. */
export function registerServerPort(port: number): () => void {
  localPorts.add(port)
  installClientHook()
  return () => localPorts.delete(port)
}

/** The scope of the client whose socket has this local port (server side: the peer's remotePort). */
export function takeScopeForPeer(remotePort: number | undefined): RequestScope | undefined {
  if (remotePort === undefined) return undefined
  const scope = byClientPort.get(remotePort)
  byClientPort.delete(remotePort)
  return scope
}

export function installClientHook(): void {
  if (hooked) return
  hooked = true
  diagnostics.subscribe('http.client.request.start', (message) => {
    const request = (message as { request: ClientRequest }).request
    const socket = request.socket as Socket | null
    if (!socket) return
    const port = Number(request.getHeader('host')?.toString().split(':').pop())
    if (!localPorts.has(port)) return
    const scope = storage.getStore()
    if (scope?.trips) {
      const trip: Trip = { start: performance.now(), end: Infinity }
      scope.trips.push(trip)
      const answered = () => {
        if (trip.end === Infinity) trip.end = performance.now()
      }
      request.once('response', answered)
      request.once('close', answered)
    }
    const record = (): void => {
      if (socket.localPort === undefined) return
      if (scope) byClientPort.set(socket.localPort, scope)
      else byClientPort.delete(socket.localPort)
    }
    if (socket.localPort !== undefined) record()
    else socket.once('connect', record)
  })
}
