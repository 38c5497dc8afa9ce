/**
 * The deployment planner (scripts/deploy): from the repository's declarations to a CloudBase environment through a
 * fake of the management SDK with the same shape, twice (the second run changes nothing), with secrets generated
 * once, kept, shared and never printed.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { applyCloudStep, readCloudState, type Manager } from '../../scripts/deploy/cloudbase'
import { readDatabaseDeclarations, readDeclarations } from '../../scripts/deploy/declarations'
import { formatPlan, plan, type Declarations, type SecretKind, type Step } from '../../scripts/deploy/plan'

const FUNCTIONS = ['duty', 'meetings', 'org', 'stars', 'system']
const hashes = (): Declarations => {
  // The declarations as the repository has them, with made-up bundle hashes (no build needed).
  return {
    ...readDatabaseDeclarations(),
    functions: FUNCTIONS.map((name) => ({
      name,
      runtime: 'Nodejs16.13',
      memorySize: 256,
      timeout: name === 'stars' ? 20 : 10,
      triggers: name === 'stars' ? [{ name: 'refresh', type: 'timer', config: '0 */5 2-3 * * * *' }] : [],
      codeHash: `hash-${name}-1`,
    })),
    environment: [
      { name: 'XZ_CODE_SECRET', functions: ['duty', 'meetings'], generate: 'base64-32' },
      { name: 'XZ_SETUP_CODE', functions: ['org'], generate: 'setup-code' },
      { name: 'XZ_SUBSCRIBE_TEMPLATES', functions: ['system', 'meetings'], from: 'XZ_SUBSCRIBE_TEMPLATES' },
    ],
  }
}

/** An in-memory CloudBase environment behind the Manager interface; counts every write call. */
function fakeCloud() {
  const collections = new Map<
    string,
    { Name: string; Unique?: boolean; Key: { Name: string; Direction: string }[] }[]
  >()
  const rules = new Map<string, string>()
  const fns = new Map<
    string,
    {
      Runtime: string
      MemorySize: number
      Timeout: number
      Description: string
      Environment: { Variables: { Key: string; Value: string }[] }
      Triggers: { TriggerName: string; Type: string; TriggerDesc: string }[]
    }
  >()
  const writes: string[] = []
  const m: Manager = {
    database: {
      listCollections: async ({ MgoLimit = 100, MgoOffset = 0 } = {}) => ({
        Collections: [...collections.keys()]
          .slice(MgoOffset, MgoOffset + MgoLimit)
          .map((CollectionName) => ({ CollectionName })),
      }),
      describeCollection: async (name) => ({
        Indexes: [{ Name: '_id_', Key: [{ Name: '_id', Direction: '1' }] }, ...collections.get(name)!],
      }),
      createCollectionIfNotExists: async (name) => {
        writes.push(`collection ${name}`)
        if (!collections.has(name)) collections.set(name, [])
      },
      updateCollection: async (name, info) => {
        writes.push(`indexes ${name}`)
        for (const i of info.CreateIndexes)
          collections
            .get(name)!
            .push({ Name: i.IndexName, Unique: i.MgoKeySchema.MgoIsUnique, Key: i.MgoKeySchema.MgoIndexKeys })
      },
    },
    permission: {
      describeResourcePermission: async ({ resources = [] }) => ({
        PermissionList: resources.map((r) => ({
          Resource: r,
          Permission: rules.has(r) ? 'CUSTOM' : 'PRIVATE',
          SecurityRule: rules.get(r),
        })),
      }),
      modifyResourcePermission: async (o) => {
        writes.push(`rule ${o.resource}`)
        rules.set(o.resource, o.securityRule)
      },
    },
    functions: {
      listFunctions: async (limit = 100, offset = 0) =>
        [...fns.keys()].slice(offset, offset + limit).map((FunctionName) => ({ FunctionName })),
      getFunctionDetail: async (name) => fns.get(name)!,
      createFunction: async ({ func }) => {
        writes.push(`create ${func.name}`)
        const env = func.envVariables as Record<string, string>
        fns.set(func.name as string, {
          Runtime: func.runtime as string,
          MemorySize: func.memorySize as number,
          Timeout: func.timeout as number,
          Description: func.description as string,
          Environment: { Variables: Object.entries(env).map(([Key, Value]) => ({ Key, Value })) },
          Triggers: (func.triggers as { name: string; type: string; config: string }[]).map((t) => ({
            TriggerName: t.name,
            Type: t.type,
            TriggerDesc: JSON.stringify({ cron: t.config }),
          })),
        })
      },
      updateFunctionCode: async ({ func }) => void writes.push(`code ${func.name}`),
      updateFunctionConfig: async (func) => {
        writes.push(`config ${func.name}`)
        const f = fns.get(func.name as string)!
        if (func.description) f.Description = func.description as string
        if (func.timeout) f.Timeout = func.timeout as number
        if (func.memorySize) f.MemorySize = func.memorySize as number
        if (func.envVariables)
          f.Environment.Variables = Object.entries(func.envVariables as Record<string, string>).map(([Key, Value]) => ({
            Key,
            Value,
          }))
      },
      createFunctionTriggers: async (name, triggers) => {
        writes.push(`triggers ${name}`)
        for (const t of triggers)
          fns.get(name)!.Triggers.push({ TriggerName: t.name, Type: t.type, TriggerDesc: t.config })
      },
      deleteFunctionTrigger: async (name, trigger) => {
        writes.push(`delete trigger ${name} ${trigger}`)
        const f = fns.get(name)!
        f.Triggers = f.Triggers.filter((t) => t.TriggerName !== trigger)
      },
    },
  }
  return { m, collections, rules, fns, writes }
}

