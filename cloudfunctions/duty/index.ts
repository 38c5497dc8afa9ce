/**
 * duty: 值班坐班 at the village Party–mass service centre.
 * Actions by area in handlers/; collections, documents and shared reads/writes in store.ts; views in views.ts.
 */
import { dutyContract } from '../../common/contracts/duty'
import { createMain } from '../_lib/runtime'
import { logs } from './handlers/logs'
import { presence } from './handlers/presence'
import { screens } from './handlers/screens'
import { shifts } from './handlers/shifts'
import { summaries } from './handlers/summaries'

export const main = createMain(dutyContract, { ...screens, ...presence, ...shifts, ...logs, ...summaries })
