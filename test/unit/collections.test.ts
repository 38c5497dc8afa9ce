import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { C, COLLECTIONS } from '../../cloudfunctions/_lib/collections'
import { collectionLiterals, sourceFiles } from '../support/collection-literals'

const ROOT = join(__dirname, '../..')
/** The registry itself, and this test's own examples. */
const ALLOWED = new Set([
  'cloudfunctions/_lib/collections.ts',
  'test/support/collection-literals.fixture.ts',
  'test/unit/collections.test.ts',
])

/**
 * Files that still name collections by string, with how many they may name. The list only shrinks: a file not
 * listed, or one naming more than allowed, fails; so does a listed file that names none any more (drop it).
 * meetings/ and deliberation/ are being reshaped apart (issue 18b), bench/ and the local cloud's tests by their
 * owners, runtime.ts beside the clock work.
 */
const PENDING: Record<string, number> = {
  'bench/harness/bench.ts': 1,
  'bench/run-scale.ts': 3,
  'bench/scenarios/deliberation.ts': 6,
  'bench/scenarios/duty.ts': 8,
  'bench/scenarios/grid.ts': 2,
  'bench/scenarios/index.ts': 5,
  'bench/scenarios/meetings.ts': 7,
  'bench/scenarios/stars.ts': 1,
  'cloudfunctions/_lib/runtime.ts': 1,
  'test/localcloud/aggregate.test.ts': 3,
  'test/localcloud/commands.test.ts': 14,
}

describe('collections registry', () => {
  it('declares exactly the collections and indexes of cloudbase/indexes.json', () => {
    const json = JSON.parse(readFileSync(join(ROOT, 'cloudbase/indexes.json'), 'utf8')) as {
      collections: Record<string, { indexes: unknown[] }>
    }
    const declared = Object.fromEntries(
      Object.entries(COLLECTIONS).map(([name, spec]) => [name, { indexes: spec.indexes }]),
    )
    expect(declared).toEqual(json.collections)
    expect(Object.keys(declared)).toEqual(Object.keys(json.collections))
  })

  it('names each collection by its own key', () => {
    for (const name of Object.keys(COLLECTIONS)) expect(C[name as keyof typeof C]).toBe(name)
  })

  it('is the only place a collection is named by a string literal', () => {
    const files = sourceFiles(ROOT, ['cloudfunctions', 'local/seed', 'bench', 'test']).filter((f) => !ALLOWED.has(f))
    expect(files.length).toBeGreaterThan(100)
    const counts: Record<string, { count: number; first: string }> = {}
    for (const file of files)
      for (const hit of collectionLiterals(ROOT, file)) {
        counts[file] ??= { count: 0, first: `${file}:${hit.line} '${hit.name}'` }
        counts[file].count++
      }
    const offending = Object.entries(counts)
      .filter(([file, { count }]) => count > (PENDING[file] ?? 0))
      .map(
        ([, { count, first }]) => `${first} (${count} in the file; use C.<name> from cloudfunctions/_lib/collections)`,
      )
    expect(offending).toEqual([])
    const stale = Object.keys(PENDING).filter((file) => !counts[file])
    expect(stale).toEqual([])
  })

  it('finds a literal collection name where one is meant, and not a function named like a collection', () => {
    const hits = collectionLiterals(ROOT, 'test/support/collection-literals.fixture.ts').map((h) => h.name)
    expect(hits).toEqual(['people', 'duty_months', 'requests', 'meetings'])
  })
})
