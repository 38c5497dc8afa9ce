import { createHash } from 'node:crypto'
import type { z } from 'zod'
import { REQUEST_ID_PATTERN, type ActionContract, type FunctionContract } from '../../common/contract'
import { AppError, fail, ok, type Envelope } from '../../common/errors'
import { grantingMemberships, needsVillageTownship, type AccessTarget } from '../../common/rules/access'
import { parseInput } from '../../common/schema'
import { AUDIT_COLLECTION, appendAudit, MAX_SUBJECTS, mustAudit, type AuditEntry, type AuditSubject } from './audit'
import { cloud, db, getDocs, type Database } from './cloud'
import { now } from './clock'
import { Answered, answeredBefore, commitOnce, onceKey, runOnce, type Claim, type OnceKey } from './idempotency'
import { TRANSACTIONAL_ACTIONS } from './exactly-once'
import { newId as freshId } from './records'
import { Opened, type Tx } from './transaction'
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
   * Runs the call's writes in one transaction together with its idempotency record (docs/exactly-once.md): all or
   * nothing, once. What `work` returns is the call's answer — a resend after a crash is answered with it — so a
   * handler ends with `return ctx.commit(...)`, once per call. Inside, only `tx.collection(c).doc(id)` reads/writes
   * and `add`; an action that uses it is listed in `_lib/exactly-once.ts`. Writes inside are sent together at the
   * end, with the idempotency record and the audit entry (docs/performance.md, "depth").
   */
  commit<T>(work: (tx: Tx) => Promise<T>, options?: CommitGuard): Promise<T>
  /**
   * Documents (collection, id) the call's `commit` will read: read inside its transaction as soon as that has
   * started (named before the handler's first reads, they go out with them), instead of one after another.
   */
  willRead(...docs: (readonly [string, string])[]): void
  /**
   * A write outside the transaction (e.g. a rate-limit slot given back) that need not precede it: sent together
   * with the call's `commit`, or at the end of the call when it does not commit; the call answers after it.
   */
  alongside(write: () => Promise<unknown>): void
  /**
   * The action's last write, sent together with its audit entry (one round trip instead of two): touch every
   * subject first. The runtime then writes no other entry; without this, the entry follows the handler's return.
   */
  lastWrite<T>(write: () => Promise<T>): Promise<T>
  /**
   * An id for a record this call creates. With a request id it is derived from (caller, action, request id, n), so
   * a resend after a crash between the write and the idempotency marker's `done` writes the same `_id` and collides
   * instead of adding a second record (`addOnce` in `_lib/writes.ts`); `n` numbers several records of one call.
   * Without a request id, a fresh random id.
   */
  newId(prefix: string, n?: number): string
}

export interface CommitGuard {
  /**
   * A condition decided outside the transaction while its writes are sent (e.g. a rate-limit slot being taken):
   * the commit waits for it; when it rejects, nothing commits and its error is the answer.
   */
  guard?: Promise<unknown>
}

/** What a handler's early reads may use: not the caller's binding, which is read at the same time. */
export interface EarlyContext {
  db: Database
  identity: Identity
  now: Date
  /** `ctx.willRead`: documents the commit will read, read in its transaction as soon as that has started. */
  willRead(...docs: (readonly [string, string])[]): void
}

const EARLY = Symbol('early reads')
const EARLY_TX = Symbol('transaction started with the early reads')
type EarlyReads = (input: never, ctx: EarlyContext) => Promise<unknown>

/**
 * A handler whose first reads need neither the caller's binding nor the access check (the village, the day's
 * shifts, a counter's existence): `reads` is sent together with the binding read — and, for an action that commits
 * in one transaction, with the transaction's start — and the handler receives its promise. Nothing it read is used
 * when the call is refused. Called without the runtime (a test), the reads simply run first.
 */
export function withEarly<I, E, R>(
  reads: (input: I, ctx: EarlyContext) => Promise<E>,
  handler: (input: I, ctx: HandlerContext, early: Promise<E>) => Promise<R>,
  /**
   * `startTransaction: false`: the transaction is not started with the reads (a call often refused before it
   * writes — a rate limit — would spend a start and a rollback); `ctx.willRead()` starts it when the handler knows.
   */
  options: { startTransaction?: boolean } = {},
): (input: I, ctx: HandlerContext) => Promise<R> {
  const run = (input: I, ctx: HandlerContext) => {
    const sent = (ctx as { [EARLY]?: Promise<unknown> })[EARLY] as Promise<E> | undefined
    return handler(input, ctx, sent ?? reads(input, ctx))
  }
  return Object.assign(run, { [EARLY]: reads, [EARLY_TX]: options.startTransaction !== false })
}

