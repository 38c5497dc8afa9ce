import { readFileSync } from 'node:fs'
import { contracts } from '../../common/contracts'
import { ACCESS_TABLE_PATH, renderAccessTable } from '../../scripts/access-table'
import { ACCESS_TABLE } from '../../src/state/access-table'
import { rolesOf } from '../../src/state/access'

describe('src/state/access-table.ts', () => {
  it('is up to date with the contracts (run `npm run access:table` to regenerate)', () => {
    expect(readFileSync(ACCESS_TABLE_PATH, 'utf8')).toBe(renderAccessTable())
  })

  it('gives every action back its roles and scope exactly', () => {
    for (const fn of Object.values(contracts)) {
      for (const [name, action] of Object.entries(fn.actions)) {
        const entry = ACCESS_TABLE[`${fn.name}.${name}`]!
        expect(entry[0]).toBe(action.scope)
        expect([...rolesOf(entry[1])].sort()).toEqual([...action.roles].sort())
      }
    }
  })
})
