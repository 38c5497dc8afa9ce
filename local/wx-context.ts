/**
 * Local stand-in for what CloudBase does per invocation: expose the caller's WeChat identity to the function
 * through the env vars `cloud.getWXContext()` reads (WX_CONTEXT_KEYS, WX_OPENID, …).
 *
 * Those vars are process-global, so they are set only for the synchronous start of `main` — which is where the
 * project's runtime reads them (cloudfunctions/_lib/runtime.ts) — and cleared before anything else can run.
 * Two concurrent requests therefore never see each other's OPENID.
 */
export interface CallerIdentity {
  openid: string
  appid?: string
  unionid?: string
  /** TCB_SOURCE as the cloud sets it: `wx_client` for a mini-program call, `wx_server` for function→function. */
  source?: string
}

export const LOCAL_APPID = 'wx-local-xiangzhi'

type Main = (event: unknown, context: unknown) => unknown

export function invokeAs(main: Main, event: unknown, identity: CallerIdentity): Promise<unknown> {
  const vars: Record<string, string> = {
    WX_OPENID: identity.openid,
    WX_APPID: identity.appid ?? LOCAL_APPID,
    WX_UNIONID: identity.unionid ?? '',
  }
  const previous = { ...snapshot(Object.keys(vars)), ...snapshot(['WX_CONTEXT_KEYS', 'TCB_SOURCE']) }
  Object.assign(process.env, vars, {
    WX_CONTEXT_KEYS: Object.keys(vars).join(','),
    TCB_SOURCE: identity.source ?? 'wx_client',
  })
  try {
    const context = { request_id: `local-${Date.now().toString(36)}`, environ: '', function_name: '' }
    return Promise.resolve(main(event, context))
  } catch (error) {
    return Promise.reject(error)
  } finally {
    restore(previous)
  }
}

function snapshot(keys: string[]): Record<string, string | undefined> {
  return Object.fromEntries(keys.map((k) => [k, process.env[k]]))
}

function restore(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
}
