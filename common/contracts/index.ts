import { accountContract } from './account'
import { deliberationContract } from './deliberation'
import { councilContract } from './council'
import { dutyContract } from './duty'
import { gridContract } from './grid'
import { importsContract } from './imports'
import { meetingsContract } from './meetings'
import { orgContract } from './org'
import { requestsContract } from './requests'
import { rosterContract } from './roster'
import { starsContract } from './stars'
import { systemContract } from './system'

/** Every cloud function's contract, by function name. Add a function here and in cloudfunctions/<name>/. */
export const contracts = {
  system: systemContract,
  account: accountContract,
  org: orgContract,
  roster: rosterContract,
  council: councilContract,
  duty: dutyContract,
  grid: gridContract,
  requests: requestsContract,
  meetings: meetingsContract,
  deliberation: deliberationContract,
  stars: starsContract,
  imports: importsContract,
} as const

export type Contracts = typeof contracts
export type FunctionName = keyof Contracts
export type ActionName<F extends FunctionName> = keyof Contracts[F]['actions'] & string
