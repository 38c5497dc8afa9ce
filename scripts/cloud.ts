/**
 * `npm run cloud`: the local CloudBase alone (no H5 build, no functions), on DATA_DIR (default .data) and PORT
 * like `npm start` (LOCAL_CLOUD_PORT is still read when PORT is not set; default 39881). Prints the endpoint, the
 * variable the port came from, and the KEY=VALUE env lines with which any Node script's own wx-server-sdk talks to
 * it (export them in another shell).
 */
import { formatEnvLines, startLocalCloud } from '../local/cloud'
import { dataDirFromEnv } from '../local/cloud/data-dir'

export function portFromEnv(env: NodeJS.ProcessEnv): { port: number; source: string } {
  const [name, raw] =
    env.PORT !== undefined && env.PORT !== ''
      ? ['PORT', env.PORT]
      : env.LOCAL_CLOUD_PORT !== undefined && env.LOCAL_CLOUD_PORT !== ''
        ? ['LOCAL_CLOUD_PORT', env.LOCAL_CLOUD_PORT]
        : ['the default', '39881']
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name}=${raw} is not a port number (0–65535)`)
  return { port, source: name === 'the default' ? 'the default; set PORT to change it' : name }
}

async function main(): Promise<void> {
  const dataDir = dataDirFromEnv()
  const { port, source } = portFromEnv(process.env)
  const host = process.env.HOST ?? '127.0.0.1'
  const cloud = await startLocalCloud({ dataDir, port, host })
  const r = cloud.recovery
  console.log(`local CloudBase: ${cloud.url} (port from ${source})`)
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

if (require.main === module)
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
