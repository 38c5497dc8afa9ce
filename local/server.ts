import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fail } from '../common/errors'
import { applyCloudEnv, startLocalCloud, type LocalCloud } from './cloud'
import { LocalClock, parseDuration, parseInstant } from './clock'
import { FunctionsHost } from './functions-host'
import { serveStatic } from './static-files'
import { readTimerTriggers, startTimers } from './timers'

export interface LocalServerOptions {
  port?: number
  host?: string
  /** undefined: in-memory database (tests). */
  dataDir?: string
  h5Dir?: string
  functionsDir?: string
  /**
   * The demo login (any browser may act as any demo person through the `x-demo-openid` header) is safe only on a
   * loopback address. Binding to another address needs this explicit flag (or XZ_ALLOW_NON_LOOPBACK=1).
   */
  allowNonLoopback?: boolean
  /** Run the functions' timer triggers (config.json) as CloudBase would: `npm start` does, tests do not. */
  timers?: boolean
  /**
   * The functions' clock (default: one that starts at the real time). `npm start` starts it at XZ_NOW when set;
   * `POST /api/local/clock` moves it.
   */
  clock?: LocalClock
}

export interface LocalServer {
  url: string
  cloud: LocalCloud
  functions: string[]
  clock: LocalClock
  /** The timer triggers running, e.g. `stars/refresh (0 *\/5 2-3 * * * *)`; empty unless `timers` was asked for. */
  timers: string[]
  close(): Promise<void>
}

const ROOT = path.resolve(__dirname, '..')
/**
 * What CloudBase accepts as a function call's body (EXCEED_MAX_PAYLOAD_SIZE: 6 MB, docs.cloudbase.net/error-code);
 * anything the cloud would let through reaches the functions here too, so the schemas' own bounds are what is tried.
 */
export const MAX_BODY_BYTES = 6 * 1024 * 1024
/** Past this many discarded bytes of a refused body the connection is cut instead of drained. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024
/** Demo identities only: letters, digits, _ and -, not all digits (the SDK turns numeric context values into numbers). */
const DEMO_OPENID = /^(?!\d+$)[A-Za-z0-9_-]{1,64}$/

/**
 * The one local process of `npm start`: the H5 build at `/`, the cloud functions at
 * `POST /api/functions/<name>` (body: the `data` that `wx.cloud.callFunction` would carry), `GET /healthz`,
 * and the local cloud the functions' own wx-server-sdk talks to.
 */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const bindHost = options.host ?? '127.0.0.1'
  const allowNonLoopback = options.allowNonLoopback ?? process.env.XZ_ALLOW_NON_LOOPBACK === '1'
  if (!isLoopback(bindHost) && !allowNonLoopback) {
    throw new Error(
      `Refusing to listen on ${bindHost}: this local server lets any browser act as any demo person (x-demo-openid, /api/demo/logins). ` +
        'Use HOST=127.0.0.1, or set XZ_ALLOW_NON_LOOPBACK=1 if you really mean to expose it.',
    )
  }
  const h5Dir = path.resolve(options.h5Dir ?? path.join(ROOT, 'dist', 'h5'))
  const cloud = await startLocalCloud({ dataDir: options.dataDir })
  applyCloudEnv(cloud.env)
  const host = new FunctionsHost(path.resolve(options.functionsDir ?? path.join(ROOT, 'dist', 'cloudfunctions')))
  const functions = host.load()
  cloud.setFunctionInvoker(
    async (name, event, caller) =>
      (await host.invoke(name, event, { ...caller, source: caller.source ?? 'wx_server' })).result,
  )
  const started = Date.now()
  const clock = options.clock ?? new LocalClock()
  const uninstallClock = clock.install()
  const triggers = options.timers ? readTimerTriggers(host.dir) : []
  const stopTimers = startTimers(
    triggers,
    async (name, event) => (await host.invoke(name, event, { openid: '', source: 'wx_server' })).result,
    console.log,
    () => clock.now(),
  )

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error('[local server]', error)
      if (!res.headersSent) sendJson(res, 500, fail('INTERNAL'))
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: a page on evil.example whose name later resolves to 127.0.0.1 reaches this server with its
    // own name in Host — and could then act as any demo person. Only loopback names are answered.
    if (!allowNonLoopback && !isLoopback(hostName(req.headers.host)))
      return sendJson(res, 403, fail('FORBIDDEN', '只接受以 localhost、127.0.0.1 或 [::1] 访问本地服务'))
    const url = new URL(req.url ?? '/', 'http://local')
    if (url.pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      return sendJson(res, 200, {
        ok: true,
        status: 'ok',
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
        functions,
      })
    }
    if (url.pathname === '/api/demo/logins' && req.method === 'GET') return sendJson(res, 200, await demoLogins())
    if (url.pathname === '/api/local/clock') return handleClock(req, res)
    const call = /^\/api\/functions\/([A-Za-z0-9_-]+)$/.exec(url.pathname)
    if (call) return handleCall(call[1]!, req, res)
    if (url.pathname.startsWith('/api/')) return sendJson(res, 404, fail('NOT_FOUND', `没有这个接口：${url.pathname}`))
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendJson(res, 405, fail('INVALID_ARGUMENT', '不支持的请求方法'))
    if (await serveStatic(h5Dir, url.pathname, res)) return
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('H5 build not found: run `npm run build:h5` (npm start does it for you).\n')
      return
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('Not found\n')
  }

  /**
   * The functions' clock, for trying time-bound rules by hand or from a script: `GET` reads it; `POST` with
   * `{ "at": "2026-12-31T23:59:58+08:00" }` sets it, with `{ "advance": "10d" }` jumps it forward (d, h, m, s).
   * Only from this machine, whatever address the server listens on.
   */
  async function handleClock(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopback(req.socket.remoteAddress ?? ''))
      return sendJson(res, 403, fail('FORBIDDEN', '只能在本机调整本地时钟'))
    const answer = () => ({ ok: true, data: { now: clock.now().toISOString(), shifted: clock.shifted } })
    if (req.method === 'GET') return sendJson(res, 200, answer())
    if (req.method !== 'POST') return sendJson(res, 405, fail('INVALID_ARGUMENT', '请使用 GET 或 POST'))
    const body = await readBody(req)
    if (body === undefined) return tooLarge(req, res)
    let input: { at?: unknown; advance?: unknown }
    try {
      input = (body ? JSON.parse(body) : {}) as typeof input
    } catch {
      return sendJson(res, 400, fail('INVALID_ARGUMENT', '请求内容不是有效的 JSON'))
    }
    try {
      if (typeof input.at === 'string' && input.advance === undefined) clock.set(parseInstant(input.at))
      else if (typeof input.advance === 'string' && input.at === undefined) clock.advance(parseDuration(input.advance))
      else throw new Error('give either "at" (an instant with its offset) or "advance" (e.g. "10d", "2h30m")')
    } catch (error) {
      return sendJson(res, 400, fail('INVALID_ARGUMENT', `时钟未改动：${(error as Error).message}`))
    }
    console.log(`[clock] now ${clock.now().toISOString()}`)
    return sendJson(res, 200, answer())
  }

  async function handleCall(name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, fail('INVALID_ARGUMENT', '请使用 POST 调用云函数'))
    if (!host.has(name)) return sendJson(res, 404, fail('NOT_FOUND', `云函数不存在：${name}`))
    const body = await readBody(req)
    if (body === undefined) return tooLarge(req, res)
    let event: unknown
    try {
      event = body.length ? JSON.parse(body) : {}
    } catch {
      return sendJson(res, 400, fail('INVALID_ARGUMENT', '请求内容不是有效的 JSON'))
    }
    // Timer events come from this server's own scheduler (startTimers above calls the host directly), never over
    // HTTP: a timer event runs its action with no caller and no access check.
    if (typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer')
      return sendJson(res, 403, fail('FORBIDDEN', '定时任务只能由服务器自己的定时器触发'))
    const header = req.headers['x-demo-openid']
    const openid = typeof header === 'string' && DEMO_OPENID.test(header) ? header : ''
    const { result, metrics } = await host.invoke(name, event, { openid, source: 'wx_client' })
    // What the call cost the database, for the benchmark and for anyone watching the network panel.
    res.setHeader('x-db-round-trips', metrics.roundTrips)
    res.setHeader('x-db-docs-examined', metrics.examined)
    res.setHeader('x-db-docs-returned', metrics.returned)
    res.setHeader('x-db-depth', metrics.depth)
    res.setHeader('x-db-writes', metrics.writes)
    sendJson(res, 200, result)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 8787, bindHost, () => resolve())
  })
  const address = server.address() as AddressInfo
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address

  return {
    url: `http://${hostname}:${address.port}`,
    cloud,
    functions,
    clock,
    timers: triggers.map((t) => `${t.functionName}/${t.name} (${t.config})`),
    async close() {
      stopTimers()
      uninstallClock()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await cloud.close()
    },
  }
}

