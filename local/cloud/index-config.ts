/**
 * The project's declared CloudBase collections and indexes (cloudbase/indexes.json) — the list a deployer creates
 * in the CloudBase console. Locally a collection exists when it is declared there (or created with
 * db.createCollection, or holds data), and only declared indexes (plus `_id`) are used to answer queries.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface IndexField {
  path: string
  direction: 1 | -1
}

export interface IndexSpec {
  name: string
  fields: IndexField[]
  unique: boolean
}

export interface CollectionSpec {
  name: string
  indexes: IndexSpec[]
}

export const DEFAULT_INDEXES_FILE = path.resolve(__dirname, '../../cloudbase/indexes.json')

const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/

export function loadIndexConfig(file: string = DEFAULT_INDEXES_FILE): Map<string, CollectionSpec> {
  if (!fs.existsSync(file)) return new Map()
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown
  return parseIndexConfig(raw, file)
}

export function parseIndexConfig(raw: unknown, source = 'indexes config'): Map<string, CollectionSpec> {
  const fail = (why: string): never => {
    throw new Error(`${source}: ${why}`)
  }
  const collections = (raw as { collections?: unknown } | null)?.collections
  if (!collections || typeof collections !== 'object' || Array.isArray(collections))
    fail('"collections" must be an object keyed by collection name')
  const out = new Map<string, CollectionSpec>()
  for (const [name, body] of Object.entries(collections as Record<string, unknown>)) {
    if (!NAME.test(name)) fail(`invalid collection name "${name}"`)
    const list = (body as { indexes?: unknown } | null)?.indexes ?? []
    if (!Array.isArray(list)) fail(`collections.${name}.indexes must be an array`)
    const indexes: IndexSpec[] = (list as unknown[]).map((item, i) => {
      const where = `collections.${name}.indexes[${i}]`
      const spec = item as { name?: unknown; fields?: unknown; unique?: unknown }
      if (!spec || typeof spec !== 'object') fail(`${where} must be an object`)
      if (!spec.fields || typeof spec.fields !== 'object' || Array.isArray(spec.fields))
        fail(`${where}.fields must be an object such as { "villageId": 1, "createdAt": -1 }`)
      const fields = Object.entries(spec.fields as Record<string, unknown>).map(([p, d]) => {
        if (d !== 1 && d !== -1) fail(`${where}.fields.${p} must be 1 or -1`)
        if (p === '' || p.startsWith('$')) fail(`${where}: invalid field path "${p}"`)
        return { path: p, direction: d as 1 | -1 }
      })
      if (fields.length === 0) fail(`${where}.fields is empty`)
      return {
        name:
          typeof spec.name === 'string' && spec.name
            ? spec.name
            : fields.map((f) => `${f.path}_${f.direction}`).join('_'),
        fields,
        unique: spec.unique === true,
      }
    })
    out.set(name, { name, indexes })
  }
  return out
}
