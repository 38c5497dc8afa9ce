/**
 * Every action declares its line of the access matrix (roles × scope) next to its schemas; these checks make a
 * declaration that cannot be enforced fail here. test/functions/access-matrix.test.ts then walks each line
 * through the real functions.
 */
import { SCOPES, type ActionContract } from '../../common/contract'
import { contracts } from '../../common/contracts'
import { PUBLIC, ROLE_LEVEL, type Role } from '../../common/roles'
import { z } from '../../common/schema'
import { ACCESS_DOCS_PATH, renderAccessDocs } from '../../scripts/access-docs'

const everyAction = Object.values(contracts).flatMap((fn) =>
  Object.entries(fn.actions as Record<string, ActionContract>).map(([name, action]) => ({ key: `${fn.name}.${name}`, name, action })),
)

function requiredStringField(schema: z.ZodType, field: string): boolean {
  if (!(schema instanceof z.ZodObject)) return false
  const shape = schema.shape as Record<string, z.ZodType>
  const f = shape[field]
  return Boolean(f) && !f!.safeParse(undefined).success && f!.safeParse('abc').success
}

describe('access declarations', () => {
  it.each(everyAction)('$key declares a known scope consistent with its roles', ({ action }) => {
    expect(SCOPES).toContain(action.scope)
    if (action.scope === 'public') expect(action.roles).toEqual([PUBLIC])
    else expect(action.roles).not.toContain(PUBLIC)
    if (action.scope === 'village') expect(requiredStringField(action.input, 'villageId')).toBe(true)
    if (action.scope === 'township') {
      expect(requiredStringField(action.input, 'townshipId')).toBe(true)
      for (const r of action.roles as Role[]) expect(ROLE_LEVEL[r]).not.toBe('village')
    }
    if (action.scope === 'county') for (const r of action.roles as Role[]) expect(ROLE_LEVEL[r]).toBe('county')
  })

  it.each(everyAction.filter((a) => /^(save|create|update|revoke|redeem|remove|delete|set|add|bind|unbind)/.test(a.name)))(
    '$key changes data, so it is audited as a write',
    ({ action }) => {
      expect(action.audit).toBe('write')
    },
  )

  it('has village-scoped actions that residents cannot reach into other villages (sanity of the walk below)', () => {
    expect(everyAction.filter((a) => a.action.scope === 'village').length).toBeGreaterThan(5)
  })
})

describe('what the declarations promise (domain rules §8, issue 4)', () => {
  const RESIDENT_ROLES: Role[] = ['resident', 'household_head', 'villager_representative', 'party_member']
  it('residents and ordinary members reach no roster, settings or other people\'s data', () => {
    const reachable = everyAction.filter((a) => a.action.scope !== 'public' && a.action.scope !== 'self' && RESIDENT_ROLES.some((r) => a.action.roles.includes(r)))
    // Reading the village's own settings (quorums, caps) is all they get at village scope.
    expect(reachable.map((a) => a.key)).toEqual(['org.getVillage', 'org.getSettings'])
  })

  it('public actions return nothing personal (whoami answers the caller\'s own binding only)', () => {
    for (const a of everyAction.filter((x) => x.action.scope === 'public' && x.key !== 'system.whoami')) {
      const json = z.toJSONSchema(a.action.output, { io: 'output', unrepresentable: 'any' }) as { properties?: Record<string, unknown> }
      // The service centre's duty phone is an institution's public number (the public board shows it).
      delete json.properties?.serviceCentre
      const text = JSON.stringify(json)
      expect(text).not.toMatch(/"(phone|idNumber\w*|personId|openid)"/)
    }
  })
})

describe('docs/access.md', () => {
  it('is up to date with the declarations (run `npm run docs:api`)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readFileSync } = require('node:fs') as typeof import('node:fs')
    expect(readFileSync(ACCESS_DOCS_PATH, 'utf8')).toBe(renderAccessDocs())
  })
})
