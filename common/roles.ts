/**
 * Roles a person can hold, with the words cadres use for them. One person may hold several in one village.
 * `public` is not a role: it marks actions open to any WeChat user, bound to the roster or not.
 */
export const ROLE_LABELS = {
  resident: '村民',
  household_head: '户主',
  party_member: '党员',
  villager_representative: '村民代表',
  grid_leader: '网格长',
  village_committee_member: '村委委员',
  branch_committee_member: '支委委员',
  branch_secretary: '支部书记',
  first_secretary: '驻村第一书记',
  resident_cadre: '驻村干部',
  township_organiser: '乡镇组织委员',
  county_organiser: '县委组织部',
} as const

export type Role = keyof typeof ROLE_LABELS
export const PUBLIC = 'public' as const
export type Access = Role | typeof PUBLIC

export const ALL_ROLES = Object.keys(ROLE_LABELS) as Role[]

/** Village cadres: those who run the village's work (duty, roster, meetings). */
export const VILLAGE_CADRES = [
  'branch_secretary',
  'branch_committee_member',
  'village_committee_member',
  'first_secretary',
  'resident_cadre',
] as const satisfies readonly Role[]

/**
 * How far a role reaches. A village role reaches the village of the membership that holds it; a township
 * organiser the villages of its township (and the township itself); a county organiser the whole county.
 */
export type Level = 'village' | 'township' | 'county'

export const ROLE_LEVEL: Record<Role, Level> = {
  resident: 'village',
  household_head: 'village',
  party_member: 'village',
  villager_representative: 'village',
  grid_leader: 'village',
  village_committee_member: 'village',
  branch_committee_member: 'village',
  branch_secretary: 'village',
  first_secretary: 'village',
  resident_cadre: 'village',
  township_organiser: 'township',
  county_organiser: 'county',
}

export const VILLAGE_ROLES = ALL_ROLES.filter((r) => ROLE_LEVEL[r] === 'village')

/** Those who supervise many villages. */
export const SUPERVISORS = ['township_organiser', 'county_organiser'] as const satisfies readonly Role[]

/** The branch's Party members as the roster marks them (the secretary and committee are members too). */
export const BRANCH_PARTY_MEMBERS = [
  'party_member',
  'branch_secretary',
  'branch_committee_member',
] as const satisfies readonly Role[]

/** Who calls the branch's meetings, keeps their records and approves leave. */
export const BRANCH_ORGANISERS = [
  'branch_secretary',
  'branch_committee_member',
  'first_secretary',
] as const satisfies readonly Role[]

/** Cadres who keep the roster: add people, households and grids, issue invitations. */
export const ROSTER_KEEPERS = [
  'branch_secretary',
  'branch_committee_member',
  'village_committee_member',
  'first_secretary',
] as const satisfies readonly Role[]

/** Party membership standing: full or probationary (预备党员). */
export const PARTY_STANDING_LABELS = { full: '正式党员', probationary: '预备党员' } as const
export type PartyStanding = keyof typeof PARTY_STANDING_LABELS

/**
 * Where a Party member takes part in branch life: at home; working away but still voting in the home branch
 * (在外党员, online); or 流动党员 holding an activity certificate (takes part where they are, no vote there).
 */
export const PARTY_PRESENCE_LABELS = {
  home: '在家',
  away: '在外务工（线上参加）',
  mobile: '流动党员（持活动证在本村参加组织生活，在此无表决权）',
} as const
export type PartyPresence = keyof typeof PARTY_PRESENCE_LABELS
