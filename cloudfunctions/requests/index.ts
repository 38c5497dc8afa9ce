/** requests: 群众诉求 — raised, handled level by level, rated, counted by month. Handlers by area in handlers/. */
import { requestsContract } from '../../common/contracts/requests'
import { createMain } from '../_lib/runtime'
import { handling } from './handlers/handling'
import { queues } from './handlers/queues'
import { raising } from './handlers/raising'
import { stats } from './handlers/stats'
import { sweep } from './handlers/sweep'

export const main = createMain(
  requestsContract,
  { ...raising, ...handling, ...queues, ...stats, ...sweep },
  { timerAction: 'deadlineSweep' },
)
