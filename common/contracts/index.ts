import { accountContract } from './account'
import { orgContract } from './org'
import { rosterContract } from './roster'
import { systemContract } from './system'

/** Every cloud function's contract, by function name. Add a function here and in cloudfunctions/<name>/. */
export const contracts = {
  system: systemContract,
  account: accountContract,
  org: orgContract,
  roster: rosterContract,
} as const

export type Contracts = typeof contracts
export type FunctionName = keyof Contracts
export type ActionName<F extends FunctionName> = keyof Contracts[F]['actions'] & string
