/**
 * The access matrix, walked through the real functions: every action × every role (and an unbound WeChat user) ×
 * own / other-village-same-township / other-township target, generated from the declarations in
 * common/contracts/. Each expected allow/deny is computed here from the documented meaning of the scopes
 * (docs/access.md), independently of common/rules/access.ts, and compared with what the function answers.
 *
 * A new action fails this test until it has a sample input below — so nothing is added without being walked.
 */
import type { ActionContract, Scope } from '../../common/contract'
import { contracts } from '../../common/contracts'
import type { Envelope } from '../../common/errors'
import { ALL_ROLES, ROLE_LEVEL, type Role } from '../../common/roles'
import type { LocalCloud } from '../../local/cloud'
import { invokeAs } from '../../local/wx-context'
import { startTestCloud } from '../support/local-cloud'
import { openidOf, orgDocs, personIdOf, samplePersonOf, writeDocs } from './org-fixture'

type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>
interface Target {
  villageId: string
  townshipId: string
}
type Relation = 'own' | 'sibling' | 'foreign' | 'county'

/** A valid input per action, for a target village/township. Add one for every new action. */
const SAMPLES: Record<string, (t: Target) => Record<string, unknown>> = {
  'system.ping': () => ({}),
  'system.whoami': () => ({}),
  'account.redeemInvitation': () => ({ code: 'AAAAA-AAAAA' }),
  'account.myProfile': () => ({}),
  'org.publicVillages': () => ({}),
  'org.villageBoard': (t) => ({ villageId: t.villageId }),
  'org.listTownships': () => ({}),
  'org.listVillages': (t) => ({ townshipId: t.townshipId }),
  'org.getVillage': (t) => ({ villageId: t.villageId }),
  'org.updateVillage': (t) => ({ villageId: t.villageId, registeredAdults: 7 }),
  'org.getSettings': (t) => ({ villageId: t.villageId }),
  'org.updateVillageSettings': (t) => ({ villageId: t.villageId, overrides: { councilCarsCap: 8 } }),
  'org.getCountySettings': () => ({}),
  'org.updateCountySettings': () => ({ settings: { deliberationNoticeDays: 4 } }),
  'roster.listPeople': (t) => ({ villageId: t.villageId }),
  'roster.getPerson': (t) => ({ villageId: t.villageId, personId: samplePersonOf(t.villageId) }),
  'roster.savePerson': (t) => ({ villageId: t.villageId, name: '新村民', roles: ['resident'] }),
  'roster.listHouseholds': (t) => ({ villageId: t.villageId }),
  'roster.saveHousehold': (t) => ({ villageId: t.villageId, householdId: `${t.villageId}-h3`, number: '0003', headName: '户主3', memberCount: 3, adultCount: 2 }),
  'roster.listGrids': (t) => ({ villageId: t.villageId }),
  'roster.saveGrid': (t) => ({ villageId: t.villageId, gridId: `${t.villageId}-g2`, name: '第2网格' }),
  'roster.createInvitation': (t) => ({ villageId: t.villageId, personId: personIdOf(t.villageId, 'household_head'), rebind: true }),
  'roster.listInvitations': (t) => ({ villageId: t.villageId }),
  'roster.revokeInvitation': (t) => ({ villageId: t.villageId, invitationId: 'no-such-invitation' }),
  'roster.listAudit': (t) => ({ villageId: t.villageId }),
}

const TARGETS: Record<Exclude<Relation, 'county'>, Target> = {
  own: { villageId: 'v1', townshipId: 't1' },
  sibling: { villageId: 'v2', townshipId: 't1' },
  foreign: { villageId: 'v3', townshipId: 't2' },
}

function relationsFor(scope: Scope): Relation[] {
  if (scope === 'village') return ['own', 'sibling', 'foreign']
  if (scope === 'township') return ['own', 'foreign']
  return ['county']
}

/** The documented rule (docs/access.md), restated independently of the runtime's code. */
function expected(scope: Scope, roles: readonly string[], role: Role | null, relation: Relation): 'allow' | 'UNAUTHENTICATED' | 'FORBIDDEN' {
  if (scope === 'public') return 'allow'
  if (role === null) return 'UNAUTHENTICATED'
  if (!roles.includes(role)) return 'FORBIDDEN'
  const level = ROLE_LEVEL[role]
  if (scope === 'self') return 'allow'
  if (scope === 'county') return level === 'county' ? 'allow' : 'FORBIDDEN'
  if (scope === 'township') return level === 'county' || (level === 'township' && relation === 'own') ? 'allow' : 'FORBIDDEN'
  // village
  if (level === 'county') return 'allow'
  if (level === 'township') return relation !== 'foreign' ? 'allow' : 'FORBIDDEN'
  return relation === 'own' ? 'allow' : 'FORBIDDEN'
}

const actions = Object.values(contracts).flatMap((fn) =>
  Object.entries(fn.actions as Record<string, ActionContract>).map(([name, action]) => ({ fn: fn.name, name, key: `${fn.name}.${name}`, action })),
)

let cloud: LocalCloud
const mains: Record<string, Main> = {}

beforeAll(async () => {
  cloud = await startTestCloud()
  await writeDocs(cloud, orgDocs())
  for (const name of Object.keys(contracts)) mains[name] = (await import(`../../cloudfunctions/${name}`)).main as Main
})
afterAll(() => cloud.close())

describe('access matrix', () => {
  it('has a sample input for every action (add one for a new action)', () => {
    const missing = actions.filter((a) => !SAMPLES[a.key]).map((a) => a.key)
    expect(missing).toEqual([])
    expect(Object.keys(SAMPLES).filter((k) => !actions.some((a) => a.key === k))).toEqual([])
  })

  const callers: (Role | null)[] = [...ALL_ROLES, null]
  let checked = 0
  let allowed = 0

  it.each(actions)('$key: every role × scope answers as declared', async ({ fn, key, action }) => {
    const sample = SAMPLES[key]
    if (!sample) throw new Error(`no sample input for ${key}`)
    const mismatches: string[] = []
    for (const relation of relationsFor(action.scope)) {
      const target = relation === 'county' ? TARGETS.own : TARGETS[relation]
      for (const role of callers) {
        const want = expected(action.scope, action.roles, role, relation)
        const openid = role ? openidOf(role) : 'm-unbound'
        const result = (await invokeAs(mains[fn]!, { action: key.split('.')[1], data: sample(target) }, { openid })) as Envelope<unknown>
        const got = result.ok ? 'allow' : result.error.code
        checked++
        if (want === 'allow') {
          allowed++
          if (got === 'FORBIDDEN' || got === 'UNAUTHENTICATED' || got === 'INVALID_ARGUMENT' || got === 'INTERNAL') {
            mismatches.push(`${role ?? 'unbound'} @${relation}: expected allow, got ${got} ${result.ok ? '' : result.error.message}`)
          }
        } else if (got !== want) {
          mismatches.push(`${role ?? 'unbound'} @${relation}: expected ${want}, got ${got}`)
        }
      }
    }
    expect(mismatches).toEqual([])
  })

  afterAll(() => {
    // The size of the walk, for the record (printed once per run).
    console.log(`access matrix: ${actions.length} actions, ${callers.length} callers, ${checked} calls checked (${allowed} allowed)`)
  })
})
