import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * The access check and the handler start together (cloudfunctions/_lib/runtime.ts): the handler's first reads go
 * out with the caller's binding read instead of after it. Nothing the handler does may take effect before the
 * check has answered: every write through `ctx.db` and every call that leaves the database (storage, WeChat's
 * openapi, other functions) waits for this gate, and fails when the check said no.
 */
export type Gate = Promise<boolean>

const current = new AsyncLocalStorage<Gate>()

export const ACCESS_DENIED = 'the call was refused by the access check; its speculative work is dropped'

/** Runs `fn` with `gate` as the gate of everything it starts. */
export function runGated<T>(gate: Gate, fn: () => T): T {
  return current.run(gate, fn)
}

/** Resolves once the running call may take effect; throws when its access check refused it. */
export async function passGate(gate: Gate | undefined = current.getStore()): Promise<void> {
  if (gate && !(await gate)) throw new Error(ACCESS_DENIED)
}

const DB_WRITES = new Set(['add', 'update', 'set', 'remove', 'runTransaction', 'startTransaction'])
const DB_CHAIN = new Set(['collection', 'doc', 'where', 'orderBy', 'limit', 'skip', 'field'])

/**
 * The database as a handler sees it while its access check may still be running: reads go out at once, writes
 * (and transactions) wait for `gate`.
 */
export function gatedDatabase<T extends object>(target: T, gate: Gate): T {
  return new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown
      if (typeof value !== 'function' || typeof prop !== 'string') return value
      const fn = value as (...args: unknown[]) => unknown
      if (DB_WRITES.has(prop))
        return async (...args: unknown[]) => {
          await passGate(gate)
          return fn.apply(t, args)
        }
      if (DB_CHAIN.has(prop))
        return (...args: unknown[]) => {
          const result = fn.apply(t, args)
          return result !== null && typeof result === 'object' ? gatedDatabase(result, gate) : result
        }
      return fn.bind(t)
    },
  })
}

/** `cloud` members that act outside the database: each call waits for the running call's gate. */
const CLOUD_EFFECTS = new Set(['uploadFile', 'deleteFile', 'callFunction', 'openapi'])

function gatedDeep<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown
      if (typeof value === 'function')
        return async (...args: unknown[]) => {
          await passGate()
          return (value as (...a: unknown[]) => unknown).apply(t, args)
        }
      return value !== null && typeof value === 'object' ? gatedDeep(value) : value
    },
  })
}

/** The SDK object with its side-effecting members behind the running call's gate (see `CLOUD_EFFECTS`). */
export function gatedCloud<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown
      if (typeof prop !== 'string' || !CLOUD_EFFECTS.has(prop)) return value
      if (typeof value === 'function')
        return async (...args: unknown[]) => {
          await passGate()
          return (value as (...a: unknown[]) => unknown).apply(t, args)
        }
      return value !== null && typeof value === 'object' ? gatedDeep(value) : value
    },
  })
}
