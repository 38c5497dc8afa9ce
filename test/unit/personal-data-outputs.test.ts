/**
 * The personal-data table (common/rules/personal-data.ts) must know every place an action returns personal data:
 * this walks the output schema of every action in common/contracts/ and fails on an output key that names
 * personal data (a phone, an ID tail, a resident's or visitor's name, a household number, a family situation) which
 * the table does not list — so a new field is classified before it ships. test/functions/personal-data.test.ts then
 * calls the listed actions as every role.
 */
import type { ActionContract } from '../../common/contract'
import { contracts } from '../../common/contracts'
import { PERSONAL_KEYS, PERSONAL_OUTPUTS } from '../../common/rules/personal-data'

/** Output keys that hold no one's personal data, and why. */
const NOT_PERSONAL: Record<string, string> = {
  'org.villageBoard serviceCentre.phone': '服务中心值班电话，公开',
  'org.getVillage serviceCentre.phone': '服务中心值班电话',
  'duty.board serviceCentre.phone': '服务中心值班电话，公开',
}

type Def = {
  type: string
  shape?: Record<string, unknown>
  element?: unknown
  innerType?: unknown
  options?: unknown[]
  in?: unknown
}
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def

function keys(schema: unknown, prefix: string, out: string[], depth = 0): void {
  if (depth > 12) return
  const def = defOf(schema)
  if (def.type === 'object') {
    for (const [k, v] of Object.entries(def.shape ?? {})) {
      const path = prefix ? `${prefix}.${k}` : k
      if ((PERSONAL_KEYS as readonly string[]).includes(k)) out.push(path)
      keys(v, path, out, depth + 1)
    }
  } else if (def.type === 'array') keys(def.element, `${prefix}[]`, out, depth + 1)
  else if (def.type === 'union') for (const o of def.options ?? []) keys(o, prefix, out, depth + 1)
  else if (def.type === 'pipe') keys(def.in, prefix, out, depth + 1)
  else if (def.innerType) keys(def.innerType, prefix, out, depth + 1)
}

const found = Object.values(contracts).flatMap((fn) =>
  Object.entries(fn.actions as Record<string, ActionContract>).flatMap(([name, action]) => {
    const paths: string[] = []
    keys(action.output, '', paths)
    return paths.map((path) => `${fn.name}.${name} ${path}`)
  }),
)

describe('personal data in action outputs', () => {
  it('finds the personal keys it should (the scan is not vacuous)', () => {
    expect(found).toContain('requests.get residentPhone')
    expect(found).toContain('roster.getPerson idNumberMasked')
  })

  it('lists every output key that names personal data in the table', () => {
    const listed = new Set(PERSONAL_OUTPUTS.map((o) => `${o.action} ${o.path}`))
    expect(found.filter((f) => !listed.has(f) && !NOT_PERSONAL[f])).toEqual([])
  })

  it('keeps no stale exception', () => {
    expect(Object.keys(NOT_PERSONAL).filter((k) => !found.includes(k))).toEqual([])
  })

  it('lists nothing that is not there', () => {
    expect(
      PERSONAL_OUTPUTS.map((o) => `${o.action} ${o.path}`).filter(
        (p) => !found.includes(p) && !/memberCount|\.name$/.test(p),
      ),
    ).toEqual([])
  })
})
