import { build, type Plugin } from 'esbuild'
import path from 'node:path'
const zodLocalesOnlyZhCN: Plugin = {
  name: 'zod-locales-zh-cn',
  setup(b) {
    b.onResolve({ filter: /(^zod\/locales$|locales\/index\.js$)/ }, (args) => {
      if (args.path !== 'zod/locales' && !args.importer.includes(`${path.sep}zod${path.sep}`)) return undefined
      return { path: 'zod-locales', namespace: 'zod-locales' }
    })
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
      contents: `export { default as zhCN } from 'zod/v4/locales/zh-CN.js'; export { default as en } from 'zod/v4/locales/en.js'`,
      resolveDir: process.cwd(),
      loader: 'js',
    }))
  },
}
async function main() {
  for (const name of ['system', 'duty', 'stars', 'deliberation']) {
    const r = await build({
      entryPoints: [`cloudfunctions/${name}/index.ts`],
      write: false,
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      external: ['wx-server-sdk'],
      metafile: true,
      minify: true,
      logLevel: 'error',
      plugins: [zodLocalesOnlyZhCN],
    })
    const out = Object.values(r.metafile.outputs)[0]
    let zb = 0
    for (const [file, info] of Object.entries(out.inputs)) if (file.includes('zod')) zb += info.bytesInOutput
    console.log(name, (out.bytes / 1024).toFixed(1), 'zod', (zb / 1024).toFixed(1))
  }
}
main()
