/**
 * 四议两公开: matters through six steps (common/rules/deliberation.ts), voting windows with a frozen roster,
 * online and in-person votes (one document per (window, person): `_id` is unique, so one person has one vote
 * across both channels and two concurrent casts cannot both land), tally by aggregation, publication to the
 * village's public board after de-identification (common/rules/deidentify.ts), township and county views.
 *
 * Collections, documents and shared reads/writes: ./store.ts; outputs: ./views.ts; notification text:
 * ./notices.ts; rules: common/rules/deliberation.ts, deliberation-conduct.ts and deliberation-counts.ts.
 */
import { deliberationContract } from '../../common/contracts/deliberation'
import { createMain } from '../_lib/runtime'
import { ballotHandlers } from './handlers/ballots'
import { matterHandlers } from './handlers/matters'
import { overviewHandlers } from './handlers/overview'
import { publicationHandlers } from './handlers/publication'
import { votingHandlers } from './handlers/voting'

export type { MatterDoc, PublicationDoc, VoteDoc, WindowDoc } from './store'

export const main = createMain(deliberationContract, {
  ...matterHandlers,
  ...votingHandlers,
  ...ballotHandlers,
  ...publicationHandlers,
  ...overviewHandlers,
})
