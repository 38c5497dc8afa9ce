import type { Scenario } from '../harness/bench'
import { council } from './council'
import { deliberation } from './deliberation'
import { duty } from './duty'
import { grid } from './grid'
import { meetings } from './meetings'
import { org } from './org'
import { stars } from './stars'

/** In the order they run (and appear in the table). */
export const SCENARIOS: Scenario[] = [org, duty, meetings, deliberation, grid, council, stars]

/**
 * The large raw collections (people, households, records of every module's year). At 10× a run keeps only those its
 * modules read (Scenario.keep); everything else — the organisation, every module's aggregates — is always kept.
 */
export const LARGE_COLLECTIONS = new Set([
  'people',
  'households',
  'linkages',
  'visits',
  'requests',
  'meetings',
  'meeting_attendance',
  'meeting_leaves',
  'duty_shifts',
  'duty_checkins',
  'duty_logs',
])
