/**
 * Every cloud function's bundle within bench/budgets.json → functions.bundleKB (what a cold start parses), built in
 * memory exactly as `npm run build:functions` builds it; and the zod trimming it relies on keeps zh-CN messages.
 */
import { build } from 'esbuild'
import { bundleOptions, listFunctionNames } from '../../scripts/build-functions'
import { functionBundleBudgetKB } from '../../scripts/size'

const bundles = new Map<string, string>()

beforeAll(async () => {
  for (const name of await listFunctionNames()) {
    const result = await build({ ...bundleOptions(name), write: false, outfile: `${name}.js`, logLevel: 'error' })
    bundles.set(name, result.outputFiles[0]!.text)
  }
}, 120_000)

describe('cloud function bundles', () => {
  it('bundles every function', () => {
    expect([...bundles.keys()]).toEqual(expect.arrayContaining(['duty', 'meetings', 'stars', 'system']))
  })

  it('keeps each bundle within the budget', () => {
    const budget = functionBundleBudgetKB() * 1024
    const over = [...bundles].filter(([, code]) => Buffer.byteLength(code) > budget)
    expect(over.map(([name, code]) => `${name}: ${(Buffer.byteLength(code) / 1024).toFixed(1)} KB`)).toEqual([])
  })

  it('carries zod with zh-CN messages only: no other locale, no JSON Schema generator', () => {
    for (const [name, code] of bundles) {
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
    const code = bundles.get('system')!
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
