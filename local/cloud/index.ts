/**
 * Local CloudBase: an in-process HTTP endpoint that the real, unmodified wx-server-sdk talks to when the
 * environment from `cloud.env` is in process.env. See docs/local-cloud.md.
 */
import type { AddressInfo } from 'node:net'
import { installClientHook, registerServerPort, type RequestScope } from './caller-context'
import { DatabaseActions } from './database-actions'
import { cloudEnv } from './env'
import { invokeFunction, type FunctionInvoker } from './functions'
import { createCloudServer, type ActionHandler } from './http-server'
import { DEFAULT_INDEXES_FILE, loadIndexConfig } from './index-config'
import { newMetrics, type Metrics } from './metrics'
import { Engine } from './store/engine'
import { Persistence, type RecoveryReport } from './store/persistence'
import { TransactionRegistry } from './transactions'
import { deployLocal } from '../../scripts/deploy/local'
import type { Plan } from '../../scripts/deploy/plan'

export { runInScope, runMeasured, type Caller, type RequestScope } from './caller-context'
export { formatEnvLines, LOCAL_ENV_ID } from './env'
export type { Metrics } from './metrics'

export interface LocalCloudOptions {
  /** undefined = in-memory, for tests. */
  dataDir?: string
  /** 0 = free port. */
  port?: number
  /** default 127.0.0.1 */
  host?: string
  /** Declared collections and indexes; default cloudbase/indexes.json of this repository. */
  indexesFile?: string
  /** Journal bytes after which a snapshot is written (default 64 MB). */
  compactAfterBytes?: number
}

export interface LocalCloud {
  url: string
  env: Record<string, string>
  setFunctionInvoker(invoke: FunctionInvoker): void
  metrics(): Metrics
  close(): Promise<void>
  /** Recovery figures of a durable cloud (null in memory). */
  readonly recovery: RecoveryReport | null
  /** Resolves when every acknowledged write is on disk and, if `snapshot`, a fresh snapshot is written. */
  flush(options?: { snapshot?: boolean }): Promise<void>
  /** Direct access for tooling (seed, export/import, tests); not what functions use. */
  readonly engine: Engine
  /** The deployment plan applied at start: the declared collections and indexes this data did not have yet. */
  readonly deployment: Plan
}

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  // Declared collections and indexes come into being as in a deployment: by the deployment planner's plan.
  const engine = new Engine(new Map())
  const declared = [...loadIndexConfig(options.indexesFile ?? DEFAULT_INDEXES_FILE).values()]
  const deployment = deployLocal(engine, { collections: declared, rules: {}, functions: [], environment: [] })
  const persistence =
    options.dataDir !== undefined
      ? Persistence.open(options.dataDir, engine, { compactAfterBytes: options.compactAfterBytes })
      : null
  const transactions = new TransactionRegistry(engine)
  const database = new DatabaseActions(engine, transactions)
  const metrics = newMetrics()
  let invoker: FunctionInvoker | null = null
  const handlers: Record<string, ActionHandler> = {
    ...database.handlers,
    'functions.invokeFunction': (params, _work, scope: RequestScope | undefined) =>
      invokeFunction(invoker, params, scope),
  }
  const server = createCloudServer({ handlers, metrics })
  server.keepAliveTimeout = 30_000
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
    })
  } catch (error) {
    await persistence?.close()
    throw error
  }
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${host}:${address.port}`
  const unregister = registerServerPort(address.port)
  let closed = false
  return {
    url,
    env: cloudEnv(url),
    engine,
    deployment,
    recovery: persistence?.report ?? null,
    setFunctionInvoker(invoke) {
      invoker = invoke
    },
    metrics: () => ({ ...metrics }),
    async flush(flushOptions = {}) {
      if (!persistence) return
      await persistence.flushed()
      if (flushOptions.snapshot) await persistence.compact()
    },
    async close() {
      if (closed) return
      closed = true
      unregister()
      transactions.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await persistence?.close()
    },
  }
}

/** Puts the local cloud's env into process.env (do it before wx-server-sdk's first request) and hooks request scopes. */
export function applyCloudEnv(env: Record<string, string>): void {
  Object.assign(process.env, env)
  installClientHook()
}
