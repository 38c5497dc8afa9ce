/**
 * Two ways to make a benchmark call. Both count the same thing — the local cloud's per-invocation counters
 * (local/cloud/metrics.ts, attributed through runInScope by local/functions-host.ts):
 * - `httpInvoke`: through the local server (POST /api/functions/<fn>, identity in x-demo-openid), reading the
 *   x-db-round-trips / x-db-docs-examined / x-db-docs-returned headers — what `npm run bench` uses;
 * - `inProcessInvoke`: the functions' source `main`s in this process (no build needed) — the budget test.
 */
import { request } from 'node:http'
import { runInScope, runMeasured, type LocalCloud } from '../../local/cloud'
import { newMetrics } from '../../local/cloud/metrics'
import { invokeAs } from '../../local/wx-context'
import type { Call, Invoke, Sample } from './bench'

interface Envelope {
  ok: boolean
  data?: unknown
  error?: { code: string; message: string }
}

const errorOf = (body: Envelope) => `${body.error?.code} ${body.error?.message}`

/**
 * A new connection per call (no keep-alive): a reused socket the server has just closed as idle fails the request
 * ("fetch failed") under load, which would measure the client, not the server. A failed transport is recorded as
 * a failed call, not thrown.
 */
export function httpInvoke(baseUrl: string): Invoke {
  const url = new URL(baseUrl)
  return (call: Call): Promise<Sample> => {
    const body = JSON.stringify({
      action: call.action,
      data: call.data,
      ...(call.requestId ? { requestId: call.requestId } : {}),
    })
    const t = process.hrtime.bigint()
    const elapsed = () => Number(process.hrtime.bigint() - t) / 1e6
    return new Promise<Sample>((resolve) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: `/api/functions/${call.fn}`,
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-demo-openid': call.openid,
          },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            const header = (name: string) => Number(res.headers[name] ?? NaN)
            let parsed: Envelope
            try {
              parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Envelope
            } catch {
              parsed = { ok: false, error: { code: `HTTP_${res.statusCode}`, message: 'not JSON' } }
            }
            resolve({
              ms: elapsed(),
              rt: header('x-db-round-trips'),
              examined: header('x-db-docs-examined'),
              returned: header('x-db-docs-returned'),
              depth: header('x-db-depth'),
              writes: header('x-db-writes'),
              ok: parsed.ok,
              ...(parsed.ok ? { data: parsed.data } : { error: errorOf(parsed) }),
            })
          })
          res.on('error', (error) =>
            resolve({
              ms: elapsed(),
              rt: NaN,
              examined: NaN,
              returned: NaN,
              depth: NaN,
              writes: NaN,
              ok: false,
              error: `transport: ${error.message}`,
            }),
          )
        },
      )
      req.on('error', (error) =>
        resolve({
          ms: elapsed(),
          rt: NaN,
          examined: NaN,
          returned: NaN,
          depth: NaN,
          writes: NaN,
          ok: false,
          error: `transport: ${error.message}`,
        }),
      )
      req.end(body)
    })
  }
}

type Main = (event: unknown, context: unknown) => unknown

/** Needs the local cloud's env applied (applyCloudEnv) before the first call: the functions init the SDK on load. */
export function inProcessInvoke(cloud: LocalCloud, load: (fn: string) => Main): Invoke {
  const mains = new Map<string, Main>()
  const mainOf = (fn: string) => {
    let main = mains.get(fn)
    if (!main) mains.set(fn, (main = load(fn)))
    return main
  }
  cloud.setFunctionInvoker(async (name, event, caller) => {
    const source = caller.source ?? 'wx_server'
    return runInScope({ caller: { ...caller, source }, metrics: newMetrics() }, () =>
      invokeAs(mainOf(name), event, { ...caller, source }),
    )
  })
  return async (call: Call): Promise<Sample> => {
    const metrics = newMetrics()
    const caller = { openid: call.openid, source: 'wx_client' }
    const event = { action: call.action, data: call.data, ...(call.requestId ? { requestId: call.requestId } : {}) }
    const t = process.hrtime.bigint()
    // BENCH_TRACE=duty.checkIn: every request of each such call, in the order the server got them (with the time).
    const trace = process.env.BENCH_TRACE === `${call.fn}.${call.action}` ? [] : undefined
    const body = (await runMeasured({ caller, metrics, trace }, () =>
      invokeAs(mainOf(call.fn), event, caller),
    )) as Envelope
    if (trace) console.log(`${call.fn}.${call.action} depth ${metrics.depth}:\n  ${trace.join('\n  ')}`)
    return {
      ms: Number(process.hrtime.bigint() - t) / 1e6,
      rt: metrics.roundTrips,
      examined: metrics.examined,
      returned: metrics.returned,
      depth: metrics.depth,
      writes: metrics.writes,
      ok: body.ok,
      ...(body.ok ? { data: body.data } : { error: errorOf(body) }),
    }
  }
}
