/**
 * Personal data, field by field (need-to-know): for each kind of personal data the app returns, which role sees it
 * in full, masked, or not at all. This table is the rule; the handlers ask it (`visibilityOf`), docs/access.md is
 * generated from it (`npm run docs:api`), and test/functions/personal-data.test.ts calls every action that returns
 * one of these fields as every role and compares what comes back with it. Pure data and functions, no I/O.
 *
 * A cell says the most a role ever sees of the field, on the records its scope and the handler's narrowing let it
 * reach at all (a grid leader: their grids; a Party member: their linked households; a resident: their own
 * household). What a caller sees about themselves is the `self` column, whatever their role.
 */
import type { Role } from '../roles'
import { maskIdNumber, maskName, maskPhone } from './masking'

export type Visibility = 'full' | 'masked' | 'none'

const RANK: Record<Visibility, number> = { none: 0, masked: 1, full: 2 }

export interface PersonalField {
  label: string
  /** What the caller sees of their own value. */
  self: Visibility
  byRole: Record<Role, Visibility>
  /** Why, and the narrowing each role's cell assumes; shown in docs/access.md. */
  note: string
  /** How a value is masked. */
  mask: (value: string) => string
}

type Cells = [Visibility, Visibility, Visibility, Visibility, Visibility, Visibility, Visibility]
/**
 * Cells in the order: resident / household_head / villager_representative (群众); party_member; grid_leader;
 * village_committee_member / branch_committee_member / branch_secretary / first_secretary (the roster keepers);
 * resident_cadre; township_organiser; county_organiser. Each group shares one cell.
 */
function cells(
  ...[people, member, gridLeader, keepers, residentCadre, township, county]: Cells
): Record<Role, Visibility> {
  return {
    resident: people,
    household_head: people,
    villager_representative: people,
    party_member: member,
    grid_leader: gridLeader,
    village_committee_member: keepers,
    branch_committee_member: keepers,
    branch_secretary: keepers,
    first_secretary: keepers,
    resident_cadre: residentCadre,
    township_organiser: township,
    county_organiser: county,
  }
}

const samePhone = (v: string) => maskPhone(v)

export const PERSONAL_FIELDS = {
  personPhone: {
    label: '手机号（花名册）',
    self: 'full',
    byRole: cells('none', 'none', 'full', 'full', 'full', 'full', 'full'),
    note: '网格长只看本网格的人；乡镇、县用于核实身份（如更换微信前打电话确认本人）。列表中一律脱敏，完整号码只在一人的详情和一户的详情（走访联系时打电话用；党员看不到）中，每次查看记入操作记录。',
    mask: samePhone,
  },
  idTail: {
    label: '身份证号（只存后四位）',
    self: 'none',
    byRole: cells('none', 'none', 'none', 'full', 'none', 'none', 'none'),
    note: '库中只存后四位；只有维护花名册的村干部（支部书记、支委委员、村委委员、第一书记）看到，用于核对是否同一人。',
    mask: (v: string) => maskIdNumber(v),
  },
  requestPhone: {
    label: '诉求人联系电话',
    self: 'full',
    byRole: cells('masked', 'masked', 'full', 'full', 'full', 'masked', 'masked'),
    note: '群众看到本户的诉求、党员看到自己联系户或自己代提的诉求，电话均脱敏；网格长只在本网格的诉求中看到完整号码；乡镇、县在诉求转到本级办理时看到完整号码，其余脱敏。',
    mask: samePhone,
  },
  requestName: {
    label: '诉求人姓名',
    self: 'full',
    byRole: cells('full', 'full', 'full', 'full', 'full', 'masked', 'masked'),
    note: '村里能看到这件诉求的人看到姓名；乡镇、县的列表和详情中脱敏（转到本级办理时完整）。',
    mask: (v: string) => maskName(v),
  },
  householdAddress: {
    label: '户号（门牌）与户主',
    self: 'full',
    byRole: cells('none', 'full', 'full', 'full', 'full', 'full', 'full'),
    note: '群众只看到本户；党员只看到自己联系的户；网格长只看到本网格的户。',
    mask: (v: string) => v,
  },
  householdSituation: {
    label: '家庭情况（人口数、情况标签如独居/留守/低保、走访记录中的家里情况与需求）',
    self: 'full',
    byRole: cells('none', 'full', 'full', 'full', 'full', 'full', 'full'),
    note: '党员只看到自己联系的户的走访记录；网格长只看到本网格；乡镇、县只读，每次查看记入操作记录。',
    mask: (v: string) => v,
  },
  dutyVisitorName: {
    label: '值班日志中来访群众姓名',
    self: 'full',
    byRole: cells('none', 'none', 'none', 'masked', 'masked', 'none', 'none'),
    note: '值班日志列表中一律脱敏；需要办理的事项转为诉求后按诉求的规则。',
    mask: (v: string) => maskName(v),
  },
  voterName: {
    label: '表决名单中的姓名',
    self: 'full',
    byRole: cells('none', 'none', 'none', 'full', 'none', 'full', 'full'),
    note: '组织表决的村干部核对名单用；群众、党员只看到本人是否已表决。',
    mask: (v: string) => maskName(v),
  },
} as const satisfies Record<string, PersonalField>

export type PersonalFieldKey = keyof typeof PERSONAL_FIELDS

/** The most any of the caller's roles may see of a field (the roles that reach the record). */
export function visibilityOf(field: PersonalFieldKey, roles: readonly Role[]): Visibility {
  let best: Visibility = 'none'
  for (const r of roles) {
    const v = (PERSONAL_FIELDS[field] as PersonalField).byRole[r]
    if (v && RANK[v] > RANK[best]) best = v
  }
  return best
}

