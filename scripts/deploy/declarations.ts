/**
 * What the repository declares for a CloudBase environment, read from its files alone: cloudbase/indexes.json
 * (collections and indexes, parsed by the same code the local cloud uses), cloudbase/database-rules.json,
 * cloudbase/functions.json (runtime, memory, timeout, environment) and each function's config.json (timer
 * triggers), with the built bundle's hash (dist/cloudfunctions/<name>/index.js).
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { loadIndexConfig } from '../../local/cloud/index-config'
import type { Declarations, EnvDecl, FunctionDecl, TriggerDecl } from './plan'

export const ROOT = path.resolve(__dirname, '..', '..')

interface FunctionsFile {
  defaults: { runtime: string; memorySize: number; timeout: number }
  functions?: Record<string, Partial<{ runtime: string; memorySize: number; timeout: number }>>
  environment?: Record<string, Omit<EnvDecl, 'name'>>
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T

/** Collections, indexes and security rules: the database part of the declarations. */
export function readDatabaseDeclarations(root = ROOT): Pick<Declarations, 'collections' | 'rules'> {
  const collections = [...loadIndexConfig(path.join(root, 'cloudbase', 'indexes.json')).values()].map((c) => ({
    name: c.name,
    indexes: c.indexes.map((i) => ({ name: i.name, fields: i.fields, unique: i.unique })),
  }))
  const rulesFile = readJson<{ collections: Record<string, unknown> }>(
    path.join(root, 'cloudbase', 'database-rules.json'),
  )
  const rules = Object.fromEntries(Object.entries(rulesFile.collections).map(([n, r]) => [n, JSON.stringify(r)]))
  return { collections, rules }
}

export function readDeclarations(
  functionNames: string[],
  { root = ROOT, functionsDir = path.join(root, 'dist', 'cloudfunctions') } = {},
): Declarations {
  const { collections, rules } = readDatabaseDeclarations(root)
  const settings = readJson<FunctionsFile>(path.join(root, 'cloudbase', 'functions.json'))
  const functions: FunctionDecl[] = functionNames.map((name) => {
    const bundle = path.join(functionsDir, name, 'index.js')
    if (!existsSync(bundle))
      throw new Error(`云函数 ${name} 还没有构建：先运行 npm run build:functions（缺少 ${bundle}）`)
    const configFile = path.join(root, 'cloudfunctions', name, 'config.json')
    const config = existsSync(configFile) ? readJson<{ triggers?: TriggerDecl[] }>(configFile) : {}
    return {
      name,
      ...settings.defaults,
      ...(settings.functions?.[name] ?? {}),
      triggers: (config.triggers ?? []).map((t) => ({ name: t.name, type: t.type, config: t.config })),
      codeHash: createHash('sha256').update(readFileSync(bundle)).digest('hex'),
    }
  })
  for (const name of Object.keys(settings.functions ?? {})) {
    if (!functionNames.includes(name)) throw new Error(`cloudbase/functions.json 写了不存在的云函数 ${name}`)
  }
  const environment = Object.entries(settings.environment ?? {}).map(([name, d]) => {
    for (const f of d.functions) {
      if (!functionNames.includes(f))
        throw new Error(`cloudbase/functions.json：环境变量 ${name} 指向不存在的云函数 ${f}`)
    }
    return { name, ...d }
  })
  return { collections, rules, functions, environment }
}
