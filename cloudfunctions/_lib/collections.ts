/**
 * Every CloudBase collection, declared once: its name, the type of its documents and its indexes. Functions, the
 * stars sources, seeds, the benchmark and tests name a collection through `C` (never by a string literal:
 * test/unit/collections.test.ts fails on one) and type what they read with `DocOf<…>`.
 *
 * cloudbase/indexes.json (what the CloudBase console and the local cloud create) must say the same: the same test
 * compares the two. An index may only name fields of its document type (or `_id`), so renaming a field without its
 * index does not compile.
 *
 * Only types are imported here, so seeds and tests can import this file without loading any cloud code.
 */
import type { AuditEntry } from './audit'
import type { FileDoc } from './files'
import type { IdempotencyMarker } from './idempotency'
import type { NoticeDoc, OutboxDoc } from './notify'
import type { BindingDoc } from './principal'
import type { RateLimitDoc } from './rate-limit'
import type { CountyDoc, GridDoc, HouseholdDoc, InvitationDoc, PersonDoc, TownshipDoc, VillageDoc } from './records'
import type { RequestDoc, RequestStatsDoc } from './requests'
import type { SecretDoc } from './rotating-code'
import type { RedeemAttemptDoc } from '../account/index'
import type { CouncilDoc, CouncilStatsDoc, FilingDoc, StandardDoc } from '../council/store'
import type { CheckInDoc, DutyCodeAttemptDoc, DutyMonthDoc, LogDoc, ScreenDoc, ShiftDoc, SwapDoc } from '../duty/store'
import type { LinkageDoc, VisitDoc } from '../grid/store'
import type { StageDoc } from '../imports/store'
import type { CountsDoc } from '../../common/rules/deliberation-counts'
import type { MatterDoc, PublicationDoc, VoteDoc, WindowDoc } from '../deliberation/store'
import type { AttendanceDoc, LeaveDoc, MaterialDoc, MeetingDoc, PeriodDoc, StudyRecordDoc } from '../meetings/store'
import type { RunDoc } from '../stars/refresh'
import type {
  AssessmentDoc,
  BoardDoc,
  BoardFiguresDoc,
  LevelDoc,
  NeedDoc,
  ReportDoc,
  SummaryDoc,
  SupplyDoc,
  TemplateDoc,
  VetoDoc,
} from '../stars/store'

/** A field of the document, or a path inside one (`memberships.roles`: an index on an array's elements). */
type FieldOf<T> = Extract<keyof T, string> | '_id' | `${Extract<keyof T, string>}.${string}`

export interface IndexSpec<T> {
  /** Fields in index order: 1 ascending, -1 descending. */
  fields: Partial<Record<FieldOf<T>, 1 | -1>>
  unique?: true
}

export interface CollectionSpec<T> {
  readonly indexes: readonly IndexSpec<T>[]
  /** Carries the document type only; never set. */
  readonly doc?: T
}

const declare = <T>(indexes: IndexSpec<T>[]): CollectionSpec<T> => ({ indexes })

