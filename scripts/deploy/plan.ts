/**
 * The deployment planner: what the repository declares (collections, indexes, security rules, functions with their
 * settings, triggers and environment) against what an environment has, as a list of steps. Pure: the CloudBase
 * target (scripts/deploy/cloudbase.ts) and the local one (scripts/deploy/local.ts) read the current state and apply
 * the steps; both take the same plan, so `npm run deploy -- --local` exercises what `npm run deploy` does.
 *
 * Nothing is ever deleted: an index, a collection, a trigger or an environment variable the repository does not
 * declare is left in place and reported. Secret values never appear in a step's description.
 */

export interface IndexDecl {
  name: string
  fields: { path: string; direction: 1 | -1 }[]
  unique: boolean
}

export interface TriggerDecl {
  name: string
  type: string
  config: string
}

export interface FunctionDecl {
  name: string
  runtime: string
  memorySize: number
  timeout: number
  triggers: TriggerDecl[]
  /** sha256 of the built bundle (dist/cloudfunctions/<name>/index.js), stored in the function's description. */
  codeHash: string
}

export type SecretKind = 'base64-32' | 'setup-code'

export interface EnvDecl {
  name: string
  functions: string[]
  /**
   * Generated once when no function has it yet (the same value for every function that takes it): `base64-32` a
   * key of 32 random bytes; `setup-code` the one-time setup code a person types (common/rules/setup-code.ts).
   */
  generate?: SecretKind
  /** Taken from the deployer's environment variable of this name. */
  from?: string
}

export interface Declarations {
  collections: { name: string; indexes: IndexDecl[] }[]
  rules: Record<string, string>
  functions: FunctionDecl[]
  environment: EnvDecl[]
}

export interface FunctionState {
  runtime: string
  memorySize: number
  timeout: number
  description: string
  env: Record<string, string>
  triggers: TriggerDecl[]
}

export interface CurrentState {
  collections: Map<string, { indexes: IndexDecl[] }>
  /** Collection → its security rule as stored (JSON text), undefined when none is set. */
  rules: Map<string, string | undefined>
  functions: Map<string, FunctionState>
}

export type Step =
  | { kind: 'createCollection'; collection: string }
  | { kind: 'createIndexes'; collection: string; indexes: IndexDecl[] }
  | { kind: 'setRule'; collection: string; rule: string }
  | { kind: 'createFunction'; fn: FunctionDecl; env: Record<string, string> }
  | { kind: 'updateCode'; fn: FunctionDecl }
  | { kind: 'updateConfig'; fn: FunctionDecl; env: Record<string, string>; changed: string[] }
  | { kind: 'createTriggers'; fn: string; triggers: TriggerDecl[] }
  | { kind: 'replaceTrigger'; fn: string; trigger: TriggerDecl }

export interface Plan {
  steps: Step[]
  /** Things found that the repository does not declare: left alone, said. */
  notes: string[]
}

export interface PlanInputs {
  /** The deployer's environment (for `from` variables). */
  deployerEnv: Record<string, string | undefined>
  /** Makes a new secret; injected so that tests can see it never reaches a description. */
  newSecret: (kind: SecretKind) => string
}

export const CODE_HASH_PREFIX = 'xz-bundle-sha256:'

const sameIndex = (a: IndexDecl, b: IndexDecl) =>
  a.unique === b.unique &&
  a.fields.length === b.fields.length &&
  a.fields.every((f, i) => f.path === b.fields[i]!.path && f.direction === b.fields[i]!.direction)

const sameTrigger = (a: TriggerDecl, b: TriggerDecl) =>
  a.type === b.type && a.config.trim().replace(/\s+/g, ' ') === b.config.trim().replace(/\s+/g, ' ')

/** The environment each function should end with: its current variables, plus the declared ones. */
function environmentFor(
  fn: string,
  current: Record<string, string>,
  declared: EnvDecl[],
  resolved: Map<string, string | undefined>,
): Record<string, string> {
  const env = { ...current }
  for (const d of declared) {
    if (!d.functions.includes(fn)) continue
    const value = resolved.get(d.name)
    if (value !== undefined) env[d.name] = value
  }
  return env
}