const earlyReadsOf = (handler: unknown): EarlyReads | undefined => (handler as { [EARLY]?: EarlyReads })[EARLY]

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

/** The call's audit entry, or null when nothing needs writing down (a personal read of one's own records). */
async function auditEntry(
  name: string,
  kind: NonNullable<ActionContract['audit']>,
  ctx: HandlerContext,
  target: AccessTarget,
  subjects: AuditSubject[],
): Promise<AuditEntry | null> {
  const principal = await ctx.principal()
  const own = ownPersonIds(principal)
  if (!mustAudit(kind, subjects, own)) return null
  const acting = ctx.granted.length ? ctx.granted : principal.memberships
  return {
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
  }
}

async function audit(
  name: string,
  kind: NonNullable<ActionContract['audit']>,
  ctx: HandlerContext,
  target: AccessTarget,
  subjects: AuditSubject[],
) {
  try {
    const entry = await auditEntry(name, kind, ctx, target, subjects)
    if (entry) await appendAudit(ctx.db, entry)
  } catch (error) {
    // The call itself succeeded (a write is already done); an answer of failure would invite a duplicate retry.
    console.error(`[${name}] audit entry could not be written`, error)
  }
}

/** The same id for the same (caller, action, request id, n): the id a resend of the call writes again. */
export function derivedId(prefix: string, openid: string, action: string, requestId: string, n: number): string {
  const hash = createHash('sha256').update(`${openid}\n${action}\n${requestId}\n${n}`).digest('base64url')
  return `${prefix}-${hash.replace(/[^A-Za-z0-9]/g, 'x').slice(0, 16)}`
}

function readEvent(event: unknown): { action: string; data: unknown; requestId?: unknown } | null {
  if (typeof event !== 'object' || event === null) return null
  const { action, data, requestId } = event as { action?: unknown; data?: unknown; requestId?: unknown }
  if (typeof action !== 'string') return null
  return { action, data: data === undefined ? {} : data, requestId }
}