let secrets = 0
const inputs = (env: Record<string, string> = {}) => ({
  deployerEnv: env,
  newSecret: (kind: SecretKind) => (kind === 'setup-code' ? `SETUP-${++secrets}` : `SECRET-${++secrets}-c2VjcmV0`),
})

async function deploy(m: Manager, declared: Declarations, env: Record<string, string> = {}) {
  const p = plan(declared, await readCloudState(m, FUNCTIONS), inputs(env))
  for (const step of p.steps) await applyCloudStep(m, step, '/tmp/functions')
  return p
}

describe('deployment plan against CloudBase', () => {
  it('creates everything declared on an empty environment, then finds nothing to change', async () => {
    const cloud = fakeCloud()
    const declared = hashes()
    const first = await deploy(cloud.m, declared, { XZ_SUBSCRIBE_TEMPLATES: '{"meeting_notice":{}}' })
    expect(cloud.collections.size).toBe(declared.collections.length)
    expect(declared.collections.length).toBeGreaterThan(40)
    for (const c of declared.collections) {
      expect(
        cloud.collections
          .get(c.name)!
          .map((i) => i.Name)
          .sort(),
      ).toEqual(c.indexes.map((i) => i.name).sort())
      expect(cloud.rules.get(c.name)).toBe('{"read":false,"write":false}')
    }
    expect(cloud.fns.get('stars')).toMatchObject({ Timeout: 20, Runtime: 'Nodejs16.13' })
    expect(cloud.fns.get('stars')!.Triggers.map((t) => t.TriggerName)).toEqual(['refresh'])
    const secretOf = (fn: string) =>
      cloud.fns.get(fn)!.Environment.Variables.find((v) => v.Key === 'XZ_CODE_SECRET')?.Value
    expect(secretOf('duty')).toMatch(/^SECRET-/)
    expect(secretOf('meetings')).toBe(secretOf('duty'))
    expect(secretOf('system')).toBeUndefined()
    expect(formatPlan(first, 'x')).not.toContain(secretOf('duty'))
    // The one-time setup code: its own kind of secret, only in the org function, never in the plan either.
    const setupCode = cloud.fns.get('org')!.Environment.Variables.find((v) => v.Key === 'XZ_SETUP_CODE')?.Value
    expect(setupCode).toMatch(/^SETUP-\d+$/)
    expect(cloud.fns.get('duty')!.Environment.Variables.some((v) => v.Key === 'XZ_SETUP_CODE')).toBe(false)
    expect(formatPlan(first, 'x')).not.toContain(setupCode)
    expect(formatPlan(first, 'x')).not.toContain('meeting_notice')

    const writesBefore = cloud.writes.length
    const second = await deploy(cloud.m, declared)
    expect(second.steps).toEqual([])
    expect(cloud.writes.length).toBe(writesBefore)
    expect(formatPlan(second, '环境')).toContain('无需更改')
    // kept: the secret is not regenerated, the templates are kept when the deployer does not set them again
    expect(secretOf('duty')).toBe(secretOf('meetings'))
    expect(cloud.fns.get('system')!.Environment.Variables).toEqual([
      { Key: 'XZ_SUBSCRIBE_TEMPLATES', Value: '{"meeting_notice":{}}' },
    ])
  })

  it('uploads only what changed: one bundle, one timeout, one trigger', async () => {
    const cloud = fakeCloud()
    const declared = hashes()
    await deploy(cloud.m, declared)
    const changed: Declarations = {
      ...declared,
      functions: declared.functions.map((f) =>
        f.name === 'duty'
          ? { ...f, codeHash: 'hash-duty-2' }
          : f.name === 'stars'
            ? { ...f, timeout: 30, triggers: [{ name: 'refresh', type: 'timer', config: '0 */10 2-3 * * * *' }] }
            : f,
      ),
    }
    const p = await deploy(cloud.m, changed)
    expect(
      p.steps.map((s: Step) => `${s.kind} ${'fn' in s ? (typeof s.fn === 'string' ? s.fn : s.fn.name) : ''}`),
    ).toEqual(['updateCode duty', 'updateConfig stars', 'replaceTrigger stars'])
    expect(cloud.fns.get('stars')!.Timeout).toBe(30)
    expect((await deploy(cloud.m, changed)).steps).toEqual([])
  })

  it('keeps what the repository does not declare, and says so', async () => {
    const cloud = fakeCloud()
    cloud.collections.set('old_things', [])
    const p = plan(hashes(), await readCloudState(cloud.m, FUNCTIONS), inputs())
    expect(p.notes).toContain('环境中有未声明的集合 old_things（保留）')
    expect(p.steps.some((s) => 'collection' in s && s.collection === 'old_things')).toBe(false)
  })

  it('reads the real declarations: every built function, its config.json triggers and functions.json settings', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'xz-deploy-'))
    const names = [
      'account',
      'council',
      'deliberation',
      'duty',
      'grid',
      'imports',
      'meetings',
      'org',
      'requests',
      'roster',
      'stars',
      'system',
    ]
    for (const name of names) {
      mkdirSync(path.join(dir, name))
      writeFileSync(path.join(dir, name, 'index.js'), `// ${name}\n`)
    }
    const d = readDeclarations(names, { functionsDir: dir })
    expect(d.functions.find((f) => f.name === 'stars')).toMatchObject({
      timeout: 20,
      triggers: [{ name: 'refresh', type: 'timer' }],
    })
    expect(d.functions.find((f) => f.name === 'meetings')!.triggers.map((t) => t.name)).toEqual(['notify'])
    expect(new Set(d.functions.map((f) => f.codeHash)).size).toBe(names.length)
    expect(d.environment.find((e) => e.name === 'XZ_CODE_SECRET')!.functions).toEqual(['duty', 'meetings'])
    expect(d.functions.find((f) => f.name === 'imports')).toMatchObject({ timeout: 20, memorySize: 512 })
    expect(d.environment.find((e) => e.name === 'XZ_ID_SALT')).toMatchObject({ functions: ['imports'] })
    expect(d.environment.find((e) => e.name === 'XZ_SETUP_CODE')).toMatchObject({
      functions: ['org'],
      generate: 'setup-code',
    })
  })
})

describe('npm run deploy -- --dry-run', () => {
  it('prints the whole plan without credentials and without any secret', () => {
    const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/deploy.ts', '--dry-run'], {
      cwd: path.resolve(__dirname, '../..'),
      encoding: 'utf8',
      env: { ...process.env, TCB_ENV_ID: '', TENCENTCLOUD_SECRETID: '', TENCENTCLOUD_SECRETKEY: '' },
    })
    if (run.status !== 0 && /还没有构建/.test(run.stderr)) return // functions not built in this checkout
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/空的云开发环境.*项更改/)
    expect(run.stdout).toContain('新建集合 villages')
    expect(run.stdout).toContain('新建云函数 stars')
    expect(run.stdout).not.toMatch(/[A-Za-z0-9+/]{40,}={0,2}/)
  })
})
