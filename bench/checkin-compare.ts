/**
 * `npm run bench -- checkin`: duty.checkIn at 50 concurrent users through the local server, this tree against an
 * older commit (default 9b2f769, main before issue 25), in the same run on the same machine, interleaved round by
 * round so that whatever else the machine is doing weighs on both alike.
 *
 * The older commit is copied out with `git archive` into os.tmpdir() (node_modules linked to this tree's), its
 * functions built with its own scripts/build-functions.ts; each build then runs in its own process
 * (bench/checkin-server.ts): the fixed county's duty module, that tree's local server and bundles. ROUNDS rounds
 * (default 6) of 100 check-ins, 50 at a time, alternate between the two; the table gives p50/p95/max of all calls.
 *
 *   CHECKIN_BASE=<commit> CHECKIN_ROUNDS=6 npm run bench -- checkin
 *   CHECKIN_PROFILE=1 …   also profiles each server process over the measured rounds (V8's sampling profiler
 *                         through node:inspector, not the county's generation and load), writes
 *                         bench/results/checkin-<build>.cpuprofile and prints the top self-time frames of each
 *                         and its busy time by where it was spent (SDK, Node's HTTP, local cloud, …)
 */
import { execSync, fork, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..')
const TSX = require.resolve('tsx/cli')
const BASE = process.env.CHECKIN_BASE ?? '9b2f769'
const ROUNDS = Number(process.env.CHECKIN_ROUNDS ?? 6)
const PROFILE = process.env.CHECKIN_PROFILE === '1'
const PORT = Number(process.env.BENCH_PORT ?? 8791)
const RESULTS = path.join(__dirname, 'results')

/** The older commit's tree, built: `git archive` of it, node_modules linked, its own build-functions run. */
function baseTree(commit: string): string {
  const sha = execSync(`git rev-parse --short ${commit}`, { cwd: ROOT, encoding: 'utf8' }).trim()
  // One copy per worktree: its node_modules link points at this tree's (another worktree's may be gone).
  const dir = path.join(os.tmpdir(), `xz-base-${sha}-${path.basename(ROOT)}`)
  if (!existsSync(path.join(dir, 'dist', 'cloudfunctions'))) {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    execSync(`git archive ${sha} | tar -x -C ${JSON.stringify(dir)}`, { cwd: ROOT, shell: '/bin/bash' })
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'))
    build(dir)
  }
  return dir
}

function build(dir: string): void {
  const run = spawnSync(process.execPath, [TSX, path.join(dir, 'scripts', 'build-functions.ts')], {
    cwd: dir,
    stdio: 'ignore',
  })
  if (run.status !== 0) throw new Error(`build-functions failed in ${dir}`)
}

interface Side {
  name: string
  child: ChildProcess
  ms: number[]
  /** Database requests of each call (x-db-round-trips). */
  rt: number[]
  failed: number
  firstError?: string
  profile: string
}

function start(name: string, root: string, port: number): Promise<Side> {
  const profile = path.join(RESULTS, `checkin-${name}.cpuprofile`)
  const child = fork(path.join(__dirname, 'checkin-server.ts'), ['--root', root, '--port', String(port)], {
    cwd: root,
    execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} server exited with ${code}`)))
    child.once('message', () => resolve({ name, child, ms: [], rt: [], failed: 0, profile }))
  })
}

function round(side: Side, n: number): Promise<void> {
  return new Promise((resolve) => {
    side.child.once('message', (m: { ms: number[]; rt: number[]; failed: number; firstError?: string }) => {
      side.ms.push(...m.ms)
      side.rt.push(...m.rt)
      side.failed += m.failed
      side.firstError ??= m.firstError
      resolve()
    })
    side.child.send({ round: n })
  })
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0
}

/** The frames with the most self time in a .cpuprofile (V8's format: nodes with hitCount, samples, timeDeltas). */
export function topSelfFrames(file: string, top = 15): { frame: string; ms: number; share: number }[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
    samples: number[]
    timeDeltas: number[]
  }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000
    const f = byId.get(id)!.callFrame
    const where = f.url
      ? `${f.url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '~/')}:${f.lineNumber + 1}`
      : ''
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim()
    self.set(key, (self.get(key) ?? 0) + dt)
    total += dt
  })
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([frame, ms]) => ({ frame, ms, share: ms / total }))
}

/** Where a frame's code lives, for `busyByGroup` (null: Node's own code or a native, attributed to its caller). */
function groupOf(url: string): string | null {
  if (!url || url.startsWith('node:')) return null
  if (url.includes('@cloudbase/signature-nodejs')) return 'SDK: signing'
  if (/@cloudbase\/|agentkeepalive|wx-server-sdk|node_modules\/clone\//.test(url)) return 'SDK: building requests'
  if (url.includes('node_modules/mingo')) return 'local cloud: mingo'
  if (url.includes('node_modules/bson')) return 'EJSON (bson)'
  if (url.includes('/local/cloud/')) return 'local cloud: own code'
  if (url.includes('/cloudfunctions/')) return 'function bundle'
  if (url.includes('/local/')) return 'local server (functions host, outer HTTP)'
  if (url.includes('/bench/')) return 'bench client'
  return 'other packages'
}

/**
 * Shares of a .cpuprofile's busy time (idle and the profiler's own `dispatch` left out) by where it was spent: each
 * sample goes to the group of the nearest frame on its stack that is not Node's own; a sample with none is Node's
 * HTTP and sockets; Node's code under the SDK or the local cloud is named as such.
 */
export function busyByGroup(file: string): { group: string; share: number }[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[]
    samples: number[]
    timeDeltas: number[]
  }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const spent = new Map<string, number>()
  let busy = 0
  profile.samples.forEach((id, i) => {
    const leaf = byId.get(id)!.callFrame
    if (leaf.functionName === '(idle)' || leaf.functionName === 'dispatch') return
    const dt = profile.timeDeltas[i] ?? 0
    busy += dt
    let group: string | null = null
    if (leaf.functionName === '(garbage collector)') group = 'garbage collection'
    else {
      for (let at: number | undefined = id; at !== undefined && !group; at = parent.get(at))
        group = groupOf(byId.get(at)!.callFrame.url.replace(/^file:\/\//, ''))
      const nodeLeaf = !leaf.url || leaf.url.startsWith('node:')
      if (!group) group = "Node's HTTP and sockets (no other frame)"
      else if (nodeLeaf && group.startsWith('SDK')) group = "Node's HTTP client under the SDK"
      else if (nodeLeaf && group.startsWith('local cloud')) group = "Node's HTTP server under the local cloud"
    }
    spent.set(group, (spent.get(group) ?? 0) + dt)
  })
  return [...spent.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([group, us]) => ({ group, share: us / Math.max(1, busy) }))
}

async function main() {
  mkdirSync(RESULTS, { recursive: true })
  console.log(`building this tree's functions and ${BASE}'s (git archive into ${os.tmpdir()})`)
  build(ROOT)
  const base = baseTree(BASE)
  const sides = await Promise.all([start('before', base, PORT), start('after', ROOT, PORT + 1)])
  if (PROFILE)
    for (const side of sides)
      await new Promise((resolve) => {
        side.child.once('message', resolve)
        side.child.send({ profile: side.profile })
      })
  console.log(
    `load average (1, 5, 15 min) at the start: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')}`,
  )
  console.log(`both servers up; ${ROUNDS} rounds of 100 check-ins, 50 at a time, alternating`)
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? sides : [...sides].reverse()
    for (const side of order) await round(side, r)
    console.log(
      `  round ${r + 1}: ${sides.map((s) => `${s.name} p95 ${pct(s.ms.slice(-100), 95).toFixed(0)} ms`).join(', ')}`,
    )
  }
  for (const side of sides) {
    side.child.send({ stop: true })
    await new Promise((resolve) => side.child.once('exit', resolve))
  }
  const rows = sides.map((s) => ({
    build: s.name === 'before' ? `before (${BASE})` : 'after (this tree)',
    calls: s.ms.length,
    req: s.rt.reduce((a, b) => a + b, 0) / Math.max(1, s.rt.length),
    failed: s.failed,
    p50: pct(s.ms, 50),
    p95: pct(s.ms, 95),
    max: Math.max(...s.ms),
  }))
  console.log('\nduty.checkIn, 50 concurrent users, through the local server (ms):')
  console.log(
    `${'build'.padEnd(24)}${'calls'.padStart(7)}${'req'.padStart(7)}${'failed'.padStart(8)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'max'.padStart(8)}`,
  )
  for (const r of rows)
    console.log(
      `${r.build.padEnd(24)}${String(r.calls).padStart(7)}${r.req.toFixed(1).padStart(7)}${String(r.failed).padStart(8)}${r.p50.toFixed(0).padStart(8)}${r.p95.toFixed(0).padStart(8)}${r.max.toFixed(0).padStart(8)}`,
    )
  console.log(`p95 before / after: ${(rows[0]!.p95 / rows[1]!.p95).toFixed(2)}×`)
  console.log(
    `load average (1, 5, 15 min) at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')}`,
  )
  for (const s of sides) if (s.failed) console.log(`${s.name}: first failure: ${s.firstError}`)
  const profiles: Record<string, unknown> = {}
  if (PROFILE) {
    for (const s of sides) {
      if (!existsSync(s.profile)) continue
      const top = topSelfFrames(s.profile)
      const groups = busyByGroup(s.profile)
      profiles[s.name] = { top, groups }
      console.log(`\n${s.name}: top self time over the measured rounds (server and client share the process)`)
      for (const t of top)
        console.log(`  ${(t.share * 100).toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(7)} ms  ${t.frame}`)
      console.log(`${s.name}: busy time by where it was spent`)
      for (const g of groups) console.log(`  ${(g.share * 100).toFixed(1).padStart(5)}%  ${g.group}`)
    }
  }
  writeFileSync(
    path.join(RESULTS, 'checkin.json'),
    JSON.stringify(
      { writtenAt: new Date().toISOString(), base: BASE, rounds: ROUNDS, loadavg: os.loadavg(), rows, profiles },
      null,
      2,
    ),
  )
  if (rows.some((r) => r.failed)) process.exit(1)
}

// Only when run, not when imported for its profile readers.
if (require.main === module)
  main().catch((error) => {
    console.error(error)
    process.exit(1)
  })
