/**
 * The HTTP endpoint the SDK posts to. It never answers a malformed or oversized request with anything but an
 * error, and an error never leaves a partial change behind (each action validates before it applies).
 */
import http from 'node:http'
import { randomBytes } from 'node:crypto'
import { takeScopeForPeer, type RequestScope } from './caller-context'
import { CloudError, invalidParam } from './errors'
import { LOCAL_ENV_ID, LOCAL_SECRET_ID } from './env'
import { addMetrics, WRITE_ACTIONS, type Metrics } from './metrics'

export const MAX_BODY_BYTES = 32 * 1024 * 1024

/** Request ids: unique per process run without drawing random bytes per request (16 hex digits, as before). */
const REQUEST_ID_PREFIX = randomBytes(4).toString('hex')
let requestCounter = 0
const nextRequestId = (): string =>
  REQUEST_ID_PREFIX + (requestCounter = (requestCounter + 1) % 0x100000000).toString(16).padStart(8, '0')

export type ActionHandler = (
  params: Record<string, unknown>,
  work: { examined: number; returned: number },
  scope: RequestScope | undefined,
) => unknown

export interface Dispatcher {
  handlers: Record<string, ActionHandler>
  metrics: Metrics
}

export function createCloudServer(dispatcher: Dispatcher): http.Server {
  return http.createServer((req, res) => {
    const scope = takeScopeForPeer(req.socket.remotePort)
    const requestId = nextRequestId()
    const reply = (body: Record<string, unknown>): void => {
      const text = JSON.stringify({ requestId, ...body })
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      })
      res.end(text)
    }
    const fail = (error: unknown): void => {
      if (error instanceof CloudError) return reply({ code: error.code, message: error.message })
      console.error('[local-cloud] internal error', error)
      reply({ code: 'SYS_ERR', message: `[InternalError] ${(error as Error)?.message ?? String(error)}` })
    }
    if (req.method === 'GET' && (req.url === '/' || req.url?.startsWith('/health'))) {
      return reply({ ok: true, env: LOCAL_ENV_ID })
    }
    if (req.method !== 'POST') return fail(invalidParam(`method ${req.method} is not supported; the SDK posts JSON`))
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
      else if (size > MAX_BODY_BYTES * 8) req.destroy()
    })
    req.on('error', () => {})
    req.on('end', () => {
      if (size > MAX_BODY_BYTES)
        return fail(invalidParam(`request body of ${size} bytes exceeds the local limit of ${MAX_BODY_BYTES} bytes`))
      let params: Record<string, unknown>
      try {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object')
        params = parsed as Record<string, unknown>
      } catch (error) {
        return fail(invalidParam(`request body is not valid JSON: ${(error as Error).message}`))
      }
      handle(dispatcher, params, req.headers, scope).then(reply, fail)
    })
  })
}

async function handle(
  dispatcher: Dispatcher,
  params: Record<string, unknown>,
  headers: http.IncomingHttpHeaders,
  scope: RequestScope | undefined,
): Promise<Record<string, unknown>> {
  const action = params.action
  if (typeof action !== 'string' || action === '') throw invalidParam('action is required')
  const auth = String(headers.authorization ?? '')
  if (!auth.includes(`Credential=${LOCAL_SECRET_ID}/`)) {
    throw new CloudError(
      'INVALID_COMMON_PARAM',
      '[AuthFailure] request not signed with the local cloud credentials (TENCENTCLOUD_SECRETID); use the env printed by npm run cloud',
    )
  }
  const envName = params.envName
  if (envName !== undefined && envName !== '' && envName !== LOCAL_ENV_ID) {
    throw new CloudError(
      'INVALIID_ENV',
      `[ResourceNotFound] env ${String(envName)} does not exist here; the local cloud serves env ${LOCAL_ENV_ID} (use cloud.DYNAMIC_CURRENT_ENV)`,
    )
  }
  const handler = dispatcher.handlers[action]
  if (!handler)
    throw new CloudError(
      'INVALID_PARAM',
      `[UnsupportedAction] action ${action} is not supported by the local CloudBase emulator`,
    )
  scope?.trace?.push(
    `${(performance.now() % 100_000).toFixed(1)} ${action.replace('database.', '')} ${String(params.collectionName ?? '')}`,
  )
  const work = {
    roundTrips: action.startsWith('database.') ? 1 : 0,
    writes: WRITE_ACTIONS.has(action) ? 1 : 0,
    examined: 0,
    returned: 0,
  }
  try {
    return (await handler(params, work, scope)) as Record<string, unknown>
  } finally {
    addMetrics(dispatcher.metrics, work)
    if (scope?.metrics) addMetrics(scope.metrics, work)
  }
}
