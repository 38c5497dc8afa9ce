/**
 * Bundles every cloud function (cloudfunctions/<name>/index.ts, with the shared contracts and rules it imports)
 * into a self-contained folder dist/cloudfunctions/<name>/ holding index.js and a package.json that depends on
 * wx-server-sdk only — what WeChat DevTools uploads ("上传并部署：云端安装依赖") and what the local server runs.
 * Folders starting with "_" are shared code, not functions.
 */
import { build, type BuildOptions } from 'esbuild'
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

/** esbuild's options for one function's bundle (test/unit/cloud-bundles.test.ts bundles with the same). */
export function bundleOptions(name: string) {
  return {
    entryPoints: [path.join(sourceDir, name, 'index.ts')],
    outfile: path.join(functionsOutDir, name, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node16',
    format: 'cjs',
    external: ['wx-server-sdk'],
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  } satisfies BuildOptions
}

export async function buildFunction(name: string): Promise<number> {
  const outDir = path.join(functionsOutDir, name)
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const result = await build(bundleOptions(name))
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
  return Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0)
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
