/**
 * Bundles every cloud function (cloudfunctions/<name>/index.ts, with the shared contracts and rules it imports)
 * into a self-contained folder dist/cloudfunctions/<name>/ holding index.js and a package.json that depends on
 * wx-server-sdk only — what WeChat DevTools uploads ("上传并部署：云端安装依赖") and what the local server runs.
 * Folders starting with "_" are shared code, not functions.
 */
import { build, type BuildOptions, type Plugin } from 'esbuild'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import sdkPackage from 'wx-server-sdk/package.json'
import * as days from 'chinese-days'
import { C } from '../cloudfunctions/_lib/collections'

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

/** The first year whose official calendar the functions carry (earlier dates fall back to the weekday rule). */
export const OFFICIAL_CALENDAR_FROM = 2020

/**
 * The two `chinese-days` functions the functions use (common/rules/official-calendar.ts), generated at build time
 * from the package itself for OFFICIAL_CALENDAR_FROM onwards: its one minified file (lunar calendar, solar terms,
 * every year since 2004 — 22.5 KB) cannot be tree-shaken. Per year: the official holidays
 * (`getHolidaysInRange(…, false)`) and the days whose `work` differs from the weekday rule, as MMDD lists.
 * test/unit/official-calendar-bundle.test.ts checks it against the package day by day.
 */
export function officialCalendarModule(): string {
  const holidays: Record<number, string> = {}
  const differs: Record<number, string> = {}
  for (let year = OFFICIAL_CALENDAR_FROM; ; year++) {
    const off = days.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false) as unknown as string[]
    if (!off.length) break
    holidays[year] = off.map((d) => d.slice(5).replace('-', '')).join(',')
    const odd: string[] = []
    for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10)
      const weekday = new Date(t).getUTCDay() % 6 !== 0
      if (days.getDayDetail(date).work !== weekday) odd.push(date.slice(5).replace('-', ''))
    }
    differs[year] = odd.join(',')
  }
  return `const H=${JSON.stringify(holidays)},D=${JSON.stringify(differs)}
const mmdd=(d)=>d.slice(5,7)+d.slice(8,10)
export function getDayDetail(date){const y=Number(date.slice(0,4));const [Y,M,d]=date.split('-').map(Number)
const weekday=new Date(Date.UTC(Y,M-1,d)).getUTCDay()%6!==0;const odd=(D[y]||'').split(',').includes(mmdd(date))
return {date,work:odd?!weekday:weekday}}
export function getHolidaysInRange(start,end,includeWeekends=true){if(includeWeekends)throw new Error('getHolidaysInRange with weekends is not bundled')
const out=[];for(let y=Number(start.slice(0,4));y<=Number(end.slice(0,4));y++)for(const md of (H[y]?H[y].split(','):[])){const d=y+'-'+md.slice(0,2)+'-'+md.slice(2);if(d>=start&&d<=end)out.push(d)}
return out}
`
}

export const officialCalendarForFunctions: Plugin = {
  name: 'official-calendar-for-functions',
  setup(b) {
    b.onResolve({ filter: /^chinese-days$/ }, () => ({ path: 'chinese-days', namespace: 'official-calendar' }))
    b.onLoad({ filter: /.*/, namespace: 'official-calendar' }, () => ({
      contents: officialCalendarModule(),
      loader: 'js',
    }))
  },
}

/** The functions that show or check the settings' explanations (the county's and villages' settings pages). */
export const SETTINGS_TEXT_FUNCTIONS: ReadonlySet<string> = new Set(['org'])

/**
 * common/rules/settings.ts without its texts (each setting's `label`, `group`, `unit`, `help`, and the `source` of each
 * statutory floor: the law's article, quoted), for the functions that only read settings' values (defaults, ranges,
 * floors). The org function, which validates a county's changes and answers with those texts, keeps them.
 */
export const settingsWithoutTexts: Plugin = {
  name: 'settings-without-texts',
  setup(b) {
    b.onLoad({ filter: /[/\\]common[/\\]rules[/\\]settings\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace(
        /\b(label|group|help|source|unit):\s*(`[^`]*`|'[^']*')/g,
        "$1: ''",
      ),
      loader: 'ts',
    }))
  },
}

/**
 * cloudfunctions/_lib/collections.ts as functions use it: the names (`C`) only. Its index declarations are for the
 * console, the local cloud and the tests, never read by a function at run time (~4 KB in every bundle).
 */
export const collectionNamesOnly: Plugin = {
  name: 'collection-names-only',
  setup(b) {
    b.onLoad({ filter: /[/\\]cloudfunctions[/\\]_lib[/\\]collections\.ts$/ }, () => {
      const names = Object.keys(C)
      return {
        contents:
          `export const C = ${JSON.stringify(Object.fromEntries(names.map((n) => [n, n])))}\n` +
          `export const COLLECTIONS = Object.fromEntries(Object.keys(C).map((n) => [n, { indexes: [] }]))\n`,
        loader: 'js',
      }
    })
  },
}

/**
 * read-excel-file ships every module with its own copy of Babel's one-line class and spread helpers (~2.5 KB per
 * error class). Each helper has one definition across the package, so the bundle takes them from one shared module.
 */
const BABEL_HELPER = /^function (_[A-Za-z]+|ownKeys)\(.*\}$/gm
const excelModules = path.join(path.dirname(require.resolve('read-excel-file/package.json')), 'modules')
let excelHelpers: Map<string, string> | undefined
/** Every Babel helper of read-excel-file by name, read once per build of all functions (only imports uses them). */
function babelHelpers(): Map<string, string> {
  if (excelHelpers) return excelHelpers
  const definitions = new Map<string, string>()
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = path.join(dir, f)
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.js') ? [p] : []
    })
  for (const file of walk(excelModules))
    for (const [line, name] of readFileSync(file, 'utf8').matchAll(BABEL_HELPER)) {
      const known = definitions.get(name!)
      if (known && known !== line) throw new Error(`read-excel-file: two definitions of ${name}; cannot share it`)
      definitions.set(name!, line)
    }
  return (excelHelpers = definitions)
}
const babelHelpersOnce: Plugin = {
  name: 'babel-helpers-once',
  setup(b) {
    b.onLoad({ filter: /read-excel-file[\\/]modules[\\/].*\.js$/ }, async (args) => {
      const names: string[] = []
      const body = (await readFile(args.path, 'utf8')).replace(BABEL_HELPER, (_line, name: string) => {
        names.push(name)
        return ''
      })
      if (!names.length) return undefined
      return {
        contents: `import { ${names.join(', ')} } from 'babel-helpers-once'\n${body}`,
        loader: 'js',
        resolveDir: path.dirname(args.path),
      }
    })
    b.onResolve({ filter: /^babel-helpers-once$/ }, () => ({ path: 'babel-helpers-once', namespace: 'babel-helpers' }))
    b.onLoad({ filter: /.*/, namespace: 'babel-helpers' }, () => ({
      contents: [...babelHelpers().values()].map((d) => `export ${d}`).join('\n'),
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
    plugins: [
      zodForFunctions,
      officialCalendarForFunctions,
      collectionNamesOnly,
      babelHelpersOnce,
      ...(SETTINGS_TEXT_FUNCTIONS.has(name) ? [] : [settingsWithoutTexts]),
    ],
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
