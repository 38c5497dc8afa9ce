/**
 * docs/exactly-once.md lists every write action (audit: 'write') of common/contracts with how it is made
 * exactly-once, and its T rows (effect and idempotency record in one transaction) are exactly the actions the
 * runtime treats as transactional (cloudfunctions/_lib/exactly-once.ts): a new write action, or one moved to
 * ctx.commit, must be entered there.
 */
import fs from 'node:fs'
import path from 'node:path'
import { contracts } from '../../common/contracts'
import { TRANSACTIONAL_ACTIONS } from '../../cloudfunctions/_lib/exactly-once'

const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/exactly-once.md'), 'utf8')
const rows = [...doc.matchAll(/^\| `([a-z]+\.[A-Za-z]+)` \| (T′|T|D|C|M) \|/gm)].map((m) => ({
  action: m[1]!,
  strategy: m[2]!,
}))

const writeActions = Object.values(contracts).flatMap((c) =>
  Object.entries(c.actions as Record<string, { audit?: string }>)
    .filter(([, a]) => a.audit === 'write')
    .map(([name]) => `${c.name}.${name}`),
)

test('docs/exactly-once.md has one row per write action', () => {
  const listed = rows.map((r) => r.action)
  expect(listed.filter((a, i) => listed.indexOf(a) !== i)).toEqual([])
  expect([...listed].sort()).toEqual([...writeActions].sort())
})

test('its T rows are the actions the runtime treats as transactional', () => {
  const t = rows.filter((r) => r.strategy === 'T').map((r) => r.action)
  expect(t.sort()).toEqual([...TRANSACTIONAL_ACTIONS].sort())
})
