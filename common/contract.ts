import type { z } from 'zod'
import type { ErrorCode } from './errors'
import type { Access } from './roles'

/**
 * The contract of one action, declared once: what it takes, what it answers, who may call it.
 * The cloud function validates against it before any handler code runs; the client is typed from it;
 * docs/api.md is generated from it.
 */
export interface ActionContract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string
  /** Roles allowed to call the action; `public` means any WeChat user. */
  roles: readonly Access[]
  /**
   * Which records the roles reach (see `Scope`). Required: together with `roles` it is the action's line in the
   * access matrix (docs/access.md, test/functions/access-matrix.test.ts).
   */
  scope: Scope
  /**
   * `write`: every successful call appends an audit entry. `personal-read`: a successful call that read personal
   * data of someone other than the caller appends one. Absent: not audited (reads of non-personal data).
   */
  audit?: AuditKind
  input: I
  output: O
  /** Error codes this action answers besides the ones every action may answer. */
  errors?: readonly ErrorCode[]
}

/**
 * What an action's roles reach:
 * - `public`: any WeChat user, bound or not (roles must be exactly [`public`]); no personal data.
 * - `self`: the caller's own records only; any membership holding one of the roles passes.
 * - `village`: the input names `villageId`; a village role passes only in that village, a township organiser
 *   only for villages of its township, a county organiser for every village.
 * - `township`: the input names `townshipId`; a township organiser of that township or a county organiser.
 * - `county`: county-wide; county organisers only.
 */
export type Scope = 'public' | 'self' | 'village' | 'township' | 'county'
export const SCOPES: readonly Scope[] = ['public', 'self', 'village', 'township', 'county']

export type AuditKind = 'write' | 'personal-read'

export interface FunctionContract<A extends Record<string, ActionContract> = Record<string, ActionContract>> {
  name: string
  summary: string
  actions: A
}

/** Error codes any action may answer, whatever it declares. */
export const COMMON_ERRORS: readonly ErrorCode[] = ['INVALID_ARGUMENT', 'INTERNAL']

export function defineAction<I extends z.ZodType, O extends z.ZodType>(
  contract: ActionContract<I, O>,
): ActionContract<I, O> {
  return contract
}

export function defineFunction<A extends Record<string, ActionContract>>(
  name: string,
  summary: string,
  actions: A,
): FunctionContract<A> {
  return { name, summary, actions }
}

/** The event a mini-program sends with `wx.cloud.callFunction({ name, data: { action, data } })`. */
export interface CallEvent<Name extends string = string, Data = unknown> {
  action: Name
  data: Data
  /** Set by the client for writes it may resend: the server does such a write once per (caller, requestId). */
  requestId?: string
}

/** Letters, digits, - and _: 16–64 characters (a client-made random id). */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/

export type ActionsOf<F extends FunctionContract> = F['actions']
export type InputOf<F extends FunctionContract, A extends keyof F['actions']> = z.input<F['actions'][A]['input']>
export type OutputOf<F extends FunctionContract, A extends keyof F['actions']> = z.output<F['actions'][A]['output']>
