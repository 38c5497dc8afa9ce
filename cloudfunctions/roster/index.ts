/** roster: 花名册 — people, households, grids, invitation codes, the audit log. Handlers by area in handlers/. */
import { rosterContract } from '../../common/contracts/roster'
import { createMain } from '../_lib/runtime'
import { households } from './handlers/households'
import { invitations } from './handlers/invitations'
import { people } from './handlers/people'

export const main = createMain(rosterContract, { ...people, ...households, ...invitations })