/** Loopback only: 127.0.0.0/8, ::1, localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h)
}

/**
 * The demo people of `npm run db:reset` (local-only collection `demo_logins`), for the H5 demo login page. Read with
 * the same wx-server-sdk the functions use; an empty list (with a hint) when no demo data was loaded.
 */
async function demoLogins(): Promise<unknown> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('wx-server-sdk') as typeof import('wx-server-sdk')
    sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV as unknown as string })
    const result = (await sdk.database().collection('demo_logins').orderBy('order', 'asc').limit(200).get()) as {
      data: Record<string, unknown>[]
    }
    const logins = result.data.map(({ _id, name, role, roleLabel, unitName, townshipName, note }) => ({
      openid: _id,
      name,
      role,
      roleLabel,
      unitName,
      townshipName,
      note,
    }))
    return { ok: true, data: { logins } }
  } catch {
    return { ok: true, data: { logins: [], hint: '还没有演示数据：请先运行 npm run db:reset' } }
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  })
  res.end(text)
}

/** The host name of a Host header, without its port ("[::1]:8787" → "[::1]"); '' when absent. */
export function hostName(host: string | undefined): string {
  if (!host) return ''
  const bracket = /^(\[[^\]]*\])(?::\d+)?$/.exec(host)
  if (bracket) return bracket[1]!
  return host.replace(/:\d+$/, '')
}

/** The body as text; undefined once it passes MAX_BODY_BYTES (the rest is then left for `tooLarge` to drain). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return Promise.resolve(undefined)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData)
        chunks.length = 0
        resolve(undefined)
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * 413 with a message the client can show, instead of a reset: the answer is sent at once and the rest of the body
 * is read and dropped (no memory kept), so the client sees the reply rather than a broken pipe; a body that goes on
 * past MAX_DRAIN_BYTES is cut off.
 */
function tooLarge(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('connection', 'close')
  sendJson(
    res,
    413,
    fail('INVALID_ARGUMENT', `提交的内容过大（超过 ${MAX_BODY_BYTES / 1024 / 1024} MB），请减少内容后重试`),
  )
  let drained = 0
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length
    if (drained > MAX_DRAIN_BYTES) req.destroy()
  })
  req.resume()
}

export type { Server }
