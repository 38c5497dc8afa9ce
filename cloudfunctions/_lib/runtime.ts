import type { z } from 'zod'
import { REQUEST_ID_PATTERN, type ActionContract, type FunctionContract } from '../../common/contract'
import { AppError, fail, ok, type Envelope } from '../../common/errors'
import { grantingMemberships, needsVillageTownship, type AccessTarget } from '../../common/rules/access'
import { describeIssues } from '../../common/schema'
import { appendAudit, MAX_SUBJECTS, mustAudit, type AuditSubject } from './audit'
import { cloud, db, getDocs, type Database } from './cloud'
import { now } from './clock'
import { gatedDatabase, passGate, runGated, type Gate } from './gate'
import { runOnce } from './idempotency'
import { loadPrincipal, ownPersonIds, type Identity, type Membership, type Principal } from './principal'

export interface HandlerContext {
  identity: Identity
  db: Database
  /** The request's instant; rules take it as an argument instead of reading the clock. */
  now: Date
  /** The caller's roster binding, loaded at most once per request. */
  principal(): Promise<Principal>
  /**
   * The caller's memberships through which the declared roles × scope allow this call (empty for public
   * actions). Handlers narrow further with it, e.g. a grid leader sees only their grid.
   */
  granted: Membership[]
  /** Records the call touched, for the audit entry of actions declared `audit: 'write' | 'personal-read'`. */
  touch(...subjects: AuditSubject[]): void
  /**
   * The action's last write, sent together with its audit entry (one round trip instead of two): touch every
   * subject first. The runtime then writes no other entry; without this, the entry follows the handler's return.
   */
  lastWrite<T>(write: () => Promise<T>): Promise<T>
}

type Handler<C extends ActionContract> = (
  input: z.output<C['input']>,
  ctx: HandlerContext,
) => Promise<z.input<C['output']>>

export type Handlers<F extends FunctionContract> = { [A in keyof F['actions']]: Handler<F['actions'][A]> }

/** The target an action names in its input: the village or township it acts on. */
function targetOf(data: unknown): AccessTarget {
  const d = (data ?? {}) as { villageId?: unknown; townshipId?: unknown }
  return {
    villageId: typeof d.villageId === 'string' ? d.villageId : undefined,
    townshipId: typeof d.townshipId === 'string' ? d.townshipId : undefined,
  }
}

async function townshipOfVillage(database: Database, villageId: string): Promise<string | undefined> {
  const [village] = await getDocs<{ townshipId?: string }>(
    database.collection('villages').where({ _id: villageId }).field({ townshipId: true }).limit(1),
  )
  return village?.townshipId
}

async function audit(
  name: string,
  kind: NonNullable<ActionContract['audit']>,
  ctx: HandlerContext,
  target: AccessTarget,
  subjects: AuditSubject[],
) {
  try {
    const principal = await ctx.principal()
    const own = ownPersonIds(principal)
    if (!mustAudit(kind, subjects, own)) return
    const acting = ctx.granted.length ? ctx.granted : principal.memberships
    await appendAudit(ctx.db, {
      at: ctx.now,
      action: name,
      kind,
      actor: {
        openid: ctx.identity.openid,
        personIds: own,
        name: acting.find((m) => m.name)?.name ?? '',
        roles: [...new Set(acting.flatMap((m) => m.roles))],
      },
      villageId: target.villageId,
      townshipId: target.townshipId ?? acting.find((m) => m.villageId === target.villageId)?.townshipId,
      subjects: subjects.slice(0, MAX_SUBJECTS).map(({ collection, id }) => ({ collection, id })),
      subjectCount: subjects.length,
    })
  } catch (error) {
    // The call itself succeeded (a write is already done); an answer of failure would invite a duplicate retry.
    console.error(`[${name}] audit entry could not be written`, error)
  }
}

function readEvent(event: unknown): { action: string; data: unknown; requestId?: unknown } | null {
  if (typeof event !== 'object' || event === null) return null
  const { action, data, requestId } = event as { action?: unknown; data?: unknown; requestId?: unknown }
  if (typeof action !== 'string') return null
  return { action, data: data === undefined ? {} : data, requestId }
}

/** Thrown by `ctx.granted` read before the access check answered: the handler runs again after the check. */
class GrantedTooEarly extends Error {
  constructor() {
    super('ctx.granted read before the access check answered')
  }
}

