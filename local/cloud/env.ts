/**
 * Environment through which an unmodified wx-server-sdk talks to the local cloud (read by @cloudbase/node-sdk
 * at every request, so they must be in process.env before the first database call):
 * - TCB_CONTEXT_CNFG = {"URL": endpoint}: the SDK's "server inject URL", used instead of tcb-api.tencentcloudapi.com;
 * - TENCENTCLOUD=true: skips the probe of the cloud metadata host (~64 ms per call, 15 s hang at exit);
 * - TENCENTCLOUD_SECRETID / _SECRETKEY: the SDK refuses to sign without them (the local cloud checks the id);
 * - TCB_ENV (+ SCF_NAMESPACE, TCB_CONTEXT_KEYS): the env id `cloud.DYNAMIC_CURRENT_ENV` resolves to.
 */
export const LOCAL_ENV_ID = 'local-xiangzhi'
export const LOCAL_SECRET_ID = 'AKIDlocalcloud'
export const LOCAL_SECRET_KEY = 'local-cloud-not-a-secret'

export function cloudEnv(url: string): Record<string, string> {
  return {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${url}/admin` }),
    TENCENTCLOUD: 'true',
    TENCENTCLOUD_SECRETID: LOCAL_SECRET_ID,
    TENCENTCLOUD_SECRETKEY: LOCAL_SECRET_KEY,
    TCB_ENV: LOCAL_ENV_ID,
    SCF_NAMESPACE: LOCAL_ENV_ID,
    TCB_CONTEXT_KEYS: 'TCB_ENV',
  }
}

/** `KEY=VALUE` lines a POSIX shell can `export` (values single-quoted). */
export function formatEnvLines(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([k, v]) => `${k}='${v.replace(/'/g, `'\\''`)}'`)
    .join('\n')
}
