/** council's collections, their documents, and the reads and writes its handlers share. */
import type {
  CheckResult,
  Compliance,
  Counters,
  EventKind,
  FigureKey,
  Figures,
  FilingStatus,
  Savings,
  Standard,
  StandardValues,
  Venue,
} from '../../common/rules/council-standards'
import { C } from '../_lib/collections'

export const COUNCILS = C.council_councils
export const STANDARDS = C.council_standards
export const FILINGS = C.council_filings
export const STATS = C.council_stats

export interface CouncilPerson {
  personId: string
  name: string
}
export interface CouncilDoc {
  _id: string
  villageId: string
  townshipId: string
  chair: CouncilPerson | null
  members: (CouncilPerson & { gridIds: string[]; groups: string })[]
  liaison: CouncilPerson | null
  termStart: string
  termEnd: string
  standardsCount: number
  updatedAt: Date
}
export interface StandardDoc extends StandardValues {
  _id: string
  villageId: string
  townshipId: string
  version: number
  effectiveFrom: string
  createdAt: Date
  createdBy: string
}
export interface FilingDoc {
  _id: string
  villageId: string
  townshipId: string
  kind: EventKind
  householdId: string
  householdLabel: string
  gridId: string | null
  eventDate: string
  month: string
  year: number
  venue: Venue
  planned: Figures
  reasons: Partial<Record<FigureKey, string>>
  description: string
  check: CheckResult
  compliance: Compliance
  standard: Standard
  status: FilingStatus
  filedAt: Date
  filedBy: { personId: string | null; name: string; openid: string }
  filedLate: boolean
  funeral: {
    deathDate: string
    deathTime?: string
    deathAt: Date
    filedOnTime: boolean
    deadlineHours: number
    townshipRequired: boolean
    townshipReportedAt?: Date | null
    townshipOnTime: boolean
  } | null
  review?: {
    decision: 'approve' | 'advise' | 'disagree'
    advice: string
    byName: string
    byPersonId: string | null
    at: Date
  } | null
  actual?: Figures | null
  actualReasons?: Partial<Record<FigureKey, string>>
  actualCheck?: CheckResult | null
  confirmedBy?: string
  savings?: Savings | null
  updatedAt: Date
}
export type CouncilStatsDoc = Counters & {
  _id: string
  villageId: string
  townshipId: string
  year: number
  month: string
  updatedAt: Date
}