export const COLLECTIONS = {
  rate_limits: declare<RateLimitDoc>([]),
  idempotency: declare<IdempotencyMarker>([]),
  // The organisers of a township or the county, for notices (requests/notices.ts `organisersOf`).
  bindings: declare<BindingDoc>([{ fields: { 'memberships.roles': 1 } }]),
  counties: declare<CountyDoc>([]),
  townships: declare<TownshipDoc>([{ fields: { countyId: 1, order: 1 } }]),
  villages: declare<VillageDoc>([
    { fields: { countyId: 1, order: 1 } },
    { fields: { countyId: 1, _id: 1 } },
    { fields: { townshipId: 1, order: 1 } },
  ]),
  grids: declare<GridDoc>([{ fields: { villageId: 1, name: 1 } }, { fields: { villageId: 1, leaderPersonId: 1 } }]),
  households: declare<HouseholdDoc>([
    { fields: { villageId: 1, number: 1 } },
    { fields: { villageId: 1, gridId: 1, number: 1 } },
  ]),
  people: declare<PersonDoc>([
    { fields: { villageId: 1, name: 1 } },
    { fields: { villageId: 1, gridId: 1, name: 1 } },
    { fields: { villageId: 1, householdId: 1 } },
    { fields: { villageId: 1, roles: 1 } },
    // A village's whole roll by keyset (`_id > last`), e.g. the villagers who may vote (deliberation rosterFor).
    { fields: { villageId: 1, _id: 1 } },
    // Roster import: a person matched by the salted hash of their ID number (imports.preview/commit).
    { fields: { idHash: 1 } },
  ]),
  invitations: declare<InvitationDoc>([
    { fields: { villageId: 1, createdAt: -1 } },
    { fields: { villageId: 1, personId: 1, status: 1 } },
  ]),
  redeem_attempts: declare<RedeemAttemptDoc>([]),
  // Roster import: a previewed file's rows, parsed once and kept in chunks for the commit calls (imports).
  import_stages: declare<StageDoc>([{ fields: { stageId: 1 } }]),
  linkages: declare<LinkageDoc>([
    { fields: { villageId: 1, active: 1, gridId: 1 } },
    { fields: { villageId: 1, memberPersonId: 1, active: 1 } },
    { fields: { villageId: 1, householdId: 1, from: -1 } },
    { fields: { villageId: 1, householdId: 1, active: 1 } },
  ]),
  visits: declare<VisitDoc>([
    { fields: { villageId: 1, householdId: 1, date: -1 } },
    { fields: { villageId: 1, memberPersonId: 1, date: -1 } },
  ]),
  requests: declare<RequestDoc>([
    { fields: { villageId: 1, raisedAt: -1 } },
    { fields: { villageId: 1, open: 1, resolveBy: 1 } },
    { fields: { villageId: 1, residentPersonId: 1, raisedAt: -1 } },
    { fields: { villageId: 1, householdId: 1, raisedAt: -1 } },
    { fields: { villageId: 1, source: 1, sourceId: 1 } },
    { fields: { townshipId: 1, level: 1, open: 1, resolveBy: 1 } },
    { fields: { townshipId: 1, open: 1, resolveBy: 1 } },
    // the deadline sweep: unverified requests past their verify deadline
    { fields: { status: 1, verifyBy: 1 } },
    { fields: { level: 1, open: 1, resolveBy: 1 } },
    { fields: { open: 1, resolveBy: 1 } },
  ]),
  request_stats: declare<RequestStatsDoc>([
    { fields: { townshipId: 1, month: 1 } },
    { fields: { month: 1, _id: 1 } },
    { fields: { villageId: 1, month: -1 } },
  ]),
  files: declare<FileDoc>([{ fields: { villageId: 1, createdAt: -1 } }]),
  audit: declare<AuditEntry>([{ fields: { villageId: 1, at: -1 } }]),
  council_councils: declare<CouncilDoc>([]),
  council_standards: declare<StandardDoc>([{ fields: { villageId: 1, version: -1 } }]),
  council_filings: declare<FilingDoc>([
    { fields: { villageId: 1, filedAt: -1 } },
    { fields: { villageId: 1, status: 1, filedAt: -1 } },
    { fields: { villageId: 1, gridId: 1, filedAt: -1 } },
    { fields: { villageId: 1, householdId: 1, filedAt: -1 } },
  ]),
  council_stats: declare<CouncilStatsDoc>([
    { fields: { villageId: 1, year: 1, month: 1 } },
    { fields: { townshipId: 1, year: 1, month: 1 } },
    { fields: { year: 1, month: 1 } },
  ]),
  secrets: declare<SecretDoc>([]),
  duty_screens: declare<ScreenDoc>([{ fields: { villageId: 1, createdAt: -1 } }]),
  duty_code_attempts: declare<DutyCodeAttemptDoc>([]),
  duty_shifts: declare<ShiftDoc>([
    { fields: { villageId: 1, date: 1 } },
    { fields: { villageId: 1, personId: 1, date: 1 } },
  ]),
  duty_swaps: declare<SwapDoc>([{ fields: { villageId: 1, status: 1, createdAt: -1 } }]),
  duty_checkins: declare<CheckInDoc>([
    { fields: { villageId: 1, date: 1 } },
    { fields: { villageId: 1, personId: 1, date: 1 } },
    { fields: { villageId: 1, exception: 1, date: -1 } },
  ]),
  duty_logs: declare<LogDoc>([
    { fields: { villageId: 1, date: -1 } },
    { fields: { villageId: 1, ownerPersonId: 1, status: 1 } },
  ]),
  duty_months: declare<DutyMonthDoc>([{ fields: { townshipId: 1, month: 1 } }, { fields: { villageId: 1, month: 1 } }]),
  meetings: declare<MeetingDoc>([{ fields: { villageId: 1, startsAt: -1 } }]),
  meeting_attendance: declare<AttendanceDoc>([
    { fields: { meetingId: 1 } },
    { fields: { villageId: 1, personId: 1, at: -1 } },
  ]),
  meeting_leaves: declare<LeaveDoc>([{ fields: { meetingId: 1 } }, { fields: { villageId: 1, personId: 1 } }]),
  meeting_periods: declare<PeriodDoc>([{ fields: { townshipId: 1, year: 1 } }]),
  study_records: declare<StudyRecordDoc>([{ fields: { villageId: 1, personId: 1, year: 1 } }]),
  study_materials: declare<MaterialDoc>([{ fields: { villageId: 1, publishedAt: -1 } }]),
  deliberation_matters: declare<MatterDoc>([
    { fields: { villageId: 1, createdAt: -1 } },
    { fields: { townshipId: 1, stepSince: 1 } },
    { fields: { townshipId: 1, status: 1, stepSince: 1 } },
  ]),
  deliberation_windows: declare<WindowDoc>([
    { fields: { matterId: 1, openedAt: 1 } },
    { fields: { villageId: 1, closed: 1 } },
  ]),
  deliberation_votes: declare<VoteDoc>([
    { fields: { windowId: 1, at: 1 } },
    // A window's votes by keyset (`_id > last`): who has voted, without skip.
    { fields: { windowId: 1, _id: 1 } },
    { fields: { matterId: 1, at: 1 } },
  ]),
  deliberation_counts: declare<CountsDoc>([{ fields: { townshipId: 1 } }]),
  deliberation_publications: declare<PublicationDoc>([
    { fields: { villageId: 1, publishedAt: -1 } },
    { fields: { matterId: 1, publishedAt: 1 } },
  ]),
  notices: declare<NoticeDoc>([
    { fields: { status: 1, dueAt: 1 } },
    { fields: { subject: 1, status: 1 } },
    // 我的消息 (_lib/inbox.ts): one person's notices, newest first.
    { fields: { openid: 1, dueAt: -1 } },
  ]),
  outbox: declare<OutboxDoc>([{ fields: { villageId: 1, personId: 1, at: -1 } }]),
  star_templates: declare<TemplateDoc>([]),
  star_reports: declare<ReportDoc>([{ fields: { villageId: 1, year: 1 } }, { fields: { townshipId: 1, year: 1 } }]),
  star_assessments: declare<AssessmentDoc>([
    { fields: { villageId: 1, year: 1, submittedAt: -1 } },
    { fields: { townshipId: 1, period: 1 } },
    { fields: { townshipId: 1, status: 1, submittedAt: 1 } },
  ]),
  star_vetoes: declare<VetoDoc>([{ fields: { villageId: 1, year: 1, at: -1 } }, { fields: { year: 1 } }]),
  star_levels: declare<LevelDoc>([{ fields: { year: 1 } }]),
  star_boards: declare<BoardDoc>([{ fields: { month: 1 } }, { fields: { townshipId: 1, year: 1 } }]),
  star_board_figures: declare<BoardFiguresDoc>([{ fields: { month: 1 } }]),
  star_summaries: declare<SummaryDoc>([{ fields: { year: 1, month: 1 } }]),
  star_refresh_runs: declare<RunDoc>([]),
  star_supplies: declare<SupplyDoc>([{ fields: { createdAt: -1 } }]),
  star_needs: declare<NeedDoc>([
    { fields: { villageId: 1, createdAt: -1 } },
    { fields: { townshipId: 1, matched: 1, createdAt: -1 } },
  ]),
}

export type CollectionName = keyof typeof COLLECTIONS

/** The type of a collection's documents: `DocOf<typeof C.duty_months>`. */
export type DocOf<N extends CollectionName> = NonNullable<(typeof COLLECTIONS)[N]['doc']>

/** Collection names: `db.collection(C.duty_months)`. */
export const C = Object.fromEntries(Object.keys(COLLECTIONS).map((name) => [name, name])) as {
  readonly [N in CollectionName]: N
}
