/**
 * 五星支部: the county's yearly template (star_templates), evidence taken from what the other modules already record
 * (./sources: one adapter per module, reading its per-village aggregate), tasks the app cannot know reported once
 * by the village (star_reports), self-assessment and township review (star_assessments), negative-list events
 * (star_vetoes), the county's confirmed level (star_levels), supply/demand lists (star_supplies, star_needs).
 *
 * Dashboards never read raw records: `refresh` (a CloudBase timer; the county can run it too) reads the sources one
 * township at a time and writes one `star_boards` document per township per month holding every village's row
 * (figures, tasks met, level, comparison rank, behind flag), plus one `star_summaries` document per month for the
 * county: ~15 writes whatever the number of villages. The county dashboard reads the month's boards (one document
 * per township) in one query: 4 round trips, documents examined = returned. The village board computes its own
 * village live from the sources, so a changed source record shows at once there and in the dashboards after the
 * next refresh.
 */
import { starsContract } from '../../common/contracts/stars'
import { createMain } from '../_lib/runtime'
import { assessment } from './handlers/assessment'
import { dashboards } from './handlers/dashboards'
import { exports } from './handlers/export'
import { supply } from './handlers/supply'
import { templates } from './handlers/templates'
import { village } from './handlers/village'

export { refreshMonth } from './refresh'

export const main = createMain(
  starsContract,
  { ...templates, ...village, ...assessment, ...dashboards, ...exports, ...supply },
  { timerAction: 'refresh' },
)
