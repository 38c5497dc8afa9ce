/**
 * Every function bundled once, exactly as `npm run build:functions` bundles it, for two checks: the local clock
 * never in a cloud build; each bundle within bench/budgets.json → functions.bundleKB with zod trimmed to zh-CN.
 *
 * The local clock (local/clock.ts: XZ_NOW, POST /api/local/clock) is never in a cloud build: every function is
 * bundled exactly as `npm run build:functions` bundles it (scripts/build-functions.ts, in memory here) and the bundle
 * must hold the runtime's clock module but nothing of local/.
 */
import { build } from 'esbuild'
import path from 'node:path'
import { bundleOptions, listFunctionNames } from '../../scripts/build-functions'
import { functionBundleBudgetKB } from '../../scripts/size'

const ROOT = path.resolve(__dirname, '../..')

let bundles: { name: string; text: string; inputs: string[] }[]

beforeAll(async () => {
  const names = await listFunctionNames()
  bundles = await Promise.all(
    names.map(async (name) => {
      const result = await build({ ...bundleOptions(name), write: false, logLevel: 'silent' })
      return {
        name,
        text: result.outputFiles.map((f) => f.text).join('\n'),
        inputs: Object.keys(result.metafile!.inputs).map((i) => path.relative(ROOT, path.resolve(ROOT, i))),
      }
    }),
  )
}, 120_000)

describe('cloud function bundles', () => {
  it('bundles every function, each with the runtime clock', () => {
    expect(bundles.map((b) => b.name)).toEqual(expect.arrayContaining(['duty', 'meetings', 'requests', 'stars']))
    for (const b of bundles) {
      expect(b.inputs).toContain('cloudfunctions/_lib/clock.ts')
      expect(b.text).toContain('xiangzhi.clock')
    }
  })

  it('no bundle contains the local clock or anything else of local/', () => {
    const leaks = bundles.flatMap((b) => [
      ...b.inputs.filter((i) => i.startsWith('local/')).map((i) => `${b.name}: ${i}`),
      ...['XZ_NOW', '/api/local/clock', 'LocalClock', 'parseDuration']
        .filter((marker) => b.text.includes(marker))
        .map((marker) => `${b.name}: "${marker}"`),
    ])
    expect(leaks).toEqual([])
  })
})

describe('cloud function bundle sizes and zod', () => {
  it('keeps each bundle within the budget', () => {
    const budget = functionBundleBudgetKB() * 1024
    const over = bundles.map((b) => [b.name, b.text] as const).filter(([, code]) => Buffer.byteLength(code) > budget)
    expect(over.map(([name, code]) => `${name}: ${(Buffer.byteLength(code) / 1024).toFixed(1)} KB`)).toEqual([])
  })

  it('carries zod with zh-CN messages only: no other locale, no JSON Schema generator', () => {
    for (const { name, text: code } of bundles) {
      expect({ name, zhCN: code.includes('无效输入') }).toEqual({ name, zhCN: true })
      // the German, Russian and Spanish locales' words for "invalid input"; the JSON Schema generator's own text
      expect({
        name,
        others: /Ungültige Eingabe|Неверный ввод|Entrada inválida|cannot be represented in JSON Schema/.test(code),
      }).toEqual({
        name,
        others: false,
      })
    }
  })

  it('validates input with Chinese messages from the minified bundle', async () => {
    const code = bundles.find((b) => b.name === 'system')!.text
    const mod: { exports: Record<string, unknown> } = { exports: {} }
    // The bundle needs only wx-server-sdk from outside; identity and database are not reached by a bad input.
    const sdk = {
      init: () => undefined,
      database: () => ({}),
      getWXContext: () => ({ OPENID: '' }),
      DYNAMIC_CURRENT_ENV: 'x',
    }
    new Function('module', 'exports', 'require', code)(mod, mod.exports, (id: string) => {
      if (id === 'wx-server-sdk') return sdk
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- Node built-ins the bundle asks for
      return require(id)
    })
    const main = mod.exports.main as (event: unknown) => Promise<{ ok: boolean; error?: { message: string } }>
    const answer = await main({ action: 'nope', data: {} })
    expect(answer.ok).toBe(false)
    expect(answer.error?.message).toMatch(/[\u4e00-\u9fa5]/)
  })
})
