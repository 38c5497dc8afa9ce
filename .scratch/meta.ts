import { build } from 'esbuild'
import { bundleOptions } from '../scripts/build-functions'
;(async () => {
  const r = await build({ ...bundleOptions(process.argv[2]), write: false })
  const out = Object.values(r.metafile!.outputs)[0]
  const rows = Object.entries(out.inputs).map(([k, v]) => [k, v.bytesInOutput] as const).sort((a, b) => b[1] - a[1])
  for (const [k, v] of rows.slice(0, 25)) console.log((v / 1024).toFixed(1).padStart(7), k)
})()
