/**
 * The CloudBase target of the planner, through Tencent's own management SDK (@cloudbase/manager-node): reads an
 * environment's collections, indexes, security rules and functions, and applies the plan's steps. Credentials come
 * from the deployer's environment only (see README "Deploy").
 */
import path from 'node:path'
import type { CurrentState, FunctionState, IndexDecl, Step } from './plan'
import { CODE_HASH_PREFIX } from './plan'

/** The part of @cloudbase/manager-node this target uses (the tests pass a fake with the same shape). */
export interface Manager {
  database: {
    listCollections(options?: { MgoLimit?: number; MgoOffset?: number }): Promise<{
      Collections?: { CollectionName: string }[]
      Pager?: { Total: number }
    }>
    describeCollection(name: string): Promise<{
      Indexes?: { Name: string; Unique?: boolean; Key?: { Name: string; Direction: string }[] }[]
    }>
    createCollectionIfNotExists(name: string): Promise<unknown>
    updateCollection(
      name: string,
      info: {
        CreateIndexes: {
          IndexName: string
          MgoKeySchema: { MgoIndexKeys: { Name: string; Direction: string }[]; MgoIsUnique: boolean }
        }[]
      },
    ): Promise<unknown>
  }
  permission: {
    describeResourcePermission(options: {
      resourceType: 'collection'
      resources?: string[]
    }): Promise<{ PermissionList?: { Resource?: string; Permission?: string; SecurityRule?: string }[] }>
    modifyResourcePermission(options: {
      resourceType: 'collection'
      resource: string
      permission: 'CUSTOM'
      securityRule: string
    }): Promise<unknown>
  }
  functions: {
    listFunctions(limit?: number, offset?: number): Promise<Record<string, string>[]>
    getFunctionDetail(name: string): Promise<{
      Runtime: string
      MemorySize: number
      Timeout: number
      Description: string
      Environment?: { Variables?: { Key: string; Value: string }[] }
      Triggers?: { TriggerName: string; Type: string; TriggerDesc: string }[]
    }>
    createFunction(param: { func: Record<string, unknown>; functionRootPath: string; force: boolean }): Promise<unknown>
    updateFunctionCode(param: { func: Record<string, unknown>; functionRootPath: string }): Promise<unknown>
    updateFunctionConfig(func: Record<string, unknown>): Promise<unknown>
    createFunctionTriggers(name: string, triggers: { name: string; type: string; config: string }[]): Promise<unknown>
    deleteFunctionTrigger(name: string, triggerName: string): Promise<unknown>
  }
}

/** CloudBase stores a timer's cron in TriggerDesc as JSON ({"cron":"..."}) or as the bare expression. */
function triggerConfig(desc: string): string {
  try {
    const parsed = JSON.parse(desc) as { cron?: string }
    return parsed.cron ?? desc
  } catch {
    return desc
  }
}

export async function readCloudState(m: Manager, functionNames: string[]): Promise<CurrentState> {
  const names: string[] = []
  for (let offset = 0; ; offset += 100) {
    const page = await m.database.listCollections({ MgoLimit: 100, MgoOffset: offset })
    const got = (page.Collections ?? []).map((c) => c.CollectionName)
    names.push(...got)
    if (got.length < 100) break
  }
  const collections = new Map<string, { indexes: IndexDecl[] }>()
  for (const name of names) {
    const info = await m.database.describeCollection(name)
    collections.set(name, {
      indexes: (info.Indexes ?? []).map((i) => ({
        name: i.Name,
        unique: i.Unique === true,
        fields: (i.Key ?? []).map((k) => ({ path: k.Name, direction: Number(k.Direction) === -1 ? -1 : 1 })),
      })),
    })
  }
  const rules = new Map<string, string | undefined>()
  if (names.length) {
    const perms = await m.permission.describeResourcePermission({ resourceType: 'collection', resources: names })
    for (const p of perms.PermissionList ?? []) {
      if (p.Resource) rules.set(p.Resource, p.Permission === 'CUSTOM' ? p.SecurityRule : undefined)
    }
  }
  const functions = new Map<string, FunctionState>()
  const listed = new Set<string>()
  for (let offset = 0; ; offset += 100) {
    const page = await m.functions.listFunctions(100, offset)
    for (const f of page) listed.add(f.FunctionName ?? '')
    if (page.length < 100) break
  }
  for (const name of functionNames) {
    if (!listed.has(name)) continue
    const d = await m.functions.getFunctionDetail(name)
    functions.set(name, {
      runtime: d.Runtime,
      memorySize: d.MemorySize,
      timeout: d.Timeout,
      description: d.Description ?? '',
      env: Object.fromEntries((d.Environment?.Variables ?? []).map((v) => [v.Key, v.Value])),
      triggers: (d.Triggers ?? []).map((t) => ({
        name: t.TriggerName,
        type: t.Type,
        config: triggerConfig(t.TriggerDesc),
      })),
    })
  }
  // Functions the repository does not declare: only named in the plan's notes.
  for (const name of listed) {
    if (name && !functionNames.includes(name))
      functions.set(name, { runtime: '', memorySize: 0, timeout: 0, description: '', env: {}, triggers: [] })
  }
  return { collections, rules, functions }
}

export async function applyCloudStep(m: Manager, step: Step, functionsDir: string): Promise<void> {
  const root = path.resolve(functionsDir)
  switch (step.kind) {
    case 'createCollection':
      await m.database.createCollectionIfNotExists(step.collection)
      return
    case 'createIndexes':
      await m.database.updateCollection(step.collection, {
        CreateIndexes: step.indexes.map((i) => ({
          IndexName: i.name,
          MgoKeySchema: {
            MgoIndexKeys: i.fields.map((f) => ({ Name: f.path, Direction: String(f.direction) })),
            MgoIsUnique: i.unique,
          },
        })),
      })
      return
    case 'setRule':
      await m.permission.modifyResourcePermission({
        resourceType: 'collection',
        resource: step.collection,
        permission: 'CUSTOM',
        securityRule: step.rule,
      })
      return
    case 'createFunction':
      await m.functions.createFunction({
        func: {
          name: step.fn.name,
          runtime: step.fn.runtime,
          memorySize: step.fn.memorySize,
          timeout: step.fn.timeout,
          description: `${CODE_HASH_PREFIX}${step.fn.codeHash}`,
          envVariables: step.env,
          installDependency: true,
          triggers: step.fn.triggers,
        },
        functionRootPath: root,
        force: false,
      })
      return
    case 'updateCode':
      await m.functions.updateFunctionCode({
        func: { name: step.fn.name, installDependency: true },
        functionRootPath: root,
      })
      await m.functions.updateFunctionConfig({
        name: step.fn.name,
        description: `${CODE_HASH_PREFIX}${step.fn.codeHash}`,
      })
      return
    case 'updateConfig':
      await m.functions.updateFunctionConfig({
        name: step.fn.name,
        timeout: step.fn.timeout,
        memorySize: step.fn.memorySize,
        envVariables: step.env,
      })
      return
    case 'createTriggers':
      await m.functions.createFunctionTriggers(step.fn, step.triggers)
      return
    case 'replaceTrigger':
      await m.functions.deleteFunctionTrigger(step.fn, step.trigger.name)
      await m.functions.createFunctionTriggers(step.fn, [step.trigger])
      return
  }
}
