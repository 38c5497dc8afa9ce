/**
 * The caller in a village, from the memberships the runtime granted the call through (`ctx.granted`): never from
 * the input. Every function asks this one question here.
 *
 * Error code: when an action needs the caller to be a person of the village's roster (checking in, voting,
 * filing as oneself) and the caller passed the role × scope check without one — a township organiser acting in
 * a village — the answer is FAILED_PRECONDITION, not FORBIDDEN. FORBIDDEN is the runtime's answer to a role or
 * scope the contract does not allow, and the access matrix (test/functions/access-matrix.test.ts) proves the
 * contracts by it; this is a permitted caller lacking what this particular action needs.
 */
import { AppError } from '../../common/errors'
import type { Role } from '../../common/roles'
import type { Membership } from './principal'
import type { HandlerContext } from './runtime'

export interface VillageCaller {
  /** The membership in this village the call goes through; absent for a township or county organiser. */
  membership?: Membership
  /** The caller's roster entry in this village (`people/<id>`); null when they have none there. */
  personId: string | null
  /** The caller's name: their roster name in this village, else the name on any granted membership. */
  name: string
  /** The roles that granted the call: those held in this village, else the organiser's. */
  roles: Role[]
}

export const NOT_ON_ROSTER_MESSAGE = '只有本村花名册中的人员本人可以办理'

export function callerIn(ctx: Pick<HandlerContext, 'granted'>, villageId: string): VillageCaller {
  const here = ctx.granted.filter((m) => m.villageId === villageId)
  const membership = here.find((m) => m.personId) ?? here[0]
  const roles = [...new Set((here.length ? here : ctx.granted).flatMap((m) => m.roles))]
  return {
    membership,
    personId: membership?.personId ?? null,
    name: membership?.name ?? ctx.granted.find((m) => m.name)?.name ?? '',
    roles,
  }
}

/** The caller as a person of this village's roster, or FAILED_PRECONDITION (see above). */
export function rosterCallerIn(
  ctx: Pick<HandlerContext, 'granted'>,
  villageId: string,
  message = NOT_ON_ROSTER_MESSAGE,
): VillageCaller & { personId: string } {
  const caller = callerIn(ctx, villageId)
  if (!caller.personId) throw new AppError('FAILED_PRECONDITION', message)
  return { ...caller, personId: caller.personId }
}

/** Whether the caller holds any of these roles in this village. */
export const holdsIn = (ctx: Pick<HandlerContext, 'granted'>, villageId: string, roles: readonly Role[]): boolean =>
  ctx.granted.some((m) => m.villageId === villageId && m.roles.some((r) => roles.includes(r)))