/** The value as `visibility` allows it: itself, masked, or undefined. */
export function reveal(field: PersonalFieldKey, value: string, visibility: Visibility): string | undefined {
  if (visibility === 'full') return value
  if (visibility === 'masked') return value ? (PERSONAL_FIELDS[field] as PersonalField).mask(value) : value
  return undefined
}

/** The one of `a` and `b` that shows less. */
export const lesser = (a: Visibility, b: Visibility): Visibility => (RANK[a] <= RANK[b] ? a : b)

/** Whether `a` shows no more than `b`. */
export const atMost = (a: Visibility, b: Visibility) => RANK[a] <= RANK[b]

/**
 * Where each action's output carries a personal field: `path` in the output (`[]` for each element of an array),
 * and `cap` when the action never shows more than that (a list that always masks). Every output key of any
 * contract that names personal data (test/unit/personal-data-outputs.test.ts) must be listed here.
 */
export interface PersonalOutput {
  action: string
  path: string
  field: PersonalFieldKey
  cap?: Visibility
}

export const PERSONAL_OUTPUTS: readonly PersonalOutput[] = [
  { action: 'roster.getPerson', path: 'phone', field: 'personPhone' },
  { action: 'roster.getPerson', path: 'phoneMasked', field: 'personPhone', cap: 'masked' },
  { action: 'roster.getPerson', path: 'idNumberMasked', field: 'idTail' },
  { action: 'roster.listPeople', path: 'people[].phoneMasked', field: 'personPhone', cap: 'masked' },
  { action: 'roster.listHouseholds', path: 'households[].number', field: 'householdAddress' },
  { action: 'roster.listHouseholds', path: 'households[].memberCount', field: 'householdSituation' },
  { action: 'account.myProfile', path: 'memberships[].phoneMasked', field: 'personPhone', cap: 'masked' },
  { action: 'account.myProfile', path: 'memberships[].household.number', field: 'householdAddress' },
  { action: 'requests.get', path: 'residentPhone', field: 'requestPhone' },
  { action: 'requests.get', path: 'residentName', field: 'requestName' },
  { action: 'requests.mine', path: 'requests[].residentName', field: 'requestName' },
  { action: 'requests.villageQueue', path: 'requests[].residentName', field: 'requestName' },
  { action: 'requests.townshipQueue', path: 'requests[].residentName', field: 'requestName', cap: 'masked' },
  { action: 'requests.countyQueue', path: 'requests[].residentName', field: 'requestName', cap: 'masked' },
  { action: 'grid.household', path: 'number', field: 'householdAddress' },
  { action: 'grid.household', path: 'visits[].situation', field: 'householdSituation' },
  { action: 'grid.household', path: 'members[].phone', field: 'personPhone' },
  { action: 'grid.overview', path: 'grids[].members[].households[].number', field: 'householdAddress' },
  { action: 'grid.myHouseholds', path: 'households[].number', field: 'householdAddress' },
  { action: 'grid.overview', path: 'grids[].unlinkedHouseholds[].number', field: 'householdAddress' },
  { action: 'council.households', path: 'households[].number', field: 'householdAddress' },
  { action: 'duty.listLogs', path: 'entries[].visitorName', field: 'dutyVisitorName', cap: 'masked' },
  { action: 'duty.addLog', path: 'entry.visitorName', field: 'dutyVisitorName', cap: 'masked' },
  { action: 'duty.handOverLog', path: 'entry.visitorName', field: 'dutyVisitorName', cap: 'masked' },
  { action: 'duty.closeLog', path: 'entry.visitorName', field: 'dutyVisitorName', cap: 'masked' },
  { action: 'deliberation.listVoters', path: 'voters[].name', field: 'voterName' },
]

/**
 * Excel exports are an output place too (`imports.export`, a workbook in base64 rather than fields): each column that
 * carries a personal field, per roster. The handler leaves a column out where the caller's roles see `none`, masks
 * it where they see `masked`, and refuses to write a personal column that is not listed here.
 */
export interface PersonalExport {
  action: 'imports.export'
  kind: 'party' | 'households' | 'representatives' | 'grids'
  column: string
  field: PersonalFieldKey
}

const exportColumns = (kind: PersonalExport['kind'], columns: [string, PersonalFieldKey][]): PersonalExport[] =>
  columns.map(([column, field]) => ({ action: 'imports.export', kind, column, field }))

export const PERSONAL_EXPORTS: readonly PersonalExport[] = [
  ...exportColumns('party', [
    ['身份证号（后四位）', 'idTail'],
    ['手机号', 'personPhone'],
  ]),
  ...exportColumns('representatives', [
    ['身份证号（后四位）', 'idTail'],
    ['手机号', 'personPhone'],
  ]),
  ...exportColumns('households', [
    ['户号', 'householdAddress'],
    ['户主姓名', 'householdAddress'],
    ['户主身份证号（后四位）', 'idTail'],
    ['手机号', 'personPhone'],
    ['家庭人口', 'householdSituation'],
    ['成年人数', 'householdSituation'],
  ]),
  ...exportColumns('grids', [
    ['网格长身份证号（后四位）', 'idTail'],
    ['联户党员身份证号（后四位）', 'idTail'],
    ['联系户号', 'householdAddress'],
    ['户主姓名', 'householdAddress'],
  ]),
]

/** Output keys that always carry personal data, wherever they appear (the outputs test looks for them). */
export const PERSONAL_KEYS = [
  'phone',
  'phoneMasked',
  'residentPhone',
  'idNumberMasked',
  'residentName',
  'visitorName',
  'situation',
  'number',
] as const
