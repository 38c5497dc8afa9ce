/** grid: 党员联户 (linking Party members to households) and visits. Handlers by area in handlers/; documents in store.ts. */
import { gridContract } from '../../common/contracts/grid'
import { createMain } from '../_lib/runtime'
import { findings } from './handlers/findings'
import { linkage } from './handlers/linkage'
import { visits } from './handlers/visits'

export const main = createMain(gridContract, { ...linkage, ...visits, ...findings })
