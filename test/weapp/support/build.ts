/**
 * Makes sure dist/weapp is a build of the current sources, running `taro build --type weapp` when it is missing
 * or older than any input. Several weapp test files (jest workers) may call this at once: a lock directory
 * makes them build one at a time, and whoever waited re-checks before building again.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '../../..')
export const WEAPP_DIST = path.join(ROOT, 'dist/weapp')

/** Files and folders whose changes change dist/weapp. Test files are left out: they are not bundled. */
const INPUTS = [
  'src',
  'common',
  'config',
  'types',
  'babel.config.js',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
]
const IGNORED = /(^|\/)(node_modules|__tests__|__snapshots__)(\/|$)|\.test\.[jt]sx?$/
/** Written by every build (Taro empties dist/weapp first), so the oldest of them dates the build. */
const OUTPUTS = ['app.js', 'app.json', 'base.wxml', 'utils.wxs', 'comp.wxml']
const BUILD_TIMEOUT_MS = 120_000
const STALE_LOCK_MS = 180_000

function newestMtime(entry: string): number {
  let stat: fs.Stats
  try {
    stat = fs.statSync(entry)
  } catch {
    return 0
  }
  if (!stat.isDirectory()) return IGNORED.test(entry) ? 0 : stat.mtimeMs
  let newest = 0
  for (const name of fs.readdirSync(entry)) {
    const child = path.join(entry, name)
    if (!IGNORED.test(child)) newest = Math.max(newest, newestMtime(child))
  }
  return newest
}

function inputsMtime(): number {
  const envFiles = fs.readdirSync(ROOT).filter((name) => name === '.env' || name.startsWith('.env.'))
  return Math.max(...[...INPUTS, ...envFiles].map((entry) => newestMtime(path.join(ROOT, entry))))
}

/** The time of the last complete build, or 0 when there is none. */
function buildMtime(): number {
  const times = OUTPUTS.map((file) => newestMtime(path.join(WEAPP_DIST, file)))
  return times.includes(0) ? 0 : Math.min(...times)
}

/** Why dist/weapp needs a build, or null when it is up to date. */
export function staleReason(): string | null {
  const built = buildMtime()
  if (!built) return `${path.relative(ROOT, WEAPP_DIST)} is missing or incomplete`
  const changed = inputsMtime()
  return changed > built ? `sources changed after the last build (${new Date(changed).toISOString()})` : null
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function runBuild(): Promise<void> {
  // jest sets NODE_ENV=test; Taro must pick its own (production) mode, as `npx taro build` from a shell does.
  const env: Record<string, string | undefined> = { ...process.env }
  delete env.NODE_ENV
  delete env.BABEL_ENV
  const taro = path.join(ROOT, 'node_modules/.bin/taro')
  return new Promise((resolve, reject) => {
    const child = spawn(taro, ['build', '--type', 'weapp'], {
      cwd: ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000)
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    const timer = setTimeout(() => child.kill('SIGTERM'), BUILD_TIMEOUT_MS)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0 && buildMtime()) resolve()
      else {
        // eslint-disable-next-line no-control-regex
        const plain = output.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').trim()
        reject(new Error(`taro build --type weapp failed (${signal ?? `exit ${code}`}):\n${plain.slice(-4000)}`))
      }
    })
  })
}

const lockDir = path.join(
  os.tmpdir(),
  `xiangzhi-weapp-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`,
)

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      fs.mkdirSync(lockDir)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      try {
        if (Date.now() - fs.statSync(lockDir).mtimeMs > STALE_LOCK_MS)
          fs.rmSync(lockDir, { recursive: true, force: true })
      } catch {
        // released meanwhile
      }
      await sleep(250)
    }
  }
  try {
    return await fn()
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true })
  }
}

/** Builds dist/weapp when it is stale; resolves to the reason it built, or null if it was already current. */
export async function ensureWeappBuild(): Promise<string | null> {
  if (!staleReason()) return null
  return withLock(async () => {
    const reason = staleReason()
    if (reason) await runBuild()
    return reason
  })
}
