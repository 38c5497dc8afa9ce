/**
 * `npm run deploy`: makes a CloudBase environment match the repository's declarations — collections and indexes
 * (cloudbase/indexes.json), security rules (cloudbase/database-rules.json), every function with its runtime,
 * memory, timeout and environment (cloudbase/functions.json) and timer triggers (cloudfunctions/<name>/config.json)
 * — through Tencent's management SDK (@cloudbase/manager-node). Prints the plan, then applies it; a second run
 * finds nothing to change and says so. Secrets that do not exist yet are generated and never printed.
 *
 *   npm run deploy                 plan and apply (credentials from the environment, below)
 *   npm run deploy -- --dry-run    print the plan only; without credentials, the plan for an empty environment
 *   npm run deploy -- --local      the local cloud in DATA_DIR (default .data): the plan its start applied
 *   npm run deploy -- --show-setup-code
 *                                  prints the one-time setup code (XZ_SETUP_CODE of the org function), and nothing
 *                                  else, for the deployer to give the first county organiser
 *
 * Credentials, only from the environment: TCB_ENV_ID (the environment id), TENCENTCLOUD_SECRETID and
 * TENCENTCLOUD_SECRETKEY (an API key of a sub-user allowed to manage CloudBase; TENCENTCLOUD_SESSIONTOKEN for a
 * temporary key). README "Deploy to CloudBase" says how to get them.
 */
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { startLocalCloud } from '../local/cloud'
import { dataDirFromEnv } from '../local/cloud/data-dir'
import { functionsOutDir, listFunctionNames } from './build-functions'
import { applyCloudStep, readCloudState, type Manager } from './deploy/cloudbase'
import { readDatabaseDeclarations, readDeclarations } from './deploy/declarations'
import { readLocalState } from './deploy/local'
import { describeStep, formatPlan, plan, type CurrentState, type SecretKind } from './deploy/plan'
import { newSetupCode } from '../local/setup'

const EMPTY: CurrentState = { collections: new Map(), rules: new Map(), functions: new Map() }

async function local(): Promise<void> {
  const dataDir = dataDirFromEnv()
  const cloud = await startLocalCloud({ dataDir })
  try {
    const steps = cloud.deployment.steps
    const collections = steps.filter((st) => st.kind === 'createCollection').length
    const indexes = steps.reduce((n, st) => n + (st.kind === 'createIndexes' ? st.indexes.length : 0), 0)
    console.log(formatPlan(cloud.deployment, `本地云 ${path.relative(process.cwd(), dataDir) || dataDir}`))
    console.log(
      `本地云每次启动都按这份计划建立声明的 ${collections} 个集合和 ${indexes} 个索引（数据保留在 ${dataDir}）。`,
    )
    console.log('本地不执行安全规则（只有云函数经服务端 SDK 访问数据，与云端相同）；云函数由 npm start 构建并加载。')
    // The plan again, against the cloud as it now stands (its data loaded): what a second deploy would change.
    const { collections: declared } = readDatabaseDeclarations()
    const again = plan(
      { collections: declared, rules: {}, functions: [], environment: [] },
      readLocalState(cloud.engine),
      {
        deployerEnv: {},
        newSecret: () => '',
      },
    )
    console.log(formatPlan(again, '再次核对本地云'))
    await cloud.flush()
  } finally {
    await cloud.close()
  }
}

function credentials() {
  const envId = process.env.TCB_ENV_ID
  const secretId = process.env.TENCENTCLOUD_SECRETID
  const secretKey = process.env.TENCENTCLOUD_SECRETKEY
  return envId && secretId && secretKey ? { envId, secretId, secretKey } : undefined
}

function connect(c: { envId: string; secretId: string; secretKey: string }): Manager {
  // Loaded only here: the dry run and the local target need no management SDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const CloudBase = require('@cloudbase/manager-node') as { init(o: Record<string, string | undefined>): Manager }
  return CloudBase.init({ ...c, token: process.env.TENCENTCLOUD_SESSIONTOKEN })
}

/** The setup code only on request, read back from the org function's environment where the deploy put it. */
async function showSetupCode(): Promise<void> {
  const c = credentials()
  if (!c) {
    console.error('缺少凭证：请设置 TCB_ENV_ID、TENCENTCLOUD_SECRETID、TENCENTCLOUD_SECRETKEY。')
    process.exit(2)
  }
  const detail = await connect(c).functions.getFunctionDetail(SETUP_CODE_FUNCTION)
  const code = detail.Environment?.Variables?.find((v) => v.Key === 'XZ_SETUP_CODE')?.Value
  if (!code) {
    console.error(`云函数 ${SETUP_CODE_FUNCTION} 还没有初始化码：先运行 npm run deploy。`)
    process.exit(1)
  }
  console.log(`初始化码：${code}`)
  console.log('请只交给本县第一位县级管理员：在小程序首页点「初始化本县」时填写；初始化完成后此码失效。')
}

const SETUP_CODE_FUNCTION = 'org'

async function cloud(dryRun: boolean): Promise<void> {
  const names = await listFunctionNames()
  const declared = readDeclarations(names)
  const c = credentials()
  const inputs = {
    deployerEnv: process.env,
    newSecret: (kind: SecretKind) => (kind === 'setup-code' ? newSetupCode() : randomBytes(32).toString('base64')),
  }
  if (!c) {
    if (!dryRun) {
      console.error(
        '缺少凭证：请设置 TCB_ENV_ID、TENCENTCLOUD_SECRETID、TENCENTCLOUD_SECRETKEY（见 README「部署到云开发」），或用 --dry-run 查看计划。',
      )
      process.exit(2)
    }
    console.log(formatPlan(plan(declared, EMPTY, inputs), '空的云开发环境（未提供凭证，按空环境计划）'))
    return
  }
  const envId = c.envId
  const manager = connect(c)
  const current = await readCloudState(manager, names)
  const p = plan(declared, current, inputs)
  console.log(formatPlan(p, `云开发环境 ${envId}`))
  if (dryRun || p.steps.length === 0) return
  for (const [i, step] of p.steps.entries()) {
    process.stdout.write(`  (${i + 1}/${p.steps.length}) ${describeStep(step)} … `)
    await applyCloudStep(manager, step, functionsOutDir)
    process.stdout.write('完成\n')
  }
  console.log(`已完成 ${p.steps.length} 项更改。再次运行 npm run deploy 应显示“无需更改”。`)
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const unknown = args.filter((a) => !['--dry-run', '--local', '--show-setup-code'].includes(a))
  if (unknown.length) {
    console.error(`不认识的参数：${unknown.join(' ')}（可用：--dry-run，--local，--show-setup-code）`)
    process.exit(2)
  }
  if (args.includes('--show-setup-code')) await showSetupCode()
  else if (args.includes('--local')) await local()
  else await cloud(args.includes('--dry-run'))
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
