/**
 * Bundles every cloud function (cloudfunctions/<name>/index.ts, with the shared contracts and rules it imports)
 * into a self-contained folder dist/cloudfunctions/<name>/ holding index.js and a package.json that depends on
 * wx-server-sdk only — what WeChat DevTools uploads ("上传并部署：云端安装依赖") and what the local server runs.
 * Folders starting with "_" are shared code, not functions.
 */
import { build, type BuildOptions, type Plugin } from 'esbuild'
import { copyFile, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import sdkPackage from 'wx-server-sdk/package.json'

const root = path.resolve(__dirname, '..')
const sourceDir = path.join(root, 'cloudfunctions')
export const functionsOutDir = path.join(root, 'dist', 'cloudfunctions')

export async function listFunctionNames(): Promise<string[]> {
  const entries = await readdir(sourceDir, { withFileTypes: true })
  const names: string[] = []
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('_')) continue
    const hasEntry = await stat(path.join(sourceDir, entry.name, 'index.ts')).then(
      () => true,
      () => false,
    )
    if (hasEntry) names.push(entry.name)
  }
  return names.sort()
}

/**
 * zod's `z` namespace re-exports every one of its ~48 locales (`z.locales`) and its JSON Schema generator, which no
 * bundler can drop because the namespace is used as an object: about 170 KB of a function's 290 KB of minified
 * zod. The functions validate with zh-CN messages only (common/schema.ts) and never generate JSON Schema (the API
 * docs do that in Node, unbundled), so this resolves zod's locale index and its English default to zh-CN, and its
 * JSON Schema generator to a stub that says it is not bundled.
 */
export const zodForFunctions: Plugin = {
  name: 'zod-for-functions',
  setup(b) {
    const fromZod = (importer: string) => /[/\\]node_modules[/\\]zod[/\\]/.test(importer)
    b.onResolve({ filter: /(^zod\/locales$|[/\\]locales[/\\](index|en)\.js$)/ }, (args) => {
      if (args.path !== 'zod/locales' && !fromZod(args.importer)) return undefined
      return { path: args.path.endsWith('en.js') ? 'en' : 'index', namespace: 'zod-locales' }
    })
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents:
        args.path === 'en'
          ? "export { default } from 'zod/v4/locales/zh-CN.js'\n"
          : "export { default as zhCN } from 'zod/v4/locales/zh-CN.js'\nexport { default as en } from 'zod/v4/locales/zh-CN.js'\n",
      resolveDir: root,
      loader: 'js',
    }))
    b.onResolve({ filter: /[/\\]to-json-schema\.js$/ }, (args) =>
      fromZod(args.importer) ? { path: 'to-json-schema', namespace: 'zod-json-schema' } : undefined,
    )
    b.onLoad({ filter: /.*/, namespace: 'zod-json-schema' }, () => ({
      contents:
        "const no = () => { throw new Error('toJSONSchema is not bundled into cloud functions') }\n" +
        'export class JSONSchemaGenerator { constructor() { no() } }\nexport const toJSONSchema = no\n',
      loader: 'js',
    }))
  },
}

/** How every function is bundled: one minified CommonJS file for CloudBase's Node runtime, the SDK left out. */
export function bundleOptions(name: string): BuildOptions {
  return {
    entryPoints: [path.join(sourceDir, name, 'index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node16',
    format: 'cjs',
    external: ['wx-server-sdk'],
    legalComments: 'none',
    minify: true,
    // Chinese text as UTF-8 (3 bytes a character) instead of \uXXXX escapes (6 bytes).
    charset: 'utf8',
    metafile: true,
    logLevel: 'warning',
    plugins: [zodForFunctions],
  }
}

export async function buildFunction(name: string): Promise<number> {
  const outDir = path.join(functionsOutDir, name)
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const result = await build({ ...bundleOptions(name), outfile: path.join(outDir, 'index.js') })
  const manifest = {
    name,
    version: '1.0.0',
    private: true,
    main: 'index.js',
    dependencies: { 'wx-server-sdk': sdkPackage.version },
  }
  await writeFile(path.join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  // config.json beside the source (openapi permissions, timer triggers) goes with the bundle: DevTools deploys it.
  const config = path.join(sourceDir, name, 'config.json')
  if (
    await stat(config).then(
      () => true,
      () => false,
    )
  )
    await copyFile(config, path.join(outDir, 'config.json'))
  return Object.values(result.metafile!.outputs).reduce((sum, o) => sum + o.bytes, 0)
}

export async function buildAllFunctions({ quiet = false } = {}): Promise<void> {
  for (const name of await listFunctionNames()) {
    const bytes = await buildFunction(name)
    if (!quiet)
      console.log(`cloud function ${name}: dist/cloudfunctions/${name}/index.js ${(bytes / 1024).toFixed(1)} KB`)
  }
}

if (require.main === module) {
  buildAllFunctions().catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
