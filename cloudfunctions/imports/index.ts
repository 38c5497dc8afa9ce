/**
 * Rosters from Excel (党员花名册, 户籍/农户, 村民代表, 网格与联户): templates, a preview of every row's problems,
 * and a commit in batches that resumes where it stopped. Its own function because the Excel reader
 * (read-excel-file, ~50 KB minified) would push the roster function past the 200 KB bundle budget.
 */
import { importsContract } from '../../common/contracts/imports'
import { createMain } from '../_lib/runtime'
import { rosters } from './handlers/rosters'
import { stages } from './handlers/stages'

export const main = createMain(importsContract, { ...rosters, ...stages }, { timerAction: 'sweepStages' })