/** Runs the handler, trims its result to the declared output, audits; every outcome becomes an envelope. */
async function run(
  handler: Handler<ActionContract>,
  action: ActionContract,
  name: string,
  input: unknown,
  ctx: HandlerContext,
  target: AccessTarget,
  subjects: AuditSubject[],
  auditedAlready: () => boolean = () => false,
): Promise<Envelope<unknown>> {
  try {
    const result = await handler(input, ctx)
    const output = action.output.safeParse(result)
    if (!output.success) {
      console.error(`[${name}] result does not match its contract`, output.error.issues)
      return fail('INTERNAL')
    }
    if (action.audit && !auditedAlready()) await audit(name, action.audit, ctx, target, subjects)
    return ok(output.data)
  } catch (error) {
    if (error instanceof Answered) return error.answer
    return failure(name, error)
  }
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
        commit: (work, options) => commitOnce(db, undefined, work, ok, { guard: options?.guard }),
        willRead: () => undefined,
        alongside: (write) => void write(),
        lastWrite: (write) => write(),
        newId: (prefix) => freshId(prefix),
      }
      const name = `${contract.name}.${options.timerAction}`
      return run(
        handlers[options.timerAction] as Handler<ActionContract>,
        { ...action, audit: undefined },
        name,
        {},
        ctx,
        {},
        [],
      )
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
    // Sizes first, then the schema: a huge array is refused before any element is parsed (common/schema.ts).
    const parsed = parseInput(action.input, call.data)
    if (!parsed.success) return fail('INVALID_ARGUMENT', parsed.failure.message, { fields: parsed.failure.fields })

    let cached: Promise<Principal> | undefined
    let claim: Claim | undefined
    const subjects: AuditSubject[] = []
    const answerOf = (result: unknown) => {
      const output = action.output.safeParse(result)
      return output.success ? ok(output.data) : fail('INTERNAL')
    }
    const target = targetOf(parsed.data)
    let audited = false
    const keyed = typeof call.requestId === 'string' && action.audit === 'write' && identity.openid !== ''
    // An action that commits in one transaction (exactly-once.ts) takes no claim: with a request id, its earlier
    // answer is looked up together with the binding read, and the marker is added with the effect (idempotency.ts
    // `OnceKey`). Its transaction starts when the handler names what it will read (ctx.willRead) or commits.
    const transactional = TRANSACTIONAL_ACTIONS.has(fullName)
    let opened: Opened | undefined
    const reads: (readonly [string, string])[] = []
    const besides: (() => Promise<unknown>)[] = []
    const besideRuns: Promise<unknown>[] = []
    const sendBesides = () => {
      for (const write of besides.splice(0))
        besideRuns.push(write().catch((error: unknown) => console.error(`[${fullName}] write failed`, error)))
    }
    const ctx: HandlerContext = {
      identity,
      db,
      now: now(),
      principal: () => (cached ??= loadPrincipal(db, identity)),
      granted: [],
      touch: (...touched) => void subjects.push(...touched),
      willRead: (...docs) => {
        reads.push(...docs)
        ;(opened ??= new Opened(db)).read(docs)
      },
      alongside: (write) => void besides.push(write),
      commit: (work, options) => {
        const early = opened
        opened = undefined
        sendBesides()
        const once = key ?? claim
        let entry: Promise<AuditEntry | null> | undefined
        return commitOnce(db, once, work, answerOf, {
          opened: early,
          prefetch: reads,
          guard: options?.guard,
          // The audit entry commits with the effect, sent with its other writes (an `_id` of its own: one per
          // request when it has a marker). Written again when the transaction is retried.
          alongside: async () => {
            if (!action.audit || (audited && !entry)) return null
            audited = true
            const written = await (entry ??= auditEntry(fullName, action.audit, ctx, target, subjects))
            if (!written) return null
            const _id = once ? `au-${once.markerId}` : freshId('au')
            return { collection: AUDIT_COLLECTION, data: { _id, ...(written as unknown as Record<string, unknown>) } }
          },
        })
      },
      async lastWrite(write) {
        if (!action.audit || audited) return write()
        audited = true
        const [result] = await Promise.all([write(), audit(fullName, action.audit, ctx, target, subjects)])
        return result
      },
      newId: (prefix, n = 0) =>
        typeof call.requestId === 'string' && identity.openid
          ? derivedId(prefix, identity.openid, fullName, call.requestId, n)
          : freshId(prefix),
    }
    const key: OnceKey | undefined =
      transactional && keyed
        ? onceKey(
            { openid: identity.openid, action: fullName, requestId: call.requestId as string, input: parsed.data },
            ctx.now,
          )
        : undefined
    // Sent together with the binding read below.
    const before = key ? answeredBefore(db, key) : undefined
    before?.catch(() => undefined)
    const earlyReads = earlyReadsOf(handlers[actionName])
    if (earlyReads) {
      const sent = earlyReads(parsed.data as never, { db, identity, now: ctx.now, willRead: ctx.willRead })
      sent.catch(() => undefined) // awaited by the handler, or dropped with a refusal
      Object.assign(ctx, { [EARLY]: sent })
      // A transaction that only writes need not wait for the handler to start it.
      if (transactional && (handlers[actionName] as { [EARLY_TX]?: boolean })[EARLY_TX]) opened ??= new Opened(db)
    }
    try {
      if (action.scope !== 'public') {
        const principal = await ctx.principal()
        if (!principal.bound) return fail('UNAUTHENTICATED')
        let granted = grantingMemberships(action.roles, action.scope, principal.memberships, target)
        if (
          granted.length === 0 &&
          target.villageId &&
          needsVillageTownship(action.roles, action.scope, principal.memberships)
        ) {
          target.villageTownshipId = await townshipOfVillage(db, target.villageId)
          granted = grantingMemberships(action.roles, action.scope, principal.memberships, target)
        }
        if (granted.length === 0) return fail('FORBIDDEN')
        ctx.granted = granted
      }
      const execute = (held?: Claim) => {
        claim = held
        return run(
          handlers[actionName] as Handler<ActionContract>,
          action,
          fullName,
          parsed.data,
          ctx,
          target,
          subjects,
          () => audited,
        )
      }
      if (key) {
        // A resend of a request that committed is answered from its marker, the handler not run.
        const prior = await before
        if (prior) return prior
        const envelope = await execute()
        if (envelope.ok) return envelope
        // Refused, e.g. "already checked in", because a twin of this request committed meanwhile: its answer.
        const twin = await answeredBefore(db, key).catch(() => null)
        return twin?.ok ? twin : envelope
      }
      // A write resent with the same request id (the answer was lost on a weak network) is done once.
      if (keyed) {
        return await runOnce(
          db,
          { openid: identity.openid, action: fullName, requestId: call.requestId as string, input: parsed.data },
          ctx.now,
          execute,
        )
      }
      return await execute()
    } catch (error) {
      return failure(fullName, error)
    } finally {
      sendBesides()
      // Started with the binding read but not used (refused, or nothing to write): given back.
      await Promise.all([...besideRuns, opened?.abandon()])
    }
  }
}
