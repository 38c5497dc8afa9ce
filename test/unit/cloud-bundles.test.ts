/**
 * The local clock (local/clock.ts: XZ_NOW, POST /api/local/clock) is never in a cloud build: every function is
 * bundled exactly as `npm run build:functions` bundles it (scripts/build-functions.ts, in memory here) and the bundle
 * must hold the runtime's clock module but nothing of local/.
 */
import { build } from 'esbuild'
import path from 'node:path'
import { bundleOptions, listFunctionNames } from '../../scripts/build-functions'

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