/**
 * One call's outcome before it is answered: its envelope, and the audit entry's write still in flight, so that
 * the runtime's last write (the idempotency marker's answer) goes out together with it.
 */
interface Outcome {
  envelope: Envelope<unknown>
  audited: Promise<void>
}

const done = Promise.resolve()

/** Trims the handler's result to the declared output and starts the audit entry's write (not awaited). */
function conclude(
  result: unknown,
  action: ActionContract,
  name: string,
  ctx: HandlerContext,
  target: AccessTarget,
  subjects: AuditSubject[],
  auditedAlready = false,
): Outcome {
  const output = action.output.safeParse(result)
  if (!output.success) {
    console.error(`[${name}] result does not match its contract`, output.error.issues)
    return { envelope: fail('INTERNAL'), audited: done }
  }
  const audited = action.audit && !auditedAlready ? audit(name, action.audit, ctx, target, subjects) : done
  return { envelope: ok(output.data), audited }
}

function failure(name: string, error: unknown): Envelope<never> {
  if (error instanceof AppError) return fail(error.code, error.message, error.fields ? { fields: error.fields } : {})
  console.error(`[${name}] failed`, error)
  return fail('INTERNAL')
}

/**
 * Builds a cloud function's `main` from its contract and handlers. Every call: identity read once, event shape
 * checked, input validated against the action's schema, roles checked, handler run, result trimmed to the
 * declared output, and the answer wrapped in the `{ ok, data | error }` envelope.
 */
export interface MainOptions<F extends FunctionContract> {
  /**
   * The action a CloudBase timer trigger runs (config.json `triggers`). A timer event carries no action and no
   * user; it runs that action with no caller and no access check — nothing else can reach it without a caller.
   */
  timerAction?: keyof F['actions'] & string
}

/** CloudBase timer triggers call the function with `{ Type: 'Timer', TriggerName, Time, Message }`. */
function isTimerEvent(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer'
}

