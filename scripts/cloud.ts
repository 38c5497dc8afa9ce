/**
 * `npm run cloud`: the local CloudBase alone (no H5 build, no functions), on DATA_DIR (default .data) and
 * LOCAL_CLOUD_PORT (default 39881). Prints the endpoint and the KEY=VALUE env lines with which any Node
 * script's own wx-server-sdk talks to it (export them in another shell).
 */
import { formatEnvLines, startLocalCloud } from '../local/cloud'
import { dataDirFromEnv } from '../local/cloud/data-dir'

async function main(): Promise<void> {
  const dataDir = dataDirFromEnv()
  const port = Number(process.env.LOCAL_CLOUD_PORT ?? 39881)
  const host = process.env.HOST ?? '127.0.0.1'
  const cloud = await startLocalCloud({ dataDir, port, host })
  const r = cloud.recovery
  console.log(`local CloudBase: ${cloud.url}`)
  console.log(`  data: ${dataDir}${r ? ` (${r.documents} documents loaded in ${r.millis} ms)` : ''}`)
  console.log('  env for a Node script using its own wx-server-sdk against this local cloud (export these lines):')
  console.log(formatEnvLines(cloud.env))
  console.log('Ctrl-C to stop.')
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping…`)
    cloud.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
