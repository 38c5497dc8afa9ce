/**
 * 红白理事会: the council of a village, its versioned standards, filings checked against the standard in force on
 * the event date, review, actual figures and estimated savings, and the ledger/summaries.
 *
 * Actions by area in handlers/; collections, documents and shared reads/writes in store.ts; views.ts; notices.ts.
 */
import { councilContract } from '../../common/contracts/council'
import { createMain } from '../_lib/runtime'
import { council } from './handlers/council'
import { filings } from './handlers/filings'
import { review } from './handlers/review'
import { summaries } from './handlers/summaries'

export const main = createMain(councilContract, { ...council, ...filings, ...review, ...summaries })