export function createMain<F extends FunctionContract>(
  contract: F,
  handlers: Handlers<F>,
  options: MainOptions<F> = {},
) {
  return async function main(event: unknown, _context?: unknown): Promise<Envelope<unknown>> {
    // Must stay the first statement: the SDK reads identity from process-global env vars, which the local host
    // sets only for the synchronous start of this call.
    const wx = cloud.getWXContext()
    const identity: Identity = { openid: wx.OPENID ?? '', appid: wx.APPID ?? '', unionid: wx.UNIONID ?? '' }

    if (isTimerEvent(event)) {
      if (!options.timerAction || identity.openid) return fail('INVALID_ARGUMENT', '此云函数没有定时任务')
      const action = contract.actions[options.timerAction]
      const ctx: HandlerContext = {
        identity,
        db,
        now: now(),
        principal: () => loadPrincipal(db, identity),
        granted: [],
        touch: () => undefined,
        lastWrite: (write) => write(),
      }
      const name = `${contract.name}.${options.timerAction}`
      try {
        const result = await (handlers[options.timerAction] as Handler<ActionContract>)({}, ctx)
        return conclude(result, { ...action, audit: undefined }, name, ctx, {}, []).envelope
      } catch (error) {
        return failure(name, error)
      }
    }

    const call = readEvent(event)
    if (!call) return fail('INVALID_ARGUMENT', '请求格式不正确：缺少操作名称')
    if (!Object.prototype.hasOwnProperty.call(contract.actions, call.action)) {
      return fail('INVALID_ARGUMENT', `未知的操作：${call.action.slice(0, 64)}`)
    }
    const actionName = call.action as keyof F['actions'] & string
    const fullName = `${contract.name}.${actionName}`
    const action = contract.actions[actionName]
    if (
      call.requestId !== undefined &&
      (typeof call.requestId !== 'string' || !REQUEST_ID_PATTERN.test(call.requestId))
    ) {
      return fail('INVALID_ARGUMENT', '请求编号格式不正确')
    }
    const parsed = action.input.safeParse(call.data)
    if (!parsed.success) {
      const { message, fields } = describeIssues(parsed.error.issues)
      return fail('INVALID_ARGUMENT', message, { fields })
    }

    let cached: Promise<Principal> | undefined
    const subjects: AuditSubject[] = []
    const target = targetOf(parsed.data)
    // The access check and the handler start together; the handler sees `granted` once the check has answered
    // (reading it earlier makes it run again) and its writes and side effects wait for the check (./gate.ts).
    let granted: Membership[] | undefined
    let allow!: (allowed: boolean) => void
    const checked: Gate = new Promise<boolean>((resolve) => (allow = resolve))
    let claim!: (claimed: boolean) => void
    // A write with a request id also waits for its idempotency marker to be claimed (a resend does nothing).
    const once = typeof call.requestId === 'string' && action.audit === 'write' && identity.openid !== ''
    const claimed: Gate = once ? new Promise<boolean>((resolve) => (claim = resolve)) : Promise.resolve(true)
    const base = {
      identity,
      now: now(),
      principal: () => (cached ??= loadPrincipal(db, identity)),
      touch: (...touched: AuditSubject[]) => void subjects.push(...touched),
    }
    /** One run of the handler: whether it read `granted` too early, whether it wrote the audit entry itself. */
    interface Attempt {
      run: Promise<unknown>
      early: { read: boolean }
      audited: boolean
      ctx: HandlerContext
    }
    const contextFor = (gate: Gate, state: Omit<Attempt, 'run' | 'ctx'>): HandlerContext => {
      const ctx: HandlerContext = {
        ...base,
        db: gatedDatabase(db, gate),
        get granted(): Membership[] {
          if (granted) return granted
          state.early.read = true
          throw new GrantedTooEarly()
        },
        set granted(value: Membership[]) {
          granted = value
        },
        async lastWrite<T>(write: () => Promise<T>): Promise<T> {
          if (!action.audit || state.audited) return write()
          state.audited = true
          const writing = write()
          const [result] = await Promise.all([
            writing,
            passGate(gate).then(() => audit(fullName, action.audit!, ctx, target, subjects)),
          ])
          return result
        },
      }
      return ctx
    }
    const handler = handlers[actionName] as Handler<ActionContract>
    const attempt = (): Attempt => {
      const state = { early: { read: false }, audited: false }
      const gate: Gate = Promise.all([checked, claimed]).then(([a, b]) => a && b && !state.early.read)
      const ctx = contextFor(gate, state)
      const run = runGated(gate, () => new Promise<unknown>((resolve) => resolve(handler(parsed.data, ctx))))
      run.catch(() => undefined) // settled below, or dropped when the check refuses the call
      return Object.assign(state, { run, ctx })
    }

    const access = async (): Promise<Envelope<never> | null> => {
      if (action.scope === 'public') {
        granted = []
        return null
      }
      const principal = await base.principal()
      if (!principal.bound) return fail('UNAUTHENTICATED')
      let grants = grantingMemberships(action.roles, action.scope, principal.memberships, target)
      if (
        grants.length === 0 &&
        target.villageId &&
        needsVillageTownship(action.roles, action.scope, principal.memberships)
      ) {
        target.villageTownshipId = await townshipOfVillage(db, target.villageId)
        grants = grantingMemberships(action.roles, action.scope, principal.memberships, target)
      }
      if (grants.length === 0) return fail('FORBIDDEN')
      granted = grants
      return null
    }
    const refusal = access().catch((error: unknown) => failure(fullName, error))
    void refusal.then((refused) => allow(refused === null))
    const first = attempt()

    const execute = async (): Promise<Outcome> => {
      claim?.(true)
      const refused = await refusal
      if (refused) return { envelope: refused, audited: done }
      let current = first
      try {
        let result: unknown
        try {
          result = await current.run
        } catch (error) {
          if (!current.early.read) throw error
        }
        if (current.early.read) {
          subjects.length = 0
          current = attempt()
          result = await current.run
        }
        return conclude(result, action, fullName, current.ctx, target, subjects, current.audited)
      } catch (error) {
        return { envelope: failure(fullName, error), audited: done }
      }
    }
    try {
      let audited: Promise<void> = done
      // A write resent with the same request id (the answer was lost on a weak network) is done once.
      const envelope = once
        ? await runOnce(
            db,
            { openid: identity.openid, action: fullName, requestId: call.requestId as string, input: parsed.data },
            base.now,
            async () => {
              const outcome = await execute()
              audited = outcome.audited
              return outcome.envelope
            },
          ).finally(() => claim(false))
        : await execute().then((outcome) => {
            audited = outcome.audited
            return outcome.envelope
          })
      await audited
      return envelope
    } catch (error) {
      return failure(fullName, error)
    }
  }
}
