import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * The access check and the handler start together (cloudfunctions/_lib/runtime.ts): the handler's first reads go
 * out with the caller's binding read instead of after it. Nothing the handler does may take effect before the
 * check has answered: every write through `ctx.db` and every call that leaves the database (storage, WeChat's
 * openapi, other functions) waits for this gate, and fails when the check said no.
 */
export type Gate = Promise<boolean>

const current = new AsyncLocalStorage<Gate>()

/** Runs `fn` with `gate` as the gate of everything it starts. */
export const runGated = <T>(gate: Gate, fn: () => T): T => current.run(gate, fn)

/** Resolves once the running call may take effect; throws when its access check refused it. */
export async function passGate(gate: Gate | undefined = current.getStore()): Promise<void> {
  if (gate && !(await gate)) throw new Error('refused by the access check')
}

const WRITES = /^(add|update|set|remove|runTransaction|startTransaction)$/
const CHAIN = /^(collection|doc|where|orderBy|limit|skip|field)$/
/** `cloud` members that act outside the database. */
const EFFECTS = /^(uploadFile|deleteFile|callFunction|openapi)$/

/**
 * A proxy of `target` whose methods matching `held` wait for the gate before they run, and whose methods matching
 * `chain` return proxies too (`deep`: every method and nested object of a held member is held).
 */
function hold<T extends object>(target: T, gate: (() => Gate | undefined) | Gate, held: RegExp, chain?: RegExp): T {
  return new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown
      const name = typeof prop === 'string' ? prop : ''
      const wait = () => passGate(typeof gate === 'function' ? gate() : gate)
      if (typeof value === 'function') {
        const fn = value as (...args: unknown[]) => unknown
        if (held.test(name)) return (...args: unknown[]) => wait().then(() => fn.apply(t, args))
        if (chain?.test(name))
          return (...args: unknown[]) => {
            const result = fn.apply(t, args)
            return result !== null && typeof result === 'object' ? hold(result, gate, held, chain) : result
          }
        return fn.bind(t)
      }
      return held.test(name) && value !== null && typeof value === 'object' ? hold(value, gate, /./, /./) : value
    },
  })
}

/** The database as a handler sees it while its access check may still run: reads at once, writes after the gate. */
export const gatedDatabase = <T extends object>(db: T, gate: Gate): T => hold(db, gate, WRITES, CHAIN)

/** The SDK object with its side-effecting members behind the running call's gate (see `EFFECTS`). */
export const gatedCloud = <T extends object>(sdk: T): T => hold(sdk, () => current.getStore(), EFFECTS)