export function plan(declared: Declarations, current: CurrentState, inputs: PlanInputs): Plan {
  const steps: Step[] = []
  const notes: string[] = []

  for (const c of declared.collections) {
    const have = current.collections.get(c.name)
    if (!have) {
      steps.push({ kind: 'createCollection', collection: c.name })
      if (c.indexes.length) steps.push({ kind: 'createIndexes', collection: c.name, indexes: c.indexes })
      continue
    }
    const missing = c.indexes.filter((i) => !have.indexes.some((h) => h.name === i.name && sameIndex(h, i)))
    const clash = missing.filter((i) => have.indexes.some((h) => h.name === i.name))
    for (const i of clash) notes.push(`集合 ${c.name} 的索引 ${i.name} 与声明不同：请在控制台删除后重新部署`)
    const creatable = missing.filter((i) => !clash.includes(i))
    if (creatable.length) steps.push({ kind: 'createIndexes', collection: c.name, indexes: creatable })
    for (const h of have.indexes) {
      if (h.name !== '_id_' && !c.indexes.some((i) => i.name === h.name))
        notes.push(`集合 ${c.name} 有未声明的索引 ${h.name}（保留）`)
    }
  }
  for (const name of current.collections.keys()) {
    if (!declared.collections.some((c) => c.name === name)) notes.push(`环境中有未声明的集合 ${name}（保留）`)
  }

  for (const [collection, rule] of Object.entries(declared.rules)) {
    const have = current.rules.get(collection)
    if (have === undefined || normaliseRule(have) !== normaliseRule(rule)) {
      steps.push({ kind: 'setRule', collection, rule })
    }
  }

  // Secrets: reuse a value any function already has, so that every function shares one key; generate otherwise.
  const resolved = new Map<string, string | undefined>()
  for (const d of declared.environment) {
    const existing = d.functions.map((f) => current.functions.get(f)?.env[d.name]).find((v) => v !== undefined)
    if (d.generate) resolved.set(d.name, existing ?? inputs.newSecret(d.generate))
    else if (d.from) resolved.set(d.name, inputs.deployerEnv[d.from] || existing)
  }

  for (const fn of declared.functions) {
    const have = current.functions.get(fn.name)
    if (!have) {
      steps.push({ kind: 'createFunction', fn, env: environmentFor(fn.name, {}, declared.environment, resolved) })
      continue
    }
    if (have.description !== `${CODE_HASH_PREFIX}${fn.codeHash}`) steps.push({ kind: 'updateCode', fn })
    const env = environmentFor(fn.name, have.env, declared.environment, resolved)
    const changed: string[] = []
    if (have.timeout !== fn.timeout) changed.push(`超时 ${have.timeout} → ${fn.timeout} 秒`)
    if (have.memorySize !== fn.memorySize) changed.push(`内存 ${have.memorySize} → ${fn.memorySize} MB`)
    for (const key of Object.keys(env)) {
      if (have.env[key] === env[key]) continue
      const secret = declared.environment.find((d) => d.name === key)?.generate
      changed.push(
        have.env[key] === undefined
          ? `环境变量 ${key}${secret ? '（新生成的密钥，不显示）' : ''}`
          : `环境变量 ${key} 更新${secret ? '（不显示）' : ''}`,
      )
    }
    if (have.runtime !== fn.runtime)
      notes.push(`云函数 ${fn.name} 的运行时是 ${have.runtime}，声明为 ${fn.runtime}：运行时只能在创建时设定`)
    if (changed.length) steps.push({ kind: 'updateConfig', fn, env, changed })
    const add = fn.triggers.filter((t) => !have.triggers.some((h) => h.name === t.name))
    if (add.length) steps.push({ kind: 'createTriggers', fn: fn.name, triggers: add })
    for (const t of fn.triggers) {
      const h = have.triggers.find((x) => x.name === t.name)
      if (h && !sameTrigger(h, t)) steps.push({ kind: 'replaceTrigger', fn: fn.name, trigger: t })
    }
    for (const h of have.triggers) {
      if (!fn.triggers.some((t) => t.name === h.name))
        notes.push(`云函数 ${fn.name} 有未声明的触发器 ${h.name}（保留）`)
    }
  }
  for (const name of current.functions.keys()) {
    if (!declared.functions.some((f) => f.name === name)) notes.push(`环境中有未声明的云函数 ${name}（保留）`)
  }
  return { steps, notes }
}

function normaliseRule(rule: string): string {
  try {
    return JSON.stringify(JSON.parse(rule))
  } catch {
    return rule.trim()
  }
}

const indexText = (i: IndexDecl) =>
  `${i.name}（${i.fields.map((f) => `${f.path} ${f.direction === 1 ? '升序' : '降序'}`).join('，')}${i.unique ? '，唯一' : ''}）`

/** One line per step, in Chinese, with no secret values. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'createCollection':
      return `新建集合 ${step.collection}`
    case 'createIndexes':
      return `集合 ${step.collection} 新建索引 ${step.indexes.map(indexText).join('、')}`
    case 'setRule':
      return `集合 ${step.collection} 设置安全规则 ${step.rule}`
    case 'createFunction':
      return `新建云函数 ${step.fn.name}（${step.fn.runtime}，${step.fn.memorySize} MB，超时 ${step.fn.timeout} 秒${
        step.fn.triggers.length ? `，定时触发器 ${step.fn.triggers.map((t) => t.name).join('、')}` : ''
      }${Object.keys(step.env).length ? `，环境变量 ${Object.keys(step.env).join('、')}` : ''}）`
    case 'updateCode':
      return `上传云函数 ${step.fn.name} 的新代码（${step.fn.codeHash.slice(0, 12)}）`
    case 'updateConfig':
      return `云函数 ${step.fn.name} 配置：${step.changed.join('，')}`
    case 'createTriggers':
      return `云函数 ${step.fn} 新建触发器 ${step.triggers.map((t) => `${t.name}（${t.config}）`).join('、')}`
    case 'replaceTrigger':
      return `云函数 ${step.fn} 的触发器 ${step.trigger.name} 改为 ${step.trigger.config}`
  }
}

export function formatPlan(p: Plan, target: string): string {
  const lines = [
    p.steps.length ? `${target}：${p.steps.length} 项更改` : `${target}：已与仓库的声明一致，无需更改`,
    ...p.steps.map((s, i) => `  ${String(i + 1).padStart(3)}. ${describeStep(s)}`),
  ]
  if (p.notes.length) lines.push('说明：', ...p.notes.map((n) => `  - ${n}`))
  return lines.join('\n')
}
