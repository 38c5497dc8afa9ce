import { readFileSync } from 'node:fs'
import { contracts } from '../../common/contracts'
import { API_DOCS_PATH, renderApiDocs } from '../../scripts/api-docs'

describe('docs/api.md', () => {
  const rendered = renderApiDocs()

  it('is up to date with the contracts (run `npm run docs:api` to regenerate)', () => {
    expect(readFileSync(API_DOCS_PATH, 'utf8')).toBe(rendered)
  })

  it('documents every action of every function', () => {
    for (const fn of Object.values(contracts)) {
      for (const action of Object.keys(fn.actions)) expect(rendered).toContain(`### \`${fn.name}.${action}\``)
    }
  })
})
